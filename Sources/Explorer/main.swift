import Foundation
import CEdit
import Query

/// Entry point: parse the command line, load the corpus, run the command.
/// Exit codes: 0 success, 1 a query error, 2 a usage or corpus error.

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
    let corpus = loadCorpus(options.corpus)
    let engine = QueryEngine(index: CorpusIndex(articles: corpus.articles))
    if let q = options.query {
        exit(runOneQuery(q, engine: engine, format: options.format))
    }
    let repl = REPL(corpus: corpus, engine: engine)
    repl.renderer.format = options.format
    exit(repl.run())
}

/// `explorer -c QUERY`: results on stdout, notes and errors on stderr.
func runOneQuery(_ q: String, engine: QueryEngine, format: Format) -> Int32 {
    do {
        let trimmed = q.trimmingCharacters(in: " \t")
        if trimmed.lowercased().hasPrefix("explain ") {
            Output.write(try engine.explain(String(trimmed.dropFirst(8))) + "\n")
            Output.flush()
            return 0
        }
        let result = try engine.run(q)
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
