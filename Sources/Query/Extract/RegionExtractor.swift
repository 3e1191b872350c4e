/// Finds the places an article is about and resolves each to one gazetteer entry.
///
/// A name is attached only on a firm cue (see README, "What counts as a region"):
/// - a full name that names one place only (and has three characters or more);
/// - a full name right after its parent (沙市区朝阳街道), or with an ancestor named in the
///   article or anywhere in the document (朝阳街道 on a 沙市 page), preferring the document's
///   home prefecture when several remain;
/// - a short form (沙市, 松滋, 公安) only when the place or its parent is named in full in the
///   document, and never before words that make it an organisation (公安局, 荆州日报);
/// - communities and villages (东苑社区, 谭家洲村) under the town or county printed just before
///   them, with an empty code since they are below the official codes.
///
/// O(n) per article after one pass over the document for context.
public struct RegionExtractor: Sendable {
    let g: Gazetteer

    public init(gazetteer: Gazetteer = .shared) { g = gazetteer }

    struct Candidate {
        var start: Int
        var length: Int
        var full: [Int32]
        var short: [Int32]
    }

    /// Greedy longest matches, left to right, not overlapping.
    func candidates(_ s: [UInt32]) -> [Candidate] {
        var out: [Candidate] = []
        g.forEachLongestMatch(in: s) { start, length, terminal in
            let t = g.terminalList[terminal]
            out.append(Candidate(start: start, length: length, full: t.full, short: t.short))
        }
        return out
    }

    /// Document context: the places named unambiguously in full anywhere in the document, with
    /// their ancestors, and the prefecture named most often (the paper's home).
    public struct Context: Sendable {
        var known: Set<Int> = []
        var home: Int?
    }

    public func context(_ texts: [[UInt32]]) -> Context {
        context(candidates: texts.map(candidates))
    }

    func context(candidates all: [[Candidate]]) -> Context {
        var c = Context()
        var prefectures: [Int: Int] = [:]
        for found in all {
            // Only county level and above, and no common words: a unique town name (桃花源镇)
            // must not vouch for itself, nor 老城区 (old town) bring in 洛阳.
            for m in found where m.full.count == 1 && m.length >= 3 {
                let e = Int(m.full[0])
                guard g.entries[e].level <= .county, !Self.commonWords.contains(g.entries[e].name) else { continue }
                let lineage = g.lineage(e)
                c.known.formUnion(lineage)
                if let city = lineage.first(where: { g.entries[$0].level == .city }) { prefectures[city, default: 0] += 1 }
            }
        }
        c.home = prefectures.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
        return c
    }

    /// Full names that are ordinary words far more often: 老城区 (old town), 城区 (urban area).
    static let commonWords: Set<String> = ["老城区", "新城区", "城区", "新区", "矿区", "郊区", "市中区", "街道", "开发区", "经济技术开发区", "高新区", "示范区"]
    static let stems: Set<UInt32> = Set("的将以和在为进了个等与及对把被从向到让使是有也都还就各该这那其正".unicodeScalars.map(\.value))

    static let organisationTails = ["日报", "晚报", "电视台", "广播", "大学", "学院", "中学", "小学", "医院", "机场", "银行", "火车站", "大道", "路", "街"].map(scalars)
    static let policeTails = ["局", "厅", "部", "民警", "干警", "机关", "分局", "派出所", "人员", "部门", "系统", "战线", "交警", "队伍", "机构", "工作"].map(scalars)
    static let placeSuffixes = ["社区", "居民区", "居委会", "村"].map(scalars)
    /// `commonWords` and 公安 as scalars: a match is compared with them as printed. (Looking a
    /// Chinese `String` up in a `Set` normalises it; this runs for every candidate name.)
    static let commonWordScalars = commonWords.map(scalars)
    static let gongAn = scalars("公安")
    static func scalars(_ w: String) -> [UInt32] { w.unicodeScalars.map(\.value) }

    public func regions(_ texts: [[UInt32]], context: Context) -> [RegionMatch] {
        regions(texts, candidates: texts.map(candidates), context: context)
    }

    func regions(_ texts: [[UInt32]], candidates found: [[Candidate]], context: Context) -> [RegionMatch] {
        var out: [RegionMatch] = []
        // Each region once: a gazetteer entry by its index (codes are unique), a place below
        // the gazetteer by its name.
        var seenEntries = Set<Int>()
        var seenPlaces = Set<UTF8Key>()
        var local = Set<Int>()
        for (s, cands) in zip(texts, found) {
            var prevEnd = -1
            var prevEntry: Int?
            var skipTo = 0
            for m in cands where m.start >= skipTo {
                guard let e = resolve(m, s, local: local, context: context, after: m.start == prevEnd ? prevEntry : nil) else {
                    continue
                }
                for l in g.chain(e) { local.insert(l) }
                if seenEntries.insert(e).inserted { out.append(RegionMatch(name: g.entries[e].name, code: g.entries[e].code, path: g.path(e))) }
                prevEnd = m.start + m.length
                prevEntry = e
                if g.entries[e].level == .town, let place = placeBelow(s, from: prevEnd) {
                    if seenPlaces.insert(UTF8Key(place)).inserted { out.append(RegionMatch(name: place, code: "", path: g.path(e) + [place])) }
                    skipTo = prevEnd + place.unicodeScalars.count  // 大海阳社区 holds no 海阳市
                }
            }
        }
        return out
    }

    func resolve(_ m: Candidate, _ s: [UInt32], local: Set<Int>, context: Context, after parent: Int?) -> Int? {
        func isKnown(_ x: Int) -> Bool { local.contains(x) || context.known.contains(x) }
        if !m.full.isEmpty {
            let cands = m.full.map(Int.init)
            if let p = parent {
                let under = cands.filter { g.chain($0).dropFirst().contains(p) }
                if under.count == 1 { return under[0] }
            }
            // The full name is the text matched.
            let printed = s[m.start..<(m.start + m.length)]
            if Self.commonWordScalars.contains(where: { printed.elementsEqual($0) }) { return nil }
            if cands.count == 1, m.length >= 3, g.entries[cands[0]].level < .county { return cands[0] }
            if cands.count == 1, m.length >= 3, g.entries[cands[0]].level == .county,
               g.chain(cands[0]).dropFirst().contains(where: isKnown) || m.length >= 4 {
                return cands[0]
            }
            // Towns and ambiguous names need their county or prefecture named in the document:
            // a province alone (湖北) does not tell which 观音镇.
            let inContext = cands.filter { c in
                g.chain(c).dropFirst().contains { isKnown($0) && g.entries[$0].level != .province }
                    || (g.entries[c].level <= .city && isKnown(c))
            }
            if inContext.count == 1 { return inContext[0] }
            if inContext.count > 1, let home = context.home {
                let atHome = inContext.filter { g.chain($0).contains(home) }
                if atHome.count == 1 { return atHome[0] }
            }
            return nil
        }
        // A short form.
        let end = m.start + m.length
        if Self.organisationTails.contains(where: { s.hasPrefix($0, at: end) }) { return nil }
        let cands = m.short.map(Int.init)
        if s[m.start..<end].elementsEqual(Self.gongAn) {  // every candidate's short name is the text matched
            if Self.policeTails.contains(where: { s.hasPrefix($0, at: end) }) { return nil }
            if m.start > 0, [0x53BF, 0x5E02, 0x533A, 0x7701].contains(s[m.start - 1]) { return nil }  // 县 市 区 省 公安
        }
        // 隆重庆祝 holds 重庆: even a province's short form needs the province in context.
        let inContext = cands.filter { e in
            isKnown(e) || (g.entries[e].level == .county && g.entries[e].parent >= 0 && isKnown(Int(g.entries[e].parent)))
        }
        return inContext.count == 1 ? inContext[0] : nil
    }

    /// 东苑社区 after 朝阳街道: 2–6 Hanzi ending in 社区/村/居民区/居委会.
    func placeBelow(_ s: [UInt32], from: Int) -> String? {
        var k = from
        while k < s.count, k - from < 9, CharacterFolding.isHan(s[k]), !Self.stems.contains(s[k]) {
            for suffix in Self.placeSuffixes where s.hasPrefix(suffix, at: k) {
                let stem = k - from
                guard stem >= 2 else { return nil }
                return FoldedLine.string(s[from..<(k + suffix.count)])
            }
            k += 1
        }
        return nil
    }
}

extension Array where Element == UInt32 {
    func hasPrefix(_ p: [UInt32], at i: Int) -> Bool {
        guard i >= 0, count - i >= p.count else { return false }
        for (j, u) in p.enumerated() where self[i + j] != u { return false }
        return true
    }

    func hasPrefix(_ p: String, at i: Int) -> Bool {
        var k = i
        for u in p.unicodeScalars {
            guard k < count, self[k] == u.value else { return false }
            k += 1
        }
        return true
    }
}
