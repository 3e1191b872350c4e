/// `.help [topic]`. Every line that starts with `  explorer> ` is an example the tests run,
/// so the help cannot go stale.
enum Help {
    static let topics: [(String, String)] = [
        ("queries", """
            Words and "phrases" match the normalised text (spaces ignored; full- and half-width
            forms are the same). Juxtaposition is and; also or, not (or -term), and ( ).
            Precedence: not > and > or.
              explorer> 营商环境
              explorer> "共同缔造" 东苑社区
              explorer> (党建 or 营商) -region:沙市区
              explorer> /[0-9.]+亿元/
              explorer> near(党建, 引领, 10)
            """),
        ("fields", """
            region:  a place or any place inside it (沙市区, 沙市, 荆州市, 东苑社区)
            author:  a name, a role (记者 通讯员 摄影 作者 讲话 编辑 来源) or an affiliation
            title:   doc:   date: YYYY[-MM[-DD]] or A..B   unit: a figure's unit
              explorer> region:荆州市 党建
              explorer> author:通讯员 | count by author
              explorer> date:2022-11..2023-03 | sort by date
              explorer> unit:平方公里
              explorer> title:营商
            """),
        ("figures", """
            figure: a number with its unit, compared or in a range; magnitudes and Chinese
            numerals work (1.5万个, 三千人); qualifiers count (70余万元 satisfies >70万元).
              explorer> figure:>=95%
              explorer> figure:1亿元..20亿元 | figures
              explorer> figure:<3000万元
              explorer> region:松滋 figure:>=70万元 | figures
              explorer> figure:>=1亿元 | sort by figure desc | limit 3
            """),
        ("stages", """
            After |: count by region|author|doc|unit|year, sort by figure [desc|asc],
            sort by date [asc|desc], limit N, kwic [N], figures.
              explorer> 党建 | count by region
              explorer> 营商环境 | kwic 8
              explorer> figure:>=1亿元 | figures
              explorer> | count by year
            """),
        ("commands", """
            .stats .articles .show ID .regions [prefix] .authors [prefix] .format table|kwic|json|csv
            .limit N .timing on|off .explain QUERY .load DIR .read FILE .output FILE|stdout
            .history .lets .tour .quit     let NAME = QUERY, then $NAME in queries
              explorer> let shashi = region:沙市区
              explorer> $shashi and 党建
              explorer> explain $shashi 党建
            """),
        ("scripts", """
            explorer -f FILE runs one statement a line (# comments, let, .read); the output is
            what the prompt prints, without prompts. An error stops it with FILE:LINE:COL and
            exit code 1, unless --keep-going. Examples in examples/.
            """),
    ]

    static func text(_ topic: String) -> String {
        if topic.isEmpty {
            return """
                Corpus Explorer — type a query, or a command starting with a dot.
                  explorer> region:荆州市 figure:>=1亿元
                  explorer> 营商环境 | kwic 8
                Topics: .help queries | fields | figures | stages | commands | scripts
                New here? .tour walks you through the corpus a step at a time.

                """
        }
        guard let t = topics.first(where: { $0.0 == topic.lowercased() }) else {
            var m = "no help topic '\(topic)'"
            if let s = Suggestions.nearest(topic, in: topics.map(\.0)) { m += "; did you mean '\(s)'?" }
            return m + " (topics: " + topics.map(\.0).joined(separator: ", ") + ")\n"
        }
        return t.1 + "\n"
    }

    /// Every example query of every topic.
    static var examples: [String] {
        var out: [String] = []
        for block in [text("")] + topics.map(\.1) {
            for line in block.split(separator: "\n") {
                let l = String(line).trimmingCharacters(" ")
                if l.hasPrefix("explorer> ") { out.append(String(l.dropFirst(10))) }
            }
        }
        return out
    }
}

import Query
