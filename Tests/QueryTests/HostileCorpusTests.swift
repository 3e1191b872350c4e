import Foundation
import Testing
import Query

/// Whatever files people have: each odd file is a warning naming it, and the rest loads.
struct HostileCorpusTests {
    @Test func oddFilesAreNamedAndTheRestLoads() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        try fm.copyItem(atPath: seedsPath + "/004_009765f329aaeaa3.txt", toPath: dir.appendingPathComponent("speech.txt").path)
        try fm.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("sub/loop").path, withDestinationPath: "..")
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("dangling.txt").path, withDestinationPath: "/nonexistent/file.txt")
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("linked.txt").path, withDestinationPath: seedsPath + "/003_10503e775b80d64b.txt")
        #expect(mkfifo(dir.appendingPathComponent("pipe.txt").path, 0o644) == 0)
        // A name that is not UTF-8.
        let rawName = Array(dir.path.utf8) + Array("/".utf8) + [0xFF, 0xFE] + Array("name.txt".utf8)
        let fd = open(rawName.map { CChar(bitPattern: $0) } + [0], O_WRONLY | O_CREAT, 0o644)
        let page = try Data(contentsOf: URL(fileURLWithPath: seedsPath + "/001_9c4cd6e42bf9b79e.txt"))
        _ = page.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        // A 2 GB file (sparse: no disk used).
        let big = dir.appendingPathComponent("dump.txt").path
        _ = fm.createFile(atPath: big, contents: nil)
        #expect(truncate(big, 2 << 30) == 0)

        let corpus = try CorpusLoader.load(dir.path)
        #expect(corpus.documents.map(\.name).sorted() == ["\\xff\\xfename.txt", "linked.txt", "speech.txt"])
        let reasons = Dictionary(uniqueKeysWithValues: corpus.report.skipped.map { ($0.path, $0.reason) })
        #expect(reasons["dangling.txt"] == "broken symbolic link")
        #expect(reasons["pipe.txt"]?.hasPrefix("not a regular file") == true)
        #expect(reasons["sub/loop"]?.hasPrefix("symbolic link to a folder, not followed") == true)
        #expect(reasons["dump.txt"]?.hasPrefix("too large (2.0 GiB") == true)
        #expect(corpus.articles.filter { $0.doc == "\\xff\\xfename.txt" }.count == 8)
    }

    /// Files deleted while the corpus loads: each one is either loaded or named as skipped
    /// (never lost, never a crash), and every file left alone is loaded. Which files vanish
    /// between the listing and the read varies from run to run; the accounting may not.
    @Test func filesVanishingWhileLoadingAreAccountedFor() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let n = 20_000
        for k in 0..<n {
            _ = FileManager.default.createFile(atPath: dir.appendingPathComponent("n\(k).txt").path, contents: Data("第\(k)号通知:沙市区召开会议。".utf8))
        }
        let deleter = Thread {
            for k in stride(from: n - 2, through: 0, by: -2) { unlink(dir.appendingPathComponent("n\(k).txt").path) }
        }
        deleter.start()
        let corpus = try CorpusLoader.load(dir.path)
        while !deleter.isFinished { usleep(1000) }
        let loaded = Set(corpus.documents.map(\.name))
        for k in stride(from: 1, to: n, by: 2) { #expect(loaded.contains("n\(k).txt")) }
        for s in corpus.report.skipped {
            #expect(s.reason.hasPrefix("cannot read"), "\(s)")
            #expect(!loaded.contains(s.path))
        }
        #expect(corpus.report.filesRead == corpus.documents.count)
        #expect(corpus.articles.count == corpus.documents.count)
    }

    /// 100,000 tiny files: all read, none lost.
    @Test func hundredThousandTinyFiles() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        for k in 0..<100_000 {
            let sub = dir.appendingPathComponent(String(format: "%03d", k / 1000))
            if k % 1000 == 0 { try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true) }
            _ = FileManager.default.createFile(atPath: sub.appendingPathComponent("n\(k).txt").path, contents: Data("第\(k)号通知:沙市区召开会议。".utf8))
        }
        let corpus = try CorpusLoader.load(dir.path)
        #expect(corpus.report.filesRead == 100_000)
        #expect(corpus.articles.count == 100_000)
        #expect(corpus.report.skipped.isEmpty)
    }
}
