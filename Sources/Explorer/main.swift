import Foundation
import CEdit
import Query

/// Entry point: parse the command line, load the corpus, run the command.
/// Exit codes: 0 success, 1 a query error, 2 a usage or corpus error.

cedit_unblock_signals()
setvbuf(cedit_stdout(), nil, _IOFBF, 1 << 16)
signal(SIGPIPE, SIG_IGN)

func fail(_ message: String, code: Int32) -> Never {
    fflush(cedit_stdout())
    FileHandle.standardError.write(("explorer: error: " + message + "\n").data(using: .utf8)!)
    exit(code)
}

let options: Options
do {
    options = try Options.parse(Array(CommandLine.arguments.dropFirst()))
} catch let e as UsageError {
    fail(e.message, code: 2)
}

switch options.command {
case .help:
    print(Options.usage)
    exit(0)
case .version:
    print("explorer 0.1.0")
    exit(0)
case .extract:
    if let text = options.text {
        var one = [Snippet.article(text)]
        Extraction.extract(&one, furniture: [])
        Output.write(ArticleJSON.line(one[0]) + "\n")
        Output.flush()
        exit(0)
    }
    let corpus = loadCorpus(options.corpus)
    for a in corpus.articles { Output.write(ArticleJSON.line(a) + "\n") }
    Output.flush()
    exit(0)
case .repl:
    let (corpus, index) = loadIndexedCorpus(options.corpus, useCache: options.cache)
    if let q = options.query {
        exit(runOneQuery(q, engine: QueryEngine(index: index), format: options.format, timeout: options.timeout))
    }
    if let script = options.script {
        let session = Session(corpus: corpus, index: index, interactive: false, format: options.format)
        session.timeout = options.timeout
        let status = ScriptRunner(session: session, keepGoing: options.keepGoing).run(path: script)
        session.closeOutput(failed: status == 1 || status == 2)
        Output.flush()
        exit(status == 3 ? 0 : status)
    }
    let interactive = cedit_is_tty(0) != 0 && cedit_is_tty(1) != 0
    let session = Session(corpus: corpus, index: index, interactive: interactive, format: options.format)
    session.timeout = options.timeout
    if cedit_is_tty(0) == 0 {
        // Statements piped in are a script: the same output, errors as <stdin>:LINE:COL.
        let status = ScriptRunner(session: session, keepGoing: options.keepGoing).run(path: "-")
        session.closeOutput(failed: status == 1 || status == 2)
        Output.flush()
        exit(status == 3 ? 0 : status)
    }
    let repl = REPL(session: session, historyPath: options.history)
    exit(repl.run())
}

/// `explorer -c QUERY`: results on stdout, notes and errors on stderr.
func runOneQuery(_ q: String, engine: QueryEngine, format: Format, timeout: Double?) -> Int32 {
    // `--timeout` stops the query as it stops a script's statement (Ctrl-C ends the process).
    var engine = engine
    let deadline = Session.Deadline()
    deadline.at = timeout.map { Date().addingTimeInterval($0) }
    engine.isCancelled = { deadline.passed }
    func stopped() -> Bool {
        guard deadline.passed else { return false }
        Output.flush()
        Output.warn(Session.stopped(after: timeout))
        return true
    }
    do {
        let trimmed = q.trimmingCharacters(" \t")
        if trimmed.lowercased().hasPrefix("explain ") {
            let plan = try engine.explain(String(trimmed.dropFirst(8)))
            if stopped() { return 1 }  // its counts would be partial
            Output.write(plan + "\n")
            Output.flush()
            return 0
        }
        let result = try engine.run(q)
        if stopped() { return 1 }
        let source = Source(q)
        for n in result.notes { Output.warn(n.render(source)) }
        var r = Renderer(engine: engine)
        r.format = format
        Output.write(r.render(result))
        Output.flush()
        return 0
    } catch {
        Output.flush()
        FileHandle.standardError.write((error.render(Source(q)) + "\n").data(using: .utf8)!)
        return 1
    }
}
