import Foundation
import Testing
import Query

/// A regex whose matches come down to a few texts (its end repetitions cut to their fewest
/// repeats, small classes and alternatives spelled out) is answered by searching those texts
/// in the index: `explain` says how many, and the articles are those whose text the pattern
/// matches, as ICU finds them article by article.
struct RegexTextsTests {
    static let engine = QueryEngine(index: CorpusIndex(articles: seedCorpus.articles))

    /// The number of texts `explain` says the pattern is answered by, or nil.
    static func texts(_ pattern: String) throws -> Int? {
        let plan = try engine.explain("/\(pattern)/")
        guard let r = plan.range(of: #"answered by the \d+ text"#, options: .regularExpression) else { return nil }
        return Int(plan[r].dropFirst("answered by the ".count).prefix { $0.isNumber })
    }

    @Test(arguments: [
        ("[0-9.]+亿元", 11), ("[0-9]+(个|家)", 20), ("党建[0-9]*", 1), ("(党建)+", 1), ("[一二三四]是", 4),
        ("(约|近)[0-9]万", 20), ("[0-9]+万元。", 10), ("(?:社区|村)+党建", 2), ("[0-9]{2}%", 100 as Int?),
        ("亿[0-9]+元", nil), ("\\d+个", nil), ("[0-9]{2,}万元", nil), ("党*", nil), ("x{0}", nil), (".+亿元", nil),
        ("沙市.{0,3}区", nil), ("(党建.?)+引领", nil), ("^沙市", nil),
    ] as [(String, Int?)])
    func patternIsAnsweredByItsTexts(_ pattern: String, _ expected: Int?) throws {
        // ("[0-9]{2}%" spells 100 texts: more than are searched one by one.)
        let count = try Self.texts(pattern), plan = try Self.engine.explain("/\(pattern)/")
        #expect(count == (expected.map { $0 <= 64 ? $0 : nil } ?? nil), "\(pattern): \(plan)")
        let re = try NSRegularExpression(pattern: pattern)
        let byICU = seedCorpus.articles.indices.filter { k in
            let t = seedCorpus.articles[k].text
            return re.firstMatch(in: t, range: NSRange(t.startIndex..., in: t)) != nil
        }
        #expect(try Self.engine.run("/\(pattern)/").articles == byICU, "\(pattern)")
        if pattern == "[0-9.]+亿元" || pattern == "[0-9]+(个|家)" { #expect(!byICU.isEmpty) }
    }
}
