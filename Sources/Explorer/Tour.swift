import Query

/// `.tour`: a guided walk for a new member of staff. Each step says what to look at, gives a
/// real query to type, and once it has run, says what the result means. `.next` goes on,
/// `.tour stop` ends it. The tests run every step's query.
struct Tour {
    struct Step: Sendable {
        var title: String
        var text: String
        var query: String
        /// Shown after the query ran: what the result means.
        var meaning: @Sendable (QueryResult?, Session) -> String
    }

    static let steps: [Step] = [
        Step(title: "What the corpus is", text: """
            The corpus is pages of local newspapers (here 荆州日报 and its 沙市 edition) and a speech,
            turned into text from PDF. One file holds a whole page: several articles, page furniture
            (责任编辑…, 编者按) and photo captions. Explorer splits each page into articles.
            """, query: ".stats", meaning: { _, s in "That is \(s.corpus.articles.count) articles in \(s.corpus.documents.count) files. Each has an id: the file name and its number on the page.\n" }),
        Step(title: "Finding words", text: """
            Chinese has no spaces between words, so a word matches wherever its characters stand
            together. The PDF broke some words across lines (凝聚力 量); Explorer mended them.
            """, query: "\"凝聚力 量\"", meaning: { r, _ in "\(r?.total ?? 0) article has 凝聚力量 — the space the PDF put in the middle is gone.\n" }),
        Step(title: "Regions", text: """
            Each article knows the places it is about, with their hierarchy: 湖北省 › 荆州市 › 沙市区 ›
            朝阳街道. Asking for a city finds its districts and towns too.
            """, query: "region:荆州市 | count by region", meaning: { r, _ in "These are the places inside 荆州市 the articles name, by how many articles name each (\(r?.counts?.count ?? 0) places).\n" }),
        Step(title: "Authors", text: """
            Bylines give reporters (记者), correspondents (通讯员), photographers (摄影); signed
            articles give the author's post (作者系…). People named in the text are not authors.
            """, query: "author:通讯员 | count by author | limit 5", meaning: { _, _ in "The correspondents who wrote most. Try author:记者 or author:摄影 too.\n" }),
        Step(title: "Figures", text: """
            Numbers with their units are figures: 14.9亿元 is 1490000000 元. Slogans such as 五大行动 or
            两个维护 are not figures, nor are years.
            """, query: "figure:>=1亿元 | figures", meaning: { r, _ in "Every amount of 1亿元 or more, with its context, in \(r?.articles.count ?? 0) articles.\n" }),
        Step(title: "Putting it together", text: """
            Terms combine: juxtaposition is and, with or, not, parentheses, and stages after |.
            """, query: "region:沙市区 (党建 or 营商环境) | kwic 8", meaning: { r, _ in "\(r?.total ?? 0) 沙市 articles about party building or the business climate, each match in its context. .help has more; .tour stop ends the tour.\n" }),
    ]

    var index = 0
    var finished: Bool { index >= Tour.steps.count }

    mutating func advance() { index += 1 }

    func current(_ session: Session) -> String {
        guard !finished else { return "That was the last step. .help lists everything else.\n" }
        let s = Tour.steps[index]
        return "Step \(index + 1) of \(Tour.steps.count): \(s.title)\n\(s.text)\nType:  \(s.query)\n"
    }

    /// After a statement ran: when it is the step's query, say what its result means.
    func ran(_ statement: String, result: QueryResult?, session: Session) {
        guard !finished else { return }
        let s = Tour.steps[index]
        guard CharacterFolding.fold(statement) == CharacterFolding.fold(s.query) else { return }
        session.write("\n" + s.meaning(result, session) + (index + 1 < Tour.steps.count ? "Type .next for the next step.\n" : "That was the last step.\n"))
    }
}
