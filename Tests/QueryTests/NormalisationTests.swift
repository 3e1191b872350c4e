import Foundation
import Testing
import Query

/// Normalisation on the real seeds: what PDF extraction broke must be searchable again, and
/// nothing that was a real paragraph end may be glued.
struct NormalisationTests {
    /// (searched text, the article that must contain it)
    static let repairs: [(String, String)] = [
        ("凝聚力量", "000_97037fa0fdbe9769#1"),        // "凝聚力 量": a space inside a word
        ("目标定位", "001_9c4cd6e42bf9b79e#1"),        // "目标定\n\n位": a word across a blank line
        ("李程云", "001_9c4cd6e42bf9b79e#2"),          // a name across a blank line
        ("深入学习贯彻党的二十大精神", "001_9c4cd6e42bf9b79e#1"),
        ("打造完整社区新样板", "001_9c4cd6e42bf9b79e#7"),
        ("清水塘社区党委书记汤国清", "003_10503e775b80d64b#1"),
        ("坚持把发展经济的着力点放在实体经济上", "003_10503e775b80d64b#2"),  // across an interleaved article
        ("凝聚建设江汉平原高质量发展示范区的强大合力", "000_97037fa0fdbe9769#4"),
        ("规上工业企业180家以上", "000_97037fa0fdbe9769#4"),   // "180 家": digits and Hanzi
        ("(2022-2024年)", "000_97037fa0fdbe9769#4"),
        ("区委编办荣获二等奖", "001_9c4cd6e42bf9b79e#1"),
    ]

    @Test(arguments: repairs)
    func brokenTextIsSearchable(_ needle: String, _ id: String) throws {
        let a = try #require(seedCorpus.articles.first { $0.id == id })
        #expect(a.text.contains(needle), "\(id) lacks \(needle)")
    }

    /// Real paragraph ends stay: each pair must be in one article, on two separate lines.
    static let paragraphEnds: [(String, String, String)] = [
        ("000_97037fa0fdbe9769#1", "全面的把握。", "向难求成"),
        ("001_9c4cd6e42bf9b79e#2", "谢清到会指导。", "区委副书记、区委政法委书记李程云"),
        ("004_009765f329aaeaa3#1", "增强战斗力", "中国共产党101年的光辉历程"),   // a numbered heading
        ("001_9c4cd6e42bf9b79e#7", "推进完整社区建设", "打造沙市新样板"),
    ]

    @Test(arguments: paragraphEnds)
    func paragraphEndsAreKept(_ id: String, _ end: String, _ next: String) throws {
        let a = try #require(seedCorpus.articles.first { $0.id == id })
        #expect(a.text.contains(end + "\n" + next), "\(id): '\(end)' and '\(next)' should be separate paragraphs")
    }

    static let folds: [(String, String)] = [
        ("（作者系）", "(作者系)"),
        ("：，；１２３ＡＢ", ":,;123AB"),
        ("“共同缔造”", "\"共同缔造\""),
        ("凝聚力\u{3000}量", "凝聚力 量"),
        ("零\u{200B}宽", "零宽"),
        // Either side of the range that folds to itself without a test (U+3100–U+FDFF).
        ("ア・イ", "ア·イ"), ("一\u{FE50}二\u{FE52}", "一,二."), ("\u{FEFF}〇ㄅ龥\u{FDFA}", "〇ㄅ龥\u{FDFA}"),
        ("\u{30FF}\u{3100}\u{FDFF}\u{FE00}", "\u{30FF}\u{3100}\u{FDFF}\u{FE00}"),
    ]

    /// Article texts are written as UTF-8 from their scalars, four bytes a step while four
    /// are free and byte by byte at the end: every length of encoding, at the end of a text and
    /// before it, comes back as written.
    static let encodings = ["a", "é", "中", "😀", "aé中😀", "\u{7F}\u{80}\u{7FF}\u{800}\u{FFFD}\u{10000}\u{10FFFF}",
                            "中a", "中é", "😀😀😀", "1.5万元😀", String(repeating: "é中a😀", count: 9)]

    @Test(arguments: encodings)
    func textsAreEncodedAsWritten(_ text: String) {
        #expect(Snippet.article(text).text == text)
        #expect(Snippet.article("前" + text).text == "前" + text)
    }

    @Test(arguments: folds)
    func characterFolding(_ input: String, _ folded: String) {
        #expect(CharacterFolding.fold(input) == folded)
    }

    static let snippets: [(String, String)] = [
        ("凝聚力 量", "凝聚力量"),
        ("GDP growth 5 %", "GDP growth 5%"),
        ("目标定\n\n位,围绕", "目标定位,围绕"),
        ("第一段。\n\n第二段", "第一段。\n第二段"),
        ("标题\n正文", "标题\n正文"),                 // a single line break is a paragraph end
        ("word\n\nwrap", "word wrap"),
        ("**的服务水平**。", "的服务水平。"),
        ("  前后空白  ", "前后空白"),
    ]

    @Test(arguments: snippets)
    func snippetNormalisation(_ input: String, _ text: String) {
        #expect(Snippet.article(input).text == text)
    }

    /// Every scalar of every article's text maps back to an original scalar that folds to it;
    /// a paragraph break maps to the position just before the next paragraph.
    @Test func offsetMapPointsAtTheOriginal() {
        for a in seedCorpus.articles {
            let doc = seedCorpus.documents[a.docIndex]
            let original = Array(seedText(doc.name).unicodeScalars)
            for (k, u) in a.text.unicodeScalars.enumerated() {
                let o = a.offsets.originalOffset(ofText: k)
                guard o >= 0, o < original.count else {
                    Issue.record("\(a.id): offset \(k) maps outside the document (\(o))")
                    return
                }
                if u == "\n" {
                    #expect(a.offsets.originalOffset(ofText: k + 1) == o + 1, "\(a.id) @\(k)")
                } else if u == " " {
                    continue
                } else {
                    #expect(CharacterFolding.fold(original[o].value) == u.value, "\(a.id) @\(k): \(u) ≠ \(original[o])")
                }
            }
        }
    }
}
