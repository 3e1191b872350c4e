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
    let indexByCode: [String: Int32]
    /// (node << 32 | scalar) → child node; node 0 is the root.
    let edges: [UInt64: Int32]
    /// The root's children by scalar (BMP): most positions of a text stop here, without hashing.
    let rootChildren: [Int32]
    let terminals: [Int32: Terminal]

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
        func insert(_ name: [UInt32], _ entry: Int, full: Bool) {
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
        self.edges = edges
        self.rootChildren = rootChildren
        self.terminals = terminals
    }

    public func entry(code: String) -> Entry? {
        indexByCode[code].map { entries[Int($0)] }
    }

    /// Names from the province down to the entry: 湖北省 › 荆州市 › 沙市区.
    public func path(_ index: Int) -> [String] {
        var out: [String] = []
        var k = Int32(index)
        while k >= 0 {
            out.append(entries[Int(k)].name)
            k = entries[Int(k)].parent
        }
        return out.reversed()
    }

    /// Indices of the entry and all its ancestors.
    public func lineage(_ index: Int) -> [Int] {
        var out: [Int] = []
        var k = Int32(index)
        while k >= 0 {
            out.append(Int(k))
            k = entries[Int(k)].parent
        }
        return out
    }

    /// The longest name starting at `at`: its length and the entries it names.
    func longestMatch(_ s: [UInt32], at: Int) -> (length: Int, terminal: Terminal)? {
        guard at < s.count, s[at] < 0x10000 else { return nil }
        var node = rootChildren[Int(s[at])]
        guard node != 0 else { return nil }
        var best: (Int, Terminal)?
        if let t = terminals[node] { best = (1, t) }
        var i = at + 1
        while i < s.count, let next = edges[UInt64(UInt32(node)) << 32 | UInt64(s[i])] {
            node = next
            i += 1
            if let t = terminals[node] { best = (i - at, t) }
        }
        return best
    }

    /// Entries whose full name is exactly `name` (for queries and tests).
    public func entries(named name: String) -> [Int] {
        let s = name.unicodeScalars.map(\.value)
        guard let m = longestMatch(s, at: 0), m.length == s.count else { return [] }
        return (m.terminal.full + m.terminal.short).map(Int.init)
    }
}
