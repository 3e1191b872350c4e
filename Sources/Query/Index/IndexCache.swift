import Foundation

/// The built corpus and its keyword postings saved to a file, so that a second start on the
/// same corpus skips decoding, segmentation, extraction and the postings build.
///
/// Format: magic `CEXCACHE`, format version, a fingerprint of the corpus (every file's relative
/// name, size and modification time, and the build of this program), the payload length, a
/// 64-bit checksum of the payload, then the payload. A cache whose magic, version, fingerprint,
/// length or checksum does not match — truncated, corrupted, foreign — is ignored and rebuilt,
/// never trusted; the reader checks every length against the bytes left, so no input crashes it.
/// Written to a temporary file and renamed, so a crash never leaves half a cache.
public enum IndexCache {
    static let magic = Array("CEXCACHE".utf8)
    static let version: UInt32 = 11

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case missing, notACache, version(UInt32), otherCorpus, truncated, checksum
        public var description: String {
            switch self {
            case .missing: return "no cache"
            case .notACache: return "not a cache file"
            case .version(let v): return "cache format \(v), expected \(IndexCache.version)"
            case .otherCorpus: return "cache of another corpus or an older state of it"
            case .truncated: return "cache truncated"
            case .checksum: return "cache checksum mismatch"
            }
        }
    }

    /// Where the cache of a corpus folder lives: `$EXPLORER_CACHE_DIR`, else
    /// `$XDG_CACHE_HOME/corpus-explorer`, else `~/.cache/corpus-explorer`; one file per folder.
    public static func path(for corpus: String) -> String? {
        let env = ProcessInfo.processInfo.environment
        let dir: String
        if let d = env["EXPLORER_CACHE_DIR"], !d.isEmpty { dir = d }
        else if let x = env["XDG_CACHE_HOME"], !x.isEmpty { dir = x + "/corpus-explorer" }
        else if let h = env["HOME"], !h.isEmpty { dir = h + "/.cache/corpus-explorer" }
        else { return nil }
        let absolute = URL(fileURLWithPath: corpus).standardizedFileURL.path
        return dir + "/" + String(nameHash(Array(absolute.utf8)), radix: 16) + ".cache"
    }

    /// A hash of every corpus file's name, size and modification time (and this program's
    /// build): any change to the corpus gives another fingerprint.
    public static func fingerprint(_ corpus: String) throws -> UInt64 {
        let (files, skipped) = try CorpusLoader.listFiles(corpus)
        var w = BinaryWriter()
        w.string(Bundle.main.executablePath.flatMap { try? FileManager.default.attributesOfItem(atPath: $0)[.modificationDate] as? Date }.map { "\($0.timeIntervalSince1970)" } ?? "")
        for f in files {
            w.string(f.name)
            w.u64(UInt64(f.size))
            w.u64(f.modified)
        }
        for s in skipped { w.string(s.path + s.reason) }
        return checksum(w.bytes)
    }

    /// Streams the cache to a temporary file (a few megabytes of memory whatever its size),
    /// fills in the header's length and checksum, and renames it into place.
    public static func save(_ corpus: Corpus, index: CorpusIndex, fingerprint: UInt64, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let temp = path + ".tmp-\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
        func header(length: Int, checksum: UInt64) -> [UInt8] {
            var h = BinaryWriter()
            h.raw(magic)
            h.u32(version)
            h.u64(fingerprint)
            h.u64(UInt64(length))
            h.u64(checksum)
            return h.bytes
        }
        var ok = header(length: 0, checksum: 0).withUnsafeBytes { FileIO.writeAll(fd, $0) }
        var w = BinaryWriter(streamingTo: fd)
        Encoding.corpusHead(corpus, &w)
        Encoding.articleSets(index.unigrams, &w)
        w.u32(UInt32(index.wideBigrams.count))
        for (k, v) in index.wideBigrams.sorted(by: { $0.key < $1.key }) { w.u64(k); w.u32s(v) }  // in key order, as every part is (see `Encoding.byKey`)
        // Pair positions, or (a corpus past 32-bit positions) the article-level pair postings.
        w.bool(index.positions != nil)
        if let pp = index.positions {
            Encoding.postings(pp.postings, &w)
            Encoding.articleSets(pp.frequent, &w)
            w.u32s(pp.articleStarts)
            w.u32s(pp.checkpoints)
            w.u32(pp.fingerprintBits)
        } else if let b = index.bigrams {
            Encoding.postings(b, &w)
        }
        Encoding.fields(index.fields, &w)
        Encoding.texts(index.texts, &w)
        Encoding.articles(corpus.articles, &w)
        if let (length, sum) = w.finish() {
            ok = ok && header(length: length, checksum: sum).withUnsafeBytes { FileIO.writeAll(fd, $0, at: 0) }
        } else {
            ok = false
        }
        guard close(fd) == 0, ok, rename(temp, path) == 0 else {
            unlink(temp)
            throw CocoaError(.fileWriteUnknown)
        }
    }

    /// The cache at `path`, memory-mapped and decoded. The mapping lives as long as the index:
    /// its postings are read in place.
    public static func load(_ path: String, fingerprint: UInt64) -> Result<(Corpus, CorpusIndex), Failure> {
        guard let bytes = ReadableBytes(mapping: path) else { return .failure(.missing) }
        return decode(BinaryReader(bytes), fingerprint: fingerprint)
    }

    /// Decodes a cache file's bytes; any mismatch or damage is a `Failure`, never a crash.
    public static func decode(_ bytes: [UInt8], fingerprint: UInt64) -> Result<(Corpus, CorpusIndex), Failure> {
        decode(BinaryReader(bytes), fingerprint: fingerprint)
    }

    static func decode(_ reader: BinaryReader, fingerprint: UInt64) -> Result<(Corpus, CorpusIndex), Failure> {
        var r = reader
        guard let m = r.raw(magic.count), m == magic else { return .failure(.notACache) }
        guard let v = r.u32() else { return .failure(.truncated) }
        guard v == version else { return .failure(.version(v)) }
        guard let fp = r.u64(), let length = r.u64(), let sum = r.u64() else { return .failure(.truncated) }
        guard fp == fingerprint else { return .failure(.otherCorpus) }
        guard UInt64(r.remaining) == length else { return .failure(.truncated) }
        // The payload is read in place (no copy: at 500 MB each copy of the cache cost seconds).
        let payloadStart = r.offset
        // The checksum is computed on another core while the payload is decoded (the decoder
        // checks every length itself, so decoding a damaged payload is safe); nothing decoded
        // is used unless the checksum matches, and damage is reported as such.
        let checking = BackgroundBuild<UInt64>()
        let source = r.source
        checking.start { checksum(UnsafeRawBufferPointer(rebasing: source.raw[payloadStart...])) }
        let decoded = decodePayload(r, payloadStart: payloadStart)
        guard checking.wait() == sum else { return .failure(.checksum) }
        guard case .success(let (corpus, index, records)) = decoded else { return decoded.map { ($0.0, $0.1) } }
        // The mapping stays (the postings are read in place); the article records, decoded now,
        // need not stay in memory.
        source.dropPages(records)
        return .success((corpus, index))
    }

    private static func decodePayload(_ r: BinaryReader, payloadStart: Int) -> Result<(Corpus, CorpusIndex, Range<Int>), Failure> {
        var p = r
        guard let (head, n) = Decoding.corpusHead(&p),
              let unigrams = Decoding.articleSets(&p, articles: n),
              let wideCount = p.u32() else { return .failure(.truncated) }
        var wide: [UInt64: [UInt32]] = [:]
        for _ in 0..<wideCount {
            guard let k = p.u64(), let v = p.u32s() else { return .failure(.truncated) }
            wide[k] = v
        }
        // Article ids past the corpus would index out of bounds later; only a cache damaged in a
        // way its checksum missed (or forged) holds them, and it is refused like any other.
        guard wide.values.allSatisfy({ $0.allSatisfy { $0 < UInt32(n) } }) else { return .failure(.truncated) }
        guard let hasPositions = p.bool() else { return .failure(.truncated) }
        guard let pairs = Decoding.postings(&p) else { return .failure(.truncated) }
        var positions: (postings: Postings, fingerprintBits: UInt32, frequent: ArticleSets, checkpoints: [UInt32])?, bigrams: Postings?, starts: [UInt32]?
        if hasPositions {
            guard let frequent = Decoding.articleSets(&p, articles: n),
                  let s = p.u32s(), s.count == n + 1,
                  zip(s, s.dropFirst()).allSatisfy({ $0 < $1 }),
                  let checkpoints = p.u32s(), checkpoints.isEmpty || checkpoints.count == Int(s.last! >> PairPositions.checkpointShift) + 1,
                  let f = p.u32(), f <= PairPositions.fingerprintBits(end: s.last!), f % 2 == 0
            else { return .failure(.truncated) }
            positions = (pairs, f, frequent, checkpoints)
            starts = s
        } else {
            guard pairs.ids.allSatisfy({ $0 < UInt32(n) }) else { return .failure(.truncated) }
            bigrams = pairs
        }
        guard let fields = Decoding.fields(&p), fields.idsAreBelow(n), let texts = Decoding.texts(&p),
              let (articles, records) = Decoding.articles(p, payloadStart: payloadStart, count: n, documents: head.documents.count, texts: texts) else {
            return .failure(.truncated)
        }
        var corpus = head
        corpus.articles = articles
        let stored = CorpusIndex.Stored(bigrams: bigrams, unigrams: unigrams, wide: wide, positions: positions, articleStarts: starts, fields: fields, texts: texts)
        let index = CorpusIndex(articles: corpus.articles, stored: stored)
        return .success((corpus, index, records))
    }

    /// 64-bit multiply–xor hash over 8-byte words, the length mixed in last (so that a writer
    /// can compute it while streaming): fast enough for gigabytes. See `Checksum`.
    public static func checksum(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { checksum($0) }
    }

    static func checksum(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        var c = Checksum()
        let whole = raw.count & ~7
        c.add(words: UnsafeRawBufferPointer(rebasing: raw[0..<whole]))
        return c.final(tail: UnsafeRawBufferPointer(rebasing: raw[whole...]))
    }

    /// The cache's file name for a corpus folder: a hash of its path (the checksum's first
    /// form, kept so that caches keep their names across format versions).
    static func nameHash(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { raw in
            var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(raw.count)
            let words = raw.count / 8
            for k in 0..<words {
                h = (h ^ raw.loadUnaligned(fromByteOffset: k * 8, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
                h ^= h >> 29
            }
            for k in (words * 8)..<raw.count { h = (h ^ UInt64(raw[k])) &* 0x100_0000_01B3 }
            return h
        }
    }
}

#if _endian(big)
#error("the index cache is little-endian: BinaryReader.words copies words as they are")
#endif

/// Bytes a `BinaryReader` reads: a memory-mapped cache file, or a copy of an array.
/// `@unchecked Sendable`: read-only after init; unmapped or freed only when the last reader
/// (and so every thread decoding from it) is gone.
final class ReadableBytes: @unchecked Sendable {
    let raw: UnsafeRawBufferPointer
    private let mapped: Bool

    init(copying bytes: [UInt8]) {
        let p = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, bytes.count), alignment: 16)
        bytes.withUnsafeBytes { p.copyMemory(from: $0) }
        raw = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(p)[0..<bytes.count])
        mapped = false
    }

    /// The file mapped read-only and paged in at once (`MAP_POPULATE`): its pages are the page
    /// cache's own, so nothing is copied and no fresh memory is touched — on this machine a
    /// read into new memory spent most of a second start in the kernel clearing pages.
    init?(mapping path: String) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_size > 0 else { return nil }
        let size = Int(st.st_size)
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0), p != MAP_FAILED else { return nil }
        raw = UnsafeRawBufferPointer(start: p, count: size)
        mapped = true
    }

    /// Gives back the pages of a range no longer needed (a mapping only; it is read-only and
    /// private, so a later read would just page the file in again).
    func dropPages(_ range: Range<Int>) {
        guard mapped, let base = raw.baseAddress else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let from = (Int(bitPattern: base) + range.lowerBound + page - 1) / page * page
        let to = (Int(bitPattern: base) + range.upperBound) / page * page
        guard to > from else { return }
        _ = madvise(UnsafeMutableRawPointer(bitPattern: from), to - from, MADV_DONTNEED)
    }

    deinit {
        if mapped {
            munmap(UnsafeMutableRawPointer(mutating: raw.baseAddress), raw.count)
        } else {
            UnsafeMutableRawPointer(mutating: raw.baseAddress)?.deallocate()
        }
    }
}

/// Reader that checks every length against what is left: a damaged file yields nil.
struct BinaryReader: Sendable {
    let source: ReadableBytes
    var offset = 0
    init(_ b: [UInt8]) { source = ReadableBytes(copying: b) }
    init(_ source: ReadableBytes) { self.source = source }
    var count: Int { source.raw.count }
    var remaining: Int { count - offset }

    mutating func raw(_ n: Int) -> [UInt8]? {
        guard n >= 0, n <= remaining else { return nil }
        defer { offset += n }
        return Array(UnsafeRawBufferPointer(rebasing: source.raw[offset..<(offset + n)]))
    }
    mutating func u8() -> UInt8? { guard remaining >= 1 else { return nil }; defer { offset += 1 }; return source.raw[offset] }
    mutating func u32() -> UInt32? {
        guard remaining >= 4 else { return nil }
        defer { offset += 4 }
        return UInt32(littleEndian: source.raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
    mutating func u64() -> UInt64? {
        guard remaining >= 8 else { return nil }
        defer { offset += 8 }
        return UInt64(littleEndian: source.raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
    mutating func i64() -> Int? { u64().map { Int(Int64(bitPattern: $0)) } }
    mutating func double() -> Double? { u64().map(Double.init(bitPattern:)) }
    mutating func bool() -> Bool? { u8().map { $0 != 0 } }
    mutating func string() -> String? {
        guard let n = u32(), Int(n) <= remaining else { return nil }
        defer { offset += Int(n) }
        // Decoded, not validated: invalid bytes (only a forged cache could hold them, its
        // checksum made to match) become U+FFFD; `String(validating:)` looked up generic
        // metadata on every call, a tenth of the articles' decoding.
        let bytes = UnsafeRawBufferPointer(rebasing: source.raw[offset..<(offset + Int(n))])
        return String(decoding: bytes.bindMemory(to: UInt8.self), as: UTF8.self)
    }
    mutating func optional() -> String?? {
        guard let present = bool() else { return nil }
        if !present { return .some(nil) }
        guard let s = string() else { return nil }
        return .some(s)
    }
    mutating func strings() -> [String]? {
        guard let n = u32(), Int(n) <= remaining / 4 else { return nil }
        var out: [String] = []
        for _ in 0..<n { guard let s = string() else { return nil }; out.append(s) }
        return out
    }
    mutating func u32s() -> [UInt32]? {
        guard let n = u32(), Int(n) <= remaining / 4 else { return nil }
        return words(Int(n), as: UInt32.self)
    }
    /// Words written by `BinaryWriter.alignedWords`, used where they lie (no copy).
    mutating func alignedWords() -> Words? {
        guard let n = u32() else { return nil }
        let pad = (4 - offset % 4) % 4
        guard pad <= remaining, Int(n) <= (remaining - pad) / 4 else { return nil }
        offset += pad
        defer { offset += Int(n) * 4 }
        return Words(mapped: source, byteOffset: offset, count: Int(n))
    }
    mutating func i32s() -> [Int32]? {
        guard let n = u32(), Int(n) <= remaining / 4 else { return nil }
        return words(Int(n), as: Int32.self)
    }

    /// `n` little-endian 4-byte words copied straight from the file's bytes (one memcpy; this
    /// machine, like every Swift Linux target, is little-endian).
    private mutating func words<T: FixedWidthInteger>(_ n: Int, as: T.Type) -> [T] {
        let start = offset
        offset += n * 4
        return [T](unsafeUninitializedCapacity: n) { buf, count in
            HugePages.advise(buf)
            UnsafeMutableRawBufferPointer(buf).copyMemory(from: UnsafeRawBufferPointer(rebasing: source.raw[start..<(start + n * 4)]))
            count = n
        }
    }
}
