import Foundation
import Testing
import Query

/// Authors, regions, figures and dates of the seed articles, read off the documents, and the
/// parsers on their own, well beyond the seeds.
struct ExtractionTests {
    static func article(_ id: String) throws -> Article {
        try #require(seedCorpus.articles.first { $0.id == id })
    }

    /// (id, regions in order of first mention, authors as name/role)
    static let seeds: [(String, [String], [String])] = [
        ("000_97037fa0fdbe9769#1", ["公安县", "湖北省", "荆州市", "埠河镇", "杨家厂镇", "江陵县"], ["/作者", "柳红霞/编辑", "陕璇/编辑"]),
        ("000_97037fa0fdbe9769#2", ["荆州市"], ["/作者", "柳红霞/编辑", "陕璇/编辑"]),
        ("000_97037fa0fdbe9769#3", ["松滋市", "洈水镇", "荆州市", "湖北省"], ["/作者", "柳红霞/编辑", "陕璇/编辑"]),
        ("000_97037fa0fdbe9769#4", ["荆州市"], ["/作者", "柳红霞/编辑", "陕璇/编辑"]),
        ("000_97037fa0fdbe9769#5", ["沙市区", "朝阳街道", "荆州市"], ["/作者", "柳红霞/编辑", "陕璇/编辑"]),
        ("001_9c4cd6e42bf9b79e#1", [], ["刘江林/通讯员"]),
        ("001_9c4cd6e42bf9b79e#2", ["沙市区"], ["万佳/特约记者"]),
        ("001_9c4cd6e42bf9b79e#3", ["沙市区", "荆州市"], ["余延平/通讯员"]),
        ("001_9c4cd6e42bf9b79e#4", ["沙市区", "立新街道", "东岳社区", "解放街道", "北湖路社区"], ["潘路/摄影", "肖琦/摄影", "张钧凯/摄影", "王慧/摄影", "李群/摄影", "胡梦莹/摄影"]),
        ("001_9c4cd6e42bf9b79e#5", ["沙市区", "胜利街道", "关沮镇", "崇文街道", "朝阳街道", "锣场镇"], ["宋子怡/通讯员"]),
        ("001_9c4cd6e42bf9b79e#6", ["沙市区", "中山街道", "解放街道"], ["李冬琴/通讯员"]),
        ("001_9c4cd6e42bf9b79e#7", ["中山街道", "沙市区"], ["宋子怡/通讯员"]),
        ("001_9c4cd6e42bf9b79e#8", ["沙市区"], ["刘艺/摄影"]),  // 沙市公安局: 沙市's police, not 公安县
        ("002_81ca9869dae714d6#1", ["朝阳街道", "东苑社区", "沙市区"], ["喻叶/通讯员", "蒋海星/通讯员"]),
        ("002_81ca9869dae714d6#2", ["公安县", "荆州市"], []),  // 县公安局, 公安民警: the police
        ("002_81ca9869dae714d6#3", ["石首市", "高陵镇", "谭家洲村"], ["倪隆广/摄影", "王友生/摄影"]),
        ("002_81ca9869dae714d6#4", ["石首市"], ["车荣华/特约记者"]),
        ("002_81ca9869dae714d6#5", ["李埠镇", "万城村"], ["余海艳/记者", "吴卫东/通讯员", "辛素云/通讯员"]),
        ("002_81ca9869dae714d6#6", ["荆州经济技术开发区"], ["黄思明/记者", "唐加旭/通讯员"]),
        ("002_81ca9869dae714d6#7", ["荆州区"], ["琳玲/记者", "翟磊/通讯员"]),
        ("002_81ca9869dae714d6#8", ["松滋市"], ["张明金/记者", "李珍珍/通讯员"]),  // 松滋市公安局: no 公安县
        ("002_81ca9869dae714d6#9", ["荆州市", "沙市区"], ["荆文静/记者", "周敏敏/通讯员"]),
        ("002_81ca9869dae714d6#10", ["荆州经济技术开发区"], ["刘娟/记者", "王凯/通讯员"]),
        ("003_10503e775b80d64b#1", ["河南省", "辉县市", "张村乡", "裴寨村", "福建省", "福州市", "晋安区", "岳峰镇", "桂溪社区", "新乡市", "上海市", "虹口区", "嘉兴路街道", "天虹居民区", "湖南省", "长沙市", "开福区", "山东省", "烟台市", "芝罘区", "毓璜顶街道", "大海阳社区", "山西省", "长治市", "潞州区", "株洲市", "河北省", "灵寿县", "厦门市", "思明区", "广东省", "汕尾市", "海丰县", "附城镇", "新山村"], ["李安/摄影", "姜克红/摄影", "新华社/来源"]),
        ("003_10503e775b80d64b#2", ["天津市", "东丽区"], ["新华社/来源"]),
        ("004_009765f329aaeaa3#1", ["临湘市", "岳阳市"], ["喻俊峰/讲话"]),
    ]

    @Test(arguments: seeds)
    func regionsAndAuthors(_ id: String, _ regions: [String], _ authors: [String]) throws {
        let a = try Self.article(id)
        #expect(a.regions.map(\.name) == regions)
        #expect(a.authors.map { "\($0.name)/\($0.role)" } == authors)
    }

    @Test func everySeedArticleIsCovered() {
        #expect(Self.seeds.map(\.0) == seedCorpus.articles.map(\.id))
    }

    /// (region, code, path)
    static let paths: [(String, String, [String])] = [
        ("朝阳街道", "421002005", ["湖北省", "荆州市", "沙市区", "朝阳街道"]),
        ("东苑社区", "", ["湖北省", "荆州市", "沙市区", "朝阳街道", "东苑社区"]),
        ("荆州经济技术开发区", "421071", ["湖北省", "荆州市", "荆州经济技术开发区"]),
        ("洈水镇", "421087111", ["湖北省", "荆州市", "松滋市", "洈水镇"]),
        ("开福区", "430105", ["湖南省", "长沙市", "开福区"]),
    ]

    @Test(arguments: paths)
    func regionPaths(_ name: String, _ code: String, _ path: [String]) throws {
        let r = try #require(seedCorpus.articles.flatMap(\.regions).first { $0.name == name })
        #expect(r.code == code)
        #expect(r.path == path)
    }

    @Test func affiliationsAreKept() throws {
        let a = try Self.article("000_97037fa0fdbe9769#1")
        #expect(a.authors.first == Author(name: "", role: "作者", affiliation: "公安县委副书记、县长"))
        let b = try Self.article("002_81ca9869dae714d6#6")
        #expect(b.authors.first == Author(name: "黄思明", role: "记者", affiliation: "驻荆州经开区"))
        let c = try Self.article("004_009765f329aaeaa3#1")
        #expect(c.authors == [Author(name: "喻俊峰", role: "讲话", affiliation: "办事处主任")])
    }

    /// An author printed twice is listed once; the same name in another role, or with another
    /// affiliation, is another entry. Bylines × page credits → "name/role/affiliation".
    static let repeatedAuthors: [([String], [String], [String])] = [
        (["本报讯(记者余海艳)", "本报讯(记者余海艳)"], [], ["余海艳/记者/"]),
        (["本报讯(记者余海艳 通讯员万佳)"], ["责任编辑:余海艳", "责任编辑:余海艳"], ["余海艳/记者/", "万佳/通讯员/", "余海艳/编辑/责任编辑"]),
        (["本报讯(驻荆州经开区记者黄思明)", "本报讯(记者黄思明)"], [], ["黄思明/记者/驻荆州经开区", "黄思明/记者/"]),
        (["□ 通讯员 陕 璇", "□ 通讯员 陕璇"], [], ["陕璇/通讯员/"]),
    ]

    @Test(arguments: repeatedAuthors)
    func repeatedAuthorsAreListedOnce(_ byline: [String], _ pageCredits: [String], _ expected: [String]) {
        let authors = AuthorExtractor.authors(byline: byline, credits: [], pageCredits: pageCredits)
        #expect(authors.map { "\($0.name)/\($0.role)/\($0.affiliation ?? "")" } == expected)
    }

    /// Body people are not authors.
    @Test func peopleInTheBodyAreNotAuthors() {
        let names = Set(seedCorpus.articles.flatMap(\.authors).map(\.name))
        for person in ["秦军", "谢清", "李程云", "裴春亮", "冷晓燕", "贺东风", "冯荆柯", "罗国勤"] {
            #expect(!names.contains(person), "\(person)")
        }
    }

    /// Every figure of every seed article, in order: what a reader would call a figure and
    /// nothing else (read off the documents; amounts printed without a unit, 300亿, have unit "").
    static let figures: [(String, [String])] = [
        ("000_97037fa0fdbe9769#1", ["30平方公里", "60%", "300亿", "200亿", "30亿", "千亿元"]),
        ("000_97037fa0fdbe9769#2", ["3个", "4个", "近40平方公里", "5年", "200亿元以上", "300多亿元", "5.2万户", "120多亿元", "50多亿元", "3个", "1个", "1个", "14.9亿元", "1.5万个", "20万平方米", "5亿元", "300辆", "10处", "400张", "19.3亿元", "1家", "近百亿", "过百亿", "3年", "3000万元", "15亿元", "500多万吨"]),
        ("000_97037fa0fdbe9769#3", ["5天", "11个"]),
        ("000_97037fa0fdbe9769#4", ["3000亿元", "1400家", "11.6%", "52.9%", "48.3%", "32%", "180家以上", "200家", "超过1800家", "357个", "过2000万以上", "83个", "20%以上", "400个左右", "3450亿元以上", "11条", "百亿", "200家", "40家以上", "三年", "35%以上", "20家", "4家以上"]),
        ("000_97037fa0fdbe9769#5", ["4次", "三分之一", "三分之二以上"]),
        ("001_9c4cd6e42bf9b79e#1", []),
        ("001_9c4cd6e42bf9b79e#2", []),
        ("001_9c4cd6e42bf9b79e#3", ["708家", "460个", "528家", "715个", "100%", "181个", "195个", "70余项", "462个", "95.9%", "94.7%", "95.4%", "69项", "10项", "3项", "47个", "34人", "72人", "241.62万元", "178个"]),
        ("001_9c4cd6e42bf9b79e#4", []),
        ("001_9c4cd6e42bf9b79e#5", ["63家", "13个", "17家", "33家"]),
        ("001_9c4cd6e42bf9b79e#6", ["4家", "8个", "30个"]),
        ("001_9c4cd6e42bf9b79e#7", []),
        ("001_9c4cd6e42bf9b79e#8", []),
        ("002_81ca9869dae714d6#1", ["过2/3以上", "过2/3", "2/3以上", "2/3以上", "300多户", "500平方米"]),
        ("002_81ca9869dae714d6#2", ["30余个", "40余个", "404人", "超20%", "385名", "3800名", "5002件", "4136件", "128家", "108个", "20%", "10件", "100%"]),
        ("002_81ca9869dae714d6#3", ["70多名"]),
        ("002_81ca9869dae714d6#4", ["60多名"]),
        ("002_81ca9869dae714d6#5", ["2.15万件"]),
        ("002_81ca9869dae714d6#6", []),
        ("002_81ca9869dae714d6#7", ["10个", "10个"]),
        ("002_81ca9869dae714d6#8", ["70余万元", "70余万元", "30余起", "1713起", "917人", "29年", "15年"]),
        ("002_81ca9869dae714d6#9", []),
        ("002_81ca9869dae714d6#10", ["近200个", "8个", "2处"]),
        ("003_10503e775b80d64b#1", ["不到千元", "超2万元", "6名", "17名", "10年", "3万多条", "22本", "20余个", "60岁以上", "超过三分之一", "84起"]),
        ("003_10503e775b80d64b#2", ["10年", "10年", "10年"]),
        ("004_009765f329aaeaa3#1", ["101周年", "101周年", "3名", "50年", "101年", "一百零一年", "3个", "14次", "8次", "6次", "20余次", "2名", "2名", "12次", "5次", "30余场次", "162名", "50年", "8件", "100余件", "11名", "10余次", "2个", "7个", "200余件", "450余人次", "10多万元", "40余篇", "4栋", "5栋", "三年", "101周年"]),
    ]

    @Test func everySeedArticleHasItsFigureRow() {
        #expect(Self.figures.map(\.0) == seedCorpus.articles.map(\.id))
    }

    @Test(arguments: figures)
    func figuresOfSeedArticles(_ id: String, _ texts: [String]) throws {
        #expect(try Self.article(id).figures.map(\.text) == texts)
    }

    /// (figure text, value in base units, unit, qualifier, kind)
    static let values: [(String, Double, String, String?, String?)] = [
        ("14.9亿元", 1.49e9, "元", nil, nil),
        ("1.5万个", 15000, "个", nil, nil),
        ("241.62万元", 2_416_200, "元", nil, nil),
        ("70余万元", 700_000, "元", "over", nil),
        ("近40平方公里", 40, "平方公里", "under", nil),
        ("500多万吨", 5_000_000, "吨", "over", nil),
        ("95.9%", 95.9, "%", nil, "share"),
        ("11.6%", 11.6, "%", nil, "growth"),
        ("三分之一", 100.0 / 3, "%", nil, nil),
        ("400个左右", 400, "个", "approx", nil),
        ("千亿元", 1e11, "元", nil, nil),
        ("不到千元", 1000, "元", "under", nil),
        ("一百零一年", 101, "年", nil, nil),
        ("300亿", 3e10, "", nil, nil),
        ("近百亿", 1e10, "", "under", nil),
    ]

    @Test(arguments: values)
    func figureValues(_ text: String, _ value: Double, _ unit: String, _ qualifier: String?, _ kind: String?) throws {
        let f = try #require(seedCorpus.articles.flatMap(\.figures).first { $0.text == text }, "no figure \(text)")
        #expect(abs(f.value - value) < 1e-6 * max(1, value))
        #expect(f.unit == unit)
        #expect(f.qualifier == qualifier)
        #expect(f.kind == kind)
    }

    @Test func figureSpansPointIntoTheText() {
        for a in seedCorpus.articles {
            let scalars = Array(a.text.unicodeScalars)
            for f in a.figures {
                var v = String.UnicodeScalarView()
                v.append(contentsOf: scalars[f.start..<f.end])
                #expect(String(v) == f.text, "\(a.id) \(f.text)")
            }
        }
    }

    /// Slogans, years, names and codes are not figures, on the seeds.
    @Test(arguments: ["五大行动", "两个维护", "两个确立", "四个意识", "三高四新", "一主两会", "六共联建", "三个文章", "1+4+N", "二十大", "十四五", "5G", "4A级", "4466", "863", "2023年", "2035年", "第四场", "第34位", "三篇", "百年", "千家"])
    func notAFigure(_ phrase: String) {
        let p = Array(phrase.unicodeScalars)
        for a in seedCorpus.articles {
            let t = Array(a.text.unicodeScalars)
            guard t.count >= p.count else { continue }
            for i in 0...(t.count - p.count) where Array(t[i..<(i + p.count)]) == p {
                for f in a.figures where f.start < i + p.count && f.end > i {
                    Issue.record("\(a.id): figure \(f.text) taken from \(phrase)")
                }
            }
        }
    }

    /// Numerals on their own: (printed, value, approximate). Ambiguous forms as documented:
    /// 三四十 is the midpoint 35, 十几 is 15.
    static let numerals: [(String, Double, Bool)] = [
        ("1,100.9亿", 1100.9e8, false),
        ("三四十万", 350_000, true),
        ("十几万", 150_000, true),
        ("两千零五", 2005, false),
        ("1.2万亿", 1.2e12, false),
        ("三千", 3000, false),
        ("三千五", 3500, false),
        ("一百零一", 101, false),
        ("二十", 20, false),
        ("十五", 15, false),
        ("一百二十", 120, false),
        ("千亿", 1e11, false),
        ("百亿", 1e10, false),
        ("3000万", 3e7, false),
        ("5.2万", 52000, false),
        ("七百八十万", 7_800_000, false),
        ("一亿二千万", 1.2e8, false),
        ("两", 2, false),
        // Digits read as an integer scaled by ten: separators, decimals, and past 16 digits
        // the text as Double reads it.
        ("1,234,567", 1_234_567, false),
        ("0.5万", 5000, false),
        ("12345678901234567", 12345678901234567, false),
        ("3.14159265358979323", 3.14159265358979323, false),
    ]

    @Test(arguments: numerals)
    func numeralParsing(_ printed: String, _ value: Double, _ approximate: Bool) throws {
        let s = printed.unicodeScalars.map(\.value)
        let n = try #require(Numerals.parse(s, at: 0))
        #expect(n.length == s.count)
        #expect(abs(n.value - value) < 1e-6 * value)
        #expect(n.approximate == approximate)
    }

    /// `extract --text` cases: (snippet, figures as text=value unit qualifier)
    static let snippets: [(String, [String])] = [
        ("投资1,100.9亿元建设", ["1,100.9亿元=110090000000 元"]),
        ("吸纳三四十万人就业", ["三四十万人=350000 人 approx"]),
        ("超过1400家企业", ["超过1400家=1400 家 over"]),
        ("同比下降2.5个百分点", ["2.5个百分点=2.5 百分点"]),
        ("八成以上的居民", ["八成以上=80 % over"]),
        ("约300名群众", ["约300名=300 名 approx"]),
        ("百分之三十五", ["百分之三十五=35 %"]),
        ("2023年3月1日下午", []),
        ("“863”工作模式和两个“2/3”", []),
        ("“863”工作模式覆盖3个乡镇", ["3个=3 个"]),
        ("四分之一的村", ["四分之一=25 %"]),
        ("两个三分之二原则", []),
        ("两个百分之五十", []),
        ("第一名、二十大、十四五、5G基站、4A级景区", []),
    ]

    @Test(arguments: snippets)
    func snippetFigures(_ text: String, _ expected: [String]) {
        var one = [Snippet.article(text)]
        Extraction.extract(&one, furniture: [])
        let got = one[0].figures.map { f in
            let v = f.value == f.value.rounded() ? String(Int64(f.value)) : String(f.value)
            return "\(f.text)=\(v) \(f.unit)" + (f.qualifier.map { " " + $0 } ?? "")
        }
        #expect(got == expected)
    }

    /// (snippet, regions found): names at the ends of a text, the rules read off the printed
    /// match (common words, 公安 as the police, organisations), repeated names once.
    static let regionSnippets: [(String, [String])] = [
        ("荆州市", ["荆州市"]),
        ("荆", []),
        ("来自荆州市", ["荆州市"]),
        ("荆州市沙市区", ["荆州市", "沙市区"]),
        ("荆州市荆州市", ["荆州市"]),
        ("洛阳市召开会议，推进老城区改造", ["洛阳市"]),
        ("公安县公安局民警", ["公安县"]),
        ("荆州市公安局", ["荆州市"]),
        ("荆州市委宣传部在荆州日报", ["荆州市"]),
        ("荆州市沙市区朝阳街道东苑社区", ["荆州市", "沙市区", "朝阳街道", "东苑社区"]),
    ]

    @Test(arguments: regionSnippets)
    func snippetRegions(_ text: String, _ expected: [String]) {
        var one = [Snippet.article(text)]
        Extraction.extract(&one, furniture: [])
        #expect(one[0].regions.map(\.name) == expected)
    }

    /// (snippet, document year, dates as ISO)
    static let dates: [(String, Int?, [String])] = [
        ("2022年6月30日", nil, ["2022-06-30"]),
        ("11月19日至23日", 2022, ["2022-11-19/2022-11-23"]),
        ("11月28日—12月1日", 2022, ["2022-11-28/2022-12-01"]),
        ("2月29日上午", 2024, ["2024-02-29"]),
        ("2月29日上午", 2023, []),            // no such day
        ("3月1日", nil, []),                  // no year to give it
        ("2023年度", nil, ["2023"]),
        ("2022-2024年", nil, ["2022/2024"]),
        ("1至10月份", 2023, ["2023-01/2023-10"]),
        ("2022年7月成立", nil, ["2022-07"]),
    ]

    @Test(arguments: dates)
    func dateParsing(_ text: String, _ year: Int?, _ iso: [String]) {
        let s = text.unicodeScalars.map(\.value)
        #expect(DateExtractor.dates(s, documentYear: year).map(\.iso) == iso)
    }

    @Test func documentYearOfSeeds() throws {
        // 001 reports 2023's results in 2024: 2月29日 is 2024's.
        let a = try Self.article("001_9c4cd6e42bf9b79e#2")
        #expect(a.dates.map(\.iso).contains("2024-02-29"))
        let b = try Self.article("002_81ca9869dae714d6#5")
        #expect(b.dates.map(\.iso) == ["2022-11-28/2022-12-01"])
        #expect(b.dates.first?.yearInferred == true)
    }

    /// The embedded gazetteer is the shared one, row for row (only where ../shared is present).
    @Test func embeddedGazetteerMatchesSharedData() throws {
        let shared = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/data/regions.tsv")
        guard let text = try? String(contentsOf: shared, encoding: .utf8) else { return }
        let rows = text.split(separator: "\n").count - 1
        #expect(Gazetteer.shared.entries.count == rows)
        #expect(Gazetteer.shared.entry(code: "421002")?.name == "沙市区")
        #expect(Gazetteer.shared.path(Int(Gazetteer.shared.entries.firstIndex { $0.code == "421002005" }!)) == ["湖北省", "荆州市", "沙市区", "朝阳街道"])
    }
}
