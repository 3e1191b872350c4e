import Foundation
import Testing
import Query

/// A page of the same genre that the segmenter was not written against: a news item with a
/// broken line and a two-line sub-heading, a bylined item, a signed article, one with no
/// headline, a photo item and a lone photo caption at the foot of the page.
struct UnseenPageTests {
    static let page = """
        责任编辑:王小明 美术编辑:李红

        洪湖市推进湖区生态修复 今年完成退垸还湖1.2万亩

        本报讯(记者周立 通讯员陈明)近日,洪湖市召开湖区生态修复推进会,部署全年退垸还湖工作。
        会议指出,要坚持系统治理,统筹推进水污染防治和水生态修复。今年以来,全市已投入专项资金3.5亿元,

        完成退垸还湖1.2万亩。
        守护一湖清水
        建设美丽洪湖
        洪湖市将持续开展“清湖行动”,推动湖区生态环境持续好转。

        监利市新建农村公路200公里

        □ 通讯员 孙亮 周文

        今年以来,监利市加快推进“四好农村路”建设,新建农村公路200公里,惠及群众30余万人。
        据了解,监利市还将投入资金1.8亿元,实施农村公路提档升级工程。

        以实干担当推动乡村振兴

        乡村振兴是一篇大文章。我们将坚持农业农村优先发展,加快建设农业强县。
        (作者系江陵县农业农村局局长)

        在全县上下深入推进乡村振兴的关键时刻,我们召开了这次会议,意义重大。
        我们要把思想统一到县委的部署上来。
        (作者系江陵县委副书记)

        春耕时节 田野繁忙

        日前,在江陵县熊河镇的农田里,农民驾驶农机进行春耕作业。
        (王伟 摄)



        市民在荆州古城墙下晨练,享受美好时光。(张静 摄)
        """

    static var articles: [Article] {
        let doc = Document(name: "unseen.txt", encoding: .utf8, utf8: Array(page.utf8))
        return Segmenter.segment(doc).articles
    }

    /// (title, derived, byline, credits)
    static let expected: [(String, Bool, [String], [String])] = [
        ("洪湖市推进湖区生态修复 今年完成退垸还湖1.2万亩", false, ["本报讯(记者周立 通讯员陈明)"], []),
        ("监利市新建农村公路200公里", false, ["□ 通讯员 孙亮 周文"], []),
        ("以实干担当推动乡村振兴", false, [], ["作者系江陵县农业农村局局长"]),
        ("在全县上下深入推进乡村振兴的关键时刻,我们召开了这次会议", true, [], ["作者系江陵县委副书记"]),
        ("春耕时节 田野繁忙", false, [], ["王伟 摄"]),
        ("市民在荆州古城墙下晨练,享受美好时光", true, [], ["张静 摄"]),
    ]

    @Test func articlesOfAnUnseenPage() {
        let got = Self.articles
        #expect(got.map(\.title) == Self.expected.map(\.0))
        #expect(got.map(\.titleDerived) == Self.expected.map(\.1))
        #expect(got.map(\.byline) == Self.expected.map(\.2))
        #expect(got.map { $0.credits.map(\.text) } == Self.expected.map(\.3))
    }

    @Test func brokenLineAndSubHeading() throws {
        let first = try #require(Self.articles.first)
        #expect(first.text.contains("3.5亿元,完成退垸还湖1.2万亩。"))
        #expect(first.text.contains("守护一湖清水\n建设美丽洪湖\n洪湖市将持续开展"))
        #expect(!first.text.contains("责任编辑"))
    }
}

/// Lines that look like furniture or a credit at first sight but carry text: the text stays
/// in an article. (Found by the benchmark, whose recombined pages hold such lines.)
struct NothingIsDroppedTests {
    static let lines: [String] = [
        "责任编辑:柳红霞 美术编辑:陕 璇。区委副书记、区长秦军出席新闻发布会,介绍沙市区优化营商环境的经验。",
        "(本组图片:潘路 肖琦 摄)。精准建立培育库,全面落实政策包,助推规下工业企业进规入统。",
        "探索共评模式。小区探索采取共筹举措。(作者系松滋市洈水镇党委书记)。保了全县政治社会大局安全稳定。",
        "在金源世纪城小区,记者看到(作者系荆州市城发集团党委副书记、。十年砥砺奋进,工业总产值今年有望迈上3477亿元新台阶。",
        "(作者系荆州市城发集团党委副书记、。十年砥砺奋进,工业总产值今年有望迈上3477亿元新台阶。",
        "□ 特约记者 车荣华。一要统筹优化营商环境和推进特色文旅发展。",
        "一要统筹优化营商环境。扫描二维码关注公众号",
    ]

    @Test(arguments: lines.indices)
    func textIsKept(_ k: Int) {
        let line = Self.lines[k]
        let page = "某某新闻标题\n\n本报讯(记者张三)近日,召开会议。\n\n" + line + "\n"
        let doc = Document(name: "p.txt", encoding: .utf8, utf8: Array(page.utf8))
        let text = Segmenter.segment(doc).articles.map(\.text).joined(separator: "\n")
        let tail = String(line.split(separator: "。").last!)
        #expect(text.contains(CharacterFolding.fold(tail).replacingOccurrences(of: " ", with: "")), "lost: \(tail)")
    }
}
