import Foundation
import Testing
import Query

/// Regular expressions are verified through ICU's C API on UTF-8 text transcoded by hand
/// (`ICUPattern`), not through `NSRegularExpression`: the verdict must be the one
/// `NSRegularExpression` gives on the whole text, for every kind of character the transcoder
/// handles (one to four UTF-8 bytes, surrogate pairs) and every path of the verifier.
struct RegexMatchingTests {
    static let texts = [
        "投资14.9亿元,新建1.5万个。",           // 0: the figure
        "é café naïve 1亿元",                   // 1: two-byte characters before a match
        "𠀀𠀁营商环境𠀂 12个",                    // 2: characters outside the BMP
        "数亿元。\n第二段 3亿元",                  // 3: a match only in the second paragraph
        "aaaaaaaaaaaaaaaaab",                   // 4: backtracking
        "",                                     // 5: empty
        "Ω≈ç√ 中文 ok",                          // 6: mixed widths
        "沙市区\n党建引领,群众满意",               // 7
    ]
    static let articles = texts.enumerated().map { Snippet.article($0.element, id: "r#\($0.offset)") }
    static let engine = QueryEngine(index: CorpusIndex(articles: articles))

    @Test(arguments: [
        "[0-9.]+亿元", "𠀁.营", "[𠀀-𠀂]+营商", "环境.\\s1", ".{2}营商", "é\\s", "naïve.1", "caf.", "√.中",
        "(a+)+b", "a{17}b", "^数", "段\\s[0-9]亿", "亿元$", "沙市.{0,3}区", "(?s)沙市.+群众", "(?<=党建)引领",
        "[^ ]+ ok", "\\p{Han}{4}", "Ω", "x?", "量子",
    ])
    func verdictEqualsFoundation(_ pattern: String) throws {
        let re = try NSRegularExpression(pattern: pattern)
        let expected = Self.articles.indices.filter { k in
            let t = Self.articles[k].text
            return re.firstMatch(in: t, range: NSRange(t.startIndex..., in: t)) != nil
        }
        let r = try Self.engine.run("/\(pattern)/ | limit 0")
        let got = try Self.engine.run("/\(pattern)/ | limit 100").articles
        #expect(got == expected, "\(pattern)")
        #expect(r.total == expected.count, "\(pattern)")
    }
}
