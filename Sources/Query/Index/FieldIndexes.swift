/// The indexes of an article's fields: postings per region code (every ancestor included, so
/// 荆州市 finds 沙市区's articles), per place name below the gazetteer, per author name and
/// role, per figure unit; figures sorted by value per unit, for range queries by binary search
/// (O(log F + matches)); folded titles for `title:`.
///
/// Built in one pass over the articles' extracted fields — O(fields), hashing every name, a
/// few hundred milliseconds at 100 MB — and stored in the index cache, so that a second start
/// does not redo it.
struct FieldIndexes: Sendable {
    var regionCodes: [String: [UInt32]] = [:]
    var regionNames: [String: [UInt32]] = [:]
    var authorKeys: [String: [UInt32]] = [:]
    var units: [String: [UInt32]] = [:]
    /// Per unit: (value, article, qualifier), sorted by value — all a figure term needs, so a
    /// range query never reads the articles.
    var figures: [String: [FigureEntry]] = [:]
    /// 16 bytes (the qualifier as a `String?` made it 32: 35 MB at 500 MB).
    typealias FigureEntry = (value: Double, article: UInt32, qualifier: Figure.Qualifier?)
    /// Folded titles without spaces, for title: searches.
    var titles: [String] = []

}

// In an extension, so that the memberwise initialiser (the cache reader's) stays.
extension FieldIndexes {
    init(_ articles: [Article]) {
        let g = Gazetteer.shared
        // Grouped by gazetteer entry and by `UTF8Key`, then keyed by `String` once per
        // distinct key: hashing a Chinese `String` normalises it first, and this ran for every
        // region, author and figure of the corpus (a second and a half at 500 MB).
        var byEntry: [Int: [UInt32]] = [:]
        var byName: [UTF8Key: [UInt32]] = [:], byAuthor: [UTF8Key: [UInt32]] = [:]
        // Figures are counted by unit first, so that each unit's list is allocated once at its
        // size: grown by appending, the lists (32 bytes a figure then, 1.08 M figures at 500 MB)
        // had taken 83 MB at the index build's peak for 35 MB of entries. A figure's unit is
        // already a number (`Figure.unitNames`): no name is hashed per figure.
        let unitCount = Figure.unitNames.count
        var perUnit = [Int](repeating: 0, count: unitCount)
        for k in articles.indices {
            for f in articles[k].figures { perUnit[Int(f.unitCode)] += 1 }
        }
        var figuresByUnit = perUnit.map { n in
            var list: [FigureEntry] = []
            list.reserveCapacity(n)
            return list
        }
        var byUnit = [[UInt32]](repeating: [], count: unitCount)
        var lastArticleOfUnit = [Int](repeating: -1, count: unitCount)
        titles.reserveCapacity(articles.count)
        var entries = Set<Int>(), names = Set<UTF8Key>(), keys = Set<UTF8Key>()
        for k in articles.indices {  // by index: binding each `Article` would copy it
            let id = UInt32(k)
            titles.append(Compiler.searchText(articles[k].title))
            entries.removeAll(keepingCapacity: true)
            names.removeAll(keepingCapacity: true)
            for r in articles[k].regions {
                if r.code.isEmpty {
                    names.insert(UTF8Key(r.name))
                    // A village is also inside its town and the town's ancestors.
                    for (name, entry) in FieldIndexes.ancestorsByName(r.path.dropLast(), g) {
                        if let e = entry { entries.insert(e) } else { names.insert(UTF8Key(name)) }
                    }
                } else if let e = g.indexByCode[r.code] {
                    for l in g.lineage(Int(e)) { entries.insert(l) }
                }
            }
            for e in entries { byEntry[e, default: []].append(id) }
            for n in names { byName[n, default: []].append(id) }
            keys.removeAll(keepingCapacity: true)
            for au in articles[k].authors {
                if !au.name.isEmpty { keys.insert(UTF8Key(au.name)) }
                keys.insert(UTF8Key(au.role))
            }
            for key in keys { byAuthor[key, default: []].append(id) }
            for f in articles[k].figures {
                let u = Int(f.unitCode)
                if lastArticleOfUnit[u] != k {
                    lastArticleOfUnit[u] = k
                    byUnit[u].append(id)
                }
                figuresByUnit[u].append((f.value, id, f.qualifierValue))
            }
        }
        // Each list ascends (articles were visited in order); the ids of an entry's code are
        // the entry's (codes are unique in the gazetteer; a repeated one would be merged).
        for (e, ids) in byEntry {
            let code = g.entries[e].code
            regionCodes[code] = regionCodes[code].map { SortedIDs.union($0, ids) } ?? ids
        }
        // Two spellings of one name (composed and decomposed) are one `String` key: merged.
        regionNames = Dictionary(byName.map { ($0.key.string, $0.value) }, uniquingKeysWith: SortedIDs.union)
        authorKeys = Dictionary(byAuthor.map { ($0.key.string, $0.value) }, uniquingKeysWith: SortedIDs.union)
        // Sorted where they are (each array held once: sorting a shared one would copy it, at
        // the peak of the index build), then keyed by the unit's name, sharing the arrays; the
        // names are distinct.
        for u in 0..<unitCount where perUnit[u] > 0 {
            figuresByUnit[u].sort { $0.value < $1.value }
            units[Figure.unitNames[u]] = byUnit[u]
            figures[Figure.unitNames[u]] = figuresByUnit[u]
        }
    }

    /// Every id below `count`: what the cache reader checks before trusting a stored index.
    func idsAreBelow(_ count: Int) -> Bool {
        let n = UInt32(count)
        return titles.count == count
            && [regionCodes, regionNames, authorKeys, units].allSatisfy { $0.values.allSatisfy { $0.allSatisfy { $0 < n } } }
            && figures.values.allSatisfy { $0.allSatisfy { $0.article < n } }
    }

    /// The gazetteer entries of the named ancestors in a path (or nil for names below it).
    private static func ancestorsByName(_ path: ArraySlice<String>, _ g: Gazetteer) -> [(String, Int?)] {
        var out: [(String, Int?)] = []
        var parent: Int?
        for name in path {
            let matches = g.entries(named: name).filter { e in
                g.entries[e].name == name && (parent == nil || Int(g.entries[e].parent) == parent)
            }
            if let e = matches.first {
                out.append((name, e))
                parent = e
            } else {
                out.append((name, nil))
            }
        }
        return out
    }
}
