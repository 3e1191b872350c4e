import Foundation

/// Turns a parse tree into a `Plan`, resolving names (regions to gazetteer codes) and values
/// (figure bounds to base units, dates to day numbers). Unknown names are notes, not errors:
/// `region:火星` compiles to a plan that matches nothing, and says that nothing is called so.
public struct Compiler {
    let index: CorpusIndex
    public private(set) var notes: [Diagnostic] = []

    public init(index: CorpusIndex) { self.index = index }

    public mutating func compile(_ e: Expr) throws(Diagnostic) -> Plan {
        switch e {
        case .word(let w, let r), .phrase(let w, let r):
            let t = Compiler.searchText(w)
            guard !t.isEmpty else { throw Diagnostic("empty search text", at: r) }
            return .text(t)
        case .regex(let pattern, let r):
            guard CompiledRegexes.regex(pattern) != nil else {
                throw Diagnostic("invalid regular expression /\(pattern)/: expected a pattern in ICU syntax, e.g. /[0-9.]+亿元/", at: r)
            }
            return .regex(pattern: pattern, literals: RegexLiterals.required(pattern))
        case .near(let a, let b, let n, let r):
            let x = Compiler.searchText(a), y = Compiler.searchText(b)
            guard !x.isEmpty, !y.isEmpty else { throw Diagnostic("near(a, b, N): empty text", at: r) }
            return .near(x, y, distance: n)
        case .and(let xs):
            var out: [Plan] = []
            for x in xs { out.append(try compile(x)) }
            return .and(out)
        case .or(let xs):
            var out: [Plan] = []
            for x in xs { out.append(try compile(x)) }
            return .or(out)
        case .not(let x):
            return .not(try compile(x))
        case .field(let name, let nameRange, let value, let valueRange):
            return try field(name.lowercased(), nameRange, value, valueRange)
        }
    }

    /// Query text is folded like corpus text, and its spaces dropped (the text has none). By
    /// scalars: the index folds every article's title through here.
    static func searchText(_ s: String) -> String {
        let folded = CharacterFolding.fold(s)
        guard folded.utf8.contains(0x20) else { return folded }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: folded.unicodeScalars.lazy.filter { $0 != " " })
        return String(out)
    }

    mutating func field(_ name: String, _ nameRange: Range<Int>, _ value: String, _ r: Range<Int>) throws(Diagnostic) -> Plan {
        switch name {
        case "region":
            return region(value, r)
        case "author":
            let v = Compiler.searchText(value)
            if index.authorKeys[v] == nil && !index.articles.contains(where: { $0.authors.contains { $0.affiliation?.contains(v) == true } }) {
                notes.append(Diagnostic("no author or role is called \(v)", at: r, hint: Suggestions.nearest(v, in: index.allAuthorKeys).map { "did you mean \($0)?" }, isError: false))
            }
            return .author(v)
        case "title": return .title(Compiler.searchText(value))
        case "doc": return .doc(value)
        case "unit":
            let u = Compiler.unitName(value)
            if index.units[u] == nil {
                notes.append(Diagnostic("no figure has the unit \(u)", at: r, hint: Suggestions.nearest(u, in: index.allUnits).map { "did you mean \($0)?" }, isError: false))
            }
            return .unit(u)
        case "date":
            guard let (from, to) = DateRange.parse(value) else {
                throw Diagnostic("date: expected YYYY, YYYY-MM or YYYY-MM-DD, or a range A..B (either end may be left open)", at: r)
            }
            return .date(from: from, to: to)
        case "figure":
            return .figure(try FigureTerm.parse(value, r))
        default:
            let hint = Suggestions.nearest(name, in: Parser.fields).map { "did you mean '\($0):'?" }
                ?? "expected one of " + Parser.fields.map { $0 + ":" }.joined(separator: " ")
            throw Diagnostic("unknown field '\(name):'", at: nameRange, hint: hint)
        }
    }

    mutating func region(_ value: String, _ r: Range<Int>) -> Plan {
        let v = Compiler.searchText(value)
        let g = Gazetteer.shared
        let codes = g.entries(named: v).map { g.entries[$0].code }
        let names = index.regionNames[v] != nil ? [v] : []
        if codes.isEmpty && names.isEmpty {
            let hint = Suggestions.nearest(v, in: index.allRegionNames).map { "did you mean \($0)?" }
            notes.append(Diagnostic("no region is called \(v)", at: r, hint: hint, isError: false))
        } else if !codes.contains(where: { index.regionCodes[$0] != nil }) && names.isEmpty {
            notes.append(Diagnostic("no article is about \(v)", at: r, isError: false))
        }
        return .region(codes: codes, names: names)
    }

    /// 万元 and 亿元 are 元; other units as printed.
    static func unitName(_ s: String) -> String {
        let v = searchText(s)
        let scalars = v.unicodeScalars.map(\.value)
        var k = 0
        while k < scalars.count, scalars[k] == Numerals.wan || scalars[k] == Numerals.yi { k += 1 }
        if let (printed, folded) = FigureExtractor.unit(scalars, at: k), printed.unicodeScalars.count == scalars.count - k { return folded }
        return v
    }
}

/// `figure:` values: `>=95%`, `<3000万元`, `1亿元..20亿元`, `100万元..`, `..5万个`, `1.5万个`.
enum FigureTerm {
    static func parse(_ raw: String, _ r: Range<Int>) throws(Diagnostic) -> FigureConstraint {
        let v = Compiler.searchText(raw)
        var op = ""
        for candidate in [">=", "<=", ">", "<", "="] where v.hasPrefix(candidate) { op = candidate; break }
        let body = String(v.dropFirst(op.count))
        let parts = body.components(separatedBy: "..")
        guard parts.count <= 2 else { throw Diagnostic("figure: expected one range A..B", at: r) }
        func amount(_ s: String) throws(Diagnostic) -> (Double, String?)? {
            if s.isEmpty { return nil }
            let sc = s.unicodeScalars.map(\.value)
            guard let n = Numerals.parse(sc, at: 0) else {
                throw Diagnostic("figure: expected a number with a unit, e.g. figure:>=1亿元 or figure:1亿元..20亿元", at: r)
            }
            let rest = Array(sc[n.length...])
            if rest.isEmpty { return (n.value, nil) }
            guard let (printed, folded) = FigureExtractor.unit(rest, at: 0), printed.unicodeScalars.count == rest.count else {
                let unitText = FoldedLine.string(rest[...])
                throw Diagnostic("figure: unknown unit '\(unitText)'", at: r, hint: Suggestions.nearest(unitText, in: FigureExtractor.units.map(\.0)).map { "did you mean \($0)?" } ?? "expected a unit such as 元 % 平方公里 个")
            }
            var value = n.value
            if printed == "万千瓦" { value *= 1e4 }
            return (value, folded)
        }
        let a = try amount(parts[0])
        let b = parts.count == 2 ? try amount(parts[1]) : nil
        // An amount with a magnitude and no unit (figure:>=100亿) asks for figures printed
        // without one (300亿环保纸); a bare number needs its unit.
        let bareAmount = [parts[0], parts.count == 2 ? parts[1] : ""].contains { $0.hasSuffix("万") || $0.hasSuffix("亿") }
        guard let unit = a?.1 ?? b?.1 ?? (bareAmount ? "" : nil) else {
            throw Diagnostic("figure: needs a unit, e.g. figure:>=95% or figure:1亿元..20亿元", at: r)
        }
        if let ua = a?.1, let ub = b?.1, ua != ub {
            throw Diagnostic("figure: both ends of a range need the same unit (\(ua) ≠ \(ub))", at: r)
        }
        if parts.count == 2 {
            guard op.isEmpty else { throw Diagnostic("figure: a range A..B takes no comparison", at: r) }
            guard a != nil || b != nil else { throw Diagnostic("figure: a range needs at least one end", at: r) }
            return FigureConstraint(unit: unit, lower: a?.0, upper: b?.0)
        }
        guard let x = a?.0 else { throw Diagnostic("figure: expected a number", at: r) }
        switch op {
        case ">=": return FigureConstraint(unit: unit, lower: x)
        case ">": return FigureConstraint(unit: unit, lower: x, lowerInclusive: false)
        case "<=": return FigureConstraint(unit: unit, upper: x)
        case "<": return FigureConstraint(unit: unit, upper: x, upperInclusive: false)
        default: return FigureConstraint(unit: unit, lower: x, upper: x)
        }
    }
}

/// Dates as day numbers (days since 1970-01-01), for `date:` and article dates.
public enum DateRange {
    static func days(_ y: Int, _ m: Int, _ d: Int) -> Int {
        // Days from civil (Howard Hinnant's algorithm).
        let y2 = m <= 2 ? y - 1 : y
        let era = (y2 >= 0 ? y2 : y2 - 399) / 400
        let yoe = y2 - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func monthLength(_ y: Int, _ m: Int) -> Int {
        [31, (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    }

    /// `2022`, `2022-11`, `2022-11-19` → the first and last day it covers.
    static func period(_ s: String) -> (Int, Int)? {
        let parts = s.split(separator: "-").map { Int($0) }
        guard !parts.isEmpty, parts.count <= 3, parts.allSatisfy({ $0 != nil }) else { return nil }
        let y = parts[0]!
        guard (1000...9999).contains(y) else { return nil }
        if parts.count == 1 { return (days(y, 1, 1), days(y, 12, 31)) }
        let m = parts[1]!
        guard (1...12).contains(m) else { return nil }
        if parts.count == 2 { return (days(y, m, 1), days(y, m, monthLength(y, m))) }
        let d = parts[2]!
        guard (1...monthLength(y, m)).contains(d) else { return nil }
        return (days(y, m, d), days(y, m, d))
    }

    /// `A`, `A..B`, `A..`, `..B`.
    public static func parse(_ s: String) -> (Int, Int)? {
        let parts = s.components(separatedBy: "..")
        if parts.count == 1 { return period(s) }
        guard parts.count == 2 else { return nil }
        let lo = parts[0].isEmpty ? Int.min / 2 : period(parts[0])?.0
        let hi = parts[1].isEmpty ? Int.max / 2 : period(parts[1])?.1
        guard let l = lo, let h = hi, l <= h, !(parts[0].isEmpty && parts[1].isEmpty) else { return nil }
        return (l, h)
    }

    /// An article date's ISO text (`2022-11-19/2022-11-23`, `2023`) as days.
    public static func of(iso: String) -> (Int, Int)? {
        let parts = iso.split(separator: "/").map(String.init)
        guard let a = period(parts[0]) else { return nil }
        if parts.count == 2, let b = period(parts[1]) { return (a.0, b.1) }
        return a
    }
}

/// Literal substrings every match of a regular expression must contain, for candidate
/// selection. Conservative: a pattern with alternation, or a literal under a quantifier that
/// allows zero, yields nothing (then every article is a candidate).
public enum RegexLiterals {
    public static func required(_ pattern: String) -> [String] {
        let s = Array(pattern.unicodeScalars)
        var out: [String] = []
        var current = String.UnicodeScalarView()
        var depth = 0
        var i = 0
        func flush() {
            if current.count >= 1 { out.append(String(current)) }
            current = String.UnicodeScalarView()
        }
        while i < s.count {
            let c = s[i]
            switch c {
            case "|":
                // At the top level the pattern is a choice: nothing is required. Inside a group
                // only the group is a choice, and its content is never taken as a literal.
                if depth == 0 { return [] }
            case "\\":
                // An escape is no literal (conservative), and neither is what it spans: the
                // digits of \u2028 or \x{41}, a name in braces, \Q…\E.
                flush()
                i = RegexLiterals.endOfEscape(s, i)
                continue
            case "[":
                flush()
                while i < s.count && s[i] != "]" { if s[i] == "\\" { i += 1 }; i += 1 }
            case "(":
                flush(); depth += 1
            case ")":
                flush(); depth -= 1
            case ".", "^", "$":
                flush()
            case "*", "?", "{":
                // The previous character may be absent: drop it from the run.
                if !current.isEmpty { current.removeLast() }
                flush()
                if c == "{" { while i < s.count && s[i] != "}" { i += 1 } }
            case "+":
                // One or more: the previous character is there, but the run stops.
                flush()
            default:
                if depth == 0 { current.append(c) } else { flush() }
            }
            i += 1
        }
        flush()
        return out.map(Compiler.searchText).filter { !$0.isEmpty }
    }

    /// Where the escape that starts with the backslash at `i` ends, in ICU's syntax.
    static func endOfEscape(_ s: [Unicode.Scalar], _ i: Int) -> Int {
        var k = i + 2
        guard i + 1 < s.count else { return k }
        func hex(_ n: Int) { var m = 0; while m < n, k < s.count, s[k].properties.isASCIIHexDigit { k += 1; m += 1 } }
        switch s[i + 1] {
        case "u": hex(4)
        case "U": hex(8)
        case "x", "N", "p", "P":
            if k < s.count, s[k] == "{" {
                while k < s.count, s[k] != "}" { k += 1 }
                k += 1
            } else if s[i + 1] == "x" {
                hex(2)
            } else if s[i + 1] != "N" {
                k += 1  // \pL: a one-letter property name
            }
        case "0":
            var m = 0
            while m < 3, k < s.count, ("0"..."7").contains(s[k]) { k += 1; m += 1 }
        case "c":
            k += 1
        case "Q":
            while k + 1 < s.count, !(s[k] == "\\" && s[k + 1] == "E") { k += 1 }
            k += 2
        default:
            break
        }
        return min(k, s.count)
    }
}
