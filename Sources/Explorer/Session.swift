import Foundation
import CEdit
import Query

/// What one statement did, for the caller (the prompt, or a script runner that must stop).
enum Outcome {
    case ok
    case quit
    /// An error: the rendered message, and the diagnostic when the error has a place.
    case error(String, Diagnostic?, source: String)
}

/// The state a user builds up — corpus, output format, named queries, output file — and the
/// interpreter of one statement. The prompt and `-f` scripts share it, so a script prints
/// exactly what the same statements print interactively.
final class Session {
    var corpus: Corpus
    var engine: QueryEngine
    var renderer: Renderer
    var lets: [String: String] = [:]
    var timing = false
    let interactive: Bool
    var history: History?
    var tour: Tour?
    /// `.output FILE`: written to a temporary file beside FILE, renamed over it when output
    /// goes back to stdout or the session ends, so a failed run never leaves half a file.
    private var outputFile: (final: String, temp: String, handle: FileHandle)?
    private var readDepth = 0
    /// `--timeout SECONDS`: the longest a statement may run before it is stopped.
    var timeout: Double?
    private let deadline = Deadline()

    /// Read by the executor's cancellation check; written between statements on this thread.
    final class Deadline: @unchecked Sendable {
        var at: Date?
        var passed: Bool { at.map { Date() > $0 } ?? false }
    }

    static let commands = [".help", ".quit", ".exit", ".stats", ".show", ".articles", ".regions", ".authors", ".explain",
                           ".format", ".limit", ".timing", ".load", ".read", ".output", ".history", ".lets", ".tour", ".next"]

    init(corpus: Corpus, index: CorpusIndex, interactive: Bool, format: Format) {
        self.corpus = corpus
        self.interactive = interactive
        engine = QueryEngine(index: index)
        let d = deadline
        engine.isCancelled = { Session.interrupted() || d.passed }
        renderer = Renderer(engine: engine)
        renderer.format = format
        renderer.color = interactive && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        renderer.cap = interactive ? 50 : nil
    }

    /// Ctrl-C was pressed (the prompt's SIGINT handler sets the flag; scripts have none).
    static let interrupted: @Sendable () -> Bool = { LineEditor.interruptPending() }

    func write(_ s: String) {
        if let f = outputFile {
            f.handle.write(s.data(using: .utf8)!)
        } else {
            Output.write(s)
        }
    }

    /// Ends `.output FILE`: the temporary file replaces FILE — or, when the run failed, is
    /// removed and FILE keeps what it had.
    func closeOutput(failed: Bool = false) {
        guard let f = outputFile else { return }
        try? f.handle.close()
        if failed { unlink(f.temp) } else { _ = rename(f.temp, f.final) }
        outputFile = nil
    }

    // MARK: - Statements

    /// The result of the last query, for the tour.
    private var lastResult: QueryResult?

    func execute(_ raw: String) -> Outcome {
        let line = raw.trimmingCharacters(" \t\n")
        if line.isEmpty || line.hasPrefix("#") { return .ok }
        lastResult = nil
        let outcome: Outcome
        if line.hasPrefix(".") {
            outcome = command(line)
        } else if line.hasPrefix("let ") {
            outcome = define(line)
        } else if line.lowercased().hasPrefix("explain ") {
            outcome = explain(String(line.dropFirst(8)))
        } else {
            outcome = query(line)
        }
        if case .ok = outcome, let t = tour { t.ran(line, result: lastResult, session: self) }
        return outcome
    }

    func query(_ text: String) -> Outcome {
        let expanded: String
        switch expand(text) {
        case .failure(let d): return .error(d.render(Source(text)), d, source: text)
        case .success(let e): expanded = e
        }
        let started = Date()
        deadline.at = timeout.map { started.addingTimeInterval($0) }
        defer { deadline.at = nil }
        do {
            let result = try engine.run(expanded)
            let queried = Date()
            if deadline.passed {
                return .error(Session.stopped(after: timeout), nil, source: expanded)
            }
            if Session.interrupted() {
                write("interrupted\n")
                return .ok
            }
            let source = Source(expanded)
            for n in result.notes { write(n.render(source) + "\n") }
            write(renderer.render(result))
            if timing {
                write(String(format: "time: %.3f ms (query %.3f ms, render %.3f ms)\n", Date().timeIntervalSince(started) * 1000,
                             queried.timeIntervalSince(started) * 1000, Date().timeIntervalSince(queried) * 1000))
            }
            lastResult = result
            return .ok
        } catch {
            return .error(error.render(Source(expanded)), expanded == text ? error : nil, source: expanded)
        }
    }

    func explain(_ text: String) -> Outcome {
        switch expand(text) {
        case .failure(let d): return .error(d.render(Source(text)), d, source: text)
        case .success(let e):
            // The plan's counts run the query's parts: bounded by --timeout and Ctrl-C like a
            // query, and partial counts are never shown.
            deadline.at = timeout.map { Date().addingTimeInterval($0) }
            defer { deadline.at = nil }
            do {
                let plan = try engine.explain(e)
                if deadline.passed {
                    return .error(Session.stopped(after: timeout), nil, source: e)
                }
                if Session.interrupted() {
                    write("interrupted\n")
                    return .ok
                }
                write(plan + "\n")
                return .ok
            } catch {
                return .error(error.render(Source(e)), e == text ? error : nil, source: e)
            }
        }
    }

    /// What a statement stopped by `--timeout` reports.
    static func stopped(after timeout: Double?) -> String {
        String(format: "error: query stopped after %.1f s (the --timeout limit)", timeout ?? 0)
    }

    /// `let name = query`: a named query, used as `$name` (in parentheses) in later queries.
    func define(_ line: String) -> Outcome {
        let body = line.dropFirst(4)
        guard let eq = body.firstIndex(of: "=") else {
            return .error("error: let needs a name and a query: let shashi = region:沙市区", nil, source: line)
        }
        let name = String(body[..<eq]).trimmingCharacters(" \t")
        let value = String(body[body.index(after: eq)...]).trimmingCharacters(" \t")
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ CharacterFolding.isASCIIAlnum($0.value) || $0 == "_" || CharacterFolding.isHan($0.value) }) else {
            return .error("error: let: '\(name)' is not a name (letters, digits, _ or Hanzi)", nil, source: line)
        }
        guard !value.isEmpty else { return .error("error: let \(name): the query is empty", nil, source: line) }
        // Check it parses now, so that a mistake shows where it is made.
        switch expand(value) {
        case .failure(let d): return .error(d.render(Source(value)), nil, source: value)
        case .success(let e):
            do throws(Diagnostic) { _ = try engine.compile(e) } catch { return .error(error.render(Source(e)), nil, source: e) }
        }
        lets[name] = value
        return .ok
    }

    /// Replaces `$name` by `(query)`.
    func expand(_ text: String) -> Result<String, Diagnostic> {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        var depth = 0
        while i < scalars.count {
            guard scalars[i] == "$" else { out.append(scalars[i]); i += 1; continue }
            var k = i + 1
            while k < scalars.count, CharacterFolding.isASCIIAlnum(scalars[k].value) || scalars[k] == "_" || CharacterFolding.isHan(scalars[k].value) { k += 1 }
            var name = String.UnicodeScalarView()
            name.append(contentsOf: scalars[(i + 1)..<k])
            guard let value = lets[String(name)] else {
                let hint = Suggestions.nearest(String(name), in: Array(lets.keys)).map { "did you mean $\($0)?" } ?? (lets.isEmpty ? "define one with: let \(String(name)) = QUERY" : "defined: " + lets.keys.sorted().map { "$" + $0 }.joined(separator: " "))
                return .failure(Diagnostic("no query is named $\(String(name))", at: i..<k, hint: hint))
            }
            depth += 1
            if depth > 100 { return .failure(Diagnostic("named queries nested too deeply", at: i..<k)) }
            out.append(contentsOf: "(".unicodeScalars)
            if case .success(let inner) = expand(value) { out.append(contentsOf: inner.unicodeScalars) } else { out.append(contentsOf: value.unicodeScalars) }
            out.append(contentsOf: ")".unicodeScalars)
            i = k
        }
        return .success(String(out))
    }

    // MARK: - Dot commands

    func command(_ line: String) -> Outcome {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        let arg = parts.count == 2 ? parts[1].trimmingCharacters(" \t") : ""
        switch parts[0] {
        case ".quit", ".exit": return .quit
        case ".help": write(Help.text(arg)); return .ok
        case ".stats": write(stats()); return .ok
        case ".articles":
            for a in corpus.articles { write("\(a.id)\t\(a.firstLine)-\(a.lastLine)\t\(a.title)\(a.titleDerived ? " (derived)" : "")\n") }
            return .ok
        case ".show": return show(arg)
        case ".regions": write(listing(counts(\.regions, key: { $0.name }), prefix: arg, what: "region")); return .ok
        case ".authors":
            write(listing(counts(\.authors, key: { $0.name.isEmpty ? nil : $0.name }), prefix: arg, what: "author"))
            return .ok
        case ".explain": return explain(arg)
        case ".format":
            guard let f = Format(rawValue: arg) else {
                return .error("error: .format takes table, kwic, json or csv (now \(renderer.format.rawValue))", nil, source: line)
            }
            renderer.format = f
            return .ok
        case ".limit":
            guard let n = Int(arg), n >= 0 else {
                return .error("error: .limit takes a number of rows to show (0 shows all; now \(renderer.cap.map(String.init) ?? "0"))", nil, source: line)
            }
            renderer.cap = n == 0 ? nil : n
            return .ok
        case ".timing":
            guard arg == "on" || arg == "off" else { return .error("error: .timing takes on or off", nil, source: line) }
            timing = arg == "on"
            return .ok
        case ".load": return load(arg)
        case ".read": return read(arg)
        case ".output": return output(arg)
        case ".history":
            for (k, e) in (history?.entries ?? []).enumerated() { write("\(k + 1)  \(e)\n") }
            return .ok
        case ".lets":
            for (k, v) in lets.sorted(by: { $0.key < $1.key }) { write("let \(k) = \(v)\n") }
            return .ok
        case ".tour", ".next":
            if arg == "stop" { tour = nil; write("Tour ended. Type .tour to start again.\n"); return .ok }
            if parts[0] == ".tour" || tour == nil { tour = Tour() }
            else { tour!.advance() }
            write(tour!.current(self))
            if tour!.finished { tour = nil }
            return .ok
        default:
            var m = "error: unknown command '\(parts[0])'"
            if let s = Suggestions.nearest(parts[0], in: Session.commands) { m += "; did you mean '\(s)'?" }
            return .error(m + " (type .help)", nil, source: line)
        }
    }

    func show(_ id: String) -> Outcome {
        guard !id.isEmpty else { return .error("error: .show needs an article id, e.g. .show \(corpus.articles.first?.id ?? "DOC#1")", nil, source: id) }
        guard let k = corpus.articles.firstIndex(where: { $0.id == id }) else {
            var m = "error: no article '\(id)'"
            if let s = Suggestions.nearest(id, in: corpus.articles.map(\.id)) { m += "; did you mean '\(s)'?" }
            return .error(m, nil, source: id)
        }
        let a = corpus.articles[k]
        var out = "\(a.id)  \(a.doc) lines \(a.firstLine)-\(a.lastLine)\n"
        out += "title: \(a.title)\(a.titleDerived ? " (derived)" : "")\n"
        if let s = a.subtitle { out += "subtitle: \(s)\n" }
        if let c = a.column { out += "column: \(c)\n" }
        if !a.byline.isEmpty { out += "byline: \(a.byline.joined(separator: " / "))\n" }
        for c in a.credits { out += "credit (\(c.kind.rawValue)): \(c.text)\n" }
        if !a.authors.isEmpty { out += "authors: " + a.authors.map { [$0.name, $0.role, $0.affiliation].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "/") }.joined(separator: ", ") + "\n" }
        if !a.regions.isEmpty { out += "regions: " + a.regions.map { $0.path.joined(separator: "›") }.joined(separator: ", ") + "\n" }
        if !a.dates.isEmpty { out += "dates: " + a.dates.map(\.iso).joined(separator: ", ") + "\n" }
        if !a.figures.isEmpty { out += "figures: " + a.figures.map(\.text).joined(separator: ", ") + "\n" }
        var text = a.text
        if renderer.color {
            for f in a.figures.map(\.text) where !f.isEmpty { text = text.replacingOccurrences(of: f, with: "\u{1B}[1;33m" + f + "\u{1B}[0m") }
        }
        write(out + "\n" + text + "\n")
        return .ok
    }

    /// Articles per key, each article counted once a key, most first, ties by key. One hash a
    /// key: a `Set` made for every article had been most of `.stats` (0.45 s at 500 MB).
    func counts<T>(_ path: KeyPath<Article, [T]>, key: (T) -> String?) -> [(String, Int)] {
        var c: [String: (count: Int, lastArticle: Int)] = [:]
        func count(_ e: inout (count: Int, lastArticle: Int), _ article: Int) {
            if e.lastArticle != article { e = (e.count + 1, article) }
        }
        for i in corpus.articles.indices {
            for x in corpus.articles[i][keyPath: path] {
                if let k = key(x) { count(&c[k, default: (0, -1)], i) }
            }
        }
        return c.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key < $1.key }.map { ($0.key, $0.value.count) }
    }

    func listing(_ rows: [(String, Int)], prefix: String, what: String) -> String {
        let shown = rows.filter { prefix.isEmpty || $0.0.hasPrefix(prefix) }
        let w = max(DisplayWidth.of(what.uppercased()), shown.map { DisplayWidth.of($0.0) }.max() ?? 0)
        var out = DisplayWidth.fit(what.uppercased(), w) + "  ARTICLES\n"
        for (k, n) in shown { out += DisplayWidth.fit(k, w) + "  \(n)\n" }
        return out + "\(shown.count) \(what)\(shown.count == 1 ? "" : "s")" + (prefix.isEmpty ? "" : " starting with \(prefix)") + "\n"
    }

    func stats() -> String {
        var out = "corpus: \(corpus.root)\n" + corpus.report.summary + "\n"
        out += "documents: \(corpus.documents.count), articles: \(corpus.articles.count)\n"
        let regions = counts(\.regions, key: { $0.name }).prefix(5).map { "\($0.0) \($0.1)" }
        let authors = counts(\.authors, key: { $0.name.isEmpty ? nil : $0.name }).prefix(5).map { "\($0.0) \($0.1)" }
        out += "top regions: " + regions.joined(separator: ", ") + "\n"
        out += "top authors: " + authors.joined(separator: ", ") + "\n"
        let memory = Session.statusMB(["VmHWM:", "RssAnon:", "RssFile:"])
        if let peak = memory["VmHWM:"] {
            out += String(format: "memory: peak RSS %.0f MB", peak)
            // Pages read in place from the index cache are the file's, in the page cache: the
            // kernel can drop and reread them, which it cannot do with the process's own.
            if let own = memory["RssAnon:"], let mapped = memory["RssFile:"] {
                out += String(format: " (now %.0f MB of its own, %.0f MB mapped from files)", own, mapped)
            }
            out += "\n"
        }
        out += "index: " + engine.index.sizes.map { String(format: "%@ %.1f MB", $0.part, Double($0.bytes) / 1e6) }.joined(separator: ", ") + "\n"
        out += "figures by unit: " + engine.index.figuresByUnit.prefix(10).map { "\(Renderer.label($0.unit, .unit)) \($0.count)" }.joined(separator: ", ") + "\n"
        return out
    }

    /// Peak resident memory of this process (VmHWM), for `.stats` and the benchmark.
    /// Fields of /proc/self/status given in kB, in MB, read in one go.
    static func statusMB(_ fields: [String]) -> [String: Double] {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return [:] }
        var out: [String: Double] = [:]
        for line in status.split(separator: "\n") {
            guard let field = fields.first(where: { line.hasPrefix($0) }),
                  let kb = line.split(separator: " ").compactMap({ Double($0) }).first else { continue }
            out[field] = kb / 1024
        }
        return out
    }

    func load(_ dir: String) -> Outcome {
        guard !dir.isEmpty else { return .error("error: .load needs a folder", nil, source: dir) }
        do {
            let c = try CorpusLoader.load(dir)
            for s in c.report.skipped { write("warning: \(s)\n") }
            corpus = c
            engine = QueryEngine(index: CorpusIndex(corpus: c))
            let d = deadline
            engine.isCancelled = { Session.interrupted() || d.passed }
            renderer = Renderer(engine: engine, format: renderer.format, color: renderer.color, cap: renderer.cap)
            write("loaded \(dir): \(c.report.summary)\n")
            return .ok
        } catch let e as CorpusError {
            return .error("error: " + e.description, nil, source: dir)
        } catch {
            return .error("error: cannot load \(dir): \(error)", nil, source: dir)
        }
    }

    func read(_ path: String) -> Outcome {
        guard !path.isEmpty else { return .error("error: .read needs a script file", nil, source: path) }
        guard readDepth < 16 else { return .error("error: .read nested more than 16 deep (does \(path) read itself?)", nil, source: path) }
        readDepth += 1
        defer { readDepth -= 1 }
        let runner = ScriptRunner(session: self, keepGoing: false)
        switch runner.run(path: path) {
        case 0: return .ok
        case 3: return .quit
        default: return .error("", nil, source: path)  // the runner printed the error with FILE:LINE:COL
        }
    }

    func output(_ path: String) -> Outcome {
        closeOutput()
        guard !path.isEmpty, path != "stdout" else { return .ok }
        let temp = path + ".partial-\(getpid())"
        guard FileManager.default.createFile(atPath: temp, contents: nil), let h = FileHandle(forWritingAtPath: temp) else {
            return .error("error: .output: cannot write \(path)", nil, source: path)
        }
        outputFile = (path, temp, h)
        return .ok
    }
}
