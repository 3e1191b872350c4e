/// The values that repeat from article to article — units, roles, regions with their paths,
/// authors, document names — each written once in the index cache, before the article
/// records, which refer to them by number.
///
/// Why: decoding a `String` is a UTF-8 validation and usually an allocation; the records of
/// 140,000 articles (500 MB) held ≈ 7 M of them, most repeats, and decoding them was most of a
/// second start. Restored, the repeats share one `String` (a retain each): less time and less
/// memory. Writing costs one hash lookup a value, on the cache writer's background thread.
struct SharedValues {
    private(set) var strings: [String] = []
    private(set) var regions: [RegionMatch] = []
    private(set) var authors: [Author] = []
    private var stringIDs: [String: UInt32] = [:]
    private var regionIDs: [RegionMatch: UInt32] = [:]
    private var authorIDs: [Author: UInt32] = [:]

    /// Nil strings are written as this number.
    static let none = UInt32.max

    /// Every value of the articles that the records refer to by number.
    init(_ articles: [Article]) {
        for k in articles.indices {
            _ = string(articles[k].doc)
            for s in articles[k].byline { _ = string(s) }
            for c in articles[k].credits { _ = string(c.kind.rawValue) }
            for x in articles[k].authors { _ = author(x) }
            for x in articles[k].regions { _ = region(x) }
            for f in articles[k].figures { _ = string(f.thing) }
        }
    }

    mutating func string(_ s: String?) -> UInt32 {
        guard let s else { return SharedValues.none }
        if let id = stringIDs[s] { return id }
        let id = UInt32(strings.count)
        strings.append(s)
        stringIDs[s] = id
        return id
    }

    /// A value's number; it must be one the initialiser saw.
    func id(_ s: String?) -> UInt32 { s.map { stringIDs[$0]! } ?? SharedValues.none }
    func id(_ r: RegionMatch) -> UInt32 { regionIDs[r]! }
    func id(_ a: Author) -> UInt32 { authorIDs[a]! }

    private mutating func region(_ r: RegionMatch) -> UInt32 {
        if let id = regionIDs[r] { return id }
        _ = string(r.name); _ = string(r.code)
        for p in r.path { _ = string(p) }
        let id = UInt32(regions.count)
        regions.append(r)
        regionIDs[r] = id
        return id
    }

    private mutating func author(_ a: Author) -> UInt32 {
        if let id = authorIDs[a] { return id }
        _ = string(a.name); _ = string(a.role); _ = string(a.affiliation)
        let id = UInt32(authors.count)
        authors.append(a)
        authorIDs[a] = id
        return id
    }

    func write(_ w: inout BinaryWriter) {
        w.strings(strings)
        w.u32(UInt32(regions.count))
        for r in regions {
            w.u32(id(r.name)); w.u32(id(r.code))
            w.u32(UInt32(r.path.count))
            for p in r.path { w.u32(id(p)) }
        }
        w.u32(UInt32(authors.count))
        for a in authors { w.u32(id(a.name)); w.u32(id(a.role)); w.u32(id(a.affiliation)) }
        // The figures' units by name, which their records number: a unit table that changed
        // since is seen (a name it lacks), not misread.
        w.strings(Figure.unitNames)
    }
}

/// `SharedValues` as read back: numbers to values, every number checked.
struct RestoredValues: Sendable {
    let strings: [String]
    let regions: [RegionMatch]
    let authors: [Author]
    /// A figure record's unit number as written, to its number in `Figure.unitNames` now.
    let unitCodes: [UInt8]

    init?(_ r: inout BinaryReader) {
        guard let strings = r.strings(), let nr = r.u32(), Int(nr) <= r.remaining / 12 else { return nil }
        self.strings = strings
        func string(_ r: inout BinaryReader) -> String? { RestoredValues.entry(&r, strings) }
        var regions: [RegionMatch] = []
        regions.reserveCapacity(Int(nr))
        for _ in 0..<nr {
            guard let name = string(&r), let code = string(&r), let np = r.u32(), Int(np) <= r.remaining / 4 else { return nil }
            var path: [String] = []
            path.reserveCapacity(Int(np))
            for _ in 0..<np { guard let p = string(&r) else { return nil }; path.append(p) }
            regions.append(RegionMatch(name: name, code: code, path: path))
        }
        guard let na = r.u32(), Int(na) <= r.remaining / 12 else { return nil }
        var authors: [Author] = []
        authors.reserveCapacity(Int(na))
        for _ in 0..<na {
            guard let name = string(&r), let role = string(&r), let aff = RestoredValues.optionalString(&r, strings) else { return nil }
            authors.append(Author(name: name, role: role, affiliation: aff))
        }
        guard let units = r.strings(), units.count <= 256 else { return nil }
        var codes: [UInt8] = []
        for u in units {
            guard let c = Figure.unitCode(u) else { return nil }
            codes.append(c)
        }
        self.regions = regions
        self.authors = authors
        self.unitCodes = codes
    }

    /// The value a record's number names in `table`; nil when the number is past it.
    private static func entry<T>(_ r: inout BinaryReader, _ table: [T]) -> T? {
        guard let i = r.u32(), Int(i) < table.count else { return nil }
        return table[Int(i)]
    }

    func string(_ r: inout BinaryReader) -> String? { RestoredValues.entry(&r, strings) }

    /// `.some(nil)` for the number of a nil string; nil when damaged.
    func optional(_ r: inout BinaryReader) -> String?? { RestoredValues.optionalString(&r, strings) }

    private static func optionalString(_ r: inout BinaryReader, _ strings: [String]) -> String?? {
        guard let i = r.u32() else { return nil }
        if i == SharedValues.none { return .some(nil) }
        guard Int(i) < strings.count else { return nil }
        return .some(strings[Int(i)])
    }

    func region(_ r: inout BinaryReader) -> RegionMatch? { RestoredValues.entry(&r, regions) }
    func author(_ r: inout BinaryReader) -> Author? { RestoredValues.entry(&r, authors) }
}
