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
    var figures: [String: [(value: Double, article: UInt32, qualifier: String?)]] = [:]
    /// Folded titles without spaces, for title: searches.
    var titles: [String] = []

}

// In an extension, so that the memberwise initialiser (the cache reader's) stays.
extension FieldIndexes {
    init(_ articles: [Article]) {
        let g = Gazetteer.shared
        titles.reserveCapacity(articles.count)
        for (k, a) in articles.enumerated() {
            let id = UInt32(k)
            titles.append(CharacterFolding.fold(a.title).replacingOccurrences(of: Character(" "), with: ""))
            var codes = Set<String>()
            var names = Set<String>()
            for r in a.regions {
                if r.code.isEmpty {
                    names.insert(r.name)
                    // A village is also inside its town and the town's ancestors.
                    for (name, parentCode) in FieldIndexes.ancestorsByName(r.path.dropLast(), g) {
                        if let c = parentCode { codes.insert(c) } else { names.insert(name) }
                    }
                } else if let e = g.indexByCode[r.code] {
                    for l in g.lineage(Int(e)) { codes.insert(g.entries[l].code) }
                }
            }
            for c in codes { regionCodes[c, default: []].append(id) }
            for n in names { regionNames[n, default: []].append(id) }
            var keys = Set<String>()
            for au in a.authors {
                if !au.name.isEmpty { keys.insert(au.name) }
                keys.insert(au.role)
            }
            for key in keys { authorKeys[key, default: []].append(id) }
            var seenUnits = Set<String>()
            for f in a.figures {
                if seenUnits.insert(f.unit).inserted { units[f.unit, default: []].append(id) }
                figures[f.unit, default: []].append((f.value, id, f.qualifier))
            }
        }
        for key in figures.keys { figures[key]!.sort { $0.value < $1.value } }
    }

    /// Every id below `count`: what the cache reader checks before trusting a stored index.
    func idsAreBelow(_ count: Int) -> Bool {
        let n = UInt32(count)
        return titles.count == count
            && [regionCodes, regionNames, authorKeys, units].allSatisfy { $0.values.allSatisfy { $0.allSatisfy { $0 < n } } }
            && figures.values.allSatisfy { $0.allSatisfy { $0.article < n } }
    }

    /// Codes of the named ancestors in a path (or nil for names below the gazetteer).
    private static func ancestorsByName(_ path: ArraySlice<String>, _ g: Gazetteer) -> [(String, String?)] {
        var out: [(String, String?)] = []
        var parent: Int?
        for name in path {
            let matches = g.entries(named: name).filter { e in
                g.entries[e].name == name && (parent == nil || Int(g.entries[e].parent) == parent)
            }
            if let e = matches.first {
                out.append((name, g.entries[e].code))
                parent = e
            } else {
                out.append((name, nil))
            }
        }
        return out
    }

}
