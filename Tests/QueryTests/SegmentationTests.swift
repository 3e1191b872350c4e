import Foundation
import Testing
import Query

/// Article boundaries and titles of every seed article, written by reading the documents.
struct SegmentationTests {
    /// (id, title, derived, first line, last line)
    static let seedArticles: [(String, String, Bool, Int, Int)] = [
        ("000_97037fa0fdbe9769#1", "踔厉奋发 勇毅前行 高标准建设新型城镇化示范区", false, 9, 27),
        ("000_97037fa0fdbe9769#2", "当好发展排头兵 做好城市\"大文章\"", false, 29, 67),
        ("000_97037fa0fdbe9769#3", "学思践悟知使命 细照笃行勇担当", false, 69, 87),
        ("000_97037fa0fdbe9769#4", "在全国上下深入学习贯彻党的二十大精神的关键时刻", true, 89, 107),
        ("000_97037fa0fdbe9769#5", "坚持\"三共\"提升水平效能", false, 109, 129),
        ("001_9c4cd6e42bf9b79e#1", "省委编办表彰全省2023年度市县机构编制工作综合考核奖励单位 区委编办荣获二等奖", false, 3, 11),
        ("001_9c4cd6e42bf9b79e#2", "沙市区召开2023年度党委(党组)书记抓基层党建工作述职评议会议 以高质量党建引领保障高质量发展", false, 13, 28),
        // The headline is printed after the body (line 44).
        ("001_9c4cd6e42bf9b79e#3", "2023年全省营商环境评价结果第四场新闻发布会召开 沙市区实施『五大行动』 营商环境评价大进位", false, 30, 44),
        ("001_9c4cd6e42bf9b79e#4", "学雷锋 见行动", false, 48, 61),
        ("001_9c4cd6e42bf9b79e#5", "全区2023年度基层党建创新项目大赛决赛举行 党建引领树标杆 创新聚力助发展", false, 65, 70),
        ("001_9c4cd6e42bf9b79e#6", "区委巡察工作领导小组会议召开 加强协同配合 深化成果共享", false, 72, 76),
        ("001_9c4cd6e42bf9b79e#7", "中山街道全力做好“三个文章”推动“三个提升” 打造便民利民服务圈", false, 78, 101),
        ("001_9c4cd6e42bf9b79e#8", "为增强中小学生法治安全意识,沙市公安局送课上门", true, 105, 105),
        ("002_81ca9869dae714d6#1", "朝阳街道东苑社区：“四步探索”绘就共同缔造幸福景", false, 3, 45),
        ("002_81ca9869dae714d6#2", "公安县委副书记、政法委书记冯荆柯：坚持“五共”“五治”并举深化平安建设", false, 47, 69),
        ("002_81ca9869dae714d6#3", "帮扶车间 助农增收", false, 71, 77),
        ("002_81ca9869dae714d6#4", "与群众同吃同住同劳动", false, 81, 105),
        ("002_81ca9869dae714d6#5", "市应急部门及时发放御寒物资 让受灾群众温暖过冬", false, 107, 117),
        ("002_81ca9869dae714d6#6", "荆州经开区开展困难群众走访慰问活动", false, 119, 127),
        ("002_81ca9869dae714d6#7", "荆州区10个“小个专”党建工作指导站挂牌成立", false, 129, 137),
        ("002_81ca9869dae714d6#8", "松滋市公安局举行退赃大会", false, 139, 153),
        ("002_81ca9869dae714d6#9", "圆梦微心愿 爱心暖人心 我市社工带领特困老人游荆州", false, 155, 167),
        ("002_81ca9869dae714d6#10", "荆州经开区强力推进垃圾分类工作", false, 169, 181),
        // The 综述 runs round a continuation from page 1 (上接 01 版, lines 67–73 and 99–109).
        ("003_10503e775b80d64b#1", "让群众过上更加幸福美好的生活", false, 3, 97),
        ("003_10503e775b80d64b#2", "新时代10年,我国坚持创新驱动发展", true, 67, 109),
        ("004_009765f329aaeaa3#1", "在庆祝中国共产党成立101周年暨“七一”表彰大会上的讲话", false, 24, 48),
    ]

    @Test func everySeedArticleAndNoOther() {
        #expect(seedCorpus.articles.map(\.id) == Self.seedArticles.map(\.0))
    }

    @Test(arguments: seedArticles)
    func seedArticle(_ id: String, _ title: String, _ derived: Bool, _ first: Int, _ last: Int) throws {
        let a = try #require(seedCorpus.articles.first { $0.id == id })
        #expect(a.title == title)
        #expect(a.titleDerived == derived)
        #expect(a.firstLine == first)
        #expect(a.lastLine == last)
    }

    /// (id, subtitle, column, byline, credits)
    static let furnishings: [(String, String?, String?, [String], [String])] = [
        ("000_97037fa0fdbe9769#1", nil, nil, [], ["作者系公安县委副书记、县长"]),
        ("000_97037fa0fdbe9769#2", nil, nil, [], ["作者系荆州市城发集团党委副书记、"]),
        ("001_9c4cd6e42bf9b79e#1", nil, nil, ["本报讯(通讯员刘江林)"], []),
        ("001_9c4cd6e42bf9b79e#4", nil, nil, [], ["本组图片:潘路 肖琦 张钧凯 王慧 李群 胡梦莹 摄"]),
        ("001_9c4cd6e42bf9b79e#7", nil, "全国文明城市创建进行时", ["本报讯(通讯员宋子怡)"], []),
        ("001_9c4cd6e42bf9b79e#8", nil, nil, [], ["刘艺 摄"]),
        ("002_81ca9869dae714d6#1", nil, "美好环境与幸福生活共同缔造", ["□ 通讯员 喻叶 蒋海星"], []),
        ("002_81ca9869dae714d6#2", "提升安全指数 建设平安荆州·政法委书记冯荆柯", nil, [], []),
        ("002_81ca9869dae714d6#3", nil, nil, [], ["荆州日报签约摄影师倪隆广 通讯员 王友生 摄"]),
        ("002_81ca9869dae714d6#4", "——石首市新录用公务员进村入户上好岗前“第一课”", nil, ["□ 特约记者 车荣华"], []),
        ("002_81ca9869dae714d6#5", nil, "应急管理之窗", ["本报讯(记者余海艳 通讯员吴卫东 辛素云)"], []),
        ("002_81ca9869dae714d6#6", nil, nil, ["本报讯(驻荆州经开区记者黄思明 通讯员唐加旭)"], []),
        ("002_81ca9869dae714d6#8", "现场退还70余万元现金等赃款赃物", nil, ["本报讯(记者张明金 通讯员李珍珍)"], []),
        ("002_81ca9869dae714d6#9", nil, "培育和践行社会主义核心价值观", ["本报讯(记者荆文静 通讯员周敏敏)"], []),
        ("002_81ca9869dae714d6#10", "为美好生活加“分”", "全国文明城市创建进行时", ["本报讯(驻荆州经开区记者刘娟 通讯员王凯)"], []),
        ("003_10503e775b80d64b#1", "——党的二十大精神进城乡社区综述", nil, [], ["新华社记者 李安/摄", "新华社记者 姜克红/摄", "据新华社"]),
        ("003_10503e775b80d64b#2", nil, nil, [], ["据新华社"]),
        ("004_009765f329aaeaa3#1", nil, nil, ["办事处主任 喻俊峰", "（2022年6月30日）"], []),
    ]

    @Test(arguments: furnishings)
    func headingsBylinesAndCredits(_ id: String, _ subtitle: String?, _ column: String?, _ byline: [String], _ credits: [String]) throws {
        let a = try #require(seedCorpus.articles.first { $0.id == id })
        #expect(a.subtitle == subtitle)
        #expect(a.column == column)
        #expect(a.byline == byline)
        #expect(a.credits.map(\.text) == credits)
    }

    /// Sub-headings stay inside their article, and the 上接 continuation is flagged.
    static let inside: [(String, String)] = [
        ("001_9c4cd6e42bf9b79e#7", "推进完整社区建设\n打造沙市新样板"),
        ("001_9c4cd6e42bf9b79e#7", "汇聚基层党建合力展现共同缔造新作为"),
        ("002_81ca9869dae714d6#1", "探索\"双向\"共评模式共同建设美好家园"),
        ("003_10503e775b80d64b#1", "创新铺就社区\"和美\"新画卷"),
        ("003_10503e775b80d64b#1", "着力描绘民心\"和暖\"新图景"),
        ("001_9c4cd6e42bf9b79e#4", "③解放街道北湖路社区志愿者免费为居民维修家电。"),  // captions of the photo feature
        ("003_10503e775b80d64b#1", "老人们在福建省福州市晋安区岳峰镇桂溪社区的一家老年食堂用餐"),
    ]

    @Test(arguments: inside)
    func subHeadingsAndCaptionsStayInside(_ id: String, _ fragment: String) throws {
        let a = try #require(seedCorpus.articles.first { $0.id == id })
        #expect(a.text.contains(fragment))
    }

    @Test func continuationIsFlagged() {
        #expect(seedCorpus.articles.filter(\.continued).map(\.id) == ["003_10503e775b80d64b#2"])
    }

    /// Page furniture belongs to no article, and is kept for extraction (page credits).
    @Test func furnitureIsKeptApart() {
        let texts = seedCorpus.furniture.flatMap { $0 }.map(\.text)
        #expect(texts.contains("责任编辑:柳红霞 美术编辑:陕 璇"))
        #expect(texts.contains { $0.hasPrefix("编者按") })
        #expect(texts.contains { $0.contains("№4466") })
        #expect(texts.contains("沙市 简讯"))
        for a in seedCorpus.articles {
            #expect(!a.text.contains("责任编辑"))
            #expect(!a.text.contains("编者按"))
            #expect(!a.text.contains("二维码"))
        }
    }

    /// Nothing is lost: every Hanzi of every seed is in an article (text, headings, byline,
    /// credits) or in the page furniture.
    @Test(arguments: ["000_97037fa0fdbe9769.txt", "001_9c4cd6e42bf9b79e.txt", "002_81ca9869dae714d6.txt", "003_10503e775b80d64b.txt", "004_009765f329aaeaa3.txt"])
    func everyHanziIsAccountedFor(_ doc: String) throws {
        let index = try #require(seedCorpus.documents.firstIndex { $0.name == doc })
        func han(_ s: String) -> Int { s.unicodeScalars.filter { CharacterFolding.isHan($0.value) }.count }
        let source = han(seedText(doc))
        var found = seedCorpus.furniture[index].reduce(0) { $0 + han($1.text) }
        for a in seedCorpus.articles where a.docIndex == index {
            found += han(a.text) + han(a.byline.joined()) + han(a.credits.map(\.text).joined()) + han(a.column ?? "")
        }
        #expect(found == source)
    }
}
