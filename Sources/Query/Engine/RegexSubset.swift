/// The part of ICU's regular-expression syntax that `RegexAutomaton` runs itself, parsed into
/// a tree of scalar sets; any other syntax yields nil, and ICU verifies the pattern as before.
///
/// Understood, with ICU's meaning: literals and escaped punctuation; `.` (any scalar but a line
/// terminator); `\d \D \s \S \w \W` (Unicode's, as ICU defines them); `\n \t \r \f \e \a`,
/// `\uhhhh`, `\x{h…}`, `\xhh`; classes `[…]` and `[^…]` of scalars, ranges and those escapes;
/// groups `(…)` and `(?:…)`; `|`; `* + ?` and `{n} {n,} {n,m}`, greedy or lazy (the same for
/// whether a match exists). Not understood: anchors, word boundaries, lookaround, flags,
/// backreferences, possessive quantifiers, properties `\p{…}`, nested or combined classes.
indirect enum RegexNode: Equatable {
    case set(ScalarSet)
    case concat([RegexNode])
    case alternation([RegexNode])
    case repetition(RegexNode, min: Int, max: Int?)

    /// The pattern's tree, or nil when it uses syntax outside the subset (or is not valid).
    static func parse(_ pattern: String) -> RegexNode? {
        var p = SubsetParser(Array(pattern.unicodeScalars))
        guard let node = p.parseAlternation(), p.atEnd else { return nil }
        return node
    }
}

/// A set of Unicode scalars as sorted, disjoint, non-adjacent closed ranges.
struct ScalarSet: Equatable, Hashable {
    private(set) var ranges: [ClosedRange<UInt32>]

    init(_ ranges: [ClosedRange<UInt32>]) {
        let sorted = ranges.sorted { $0.lowerBound < $1.lowerBound }
        var out: [ClosedRange<UInt32>] = []
        for r in sorted {
            if let last = out.last, r.lowerBound <= last.upperBound &+ 1 {
                out[out.count - 1] = last.lowerBound...max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        self.ranges = out
    }

    init(scalar: UInt32) { ranges = [scalar...scalar] }

    static let all = ScalarSet([0...0x10FFFF])

    func union(_ other: ScalarSet) -> ScalarSet { ScalarSet(ranges + other.ranges) }

    var inverted: ScalarSet {
        var out: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for r in ranges {
            if r.lowerBound > next { out.append(next...(r.lowerBound - 1)) }
            next = r.upperBound &+ 1
        }
        if next <= 0x10FFFF && !(ranges.last?.upperBound == 0x10FFFF) { out.append(next...0x10FFFF) }
        return ScalarSet(out)
    }

    /// ICU's `.`: anything but a line terminator (LF, VT, FF, CR, NEL, LS, PS).
    static let dot = ScalarSet([0x0A...0x0D, 0x85...0x85, 0x2028...0x2029]).inverted

    /// The scalars with a Unicode property, collected once per process (a pass over every
    /// code point, ≈ 20 ms) and only when a pattern asks for them.
    private static func collect(_ has: (Unicode.Scalar.Properties) -> Bool) -> ScalarSet {
        var out: [ClosedRange<UInt32>] = []
        var start: UInt32? = nil
        for v in UInt32(0)...0x10FFFF {
            let inSet = Unicode.Scalar(v).map { has($0.properties) } ?? false
            if inSet, start == nil { start = v }
            if !inSet, let s = start { out.append(s...(v - 1)); start = nil }
        }
        if let s = start { out.append(s...0x10FFFF) }
        return ScalarSet(out)
    }

    /// `\d`: `\p{Nd}`.
    static let digit = collect { $0.generalCategory == .decimalNumber }
    /// `\s`: `[\t\n\f\r\p{Z}]`.
    static let space = collect { p in
        [.spaceSeparator, .lineSeparator, .paragraphSeparator].contains(p.generalCategory)
    }.union(ScalarSet([0x09...0x0A, 0x0C...0x0D]))
    /// `\w`: `[\p{Alphabetic}\p{Mark}\p{Decimal_Number}\p{Connector_Punctuation}\u200c\u200d]`.
    static let word = collect { p in
        p.isAlphabetic || [.nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation].contains(p.generalCategory)
    }.union(ScalarSet([0x200C...0x200D]))
}

/// Recursive descent over the pattern's scalars; every `parse*` returns nil for syntax outside
/// the subset.
private struct SubsetParser {
    let s: [Unicode.Scalar]
    var i = 0
    /// Group nesting is bounded (as the query parser bounds its own), so no pattern overflows
    /// the stack.
    var depth = 0
    init(_ s: [Unicode.Scalar]) { self.s = s }

    var atEnd: Bool { i >= s.count }
    func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < s.count ? s[i + k] : nil }

    mutating func parseAlternation() -> RegexNode? {
        var branches: [RegexNode] = []
        guard let first = parseConcat() else { return nil }
        branches.append(first)
        while peek() == "|" {
            i += 1
            guard let next = parseConcat() else { return nil }
            branches.append(next)
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    mutating func parseConcat() -> RegexNode? {
        var items: [RegexNode] = []
        while let c = peek(), c != "|", c != ")" {
            guard let item = parseQuantified() else { return nil }
            items.append(item)
        }
        return items.count == 1 ? items[0] : .concat(items)
    }

    mutating func parseQuantified() -> RegexNode? {
        guard var node = parseAtom() else { return nil }
        while let c = peek() {
            var minimum = 0, maximum: Int? = nil
            switch c {
            case "*": i += 1
            case "+": i += 1; minimum = 1
            case "?": i += 1; maximum = 1
            case "{":
                guard let (lo, hi) = parseBraces() else { return nil }
                minimum = lo; maximum = hi
            default:
                return node
            }
            // Lazy is the same as greedy for whether a match exists; possessive is not.
            if peek() == "?" { i += 1 } else if peek() == "+" { return nil }
            node = .repetition(node, min: minimum, max: maximum)
        }
        return node
    }

    /// `{n}`, `{n,}`, `{n,m}`, counts up to 1000 (ICU's limit is higher; the automaton's is
    /// its size).
    mutating func parseBraces() -> (Int, Int?)? {
        i += 1
        guard let lo = parseNumber() else { return nil }
        var hi: Int? = lo
        if peek() == "," {
            i += 1
            hi = peek() == "}" ? nil : parseNumber()
            if hi == nil && peek() != "}" { return nil }
        }
        guard peek() == "}" else { return nil }
        i += 1
        if let hi, hi < lo { return nil }
        return (lo, hi)
    }

    mutating func parseNumber() -> Int? {
        var n = 0, digits = 0
        while let c = peek(), c >= "0", c <= "9" {
            n = n * 10 + Int(c.value - 48)
            digits += 1
            i += 1
            if n > 1000 { return nil }
        }
        return digits > 0 ? n : nil
    }

    mutating func parseAtom() -> RegexNode? {
        guard let c = peek() else { return nil }
        switch c {
        case "(":
            i += 1
            if peek() == "?" {
                guard peek(1) == ":" else { return nil }
                i += 2
            }
            depth += 1
            guard depth <= 100, let inner = parseAlternation(), peek() == ")" else { return nil }
            depth -= 1
            i += 1
            return inner
        case "[":
            return parseClass().map { .set($0) }
        case ".":
            i += 1
            return .set(.dot)
        case "\\":
            return parseEscape(inClass: false).map { .set($0) }
        case "^", "$", "*", "+", "?", "{", "}", ")", "]", "#":
            return nil  // anchors, or syntax ICU reads otherwise (or refuses)
        default:
            i += 1
            return .set(ScalarSet(scalar: c.value))
        }
    }

    /// After a backslash: an escape this subset reads, as a set of scalars.
    mutating func parseEscape(inClass: Bool) -> ScalarSet? {
        i += 1
        guard let c = peek() else { return nil }
        i += 1
        switch c {
        case "d": return .digit
        case "D": return ScalarSet.digit.inverted
        case "s": return .space
        case "S": return ScalarSet.space.inverted
        case "w": return .word
        case "W": return ScalarSet.word.inverted
        case "n": return ScalarSet(scalar: 0x0A)
        case "t": return ScalarSet(scalar: 0x09)
        case "r": return ScalarSet(scalar: 0x0D)
        case "f": return ScalarSet(scalar: 0x0C)
        case "e": return ScalarSet(scalar: 0x1B)
        case "a": return ScalarSet(scalar: 0x07)
        case "u":
            guard let v = parseHex(exactly: 4) else { return nil }
            return scalarSet(v)
        case "x":
            if peek() == "{" {
                i += 1
                guard let v = parseHex(upTo: 6), peek() == "}" else { return nil }
                i += 1
                return scalarSet(v)
            }
            guard let v = parseHex(exactly: 2) else { return nil }
            return scalarSet(v)
        default:
            // Escaped punctuation is itself; an escaped letter or digit means something else
            // to ICU (a class, a backreference, an anchor): not in this subset.
            let isAlnum = (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9")
            guard !isAlnum, c.value < 0x80 else { return nil }
            return ScalarSet(scalar: c.value)
        }
    }

    func scalarSet(_ v: UInt32) -> ScalarSet? {
        Unicode.Scalar(v) == nil ? nil : ScalarSet(scalar: v)
    }

    mutating func parseHex(exactly n: Int) -> UInt32? {
        var v: UInt32 = 0
        for _ in 0..<n {
            guard let c = peek(), let d = hexDigit(c) else { return nil }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    mutating func parseHex(upTo n: Int) -> UInt32? {
        var v: UInt32 = 0, count = 0
        while count < n, let c = peek(), let d = hexDigit(c) {
            v = v << 4 | d
            i += 1
            count += 1
        }
        return count > 0 ? v : nil
    }

    func hexDigit(_ c: Unicode.Scalar) -> UInt32? {
        switch c {
        case "0"..."9": return c.value - 48
        case "a"..."f": return c.value - 87
        case "A"..."F": return c.value - 55
        default: return nil
        }
    }

    /// `[…]` or `[^…]`: scalars, ranges `a-z`, and escapes; a `-` first or last is itself.
    mutating func parseClass() -> ScalarSet? {
        i += 1
        var negated = false
        if peek() == "^" { negated = true; i += 1 }
        var parts: [ScalarSet] = []
        var first = true
        while let c = peek(), c != "]" || first {
            // A `]` first, nested classes, set operations and POSIX names read differently.
            // So do `$ { } & :` and white space in ICU's set syntax: left to ICU.
            if c == "]" || c == "[" || (c == "-" && peek(1) == "-") || "${}&: \t\n".unicodeScalars.contains(c) { return nil }
            first = false
            guard let low = parseClassMember() else { return nil }
            if peek() == "-", let after = peek(1), after != "]" {
                // A range: both ends single scalars.
                guard low.ranges.count == 1, low.ranges[0].count == 1 else { return nil }
                i += 1
                guard let high = parseClassMember(), high.ranges.count == 1, high.ranges[0].count == 1,
                      low.ranges[0].lowerBound <= high.ranges[0].lowerBound else { return nil }
                parts.append(ScalarSet([low.ranges[0].lowerBound...high.ranges[0].lowerBound]))
            } else {
                parts.append(low)
            }
        }
        guard peek() == "]", !parts.isEmpty else { return nil }
        i += 1
        let set = ScalarSet(parts.flatMap(\.ranges))
        return negated ? set.inverted : set
    }

    mutating func parseClassMember() -> ScalarSet? {
        guard let c = peek() else { return nil }
        if c == "\\" { return parseEscape(inClass: true) }
        i += 1
        return ScalarSet(scalar: c.value)
    }
}

extension RegexNode {
    /// Every scalar a match can hold.
    var alphabet: ScalarSet {
        switch self {
        case .set(let s): return s
        case .concat(let items), .alternation(let items): return items.reduce(ScalarSet([])) { $0.union($1.alphabet) }
        case .repetition(let node, _, _): return node.alphabet
        }
    }
}
