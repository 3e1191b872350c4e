import Foundation
import Query

/// Joins physical lines into statements: a statement goes on while its parentheses or quotes
/// are open, or while a line ends in `\`.
struct StatementReader {
    private(set) var pending: [String] = []
    var isEmpty: Bool { pending.isEmpty }

    /// Adds a line; returns the statement when it is complete.
    mutating func add(_ line: String) -> String? {
        var l = line
        let continued = l.hasSuffix("\\")
        if continued { l.removeLast() }
        pending.append(l)
        let text = pending.joined(separator: "\n")
        if continued || StatementReader.isOpen(text) { return nil }
        pending = []
        return text
    }

    /// Whatever is pending, at the end of input.
    mutating func flush() -> String? {
        defer { pending = [] }
        return pending.isEmpty ? nil : pending.joined(separator: "\n")
    }

    /// Open parentheses or an open quote, outside quotes and /regex/.
    static func isOpen(_ s: String) -> Bool {
        if s.hasPrefix(".") || s.hasPrefix("#") { return false }
        var depth = 0
        var inQuote = false
        for u in s.unicodeScalars {
            let f = CharacterFolding.fold(u.value)
            if f == 0x22 { inQuote.toggle(); continue }
            if inQuote { continue }
            if f == 0x28 { depth += 1 } else if f == 0x29 { depth -= 1 }
        }
        return inQuote || depth > 0
    }
}

/// `explorer -f FILE` and `.read FILE`: runs a script's statements in a session. An error is
/// reported as FILE:LINE:COL with the caret, and stops the script (exit 1) unless keepGoing.
struct ScriptRunner {
    let session: Session
    let keepGoing: Bool

    /// 0: success, 1: an error in the script, 2: the file cannot be read, 3: .quit.
    func run(path: String) -> Int32 {
        let text: String
        if path == "-" {
            var lines: [String] = []
            while let l = readLine(strippingNewline: true) { lines.append(l) }
            text = lines.joined(separator: "\n")
        } else {
            guard let data = FileManager.default.contents(atPath: path) else {
                Output.flush()
                Output.warn("error: cannot read script '\(path)': no such file, or not readable")
                return 2
            }
            guard let t = String(data: data, encoding: .utf8) else {
                Output.flush()
                Output.warn("error: script '\(path)' is not UTF-8 text")
                return 2
            }
            text = t
        }
        return run(text: text, name: path == "-" ? "<stdin>" : path)
    }

    func run(text: String, name: String) -> Int32 {
        var reader = StatementReader()
        var status: Int32 = 0
        var startLine = 1
        // Split by scalars: as a `Character`, a CRLF line break is one grapheme, not "\n", and
        // a script saved with CRLF was read as one line.
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(Substring($0)).trimmingCharacters("\r") }
        for (k, line) in lines.enumerated() {
            if reader.isEmpty { startLine = k + 1 }
            guard let statement = reader.add(line) else { continue }
            switch execute(statement, name: name, line: startLine) {
            case .quit: return 3
            case .failed:
                status = 1
                if !keepGoing { return 1 }
            case .ok: break
            }
        }
        if let rest = reader.flush() {
            switch execute(rest, name: name, line: startLine) {
            case .failed: return 1
            default: break
            }
        }
        return status
    }

    enum Result { case ok, failed, quit }

    func execute(_ statement: String, name: String, line: Int) -> Result {
        switch session.execute(statement) {
        case .ok: return .ok
        case .quit: return .quit
        case .error(let message, let diagnostic, let source):
            guard !message.isEmpty else { return .failed }  // a nested .read already reported
            session.write("")  // keep ordering with what was written before
            Output.flush()
            // FILE:LINE:COL, counting lines and columns inside a statement that spans lines.
            var l = line, col = 1
            if let d = diagnostic {
                let before = Array(source.unicodeScalars.prefix(d.range.lowerBound))
                l += before.filter { $0 == "\n" }.count
                col = (before.lastIndex(of: "\n").map { before.count - $0 - 1 } ?? before.count) + 1
            }
            var text = message
            if text.hasPrefix("error: ") { text.removeFirst(7) }
            Output.stderr("\(name):\(l):\(col): error: " + text)
            return .failed
        }
    }
}
