/// A deterministic automaton deciding whether UTF-8 text holds a match of a pattern in
/// `RegexNode`'s subset — ICU's verdict, without ICU.
///
/// Why: ICU matched each candidate through a UTF-16 copy, trying every start position; a scan
/// with no literal to narrow it (`/[0-9]+(个|家)/`) ran at a third of ripgrep's speed. Here the
/// pattern becomes a Thompson NFA over classes of scalars (scalars no part of the pattern
/// tells apart share a class), then a DFA built whole at compile time by subset construction,
/// unanchored (every state also holds the start), so one pass over the text decides: O(text),
/// no backtracking, no allocation, shared by every thread. While the automaton is in its
/// start state, bytes that cannot leave it are skipped 16 at a time, when the scalars that can
/// are ASCII (digits, in most figure patterns). Patterns whose automaton would be large
/// (`maxStates`, `maxTable`) are left to ICU.
///
/// Memory: `states × classes` 4-byte transitions (a few KB for typical patterns) and a
/// 64 K-entry class table for the BMP (128 KB).
final class RegexAutomaton: Sendable {
    static let maxNFAStates = 20_000
    static let maxStates = 4_096
    static let maxTable = 1 << 20
    /// A bound on the construction's work (NFA states visited), so that no pattern takes long
    /// to compile.
    static let maxWork = 20_000_000

    private let classCount: Int
    /// The class of each BMP scalar; scalars past the BMP through `farBounds`/`farClasses`.
    private let bmpClass: [UInt16]
    private let farBounds: [UInt32]
    private let farClasses: [UInt16]
    /// `transitions[state * classCount + class]`; state 0 is the start.
    private let transitions: [Int32]
    private let accepting: [Bool]
    /// The bytes that may begin a scalar leaving the start state, as a table and as at most
    /// three ranges covering them (what the 16-byte scan tests); nil when any byte may.
    private let startBytes: [Bool]?
    private let startRanges: [(low: UInt8, span: UInt8)]
    /// Every scalar a match can hold (`LocatedRegex` reads only runs of them).
    let alphabet: ScalarSet

    /// Whether scanning a whole text skips most of it: the start state is left only at bytes
    /// that are rare in Chinese text (not the lead bytes of common Hanzi, E4–E9).
    var skipsChineseText: Bool {
        guard let startBytes else { return false }
        return !(0xE4...0xE9).contains { startBytes[$0] }
    }

    /// The runs of `true` in a byte table, merged across the smallest gaps down to three.
    static func coveringRanges(_ table: [Bool]) -> [(low: UInt8, span: UInt8)] {
        var runs: [(lo: Int, hi: Int)] = []
        for b in 0..<256 where table[b] {
            if let last = runs.last, last.hi == b - 1 { runs[runs.count - 1].hi = b } else { runs.append((b, b)) }
        }
        while runs.count > 3 {
            var best = 0
            for k in 1..<(runs.count - 1) where runs[k + 1].lo - runs[k].hi < runs[best + 1].lo - runs[best].hi { best = k }
            runs[best].hi = runs[best + 1].hi
            runs.remove(at: best + 1)
        }
        return runs.map { (UInt8($0.lo), UInt8(truncatingIfNeeded: $0.hi - $0.lo + 1)) }
    }

    convenience init?(pattern: String) {
        guard let node = RegexNode.parse(pattern) else { return nil }
        self.init(node)
    }

    init?(_ node: RegexNode) {
        alphabet = node.alphabet
        // NFA, built backwards from the match state.
        var nfa = NFA()
        let match = nfa.add(.match)
        guard let start = nfa.build(node, next: match), nfa.states.count <= RegexAutomaton.maxNFAStates else { return nil }

        // Classes: the intervals between every set's range ends, merged when every set treats
        // them alike.
        var cuts: Set<UInt32> = [0, 0x110000]
        for set in nfa.sets { for r in set.ranges { cuts.insert(r.lowerBound); cuts.insert(r.upperBound + 1) } }
        let points = cuts.sorted()
        var signatureClass: [[Bool]: UInt16] = [:]
        var intervalClass: [UInt16] = []
        var representative: [UInt32] = []
        for k in 0..<(points.count - 1) {
            let signature = nfa.sets.map { $0.contains(points[k]) }
            if let c = signatureClass[signature] {
                intervalClass.append(c)
            } else {
                let c = UInt16(representative.count)
                signatureClass[signature] = c
                representative.append(points[k])
                intervalClass.append(c)
            }
        }
        let classCount = representative.count
        var bmp = [UInt16](repeating: 0, count: 0x10000)
        var farBounds: [UInt32] = [], farClasses: [UInt16] = []
        for k in 0..<(points.count - 1) {
            let lo = points[k], hi = points[k + 1]
            if lo < 0x10000 { for v in lo..<min(hi, 0x10000) { bmp[Int(v)] = intervalClass[k] } }
            if hi > 0x10000 { farBounds.append(max(lo, 0x10000)); farClasses.append(intervalClass[k]) }
        }

        // Subset construction, breadth first, every state holding the start's closure.
        // A state is its NFA states, and -1 when it holds the match state.
        func key(_ c: (states: [Int32], accepts: Bool)) -> [Int32] { c.accepts ? c.states + [-1] : c.states }
        let startSet = nfa.closure([Int32(start)])
        var ids: [[Int32]: Int32] = [key(startSet): 0]
        var queue = [startSet.states]
        var acceptingStates = [startSet.accepts]
        var table: [Int32] = []
        var work = 0
        var k = 0
        while k < queue.count {
            let current = queue[k]
            k += 1
            for c in 0..<classCount {
                if acceptingStates[k - 1] { table.append(Int32(k - 1)); continue }  // never left
                var targets: [Int32] = []
                for s in current { if case .set(let set, let next) = nfa.states[Int(s)], nfa.sets[set].contains(representative[c]) { targets.append(Int32(next)) } }
                let next = nfa.closure(targets + [Int32(start)])
                work += next.states.count + targets.count
                guard work <= RegexAutomaton.maxWork else { return nil }
                if let id = ids[key(next)] {
                    table.append(id)
                } else {
                    guard queue.count < RegexAutomaton.maxStates, (queue.count + 1) * classCount <= RegexAutomaton.maxTable else { return nil }
                    let id = Int32(queue.count)
                    ids[key(next)] = id
                    queue.append(next.states)
                    acceptingStates.append(next.accepts)
                    table.append(id)
                }
            }
        }

        // The start state's exits: the first bytes of the scalars that leave it (a lead byte
        // grows with the scalar, so an interval's lie between its ends' lead bytes). None when
        // U+FFFD leaves it (bytes that are not UTF-8 decode to U+FFFD without its lead byte).
        var bytes = [Bool](repeating: false, count: 256)
        func lead(_ v: UInt32) -> Int {
            v < 0x80 ? Int(v) : v < 0x800 ? Int(0xC0 | v >> 6) : v < 0x10000 ? Int(0xE0 | v >> 12) : Int(0xF0 | v >> 18)
        }
        for j in 0..<(points.count - 1) where table[Int(intervalClass[j])] != 0 {
            for b in lead(points[j])...lead(points[j + 1] - 1) { bytes[b] = true }
        }
        if !acceptingStates[0] && table[Int(bmp[0xFFFD])] == 0 {
            startBytes = bytes
            startRanges = RegexAutomaton.coveringRanges(bytes)
        } else {
            startBytes = nil
            startRanges = []
        }
        self.classCount = classCount
        self.bmpClass = bmp
        self.farBounds = farBounds
        self.farClasses = farClasses
        self.transitions = table
        self.accepting = acceptingStates
    }

    /// Whether `text` holds a match anywhere (bytes that are not UTF-8 read as U+FFFD, as
    /// `String` repairs them).
    func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        if accepting[0] { return true }
        guard let base = text.baseAddress else { return false }
        let n = text.count
        return transitions.withUnsafeBufferPointer { t in
            bmpClass.withUnsafeBufferPointer { bmp in
                var state = 0
                var i = 0
                while i < n {
                    if state == 0, let startBytes {
                        i = skipInStart(base, n, from: i, startBytes)
                        if i >= n { return false }
                    }
                    let (u, len) = UTF8Scalars.decode(base, at: i, count: n)
                    let c = u < 0x10000 ? Int(bmp[Int(u)]) : farClass(u)
                    state = Int(t[state &* classCount &+ c])
                    if accepting[state] { return true }
                    i += len
                }
                return false
            }
        }
    }

    /// The next byte at or after `i` that may leave the start state (or `n`): 16 bytes at a
    /// time against the range covering such bytes, then exactly by the table.
    @inline(__always)
    private func skipInStart(_ base: UnsafePointer<UInt8>, _ n: Int, from: Int, _ table: [Bool]) -> Int {
        var i = from
        // Unused ranges have span 0, which no byte is below. (A span of 256 — every byte — is
        // 0 too; such a table is all true and the exact check below stops at once.)
        let r = startRanges
        let l0 = SIMD16<UInt8>(repeating: r.count > 0 ? r[0].low : 0), s0 = SIMD16<UInt8>(repeating: r.count > 0 ? r[0].span : 0)
        let l1 = SIMD16<UInt8>(repeating: r.count > 1 ? r[1].low : 0), s1 = SIMD16<UInt8>(repeating: r.count > 1 ? r[1].span : 0)
        let l2 = SIMD16<UInt8>(repeating: r.count > 2 ? r[2].low : 0), s2 = SIMD16<UInt8>(repeating: r.count > 2 ? r[2].span : 0)
        while true {
            while i + 16 <= n {
                let v = UnsafeRawPointer(base + i).loadUnaligned(as: SIMD16<UInt8>.self)
                if any(((v &- l0) .< s0) .| ((v &- l1) .< s1) .| ((v &- l2) .< s2)) { break }
                i += 16
            }
            let end = min(n, i + 16)
            while i < end {
                if table[Int(base[i])] { return i }
                i += 1
            }
            if i >= n { return n }
        }
    }

    private func farClass(_ u: UInt32) -> Int {
        var lo = 0, hi = farBounds.count
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if farBounds[mid] <= u { lo = mid } else { hi = mid }
        }
        return farBounds.isEmpty ? 0 : Int(farClasses[lo])
    }
}

/// A Thompson NFA under construction: states that consume a scalar of a set, split, or match.
private struct NFA {
    enum State {
        case set(Int, next: Int)
        case split([Int])
        case match
    }
    var states: [State] = []
    var sets: [ScalarSet] = []
    private var setIDs: [ScalarSet: Int] = [:]

    mutating func add(_ s: State) -> Int {
        states.append(s)
        return states.count - 1
    }

    /// The start of `node`'s states, which go on to `next`; nil when they grow past the limit.
    mutating func build(_ node: RegexNode, next: Int) -> Int? {
        guard states.count <= RegexAutomaton.maxNFAStates else { return nil }
        switch node {
        case .set(let s):
            let id: Int
            if let known = setIDs[s] { id = known } else { id = sets.count; sets.append(s); setIDs[s] = id }
            return add(.set(id, next: next))
        case .concat(let items):
            var k = next
            for item in items.reversed() { guard let s = build(item, next: k) else { return nil }; k = s }
            return k
        case .alternation(let branches):
            var starts: [Int] = []
            for b in branches { guard let s = build(b, next: next) else { return nil }; starts.append(s) }
            return add(.split(starts))
        case .repetition(let x, let minimum, let maximum):
            var k = next
            if let maximum {
                for _ in 0..<(maximum - minimum) {
                    guard let s = build(x, next: k) else { return nil }
                    k = add(.split([s, next]))
                }
            } else {
                let loop = add(.split([]))
                guard let s = build(x, next: loop) else { return nil }
                states[loop] = .split([s, next])
                k = loop
            }
            for _ in 0..<minimum { guard let s = build(x, next: k) else { return nil }; k = s }
            return k
        }
    }

    /// The consuming states reachable from `from` without consuming (sorted: a DFA state's
    /// key), and whether the match state is among them.
    func closure(_ from: [Int32]) -> (states: [Int32], accepts: Bool) {
        var seen = Set<Int32>()
        var stack = from
        var out: [Int32] = []
        var accepts = false
        while let s = stack.popLast() {
            guard seen.insert(s).inserted else { continue }
            switch states[Int(s)] {
            case .set: out.append(s)
            case .split(let targets): stack += targets.map(Int32.init)
            case .match: accepts = true
            }
        }
        return (out.sorted(), accepts)
    }
}

extension ScalarSet {
    func contains(_ v: UInt32) -> Bool {
        var lo = 0, hi = ranges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ranges[mid].upperBound < v { lo = mid + 1 } else { hi = mid }
        }
        return lo < ranges.count && ranges[lo].contains(v)
    }
}
