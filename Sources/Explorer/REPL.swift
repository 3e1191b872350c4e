import Foundation
import CEdit
import Query

/// The interactive prompt: reads statements (spanning lines while parentheses or quotes are
/// open, or after a trailing `\`), keeps the history, completes with Tab, and hands each
/// statement to the `Session`.
final class REPL {
    let session: Session
    let editor = LineEditor(program: "explorer")
    let history: History

    init(session: Session, historyPath: String?) {
        self.session = session
        history = History(path: editor.interactive ? History.defaultPath(historyPath) : nil)
        session.history = history
        if let warning = history.load() { Output.warn("warning: " + warning) }
        editor.loadHistory(history.entries)
        editor.completer = { [unowned self] before in Completion(session: self.session).complete(before) }
    }

    func run() -> Int32 {
        if editor.interactive {
            Output.write("Corpus Explorer: \(session.corpus.root) — \(session.corpus.report.summary). Type .help for help, .tour for a guided walk.\n")
            Output.flush()
        }
        var reader = StatementReader()
        while true {
            editor.setPrompt(reader.isEmpty ? "explorer> " : "     ...> ")
            switch editor.read() {
            case .end:
                if let rest = reader.flush() { _ = run(rest) }
                if editor.interactive { Output.write("\n") }
                session.closeOutput()
                Output.flush()
                return 0
            case .interrupted:
                // Ctrl-C abandons the line (and a statement being continued).
                _ = reader.flush()
                Output.write("\n")
                Output.flush()
            case .line(let raw):
                guard let statement = reader.add(raw) else { continue }
                if statement.trimmingCharacters(" \t\n").isEmpty { continue }
                let trimmed = statement.trimmingCharacters(" \t")
                if trimmed != ".quit" && trimmed != ".exit" {  // ↑ should not bring back the way out
                    editor.remember(statement)
                    history.add(statement)
                }
                if !run(statement) {
                    session.closeOutput()
                    Output.flush()
                    return 0
                }
            }
        }
    }

    /// Runs a statement; false to quit.
    func run(_ statement: String) -> Bool {
        _ = LineEditor.takeInterrupt()
        let outcome = session.execute(statement)
        switch outcome {
        case .quit: return false
        case .error(let message, _, _): session.write(message + "\n")
        case .ok: break
        }
        Output.flush()
        _ = LineEditor.takeInterrupt()  // a Ctrl-C that stopped the query is used up
        return true
    }
}

/// Tab completion: commands after `.`, field names (reg⇥ → region:), values after a field
/// (region:沙⇥ → 沙市区; authors; units), stage words after `|`, named queries after `$`.
struct Completion {
    let session: Session

    func complete(_ before: String) -> (wordLength: Int, candidates: [String]) {
        let scalars = Array(before.unicodeScalars)
        var start = scalars.count
        while start > 0, !" ()|\t".unicodeScalars.contains(scalars[start - 1]) { start -= 1 }
        var w = String.UnicodeScalarView()
        w.append(contentsOf: scalars[start...])
        let word = String(w)
        let length = scalars.count - start
        if start == 0, word.hasPrefix(".") {
            return (length, Session.commands.filter { $0.hasPrefix(word) }.map { $0 + " " })
        }
        if word.hasPrefix("$") {
            return (length, session.lets.keys.sorted().map { "$" + $0 }.filter { $0.hasPrefix(word) })
        }
        if let colon = word.firstIndex(of: ":") {
            let field = word[..<colon].lowercased()
            let prefix = String(word[word.index(after: colon)...])
            let values: [String]
            switch field {
            case "region":
                values = session.engine.index.allRegionNames
                    + Gazetteer.shared.entries.lazy.filter { $0.level != .town }.map(\.name)
            case "author": values = session.engine.index.allAuthorKeys
            case "unit": values = session.engine.index.allUnits
            case "doc": values = session.corpus.documents.map(\.name)
            default: values = []
            }
            var seen = Set<String>()
            let matches = values.filter { $0.hasPrefix(prefix) && seen.insert($0).inserted }
            return (length, matches.prefix(200).map { field + ":" + $0 + " " })
        }
        let afterPipe = before.split(separator: "|").count > 1 || before.hasSuffix("|")
        if afterPipe {
            let stages = ["count by ", "sort by ", "limit ", "kwic ", "figures", "region", "author", "doc", "unit", "year", "figure", "date", "desc", "asc"]
            return (length, stages.filter { $0.hasPrefix(word) && !word.isEmpty })
        }
        guard !word.isEmpty else { return (0, []) }
        let words = Parser.fields.map { $0 + ":" } + ["and ", "or ", "not ", "near(", "explain ", "let "]
        return (length, words.filter { $0.hasPrefix(word.lowercased()) })
    }
}
