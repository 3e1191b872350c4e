/// China's administrative divisions (province › prefecture › county › town), embedded from
/// `regions.tsv` (44,192 rows; sources and licences in `Data/SOURCES.md`), with a trie over
/// every full name, every county-level-and-above short name and the zone aliases (荆州经开区).
///
/// Built once per process, lazily: ≈ 20 ms and ≈ 12 MB. Matching walks the trie from each
/// position of a text: O(n · d) for n scalars and d the average depth walked (≈ 1.3 on news).
public final class Gazetteer: Sendable {
    public enum Level: Int, Sendable, Comparable {
        case province = 0, city, county, town
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    public struct Entry: Sendable {
        public let code: String
        public let name: String
        public let shortName: String
        public let level: Level
        /// Index of the parent entry, -1 for provinces.
        public let parent: Int32
    }

    /// What a trie node ends: indices of entries whose full name (or alias) or short name it is.
    struct Terminal: Sendable {
        var full: [Int32] = []
        var short: [Int32] = []
    }

    public let entries: [Entry]
    /// Each entry's names from the province down, made once: every region an article names
    /// shares its entry's array (at 500 MB, 815,000 matches had made 815,000 arrays: 70 MB of
    /// peak memory).
    let paths: [[String]]
    let indexByCode: [String: Int32]
    /// The trie's edges below the root, by node: node k's children are
    /// `childNodes[childStarts[k]..<childStarts[k + 1]]`, sorted by their scalar in
    /// `childScalars` (mostly one to three: a linear scan). Arrays, not a dictionary keyed by
    /// (node, scalar): hashing every step was a tenth of the corpus load.
    let childStarts: [Int32]
    let childScalars: [UInt32]
    let childNodes: [Int32]
    /// The root's children by scalar (BMP): most positions of a text stop here.
    let rootChildren: [Int32]
    /// A bit per hash of the first two scalars of every name (2²⁰ bits, 128 KB): most Han
    /// characters begin some name, few pairs do, and this answers "no name here" without
    /// walking the trie's arrays, which miss the cache.
    let firstPairs: [UInt64]
    static func pairBit(_ a: UInt32, _ b: UInt32) -> Int {
        Int(truncatingIfNeeded: ((UInt64(a) << 32 | UInt64(b)) &* 0x9E37_79B9_7F4A_7C15) >> 44)
    }
    /// The node two BMP scalars lead to, by open addressing on `a << 16 | b` (0: an empty
    /// slot — no name begins with U+0000): 2¹⁶ slots for ≈ 24,000 first pairs, 384 KB. Asked
    /// only where `firstPairs` lets a position through (one in ten): the root's children for
    /// those pairs number 56 on average, and scanning them had been half of the region scan.
    let pairKeys: [UInt32]
    let pairNodes: [Int32]
    static let pairSlotBits: UInt32 = 16
    @inline(__always)
    static func pairSlot(_ key: UInt32) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B1) >> (32 - pairSlotBits)) }
    /// Per node, the index of what it ends in `terminalList`, or -1.
    let terminalOf: [Int32]
    let terminalList: [Terminal]

    public static let shared = Gazetteer(tsv: Gazetteer.tsv)

    init(tsv: String) {
        // Parsed as bytes: splitting 44k lines as `String`s cost 0.6 s of start-up.
        var rows: [(code: String, name: String, short: String, level: Level, parent: String)] = []
        rows.reserveCapacity(45_000)
        var tsv = tsv
        tsv.withUTF8 { b in
            var fields: [Range<Int>] = []
            var start = 0
            var lineNumber = 0
            for i in 0...b.count {
                let end = i == b.count
                let c: UInt8 = end ? 0x0A : b[i]
                guard c == 0x09 || c == 0x0A else { continue }
                fields.append(start..<i)
                start = i + 1
                guard c == 0x0A else { continue }
                defer { fields.removeAll(keepingCapacity: true); lineNumber += 1 }
                guard lineNumber > 0, fields.count >= 5 else { continue }
                func text(_ r: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self) }
                let level: Level
                switch b[fields[3].lowerBound] {
                case UInt8(ascii: "p"): level = .province
                case UInt8(ascii: "c"): level = b[fields[3].lowerBound + 1] == UInt8(ascii: "i") ? .city : .county
                default: level = .town
                }
                rows.append((text(fields[0]), text(fields[1]), text(fields[2]), level, text(fields[4])))
            }
        }
        var index: [String: Int32] = [:]
        index.reserveCapacity(rows.count)
        for (k, r) in rows.enumerated() { index[r.code] = Int32(k) }
        entries = rows.map { r in
            Entry(code: r.code, name: r.name, shortName: r.short, level: r.level, parent: index[r.parent] ?? -1)
        }
        indexByCode = index

        var edges: [UInt64: Int32] = [:]
        edges.reserveCapacity(200_000)
        var rootChildren = [Int32](repeating: 0, count: 0x10000)
        var terminals: [Int32: Terminal] = [:]
        var nodes: Int32 = 1
        var firstPairs = [UInt64](repeating: 0, count: (1 << 20) / 64)
        func insert(_ name: [UInt32], _ entry: Int, full: Bool) {
            // Every name has two scalars or more (none has fewer): the scan relies on it.
            guard name.count >= 2 else { return }
            let bit = Gazetteer.pairBit(name[0], name[1])
            firstPairs[bit >> 6] |= 1 << UInt64(bit & 63)
            var node: Int32 = 0
            for (depth, u) in name.enumerated() {
                if depth == 0, u < 0x10000 {
                    if rootChildren[Int(u)] == 0 { rootChildren[Int(u)] = nodes; nodes += 1 }
                    node = rootChildren[Int(u)]
                    continue
                }
                let key = UInt64(UInt32(node)) << 32 | UInt64(u)
                if let next = edges[key] {
                    node = next
                } else {
                    edges[key] = nodes
                    node = nodes
                    nodes += 1
                }
            }
            if full { terminals[node, default: Terminal()].full.append(Int32(entry)) } else { terminals[node, default: Terminal()].short.append(Int32(entry)) }
        }
        let zones: [([UInt32], [UInt32])] = [("经济技术开发区", "经开区"), ("高新技术产业开发区", "高新区")].map {
            ($0.0.unicodeScalars.map(\.value), $0.1.unicodeScalars.map(\.value))
        }
        for (k, e) in entries.enumerated() {
            let name = e.name.unicodeScalars.map(\.value)
            insert(name, k, full: true)
            // Short forms only above towns: 朝阳, 观音, 解放 are words far more often than towns.
            if e.level != .town, e.shortName != e.name {
                let short = e.shortName.unicodeScalars.map(\.value)
                if short.count >= 2 { insert(short, k, full: false) }
            }
            // 荆州经济技术开发区 is printed 荆州经开区; 某某高新技术产业开发区, 某某高新区.
            for (long, abbr) in zones where e.level == .county && name.count > long.count && name.suffix(long.count).elementsEqual(long) {
                var stem = Array(name.dropLast(long.count))
                if stem.last == 0x5E02 { stem.removeLast() }  // 市
                insert(stem + abbr, k, full: true)
            }
        }
        // Laid out by node, children by scalar.
        let sortedEdges = edges.map { (node: Int32($0.key >> 32), scalar: UInt32(truncatingIfNeeded: $0.key), child: $0.value) }
            .sorted { ($0.node, $0.scalar) < ($1.node, $1.scalar) }
        var childStarts = [Int32](repeating: 0, count: Int(nodes) + 1)
        for e in sortedEdges { childStarts[Int(e.node) + 1] += 1 }
        for k in 1..<childStarts.count { childStarts[k] += childStarts[k - 1] }
        self.childStarts = childStarts
        self.childScalars = sortedEdges.map(\.scalar)
        self.childNodes = sortedEdges.map(\.child)
        self.rootChildren = rootChildren
        self.firstPairs = firstPairs
        var terminalOf = [Int32](repeating: -1, count: Int(nodes))
        var terminalList: [Terminal] = []
        for (node, t) in terminals.sorted(by: { $0.key < $1.key }) {
            terminalOf[Int(node)] = Int32(terminalList.count)
            terminalList.append(t)
        }
        self.terminalOf = terminalOf
        self.terminalList = terminalList
        var pairKeys = [UInt32](repeating: 0, count: 1 << Gazetteer.pairSlotBits)
        var pairNodes = [Int32](repeating: 0, count: 1 << Gazetteer.pairSlotBits)
        for a in 0..<0x10000 where rootChildren[a] != 0 {
            let node = Int(rootChildren[a])
            for k in Int(childStarts[node])..<Int(childStarts[node + 1]) where childScalars[k] < 0x10000 {
                let key = UInt32(a) << 16 | childScalars[k]
                var slot = Gazetteer.pairSlot(key)
                while pairKeys[slot] != 0 { slot = (slot + 1) & (pairKeys.count - 1) }
                pairKeys[slot] = key
                pairNodes[slot] = childNodes[k]
            }
        }
        self.pairKeys = pairKeys
        self.pairNodes = pairNodes
        let all = entries
        self.paths = all.indices.map { k in Gazetteer.lineage(k, all).reversed().map { all[$0].name } }
    }

    public func entry(code: String) -> Entry? {
        indexByCode[code].map { entries[Int($0)] }
    }

    /// Names from the province down to the entry: 湖北省 › 荆州市 › 沙市区.
    public func path(_ index: Int) -> [String] { paths[index] }

    /// Indices of the entry and all its ancestors.
    public func lineage(_ index: Int) -> [Int] { Gazetteer.lineage(index, entries) }

    /// The entry and its ancestors, as `lineage`, walked without making an array (for the
    /// extractor's tests on every candidate name).
    func chain(_ index: Int) -> Chain { Chain(entries: entries, at: Int32(index)) }

    struct Chain: Sequence, IteratorProtocol {
        let entries: [Entry]
        var at: Int32

        mutating func next() -> Int? {
            guard at >= 0 else { return nil }
            let k = Int(at)
            at = entries[k].parent
            return k
        }
    }

    private static func lineage(_ index: Int, _ entries: [Entry]) -> [Int] {
        Array(Chain(entries: entries, at: Int32(index)))
    }

    /// The longest name starting at `at`: its length and what it names.
    func longestMatch(_ s: [UInt32], at: Int) -> (length: Int, terminal: Terminal)? {
        guard let m = longestMatchIndex(s, at: at) else { return nil }
        return (m.length, terminalList[m.terminal])
    }

    /// The longest name starting at `at`: its length and the index of what it names in
    /// `terminalList` (an index, not the `Terminal`: two arrays, a retain and release each).
    func longestMatchIndex(_ s: [UInt32], at: Int) -> (length: Int, terminal: Int)? {
        var found: (Int, Int)?
        withTrie { trie in
            s.withUnsafeBufferPointer { text in found = trie.longestMatch(text, at: at) }
        }
        return found
    }

    /// Every greedy longest match in `s`, left to right and not overlapping: `body(start,
    /// length, terminal)`. The scan runs at every position of every article, so it asks first
    /// whether the two scalars there begin some name (`firstPairs`, a bit table of 128 KB that
    /// stays in cache), which rejects all but a few in a hundred, before it reads the trie;
    /// every name has two scalars or more.
    func forEachLongestMatch(in s: [UInt32], _ body: (Int, Int, Int) -> Void) {
        withTrie { trie in
            s.withUnsafeBufferPointer { text in
                var i = 0
                while i + 1 < text.count {
                    if CharacterFolding.isHan(text[i]), let (length, terminal) = trie.longestMatch(text, at: i) {
                        body(i, length, terminal)
                        i += length
                    } else {
                        i += 1
                    }
                }
            }
        }
    }

    /// The trie's arrays as buffers, for a scan: read through `Array` they cost a bounds check
    /// and a load of the array from `self` at every step.
    struct Trie {
        let root: UnsafeBufferPointer<Int32>
        let firstPairs: UnsafeBufferPointer<UInt64>
        let starts: UnsafeBufferPointer<Int32>
        let scalars: UnsafeBufferPointer<UInt32>
        let nodes: UnsafeBufferPointer<Int32>
        let terminalOf: UnsafeBufferPointer<Int32>
        let pairKeys: UnsafeBufferPointer<UInt32>
        let pairNodes: UnsafeBufferPointer<Int32>

        /// Whether a name can start with `a b`: false for certain, true for the first two
        /// scalars of a name (and a few in a hundred others, which hash alike).
        @inline(__always)
        func mayStart(_ a: UInt32, _ b: UInt32) -> Bool {
            let bit = Gazetteer.pairBit(a, b)
            return firstPairs[bit >> 6] & (1 << UInt64(bit & 63)) != 0
        }

        /// The first-pair table is asked before the trie is read (names have two scalars or
        /// more, so a one-scalar node never ends one).
        @inline(__always)
        func longestMatch(_ s: UnsafeBufferPointer<UInt32>, at: Int) -> (length: Int, terminal: Int)? {
            guard at + 1 < s.count, s[at] < 0x10000, mayStart(s[at], s[at + 1]) else { return nil }
            var node: Int32
            var best: (Int, Int)?
            var i: Int
            if s[at + 1] < 0x10000 {
                // The first two scalars at once (the root's children for a pair are many).
                let key = s[at] << 16 | s[at + 1]
                var slot = Gazetteer.pairSlot(key)
                // Key 0 (two U+0000s, which folding drops) would equal an empty slot: no match.
                while pairKeys[slot] != key || key == 0 {
                    if pairKeys[slot] == 0 { return nil }
                    slot = (slot + 1) & (pairKeys.count - 1)
                }
                node = pairNodes[slot]
                i = at + 2
                if terminalOf[Int(node)] >= 0 { best = (2, Int(terminalOf[Int(node)])) }
            } else {
                node = root[Int(s[at])]
                guard node != 0 else { return nil }
                i = at + 1
            }
            walk: while i < s.count {
                let u = s[i]
                var k = Int(starts[Int(node)])
                let end = Int(starts[Int(node) + 1])
                while k < end {
                    let c = scalars[k]
                    if c == u { break }
                    if c > u { break walk }
                    k += 1
                }
                if k == end { break }
                node = nodes[k]
                i += 1
                if terminalOf[Int(node)] >= 0 { best = (i - at, Int(terminalOf[Int(node)])) }
            }
            return best
        }
    }

    func withTrie<R>(_ body: (Trie) -> R) -> R {
        rootChildren.withUnsafeBufferPointer { root in
            firstPairs.withUnsafeBufferPointer { pairs in
                childStarts.withUnsafeBufferPointer { starts in
                    childScalars.withUnsafeBufferPointer { scalars in
                        childNodes.withUnsafeBufferPointer { nodes in
                            terminalOf.withUnsafeBufferPointer { terminalOf in
                                pairKeys.withUnsafeBufferPointer { pairKeys in
                                    pairNodes.withUnsafeBufferPointer { pairNodes in
                                        body(Trie(root: root, firstPairs: pairs, starts: starts, scalars: scalars, nodes: nodes,
                                                  terminalOf: terminalOf, pairKeys: pairKeys, pairNodes: pairNodes))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Entries whose full name is exactly `name` (for queries and tests).
    public func entries(named name: String) -> [Int] {
        let s = name.unicodeScalars.map(\.value)
        guard let m = longestMatch(s, at: 0), m.length == s.count else { return [] }
        return (m.terminal.full + m.terminal.short).map(Int.init)
    }
}
