import Foundation
import Testing

/// The prompt on a real pseudo-terminal: libedit, wide characters, exit.
@Suite(.serialized)
struct REPLTerminalTests {
    @Test func typeChineseDeleteAHanziAndSearch() throws {
        let s = try PTYSession(["--corpus", ExplorerBinary.seeds, "--history", "/dev/null"])
        let banner = s.expect("Type .help for help")
        #expect(banner.found, "no banner: \(banner.output)")
        #expect(banner.output.contains("26 articles found"))
        #expect(s.waitForPrompt())
        // 凝聚力量党, then Backspace deletes the last Hanzi (one character, two columns).
        s.send("凝聚力量党\u{7F} 团结奋进\r")
        let hit = s.expect("1 article")
        #expect(hit.found, "screen: \(hit.output)")
        #expect(hit.output.contains("000_97037fa0fdbe9769#1"))
        s.send(".quit\r")
        #expect(s.waitForExit() == 0)
    }

    /// Tab completes a field name, then a region by its first character.
    @Test func tabCompletesFieldsAndRegions() throws {
        let s = try PTYSession(["--corpus", ExplorerBinary.seeds, "--history", "/dev/null"])
        #expect(s.waitForPrompt())
        // libedit redraws only what changed ("reg" then "ion:"), so the screen is checked
        // through the query that runs.
        s.send("reg\t")
        #expect(s.expect("ion:").found)
        s.send("洈\t")
        #expect(s.expect("水镇").found)
        s.send("\r")
        let hit = s.expect("1 article")
        #expect(hit.found && hit.output.contains("000_97037fa0fdbe9769#3"), "screen: \(hit.output)")
        s.send(".quit\r")
        #expect(s.waitForExit() == 0)
    }

    /// History survives a restart: the query typed in one session comes back with ↑.
    @Test func historyAfterRestart() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("explorer-history-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let first = try PTYSession(["--corpus", ExplorerBinary.seeds, "--history", file])
        #expect(first.waitForPrompt())
        first.send("region:石首市 帮扶\r")
        #expect(first.expect("1 article").found)
        first.send(".quit\r")
        #expect(first.waitForExit() == 0)
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("region:石首市 帮扶"))

        let second = try PTYSession(["--corpus", ExplorerBinary.seeds, "--history", file])
        #expect(second.waitForPrompt())
        second.send("\u{1B}[A\r")  // up arrow, enter
        let r = second.expect("1 article")
        #expect(r.found && r.output.contains("002_81ca9869dae714d6#3"), "screen: \(r.output)")
        second.send(".quit\r")
        #expect(second.waitForExit() == 0)
    }

    /// Ctrl-C stops a query that would run for minutes (catastrophic backtracking) and gives
    /// the prompt back. (The backreference leaves the pattern to ICU; without it the automaton
    /// answers in linear time.)
    @Test func ctrlCStopsALongQuery() throws {
        let s = try PTYSession(["--corpus", ExplorerBinary.seeds, "--history", "/dev/null"], controlling: true)
        #expect(s.waitForPrompt())
        s.send("/(([^。]|x){1,40}){1,40}(量子|计算机)\\3/\r")
        usleep(1_000_000)
        s.send("\u{03}")
        let r = s.expect("interrupted", seconds: 10)
        #expect(r.found, "screen: \(r.output)")
        #expect(s.expect("explorer> ").found)
        s.send("营商环境\r")
        #expect(s.expect("3 articles").found)
        s.send(".quit\r")
        #expect(s.waitForExit() == 0)
    }

    /// A history file that is not text is set aside with a warning, not deleted, not a crash.
    @Test func corruptHistoryIsSetAside() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("explorer-history-\(UUID().uuidString)").path
        defer {
            for f in (try? FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)) ?? [] where f.hasPrefix((file as NSString).lastPathComponent) {
                try? FileManager.default.removeItem(atPath: FileManager.default.temporaryDirectory.appendingPathComponent(f).path)
            }
        }
        try Data([0x00, 0xFF, 0x13, 0x37, 0x00]).write(to: URL(fileURLWithPath: file))
        let s = try PTYSession(["--corpus", ExplorerBinary.seeds, "--history", file])
        let w = s.expect("starting a new one")
        #expect(w.found && w.output.contains("is not text; set aside as \(file).corrupt-"), "screen: \(w.output)")
        #expect(s.waitForPrompt())
        s.send("营商环境\r")
        #expect(s.expect("3 articles").found)
        s.send(".quit\r")
        #expect(s.waitForExit() == 0)
        let siblings = try FileManager.default.contentsOfDirectory(atPath: (file as NSString).deletingLastPathComponent)
        #expect(siblings.contains { $0.hasPrefix((file as NSString).lastPathComponent + ".corrupt-") })
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "营商环境\n")
    }

    /// Two prompts writing one history at once leave a valid file with both sessions' lines.
    @Test func twoPromptsShareAHistory() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("explorer-shared-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let a = try PTYSession(["--corpus", ExplorerBinary.seeds, "--history", file])
        let b = try PTYSession(["--corpus", ExplorerBinary.seeds, "--history", file])
        #expect(a.waitForPrompt() && b.waitForPrompt())
        for k in 0..<15 {
            a.send("党建 \(k)\r")
            b.send("营商 \(k)\r")
            #expect(a.expect("article").found && b.expect("article").found)
        }
        a.send(".quit\r")
        b.send(".quit\r")
        #expect(a.waitForExit() == 0 && b.waitForExit() == 0)
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == 30)
        #expect(Set(lines) == Set((0..<15).flatMap { ["党建 \($0)", "营商 \($0)"] }))
    }

    /// Matches are coloured on a terminal, and not with NO_COLOR (nor when piped: see the
    /// script tests, whose golden output has no escape codes).
    @Test(arguments: [false, true])
    func colourOnATerminalOnly(_ noColor: Bool) throws {
        let s = try PTYSession(["--corpus", ExplorerBinary.seeds, "--history", "/dev/null"], environment: ["NO_COLOR": noColor ? "1" : ""])
        #expect(s.waitForPrompt())
        s.send("营商环境 | kwic 4\r")
        let r = s.expect("3 articles")
        #expect(r.found)
        #expect(r.output.contains("\u{1B}[1;31m营商环境\u{1B}[0m") == !noColor, "screen: \(r.output)")
        #expect(r.output.contains("[营商环境]") == noColor)
        s.send(".quit\r")
        #expect(s.waitForExit() == 0)
    }

    @Test func ctrlDExits() throws {
        let s = try PTYSession(["--corpus", ExplorerBinary.seeds, "--history", "/dev/null"])
        #expect(s.waitForPrompt())
        s.send("\u{04}")
        #expect(s.waitForExit() == 0)
    }

    @Test func unknownCommandSuggestsTheNearest() throws {
        let s = try PTYSession(["--corpus", ExplorerBinary.seeds, "--history", "/dev/null"])
        #expect(s.waitForPrompt())
        s.send(".stast\r")
        let r = s.expect("(type .help)")
        #expect(r.found && r.output.contains("did you mean '.stats'?"), "screen: \(r.output)")
        s.send(".quit\r")
        #expect(s.waitForExit() == 0)
    }
}
