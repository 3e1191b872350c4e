import Foundation
import CEdit
import Query

/// The interactive prompt: queries in the query language, `explain QUERY`, and dot commands.
final class REPL {
    let corpus: Corpus
    let engine: QueryEngine
    let editor = LineEditor(program: "explorer")
    var renderer: Renderer

    init(corpus: Corpus, engine: QueryEngine) {
        self.corpus = corpus
        self.engine = engine
        renderer = Renderer(engine: engine)
        renderer.color = editor.interactive && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        renderer.cap = editor.interactive ? 50 : nil
    }

    static let commands = [".help", ".quit", ".exit", ".stats", ".show", ".articles", ".explain", ".format"]

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
                    Type a query: words and "phrases" (juxtaposition is and), or, not / -term,
                    ( ), fields region: author: title: doc: date: unit: figure:, /regex/,
                    near(a, b, N), then stages: | count by region|author|doc|unit|year,
                    | sort by figure desc, | sort by date, | limit N, | kwic [N], | figures.
                    Examples:
                      营商环境
                      region:荆州市 figure:>=1亿元
                      /[0-9.]+亿元/ | kwic 10
                      author:通讯员 | count by author
                      explain region:沙市 党建
                      .stats            corpus summary
                      .articles         every article: id, lines, title
                      .show ID          one article with its byline, credits and text
                      .explain QUERY    the parse tree and plan with the size of each step
                      .format F         table, kwic, json or csv
                      .quit             leave (Ctrl-D works too)

                    """)
            case ".stats":
                Output.write(corpus.report.summary + "\n")
            case ".articles":
                for a in corpus.articles { Output.write("\(a.id)\t\(a.firstLine)-\(a.lastLine)\t\(a.title)\(a.titleDerived ? " (derived)" : "")\n") }
            case ".explain":
                explain(parts.count == 2 ? parts[1] : "")
            case ".format":
                guard parts.count == 2, let f = Format(rawValue: parts[1].trimmingCharacters(in: " ")) else {
                    Output.write("error: .format takes table, kwic, json or csv (now \(renderer.format.rawValue))\n")
                    return
                }
                renderer.format = f
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
        if line.lowercased().hasPrefix("explain ") {
            explain(String(line.dropFirst(8)))
            return
        }
        do {
            let result = try engine.run(line)
            let source = Source(line)
            for n in result.notes { Output.write(n.render(source) + "\n") }
            Output.write(renderer.render(result))
        } catch {
            Output.write(error.render(Source(line)) + "\n")
        }
    }

    func explain(_ q: String) {
        do {
            Output.write(try engine.explain(q) + "\n")
        } catch {
            Output.write(error.render(Source(q)) + "\n")
        }
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
