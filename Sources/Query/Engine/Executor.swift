import Foundation

/// Runs a `Plan` over a `CorpusIndex`: each node yields the sorted ids of the articles it
/// matches; and/or/not merge sorted lists. Text terms come exactly from the article postings
/// (one or two characters) or the pair positions (three or more); a regular expression is
/// verified only on the candidates of its literal parts (`RegexVerifier`).
public struct Executor {
    public let index: CorpusIndex
    /// Asked between articles (and inside a long regular expression match): true stops the
    /// evaluation early, with partial results the caller discards (Ctrl-C at the prompt).
    public var isCancelled: @Sendable () -> Bool

    public init(index: CorpusIndex, isCancelled: @escaping @Sendable () -> Bool = { false }) {
        self.index = index
        self.isCancelled = isCancelled
    }

    var all: [UInt32] { Array(0..<UInt32(index.articles.count)) }

    /// The regex decided at its literal's occurrences (`LocatedRegex`), when the pattern and the
    /// index allow it: the one place that decides, for the search and for `explain`.
    static func located(_ literals: [String], _ automaton: RegexAutomaton?, _ index: CorpusIndex) -> (LocatedRegex, PairPositions)? {
        guard let positions = index.positions, !positions.checkpoints.isEmpty,
              let located = LocatedRegex(literals: literals, automaton: automaton) else { return nil }
        return (located, positions)
    }

    public func evaluate(_ plan: Plan) -> [UInt32] {
        switch plan {
        case .all:
            return all
        case .text(let t):
            return index.articles(containing: t)
        case .regex(let pattern, let literals):
            guard let verifier = RegexVerifier(pattern: pattern, literals: literals) else { return [] }
            // A pattern whose matches come down to a few texts: each searched in the index.
            if let texts = RegexTexts.of(pattern) {
                var out: [UInt32] = []
                for t in texts {
                    if isCancelled() { return [] }
                    out = SortedIDs.union(out, index.articles(containing: String(String.UnicodeScalarView(t.compactMap(Unicode.Scalar.init)))))
                }
                return out
            }
            if let (located, positions) = Executor.located(literals, verifier.automaton, index) {
                return located.articles(index, positions, isCancelled: isCancelled)
            }
            var cands: [UInt32]?
            for l in literals {
                let found = index.articles(containing: l)
                cands = cands.map { SortedIDs.intersect($0, found) } ?? found
            }
            let index = self.index, isCancelled = self.isCancelled
            return ParallelFilter.filter(cands ?? all) { id in
                if isCancelled() { return false }
                return index.withText(Int(id)) { verifier.matches($0, isCancelled: isCancelled) }
            }
        case .region(let codes, let names):
            var out: [UInt32] = []
            for c in codes { out = SortedIDs.union(out, index.regionCodes[c] ?? []) }
            for n in names { out = SortedIDs.union(out, index.regionNames[n] ?? []) }
            return out
        case .author(let key):
            let byKey = index.authorKeys[key] ?? []
            let byAffiliation = all.filter { id in
                index.articles[Int(id)].authors.contains { $0.affiliation?.contains(key) == true }
            }
            return SortedIDs.union(byKey, byAffiliation)
        case .title(let t):
            let titles = index.titles
            return all.filter { !isCancelled() && titles[Int($0)].contains(t) }
        case .doc(let d):
            return all.filter { index.articles[Int($0)].doc.contains(d) }
        case .date(let from, let to):
            return all.filter { id in
                index.articles[Int(id)].dates.contains { d in
                    guard let (a, b) = DateRange.of(iso: d.iso) else { return false }
                    return a <= to && b >= from
                }
            }
        case .unit(let u):
            return index.units[u] ?? []
        case .figure(let c):
            guard let sorted = index.figures[c.unit] else { return [] }
            // Binary search for the first value ≥ the lower bound.
            var lo = 0, hi = sorted.count
            if let l = c.lower {
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if sorted[mid].value < l { lo = mid + 1 } else { hi = mid }
                }
            }
            var ids: [UInt32] = []
            var k = lo
            while k < sorted.count {
                let e = sorted[k]
                if let u = c.upper, e.value > u { break }
                if c.accepts(value: e.value, qualifier: e.qualifier) { ids.append(e.article) }
                k += 1
            }
            ids.sort()
            var unique = 0
            for id in ids where unique == 0 || ids[unique - 1] != id {
                ids[unique] = id
                unique += 1
            }
            ids.removeLast(ids.count - unique)
            return ids
        case .near(let a, let b, let distance):
            let cands = SortedIDs.intersect(index.articles(containing: a), index.articles(containing: b))
            return cands.filter { id in
                Executor.near(index.occurrences(of: a, in: Int(id)), index.occurrences(of: b, in: Int(id)), distance)
            }
        case .and(let xs):
            var acc: [UInt32]?
            for x in xs {
                let r = evaluate(x)
                acc = acc.map { SortedIDs.intersect($0, r) } ?? r
                if acc!.isEmpty { break }
            }
            return acc ?? all
        case .or(let xs):
            return xs.reduce([UInt32]()) { SortedIDs.union($0, evaluate($1)) }
        case .not(let x):
            return SortedIDs.subtract(all, evaluate(x))
        }
    }

    /// Two occurrences within `distance` characters: the gap between them (end of the first
    /// to start of the second, either order) is at most `distance`; overlapping counts.
    public static func near(_ xs: [Range<Int>], _ ys: [Range<Int>], _ distance: Int) -> Bool {
        for x in xs {
            for y in ys {
                let gap = max(x.lowerBound, y.lowerBound) - min(x.upperBound, y.upperBound)
                if gap <= distance { return true }
            }
        }
        return false
    }
}

/// The reference semantics, article by article, with no index: what every query must equal.
/// The differential tests compare `Executor` with it on thousands of generated queries.
public struct NaiveEvaluator {
    public let articles: [Article]

    public init(articles: [Article]) { self.articles = articles }

    public func evaluate(_ plan: Plan) -> [UInt32] {
        articles.indices.filter { matches(plan, articles[$0]) }.map { UInt32($0) }
    }

    public func matches(_ plan: Plan, _ a: Article) -> Bool {
        switch plan {
        case .all: return true
        case .text(let t): return a.text.contains(t)
        case .regex(let p, _):
            guard let re = try? NSRegularExpression(pattern: p) else { return false }
            return re.firstMatch(in: a.text, range: NSRange(a.text.startIndex..., in: a.text)) != nil
        case .region(let codes, let names):
            let g = Gazetteer.shared
            return a.regions.contains { r in
                if names.contains(r.name) || r.path.contains(where: names.contains) { return true }
                // The region's own code or any ancestor's, found by walking its path by name.
                var parent: Int32 = -1
                for name in r.path {
                    guard let e = g.entries(named: name).first(where: { g.entries[$0].name == name && g.entries[$0].parent == parent }) else { break }
                    if codes.contains(g.entries[e].code) { return true }
                    parent = Int32(e)
                }
                return false
            }
        case .author(let k):
            return a.authors.contains { ($0.name == k && !k.isEmpty) || $0.role == k || $0.affiliation?.contains(k) == true }
        case .title(let t): return CharacterFolding.fold(a.title).replacingOccurrences(of: " ", with: "").contains(t)
        case .doc(let d): return a.doc.contains(d)
        case .date(let from, let to):
            return a.dates.contains { d in DateRange.of(iso: d.iso).map { $0.0 <= to && $0.1 >= from } ?? false }
        case .unit(let u): return a.figures.contains { $0.unit == u }
        case .figure(let c): return a.figures.contains(where: c.accepts)
        case .near(let x, let y, let n):
            return Executor.near(ranges(of: x, in: a.text), ranges(of: y, in: a.text), n)
        case .and(let xs): return xs.allSatisfy { matches($0, a) }
        case .or(let xs): return xs.contains { matches($0, a) }
        case .not(let x): return !matches(x, a)
        }
    }

    func ranges(of needle: String, in text: String) -> [Range<Int>] {
        let t = Array(text.unicodeScalars), n = Array(needle.unicodeScalars)
        guard !n.isEmpty, t.count >= n.count else { return [] }
        var out: [Range<Int>] = []
        var i = 0
        while i <= t.count - n.count {
            if Array(t[i..<(i + n.count)]) == n { out.append(i..<(i + n.count)); i += n.count } else { i += 1 }
        }
        return out
    }
}
