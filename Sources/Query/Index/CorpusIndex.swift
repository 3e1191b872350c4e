import CStringSearch

/// In-memory indexes over a loaded corpus.
///
/// Keyword search: (1) character postings at article granularity — for each scalar, the sorted
/// ids of the articles holding it — for one-character searches, exact in O(postings); (2)
/// `PairPositions`, every pair of adjacent BMP characters by position: a two-character search
/// reads its articles off the pair's positions (or, for a frequent pair, a list kept for it),
/// a phrase of three or more is exact in O(r log(n/r)) from the rarest pair, neither reading
/// text. About 4 bytes a character; none for a pair with punctuation (a fifth of the pairs), a
/// text holding some is answered from its parts and verified. Pairs with a character outside the BMP (rare) have article
/// postings of their own; a phrase holding one intersects its pairs' articles and verifies the
/// candidates by a byte search (`memmem`). Chosen over a suffix array for build speed (both
/// built by counting, in linear time: `CharacterPostings`, `PairPositions.build`). A corpus of more than 4 G characters, too large for 32-bit positions, gets
/// article-level pair postings instead.
///
/// Fields: `FieldIndexes` (regions with their ancestors, authors, units, figures sorted by value
/// per unit, folded titles).
public final class CorpusIndex: Sendable {
    public let articles: [Article]
    /// The articles' texts, in the buffers the loaded corpus shares (no copy of the bytes).
    let texts: ArticleTexts
    /// Each article's document number (`Article.docIndex`), for counting by document.
    let docIndexes: [Int]
    /// Each document's file name by its number, for `count by doc`.
    let documentNames: [String]
    /// The document numbers in the order of their names, so that ties in `count by doc` are
    /// ordered on integers, not by comparing names (most of a `count by doc` over 15,000
    /// documents).
    let documentsByName: [UInt32]
    /// Article postings of pairs of BMP characters, keyed `a << 16 | b`, only for a corpus
    /// without pair positions (which answer pairs themselves); pairs outside the BMP (rare)
    /// separately, always.
    let bigrams: Postings?
    let wideBigrams: [UInt64: [UInt32]]
    let unigrams: ArticleSets
    /// Pair positions, for exact phrases of three or more characters without reading text.
    let positions: PairPositions?
    let fields: FieldIndexes
    var regionCodes: [String: [UInt32]] { fields.regionCodes }
    var regionNames: [String: [UInt32]] { fields.regionNames }
    var authorKeys: [String: [UInt32]] { fields.authorKeys }
    var units: [String: [UInt32]] { fields.units }
    var figures: [String: [FieldIndexes.FigureEntry]] { fields.figures }
    var titles: [String] { fields.titles }

    /// Everything built from the articles, as the index cache stores it.
    struct Stored {
        var bigrams: Postings?
        var unigrams: ArticleSets
        var wide: [UInt64: [UInt32]]
        var positions: (postings: Postings, fingerprintBits: UInt32, frequent: ArticleSets, checkpoints: [UInt32])?
        var articleStarts: [UInt32]?
        var fields: FieldIndexes
        /// The articles' texts as restored (what `ArticleTexts.of` would find by looking at
        /// every article).
        var texts: ArticleTexts
    }

    public convenience init(articles: [Article]) {
        self.init(articles: articles, stored: nil)
    }

    /// An index whose pair positions carry at most `fingerprintBits` bits of fingerprint
    /// (rounded down to even; never more than the corpus leaves free), and whose positions'
    /// second thread placed exactly the last `placedFromTheBack` articles (`PairPositions.Build`;
    /// nil: as many as it got to): how the tests reach the narrower fingerprints of corpora too
    /// large to build in a test, and check that the positions are the same whoever placed what.
    public convenience init(articles: [Article], fingerprintBits: Int, placedFromTheBack: Int? = nil) {
        self.init(articles: articles, stored: nil, fingerprintBits: UInt32(clamping: max(0, fingerprintBits)), placedFromTheBack: placedFromTheBack)
    }

    /// The index of a loaded corpus: the characters its loader found present, and each one's
    /// articles, save the pair positions' build and the character postings a pass over every
    /// text each (`CharacterCensus`).
    public convenience init(corpus: Corpus) {
        self.init(articles: corpus.articles, stored: nil, characters: corpus.characters, characterArticles: corpus.characterArticles)
    }

    /// `stored`: the indexes restored from the cache, then nothing is rebuilt.
    init(articles: [Article], stored: Stored?, characters: [UInt64]? = nil, characterArticles: [UInt32]? = nil,
         fingerprintBits: UInt32 = .max, placedFromTheBack: Int? = nil) {
        self.articles = articles
        self.texts = stored?.texts ?? ArticleTexts.of(articles)
        // By index, not `for a in articles`: binding each `Article` copied it (a dozen
        // reference counts), a tenth of a second start at 500 MB.
        self.docIndexes = articles.indices.map { articles[$0].docIndex }
        var names = [String](repeating: "", count: (docIndexes.max() ?? -1) + 1)
        for k in articles.indices { names[articles[k].docIndex] = articles[k].doc }
        self.documentNames = names
        // The loader numbers documents in name order (and the cache keeps it): then checking is
        // all it costs; articles put together otherwise are sorted here, once.
        self.documentsByName = zip(names, names.dropFirst()).allSatisfy({ $0 <= $1 })
            ? names.indices.map { UInt32($0) }
            : names.indices.sorted { names[$0] < names[$1] }.map { UInt32($0) }
        // Pairs are answered from their positions; only a corpus too large for 32-bit positions
        // builds article-level pair postings.
        let articleStarts = stored.map(\.articleStarts) ?? PairPositions.starts(texts)  // nil past 4 G characters
        // The pair positions need only the texts: they are built on a second core while this
        // one reads the articles' fields and characters, then helps place them.
        let positionsBuild = BackgroundBuild<PairPositions>()
        var placing: PairPositions.Build?
        if stored == nil, let articleStarts {
            let build = PairPositions.Build(self.texts, starts: articleStarts, characters: characters, fingerprintBits: fingerprintBits,
                                              placedFromTheBack: placedFromTheBack)
            placing = build
            positionsBuild.start { build.run(helped: true) }
        }
        if let p = stored {
            self.bigrams = p.bigrams
            self.unigrams = p.unigrams
            self.wideBigrams = p.wide
            self.positions = p.positions.flatMap { pp in articleStarts.map { PairPositions(postings: pp.postings, fingerprintBits: pp.fingerprintBits, frequent: pp.frequent, locator: ArticleLocator(starts: $0), checkpoints: pp.checkpoints) } }
            self.fields = p.fields
        } else {
            let characters = CharacterPostings.build(texts, pairsPerArticle: articleStarts == nil, articleCounts: characterArticles)
            self.unigrams = characters.unigrams
            self.wideBigrams = characters.wideBigrams
            self.bigrams = characters.bigrams
            self.fields = FieldIndexes(articles)
            placing?.help()
            self.positions = positionsBuild.wait()
        }
    }

    // MARK: - Keyword search

    /// The sorted articles holding the pair `a b`, and how common it is (for ordering an
    /// intersection: its occurrences when read off positions, else its articles).
    func pairArticles(_ a: UInt32, _ b: UInt32) -> (weight: Int, articles: () -> [UInt32]) {
        if positions != nil, a < 0x10000 && b < 0x10000 && !(PairPositions.isIndexed(a) && PairPositions.isIndexed(b)) {
            // A pair with punctuation has no positions: the articles holding both characters
            // (a superset, which the caller verifies), weighed by the rarer's articles.
            let weight = min(unigrams.count(a), unigrams.count(b))
            return (weight, { [unigrams] in SortedIDs.intersect(unigrams.articles(a) ?? [], unigrams.articles(b) ?? []) })
        }
        if a < 0x10000 && b < 0x10000 {
            let key = a << 16 | b
            if let positions { return (positions.occurrenceCount(ofPair: key), { positions.articles(ofPair: key) }) }
            guard let l = bigrams?[key] else { return (0, { [] }) }
            return (l.count, { l.array })
        }
        let l = wideBigrams[UInt64(a) << 32 | UInt64(b)] ?? []
        return (l.count, { l })
    }

    /// Articles that may contain `needle` (a superset), from the bigram postings; exact for
    /// one or two characters.
    func candidates(_ needle: [UInt32]) -> [UInt32] {
        guard let first = needle.first else { return Array(0..<UInt32(articles.count)) }
        if needle.count == 1 { return unigrams.articles(first) ?? [] }
        var lists: [(weight: Int, articles: () -> [UInt32])] = []
        for k in 0..<(needle.count - 1) {
            let l = pairArticles(needle[k], needle[k + 1])
            if l.weight == 0 { return [] }
            lists.append(l)
        }
        return intersectRarestFirst(lists)
    }

    /// The articles in every list (at least one), read rarest first, so that later lists only
    /// narrow a short one (and an empty result stops before the common ones are read).
    private func intersectRarestFirst(_ lists: [(weight: Int, articles: () -> [UInt32])]) -> [UInt32] {
        let lists = lists.sorted { $0.weight < $1.weight }
        var acc = lists[0].articles()
        for l in lists.dropFirst() {
            if acc.isEmpty { break }
            acc = SortedIDs.intersect(acc, l.articles())
        }
        return acc
    }

    /// Articles whose text contains `needle`, exactly: candidates from the postings, verified
    /// by a byte search when the needle is longer than the pairs that found them.
    public func articles(containing needle: String) -> [UInt32] {
        let scalars = needle.unicodeScalars.map(\.value)
        switch path(scalars) {
        case .articlePostings:
            return candidates(scalars)
        case .pairArticles(let p):
            return p.articles(ofPair: scalars[0] << 16 | scalars[1])
        case .pairPositions(let p):
            return p.articles(containing: scalars)
        case .verifiedParts(let p):
            switch partsPlan(scalars, p) {
            case .absent: return []
            case .atOccurrences(let part, let occurrences): return verified(needle, at: part, occurrences, p)
            case .wholeTexts(_, _, let candidates): return verified(candidates, needle)
            case .noPart: return verified(characterCandidates(scalars), needle)
            }
        case .verifiedCandidates:
            return verified(candidates(scalars), needle)
        }
    }

    /// The candidates whose text holds `needle`, by a byte search on every core.
    private func verified(_ candidates: [UInt32], _ needle: String) -> [UInt32] {
        let bytes = Array(needle.utf8)
        return ParallelFilter.filter(candidates) { [self] id in withText(Int(id)) { ByteSearch.first($0, bytes, from: 0) != nil } }
    }

    /// How a text with characters without pairs is read — decided here once, for the search
    /// and for `explain`.
    enum PartsPlan {
        /// A pair of a part never occurs.
        case absent
        /// No part between them has two characters: the articles holding every character,
        /// searched whole.
        case noPart
        /// Checked in the text where `part` occurs — at `occurrences`, those whose fingerprints
        /// agree with the characters after it (the punctuation and what follows), fewer than
        /// any other part's.
        case atOccurrences(Part, [UInt32])
        /// Every part too common, even the one with the fewest such occurrences (`part`, that
        /// many): the articles holding every part's occurrences found (`candidates`), searched
        /// whole.
        case wholeTexts(Part, occurrences: Int, candidates: [UInt32])
    }

    /// A run of characters with pairs in a text, where it begins, and how often its rarest
    /// pair occurs.
    struct Part {
        let offset: Int
        let scalars: [UInt32]
        let count: Int
    }

    /// Every part's occurrences are found (a phrase's search, or one pair's words read), with
    /// the fingerprints of its last pairs checked against the characters after it: 二十大 at
    /// 500 MB occurs ≈ 317,000 times, before a comma at most 112,000 times by its fingerprints
    /// (2 bits a character there: a quarter of the others agree).
    /// The part with the fewest is checked in the text, if it is not too common.
    func partsPlan(_ scalars: [UInt32], _ p: PairPositions) -> PartsPlan {
        let parts = Self.parts(scalars, p)
        if parts.isEmpty { return .noPart }
        if parts.contains(where: { $0.count == 0 }) { return .absent }
        var found: [(part: Part, occurrences: [UInt32])] = []
        for part in parts.sorted(by: { $0.count < $1.count }) {
            if found.contains(where: { $0.occurrences.isEmpty }) { break }
            found.append((part, p.occurrenceStarts(of: part.scalars, followedBy: scalars[(part.offset + part.scalars.count)...])))
        }
        let (part, occurrences) = found.min { $0.occurrences.count < $1.occurrences.count }!
        if !p.checkpoints.isEmpty && occurrences.count <= articles.count * Self.occurrenceLimit { return .atOccurrences(part, occurrences) }
        // Each part's occurrences, already found, name a superset of the articles holding the
        // text: their intersection is what is searched (the parts are not searched again).
        let candidates = intersectRarestFirst(found.map { f in
            (f.occurrences.count, { f.occurrences.withUnsafeBufferPointer { o in
                var out: [UInt32] = []
                p.locator.articles(of: o, into: &out)
                return out
            } })
        })
        return .wholeTexts(part, occurrences: occurrences.count, candidates: candidates)
    }

    /// The articles holding `needle` (some of its characters without pairs), found where its
    /// `part` occurs (`occurrences`): each occurrence's phrase start found in the text from the
    /// nearest checkpoint (or the occurrence before it, when nearer: ≤ 63 scalars on) and
    /// compared there — instead of searching every candidate article's whole text.
    private func verified(_ needle: String, at part: Part, _ occurrences: [UInt32], _ p: PairPositions) -> [UInt32] {
        let bytes = Array(needle.utf8), back = UInt32(part.offset), starts = p.articleStarts
        return articles(atOccurrences: occurrences, of: p, lookingBack: back) { text, k, occurrences in
            var known: (position: UInt32, byte: Int)?
            for q in occurrences where q >= starts[k] &+ back {
                // (No checkpoint for it: a damaged cache; the whole text decides.)
                guard let at = p.byteOffset(ofPosition: q - back, article: k, text: text, after: known) else {
                    return ByteSearch.first(text, bytes, from: 0) != nil
                }
                if text.count - at >= bytes.count && text[at..<(at + bytes.count)].elementsEqual(bytes) { return true }
                known = (q - back, at)
            }
            return false
        }
    }

    /// Above this many occurrences of a text's rarest part an article, on average, its
    /// candidates' texts are searched whole instead (a byte search reads ≈ 8 GB/s on two
    /// cores; an occurrence costs a cache miss and up to 63 scalars).
    static let occurrenceLimit = 4

    /// The runs of two or more characters with pairs (`PairPositions.isIndexed`) in `scalars`,
    /// with where each begins and how often its rarest pair occurs.
    static func parts(_ scalars: [UInt32], _ p: PairPositions) -> [Part] {
        var out: [Part] = [], start = 0
        for end in 0...scalars.count where end == scalars.count || !PairPositions.isIndexed(scalars[end]) {
            if end - start >= 2 {
                let run = Array(scalars[start..<end])
                let count = (1..<run.count).map { p.occurrenceCount(ofPair: run[$0 - 1] << 16 | run[$0]) }.min()!
                out.append(Part(offset: start, scalars: run, count: count))
            }
            start = end + 1
        }
        return out
    }

    /// The articles holding every character of `scalars` (a text with no part of two
    /// characters between its punctuation): a superset of those holding the whole.
    private func characterCandidates(_ scalars: [UInt32]) -> [UInt32] {
        intersectRarestFirst(Set(scalars).map { u in (unigrams.count(u), { [unigrams] in unigrams.articles(u) ?? [] }) })
    }

    /// How a text is answered: the one place that decides, for the search and for `explain`.
    enum TextPath {
        /// One character, or two without pair positions: the article postings are exact.
        case articlePostings
        /// Two BMP characters: the pair's articles, read off its positions, exact.
        case pairArticles(PairPositions)
        /// Three or more BMP characters: exact from the pair positions.
        case pairPositions(PairPositions)
        /// BMP characters, some without pairs (punctuation, a space, a line break): the articles
        /// holding each part between them, from the pair positions, verified by a byte search.
        case verifiedParts(PairPositions)
        /// Otherwise (a character outside the BMP, or no positional index): the articles
        /// holding every pair, each verified by a byte search.
        case verifiedCandidates
    }

    func path(_ scalars: [UInt32]) -> TextPath {
        if scalars.count <= 1 { return .articlePostings }
        if let positions, scalars.allSatisfy({ $0 < 0x10000 }) {
            guard PairPositions.indexes(scalars) else { return .verifiedParts(positions) }
            return scalars.count == 2 ? .pairArticles(positions) : .pairPositions(positions)
        }
        if scalars.count == 2 { return .articlePostings }
        return .verifiedCandidates
    }

    /// How `articles(containing:)` answers a text, for `explain`.
    public func textStrategy(_ needle: String) -> String {
        switch path(needle.unicodeScalars.map(\.value)) {
        case .articlePostings: return "article postings, exact"
        case .pairArticles: return "pair positions, exact"
        case .pairPositions:
            guard let d = phraseDriver(needle) else { return "pair positions, exact; a pair never occurs" }
            return "pair positions, exact; driven by \(d.pair) (\(d.positions) positions, \(d.candidates) left by their fingerprints)"
        case .verifiedParts(let p):
            let name = { (part: Part) in String(String.UnicodeScalarView(part.scalars.compactMap(Unicode.Scalar.init))) }
            switch partsPlan(needle.unicodeScalars.map(\.value), p) {
            case .absent: return "pair positions of the parts between punctuation; a pair of them never occurs"
            case .noPart: return "no part between punctuation has a pair: the articles holding every character, verified in the text"
            case .atOccurrences(let part, let occurrences):
                return "pair positions of the parts between punctuation, verified in the text at the \(occurrences.count) occurrences of \(name(part)) whose fingerprints agree with what follows it"
            case .wholeTexts(let part, let occurrences, _):
                return "pair positions of the parts between punctuation, verified in the texts of the articles holding every part: the rarest, \(name(part)), occurs \(occurrences) times (more than \(Self.occurrenceLimit) an article)"
            }
        case .verifiedCandidates: return "pair postings, candidates verified"
        }
    }

    /// How a phrase of three or more characters is answered from the pair positions: the pair
    /// that drives it, that pair's positions, and how many of them its fingerprints leave to
    /// probe (`PairPositions`); nil for another text, or when one of its pairs never occurs.
    public func phraseDriver(_ needle: String) -> (pair: String, positions: Int, candidates: Int)? {
        let scalars = needle.unicodeScalars.map(\.value)
        guard case .pairPositions(let p) = path(scalars), let d = p.driver(scalars) else { return nil }
        let pair = needle.unicodeScalars.dropFirst(d.offset).prefix(2)
        return (String(String.UnicodeScalarView(pair)), d.positions, d.candidates)
    }

    /// The article's text as UTF-8 bytes, in place: the index keeps no copy of the text (a copy
    /// of every article cost 1× the corpus in memory).
    func withText<R>(_ article: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        texts.withBytes(article, body)
    }

    /// Scalar offsets of each occurrence of `needle` in an article's text.
    public func occurrences(of needle: String, in article: Int) -> [Range<Int>] {
        let bytes = Array(needle.utf8)
        let n = needle.unicodeScalars.count
        return withText(article) { text in
            ByteSearch.all(text, bytes).map { byteOffset in
                let start = ByteSearch.scalarOffset(text, byteOffset)
                return start..<(start + n)
            }
        }
    }

    public var allRegionNames: [String] {
        var names = Set<String>()
        for a in articles { for r in a.regions { names.insert(r.name); names.formUnion(r.path) } }
        return names.sorted()
    }

    /// How many figures each unit has (a figure without a unit, such as 三分之一, under ""), most
    /// first, ties by unit: read off the figure index, not the articles.
    public var figuresByUnit: [(unit: String, count: Int)] {
        fields.figures.map { ($0.key, $0.value.count) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
    }

    /// The largest parts of the index and their sizes in bytes, for `.stats`: what a corpus
    /// costs in memory beyond its own text.
    public var sizes: [(part: String, bytes: Int)] {
        var out: [(String, Int)] = [("article texts", texts.byteCount)]
        if let positions {
            out.append(("pair positions", positions.postings.byteCount + 4 * positions.articleStarts.count))
            out.append(("frequent pairs' articles", positions.frequent.byteCount))
        }
        if let bigrams { out.append(("pair postings", bigrams.byteCount)) }
        out.append(("character postings", unigrams.byteCount))
        out.append(("offset maps", articles.reduce(0) { $0 + 8 * $1.offsets.textStarts.count }))
        return out
    }

    public var allAuthorKeys: [String] { authorKeys.keys.sorted() }
    public var allUnits: [String] { units.keys.sorted() }
}

/// Sorted id lists: intersection, union, difference by merging. O(a + b).
public enum SortedIDs {
    public static func intersect(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(min(a.count, b.count))
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] { out.append(a[i]); i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return out
    }

    public static func union(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j >= b.count || (i < a.count && a[i] < b[j]) { out.append(a[i]); i += 1 } else if i >= a.count || b[j] < a[i] { out.append(b[j]); j += 1 } else { out.append(a[i]); i += 1; j += 1 }
        }
        return out
    }

    public static func subtract(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var out: [UInt32] = []
        var j = 0
        for x in a {
            while j < b.count && b[j] < x { j += 1 }
            if j < b.count && b[j] == x { continue }
            out.append(x)
        }
        return out
    }
}

/// Substring search on UTF-8 bytes. UTF-8 is self-synchronising, so a byte match of a valid
/// needle is a character match.
public enum ByteSearch {
    public static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        hay.withUnsafeBufferPointer { first($0, needle, from: 0) != nil }
    }

    /// glibc's `memmem` (two-way, vectorised first-byte scan): 5–10× the byte loop it replaced
    /// on Hanzi text, where the first byte of a character (0xE4–0xE9) is everywhere.
    public static func first(_ h: UnsafeBufferPointer<UInt8>, _ needle: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty else { return from }
        guard from >= 0, h.count - from >= needle.count, let base = h.baseAddress else { return nil }
        return needle.withUnsafeBytes { nd -> Int? in
            let k = cs_memmem(base + from, h.count - from, nd.baseAddress, nd.count)
            return k < 0 ? nil : from + k
        }
    }

    public static func all(_ hay: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> [Int] {
        var out: [Int] = []
        var from = 0
        while let i = first(hay, needle, from: from) {
            out.append(i)
            from = i + max(1, needle.count)
        }
        return out
    }

    public static func scalarOffset(_ bytes: UnsafeBufferPointer<UInt8>, _ byteOffset: Int) -> Int {
        var n = 0
        for k in 0..<byteOffset where bytes[k] & 0xC0 != 0x80 { n += 1 }
        return n
    }
}

