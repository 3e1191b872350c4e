import Foundation
import Testing
import Query

/// The loader counts each character's articles as it reads the documents (`CharacterCensus`),
/// and the character postings are placed by those counts without counting them again: on the
/// seeds the counts are the texts', and where a corpus's articles changed after loading, the
/// counts no longer match and are counted anew — every character found where the text has it.
struct CharacterCensusTests {
    /// The articles holding each character, by a scan of the texts.
    static func scanned(_ articles: [Article]) -> [Unicode.Scalar: [UInt32]] {
        var out: [Unicode.Scalar: [UInt32]] = [:]
        for (k, a) in articles.enumerated() {
            for u in Set(a.text.unicodeScalars) { out[u, default: []].append(UInt32(k)) }
        }
        return out
    }

    @Test func seedCountsAreTheTexts() throws {
        let counts = try #require(seedCorpus.characterArticles, "the seeds hold no character outside the BMP")
        let expected = Self.scanned(seedCorpus.articles)
        for u in 0..<0x10000 {
            let scalar = Unicode.Scalar(UInt32(u))
            #expect(Int(counts[u]) == scalar.flatMap { expected[$0]?.count } ?? 0, "U+\(String(u, radix: 16))")
        }
        let index = CorpusIndex(corpus: seedCorpus)
        for (u, ids) in expected {
            #expect(index.articles(containing: String(u)) == ids, "\(u)")
        }
    }

    /// 120 articles, one a file, each with a character of its own (一 丁 丂 …: in one article
    /// in 120, kept as a list, where the seeds' 26 articles keep every character as a bitmap)
    /// and one of ten shared by twelve articles (a bitmap).
    static let many: Corpus = {
        let dir = temporaryFolder("CharacterCensusTests")
        defer { try? FileManager.default.removeItem(at: dir) }  // the corpus keeps no file bytes
        for k in 0..<120 {
            let own = Character(Unicode.Scalar(0x4E00 + UInt32(k))!), shared = Character(Unicode.Scalar(0x5000 + UInt32(k % 10))!)
            let page = "本报讯(记者王五)营商环境\(own)持续优化。\n第二段讲到\(shared)基层治理。\n"
            write(Array(page.utf8), to: dir.appendingPathComponent(String(format: "p%03d.txt", k)))
        }
        return try! CorpusLoader.load(dir.path)
    }()

    /// Each a corpus whose articles changed after the loader counted them.
    static let changes: [String] = ["three articles fewer", "a character no article had", "a character outside the BMP", "an article emptied", "a count off by one"]

    @Test(arguments: changes)
    func changedArticlesAreCountedAnew(_ change: String) throws {
        #expect(Self.many.articles.count == 120)
        var corpus = Self.many
        switch change {
        case "three articles fewer": corpus.articles.removeLast(3)
        case "a character no article had": corpus.articles[0].text += "龘"
        case "a character outside the BMP": corpus.articles[1].text += "𠀀持"
        case "an article emptied": corpus.articles[2].text = ""
        default:
            var counts = try #require(corpus.characterArticles)
            counts[0x4E05] += 1  // 丅, article 5's own
            corpus.characterArticles = counts
        }
        let index = CorpusIndex(corpus: corpus)
        let expected = Self.scanned(corpus.articles)
        for (u, ids) in expected {
            #expect(index.articles(containing: String(u)) == ids, "\(change): \(u)")
        }
        for gone in ["龘", "𠀀"] where expected[gone.unicodeScalars.first!] == nil {
            #expect(index.articles(containing: gone).isEmpty, "\(change): \(gone)")
        }
    }
}
