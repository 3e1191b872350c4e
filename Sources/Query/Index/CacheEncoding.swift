import Foundation

/// The cache's encoding of a corpus: every field of every article, in a fixed order. Kept next
/// to `Article` changes: a new field means a new `IndexCache.version`.
enum Encoding {
    /// Everything of the corpus but its articles, and how many there are.
    static func corpusHead(_ c: Corpus, _ w: inout BinaryWriter) {
        w.string(c.root)
        w.u32(UInt32(c.documents.count))
        for d in c.documents { w.string(d.name); w.string(d.encoding.rawValue) }
        w.u32(UInt32(c.furniture.count))
        for f in c.furniture {
            w.u32(UInt32(f.count))
            for l in f { w.i64(l.line); w.string(l.kind.rawValue); w.string(l.text) }
        }
        let r = c.report
        w.i64(r.filesRead); w.i64(r.bytesRead); w.i64(r.articles)
        w.u32(UInt32(r.skipped.count))
        for s in r.skipped { w.string(s.path); w.string(s.reason) }
        w.strings(r.warnings)
        w.u32(UInt32(c.articles.count))
    }

    /// The values the articles share (`SharedValues`), the articles' records, then where each
    /// record starts and where that table starts (payload offsets), last in the payload: the
    /// reader finds the table from the end and decodes the records on every core; the writer
    /// needs no record's size in advance.
    static func articles(_ list: [Article], _ w: inout BinaryWriter) {
        let shared = SharedValues(list)
        shared.write(&w)
        var starts: [UInt64] = []
        starts.reserveCapacity(list.count + 1)
        for k in list.indices {
            starts.append(UInt64(w.position))
            article(list[k], shared, &w)
        }
        starts.append(UInt64(w.position))
        let table = UInt64(w.position)
        for s in starts { w.u64(s) }
        w.u64(table)
    }

    /// The articles' texts: how many, where each begins in bytes (and where the last ends),
    /// then all of them back to back — which the reader uses in place, as `ArticleTexts`.
    static func texts(_ t: ArticleTexts, _ w: inout BinaryWriter) {
        w.u32(UInt32(t.count))
        var start = 0
        w.u64(0)
        for k in 0..<t.count {
            start += t.withBytes(k) { $0.count }
            w.u64(UInt64(start))
        }
        for k in 0..<t.count { t.withBytes(k) { w.block(UnsafeRawBufferPointer($0)) } }
    }

    /// An article's record; its text is in the texts block (`texts`), by its number, and its
    /// repeating values in `shared`, by theirs.
    static func article(_ a: Article, _ shared: SharedValues, _ w: inout BinaryWriter) {
        w.string(a.id); w.i64(a.docIndex); w.u32(shared.id(a.doc)); w.i64(a.ordinal)
        w.string(a.title); w.bool(a.titleDerived); w.optional(a.subtitle); w.optional(a.column)
        w.u32(UInt32(a.byline.count))
        for s in a.byline { w.u32(shared.id(s)) }
        w.u32(UInt32(a.credits.count))
        for c in a.credits { w.u32(shared.id(c.kind.rawValue)); w.string(c.text) }
        w.bool(a.continued); w.i64(a.firstLine); w.i64(a.lastLine)
        w.i32s(a.offsets.textStarts); w.i32s(a.offsets.originStarts)
        w.u32(UInt32(a.authors.count))
        for x in a.authors { w.u32(shared.id(x)) }
        w.u32(UInt32(a.regions.count))
        for x in a.regions { w.u32(shared.id(x)) }
        w.u32(UInt32(a.figures.count))
        for f in a.figures {
            w.string(f.text); w.double(f.value); w.u8(f.unitCode); w.u8(CaseCode.of(f.qualifierValue))
            w.i64(f.start); w.i64(f.end); w.u8(CaseCode.of(f.kindValue)); w.u32(shared.id(f.thing))
        }
        w.u32(UInt32(a.dates.count))
        for d in a.dates { w.string(d.text); w.string(d.iso); w.i64(d.start); w.i64(d.end); w.bool(d.yearInferred) }
    }

    static func postings(_ p: Postings, _ w: inout BinaryWriter) {
        w.u32s(p.keys); w.u32s(p.starts); w.alignedWords(p.ids)
    }

    static func articleSets(_ s: ArticleSets, _ w: inout BinaryWriter) {
        postings(s.lists, &w); w.u32s(s.denseKeys); w.alignedWords(s.bits)
    }

    /// A dictionary's entries by key, the keys ordered by their UTF-8 bytes: written in the
    /// dictionary's own order, the cache differed from one process to the next (each hashes
    /// with a seed of its own), though it held the same index.
    static func byKey<V>(_ d: [String: V]) -> [(key: String, value: V)] {
        d.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    }

    static func fields(_ f: FieldIndexes, _ w: inout BinaryWriter) {
        for d in [f.regionCodes, f.regionNames, f.authorKeys, f.units] {
            w.u32(UInt32(d.count))
            for (k, v) in byKey(d) { w.string(k); w.u32s(v) }
        }
        w.u32(UInt32(f.figures.count))
        for (unit, list) in byKey(f.figures) {
            w.string(unit)
            w.u32(UInt32(list.count))
            for x in list { w.double(x.value); w.u32(x.article); w.u8(CaseCode.of(x.qualifier)) }
        }
        w.strings(f.titles)
    }
}

enum Decoding {
    /// The corpus without its articles, and how many articles follow at the payload's end.
    static func corpusHead(_ r: inout BinaryReader) -> (corpus: Corpus, articles: Int)? {
        guard let root = r.string(), let nd = r.u32(), Int(nd) <= r.remaining else { return nil }
        var documents: [Document] = []
        for _ in 0..<nd {
            guard let name = r.string(), let enc = r.string().flatMap(SourceEncoding.init(rawValue:)) else { return nil }
            documents.append(Document(name: name, encoding: enc, utf8: [], lines: []))
        }
        guard let nf = r.u32(), Int(nf) <= r.remaining else { return nil }
        var furniture: [[FurnitureLine]] = []
        for _ in 0..<nf {
            guard let n = r.u32(), Int(n) <= r.remaining else { return nil }
            var lines: [FurnitureLine] = []
            for _ in 0..<n {
                guard let line = r.i64(), let kind = r.string().flatMap(LineKind.Furniture.init(rawValue:)), let text = r.string() else { return nil }
                lines.append(FurnitureLine(line: line, kind: kind, text: text))
            }
            furniture.append(lines)
        }
        var report = LoadReport()
        guard let fr = r.i64(), let br = r.i64(), let ar = r.i64(), let ns = r.u32(), Int(ns) <= r.remaining else { return nil }
        report.filesRead = fr; report.bytesRead = br; report.articles = ar
        for _ in 0..<ns {
            guard let p = r.string(), let reason = r.string() else { return nil }
            report.skipped.append(SkippedFile(path: p, reason: reason))
        }
        guard let warnings = r.strings(), let na = r.u32(), Int(na) <= r.remaining else { return nil }
        report.warnings = warnings
        return (Corpus(root: root, documents: documents, articles: [], furniture: furniture, report: report), Int(na))
    }

    /// The shared values, then the `count` article records, which end where the table written
    /// by `Encoding.articles` begins (`payloadStart`: where payload offsets count from).
    static func articles(_ reader: BinaryReader, payloadStart: Int, count: Int, documents: Int, texts: ArticleTexts) -> (articles: [Article], records: Range<Int>)? {
        var r = reader
        guard let shared = RestoredValues(&r) else { return nil }
        let end = r.count
        var t = r
        t.offset = end - 8
        guard end - 8 >= r.offset, let table = t.u64(), table <= UInt64(end),
              payloadStart + Int(table) + (count + 1) * 8 + 8 == end else { return nil }
        t.offset = payloadStart + Int(table)
        var starts: [Int] = []
        starts.reserveCapacity(count + 1)
        for _ in 0...count {
            guard let s = t.u64(), s <= table, (starts.last ?? r.offset) <= payloadStart + Int(s) else { return nil }
            starts.append(payloadStart + Int(s))
        }
        guard starts.first == r.offset, starts.last == payloadStart + Int(table) else { return nil }
        guard texts.count == count else { return nil }
        return decodeArticles(r, starts: starts, documents: documents, texts: texts, shared: shared).map { ($0, starts.first!..<starts.last!) }
    }

    /// The article records between `starts[k]` and `starts[k + 1]`, decoded in chunks on every
    /// core straight into the result's storage (each record must end exactly where the next
    /// begins); nil if any is damaged.
    static func decodeArticles(_ reader: BinaryReader, starts: [Int], documents: Int, texts: ArticleTexts, shared: RestoredValues) -> [Article]? {
        let n = starts.count - 1
        let chunks = n < 64 ? 1 : ProcessInfo.processInfo.activeProcessorCount * 4
        // How many records each chunk decoded, or -1 - that many where one was damaged. Every
        // chunk writes only its own slots: the articles in place (appending chunk by chunk
        // copied every `Article`, a dozen reference counts each), the counts in `done`.
        let done = ChunkResults<Int>(count: chunks)
        var damaged = false
        let all = [Article](unsafeUninitializedCapacity: n) { buffer, count in
            let slots = ArticleSlots(base: buffer.baseAddress)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let lo = n * c / chunks, hi = n * (c + 1) / chunks
                var r = reader
                for k in lo..<hi {
                    r.offset = starts[k]
                    guard let a = article(&r, texts: texts, k, shared), r.offset == starts[k + 1], a.docIndex >= 0, a.docIndex < documents else {
                        done.set(c, -1 - (k - lo))
                        return
                    }
                    (slots.base! + k).initialize(to: a)
                }
                done.set(c, hi - lo)
            }
            let counts = done.values
            if counts.count == chunks && counts.allSatisfy({ $0 >= 0 }) {
                count = n
                return
            }
            // Damaged: give back what was decoded.
            for (c, m) in counts.enumerated() { (buffer.baseAddress! + n * c / chunks).deinitialize(count: m >= 0 ? m : -1 - m) }
            damaged = true
            count = 0
        }
        return damaged ? nil : all
    }

    /// Where the decoding chunks put their articles; each writes only its own range.
    private struct ArticleSlots: @unchecked Sendable {
        let base: UnsafeMutablePointer<Article>?
    }

    /// The texts block written by `Encoding.texts`, used where it lies in the reader's bytes.
    static func texts(_ r: inout BinaryReader) -> ArticleTexts? {
        guard let n = r.u32(), Int(n) < r.remaining / 8 else { return nil }
        var starts: [Int] = []
        starts.reserveCapacity(Int(n) + 1)
        for _ in 0...n {
            guard let s = r.u64(), s <= UInt64(r.remaining), s >= UInt64(starts.last ?? 0) else { return nil }
            starts.append(Int(s))
        }
        guard starts[0] == 0, starts[Int(n)] <= r.remaining, let base = r.source.raw.baseAddress else { return nil }
        // Read in place from the mapping, as the postings are. They were copied into fresh
        // memory of 2 MB pages for faster scans; on this VM the kernel's clearing of those
        // 500 MB of fresh pages was half of a second start at 500 MB (perf), and the scans no
        // longer read most texts (`LocatedRegex`): a scan of every text, `/[0-9]+(个|家)/`,
        // takes the same 37 ms from the mapping.
        let texts = ArticleTexts(base: (base + r.offset).assumingMemoryBound(to: UInt8.self), starts: starts, owner: r.source)
        r.offset += starts[Int(n)]
        return texts
    }

    /// Article `k`'s record; its text is text `k` of `texts`, its repeating values in `shared`.
    static func article(_ r: inout BinaryReader, texts: ArticleTexts, _ k: Int, _ shared: RestoredValues) -> Article? {
        guard let id = r.string(), let docIndex = r.i64(), let doc = shared.string(&r), let ordinal = r.i64(),
              let title = r.string(), let derived = r.bool(), let subtitle = r.optional(), let column = r.optional(),
              let nb = r.u32(), Int(nb) <= r.remaining / 4 else { return nil }
        var byline: [String] = []
        byline.reserveCapacity(Int(nb))
        for _ in 0..<nb {
            guard let s = shared.string(&r) else { return nil }
            byline.append(s)
        }
        guard let nc = r.u32(), Int(nc) <= r.remaining / 8 else { return nil }
        var credits: [Credit] = []
        credits.reserveCapacity(Int(nc))
        for _ in 0..<nc {
            guard let kind = shared.string(&r).flatMap(CreditKind.init(rawValue:)), let text = r.string() else { return nil }
            credits.append(Credit(kind: kind, text: text))
        }
        guard let continued = r.bool(), let first = r.i64(), let last = r.i64(),
              let ts = r.i32s(), let os = r.i32s(), ts.count == os.count else { return nil }
        var a = Article(id: id, docIndex: docIndex, doc: doc, ordinal: ordinal, title: title, titleDerived: derived,
                        subtitle: subtitle, column: column, byline: byline, credits: credits, continued: continued,
                        firstLine: first, lastLine: last, text: "", offsets: OffsetMap(textStarts: ts, originStarts: os))
        a.textSource = .shared(texts, k)
        guard let nau = r.u32(), Int(nau) <= r.remaining / 4 else { return nil }
        a.authors.reserveCapacity(Int(nau))
        for _ in 0..<nau {
            guard let x = shared.author(&r) else { return nil }
            a.authors.append(x)
        }
        guard let nr = r.u32(), Int(nr) <= r.remaining / 4 else { return nil }
        a.regions.reserveCapacity(Int(nr))
        for _ in 0..<nr {
            guard let x = shared.region(&r) else { return nil }
            a.regions.append(x)
        }
        // Figures and dates point into the text by scalar offsets, checked against its length
        // (only a forged cache holds others; they would index past the text when shown).
        guard let nfig = r.u32(), Int(nfig) <= r.remaining / 35 else { return nil }
        let n = texts.withBytes(k) { ScalarCount.of($0) }
        a.figures.reserveCapacity(Int(nfig))
        for _ in 0..<nfig {
            guard let t = r.string(), let v = r.double(), let u = r.u8(), Int(u) < shared.unitCodes.count,
                  let q: Figure.Qualifier? = CaseCode.value(r.u8()), let s = r.i64(), let e = r.i64(),
                  let kind: Figure.Kind? = CaseCode.value(r.u8()), let thing = shared.optional(&r),
                  s >= 0, s <= e, e <= n else { return nil }
            a.figures.append(Figure(text: t, value: v, unitCode: shared.unitCodes[Int(u)], qualifier: q, start: s, end: e, kind: kind, thing: thing))
        }
        guard let nd = r.u32(), Int(nd) <= r.remaining / 25 else { return nil }
        a.dates.reserveCapacity(Int(nd))
        for _ in 0..<nd {
            guard let t = r.string(), let iso = r.string(), let s = r.i64(), let e = r.i64(), let y = r.bool(),
                  s >= 0, s <= e, e <= n else { return nil }
            a.dates.append(DateMention(text: t, iso: iso, start: s, end: e, yearInferred: y))
        }
        return a
    }

    static func fields(_ r: inout BinaryReader) -> FieldIndexes? {
        var maps: [[String: [UInt32]]] = []
        for _ in 0..<4 {
            guard let n = r.u32(), Int(n) <= r.remaining else { return nil }
            var d: [String: [UInt32]] = [:]
            d.reserveCapacity(Int(n))
            for _ in 0..<n {
                guard let k = r.string(), let v = r.u32s() else { return nil }
                d[k] = v
            }
            maps.append(d)
        }
        guard let nu = r.u32(), Int(nu) <= r.remaining else { return nil }
        var figures: [String: [FieldIndexes.FigureEntry]] = [:]
        for _ in 0..<nu {
            guard let unit = r.string(), let n = r.u32(), Int(n) <= r.remaining / 13 else { return nil }
            var list: [FieldIndexes.FigureEntry] = []
            list.reserveCapacity(Int(n))
            for _ in 0..<n {
                guard let v = r.double(), let a = r.u32(), let q: Figure.Qualifier? = CaseCode.value(r.u8()) else { return nil }
                list.append((v, a, q))
            }
            figures[unit] = list
        }
        guard let titles = r.strings() else { return nil }
        return FieldIndexes(regionCodes: maps[0], regionNames: maps[1], authorKeys: maps[2], units: maps[3], figures: figures, titles: titles)
    }

    /// Article sets of `articles` articles, checked (`ArticleSets.isValid`).
    static func articleSets(_ r: inout BinaryReader, articles: Int) -> ArticleSets? {
        guard let lists = postings(&r), let dense = r.u32s(), let bits = r.alignedWords() else { return nil }
        let sets = ArticleSets(lists: lists, denseKeys: dense, bits: bits, articleCount: articles)
        return sets.isValid(articles: articles) ? sets : nil
    }

    static func postings(_ r: inout BinaryReader) -> Postings? {
        guard let keys = r.u32s(), let starts = r.u32s(), let ids = r.alignedWords(),
              starts.count == keys.count + 1, starts.last.map({ Int($0) == ids.count }) ?? false,
              zip(starts, starts.dropFirst()).allSatisfy({ $0 <= $1 }) else { return nil }
        return Postings(keys: keys, starts: starts, ids: ids)
    }
}

/// A value of a small closed set, or none, as one byte: 0 for none, else 1 + its place among
/// the cases — how the cache writes a figure's qualifier and kind (a new case, or a new order,
/// means a new `IndexCache.version`).
enum CaseCode {
    static func of<T: CaseIterable & Equatable>(_ v: T?) -> UInt8 where T.AllCases == [T] {
        v.map { UInt8(T.allCases.firstIndex(of: $0)! + 1) } ?? 0
    }

    /// `.some(nil)` for 0; nil for a byte past the cases (a damaged cache) or none read.
    static func value<T: CaseIterable>(_ code: UInt8?) -> T?? where T.AllCases == [T] {
        guard let code, Int(code) <= T.allCases.count else { return nil }
        return code == 0 ? .some(nil) : .some(T.allCases[Int(code) - 1])
    }
}
