import Foundation
import CEdit
import Query

/// The interactive prompt. For now: a substring search over the normalised article text and a
/// few dot commands; the query language replaces the search when it lands.
final class REPL {
    let corpus: Corpus
    let editor = LineEditor(program: "explorer")

    init(corpus: Corpus) { self.corpus = corpus }

    static let commands = [".help", ".quit", ".exit", ".stats", ".show", ".articles"]

    func run() -> Int32 {
        if editor.interactive {
            print("Corpus Explorer: \(corpus.root) — \(corpus.report.summary). Type .help for help.")
            Output.flush()
        }
        while true {
            switch editor.read() {
            case .end:
                if editor.interactive { print("") }
                Output.flush()
                return 0
            case .interrupted:
                print("")
                Output.flush()
            case .line(let raw):
                let line = raw.trimmingCharacters(in: " \t")
                if line.isEmpty { continue }
                if line == ".quit" || line == ".exit" { Output.flush(); return 0 }
                execute(line)
                Output.flush()
            }
        }
    }

    func execute(_ line: String) {
        if line.hasPrefix(".") {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            switch parts[0] {
            case ".help":
                Output.write("""
                    Type text to list the articles whose normalised text contains it (full- and half-width
                    forms are the same; spaces are ignored).
                      .stats            corpus summary
                      .articles         every article: id, lines, title
                      .show ID          one article with its byline, credits and text
                      .quit             leave (Ctrl-D works too)

                    """)
            case ".stats":
                Output.write(corpus.report.summary + "\n")
            case ".articles":
                for a in corpus.articles { Output.write("\(a.id)\t\(a.firstLine)-\(a.lastLine)\t\(a.title)\(a.titleDerived ? " (derived)" : "")\n") }
            case ".show":
                guard parts.count == 2 else { Output.write("error: .show needs an article id, e.g. .show \(corpus.articles.first?.id ?? "DOC#1")\n"); return }
                show(parts[1].trimmingCharacters(in: " "))
            default:
                var m = "error: unknown command '\(parts[0])'"
                if let s = Suggestions.nearest(parts[0], in: REPL.commands) { m += "; did you mean '\(s)'?" }
                Output.write(m + " (type .help)\n")
            }
            return
        }
        let needle = CharacterFolding.fold(line).replacingOccurrences(of: " ", with: "")
        var hits = 0
        for a in corpus.articles where a.text.contains(needle) {
            hits += 1
            Output.write("\(a.id)\t\(a.title)\n")
        }
        Output.write("\(hits) article\(hits == 1 ? "" : "s")\n")
    }

    func show(_ id: String) {
        guard let a = corpus.articles.first(where: { $0.id == id }) else {
            var m = "error: no article '\(id)'"
            if let s = Suggestions.nearest(id, in: corpus.articles.map(\.id)) { m += "; did you mean '\(s)'?" }
            Output.write(m + "\n")
            return
        }
        var out = "\(a.id)  \(a.doc) lines \(a.firstLine)-\(a.lastLine)\n"
        out += "title: \(a.title)\(a.titleDerived ? " (derived)" : "")\n"
        if let s = a.subtitle { out += "subtitle: \(s)\n" }
        if let c = a.column { out += "column: \(c)\n" }
        if !a.byline.isEmpty { out += "byline: \(a.byline.joined(separator: " / "))\n" }
        for c in a.credits { out += "credit (\(c.kind.rawValue)): \(c.text)\n" }
        out += "\n" + a.text + "\n"
        Output.write(out)
    }
}
