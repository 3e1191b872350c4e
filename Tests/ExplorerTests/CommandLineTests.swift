import Foundation
#if canImport(Glibc)
import Glibc
#endif
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

    /// A file the user may not read is named with the reason, and the rest loads. Root reads
    /// everything, so as root (CI) the program runs as `nobody` through `setpriv`, from a copy
    /// of the binary in the test folder (the clone's folder may be closed to other users).
    @Test func unreadableFileIsNamedAndTheRestLoads() throws {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("explorer-unreadable-\(UUID().uuidString)")
        try fm.createDirectory(at: dir.appendingPathComponent("corpus"), withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: dir) }
        try fm.copyItem(atPath: ExplorerBinary.seeds + "/004_009765f329aaeaa3.txt", toPath: dir.appendingPathComponent("corpus/speech.txt").path)
        try fm.copyItem(atPath: ExplorerBinary.seeds + "/001_9c4cd6e42bf9b79e.txt", toPath: dir.appendingPathComponent("corpus/secret.txt").path)
        chmod(dir.appendingPathComponent("corpus/secret.txt").path, 0)
        for d in [dir.path, dir.appendingPathComponent("corpus").path] { chmod(d, 0o755) }
        let binary = dir.appendingPathComponent("explorer").path
        try fm.copyItem(atPath: ExplorerBinary.path, toPath: binary)
        let p = Process()
        let args = ["--corpus", dir.appendingPathComponent("corpus").path, "--no-cache", "-c", "营商环境 | count by doc"]
        if geteuid() == 0 {
            p.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            p.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", binary] + args
        } else {
            p.executableURL = URL(fileURLWithPath: binary)
            p.arguments = args
        }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(e)")
        #expect(e.contains("explorer: warning: skipped secret.txt: cannot read (Permission denied)"), "\(e)")
        #expect(o.contains("speech.txt"), "\(o)")
    }

    /// `explorer extract | head -1`: a closed pipe ends the program quietly.
    @Test func closedPipeIsQuiet() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: ExplorerBinary.path)
        p.arguments = ["extract", "--corpus", ExplorerBinary.seeds]
        p.environment = ExplorerBinary.environment()
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        try out.fileHandleForReading.close()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(err.fileHandleForReading.readDataToEndOfFile().isEmpty)
    }

    /// `explorer -c QUERY`: (arguments, exit code, a line of stdout, a part of stderr)
    static let queries: [([String], Int32, String, String)] = [
        (["-c", "region:松滋市"], 0, "2 articles", ""),
        (["-c", "region:火星"], 0, "0 articles", "note: no region is called 火星"),
        (["-c", "regoin:沙市区"], 1, "", "error: unknown field 'regoin:'; did you mean 'region:'?"),
        (["-c", "(党建"], 1, "", "unbalanced '('"),
        (["-c", "figure:>=95%", "--format", "csv"], 0, "001_9c4cd6e42bf9b79e#3,001_9c4cd6e42bf9b79e.txt,2023年全省营商环境评价结果第四场新闻发布会召开 沙市区实施『五大行动』 营商环境评价大进位,沙市区 荆州市,余延平,20", ""),
        (["-c", "author:通讯员 | count by author | limit 1", "--format", "csv"], 0, "宋子怡,2", ""),
        (["-c", "/[0-9.]+亿元/ | kwic 4", "--format", "kwic"], 0, "000_97037fa0fdbe9769#2  集团使用[14.9亿元]专项资金", ""),
        (["-c", "explain 党建 region:沙市"], 0, "  and → 5 articles", ""),
        (["-c", "explain 共同缔造 or 党建"], 0, "    text \"共同缔造\" (pair positions, exact; driven by 同缔 (17 positions, 17 left by their fingerprints)) → 8 articles", ""),
        (["-c", "explain 共同缔造 or 党建"], 0, "    text \"党建\" (pair positions, exact) → 10 articles", ""),
        (["-c", "党建", "--format", "xml"], 2, "", "unknown format 'xml': expected table, kwic, json or csv"),
        (["-c"], 2, "", "missing value for '-c': expected a query after it"),
    ]

    @Test(arguments: queries)
    func oneQuery(_ args: [String], _ status: Int32, _ line: String, _ err: String) throws {
        let r = try ExplorerBinary.run(["--corpus", ExplorerBinary.seeds] + args)
        #expect(r.status == status, "stderr: \(r.stderr)")
        if !line.isEmpty { #expect(r.stdout.split(separator: "\n").map(String.init).contains(line), "stdout: \(r.stdout)") }
        if !err.isEmpty { #expect(r.stderr.contains(err), "stderr: \(r.stderr)") } else { #expect(r.stderr.isEmpty) }
    }

    @Test func jsonResultsCarryTheContractAndMatches() throws {
        let r = try ExplorerBinary.run(["-c", "营商环境 region:沙市区", "--format", "json", "--corpus", ExplorerBinary.seeds])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let o = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(o["id"] as? String == "001_9c4cd6e42bf9b79e#3")
        let matches = try #require(o["matches"] as? [[Int]])
        let text = Array((o["text"] as? String ?? "").unicodeScalars)
        #expect(!matches.isEmpty)
        for m in matches {
            var v = String.UnicodeScalarView()
            v.append(contentsOf: text[m[0]..<m[1]])
            #expect(String(v) == "营商环境")
        }
    }

    /// The second start reads the cache; the same corpus gives the same cache file; a
    /// corrupted cache is noticed, rebuilt, and the results are the same.
    @Test func indexCacheIsUsedAndRebuiltWhenDamaged() throws {
        let cacheDir = FileManager.default.temporaryDirectory.appendingPathComponent("explorer-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cacheDir) }
        setenv("EXPLORER_CACHE_DIR", cacheDir.path, 1)
        defer { unsetenv("EXPLORER_CACHE_DIR") }
        let first = try ExplorerBinary.run(["-c", "region:松滋市", "--corpus", ExplorerBinary.seeds])
        // Written in the background, and waited for at exit: complete, renamed into place.
        let all = try FileManager.default.contentsOfDirectory(atPath: cacheDir.path)
        let files = all.filter { $0.hasSuffix(".cache") }
        #expect(files.count == 1 && all.count == 1, "\(all)")
        let second = try ExplorerBinary.run(["-c", "region:松滋市", "--corpus", ExplorerBinary.seeds])
        #expect(second.stdout == first.stdout && second.stderr.isEmpty)
        let cache = cacheDir.appendingPathComponent(files[0])
        // Another process writes the same bytes (its hash seed is another: nothing may be
        // written in a dictionary's order).
        let written = try Data(contentsOf: cache)
        try FileManager.default.removeItem(at: cache)
        _ = try ExplorerBinary.run(["-c", "region:松滋市", "--corpus", ExplorerBinary.seeds])
        #expect(try Data(contentsOf: cache) == written, "two processes wrote different caches")
        var bytes = [UInt8](try Data(contentsOf: cache))
        bytes[bytes.count - 10] ^= 0xFF
        try Data(bytes).write(to: cache)
        let third = try ExplorerBinary.run(["-c", "region:松滋市", "--corpus", ExplorerBinary.seeds])
        #expect(third.stdout == first.stdout)
        #expect(third.stderr.contains("note: rebuilding the index cache") && third.stderr.contains("checksum mismatch"), "\(third.stderr)")
        let fourth = try ExplorerBinary.run(["-c", "region:松滋市", "--corpus", ExplorerBinary.seeds])
        #expect(fourth.stderr.isEmpty)
        // A cache of another format (an upgrade) is rebuilt without a word: nothing is wrong.
        bytes = [UInt8](try Data(contentsOf: cache))
        bytes[8] = 1; bytes[9] = 0; bytes[10] = 0; bytes[11] = 0  // format version 1
        try Data(bytes).write(to: cache)
        let fifth = try ExplorerBinary.run(["-c", "region:松滋市", "--corpus", ExplorerBinary.seeds])
        #expect(fifth.stdout == first.stdout && fifth.stderr.isEmpty, "\(fifth.stderr)")
        #expect([UInt8](try Data(contentsOf: cache))[8] != 1)  // rebuilt in the current format
    }

    /// `.stats`' tallies agree with the articles `extract` prints: an author or a region counted
    /// once an article however often named in it, every figure under its unit, a figure
    /// without one (300亿) shown as such, not as a blank.
    @Test func statsTalliesAgreeWithTheExtraction() throws {
        let stats = try ExplorerBinary.run(["--corpus", ExplorerBinary.seeds], stdin: ".stats\n").stdout
        let extracted = try ExplorerBinary.run(["extract", "--corpus", ExplorerBinary.seeds]).stdout
        var authors: [String: Int] = [:], regions: [String: Int] = [:], units: [String: Int] = [:]
        for line in extracted.split(separator: "\n") {
            let a = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let names = { (field: String) in Set(((a[field] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }.filter { !$0.isEmpty }) }
            for n in names("authors") { authors[n, default: 0] += 1 }
            for n in names("regions") { regions[n, default: 0] += 1 }
            for f in (a["figures"] as? [[String: Any]]) ?? [] { units[(f["unit"] as? String) ?? "", default: 0] += 1 }
        }
        func top(_ c: [String: Int], _ n: Int, blank: String = "") -> String {
            c.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(n)
                .map { "\($0.key.isEmpty ? blank : $0.key) \($0.value)" }.joined(separator: ", ")
        }
        #expect(units[""] != nil)  // the seeds have figures without a unit
        #expect(stats.contains("\ntop authors: \(top(authors, 5))\n"), "\(stats)")
        #expect(stats.contains("\ntop regions: \(top(regions, 5))\n"), "\(stats)")
        #expect(stats.contains("\nfigures by unit: \(top(units, 10, blank: "(no unit)"))\n"), "\(stats)")
        // Memory as the bench reads it, with what is the process's own and what the mapped cache's.
        #expect(stats.range(of: #"\nmemory: peak RSS \d+ MB \(now \d+ MB of its own, \d+ MB mapped from files\)\n"#, options: .regularExpression) != nil, "\(stats)")
    }

    /// A group with an empty name — figures without a unit (300亿) — is labelled in a table and
    /// kept as data, empty, in CSV.
    @Test func emptyGroupsAreLabelledInTables() throws {
        let table = try ExplorerBinary.run(["-c", "/[0-9]+亿/ | count by unit", "--corpus", ExplorerBinary.seeds])
        #expect(table.stdout.contains("\n(no unit)  3\n"), "\(table.stdout)")
        #expect(!table.stdout.split(separator: "\n").contains { $0.hasPrefix(" ") }, "\(table.stdout)")
        let csv = try ExplorerBinary.run(["-c", "/[0-9]+亿/ | count by unit", "--format", "csv", "--corpus", ExplorerBinary.seeds])
        #expect(csv.stdout.contains("\n,3\n"), "\(csv.stdout)")
    }

    @Test func pipedInputRunsWithoutPrompts() throws {
        let r = try ExplorerBinary.run(["--corpus", ExplorerBinary.seeds], stdin: "\"凝聚力 量\"\n.stats\n")
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("""
            ID                      TITLE                                               REGIONS
            000_97037fa0fdbe9769#1  踔厉奋发 勇毅前行 高标准建设新型城镇化示范区        公安县 湖北省 荆州市
            1 article
            corpus: 
            """))
        #expect(r.stdout.contains("documents: 5, articles: 26\ntop regions: 沙市区 10, 荆州市 8"))
        // What the index holds, part by part, at the seeds' size (a tenth of a MB).
        #expect(r.stdout.contains("\nindex: article texts 0.1 MB, pair positions 0.2 MB, frequent pairs' articles 0.0 MB"), "\(r.stdout)")
        #expect(r.stdout.contains(", character postings 0.0 MB, offset maps 0.0 MB\n"), "\(r.stdout)")

    }
}
