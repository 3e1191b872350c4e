import Foundation
import Testing
import Query

/// The pair positions' place pass is shared by two threads (`PairPositions.Build`): one
/// places articles from the front, reading them forwards, the other from the back, reading
/// them backwards and filling each pair's run from its end. Whoever placed what, the index
/// must be the same, byte for byte, as one thread's: every position, fingerprint and
/// checkpoint (the cache file holds them all).
struct PlacementTests {
    static func cacheBytes(_ index: CorpusIndex, _ corpus: Corpus) throws -> [UInt8] {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("index.cache").path
        try IndexCache.save(corpus, index: index, fingerprint: 1, to: path)
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Fingerprint widths × how many of the 26 seed articles the second thread places (1,
    /// half, all of them), against the first thread placing all 26.
    static let cases: [(bits: Int, fromTheBack: Int)] = [(8, 1), (8, 13), (8, 26), (4, 13), (0, 13), (6, 25)]

    @Test(arguments: cases)
    func sameIndexWhoeverPlacedWhat(_ bits: Int, _ fromTheBack: Int) throws {
        let articles = seedCorpus.articles
        #expect(articles.count == 26)
        let alone = try Self.cacheBytes(CorpusIndex(articles: articles, fingerprintBits: bits, placedFromTheBack: 0), seedCorpus)
        let shared = try Self.cacheBytes(CorpusIndex(articles: articles, fingerprintBits: bits, placedFromTheBack: fromTheBack), seedCorpus)
        // Compared by their first difference: the two arrays are too large to print.
        let difference = alone.indices.first { $0 >= shared.count || alone[$0] != shared[$0] }
        #expect(alone.count == shared.count)
        #expect(difference == nil, "the shared build's cache differs from byte \(difference ?? -1)")
    }

    /// Text the backward reading must step through: characters outside the BMP (no pair, but
    /// a fingerprint), two-byte Latin, ASCII and line breaks, articles of one character and
    /// none. Every phrase is found exactly where a substring test finds it.
    @Test func backwardsReadingOfMixedText() {
        let texts = ["党建😀引领发展", "é党建a党建\n党建工作", "党", "𠀋𠀋党建𠀋", "1.5万元党建😀😀党建", "营商环境é营商环境"]
        let articles = (0..<60).map { Snippet.article(texts[$0 % texts.count] + String(repeating: "党建", count: $0 % 4), id: "m#\($0)") }
        let phrases = ["党建", "建😀", "😀引", "党建引领", "建a党", "𠀋党建", "万元党建😀", "境é营", "建党建", "党建党建党建", "a党建\n"]
        for bits in [8, 4, 0] {
            let index = CorpusIndex(articles: articles, fingerprintBits: bits, placedFromTheBack: 30)
            for phrase in phrases {
                let expected = articles.indices.filter { articles[$0].text.contains(phrase) }.map(UInt32.init)
                #expect(index.articles(containing: phrase) == expected, "\(phrase) at \(bits) bits")
            }
        }
    }
}
