/// Dates and date ranges printed with Arabic digits: 2022年6月30日, 3月1日, 11月19日至23日,
/// 11月28日—12月1日, 2023年, 2023年度, 2022-2024年, 1至10月份. A date without its year takes
/// the document's year (the page date when printed, else the year the document names most),
/// and says so; an impossible date (2月30日) is dropped.
public enum DateExtractor {
    struct Parts {
        var year: Int?
        var month: Int?
        var day: Int?
        var yearInferred = false
    }

    static let nian: UInt32 = 0x5E74, yue: UInt32 = 0x6708, ri: UInt32 = 0x65E5, hao: UInt32 = 0x53F7
    static let rangeMarks: Set<UInt32> = [0x81F3, 0x2014, 0x2D, 0x5230, 0x7E, 0xFF5E]  // 至 — - 到 ~ ～

    public static func dates(_ s: [UInt32], documentYear: Int?) -> [DateMention] {
        var out: [DateMention] = []
        var i = 0
        while i < s.count {
            guard isDigit(s[i]), i == 0 || !(isDigit(s[i - 1]) || s[i - 1] == 0x2E || CharacterFolding.isASCIIAlnum(s[i - 1])) else { i += 1; continue }
            if let (m, e) = monthRange(s, at: i) {
                // 1至10月份
                var a = Parts(); a.month = m.0
                var b = Parts(); b.month = m.1
                if let mention = mention(s, i, e, a, b, documentYear) { out.append(mention) }
                i = e
                continue
            }
            guard let (first, afterFirst) = parts(s, at: i, defaults: Parts()) else { i += 1; continue }
            var end = afterFirst
            var last: Parts?
            if end < s.count, rangeMarks.contains(s[end]), let (second, afterSecond) = parts(s, at: end + 1, defaults: first) {
                last = second
                end = afterSecond
            }
            if let mention = mention(s, i, end, first, last, documentYear) { out.append(mention) }
            i = max(end, i + 1)
        }
        return out
    }

    static func isDigit(_ u: UInt32) -> Bool { u >= 0x30 && u <= 0x39 }

    static func number(_ s: [UInt32], at i: Int) -> (Int, Int)? {
        var k = i, v = 0
        while k < s.count, isDigit(s[k]), k - i < 4 {
            v = v * 10 + Int(s[k] - 0x30)
            k += 1
        }
        return k > i && !(k < s.count && isDigit(s[k])) ? (v, k) : nil
    }

    /// [Y年][M月][D日|号], at least one part; a bare Y needs 年 and 1900…2100.
    static func parts(_ s: [UInt32], at i: Int, defaults: Parts) -> (Parts, Int)? {
        var p = Parts()
        var k = i
        guard var (v, after) = number(s, at: k) else { return nil }
        if after < s.count, s[after] == nian, (1900...2100).contains(v) {
            p.year = v
            k = after + 1
            guard let (m, a2) = number(s, at: k), a2 < s.count, s[a2] == yue else { return (p, k) }
            (v, after) = (m, a2)
        } else if after < s.count, s[after] == 0x2D || s[after] == 0x81F3, (1900...2100).contains(v),
                  let (y2, a2) = number(s, at: after + 1), a2 < s.count, s[a2] == nian, (1900...2100).contains(y2), defaults.year == nil
        {
            // 2022-2024年: handled as a range by the caller through the range mark.
            p.year = v
            return (p, after)
        }
        if after < s.count, s[after] == yue, (1...12).contains(v) {
            p.month = v
            k = after + 1
            if let (d, a3) = number(s, at: k), a3 < s.count, s[a3] == ri || s[a3] == hao, (1...31).contains(d) {
                p.day = d
                k = a3 + 1
            }
        } else if after < s.count, s[after] == ri || s[after] == hao, (1...31).contains(v), defaults.month != nil, p.year == nil {
            p.day = v  // 11月19日至23日: the end of a range gives only the day
            k = after + 1
        } else if p.year == nil {
            return nil
        }
        if p.year == nil, p.month != nil || p.day != nil {
            p.year = defaults.year
            p.yearInferred = defaults.yearInferred
        }
        if p.month == nil, p.day != nil { p.month = defaults.month }
        return (p, k)
    }

    static func monthRange(_ s: [UInt32], at i: Int) -> ((Int, Int), Int)? {
        guard let (a, k) = number(s, at: i), k < s.count, s[k] == 0x81F3, let (b, k2) = number(s, at: k + 1),
              k2 < s.count, s[k2] == yue, (1...12).contains(a), (1...12).contains(b), a < b else { return nil }
        var end = k2 + 1
        if end < s.count, s[end] == 0x4EFD { end += 1 }  // 份
        return ((a, b), end)
    }

    static func mention(_ s: [UInt32], _ start: Int, _ end: Int, _ a: Parts, _ b: Parts?, _ documentYear: Int?) -> DateMention? {
        var first = a
        var inferred = false
        if first.year == nil, first.month != nil {
            guard let y = documentYear else { return nil }
            first.year = y
            inferred = true
        }
        var last = b
        if var l = last, l.year == nil {
            l.year = first.year
            last = l
        }
        guard let x = iso(first) else { return nil }
        var text = x
        if let l = last {
            guard let y = iso(l) else { return nil }
            text += "/" + y
        }
        return DateMention(text: FoldedLine.string(s[start..<end]), iso: text, start: start, end: end, yearInferred: inferred)
    }

    static func iso(_ p: Parts) -> String? {
        guard let y = p.year else { return nil }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        guard let m = p.month else { return "\(y)" }
        guard let d = p.day else { return "\(y)-\(two(m))" }
        let days = [31, (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard d <= days[m - 1] else { return nil }
        return "\(y)-\(two(m))-\(two(d))"
    }

    /// The document's year: the page date when printed; else the latest year named that is at
    /// most one after the year named most (pages report last year's results — 2023年度 — in
    /// the next year, and name targets far ahead — 2035年 — that are not their date).
    public static func documentYear(texts: [[UInt32]], pageDates: [String]) -> Int? {
        for p in pageDates {
            let s = p.unicodeScalars.map(\.value)
            if let (y, k) = number(s, at: 0), k < s.count, s[k] == nian, (1900...2100).contains(y) { return y }
        }
        var counts: [Int: Int] = [:]
        for s in texts {
            var i = 0
            while i < s.count {
                if isDigit(s[i]), i == 0 || !isDigit(s[i - 1]), let (y, k) = number(s, at: i), k < s.count, s[k] == nian, (1900...2100).contains(y) {
                    counts[y, default: 0] += 1
                    i = k
                }
                i += 1
            }
        }
        guard let most = counts.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key < $1.key) })?.key else { return nil }
        return counts.keys.filter { $0 <= most + 1 }.max()
    }
}
