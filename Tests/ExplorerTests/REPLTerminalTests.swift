import Foundation
import Testing

/// The prompt on a real pseudo-terminal: libedit, wide characters, exit.
@Suite(.serialized)
struct REPLTerminalTests {
    @Test func typeChineseDeleteAHanziAndSearch() throws {
        let s = try PTYSession(["--corpus", ExplorerBinary.seeds])
        let banner = s.expect("Type .help for help.")
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

    @Test func ctrlDExits() throws {
        let s = try PTYSession(["--corpus", ExplorerBinary.seeds])
        #expect(s.waitForPrompt())
        s.send("\u{04}")
        #expect(s.waitForExit() == 0)
    }

    @Test func unknownCommandSuggestsTheNearest() throws {
        let s = try PTYSession(["--corpus", ExplorerBinary.seeds])
        #expect(s.waitForPrompt())
        s.send(".stast\r")
        let r = s.expect("(type .help)")
        #expect(r.found && r.output.contains("did you mean '.stats'?"), "screen: \(r.output)")
        s.send(".quit\r")
        #expect(s.waitForExit() == 0)
    }
}
