import Foundation
import Testing

/// The `explorer` binary as a user runs it: output, exit codes and messages.
@Suite(.serialized)
struct CommandLineTests {
    @Test func extractPrintsEveryArticleAsJSONLines() throws {
        let r = try ExplorerBinary.run(["extract", "--corpus", ExplorerBinary.seeds])
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 26)
        for line in lines {
            let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            for key in ["id", "doc", "title", "title_derived", "text", "authors", "regions", "figures", "dates"] {
                #expect(o[key] != nil, "missing \(key)")
            }
        }
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["id"] as? String == "000_97037fa0fdbe9769#1")
        #expect(first["doc"] as? String == "000_97037fa0fdbe9769.txt")
        #expect((first["text"] as? String)?.contains("凝聚力量") == true)
    }

    @Test func extractUsesSeedsByDefault() throws {
        let r = try ExplorerBinary.run(["extract"], cwd: ExplorerBinary.root.path)
        #expect(r.status == 0)
        #expect(r.stdout.split(separator: "\n").count == 26)
    }

    @Test func extractText() throws {
        let r = try ExplorerBinary.run(["extract", "--text", "凝聚力 量，团结奋进"])
        #expect(r.status == 0)
        let o = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(o["text"] as? String == "凝聚力量,团结奋进")
        #expect(o["title_derived"] as? Bool == true)
    }

    /// (arguments, exit code, a part of the message on stderr)
    static let usageErrors: [([String], Int32, String)] = [
        (["--corpus", "/nonexistent/folder"], 2, "explorer: error: corpus folder '/nonexistent/folder' does not exist"),
        (["extract", "--corpsu", "seeds"], 2, "unknown option '--corpsu'; did you mean '--corpus'?"),
        (["extarct"], 2, "unknown command 'extarct'; did you mean 'extract'?"),
        (["extract", "--corpus"], 2, "missing value for '--corpus'"),
        (["--text", "x"], 2, "'--text' goes with the extract command"),
    ]

    @Test(arguments: usageErrors)
    func usageErrorsSayWhatWasExpected(_ args: [String], _ status: Int32, _ message: String) throws {
        let r = try ExplorerBinary.run(args)
        #expect(r.status == status)
        #expect(r.stderr.contains(message), "stderr: \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(r.stdout.isEmpty)
    }

    @Test func emptyFolderIsAnError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("explorer-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try ExplorerBinary.run(["extract", "--corpus", dir.path])
        #expect(r.status == 2)
        #expect(r.stderr == "explorer: error: no .txt files under '\(dir.path)'\n")
    }

    @Test func skippedFilesAreNamedOnStderr() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("explorer-mixed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(atPath: ExplorerBinary.seeds + "/004_009765f329aaeaa3.txt", toPath: dir.appendingPathComponent("speech.txt").path)
        try Data([0x25, 0x50, 0x44, 0x46, 0x2D, 0x00, 0x01]).write(to: dir.appendingPathComponent("scan.txt"))
        let r = try ExplorerBinary.run(["extract", "--corpus", dir.path])
        #expect(r.status == 0)
        #expect(r.stderr == "explorer: warning: skipped scan.txt: binary file (control byte at offset 5)\n")
        #expect(r.stdout.split(separator: "\n").count == 1)
    }

    /// `explorer extract | head -1`: a closed pipe ends the program quietly.
    @Test func closedPipeIsQuiet() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: ExplorerBinary.path)
        p.arguments = ["extract", "--corpus", ExplorerBinary.seeds]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        try out.fileHandleForReading.close()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(err.fileHandleForReading.readDataToEndOfFile().isEmpty)
    }

    @Test func pipedInputRunsWithoutPrompts() throws {
        let r = try ExplorerBinary.run(["--corpus", ExplorerBinary.seeds], stdin: "凝聚力 量\n.stats\n")
        #expect(r.status == 0)
        #expect(r.stdout == "000_97037fa0fdbe9769#1\t踔厉奋发 勇毅前行 高标准建设新型城镇化示范区\n1 article\n5 files read (0.1 MB), 26 articles found, 0 files skipped\n")
    }
}
