import Foundation
import Testing
import Query

/// Phrases of three or more characters are answered from pair positions alone, never reading
/// the text: each case below is a way that could go wrong, checked against a plain substring
/// test over the same articles.
struct PhraseIndexTests {
    /// Articles built from strings: normalised as corpus text is.
    static let texts = [
        "营商环境持续优化。",            // 0: the phrase
        "优化营商",                      // 1: ends with the phrase's first half …
        "环境保护",                      // 2: … the next article starts with its second half
        "哈哈哈哈哈",                    // 3: overlapping occurrences
        "营商的环境,环境营商。",          // 4: every pair present, never adjacent in order
        "𠀀𠀁营商环境𠀂",                  // 5: characters outside the BMP around the phrase
        "党建引领,党建引领基层治理",       // 6: a phrase twice
        "",                              // 7: empty
        "引领党建",                      // 8
        "基层治理现代化",                 // 9
        "𠀃,党建。𠀃",                    // 10: punctuation beside a character outside the BMP
        // 11: a part between punctuation many times in one article, found occurrence after
        // occurrence from the one before; the last time followed by another mark.
        String(repeating: "党建,引领。基层", count: 40) + "党建,引领!",
    ]
    static let articles = texts.enumerated().map { Snippet.article($0.element, id: "t#\($0.offset)") }
    static let index = CorpusIndex(articles: articles)

    @Test(arguments: [
        "营商环境", "商环境", "营商环", "哈哈哈", "哈哈哈哈哈", "哈哈哈哈哈哈", "优化营商环境", "营商环境保护",
        "党建引领", "党建引领基层", "领党建", "基层治理现代化", "治理现代", "𠀁营商", "环境𠀂", "营商的环境", "的环境,",
        "量子计算机", "持续优化。", "引领,党建",
        "𠀃,党", "𠀃,党建。", ",党建。", "。𠀃", "建。𠀃", "𠀃,", ",𠀃",
        ",引领。基", "引领!", "领。基层党建,引", "层党建,引领!", "建,引领。", "领!",
    ])
    func phraseEqualsSubstringTest(_ phrase: String) {
        let expected = Self.articles.indices.filter { Self.articles[$0].text.contains(phrase) }.map(UInt32.init)
        #expect(Self.index.articles(containing: phrase) == expected, "\(phrase)")
    }

    /// The case that needs the gap between articles: 优化营商 | 环境保护 is not 营商环境.
    @Test func noMatchAcrossArticles() {
        #expect(Self.index.articles(containing: "营商环境") == [0, 5])
        #expect(Self.index.articles(containing: "商环境保") == [])
    }
}

/// Two-character searches read their articles off the pair positions, or, for a pair at least
/// `PairPositions.frequentPair` times in the corpus, from a list kept for it: both ways must
/// agree with a plain substring test, at the edges between articles too.
/// Pairs holding punctuation, a space or a line break are not kept in the positions (a fifth
/// of a Chinese text's pairs): a text holding one is answered from its parts between them and
/// verified — exactly the articles a substring test finds, for windows around every kind of
/// punctuation the seeds print, and for the characters kept (〇 of 二〇二三, 々, digits).
struct PunctuationPairTests {
    static let index = CorpusIndex(articles: seedCorpus.articles)

    /// Windows of two to six characters around each punctuation mark of the seeds (every
    /// fifth), starting up to two characters before it, and a few made by hand: absent
    /// around punctuation, punctuation alone, a line break.
    static let windows: [String] = {
        var out = Set(["营商环境,在", ",党", "。", ",,", "党建,", "\n", "。\n", "量子计算机,", "(记者", "14.9亿元", "95.9%", "二〇二三", "1+4+N"])
        var seen = 0
        for a in seedCorpus.articles {
            let s = Array(a.text.unicodeScalars)
            for i in s.indices where !(s[i].properties.isAlphabetic || s[i].properties.numericType != nil) && s[i] != " " {
                seen += 1
                guard seen % 5 == 0 else { continue }
                for (back, length) in [(0, 2), (1, 2), (1, 3), (2, 4), (2, 6)] where i >= back && i - back + length <= s.count {
                    var v = String.UnicodeScalarView()
                    v.append(contentsOf: s[(i - back)..<(i - back + length)])
                    out.insert(String(v))
                }
            }
        }
        return out.sorted()
    }()

    @Test func windowsCoverThePunctuation() {
        #expect(Self.windows.count > 1000)
        for mark in [",", "。", "、", "(", ")", ":", "\"", "《", "》", "—", "\n"] {
            #expect(Self.windows.contains { $0.contains(mark) }, "\(mark)")
        }
    }

    @Test func everyWindowEqualsSubstringTest() {
        var mismatches: [String] = []
        for w in Self.windows {
            let expected = seedCorpus.articles.indices.filter { seedCorpus.articles[$0].text.contains(w) }.map(UInt32.init)
            if Self.index.articles(containing: w) != expected { mismatches.append(w) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
    }

    @Test func strategyNamesTheParts() throws {
        #expect(Self.index.textStrategy("营商环境,在").contains("parts between punctuation"))
        // The part read is named: the rarer one, where it occurs, or every part's articles
        // when it is too common; none when no part has two characters.
        #expect(Self.index.textStrategy("营商环境,在").contains("occurrences of 营商环境"), "\(Self.index.textStrategy("营商环境,在"))")
        #expect(Self.index.textStrategy("的,的").hasPrefix("no part between punctuation"))
        #expect(Self.index.textStrategy("量子计算机,").contains("never occurs"))
        // A part more common than 4 times an article (26 articles; 社区 occurs 130 times, and
        // nothing follows it here to check its fingerprints against): every part's articles
        // are searched whole instead — with the same answer.
        #expect(Self.index.textStrategy(",社区").contains("texts of the articles holding every part"), "\(Self.index.textStrategy(",社区"))")
        // Followed by a comma, it is checked only where its fingerprints agree with the comma:
        // a sixteenth of the others (4 bits a character on the seeds) and the comma's own.
        let before = try #require(Self.occurrencesChecked("社区,"))
        #expect(before > 0 && before < 40, "\(Self.index.textStrategy("社区,"))")
        let between = try #require(Self.occurrencesChecked("服务,社区"))
        #expect(between <= before, "\(Self.index.textStrategy("服务,社区"))")
        for text in [",社区", "社区,", "服务,社区", "社区,服务"] {
            let expected = seedCorpus.articles.indices.filter { seedCorpus.articles[$0].text.contains(text) }.map(UInt32.init)
            #expect(Self.index.articles(containing: text) == expected, "\(text)")
        }
        #expect(Self.index.textStrategy("营商环境").hasPrefix("pair positions, exact"))
        for kept in ["二〇二三", "14.9亿元", "95.9%", "1+4+N", "2023-06", "1/3"] {
            #expect(Self.index.textStrategy(kept).hasPrefix("pair positions, exact"), "\(kept)")
        }
    }

    /// Without fingerprints (no bits left to carry them) nothing filters a part's occurrences:
    /// in 60 articles each holding 党建 and 工作 eight times (480 occurrences, more than 4 an
    /// article), a text of both parts is searched whole in the articles holding every part's
    /// occurrences — each as a substring test answers it.
    @Test(arguments: ["党建,工作", "工作、党建", "党建,工作。", "党建。"])
    func everyPartTooCommon(_ text: String) {
        let texts = (0..<60).map { k in (k % 3 == 0 ? "党建,工作。" : k % 3 == 1 ? "工作、党建。" : "") + String(repeating: "党建工作", count: 8) }
        let articles = texts.enumerated().map { Snippet.article($0.element, id: "c#\($0.offset)") }
        let index = CorpusIndex(articles: articles, fingerprintBits: 0)
        #expect(index.textStrategy(text).contains("texts of the articles holding every part"), "\(text): \(index.textStrategy(text))")
        let expected = articles.indices.filter { articles[$0].text.contains(text) }.map(UInt32.init)
        #expect(expected.count == 20)
        #expect(index.articles(containing: text) == expected, "\(text)")
    }

    /// How many occurrences of its part `explain` says a text with punctuation is checked at.
    static func occurrencesChecked(_ text: String) -> Int? {
        let s = index.textStrategy(text)
        guard let r = s.range(of: #"at the \d+ occurrences"#, options: .regularExpression) else { return nil }
        return Int(s[r].dropFirst("at the ".count).prefix { $0.isNumber })
    }

    /// What it saves: a text of characters each followed by a comma keeps no positions, one
    /// without the commas keeps one a character.
    @Test func positionsLeaveOutPunctuationPairs() throws {
        func positionBytes(_ text: String) throws -> Int {
            let index = CorpusIndex(articles: [Snippet.article(text, id: "p#0")])
            return try #require(index.sizes.first { $0.part == "pair positions" }?.bytes)
        }
        let withCommas = try positionBytes(String(repeating: "党,建,", count: 1000))
        let without = try positionBytes(String(repeating: "党建", count: 1000))
        #expect(without >= 4 * 1999)
        #expect(withCommas < without / 10, "\(withCommas) bytes with commas, \(without) without")
    }
}

struct PairArticlesTests {
    /// 12,000 articles: 党建 k mod 7 times in article k (≈ 36,000 in all: a frequent pair), 引领
    /// or 工作 first, 基层 last in every eleventh; 建引 and 层引 occur only across two articles.
    static let texts: [String] = (0..<12_000).map { k in
        var t = k % 5 == 0 ? "引领" : "工作"
        t += String(repeating: "党建", count: k % 7)
        if k % 11 == 0 { t += "基层" }
        return t
    }
    static let articles = texts.enumerated().map { Snippet.article($0.element, id: "p#\($0.offset)") }
    static let index = CorpusIndex(articles: articles)

    @Test(arguments: ["党建", "建党", "引领", "领党", "作党", "建基", "层引", "建引", "基层", "建工", "工作", "量子"])
    func pairEqualsSubstringTest(_ pair: String) {
        let expected = Self.articles.indices.filter { Self.articles[$0].text.contains(pair) }.map(UInt32.init)
        #expect(Self.index.articles(containing: pair) == expected, "\(pair)")
    }

    /// Phrases whose rarest pair has more positions than one core probes alone (党建: ≈ 36,000,
    /// past `PairPositions.parallelProbe`) are probed in parts: an article with matches on both
    /// sides of a split is counted once, and the parts' articles join in order.
    @Test(arguments: ["党建党建", "党建党建党建党建", "建党建党建党建党建党建", "工作党建", "党建基层", "引领党建党", "建基层引", "党建党建党建党建党建党建党建"])
    func phraseEqualsSubstringTest(_ phrase: String) {
        let expected = Self.articles.indices.filter { Self.articles[$0].text.contains(phrase) }.map(UInt32.init)
        #expect(Self.index.articles(containing: phrase) == expected, "\(phrase)")
        #expect(!expected.isEmpty || phrase == "建基层引" || phrase == "党建党建党建党建党建党建党建")
    }

    /// The frequent pairs' lists exist on this corpus (else the test above would not reach
    /// them) and not on the small one.
    @Test func frequentPairsAreKept() {
        let kept = { (i: CorpusIndex) in i.sizes.first { $0.part == "frequent pairs' articles" }?.bytes ?? 0 }
        #expect(kept(Self.index) >= 4 * (12_000 / 32))  // 党建's 10,286 articles, as a bitmap
        #expect(kept(PhraseIndexTests.index) <= 8)
    }
}

/// A corpus of more distinct characters than the pair counts are kept for (10,000 Hanzi, past
/// `PairPositions.maxCountedCharacters`) is indexed by sorting instead: the same answers.
struct ManyCharactersTests {
    static let hanzi = (0..<10_000).map { String(Unicode.Scalar(0x4E00 + $0)!) }
    /// Article k holds characters 50k … 50k + 59: each shares ten with the next.
    static let texts: [String] = (0..<200).map { k in (0..<60).map { j in hanzi[(k * 50 + j) % 10_000] }.joined() }
    static let articles = texts.enumerated().map { Snippet.article($0.element, id: "m#\($0.offset)") }
    static let index = CorpusIndex(articles: articles)

    @Test(arguments: [0, 55, 4_990, 9_950, 9_998])
    func phrasesEqualSubstringTest(_ at: Int) {
        for length in [1, 2, 3, 5, 12] {
            let needle = (0..<length).map { Self.hanzi[(at + $0) % 10_000] }.joined()
            let expected = Self.articles.indices.filter { Self.articles[$0].text.contains(needle) }.map(UInt32.init)
            #expect(Self.index.articles(containing: needle) == expected, "\(needle)")
            #expect(!expected.isEmpty, "\(needle) is in no article: the comparison proves little")
        }
        let absent = Self.hanzi[at] + Self.hanzi[(at + 2) % 10_000]
        #expect(Self.index.articles(containing: absent).isEmpty)
    }
}

/// A position's article is found from the first article of its block of 4,096 positions
/// (`ArticleLocator`): articles of lengths around that block, one shorter and one longer, an
/// empty one, and one spanning several blocks, each starting and ending with a searched pair —
/// so that matches fall on the first and last positions of articles and of blocks.
struct ArticleLocatorTests {
    static let lengths = [4_094, 0, 4_095, 4_096, 1, 4_097, 12_300, 3, 8_191, 8_192, 2]
    static let texts: [String] = lengths.enumerated().map { k, n in
        // 工作 fills the body; 党建 and 基层 mark the article's edges (every second one).
        let body = String(repeating: "工作", count: n / 2) + (n % 2 == 1 ? "工" : "")
        // 甲乙丙 ends the first article and the tenth only: the walk from one to the other
        // passes more articles than it steps over, and asks the block table.
        let marker = k == 0 || k == 9 ? "甲乙丙" : ""
        return (k % 2 == 0 ? "党建" + body + "基层" : body) + marker
    }
    static let articles = texts.enumerated().map { Snippet.article($0.element, id: "b#\($0.offset)") }
    static let index = CorpusIndex(articles: articles)

    @Test(arguments: ["党建", "基层", "工作", "作工", "建工", "作基", "党建工作", "工作基层", "层党", "基层党建", "工作工作工作", "甲乙丙", "乙丙", "层甲乙"])
    func blockEdgesTest(_ needle: String) {
        let expected = Self.articles.indices.filter { Self.articles[$0].text.contains(needle) }.map(UInt32.init)
        #expect(Self.index.articles(containing: needle) == expected, "\(needle)")
    }
}

/// A phrase's overlapping pairs, beyond those covering it, are tried on a sample of the
/// candidates and passed over when they filter nothing; a covering pair is always probed, even
/// when the sample would have kept every candidate.
struct SampledPairTests {
    /// 3,000 articles: 甲乙丙丁 in the first 600, 甲乙丙戊 in the rest, which also hold 丙丁
    /// twice (so that 甲乙, 3,000 times, is the rarest pair, 丙丁 covering the end) and 乙丙 once
    /// more in a third of them (so that 乙丙 is not tied with 甲乙).
    static let texts: [String] = (0..<3000).map { k in
        k < 600 ? "甲乙丙丁。" : "甲乙丙戊,丙丁丙丁" + (k % 3 == 0 ? ",乙丙" : "")
    }
    static let articles = texts.enumerated().map { Snippet.article($0.element, id: "p#\($0.offset)") }
    static let index = CorpusIndex(articles: articles)

    @Test(arguments: ["甲乙丙丁", "甲乙丙戊", "乙丙丁", "甲乙丙", "丙丁丙丁", "甲乙丙丁。"])
    func phraseEqualsSubstringTest(_ phrase: String) {
        let expected = Self.articles.indices.filter { Self.articles[$0].text.contains(phrase) }.map(UInt32.init)
        #expect(Self.index.articles(containing: phrase) == expected, "\(phrase)")
        #expect(!expected.isEmpty)
    }
}

/// A corpus loaded from files: the loader gathers the characters present as it goes, and the
/// pair positions are built on them (`CorpusIndex(corpus:)`) — every pair of every text must
/// still be found, the rare characters' (one file each, one of them full-width and folded)
/// as much as the common ones, and exactly as an index that finds the characters itself.
struct LoadedCorpusPairTests {
    static let corpus: Corpus = {
        let dir = temporaryFolder("LoadedCorpusPairTests")
        let rare = ["龘", "靐", "齉", "ＡＢ", "𠀀"]  // one file each; ＡＢ folds to AB
        for (k, r) in rare.enumerated() {
            let page = "本报讯(记者王五)营商环境\(r)持续优化,\(r)党建引领。\n第二段讲到\(r)\(r)基层治理。\n"
            write(Array(page.utf8), to: dir.appendingPathComponent("p\(k).txt"))
        }
        defer { try? FileManager.default.removeItem(at: dir) }  // the corpus keeps no file bytes
        return try! CorpusLoader.load(dir.path)
    }()
    static let loaded = CorpusIndex(corpus: corpus)
    static let scanned = CorpusIndex(articles: corpus.articles)

    @Test func charactersGathered() throws {
        let bits = try #require(Self.corpus.characters)
        for a in Self.corpus.articles {
            for u in a.text.unicodeScalars where u.value < 0x10000 {
                #expect(bits[Int(u.value >> 6)] & (1 << UInt64(u.value & 63)) != 0, "\(u)")
            }
        }
    }

    @Test(arguments: ["龘持", "环境龘", "龘龘基", "靐党建", "齉齉", "环境AB", "AB持续", "B持", "营商环境", "党建引领", "基层治理", "𠀀持"])
    func phraseFoundAsTheTextHasIt(_ phrase: String) {
        let expected = Self.corpus.articles.indices.filter { Self.corpus.articles[$0].text.contains(phrase) }.map(UInt32.init)
        #expect(!expected.isEmpty || phrase.unicodeScalars.contains { $0.value >= 0x10000 }, "\(phrase) should occur")
        #expect(Self.loaded.articles(containing: phrase) == expected, "\(phrase)")
        #expect(Self.scanned.articles(containing: phrase) == expected, "\(phrase)")
    }
}
