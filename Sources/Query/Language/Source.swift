/// A query's text as folded scalars, with positions (scalar offsets) that point back into
/// what the user typed: folding maps one scalar to one scalar, so offsets carry over.
public struct Source: Sendable {
    public let original: String
    public let scalars: [UInt32]

    public init(_ text: String) {
        original = text
        scalars = text.unicodeScalars.map { u in
            let f = CharacterFolding.fold(u.value)
            return f == CharacterFolding.dropped ? CharacterFolding.space : f
        }
    }

    public func text(_ r: Range<Int>) -> String { FoldedLine.string(scalars[r]) }
}

/// A problem with a query, at a place in it: what was expected, and the nearest valid
/// spelling when there is one. `isError` false is a note (an unknown region is not an error).
public struct Diagnostic: Error, Equatable, Sendable {
    public var message: String
    public var range: Range<Int>
    public var hint: String?
    public var isError: Bool = true

    public init(_ message: String, at range: Range<Int>, hint: String? = nil, isError: Bool = true) {
        self.message = message
        self.range = range
        self.hint = hint
        self.isError = isError
    }

    /// `error: … ` then the query and a caret line under the offending columns, placed by
    /// display width (a Hanzi takes two columns). Long queries are cut around the place.
    public func render(_ source: Source, prefix: String = "") -> String {
        var out = (isError ? "error: " : "note: ") + message
        if let hint { out += "; " + hint }
        let chars = Array(source.original.unicodeScalars)
        // A window of at most 60 columns around the range, so 100 KB queries print one line.
        let lo = max(0, min(range.lowerBound, chars.count) - 30)
        let hi = min(chars.count, max(range.upperBound, range.lowerBound + 1) + 30)
        var line = ""
        var caret = ""
        for k in lo..<hi {
            let u = chars[k]
            let w = DisplayWidth.of(u.value)
            let shown: Unicode.Scalar = (u.value < 0x20 || u.value == 0x7F) ? "?" : u
            line.unicodeScalars.append(shown)
            let mark: Character = (k >= range.lowerBound && k < max(range.upperBound, range.lowerBound + 1)) ? "^" : " "
            caret += String(repeating: mark, count: w)
        }
        if range.lowerBound >= chars.count { caret += "^" }
        while caret.last == " " { caret.removeLast() }
        out += "\n" + prefix + "  " + (lo > 0 ? "…" : "") + line + (hi < chars.count ? "…" : "")
        out += "\n" + prefix + "  " + (lo > 0 ? " " : "") + caret
        return out
    }
}

/// Terminal columns of a scalar: East Asian wide and full-width forms take two.
public enum DisplayWidth {
    public static func of(_ u: UInt32) -> Int {
        if u < 0x1100 { return 1 }
        if (0x1100...0x115F).contains(u) || (0x2E80...0xA4CF).contains(u) || (0xAC00...0xD7A3).contains(u)
            || (0xF900...0xFAFF).contains(u) || (0xFE30...0xFE4F).contains(u) || (0xFF00...0xFF60).contains(u)
            || (0xFFE0...0xFFE6).contains(u) || (0x20000...0x3FFFD).contains(u)
        {
            return 2
        }
        return 1
    }

    public static func of(_ s: String) -> Int { s.unicodeScalars.reduce(0) { $0 + of($1.value) } }

    /// Pads or cuts to `width` columns (cutting adds …).
    public static func fit(_ s: String, _ width: Int) -> String {
        var out = ""
        var w = 0
        let total = of(s)
        for u in s.unicodeScalars {
            let cw = of(u.value)
            if total > width && w + cw > width - 1 { out += "…"; w += 1; break }
            out.unicodeScalars.append(u)
            w += cw
        }
        return out + String(repeating: " ", count: max(0, width - w))
    }
}
