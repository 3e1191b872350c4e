import Testing
import Query

/// Character and frequent-pair article sets are kept as lists or, for keys in one article in
/// 32 or more, as bitmaps (`ArticleSets`): either way a search must find exactly the articles
/// a substring test finds — on both sides of the threshold, and in the last, partial word of a
/// bitmap.
struct ArticleSetsTests {
    /// 2,000 articles: a bitmap is chosen for a key in 63 or more (2,000 / 32, rounded up).
    static let texts: [String] = (0..<2000).map { k in
        var t = "文"
        if k % 30 == 0 { t += "甲" }        // 67 articles: a bitmap
        if k % 33 == 0 { t += "乙" }        // 61 articles: a list
        if k == 1999 { t += "丁" }          // the last article alone: a list
        if k >= 1930 { t += "戊" }          // the last 70: a bitmap ending in a partial word
        if k == 0 || k == 1999 { t += "癸" } // the first and the last
        // A pair frequent enough for its articles to be kept (≥ 32,768 positions) …
        if k % 40 == 7 { t += String(repeating: "己庚。", count: 700) }  // … in 50 articles: a list
        if k % 10 != 3 { t += String(repeating: "辛壬,", count: 20) }    // … in 1,800: a bitmap
        return t + "丙"                    // every article
    }
    static let articles = texts.enumerated().map { Snippet.article($0.element, id: "s#\($0.offset)") }
    static let index = CorpusIndex(articles: articles)

    @Test(arguments: ["甲", "乙", "丙", "丁", "戊", "癸", "文", "己庚", "辛壬", "庚。", "壬,", "己", "壬", "子"])
    func searchEqualsSubstringTest(_ needle: String) {
        let expected = Self.articles.indices.filter { Self.articles[$0].text.contains(needle) }.map(UInt32.init)
        #expect(Self.index.articles(containing: needle) == expected, "\(needle)")
        #expect(!expected.isEmpty || needle == "子")
    }

    /// The sets are smaller than lists would be: 丙, 文 and 辛壬 alone would take 4 bytes an
    /// article each as lists.
    @Test func bitmapsAreSmallerThanLists() {
        let size = { (part: String) in Self.index.sizes.first { $0.part == part }?.bytes ?? .max }
        #expect(size("character postings") < 4 * 2000)
        #expect(size("frequent pairs' articles") < 4 * 1800)
        #expect(size("frequent pairs' articles") >= 4 * 50)  // 己庚's list is kept
    }
}
