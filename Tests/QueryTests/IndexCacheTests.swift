import Foundation
import Testing
import Query

/// The index cache: what it restores equals what a load builds, and a damaged or foreign
/// cache is detected — never trusted, never a crash.
struct IndexCacheTests {
    static func saved() throws -> (path: String, bytes: [UInt8], fingerprint: UInt64, dir: URL) {
        let dir = temporaryFolder()
        let path = dir.appendingPathComponent("seeds.cache").path
        let fp = try IndexCache.fingerprint(seedsPath)
        try IndexCache.save(seedCorpus, index: CorpusIndex(articles: seedCorpus.articles), fingerprint: fp, to: path)
        return (path, [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), fp, dir)
    }

    @Test func restoresWhatALoadBuilds() throws {
        let (path, _, fp, dir) = try Self.saved()
        defer { try? FileManager.default.removeItem(at: dir) }
        guard case .success(let (corpus, index)) = IndexCache.load(path, fingerprint: fp) else {
            Issue.record("cache not loaded")
            return
        }
        #expect(corpus.articles.map(ArticleJSON.line) == seedCorpus.articles.map(ArticleJSON.line))
        #expect(corpus.report.summary == seedCorpus.report.summary)
        let cached = QueryEngine(index: index)
        // Every index the cache stores: pairs, characters, positions, each field index.
        for q in ["党建", "营商环境", "/[0-9.]+亿元/", "region:荆州市 figure:>=1亿元", "author:通讯员", "near(党建, 引领, 5)", "量子计算机",
                  "党", "unit:个", "title:党建", "author:记者", "region:东苑社区", "figure:10..500家", "figure:>3000万元 -region:沙市区"] {
            let expected = try seedEngine.run(q).articles
            #expect(try cached.run(q).articles == expected, "\(q)")
            #expect(!expected.isEmpty || q == "量子计算机", "\(q) finds nothing on the seeds: the comparison proves little")
        }
        // The pair positions' fingerprints come back with their width: the same candidates
        // are left, and the same articles found, as the built index leaves and finds.
        let built = seedEngine.index
        for phrase in ["共同缔造", "营商环境", "党建引领", "我们的党建", "全面从严治党"] {
            let restored = index.phraseDriver(phrase), fresh = built.phraseDriver(phrase)
            #expect(restored?.pair == fresh?.pair && restored?.candidates == fresh?.candidates, "\(phrase)")
            #expect(index.articles(containing: phrase) == built.articles(containing: phrase), "\(phrase)")
        }
    }

    /// A cache larger than the writer's buffer goes to the file in pieces, its big arrays
    /// straight from their storage, the checksum computed on the way: 260 copies of the seeds
    /// (a cache of ≈ 11 MB, several of the writer's 4 MB pieces, with pair positions larger
    /// than one) must come back as they were built.
    @Test func largeCacheIsWrittenInPiecesAndRestored() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let corpusDir = dir.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpusDir, withIntermediateDirectories: true)
        let seeds = try FileManager.default.contentsOfDirectory(atPath: seedsPath).sorted()
        for k in 0..<260 {
            // Each copy a little different (an odd number of bytes more), so that no two
            // records or arrays line up alike.
            let seed = try Data(contentsOf: URL(fileURLWithPath: seedsPath).appendingPathComponent(seeds[k % seeds.count]))
            write(Array("第\(k)期\n".utf8) + [UInt8](seed), to: corpusDir.appendingPathComponent("copy-\(k).txt"))
        }
        let corpus = try CorpusLoader.load(corpusDir.path)
        let built = CorpusIndex(articles: corpus.articles)
        let fp = try IndexCache.fingerprint(corpusDir.path)
        let path = dir.appendingPathComponent("big.cache").path
        try IndexCache.save(corpus, index: built, fingerprint: fp, to: path)
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let piece = 4 << 20  // the writer's (CacheWriter.flushSize)
        #expect(size > 2 * piece, "the cache is \(size) bytes: too small to need pieces")
        let positions = built.sizes.first { $0.part == "pair positions" }?.bytes ?? 0
        #expect(positions > piece, "pair positions of \(positions) bytes fit one piece")
        guard case .success(let (restored, index)) = IndexCache.load(path, fingerprint: fp) else {
            Issue.record("the large cache was not restored")
            return
        }
        #expect(restored.articles.map(ArticleJSON.line) == corpus.articles.map(ArticleJSON.line))
        #expect(index.sizes.map(\.bytes) == built.sizes.map(\.bytes))
        let a = QueryEngine(index: index), b = QueryEngine(index: built)
        for q in ["党建", "营商环境", "我们的党建", "/[0-9.]+亿元/", "region:荆州市 figure:>=1亿元", "author:记者", "title:党建", "第259期"] {
            #expect(try a.run(q).articles == b.run(q).articles, "\(q)")
        }
    }

    @Test func damagedOrForeignCachesAreRefused() throws {
        let (_, bytes, fp, dir) = try Self.saved()
        defer { try? FileManager.default.removeItem(at: dir) }
        func failure(_ b: [UInt8], _ f: UInt64 = 0) -> IndexCache.Failure? {
            if case .failure(let e) = IndexCache.decode(b, fingerprint: f == 0 ? fp : f) { return e }
            return nil
        }
        #expect(failure(Array(bytes.prefix(bytes.count - 1))) == .truncated)
        #expect(failure(Array(bytes.prefix(20))) == .truncated)
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x40
        #expect(failure(flipped) == .checksum)
        var version = bytes
        version[8] = 99
        #expect(failure(version) == .version(99))
        #expect(failure(bytes, fp &+ 1) == .otherCorpus)
        #expect(failure(Array("not a cache at all".utf8)) == .notACache)
        #expect(failure([]) == .notACache)
        // Every length cut short, and random damage past the header: refused, never a crash.
        for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 300)) {
            #expect(failure(Array(bytes.prefix(cut))) != nil)
        }
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<100 {
            var damaged = bytes
            for _ in 0..<4 { damaged[Int.random(in: 36..<damaged.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng) }
            _ = IndexCache.decode(damaged, fingerprint: fp)  // any result but a crash
        }
    }

    /// The articles' texts are used where they lie in the mapped file, not validated on the way
    /// in: a cache forged with bytes that are not UTF-8 in a text (its checksum made to match)
    /// loads, shows U+FFFD there, and searches it without a crash.
    @Test func textsThatAreNotUTF8AreRepairedNotTrusted() throws {
        let (_, bytes, fp, dir) = try Self.saved()
        defer { try? FileManager.default.removeItem(at: dir) }
        let k = seedCorpus.articles.indices.max { seedCorpus.articles[$0].text.utf8.count < seedCorpus.articles[$1].text.utf8.count }!
        let text = Array(seedCorpus.articles[k].text.utf8)
        var middle = text.count / 2
        while text[middle] & 0xC0 == 0x80 { middle += 1 }  // a character's first byte
        let probe = Array(text[middle..<(middle + 30)])
        guard let at = (36..<(bytes.count - probe.count)).first(where: { bytes[$0..<($0 + probe.count)].elementsEqual(probe) }) else {
            Issue.record("the text is not in the cache's bytes")
            return
        }
        var forged = bytes
        for j in 0..<probe.count { forged[at + j] = 0xFF }
        let sum = IndexCache.checksum(Array(forged[36...]))
        withUnsafeBytes(of: sum.littleEndian) { for j in 0..<8 { forged[28 + j] = $0[j] } }
        guard case .success(let (corpus, index)) = IndexCache.decode(forged, fingerprint: fp) else {
            Issue.record("the forged cache was refused: its checksum should match")
            return
        }
        #expect(corpus.articles[k].text.contains("\u{FFFD}"))
        let engine = QueryEngine(index: index)
        for q in ["党建", "营商环境", "/[0-9.]+亿元/", "/.+/", "near(党建, 引领, 5)"] {
            _ = try engine.run(q)  // any result but a crash
        }
        // The rest of the article reads as before, around the repaired bytes.
        let kept = String(decoding: text[..<middle], as: UTF8.self)
        #expect(corpus.articles[k].text.hasPrefix(kept))
    }

    /// A character's bitmap with a bit past the last article (a cache forged, its checksum made
    /// to match) would name an article that does not exist: the cache is refused.
    @Test func bitmapsNamingNoArticleAreRefused() throws {
        let (_, bytes, fp, dir) = try Self.saved()
        defer { try? FileManager.default.removeItem(at: dir) }
        // On the seeds (26 articles) every character is in one article in 32 or more, so each
        // has a bitmap of one word; the bitmaps follow the keys, in code point order.
        let n = seedCorpus.articles.count
        #expect(n % 32 != 0)
        let keys = Set(seedCorpus.articles.flatMap { $0.text.unicodeScalars.map(\.value).filter { $0 < 0x10000 } }).sorted()
        var block: [UInt8] = []
        for k in keys { withUnsafeBytes(of: k.littleEndian) { block += $0 } }
        guard let at = (36..<(bytes.count - block.count)).first(where: { bytes[$0..<($0 + block.count)].elementsEqual(block) }) else {
            Issue.record("the character keys are not in the cache's bytes")
            return
        }
        var first = at + block.count + 4  // the bitmaps' word count
        first += (4 - (first - 36) % 4) % 4  // aligned in the payload
        #expect(bytes[(at + block.count)..<(at + block.count + 4)].elementsEqual(withUnsafeBytes(of: UInt32(keys.count).littleEndian) { Array($0) }))
        var forged = bytes
        forged[first + 3] |= 0x80  // bit 31 of the first character's bitmap: article 31
        let sum = IndexCache.checksum(Array(forged[36...]))
        withUnsafeBytes(of: sum.littleEndian) { for j in 0..<8 { forged[28 + j] = $0[j] } }
        guard case .failure(let f) = IndexCache.decode(forged, fingerprint: fp) else {
            Issue.record("a bitmap naming article 31 of 26 was trusted")
            return
        }
        #expect(f == .truncated)
        // Bit 25 of the same word, article 25, is a set's business and loads: the word is a
        // bitmap's, not a count or a key.
        var valid = bytes
        valid[first + 3] |= 0x02
        let validSum = IndexCache.checksum(Array(valid[36...]))
        withUnsafeBytes(of: validSum.littleEndian) { for j in 0..<8 { valid[28 + j] = $0[j] } }
        if case .failure(let e) = IndexCache.decode(valid, fingerprint: fp) { Issue.record("a bitmap naming article 25 was refused: \(e)") }
    }

    /// The pair positions' fingerprint width follows their article starts and checkpoints in
    /// the cache: a width the positions cannot leave free (past what their end allows, or odd)
    /// would misread every word, and is refused — forged with the checksum made to match.
    @Test func impossibleFingerprintWidthsAreRefused() throws {
        let (_, bytes, fp, dir) = try Self.saved()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The article starts as the cache writes them: a count, then each article's first
        // position (articles end to end, one empty position between them).
        var starts: [UInt32] = [0]
        for a in seedCorpus.articles { starts.append(starts.last! + UInt32(a.text.unicodeScalars.count) + 1) }
        var block: [UInt8] = []
        for v in [UInt32(starts.count)] + starts { withUnsafeBytes(of: v.littleEndian) { block += $0 } }
        guard let at = (36..<(bytes.count - block.count)).first(where: { bytes[$0..<($0 + block.count)].elementsEqual(block) }) else {
            Issue.record("the article starts are not in the cache's bytes")
            return
        }
        func u32(_ o: Int) -> UInt32 { bytes[o..<(o + 4)].reversed().reduce(0) { $0 << 8 | UInt32($1) } }
        let checkpoints = at + block.count
        #expect(u32(checkpoints) == starts.last! / 64 + 1)
        let width = checkpoints + 4 + 4 * Int(u32(checkpoints))
        #expect(u32(width) == 8)  // the seeds' positions leave 8 bits and more
        func decoded(_ f: UInt32) -> IndexCache.Failure? {
            var forged = bytes
            withUnsafeBytes(of: f.littleEndian) { for j in 0..<4 { forged[width + j] = $0[j] } }
            let sum = IndexCache.checksum(Array(forged[36...]))
            withUnsafeBytes(of: sum.littleEndian) { for j in 0..<8 { forged[28 + j] = $0[j] } }
            if case .failure(let e) = IndexCache.decode(forged, fingerprint: fp) { return e }
            return nil
        }
        #expect(decoded(10) == .truncated)
        #expect(decoded(7) == .truncated)
        #expect(decoded(8) == nil)
    }

    /// A figure's unit is a number in the records, named by the unit table the cache writes
    /// once: a table with a unit this build does not know is refused, and the records are
    /// read through the table — two names swapped there swap those units of every figure
    /// (forged, the checksum made to match).
    @Test func figureUnitsAreReadThroughTheirTable() throws {
        let (_, bytes, fp, dir) = try Self.saved()
        defer { try? FileManager.default.removeItem(at: dir) }
        var block: [UInt8] = []
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { block += $0 } }
        u32(Figure.unitNames.count)
        var offsets: [String: Int] = [:]
        for name in Figure.unitNames {
            u32(name.utf8.count)
            offsets[name] = block.count
            block += Array(name.utf8)
        }
        guard let at = (36..<(bytes.count - block.count)).first(where: { bytes[$0..<($0 + block.count)].elementsEqual(block) }) else {
            Issue.record("the unit table is not in the cache's bytes")
            return
        }
        func decoded(_ replace: [(String, String)]) -> Result<(Corpus, CorpusIndex), IndexCache.Failure> {
            var forged = bytes
            for (old, new) in replace {
                #expect(old.utf8.count == new.utf8.count)
                for (j, b) in new.utf8.enumerated() { forged[at + offsets[old]! + j] = b }
            }
            let sum = IndexCache.checksum(Array(forged[36...]))
            withUnsafeBytes(of: sum.littleEndian) { for j in 0..<8 { forged[28 + j] = $0[j] } }
            return IndexCache.decode(forged, fingerprint: fp)
        }
        guard case .failure(let f) = decoded([("平方公里", "平方英里")]) else {
            Issue.record("a unit table naming 平方英里 was trusted")
            return
        }
        #expect(f == .truncated)
        guard case .success(let (corpus, _)) = decoded([("元", "人"), ("人", "元")]) else {
            Issue.record("a table with two units swapped was refused")
            return
        }
        let built = seedCorpus.articles.flatMap(\.figures).map(\.unit)
        let swapped = built.map { $0 == "元" ? "人" : $0 == "人" ? "元" : $0 }
        #expect(built.contains("元") && built.contains("人"))
        #expect(corpus.articles.flatMap(\.figures).map(\.unit) == swapped)
    }

    @Test func fingerprintFollowsTheFiles() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("page.txt")
        try "沙市区召开会议。".write(to: file, atomically: true, encoding: .utf8)
        let a = try IndexCache.fingerprint(dir.path)
        #expect(try IndexCache.fingerprint(dir.path) == a)
        try "沙市区召开会议,研究部署。".write(to: file, atomically: true, encoding: .utf8)
        let b = try IndexCache.fingerprint(dir.path)
        #expect(b != a)
        try "另一篇。".write(to: dir.appendingPathComponent("more.txt"), atomically: true, encoding: .utf8)
        let c = try IndexCache.fingerprint(dir.path)
        #expect(c != b)
        // Same size, other text: only the modification time tells.
        try "沙市区召开会议,研究部属。".write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_000_000)], ofItemAtPath: file.path)
        #expect(try IndexCache.fingerprint(dir.path) != c)
    }
}
