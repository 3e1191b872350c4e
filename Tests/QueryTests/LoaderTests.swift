import Foundation
import Testing
import Query

/// Loading folders of generated files: every file is read or reported, never dropped silently.
struct LoaderTests {
    static let page = try! String(contentsOfFile: seedsPath + "/002_81ca9869dae714d6.txt", encoding: .utf8)

    @Test func mixedEncodingsLoadAlike() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub/deeper"), withIntermediateDirectories: true)
        write(Array(Self.page.utf8), to: dir.appendingPathComponent("a-utf8.txt"))
        write([0xEF, 0xBB, 0xBF] + Array(Self.page.utf8), to: dir.appendingPathComponent("b-bom.txt"))
        write(utf16(Self.page, bigEndian: false), to: dir.appendingPathComponent("sub/c-utf16le.txt"))
        write(utf16(Self.page, bigEndian: true), to: dir.appendingPathComponent("sub/d-utf16be.txt"))
        write(gb18030(Self.page), to: dir.appendingPathComponent("sub/deeper/e-gb18030.txt"))
        write(Array(Self.page.replacingOccurrences(of: "\n", with: "\r\n").utf8), to: dir.appendingPathComponent("f-crlf.txt"))
        write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00], to: dir.appendingPathComponent("g-image.txt"))
        write([], to: dir.appendingPathComponent("h-empty.txt"))
        write(Array("not a corpus file".utf8), to: dir.appendingPathComponent("notes.md"))

        let corpus = try CorpusLoader.load(dir.path)
        #expect(corpus.report.filesRead == 6)
        #expect(corpus.report.skipped.map(\.path) == ["g-image.txt", "h-empty.txt"])
        #expect(corpus.report.skipped[0].reason.contains("binary"))
        #expect(corpus.report.skipped[1].reason == "empty file")
        #expect(corpus.documents.map(\.encoding) == [.utf8, .utf8BOM, .utf8, .utf16LE, .utf16BE, .gb18030])
        // Every encoding yields the same articles with the same text.
        let reference = seedArticles("002_81ca9869dae714d6.txt")
        for d in corpus.documents.indices {
            let arts = corpus.articles.filter { $0.docIndex == d }
            #expect(arts.map(\.title) == reference.map(\.title), "\(corpus.documents[d].name)")
            #expect(arts.map(\.text) == reference.map(\.text), "\(corpus.documents[d].name)")
        }
        #expect(corpus.report.summary == "6 files read (0.1 MB), \(6 * reference.count) articles found, 2 files skipped")
    }

    @Test func missingFolder() {
        #expect(throws: CorpusError.missing(path: "/nonexistent/corpus")) {
            try CorpusLoader.load("/nonexistent/corpus")
        }
    }

    @Test func folderWithoutText() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        write(Array("x".utf8), to: dir.appendingPathComponent("readme.md"))
        #expect(throws: CorpusError.empty(path: dir.path)) { try CorpusLoader.load(dir.path) }
    }

    @Test func aSingleFileIsACorpus() throws {
        let corpus = try CorpusLoader.load(seedsPath + "/004_009765f329aaeaa3.txt")
        #expect(corpus.articles.map(\.id) == ["004_009765f329aaeaa3#1"])
    }

    /// 50 MB in one file: the page repeated; every copy yields the same articles.
    @Test func fiftyMegabyteFile() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let unit = Array((Self.page + "\n\n\n").utf8)
        let copies = 50 * 1_048_576 / unit.count + 1
        var big: [UInt8] = []
        big.reserveCapacity(unit.count * copies)
        for _ in 0..<copies { big += unit }
        write(big, to: dir.appendingPathComponent("big.txt"))
        let corpus = try CorpusLoader.load(dir.path)
        let per = seedArticles("002_81ca9869dae714d6.txt").count
        #expect(corpus.articles.count == per * copies)
        #expect(corpus.articles.last?.title == seedArticles("002_81ca9869dae714d6.txt").last?.title)
        #expect(corpus.report.bytesRead == big.count)
    }

    /// One 5 MB line with no break: one article, loaded whole.
    @Test func fiveMegabyteLine() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sentence = "沙市区持续优化营商环境,政务服务事项即办件占比达95.9%。"
        let line = String(repeating: sentence, count: 5 * 1_048_576 / sentence.utf8.count)
        write(Array(line.utf8), to: dir.appendingPathComponent("one-line.txt"))
        let corpus = try CorpusLoader.load(dir.path)
        #expect(corpus.articles.count == 1)
        #expect(corpus.articles.first?.text == line.replacingOccurrences(of: ",", with: ","))
        #expect(corpus.articles.first?.titleDerived == true)
    }

    @Test func idsAreStableAcrossLoads() throws {
        let again = try CorpusLoader.load(seedsPath)
        #expect(again.articles.map(\.id) == seedCorpus.articles.map(\.id))
        #expect(again.articles.map(\.text) == seedCorpus.articles.map(\.text))
    }
}
