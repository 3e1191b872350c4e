import Foundation
import Testing
import Query

let seedEngine = QueryEngine(index: CorpusIndex(articles: seedCorpus.articles))

func ids(_ q: String) throws -> [String] {
    try seedEngine.run(q).articles.map { seedCorpus.articles[$0].id }
}

/// The language on the seeds: each example of the issue, with the articles it must find.
struct QueryLanguageTests {
    /// (query, expected article ids)
    static let examples: [(String, [String])] = [
        ("营商环境", ["000_97037fa0fdbe9769#3", "001_9c4cd6e42bf9b79e#3", "004_009765f329aaeaa3#1"]),
        ("\"共同缔造\" 东苑社区", ["002_81ca9869dae714d6#1"]),
        ("“共同缔造”　东苑社区", ["002_81ca9869dae714d6#1"]),            // full-width quotes and space
        ("\"凝聚力 量\"", ["000_97037fa0fdbe9769#1"]),                     // spaces are not in the text
        ("region:沙市区 营商", ["001_9c4cd6e42bf9b79e#3"]),
        ("region:沙市 title:营商", ["001_9c4cd6e42bf9b79e#3"]),           // short form
        ("region:松滋市", ["000_97037fa0fdbe9769#3", "002_81ca9869dae714d6#8"]),
        ("region:洈水镇", ["000_97037fa0fdbe9769#3"]),
        ("region:东苑社区", ["002_81ca9869dae714d6#1"]),
        ("region:湖南省", ["003_10503e775b80d64b#1", "004_009765f329aaeaa3#1"]),
        ("author:刘江林", ["001_9c4cd6e42bf9b79e#1"]),
        ("author:特约记者", ["001_9c4cd6e42bf9b79e#2", "002_81ca9869dae714d6#4"]),
        ("author:讲话", ["004_009765f329aaeaa3#1"]),
        ("author:驻荆州经开区", ["002_81ca9869dae714d6#6", "002_81ca9869dae714d6#10"]),  // an affiliation
        ("doc:004", ["004_009765f329aaeaa3#1"]),
        // 11月25日至26日, and the articles naming the year 2022 (a year overlaps every day of it).
        ("date:2022-11-20..2022-11-26", ["000_97037fa0fdbe9769#4", "002_81ca9869dae714d6#2", "002_81ca9869dae714d6#4", "004_009765f329aaeaa3#1"]),
        ("unit:平方公里", ["000_97037fa0fdbe9769#1", "000_97037fa0fdbe9769#2"]),
        ("figure:>=95%", ["001_9c4cd6e42bf9b79e#3", "002_81ca9869dae714d6#2"]),
        ("figure:1亿元..20亿元", ["000_97037fa0fdbe9769#2"]),
        ("figure:>=70万元 region:松滋", ["002_81ca9869dae714d6#8"]),      // 70余万元
        ("figure:>70万元 region:松滋", ["002_81ca9869dae714d6#8"]),       // more than 70万: 余 counts
        ("figure:<40平方公里", ["000_97037fa0fdbe9769#1", "000_97037fa0fdbe9769#2"]),  // 30; 近40
        ("figure:1000亿元..", ["000_97037fa0fdbe9769#1", "000_97037fa0fdbe9769#4"]),
        ("figure:1.5万个", ["000_97037fa0fdbe9769#2"]),
        ("figure:>=三千人", []),
        ("figure:>=3000名", ["002_81ca9869dae714d6#2"]),
        ("figure:>=100亿", ["000_97037fa0fdbe9769#1", "000_97037fa0fdbe9769#2", "000_97037fa0fdbe9769#4"]),  // 300亿, 过百亿, 百亿: no unit printed
        ("figure:>=40平方公里", []),                                        // 近40 is below 40
        ("figure:<=70万元 region:松滋", []),                                // 70余万 is above 70万
        ("松滋 and not region:松滋市", []),
        ("公安 -region:公安县", ["001_9c4cd6e42bf9b79e#8", "002_81ca9869dae714d6#8"]),
        ("(党建 or 营商) and 沙市 and -党建", ["001_9c4cd6e42bf9b79e#3"]),
        ("/[0-9.]+亿元/", ["000_97037fa0fdbe9769#2", "000_97037fa0fdbe9769#4"]),
        ("near(党建, 引领, 0) region:公安县", ["000_97037fa0fdbe9769#1"]),
        ("near(扫黑, 除恶, 0)", ["002_81ca9869dae714d6#2", "004_009765f329aaeaa3#1"]),
        ("near(党建, 引领, 3) -near(党建, 引领, 0) region:沙市区", []),
        ("region:荆州市 figure:>=1亿元", ["000_97037fa0fdbe9769#1", "000_97037fa0fdbe9769#2", "000_97037fa0fdbe9769#4"]),
        ("region:火星", []),
    ]

    @Test(arguments: examples)
    func example(_ q: String, _ expected: [String]) throws {
        #expect(try ids(q) == expected)
    }

    @Test func precedenceNotAndOr() throws {
        // not > and > or: a or b c = a or (b and c); not a b = (not a) and b.
        #expect(try ids("荆州经开区 or 东苑社区 沙市花园") == ids("荆州经开区 or (东苑社区 and 沙市花园)"))
        #expect(try ids("not 党建 沙市") == ids("(not 党建) and 沙市"))
        #expect(try ids("-党建 沙市") == ids("(not 党建) and 沙市"))
    }

    @Test func stages() throws {
        let counted = try seedEngine.run("region:沙市区 | count by region")
        #expect(counted.counts?.first?.key == "沙市区")
        #expect(counted.counts?.first?.count == 10)
        let sorted = try seedEngine.run("figure:>=1亿元 | sort by figure desc | limit 1")
        #expect(sorted.articles.map { seedCorpus.articles[$0].id } == ["000_97037fa0fdbe9769#4"])  // 3450亿元
        #expect(sorted.total == 3)
        let byDate = try seedEngine.run("date:2022 | sort by date")
        let firstDays = byDate.articles.map { id in seedCorpus.articles[id].dates.compactMap { DateRange.of(iso: $0.iso)?.0 }.min()! }
        #expect(firstDays == firstDays.sorted())
        #expect(byDate.articles.count == byDate.total)
        let years = try seedEngine.run("| count by year")
        #expect(years.counts?.contains { $0.key == "2023" } == true)
    }

    /// `count by doc` orders by count, then by file name: on the loaded seeds (documents
    /// numbered in name order, sorted on numbers) and on the same articles numbered in reverse
    /// (sorted on names) alike, and as counted here by hand.
    @Test(arguments: ["党", "党建", "沙市", "的", "/[0-9]+家/", "region:荆州市"])
    func countByDocOrdersByCountThenName(_ query: String) throws {
        var reversed = seedCorpus.articles
        let last = seedCorpus.documents.count - 1
        for k in reversed.indices { reversed[k].docIndex = last - reversed[k].docIndex }
        let engines = [seedEngine, QueryEngine(index: CorpusIndex(articles: reversed))]
        let ids = try seedEngine.run(query).articles
        var byHand: [String: Int] = [:]
        for id in ids { byHand[seedCorpus.articles[id].doc, default: 0] += 1 }
        let expected = byHand.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        #expect(expected.count > 1, "one document: the order proves nothing")
        for engine in engines {
            let counts = try engine.run(query + " | count by doc").counts ?? []
            #expect(counts.map(\.key) == expected.map(\.key))
            #expect(counts.map(\.count) == expected.map(\.value))
        }
    }

    /// Every unit the seeds print: `unit:` and an open figure range (`figure:0元..`) find
    /// exactly the articles with a figure in it, counted here by hand — the field index groups
    /// figures by a unit number it gives each unit first, and lists an article once a unit.
    @Test(arguments: Array(Set(seedCorpus.articles.flatMap { $0.figures.map(\.unit) }).subtracting([""])).sorted())
    func unitsAndFigureRangesFindEveryArticleOnce(_ unit: String) throws {
        let expected = seedCorpus.articles.indices.filter { seedCorpus.articles[$0].figures.contains { $0.unit == unit } }
        #expect(!expected.isEmpty)
        #expect(try seedEngine.run("unit:\(unit)").articles == expected)
        #expect(try seedEngine.run("figure:0\(unit)..").articles == expected, "figure:0\(unit)..")
    }

    @Test func explainShowsTreeAndSizes() throws {
        let text = try seedEngine.explain("region:沙市 党建")
        #expect(text.contains("field region: 沙市"))
        #expect(text.contains("region codes [\"421002\"] names [] → 10 articles"))
        #expect(text.contains("and → 5 articles"))
    }

    @Test func planIsAPlainCodableValue() throws {
        let (pipeline, _, _, _) = try seedEngine.compile("region:荆州市 figure:>=1亿元 (党建 or /[0-9]+亿元/) | count by region")
        let data = try JSONEncoder().encode(pipeline)
        let back = try JSONDecoder().decode(Pipeline.self, from: data)
        #expect(back == pipeline)
        // Another executor can run the decoded plan and gets the same result.
        #expect(seedEngine.execute(back).counts?.map(\.key) == seedEngine.execute(pipeline).counts?.map(\.key))
    }

    /// (query, message part, first column of the caret range, its length)
    static let errors: [(String, String, Int, Int)] = [
        ("regoin:沙市区", "unknown field 'regoin:'; did you mean 'region:'?", 0, 7),
        ("党建 and", "'and' needs a term on each side", 3, 3),
        ("(党建 or 营商", "unbalanced '(': expected ')' to close it", 0, 1),
        ("党建)", "unbalanced ')'", 2, 1),
        ("\"共同缔造", "unterminated quote", 0, 1),
        ("/[0-9+亿元", "unterminated regular expression", 0, 1),
        ("/[0-9/", "invalid regular expression", 0, 6),
        ("figure:>=95", "figure: needs a unit", 7, 4),
        ("figure:>=1亿圆", "unknown unit '圆'", 7, 5),
        ("date:2022-13", "date: expected YYYY", 5, 7),
        ("营商 | cuont by region", "unknown stage 'cuont'; did you mean 'count'?", 5, 5),
        ("营商 | count by regoin", "count by: unknown key 'regoin'; did you mean 'region'?", 14, 6),
        ("not", "'not' needs something to negate", 0, 3),
        ("", "empty query", 0, 0),
        ("near(党建, 引领, x)", "expected a distance", 13, 1),
        ("region:", "region: needs a value, e.g. region:沙市区", 0, 7),
    ]

    @Test(arguments: errors)
    func errorsArePositioned(_ q: String, _ message: String, _ at: Int, _ length: Int) {
        do {
            _ = try seedEngine.run(q)
            Issue.record("no error for \(q)")
        } catch {
            #expect((error.message + (error.hint.map { "; " + $0 } ?? "")).contains(message), "\(error.message)")
            #expect(error.range == at..<(at + length))
        }
    }

    @Test func caretIsPlacedByDisplayWidth() throws {
        do {
            _ = try seedEngine.run("沙市 regoin:x")
            Issue.record("no error")
        } catch {
            let lines = error.render(Source("沙市 regoin:x")).split(separator: "\n")
            // 沙市 is four columns wide, then a space: the caret starts at column 5.
            #expect(lines[2] == "       ^^^^^^^")
        }
    }

    static let hostile: [String] = [
        String(repeating: "(", count: 10_000) + "党建" + String(repeating: ")", count: 10_000),
        String(repeating: "not ", count: 5_000) + "党建",
        String(repeating: "党建 ", count: 20_000),
        String(repeating: "\"", count: 3), "or", "and and", "|", "| |", "((", "))", "\u{0}\u{7}\u{1B}[31m",
        "（党建）：：", "figure:..", "date:..", "near(", "near(a,", "-", "- -", "/", "//", String(repeating: "党", count: 100_000),
    ]

    /// Hostile queries: a positioned error or a result, never a crash or a hang. (Passed by
    /// index, so that a 100 KB query is not printed as the test's name.)
    @Test(arguments: hostile.indices)
    func hostileQueriesNeverCrash(_ k: Int) {
        let q = Self.hostile[k]
        do {
            _ = try seedEngine.run(q)
        } catch {
            #expect(!error.message.isEmpty)
            #expect(error.range.lowerBound <= q.unicodeScalars.count)
        }
    }
}
