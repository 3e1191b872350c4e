import Foundation

/// Decides whether an article's text holds a match of a regular expression.
///
/// A pattern in `RegexSubset` is decided by its `RegexAutomaton`: one pass over the whole text
/// when the automaton skips most of it (its start state is left only at bytes rare in Chinese
/// text, such as digits), else over the paragraphs holding the literal, as below. Any other
/// pattern goes to ICU, looking first only at small windows around the occurrences of one of
/// its required literals.
///
/// Why: running the matcher over a whole article costs ≈ 70 µs on the benchmark corpus; a
/// window of a few hundred bytes around `亿元` costs a fraction of that. The matching itself is
/// ICU's, called directly on the UTF-8 text (`ICUPattern`). Exactness: every match contains each
/// required literal, so a match found in a window is a match of the article — provided the
/// pattern is *local*, i.e. whether it matches a stretch of text does not depend on what lies
/// outside that stretch (no `^ $ \b \B \A \Z \z \G`, no lookaround). A window without a match
/// proves nothing (a match may run past the window), so an article none of whose windows
/// matched is checked whole, as before. Cost: O(occurrences × window) per candidate, plus the
/// whole-text check only for candidates whose windows all fail.
///
/// The executor verifies candidates on every core: `ICUPattern` lends each thread a clone.
struct RegexVerifier: Sendable {
    let regex: ICUPattern
    /// The pattern's own automaton when its syntax allows one: it decides every stretch of
    /// text instead of ICU, in one pass (ICU still checks the syntax, and finds the spans to
    /// highlight).
    let automaton: RegexAutomaton?
    /// The longest required literal, as UTF-8; nil when windows cannot be used.
    let anchor: [UInt8]?
    /// The pattern cannot match a line feed, so every match lies inside one paragraph.
    let lineBound: Bool
    /// The pattern may backtrack catastrophically (`RegexShape.isRisky`), read once here.
    let risky: Bool
    /// Bytes of context on each side of an anchor occurrence.
    static let window = 192
    /// Past this many occurrences in one article without a match, check the whole text.
    static let maxWindows = 8
    /// Texts up to this size are matched without a progress callback when the pattern cannot
    /// backtrack catastrophically: their worst case is bounded and short, and asking at every
    /// start position costs a call each.
    static let unwatchedTextLimit = 64 * 1024

    init?(pattern: String, literals: [String]) {
        guard let re = CompiledRegexes.matcher(pattern) else { return nil }
        regex = re
        automaton = CompiledRegexes.automaton(pattern)
        let longest = literals.max { $0.utf8.count < $1.utf8.count }
        anchor = RegexShape.isLocal(pattern) ? longest.map { Array($0.utf8) } : nil
        lineBound = !RegexShape.canMatchNewline(pattern)
        risky = RegexShape.isRisky(pattern)
    }

    /// True when the text holds a match. `isCancelled` is polled during a long whole-text match.
    func matches(_ bytes: UnsafeBufferPointer<UInt8>, isCancelled: @escaping @Sendable () -> Bool) -> Bool {
        // An automaton that skips most of a text scans it whole faster than the literal is
        // found in it (`memmem` of a Hanzi literal, whose first byte is everywhere, was most of
        // the time); linear, with no backtracking to watch.
        if let automaton, automaton.skipsChineseText || (anchor?.isEmpty ?? true) || !lineBound { return automaton.matches(bytes) }
        if let anchor, !anchor.isEmpty, lineBound {
            // Every match lies inside one paragraph and holds the anchor: the paragraphs holding
            // an anchor decide, each checked once.
            var from = 0
            var checkedUpTo = -1
            while let at = ByteSearch.first(bytes, anchor, from: from) {
                from = at + anchor.count
                if at < checkedUpTo { continue }
                var lo = at
                while lo > 0 && bytes[lo - 1] != 0x0A { lo -= 1 }
                var hi = from
                while hi < bytes.count && bytes[hi] != 0x0A { hi += 1 }
                checkedUpTo = hi
                if matches(bytes, lo..<hi) { return true }
                if isCancelled() { return false }
            }
            return false
        }
        if let anchor, !anchor.isEmpty {
            var from = 0
            var tried = 0
            while tried < RegexVerifier.maxWindows, let at = ByteSearch.first(bytes, anchor, from: from) {
                var lo = max(0, at - RegexVerifier.window)
                var hi = min(bytes.count, at + anchor.count + RegexVerifier.window)
                // Widen to whole characters: UTF-8 continuation bytes are 10xxxxxx.
                while lo > 0 && bytes[lo] & 0xC0 == 0x80 { lo -= 1 }
                while hi < bytes.count && bytes[hi] & 0xC0 == 0x80 { hi += 1 }
                if matches(bytes, lo..<hi) { return true }
                // The whole text was one window: its verdict is final.
                if lo == 0 && hi == bytes.count { return false }
                tried += 1
                from = at + anchor.count
            }
            if tried == 0 { return false }  // the literal is absent: no match can exist
        }
        let watched = bytes.count > RegexVerifier.unwatchedTextLimit || risky
        return regex.firstMatch(bytes, isCancelled: watched ? isCancelled : nil)
    }

    /// Whether a stretch of the text (whole characters) holds a match.
    private func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        let stretch = UnsafeBufferPointer(rebasing: bytes[range])
        if let automaton { return automaton.matches(stretch) }
        return regex.firstMatch(stretch)
    }
}

/// What a pattern's shape allows the verifier to assume; each answer errs on the safe side
/// (false for `isLocal`, true for the others) when the syntax is not understood.
public enum RegexShape {
    /// One element of a pattern as the checks read it: an escaped scalar (`\d` is `d`,
    /// escaped), a scalar inside a character class, or one outside. The `[` and `]` that open
    /// and close a class are marked; a `]` first in a class (`[]…]`, `[^]…]`) is a literal.
    struct Element {
        let scalar: Unicode.Scalar
        var escaped = false
        var inClass = false
        var opensClass = false
        var closesClass = false
        /// Outside any class and not escaped: syntax such as `(`, `|`, `^` or a quantifier.
        var isBare: Bool { !escaped && !inClass && !opensClass && !closesClass }
    }

    static func elements(_ pattern: String) -> [Element] {
        let s = Array(pattern.unicodeScalars)
        var out: [Element] = []
        var depth = 0
        var i = 0
        while i < s.count {
            let c = s[i]
            if c == "\\" {
                // A trailing backslash is no valid pattern; the compiler refuses it first.
                out.append(Element(scalar: i + 1 < s.count ? s[i + 1] : c, escaped: true, inClass: depth > 0))
                i += 2
                continue
            }
            if c == "[" {
                out.append(Element(scalar: c, inClass: depth > 0, opensClass: true))
                depth += 1
                i += 1
                if i < s.count && s[i] == "^" { out.append(Element(scalar: "^", inClass: true)); i += 1 }
                if i < s.count && s[i] == "]" { out.append(Element(scalar: "]", escaped: true, inClass: true)); i += 1 }
                continue
            }
            if c == "]" && depth > 0 {
                depth -= 1
                out.append(Element(scalar: c, inClass: depth > 0, closesClass: true))
            } else {
                out.append(Element(scalar: c, inClass: depth > 0))
            }
            i += 1
        }
        return out
    }

    /// Whether matching may take super-linear time: a quantified group holding a quantifier
    /// or an alternation (`(a+)+`, `(a|aa)*`, `((x){1,40}){1,40}`), two or more unbounded
    /// quantifiers, or a backreference. Such patterns are matched with a progress callback so
    /// Ctrl-C and `--timeout` can stop them.
    public static func isRisky(_ pattern: String) -> Bool {
        let e = elements(pattern)
        var unbounded = 0
        var open: [Bool] = []  // per open group: holds a quantifier or an alternation
        var closedAt = -1, closedHeld = false
        var k = 0
        while k < e.count {
            let c = e[k].scalar
            if e[k].escaped {
                if !e[k].inClass && (("1"..."9").contains(c) || c == "k") { return true }
            } else if e[k].isBare {
                switch c {
                case "(":
                    open.append(false)
                case ")":
                    closedHeld = open.popLast() ?? false
                    closedAt = k
                    if closedHeld, !open.isEmpty { open[open.count - 1] = true }
                case "|":
                    if !open.isEmpty { open[open.count - 1] = true }
                case "*", "+", "?", "{":
                    var end = k
                    if c == "{" {
                        while end < e.count && !(e[end].isBare && e[end].scalar == "}") { end += 1 }
                        if end - 1 > k, e[end - 1].scalar == "," { unbounded += 1 }
                    } else if c != "?" {
                        unbounded += 1
                    }
                    if closedAt == k - 1 && closedHeld { return true }
                    if !open.isEmpty { open[open.count - 1] = true }
                    k = end
                default:
                    break
                }
            }
            k += 1
        }
        return unbounded >= 2
    }

    /// Whether some match could hold a line feed (read conservatively: a negated class, a
    /// letter escape other than `\d \w \t`, a property, a code point, or a raw line feed).
    /// `.` does not match one without the `s` flag, and inline flags already make a pattern
    /// non-local.
    public static func canMatchNewline(_ pattern: String) -> Bool {
        let e = elements(pattern)
        for (k, x) in e.enumerated() {
            let c = x.scalar
            if x.escaped {
                let letterOrDigit = (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9")
                if letterOrDigit && !"dwt".unicodeScalars.contains(c) { return true }
            } else if c == "\n" || c == "\r" {
                return true
            } else if x.opensClass, k + 1 < e.count, !e[k + 1].escaped, e[k + 1].scalar == "^" || e[k + 1].scalar == ":" {
                return true  // a negated class, or [:space:] and the like
            }
        }
        return false
    }

    /// Whether a match's existence depends only on the matched stretch: no anchors, word
    /// boundaries or lookaround outside character classes, no inline flags, no `\Q…\E` (read
    /// conservatively).
    public static func isLocal(_ pattern: String) -> Bool {
        let e = elements(pattern)
        for (k, x) in e.enumerated() {
            let c = x.scalar
            if x.escaped {
                if c == "Q" || (!x.inClass && "bBAZzG".unicodeScalars.contains(c)) { return false }
            } else if x.isBare {
                if c == "^" || c == "$" { return false }
                if c == "(", k + 2 < e.count, e[k + 1].isBare, e[k + 1].scalar == "?" {
                    let n = e[k + 2].scalar
                    if n == "=" || n == "!" || n == "<" { return false }
                    // Inline flags such as (?m) or (?i) change how the pattern reads: whole text.
                    if n != ":" && n != ">" { return false }
                }
            }
        }
        return true
    }
}
