import Foundation
import Testing

/// Scripts (`-f`, stdin), the shipped examples against their expected output, and the help
/// and tour, whose every example is run.
@Suite(.serialized)
struct ScriptTests {
    static let examples = ["weekly-region-report", "big-figures-by-region", "author-articles"]

    /// Golden output, compared with a line diff on failure.
    @Test(arguments: examples)
    func shippedExample(_ name: String) throws {
        let script = ExplorerBinary.root.appendingPathComponent("examples/\(name).explorer").path
        let expected = try String(contentsOf: ExplorerBinary.root.appendingPathComponent("examples/expected/\(name).out"), encoding: .utf8)
        let r = try ExplorerBinary.run(["-f", script, "--corpus", ExplorerBinary.seeds])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stderr.isEmpty)
        #expect(r.stdout == expected, "\(lineDiff(expected, r.stdout))")
    }

    /// The same statements typed at the prompt (piped) print the same output.
    @Test(arguments: examples)
    func scriptEqualsPipedInput(_ name: String) throws {
        let script = ExplorerBinary.root.appendingPathComponent("examples/\(name).explorer").path
        let viaFile = try ExplorerBinary.run(["-f", script, "--corpus", ExplorerBinary.seeds])
        let viaStdin = try ExplorerBinary.run(["--corpus", ExplorerBinary.seeds], stdin: try String(contentsOfFile: script, encoding: .utf8))
        #expect(viaFile.stdout == viaStdin.stdout)
    }

    @Test func errorsSayFileLineColumnAndStop() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("explorer-script-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("report.explorer")
        try "# a comment\nregion:松滋市 | limit 1\n\n(党建 or\n  regoin:沙市)\nregion:沙市区\n".write(to: script, atomically: true, encoding: .utf8)
        let r = try ExplorerBinary.run(["-f", script.path, "--corpus", ExplorerBinary.seeds])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("\(script.path):5:3: error: unknown field 'regoin:'; did you mean 'region:'?"), "\(r.stderr)")
        #expect(r.stdout.contains("2 articles (1 after limit)"))
        #expect(!r.stdout.contains("10 articles"))  // stopped before the last statement

        let goOn = try ExplorerBinary.run(["-f", script.path, "--keep-going", "--corpus", ExplorerBinary.seeds])
        #expect(goOn.status == 1)
        #expect(goOn.stdout.contains("10 articles"))
    }

    /// A script saved with CRLF line breaks runs as the same script with LF, and its errors
    /// name the same line and column.
    @Test func crlfScriptsAreReadLineByLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("explorer-script-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = "# a comment\n党建 | limit 0\n营商环境 | limit 0\n(共同缔造 or\n  regoin:沙市)\n"
        var results: [(status: Int32, stdout: String, stderr: String)] = []
        for (name, script) in [("lf", text), ("crlf", text.replacingOccurrences(of: "\n", with: "\r\n"))] {
            let path = dir.appendingPathComponent("\(name).explorer").path
            try script.write(toFile: path, atomically: true, encoding: .utf8)
            let r = try ExplorerBinary.run(["-f", path, "--corpus", ExplorerBinary.seeds])
            results.append((r.status, r.stdout, r.stderr.replacingOccurrences(of: path, with: "SCRIPT")))
        }
        #expect(results[0].stdout.contains("10 articles (0 after limit)") && results[0].stdout.contains("3 articles (0 after limit)"))
        #expect(results[1].status == results[0].status && results[1].stdout == results[0].stdout)
        #expect(results[1].stderr == results[0].stderr)
        #expect(results[1].stderr.hasPrefix("SCRIPT:5:3: error: unknown field 'regoin:'"), "\(results[1].stderr)")
    }

    @Test func readNestsAndOutputIsAtomic() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("explorer-read-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let inner = dir.appendingPathComponent("inner.explorer")
        let outer = dir.appendingPathComponent("outer.explorer")
        let report = dir.appendingPathComponent("report.txt")
        try "let shashi = region:沙市区\n".write(to: inner, atomically: true, encoding: .utf8)
        try "old report".write(to: report, atomically: true, encoding: .utf8)
        try ".read \(inner.path)\n.output \(report.path)\n$shashi 营商环境\n.output stdout\n.lets\n".write(to: outer, atomically: true, encoding: .utf8)
        let r = try ExplorerBinary.run(["-f", outer.path, "--corpus", ExplorerBinary.seeds])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "let shashi = region:沙市区\n")
        let written = try String(contentsOf: report, encoding: .utf8)
        #expect(written.contains("001_9c4cd6e42bf9b79e#3") && written.hasSuffix("1 article\n"))

        // A script that fails while writing leaves the old file, not half a new one.
        try "keep me".write(to: report, atomically: true, encoding: .utf8)
        try ".output \(report.path)\n营商环境\nregoin:x\n".write(to: outer, atomically: true, encoding: .utf8)
        let failing = try ExplorerBinary.run(["-f", outer.path, "--corpus", ExplorerBinary.seeds])
        #expect(failing.status == 1)
        #expect(try String(contentsOf: report, encoding: .utf8) == "keep me")
    }

    /// --timeout stops a runaway statement in a script, a query or the counts of its `.explain`
    /// (which run the query's parts), with an error and no partial counts; the script stops.
    /// (The backreference leaves the pattern to ICU's backtracking; without it the automaton
    /// answers in linear time.)
    @Test(arguments: ["", ".explain "])
    func timeoutStopsARunawayQuery(_ prefix: String) throws {
        let started = Date()
        let r = try ExplorerBinary.run(["--corpus", ExplorerBinary.seeds, "--timeout", "1"],
                                       stdin: prefix + "/(([^。]|x){1,40}){1,40}(量子|计算机)\\3/\n营商环境\n")
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(r.status == 1)
        #expect(r.stderr.contains("<stdin>:1:1: error: query stopped after 1.0 s (the --timeout limit)"), "\(r.stderr)")
        #expect(!r.stdout.contains("articles"), "\(r.stdout)")
    }

    /// A concordance under `.limit N` shows at most 5·N lines, from the first articles only
    /// (it used to read every result's text before stopping), and says how many articles.
    @Test func kwicStopsAtTheLimit() throws {
        let r = try ExplorerBinary.run(["--corpus", ExplorerBinary.seeds, "--no-cache"], stdin: ".limit 2\n党 | kwic 3\n")
        let lines = r.stdout.split(separator: "\n")
        #expect(r.status == 0)
        #expect(lines.count == 11, "\(r.stdout)")
        #expect(lines.last == "20 articles")
        #expect(lines.dropLast().allSatisfy { $0.contains("[党]") })
        let whole = try ExplorerBinary.run(["--corpus", ExplorerBinary.seeds, "--no-cache"], stdin: "党 | kwic 3\n")
        #expect(whole.stdout.split(separator: "\n").count > 100)
    }

    /// --timeout stops a one-shot query (`-c`) too, and the counts of an `explain` (which run
    /// the query's parts): an error, exit code 1, no results and no partial counts.
    @Test(arguments: ["", "explain "])
    func timeoutStopsARunawayOneShotQuery(_ prefix: String) throws {
        let started = Date()
        let r = try ExplorerBinary.run(["--corpus", ExplorerBinary.seeds, "--timeout", "1", "-c", prefix + "/(([^。]|x){1,40}){1,40}(量子|计算机)\\3/"])
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(r.status == 1)
        #expect(r.stderr.contains("error: query stopped after 1.0 s (the --timeout limit)"), "\(r.stderr)")
        #expect(r.stdout.isEmpty, "\(r.stdout)")
    }

    /// Invalid UTF-8 piped in is read (replaced), never a crash.
    @Test func invalidUTF8FromStdin() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: ExplorerBinary.path)
        p.arguments = ["--corpus", ExplorerBinary.seeds]
        p.environment = ExplorerBinary.environment()
        let inp = Pipe(), out = Pipe(), err = Pipe()
        p.standardInput = inp
        p.standardOutput = out
        p.standardError = err
        try p.run()
        inp.fileHandleForWriting.write(Data([0xFF, 0xFE, 0x41, 0x0A] + Array("营商环境\n".utf8) + [0xC3, 0x28, 0x0A]))
        try inp.fileHandleForWriting.close()
        let o = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0 || p.terminationStatus == 1)
        #expect(o.contains("3 articles"))
    }

    /// The dot commands no example uses: .regions, .authors, .limit, .timing, .format, .load.
    @Test func dotCommands() throws {
        let script = ".regions 沙\n.authors 宋\n.limit 1\n营商环境\n.timing on\n.format csv\n量子计算机\n.load \(ExplorerBinary.seeds)/004_009765f329aaeaa3.txt\n.stats\n"
        let r = try ExplorerBinary.run(["--corpus", ExplorerBinary.seeds], stdin: script)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("沙市区  10\n1 region starting with 沙"))
        #expect(r.stdout.contains("宋子怡  2\n1 author starting with 宋"))
        #expect(r.stdout.contains("3 articles; 2 more not shown"))
        #expect(r.stdout.contains("id,doc,title,regions,authors,figures\ntime: "))
        #expect(r.stdout.contains("loaded \(ExplorerBinary.seeds)/004_009765f329aaeaa3.txt: 1 file read"))
        #expect(r.stdout.contains("documents: 1, articles: 1"))
    }

    /// `.limit` caps a count table's rows as it caps an article table's; a `| limit` stage
    /// keeps fewer groups, and says so.
    @Test(arguments: [
        (".limit 2\n党建 | count by doc\n", 2, "5 docs; 3 more not shown (.limit 0 shows every row, or .format csv)\n"),
        (".limit 0\n党建 | count by doc\n", 5, "5 docs\n"),
        ("党建 | count by doc | limit 3\n", 3, "5 docs (3 after limit)\n"),
        (".limit 2\n.format csv\n党建 | count by doc\n", 5, ""),
    ])
    func countTablesAreCapped(_ script: String, rows: Int, summary: String) throws {
        let r = try ExplorerBinary.run(["--corpus", ExplorerBinary.seeds], stdin: script)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").filter { $0.contains(".txt") }
        #expect(lines.count == rows, "\(r.stdout)")
        #expect(r.stdout.hasSuffix(summary), "\(r.stdout)")
    }

    @Test func missingScriptIsAUsageError() throws {
        let r = try ExplorerBinary.run(["-f", "/nonexistent/x.explorer", "--corpus", ExplorerBinary.seeds])
        #expect(r.status == 2)
        #expect(r.stderr.contains("cannot read script '/nonexistent/x.explorer'"))
    }

    /// Every `explorer> ` example the help shows runs without an error.
    @Test func helpExamplesRun() throws {
        let topics = ["", "queries", "fields", "figures", "stages", "commands"]
        let help = try ExplorerBinary.run(["--corpus", ExplorerBinary.seeds], stdin: topics.map { ".help \($0)" }.joined(separator: "\n") + "\n")
        let examples = help.stdout.split(separator: "\n").compactMap { line -> String? in
            let l = line.trimmingCharacters(in: .whitespaces)
            return l.hasPrefix("explorer> ") ? String(l.dropFirst(10)) : nil
        }
        #expect(examples.count >= 20)
        let r = try ExplorerBinary.run(["--corpus", ExplorerBinary.seeds], stdin: examples.joined(separator: "\n") + "\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty)
        #expect(!r.stdout.contains("error:"))
    }

    /// The tour: every step's query, typed after the step, says what its result means.
    @Test func tourRunsEveryStep() throws {
        let steps = try ExplorerBinary.run(["--corpus", ExplorerBinary.seeds], stdin: ".tour\n" + String(repeating: ".next\n", count: 5))
        let queries = steps.stdout.split(separator: "\n").compactMap { l -> String? in
            l.hasPrefix("Type:  ") ? String(l.dropFirst(7)) : nil
        }
        #expect(queries.count == 6)
        let walk = ".tour\n" + queries.map { $0 + "\n" }.joined(separator: ".next\n")
        let r = try ExplorerBinary.run(["--corpus", ExplorerBinary.seeds], stdin: walk)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.components(separatedBy: "Type .next for the next step.").count - 1 == 5)
        #expect(r.stdout.contains("That was the last step."))
        #expect(r.stdout.contains("That is 26 articles in 5 files."))
    }
}

/// The first lines where two texts differ, for golden-output failures.
func lineDiff(_ expected: String, _ actual: String) -> String {
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
    for k in 0..<max(a.count, b.count) where k >= a.count || k >= b.count || a[k] != b[k] {
        return "line \(k + 1):\n- \(k < a.count ? String(a[k]) : "(end)")\n+ \(k < b.count ? String(b[k]) : "(end)")"
    }
    return "(same)"
}
