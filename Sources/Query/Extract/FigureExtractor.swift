/// Finds figures — a number with its unit — in normalised article text.
///
/// A figure is a number (Arabic, Chinese or mixed; see `Numerals`) followed by a unit
/// (`units`), with qualifiers before it (近 超过 约 …), between number and magnitude (70余万),
/// or after the unit (以上 左右). Fractions (三分之一, 2/3) and 百分之N, N成 are percentages.
///
/// Not figures, each on purpose (README, "What counts as a figure"): numbers without a unit;
/// years and dates (2023年, 3月1日); ordinals (第四场); codes (5G, 4A级, №4466, 1+4+N);
/// numbers inside short quotations (“863”工作模式, “两个2/3”); Chinese numerals of one, and
/// Chinese numerals up to ten counted with 个, which are the numbered slogans of official prose
/// (两个维护, 三个文章); a numeral fused with a noun that is not a unit (五大行动, 二十大, 十四五).
public enum FigureExtractor {
    /// Units, longest first. The value is the unit reported after folding the magnitude.
    static let units: [(String, String)] = [
        ("个百分点", "百分点"), ("平方公里", "平方公里"), ("平方千米", "平方公里"), ("平方米", "平方米"),
        ("万千瓦", "千瓦"), ("千瓦时", "千瓦时"), ("千瓦", "千瓦"), ("公顷", "公顷"), ("公里", "公里"), ("千米", "公里"),
        ("公斤", "公斤"), ("千克", "公斤"), ("美元", "美元"), ("元", "元"), ("%", "%"), ("‰", "‰"),
        ("亩", "亩"), ("吨", "吨"), ("人次", "人次"), ("场次", "场次"), ("台次", "台次"), ("架次", "架次"),
        ("个月", "个月"), ("小时", "小时"), ("分钟", "分钟"), ("周年", "年"), ("天", "天"), ("年", "年"),
        ("个", "个"), ("家", "家"), ("人", "人"), ("名", "名"), ("户", "户"), ("件", "件"), ("项", "项"),
        ("次", "次"), ("辆", "辆"), ("张", "张"), ("处", "处"), ("条", "条"), ("篇", "篇"), ("起", "起"),
        ("场", "场"), ("座", "座"), ("所", "所"), ("台", "台"), ("套", "套"), ("间", "间"), ("栋", "栋"),
        ("批", "批"), ("床", "床"), ("株", "株"), ("棵", "棵"), ("头", "头"), ("只", "只"), ("本", "本"),
        ("份", "份"), ("岁", "岁"), ("倍", "倍"), ("米", "米"), ("万", "万"),
    ].map { ($0.0, $0.1) }.sorted { $0.0.count > $1.0.count }

    static let measurementUnits: Set<String> = ["元", "美元", "%", "‰", "平方公里", "平方米", "公顷", "公里", "亩", "吨", "公斤", "千瓦", "千瓦时", "个月", "小时", "分钟", "年", "天", "岁", "倍", "米", "百分点"]
    static let overBefore = ["超过", "超", "逾", "高达", "过"]
    static let underBefore = ["将近", "近", "不到", "不足"]
    static let approxBefore = ["大约", "约"]
    static let overAfter = ["以上", "多"]
    static let underAfter = ["以下", "以内"]
    static let approxAfter = ["左右"]
    static let growthWords = ["同比增长", "同比下降", "增长", "下降", "增速", "提高", "降低", "减少", "压减", "上升", "增加"]
    static let shareWords = ["占比", "占", "覆盖率", "率"]
    static let qualifiersBefore = [(overBefore, "over"), (underBefore, "under"), (approxBefore, "approx")].map { ($0.0.map(scalars), $0.1) }
    static let qualifiersAfter = [(overAfter, "over"), (underAfter, "under"), (approxAfter, "approx")].map { ($0.0.map(scalars), $0.1) }
    static let growthScalars = growthWords.map(scalars)
    static let shareScalars = shareWords.map(scalars)
    static func scalars(_ w: String) -> [UInt32] { w.unicodeScalars.map(\.value) }
    static let thingStops: Set<UInt32> = Set("的和与及等是为在到将对被以了达增至用由从向把让使后前中".unicodeScalars.map(\.value))

    public static func figures(_ s: [UInt32]) -> [Figure] {
        var out: [Figure] = []
        let quotes = QuoteSpans(s)
        var i = 0
        while i < s.count {
            let u = s[i]
            let isDigit = u >= 0x30 && u <= 0x39
            guard isDigit || Numerals.isChineseNumeral(u) else { i += 1; continue }
            // A number continues from the previous scalar: not a start.
            if i > 0, (s[i - 1] >= 0x30 && s[i - 1] <= 0x39) || s[i - 1] == 0x2E || Numerals.isChineseNumeral(s[i - 1]) {
                i += 1
                continue
            }
            if quotes.insideShort(i) {
                i += 1
                continue
            }
            if let f = figure(s, at: i) {
                out.append(f.figure)
                i = f.end
            } else {
                i += 1
            }
        }
        return out
    }

    static func figure(_ s: [UInt32], at start: Int) -> (figure: Figure, end: Int)? {
        let prev = start > 0 ? s[start - 1] : 0
        // Ordinals, codes and slogans.
        if prev == 0x7B2C || prev == 0x2116 || prev == 0x2B || prev == 0x2F || prev == 0x2D { return nil }  // 第 № + / -
        if CharacterFolding.isASCIIAlnum(prev) { return nil }
        // Vague amounts are ranges, not numbers: 数十, 几十, 上百.
        if prev == 0x6570 || prev == 0x51E0 || (prev == 0x4E0A && s[start] == 0x767E) { return nil }

        // 三分之一 / 百分之N; 两个三分之二 is a slogan.
        if let frac = fraction(s, at: start) {
            if start >= 2, s[start - 1] == 0x4E2A, Numerals.isChineseNumeral(s[start - 2]) { return nil }
            return frac
        }

        guard var n = Numerals.parse(s, at: start) else { return nil }
        var k = start + n.length
        var qualifier: String?
        if n.approximate { qualifier = "approx" }
        // Codes: 5G, 4A级, 1+4+N.
        if k < s.count, s[k] >= 0x41 && s[k] <= 0x7A || s[k] == 0x2B { return nil }
        // 70余万元 / 300多亿元: a qualifier between the number and its magnitude.
        if k < s.count, s[k] == 0x4F59 || s[k] == 0x591A {  // 余 多
            let (scale, used) = Numerals.magnitude(s, at: k + 1)
            if used > 0 || unit(s, at: k + 1) != nil {
                qualifier = "over"
                n.value *= scale
                k += 1 + used
            }
        }
        // 2/3 as a percentage.
        if !n.chinese, k + 1 < s.count, s[k] == 0x2F, let d = Numerals.parse(s, at: k + 1), !d.chinese, d.value > 0 {
            let end = k + 1 + d.length
            return finish(s, start: start, end: end, value: n.value / d.value * 100, unit: "%", qualifier: qualifier)
        }
        // N成: 八成 = 80%.
        if n.chinese, k < s.count, s[k] == 0x6210, n.value >= 2, n.value <= 9, k + 1 >= s.count || !CharacterFolding.isHan(s[k + 1]) || s.hasPrefix("以上", at: k + 1) || s.hasPrefix("左右", at: k + 1) {
            return finish(s, start: start, end: k + 1, value: n.value * 10, unit: "%", qualifier: qualifier)
        }
        guard let (printed, folded) = unit(s, at: k) else {
            // An amount with a magnitude and no unit (300亿环保纸, 近百亿): a figure whose unit is
            // not printed, so `unit` is empty. Not a scale (千亿级) and never below 万.
            guard n.hasMagnitude, n.value >= 1e4, !(k < s.count && (s[k] == 0x7EA7 || s[k] == 0x4EBA)) else { return nil }  // 级 人
            return finish(s, start: start, end: k, value: n.value, unit: "", qualifier: qualifier)
        }
        // Dates and years: 2023年, 3月1日 (月 and 日 are not units), 2022-2024.
        if folded == "年", !n.chinese, n.value >= 1900, n.value <= 2100, n.value == n.value.rounded() { return nil }
        if folded == "年", k + 1 < s.count, s[k + 1] == 0x5EA6 { return nil }  // 2023年度
        // Chinese numerals of one, small Chinese numerals counting things (两个维护, 三篇大文章,
        // 二十条措施, 四次全会) and bare 千/百 counts (千家万户, 百年) are slogans and idioms.
        if n.chinese, n.value <= 1 { return nil }
        if n.chinese, !measurementUnits.contains(folded), n.value < 100 { return nil }
        // 百年, 千家万户, 十年砥砺: a bare 十/百/千 is rhetoric, except for money (不到千元).
        if n.chinese, [0x5341, 0x767E, 0x5343].contains(s[start]), !n.hasMagnitude, folded != "元" { return nil }
        // Ranks: 排名前20名.
        if prev == 0x524D, folded == "名" || folded == "位" { return nil }
        // 两个三分之二原则: a fraction counted by 个 is a slogan.
        if folded == "万" { return nil }  // a bare magnitude after a non-number
        var value = n.value
        if printed == "万千瓦" { value *= 1e4 }
        let end = k + printed.unicodeScalars.count
        return finish(s, start: start, end: end, value: value, unit: folded, qualifier: qualifier)
    }

    /// `units` as scalars: the scan asks for a unit after every number, and comparing against
    /// each unit's `String` decoded it every time.
    static let unitScalars: [(scalars: [UInt32], printed: String, folded: String)] = units.map {
        (Array($0.0.unicodeScalars.map(\.value)), $0.0, $0.1)
    }

    static func unit(_ s: [UInt32], at k: Int) -> (String, String)? {
        guard k < s.count else { return nil }
        let first = s[k]
        // 个 followed by 百分点 is handled as 个百分点 (longest first).
        for u in unitScalars where u.scalars[0] == first && s.hasPrefix(u.scalars, at: k) { return (u.printed, u.folded) }
        return nil
    }

    /// 三分之一, 百分之三十五.
    static func fraction(_ s: [UInt32], at start: Int) -> (figure: Figure, end: Int)? {
        let fen: UInt32 = 0x5206, zhi: UInt32 = 0x4E4B
        if s.hasPrefix("百分之", at: start), let n = Numerals.parse(s, at: start + 3) {
            return finish(s, start: start, end: start + 3 + n.length, value: n.value, unit: "%", qualifier: nil)
        }
        guard let d = Numerals.parse(s, at: start), d.chinese, start + d.length + 1 < s.count,
              s[start + d.length] == fen, s[start + d.length + 1] == zhi,
              let n = Numerals.parse(s, at: start + d.length + 2), d.value > 0 else { return nil }
        return finish(s, start: start, end: start + d.length + 2 + n.length, value: n.value / d.value * 100, unit: "%", qualifier: nil)
    }

    static func finish(_ s: [UInt32], start: Int, end: Int, value: Double, unit: String, qualifier q: String?) -> (figure: Figure, end: Int) {
        var qualifier = q
        var begin = start
        var stop = end
        for (words, kind) in qualifiersBefore {
            for w in words where start >= w.count && s.hasPrefix(w, at: start - w.count) {
                qualifier = kind
                begin = start - w.count
                break
            }
            if begin != start { break }
        }
        for (words, kind) in qualifiersAfter {
            for w in words where s.hasPrefix(w, at: end) && !(w == [0x591A] && end + 1 < s.count && CharacterFolding.isHan(s[end + 1]) && !isUnitStart(s, end + 1)) {  // 多
                qualifier = kind
                stop = end + w.count
                break
            }
            if stop != end { break }
        }
        var kind: String?
        if unit == "百分点" {
            kind = "points"
        } else if unit == "%" {
            // The eight characters before the figure, compared as scalars (as `String`s, with
            // Foundation's `contains`, this was a tenth of the extraction).
            let before = s[max(0, begin - 8)..<begin]
            if growthScalars.contains(where: { w in
                before.hasSuffix(w) || before.hasSuffix(w + [0x4E86]) || before.hasSuffix(w + [0x8FBE])  // 了 达
            }) {
                kind = "growth"
            } else if shareScalars.contains(where: { before.containsRun($0) }) {
                kind = "share"
            }
        }
        var f = Figure(text: FoldedLine.string(s[begin..<stop]), value: value, unit: unit, qualifier: qualifier, start: begin, end: stop)
        f.kind = kind
        f.thing = thing(s, from: stop)
        return (f, stop)
    }

    static func isUnitStart(_ s: [UInt32], _ k: Int) -> Bool { unit(s, at: k) != nil }

    /// What is counted, when printed right after: 14.9亿元专项资金 → 专项资金.
    static func thing(_ s: [UInt32], from: Int) -> String? {
        var k = from
        while k < s.count, k - from < 8, CharacterFolding.isHan(s[k]), !thingStops.contains(s[k]) { k += 1 }
        return k - from >= 2 ? FoldedLine.string(s[from..<k]) : nil
    }

}

/// Which positions of a text lie inside a short quotation (“863”, “两个2/3”), found in one pass:
/// the quote marks of each paragraph pair up in order. O(n) to build, O(1) to ask.
struct QuoteSpans {
    /// For each position inside a quotation, the length of that quotation; 0 outside.
    private var spanLength: [Int32]

    init(_ s: [UInt32]) {
        spanLength = [Int32](repeating: 0, count: s.count)
        var open: Int?
        for (k, u) in s.enumerated() {
            if u == 0x0A { open = nil; continue }
            guard u == 0x22 else { continue }
            if let o = open {
                let length = Int32(k - o)
                for m in (o + 1)..<k { spanLength[m] = length }
                open = nil
            } else {
                open = k
            }
        }
    }

    /// Inside a quotation of at most 20 characters: a name or a slogan.
    func insideShort(_ i: Int) -> Bool {
        let l = spanLength[i]
        return l > 0 && l <= 21
    }
}

extension ArraySlice<UInt32> {
    func hasSuffix(_ w: [UInt32]) -> Bool {
        count >= w.count && zip(self[(endIndex - w.count)...], w).allSatisfy { $0 == $1 }
    }

    /// Holds `w` as a contiguous run (by hand, as `AuthorExtractor.firstIndex`: the standard
    /// library's generic search was slower).
    func containsRun(_ w: [UInt32]) -> Bool {
        guard !w.isEmpty else { return true }
        guard count >= w.count else { return false }
        for i in startIndex...(endIndex - w.count) where self[i] == w[0] && zip(self[i..<(i + w.count)], w).allSatisfy({ $0 == $1 }) { return true }
        return false
    }
}
