/// Numbers as Chinese news prints them: Arabic digits with thousands separators and decimals,
/// Chinese numerals (三千, 一百零一, 两千零五, 千亿 → 1000 亿), mixed forms (1.5万, 1.2万亿),
/// and vague forms, which are documented approximations:
/// - 十几 → 15 (approx), 几十 is not a number (a range);
/// - 三四十 (two adjacent digits) → the midpoint, 35 (approx).
public enum Numerals {
    public struct Parsed: Equatable, Sendable {
        public var value: Double
        /// Scalars consumed.
        public var length: Int
        public var approximate: Bool
        public var chinese: Bool
        /// A 万/亿 magnitude was part of the number (千亿, 1.5万).
        public var hasMagnitude = false
    }

    static let digitValue: [UInt32: Int] = [
        0x96F6: 0, 0x3007: 0, 0x4E00: 1, 0x4E8C: 2, 0x4E24: 2, 0x4E09: 3, 0x56DB: 4,
        0x4E94: 5, 0x516D: 6, 0x4E03: 7, 0x516B: 8, 0x4E5D: 9,
    ]  // 零 〇 一 二 两 三 四 五 六 七 八 九
    static let smallUnit: [UInt32: Int] = [0x5341: 10, 0x767E: 100, 0x5343: 1000]  // 十 百 千
    public static let wan: UInt32 = 0x4E07, yi: UInt32 = 0x4EBF, ji: UInt32 = 0x51E0  // 万 亿 几

    @inline(__always)
    public static func isChineseNumeral(_ u: UInt32) -> Bool {
        switch u {
        case 0x96F6, 0x3007, 0x4E00, 0x4E8C, 0x4E24, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D,
             0x5341, 0x767E, 0x5343, 0x4E07, 0x4EBF:
            return true
        default:
            return false
        }
    }

    /// Parses a number at `i`: Arabic (with an optional magnitude 万/亿/千) or Chinese.
    public static func parse(_ s: [UInt32], at i: Int) -> Parsed? {
        guard i < s.count else { return nil }
        if s[i] >= 0x30 && s[i] <= 0x39 { return parseArabic(s, at: i) }
        return parseChinese(s, at: i)
    }

    /// Read as digits, not through a `String` (this runs for every number of the corpus): the
    /// value is the digits as an integer scaled by a power of ten, exact as far as 16 digits.
    static func parseArabic(_ s: [UInt32], at i: Int) -> Parsed? {
        var k = i
        var mantissa: Int64 = 0
        var digits = 0, decimals = 0
        var point = false
        while k < s.count {
            let u = s[k]
            if u >= 0x30 && u <= 0x39 {
                if digits < 18 { mantissa = mantissa * 10 + Int64(u - 0x30) }
                digits += 1
                if point { decimals += 1 }
            } else if u == 0x2C, digits > 0, !point, thousandsGroup(s, k) {
                // 1,100.9: a thousands separator, not a clause comma.
            } else if u == 0x2E, k + 1 < s.count, s[k + 1] >= 0x30 && s[k + 1] <= 0x39, !point {
                point = true
            } else {
                break
            }
            k += 1
        }
        guard digits > 0 else { return nil }
        var approx = false
        // A magnitude after the digits: 1.5万, 14.9亿, 1.2万亿, 3千. Scaled on the decimal
        // digits, so that 1,100.9亿 is exactly 110090000000 (not …0.00002).
        let (scale, used) = magnitude(s, at: k)
        var value: Double
        if digits + (point ? 1 : 0) <= 16 {
            var exponent = Int((scale).log10Rounded) - decimals
            value = Double(mantissa)
            while exponent > 0 { value *= 10; exponent -= 1 }
            while exponent < 0 { value /= 10; exponent += 1 }
        } else {
            // Past 16 digits: as the text reads (rare enough to make the `String`).
            var text = ""
            for u in s[i..<k] where u != 0x2C { text.unicodeScalars.append(Unicode.Scalar(u)!) }
            value = (Double(text) ?? 0) * scale
        }
        k += used
        if k < s.count, s[k] == ji { approx = true }
        return Parsed(value: value, length: k - i, approximate: approx, chinese: false, hasMagnitude: used > 0)
    }

    static func isDigits(_ s: [UInt32], _ from: Int, _ n: Int) -> Bool {
        guard from + n <= s.count else { return false }
        return s[from..<(from + n)].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// A comma followed by exactly three digits and then a non-digit or another group.
    static func thousandsGroup(_ s: [UInt32], _ comma: Int) -> Bool {
        guard isDigits(s, comma + 1, 3) else { return false }
        let after = comma + 4
        return after >= s.count || !(s[after] >= 0x30 && s[after] <= 0x39)
    }

    /// 万 → 10⁴, 亿 → 10⁸, 万亿 → 10¹², 千万 → 10⁷, 百万 → 10⁶, 千 → 10³ (after digits).
    static func magnitude(_ s: [UInt32], at k: Int) -> (Double, Int) {
        guard k < s.count else { return (1, 0) }
        let next = k + 1 < s.count ? s[k + 1] : 0
        switch s[k] {
        case wan: return next == yi ? (1e12, 2) : (1e4, 1)
        case yi: return (1e8, 1)
        case 0x5343: return next == wan ? (1e7, 2) : next == yi ? (1e11, 2) : (1e3, 1)  // 千
        case 0x767E: return next == wan ? (1e6, 2) : next == yi ? (1e10, 2) : (1, 0)  // 百
        default: return (1, 0)
        }
    }

    /// Chinese numerals: 三千, 一百零一, 两千零五, 十几万, 三四十万, 千亿, 百亿.
    static func parseChinese(_ s: [UInt32], at i: Int) -> Parsed? {
        var k = i
        var total = 0.0      // completed 万/亿 sections
        var section = 0.0    // below 万
        var digit: Double?   // pending digit
        var approx = false
        var any = false
        var lastUnit = 0.0
        var magnitude = false
        while k < s.count {
            let u = s[k]
            if let d = digitValue[u] {
                if let pending = digit, d > 0, pending > 0, Double(d) == pending + 1 {
                    // 三四十: two adjacent digits, a range; take the midpoint.
                    digit = pending + 0.5
                    approx = true
                } else {
                    digit = Double(d)
                }
                any = true
            } else if let unit = smallUnit[u] {
                let n = digit ?? 1  // 十 = 10, 百 = 100
                section += n * Double(unit)
                lastUnit = Double(unit)
                digit = nil
                any = true
            } else if u == ji, any {
                // 十几 → 15: half of the unit below the last one.
                section += 5 * max(1, lastUnit / 10)
                approx = true
            } else if u == wan || u == yi {
                guard any else { break }
                magnitude = true
                let scale: Double = u == wan ? 1e4 : 1e8
                var v = section + (digit ?? 0)
                if v == 0 { v = 1 }
                if u == yi {
                    total = (total + v) * scale
                } else {
                    total += v * scale
                }
                section = 0
                digit = nil
                lastUnit = 0
                if u == wan, k + 1 < s.count, s[k + 1] == yi {
                    total *= 1e4  // 万亿
                    k += 1
                }
            } else {
                break
            }
            k += 1
        }
        guard any else { return nil }
        if let d = digit {
            // 两千零五 → the trailing 5 is units; 三千五 → 3500 (one step below the last unit).
            section += (lastUnit >= 100 && s[k - 2] != 0x96F6 && s[k - 2] != 0x3007) ? d * lastUnit / 10 : d
        }
        return Parsed(value: total + section, length: k - i, approximate: approx, chinese: true, hasMagnitude: magnitude)
    }
}

extension Double {
    /// log10 of an exact power of ten (1, 10⁴, 10⁸, …), as the magnitude table gives.
    var log10Rounded: Double {
        var v = self, n = 0.0
        while v >= 10 { v /= 10; n += 1 }
        return n
    }
}

