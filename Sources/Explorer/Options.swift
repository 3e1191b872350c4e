import Query

/// A usage error: the message says what was expected and offers the nearest valid spelling.
/// Exit code 2.
struct UsageError: Error {
    var message: String
}

/// What the command line asked for.
struct Options {
    enum Command: String, CaseIterable {
        case repl
        case extract
        case help
        case version
    }

    var command: Command = .repl
    var corpus: String?
    var text: String?
    var query: String?
    var script: String?
    var keepGoing = false
    var history: String?
    var timeout: Double?
    var cache = true
    var format: Format = .table

    static let usage = """
        USAGE: explorer [--corpus DIR]
               explorer -c QUERY [--corpus DIR] [--format table|kwic|json|csv]
               explorer -f SCRIPT [--keep-going] [--corpus DIR] [--format …]
               explorer extract [--corpus DIR] [--text STRING]

        Corpus Explorer: search and study a corpus of Chinese local-government news.

        COMMANDS:
          (none)                  Start the interactive prompt over the corpus.
          extract                 Print every article as one JSON object a line (JSON Lines).

        OPTIONS:
          -c QUERY                Run one query and exit (0: success, also when nothing matches;
                                  1: an error in the query; 2: a usage error).
          -f SCRIPT               Run a script: one statement a line, # comments, let, .read
                                  (- reads stdin). Errors say SCRIPT:LINE:COL and stop it
                                  with exit code 1.
          --keep-going            With -f: report errors and go on (exit code 1 at the end).
          --timeout SECONDS       Stop any query that runs longer: with -c an error (exit code 1),
                                  in a script an error at its line.
          --no-cache              Build the index anew and do not save it (also EXPLORER_CACHE=off).
                                  By default the built index is saved under ~/.cache/corpus-explorer
                                  ($XDG_CACHE_HOME, $EXPLORER_CACHE_DIR) and reused while no file
                                  of the corpus changes.
          --history FILE          The prompt's history file (default: $EXPLORER_HISTORY, else
                                  $XDG_STATE_HOME or ~/.local/state /corpus-explorer/history).
          --format FORMAT         table (default), kwic, json (JSON Lines) or csv.
          --corpus DIR            The corpus: every .txt file below DIR (default: seeds/).
          --text STRING           With extract: treat STRING as one article of its own.
          -h, --help              Show this help.
          --version               Show the version.
        """

    static let optionNames = ["--corpus", "--text", "--format", "--help", "--version", "-c", "-f", "--keep-going", "--history", "--timeout", "--no-cache"]

    static func parse(_ args: [String]) throws -> Options {
        var o = Options()
        var i = 0
        var sawCommand = false
        func value(_ name: String) throws -> String {
            guard i + 1 < args.count, name == "-c" || !args[i + 1].hasPrefix("--") else {
                let what = name == "--corpus" ? "a folder" : name == "-c" ? "a query" : name == "--format" ? "table, kwic, json or csv" : name == "-f" ? "a script file" : name == "--history" ? "a file" : "a string"
                throw UsageError(message: "missing value for '\(name)': expected \(what) after it")
            }
            i += 1
            return args[i]
        }
        while i < args.count {
            let a = args[i]
            switch a {
            case "--corpus": o.corpus = try value(a)
            case "--text": o.text = try value(a)
            case "-c", "--command": o.query = try value(a)
            case "-f", "--file": o.script = try value(a)
            case "--keep-going": o.keepGoing = true
            case "--no-cache": o.cache = false
            case "--history": o.history = try value(a)
            case "--timeout":
                let v = try value(a)
                guard let t = Double(v), t > 0 else { throw UsageError(message: "--timeout: expected a number of seconds greater than 0, not '\(v)'") }
                o.timeout = t
            case "--format":
                let v = try value(a)
                guard let f = Format(rawValue: v) else {
                    var m = "unknown format '\(v)': expected table, kwic, json or csv"
                    if let s = Suggestions.nearest(v, in: Format.allCases.map(\.rawValue)) { m += "; did you mean '\(s)'?" }
                    throw UsageError(message: m)
                }
                o.format = f
            case "-h", "--help": o.command = .help
            case "--version": o.command = .version
            default:
                if a.hasPrefix("--corpus=") { o.corpus = String(a.dropFirst(9)); break }
                if a.hasPrefix("-") {
                    var m = "unknown option '\(a)'"
                    if let s = Suggestions.nearest(a, in: optionNames) { m += "; did you mean '\(s)'?" }
                    throw UsageError(message: m + " (see 'explorer --help')")
                }
                guard !sawCommand, let c = Command(rawValue: a), c == .extract else {
                    var m = "unexpected argument '\(a)': expected a command (extract) or an option"
                    if let s = Suggestions.nearest(a, in: ["extract"]) { m = "unknown command '\(a)'; did you mean '\(s)'?" }
                    throw UsageError(message: m)
                }
                sawCommand = true
                o.command = c
            }
            i += 1
        }
        if o.query != nil && o.script != nil {
            throw UsageError(message: "-c and -f cannot be used together: run one query, or one script")
        }
        if o.text != nil && o.command != .extract {
            throw UsageError(message: "'--text' goes with the extract command: explorer extract --text STRING")
        }
        return o
    }
}
