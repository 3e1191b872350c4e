import Foundation
import Testing
import Query

/// Every query must equal a brute-force evaluation: generated queries, run by the indexed
/// `Executor` and by `NaiveEvaluator`, on the seeds and on a generated corpus.
struct DifferentialTests {
    struct Generator {
        var state: UInt64
        let words: [String]
        let regions: [String]
        let authors: [String]
        var punctuated: [String] = []

        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        mutating func pick<T>(_ xs: [T]) -> T { xs[Int(next() % UInt64(xs.count))] }

        mutating func term() -> String {
            switch next() % 12 {
            case 0, 1, 2, 3: return pick(words)
            case 4: return "\"" + pick(words + punctuated) + "\""
            case 5: return "region:" + pick(regions)
            case 6: return "author:" + pick(authors)
            case 7: return "figure:" + pick([">=1亿元", "<100个", "10..500家", ">=95%", "1万元..", "..50%", ">3000万元", "=100%"])
            // Each path of RegexVerifier: paragraph windows (no line feed possible), byte
            // windows with a whole-text fallback (matches longer than a window, across
            // paragraphs), and whole text (anchors, lookaround, no literal, risky shapes); and
            // the automaton at the literal's occurrences only.
            case 8: return pick(["/[0-9.]+亿元/", "/党[建委]/", "/沙市.{0,3}区/", "/[一二三四]是/",
                                 "/发展.{0,300}群众/", "/群众[\\s\\S]{0,400}发展/", "/亿元[^。]*。/",
                                 "/^[^,]{0,6}沙市/", "/(?<=全市)[0-9]+个/", "/(社区|村).{0,40}党建/", "/(党建.?)+引领/",
                                 // Read only at the literal's occurrences (`LocatedRegex`).
                                 "/[0-9]+万元/", "/[0-9.]+(个|家)企业/", "/(约|近)[0-9.]+万/", "/党建[0-9]*/",
                                 // A literal with punctuation, whose pairs have no positions.
                                 "/[0-9]+万元。/", "/[0-9.]+%,/"])
            case 9: return "near(\(pick(words)), \(pick(words)), \(next() % 20))"
            case 10: return pick(["unit:个", "unit:元", "date:2022..2023-06", "title:" + pick(words), "doc:00" + String(next() % 5)])
            default: return pick(words)
            }
        }

        mutating func query(_ depth: Int = 0) -> String {
            let n = 1 + Int(next() % 3)
            var parts: [String] = []
            for _ in 0..<n {
                var t = depth < 3 && next() % 4 == 0 ? "(" + query(depth + 1) + ")" : term()
                if next() % 5 == 0 { t = (next() % 2 == 0 ? "not " : "-") + t }
                parts.append(t)
            }
            return parts.joined(separator: pick([" ", " and ", " or "]))
        }
    }

    static func vocabulary(_ articles: [Article]) -> [String] {
        // Common pairs and some absent ones, from the texts themselves.
        var words = ["党建", "营商环境", "沙市", "共同缔造", "社区", "发展", "量子计算机", "二十大", "荆州", "公安", "群众", "亿元", "2023", "我们的党建",
                     "党", "沙", "。", "𠀀"]  // one character: the unigram postings
        for a in articles.prefix(40) {
            let s = Array(a.text.unicodeScalars)
            if s.count > 10, s[5..<8].allSatisfy({ CharacterFolding.isHan($0.value) }) {
                var v = String.UnicodeScalarView()
                v.append(contentsOf: s[5..<8])
                words.append(String(v))
            }
        }
        return words
    }

    /// Texts around the first punctuation marks of the first articles (pairs without
    /// positions), searched in quotes.
    static func punctuated(_ articles: [Article]) -> [String] {
        var out: [String] = []
        for a in articles.prefix(40) {
            let s = Array(a.text.unicodeScalars)
            for i in s.indices.filter({ [",", "。", "、", "(", ":"].contains(s[$0]) }).prefix(2) where i >= 2 && i + 2 <= s.count {
                var v = String.UnicodeScalarView()
                v.append(contentsOf: s[(i - 2)..<(i + 2)])
                if !v.contains(where: { $0 == "\"" || $0 == "\n" || $0 == "\\" }) { out.append(String(v)) }
            }
        }
        return out
    }

    func check(_ articles: [Article], seed: UInt64, count: Int) throws {
        let engine = QueryEngine(index: CorpusIndex(articles: articles))
        let naive = NaiveEvaluator(articles: articles)
        var g = Generator(
            state: seed, words: Self.vocabulary(articles),
            regions: ["沙市区", "沙市", "荆州市", "湖北省", "松滋市", "东苑社区", "公安县", "湖南省", "火星"],
            authors: ["通讯员", "记者", "刘江林", "编辑", "摄影", "作者", "新华社"], punctuated: Self.punctuated(articles))
        var nonEmpty = 0
        for _ in 0..<count {
            let q = g.query()
            let (pipeline, _, _, _) = try engine.compile(q)
            let fast = engine.execute(pipeline).articles.map(UInt32.init)
            let slow = naive.evaluate(pipeline.filter)
            #expect(fast == slow, "query: \(q)")
            if !slow.isEmpty { nonEmpty += 1 }
        }
        // The generator must exercise real matches, not only empty results.
        #expect(nonEmpty > count / 5)
    }

    @Test func seeds() throws {
        try check(seedCorpus.articles, seed: 42, count: 2000)
    }

    /// A generated corpus: the seeds' lines shuffled into new pages, so articles, regions and
    /// figures combine in ways the seeds do not. Large enough that candidate verification runs
    /// on several cores (`ParallelFilter`).
    @Test func generatedCorpus() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var lines: [String] = []
        for d in seedCorpus.documents {
            lines += seedText(d.name).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        var state: UInt64 = 7
        for page in 0..<80 {
            var out: [String] = []
            for _ in 0..<80 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                out.append(lines[Int(state >> 33) % lines.count])
            }
            try out.joined(separator: "\n").write(to: dir.appendingPathComponent("page\(page).txt"), atomically: true, encoding: .utf8)
        }
        let corpus = try CorpusLoader.load(dir.path)
        #expect(corpus.articles.count > ParallelFilter.serialLimit)
        try check(corpus.articles, seed: 99, count: 1000)
    }
}
