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
    static let qualifiersBefore: [([[UInt32]], Figure.Qualifier)] = [(overBefore, Figure.Qualifier.over), (underBefore, .under), (approxBefore, .approx)].map { ($0.0.map(scalars), $0.1) }
    static let qualifiersAfter: [([[UInt32]], Figure.Qualifier)] = [(overAfter, Figure.Qualifier.over), (underAfter, .under), (approxAfter, .approx)].map { ($0.0.map(scalars), $0.1) }
    static let growthScalars = growthWords.map(scalars)
    static let shareScalars = shareWords.map(scalars)
    static func scalars(_ w: String) -> [UInt32] { w.unicodeScalars.map(\.value) }
    static let thingStops: Set<UInt32> = Set("的和与及等是为在到将对被以了达增至用由从向把让使后前中".unicodeScalars.map(\.value))

    public static func figures(_ s: [UInt32]) -> [Figure] {
        var out: [Figure] = []
        let quotes = QuoteSpans(s)
        var i = 0
        numeralStarts.withUnsafeBufferPointer { bits in
            s.withUnsafeBufferPointer { text in
                @inline(__always) func startsNumber(_ u: UInt32) -> Bool { u < 0x10000 && bits[Int(u >> 6)] & (1 << UInt64(u & 63)) != 0 }
                while i < text.count {
                    guard startsNumber(text[i]) else { i += 1; continue }
                    // A number continues from the previous scalar: not a start.
                    if i > 0, startsNumber(text[i - 1]) || text[i - 1] == 0x2E {
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
            }
        }
        return out
    }

    /// The scalars a number starts with — ASCII digits and Chinese numerals — as bits: the
    /// scan asks at every scalar of the corpus, where a switch over 17 values was a chain of
    /// branches.
    static let numeralStarts: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 0x10000 / 64)
        for u in 0..<0x10000 where (u >= 0x30 && u <= 0x39) || Numerals.isChineseNumeral(UInt32(u)) {
            bits[u >> 6] |= 1 << UInt64(u & 63)
        }
        return bits
    }()

    static func figure(_ s: [UInt32], at start: Int) -> (figure: Figure, end: Int)? {
        let prev = start > 0 ? s[start - 1] : 0
        // Ordinals, codes and slogans.
        if prev == 0x7B2C || prev == 0x2116 || prev == 0x2B || prev == 0x2F || prev == 0x2D { return nil }  // 第 № + / -
        if CharacterFolding.isASCIIAlnum(prev) { return nil }
        // Vague amounts are ranges, not numbers: 数十, 几十, 上百.
        if prev == 0x6570 || prev == 0x51E0 || (prev == 0x4E0A && s[start] == 0x767E) { return nil }

        // 百分之N / 三分之一: percentages; 两个三分之二 is a slogan.
        let slogan = start >= 2 && s[start - 1] == 0x4E2A && Numerals.isChineseNumeral(s[start - 2])
        if s.hasPrefix(baiFenZhi, at: start), let n = Numerals.parse(s, at: start + 3) {
            return slogan ? nil : finish(s, start: start, end: start + 3 + n.length, value: n.value, unit: percent, qualifier: nil)
        }
        // The number is parsed once, here: the fraction reads it as its denominator.
        guard var n = Numerals.parse(s, at: start) else { return nil }
        if let frac = fraction(s, at: start, denominator: n) { return slogan ? nil : frac }
        var k = start + n.length
        var qualifier: Figure.Qualifier?
        if n.approximate { qualifier = .approx }
        // Codes: 5G, 4A级, 1+4+N.
        if k < s.count, s[k] >= 0x41 && s[k] <= 0x7A || s[k] == 0x2B { return nil }
        // 70余万元 / 300多亿元: a qualifier between the number and its magnitude.
        if k < s.count, s[k] == 0x4F59 || s[k] == 0x591A {  // 余 多
            let (scale, used) = Numerals.magnitude(s, at: k + 1)
            if used > 0 || isUnitStart(s, k + 1) {
                qualifier = .over
                n.value *= scale
                k += 1 + used
            }
        }
        // 2/3 as a percentage.
        if !n.chinese, k + 1 < s.count, s[k] == 0x2F, let d = Numerals.parse(s, at: k + 1), !d.chinese, d.value > 0 {
            let end = k + 1 + d.length
            return finish(s, start: start, end: end, value: n.value / d.value * 100, unit: percent, qualifier: qualifier)
        }
        // N成: 八成 = 80%.
        if n.chinese, k < s.count, s[k] == 0x6210, n.value >= 2, n.value <= 9, k + 1 >= s.count || !CharacterFolding.isHan(s[k + 1]) || s.hasPrefix("以上", at: k + 1) || s.hasPrefix("左右", at: k + 1) {
            return finish(s, start: start, end: k + 1, value: n.value * 10, unit: percent, qualifier: qualifier)
        }
        guard let u = unitEntry(s, at: k) else {
            // An amount with a magnitude and no unit (300亿环保纸, 近百亿): a figure whose unit is
            // not printed, so `unit` is empty. Not a scale (千亿级) and never below 万.
            guard n.hasMagnitude, n.value >= 1e4, !(k < s.count && (s[k] == 0x7EA7 || s[k] == 0x4EBA)) else { return nil }  // 级 人
            return finish(s, start: start, end: k, value: n.value, unit: noUnit, qualifier: qualifier)
        }
        // Compared as the table's flags: comparing Chinese `String`s normalises them, and this
        // runs for every number in the corpus.
        // Dates and years: 2023年, 3月1日 (月 and 日 are not units), 2022-2024.
        if u.isYear, !n.chinese, n.value >= 1900, n.value <= 2100, n.value == n.value.rounded() { return nil }
        if u.isYear, k + 1 < s.count, s[k + 1] == 0x5EA6 { return nil }  // 2023年度
        // Chinese numerals of one, small Chinese numerals counting things (两个维护, 三篇大文章,
        // 二十条措施, 四次全会) and bare 千/百 counts (千家万户, 百年) are slogans and idioms.
        if n.chinese, n.value <= 1 { return nil }
        if n.chinese, !u.isMeasurement, n.value < 100 { return nil }
        // 百年, 千家万户, 十年砥砺: a bare 十/百/千 is rhetoric, except for money (不到千元).
        if n.chinese, [0x5341, 0x767E, 0x5343].contains(s[start]), !n.hasMagnitude, !u.isYuan { return nil }
        // Ranks: 排名前20名.
        if prev == 0x524D, u.isRank { return nil }
        if u.isWan { return nil }  // a bare magnitude after a non-number
        var value = n.value
        if u.scalesByWan { value *= 1e4 }
        let end = k + u.scalars.count
        return finish(s, start: start, end: end, value: value, unit: u.code, qualifier: qualifier)
    }

    /// A unit of `units` as the scan uses it: its scalars, and what the rules ask of it, worked
    /// out once — the scan asks for a unit after every number, and comparing against each
    /// unit's `String` decoded (and normalised) it every time.
    struct Unit: Sendable {
        let scalars: [UInt32]
        let printed: String
        let folded: String
        /// The reported unit's number in `Figure.unitNames`.
        let code: UInt8
        let isYear: Bool, isWan: Bool, isYuan: Bool, isRank: Bool, isMeasurement: Bool, scalesByWan: Bool

        init(printed: String, folded: String) {
            self.printed = printed
            self.folded = folded
            code = Figure.unitCode(folded)!  // (`unitNames` is made of this table's units)
            scalars = printed.unicodeScalars.map(\.value)
            isYear = folded == "年"
            isWan = folded == "万"
            isYuan = folded == "元"
            isRank = folded == "名" || folded == "位"
            isMeasurement = FigureExtractor.measurementUnits.contains(folded)
            scalesByWan = printed == "万千瓦"
        }
    }

    static let unitTable: [Unit] = units.map { Unit(printed: $0.0, folded: $0.1) }

    /// The unit printed at `k`, longest first (个 followed by 百分点 is 个百分点).
    /// The table is read through its units' first scalars: going over the `Unit`s themselves
    /// retained and released each one's arrays and strings, for every unit at every number.
    static func unitEntry(_ s: [UInt32], at k: Int) -> Unit? {
        guard k < s.count else { return nil }
        let first = s[k]
        return unitFirsts.withUnsafeBufferPointer { firsts in
            for j in 0..<firsts.count where firsts[j] == first && s.hasPrefix(unitTable[j].scalars, at: k) { return unitTable[j] }
            return nil
        }
    }

    static let unitFirsts: [UInt32] = unitTable.map { $0.scalars[0] }

    /// The unit printed at `k`: as printed, and as reported.
    static func unit(_ s: [UInt32], at k: Int) -> (String, String)? {
        unitEntry(s, at: k).map { ($0.printed, $0.folded) }
    }

    static let baiFenZhi: [UInt32] = [0x767E, 0x5206, 0x4E4B]  // 百分之

    /// 三分之一: the Chinese number `d` parsed at `start`, then 分之 and the numerator.
    static func fraction(_ s: [UInt32], at start: Int, denominator d: Numerals.Parsed) -> (figure: Figure, end: Int)? {
        let fen: UInt32 = 0x5206, zhi: UInt32 = 0x4E4B
        guard d.chinese, start + d.length + 1 < s.count,
              s[start + d.length] == fen, s[start + d.length + 1] == zhi,
              let n = Numerals.parse(s, at: start + d.length + 2), d.value > 0 else { return nil }
        return finish(s, start: start, end: start + d.length + 2 + n.length, value: n.value / d.value * 100, unit: percent, qualifier: nil)
    }

    /// The numbers of the units the rules report without a unit of the table.
    static let percent = Figure.unitCode("%")!, noUnit = Figure.unitCode("")!
    static let points = Figure.unitCode("百分点")!

    static func finish(_ s: [UInt32], start: Int, end: Int, value: Double, unit: UInt8, qualifier q: Figure.Qualifier?) -> (figure: Figure, end: Int) {
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
        var kind: Figure.Kind?
        if unit == points {
            kind = .points
        } else if unit == percent {
            // The eight characters before the figure, compared as scalars (as `String`s, with
            // Foundation's `contains`, this was a tenth of the extraction).
            let before = s[max(0, begin - 8)..<begin]
            if growthScalars.contains(where: { w in
                before.hasSuffix(w) || before.hasSuffix(w, then: 0x4E86) || before.hasSuffix(w, then: 0x8FBE)  // 了 达
            }) {
                kind = .growth
            } else if shareScalars.contains(where: { before.containsRun($0) }) {
                kind = .share
            }
        }
        let f = Figure(text: FoldedLine.string(s[begin..<stop]), value: value, unitCode: unit, qualifier: qualifier,
                       start: begin, end: stop, kind: kind, thing: thing(s, from: stop))
        return (f, stop)
    }

    static func isUnitStart(_ s: [UInt32], _ k: Int) -> Bool { unitEntry(s, at: k) != nil }

    /// What is counted, when printed right after: 14.9亿元专项资金 → 专项资金.
    static func thing(_ s: [UInt32], from: Int) -> String? {
        var k = from
        while k < s.count, k - from < 8, CharacterFolding.isHan(s[k]), !thingStops.contains(s[k]) { k += 1 }
        return k - from >= 2 ? FoldedLine.string(s[from..<k]) : nil
    }

}

/// Which positions of a text lie inside a short quotation (“863”, “两个2/3”), found in one pass:
/// the quote marks of each paragraph pair up in order. O(n) to build, O(log q) to ask for q
/// short quotations; memory 16 bytes a short quotation (a table of every position had cost
/// 4 bytes a character, written for every article of the corpus).
struct QuoteSpans {
    /// The insides of the short quotations, ascending and disjoint.
    private var spans: [Range<Int>] = []

    init(_ s: [UInt32]) {
        var open: Int?
        for k in s.indices {
            let u = s[k]
            if u == 0x0A { open = nil; continue }
            guard u == 0x22 else { continue }
            if let o = open {
                if k - o <= 21 && k > o + 1 { spans.append((o + 1)..<k) }
                open = nil
            } else {
                open = k
            }
        }
    }

    /// Inside a quotation of at most 20 characters: a name or a slogan.
    func insideShort(_ i: Int) -> Bool {
        var lo = 0, hi = spans.count
        while lo < hi {
            let m = (lo + hi) / 2
            if spans[m].upperBound <= i { lo = m + 1 } else { hi = m }
        }
        return lo < spans.count && spans[lo].contains(i)
    }
}

extension ArraySlice<UInt32> {
    func hasSuffix(_ w: [UInt32]) -> Bool {
        count >= w.count && zip(self[(endIndex - w.count)...], w).allSatisfy { $0 == $1 }
    }

    /// Ends with `w` and then `last` (without making the array `w + [last]`).
    func hasSuffix(_ w: [UInt32], then last: UInt32) -> Bool {
        count > w.count && self[endIndex - 1] == last && self[..<(endIndex - 1)].hasSuffix(w)
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
