import Foundation
import CStringSearch

/// Where each pair of adjacent characters occurs, by position: for every key `a << 16 | b` (two
/// BMP scalars), the sorted positions of its first character in the corpus, all articles laid
/// end to end with one empty position between them so that no pair spans two articles.
///
/// A phrase of n ≥ 3 characters is then answered exactly, without reading any text: a start
/// position s matches when each of its n − 1 pairs occurs at s + its offset. Starting from the
/// rarest pair's r positions, the pairs of a set covering every character are probed, rarer
/// first, by galloping search — O(r′ · log(n_pair / r′)) for the r′ candidates left — and the
/// other pairs only where a sample shows they filter (`phrasePairs`, `matchArticles`), candidate
/// by candidate, each match mapped to its article (`ArticleLocator`, O(1)) and the candidates
/// left in that article passed over. A phrase with a pair that
/// never occurs costs only the lookups. A two-character search reads its articles off its
/// pair's positions, bounded by `frequentPair` steps: a pair at least that common has its
/// article set kept (`frequent`: a bitmap, for a pair in one article in 32 or more), so that
/// 党建 costs reading a bitmap out, not 10⁵ steps.
///
/// Memory: 4 bytes a character of the corpus (≈ 1.3× the UTF-8 text of Chinese) plus 8 bytes a
/// distinct pair, plus the frequent pairs' sets — 14 MB at 500 MB (0.03×; as lists they took
/// 0.3×, and every pair's articles as lists 1.1×). The build counts (`build`): it needs no
/// more than the result and a table of pair counts. Positions are `UInt32`: a corpus of more
/// than 4 G characters gets no positional index (article-level pair postings instead, phrases
/// verified by a byte search).
///
/// Punctuation, spaces and line breaks (`isIndexed`) have no pairs here: a fifth of a Chinese
/// text's pairs hold one (，的 · 。在 · 、市), and a search for one is rare. A text with such a
/// character is answered from the pairs of its parts between them and verified by a byte
/// search (`CorpusIndex.TextPath.verifiedParts`).
///
/// Fingerprints: a corpus of fewer than 2^(32 − f) positions leaves f bits of each position's
/// word unused, and they carry, for free, a hash of the two characters after the pair (f / 2
/// bits each, `fingerprintBits`: 4 at 500 MB, 6 at 100 MB, 8 below 16 M characters) — a word
/// is `position << f | h(c₂) << f/2 | h(c₃)`, so the lists still ascend. A phrase's candidates
/// are first those of its driving pair whose fingerprint agrees with the phrase's next two
/// characters (a sequential scan), and every probe checks the probed pair's fingerprint as
/// well. 我们的党建's 们的 has 22,969 positions at 500 MB, 5,600 of them followed by 党: the
/// scan keeps 24 to probe (a hash's chance would keep a sixteenth), and absence is known in
/// 0.02 ms, where probing every position took 0.4. Memory: none; time: the build hashes each
/// character and writes each word two characters late, within the noise of a load.
public struct PairPositions: Sendable {
    let postings: Postings
    /// The low bits of each word of `postings.ids` that hold the fingerprint (0, 2, 4, 6 or 8);
    /// the position is the word shifted right by this.
    let fingerprintBits: UInt32
    /// Each article's first position, and the article of a position.
    let locator: ArticleLocator
    /// Position of each article's first character; one more entry closes the last article.
    var articleStarts: [UInt32] { locator.starts }
    /// The article sets of the pairs occurring at least `frequentPair` times (most as bitmaps).
    let frequent: ArticleSets
    /// Reading a pair's articles off this many positions costs ≈ 0.2 ms (≈ 5 ns a position).
    /// Chosen when the sets were lists: at 8,192 they took 0.7× the text at 500 MB, at 32,768
    /// 0.3× (as bitmaps now, 0.03×).
    static let frequentPair = 32768

    /// The byte offset, within its article's text, of every 64th position (`checkpointShift`),
    /// so that a position found in the index is found in the text by stepping over at most 63
    /// scalars, without reading the text before it (`byteOffset`). Empty when not built.
    /// 4 bytes every 64 characters: 10 MB at 500 MB.
    let checkpoints: [UInt32]
    static let checkpointShift: UInt32 = 6
    static let checkpointMask: UInt32 = (1 << checkpointShift) - 1

    /// Whether the pairs holding `u` are kept: a BMP scalar that is not punctuation, a space
    /// or a line break. The kept characters are Han, letters, digits, the signs that belong to
    /// numbers and names (`. % + - /` of 14.9亿元, 95.9%, 1+4+N, 2023-06, 1/3; the · of a
    /// foreign name) and other symbols (々 and 〇 of 二〇二三 too); the rest are ASCII
    /// punctuation (full-width punctuation is folded to it: , : ; ( ) ! ? " '), the General
    /// Punctuation block (— … ‰ ※) and the CJK punctuation (、 。 《 》 【 】 〔 〕 「 」).
    @inline(__always)
    static func isIndexed(_ u: UInt32) -> Bool {
        if u < 0x80 {
            switch u {
            case 0x0A, 0x20, 0x21...0x24, 0x26...0x2A, 0x2C, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: return false
            default: return true
            }
        }
        switch u {
        case 0x2010...0x205E, 0x3001...0x3003, 0x3008...0x3011, 0x3014...0x301F, 0xFF5F...0xFF64: return false
        default: return u < 0x10000
        }
    }

    /// Whether every pair of `needle` (two or more scalars) is kept.
    static func indexes(_ needle: [UInt32]) -> Bool { needle.allSatisfy(isIndexed) }

    init(postings: Postings, fingerprintBits: UInt32, frequent: ArticleSets, locator: ArticleLocator, checkpoints: [UInt32]) {
        self.checkpoints = checkpoints
        self.postings = postings
        self.fingerprintBits = fingerprintBits
        self.frequent = frequent
        self.locator = locator
    }

    /// The positions with their frequent pairs' article lists, read off them through `locator`.
    init(postings: Postings, fingerprintBits: UInt32, articleStarts: [UInt32], checkpoints: [UInt32]) {
        let locator = ArticleLocator(starts: articleStarts)
        let frequent = PairPositions.frequentArticles(postings, locator, shift: fingerprintBits)
        self.init(postings: postings, fingerprintBits: fingerprintBits, frequent: frequent, locator: locator, checkpoints: checkpoints)
    }

    /// The fingerprint bits a corpus whose positions end at `end` leaves free: even (half for
    /// each following character), at most 8.
    static func fingerprintBits(end: UInt32) -> UInt32 {
        let free = UInt32(end.leadingZeroBitCount)
        return min(8, free) & ~1
    }

    /// A character's share of a fingerprint: the top `bits` bits of a multiplicative hash
    /// (0 when `bits` is 0).
    @inline(__always)
    static func hash(_ u: UInt32, bits: UInt32) -> UInt32 {
        bits == 0 ? 0 : (u &* 0x9E37_79B1) &>> (32 &- bits)
    }

    /// Each article's start position, from its text's length in scalars; nil past 4 G.
    static func starts(_ texts: ArticleTexts) -> [UInt32]? {
        var starts: [UInt32] = []
        starts.reserveCapacity(texts.count + 1)
        var total: UInt64 = 0
        for k in 0..<texts.count {
            starts.append(UInt32(total))
            total += UInt64(texts.withBytes(k) { ScalarCount.of($0) }) + 1
            if total > UInt64(UInt32.max) { return nil }
        }
        starts.append(UInt32(total))
        return starts
    }

    /// Past this many distinct BMP characters the pair counts would take more than 256 MB.
    static let maxCountedCharacters = 8192

    /// The build for a corpus of very many distinct characters: every position as an entry
    /// `key << 32 | position`, sorted (16 bytes a character while it sorts).
    static func buildBySorting(_ texts: ArticleTexts, starts: [UInt32]) -> PairPositions {
        // At most one entry a position, written in place (no capacity check a character).
        var entries = [UInt64](unsafeUninitializedCapacity: Int(starts.last!)) { buf, count in
            HugePages.advise(buf)
            var n = 0
            for k in 0..<texts.count {
                var pos = UInt64(starts[k])
                var prev: UInt32 = .max
                texts.withBytes(k) { t in UTF8Scalars.forEach(t) { u in
                    if isIndexed(prev) && isIndexed(u) {
                        buf[n] = UInt64(prev << 16 | u) << 32 | (pos - 1)
                        n += 1
                    }
                    prev = u
                    pos += 1
                } }
            }
            count = n
        }
        // Appended in position order: sorting on the pair alone suffices.
        let postings = Postings(entries: &entries, ascendingLow: true)
        entries = []
        return PairPositions(postings: postings, fingerprintBits: 0, articleStarts: starts, checkpoints: [])
    }

    /// The article sets of the pairs with at least `frequentPair` positions (words shifted
    /// right by `shift` to a position), read off on every core (a second at 500 MB on one).
    static func frequentArticles(_ postings: Postings, _ locator: ArticleLocator, shift: UInt32) -> ArticleSets {
        let chosen = (0..<postings.keys.count).filter { Int(postings.starts[$0 + 1] - postings.starts[$0]) >= frequentPair }
        let chunks = chosen.count < 8 ? 1 : ProcessInfo.processInfo.activeProcessorCount * 4
        let articles = locator.starts.count - 1
        let results = ChunkResults<ArticleSets>(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            var sets = ArticleSets.Builder(articleCount: articles), run: [UInt32] = []
            for k in chosen[(chosen.count * c / chunks)..<(chosen.count * (c + 1) / chunks)] {
                run.removeAll(keepingCapacity: true)
                postings.ids.slice(Int(postings.starts[k])..<Int(postings.starts[k + 1])).withUnsafeBufferPointer {
                    locator.articles(of: $0, shift: shift, into: &run)
                }
                run.withUnsafeBufferPointer { sets.add(postings.keys[k], $0) }
            }
            results.set(c, sets.finish())
        }
        return ArticleSets(concatenating: results.values, articleCount: articles)
    }

    /// The articles whose text contains `needle`, exactly: three or more kept characters (`isIndexed`)
    /// (`CorpusIndex.path` sends only those here).
    func articles(containing needle: [UInt32]) -> [UInt32] {
        guard let lists = phrasePairs(needle) else { return [] }
        // A driver with many positions is read in parts on every core (each part probes the
        // other pairs and maps its matches to articles on its own): at 500 MB, 营商环境 reads
        // 85,000 positions of 营商, whose fingerprints all agree.
        // Several parts a core: a worker thread may wake a few hundred microseconds late, and
        // the calling thread should not be left with half the work when it does.
        let words = lists[0].positions.count
        let parts = PairPositions.driverCost(lists[0]) >= PairPositions.parallelProbe ? 4 * ProcessInfo.processInfo.activeProcessorCount : 1
        if parts == 1 { return matchArticles(0..<words, lists) }
        let results = ChunkResults<[UInt32]>(count: parts)
        DispatchQueue.concurrentPerform(iterations: parts) { c in
            results.set(c, matchArticles((words * c / parts)..<(words * (c + 1) / parts), lists))
        }
        var out: [UInt32] = []
        for part in results.values {
            // An article can hold matches on both sides of a split.
            out += part.first == out.last && !out.isEmpty ? part.dropFirst() : part[...]
        }
        return out
    }

    /// Above this many candidates (or their cost in probes, `driverCost`: 我们的党建's driver
    /// has 22,969 words to read and 24 candidates), a phrase is probed on every core (a
    /// parallel loop costs tens of microseconds to start).
    static let parallelProbe = 16_384

    /// The articles holding a match that starts at a candidate of the driver's words `range`
    /// (the first of `lists`: each word whose fingerprint agrees with the phrase, less its
    /// offset) and has every other pair of `lists` at its offset — candidate by candidate as the
    /// driver's words are read, each pair probed from where it stopped, and the candidates in
    /// an article already found passed over: the answer is articles, and 党的二十大's 313,000
    /// candidates at 500 MB lie in 111,000 of them (营商环境's 84,000 in 48,000). Filtering all
    /// candidates pair by pair, then mapping the matches to articles, probed every one.
    private func matchArticles(_ range: Range<Int>, _ lists: [PairList]) -> [UInt32] {
        let driver = lists[0], f = fingerprintBits, offset = driver.offset, mask = driver.mask, expected = driver.expected
        let first = driver.positions.range.lowerBound, probed = probedPairs(range, lists)
        return postings.ids.withUnsafeBufferPointer { all in
            let words = UnsafeBufferPointer(rebasing: all[(first + range.lowerBound)..<(first + range.upperBound)])
            let probes = probed.map { Probe(words: UnsafeBufferPointer(rebasing: all[$0.positions.range]), $0, fingerprintBits: f) }
            var cursors = [Int](repeating: 0, count: probes.count)
            return locator.withCursor { locate in
                cursors.withUnsafeMutableBufferPointer { at in
                    probes.withUnsafeBufferPointer { probes in
                        [UInt32](unsafeUninitializedCapacity: words.count) { buf, count in
                            var n = 0, end: UInt32 = 0  // where the article found last ends
                            nextCandidate: for w in words where w & mask == expected {
                                let p = w &>> f
                                guard p >= offset, p &- offset >= end else { continue }
                                let s = p &- offset
                                for j in 0..<probes.count {
                                    var i = at[j]
                                    let found = probes[j].matches(s, from: &i, f)
                                    at[j] = i
                                    if !found { continue nextCandidate }
                                }
                                guard let k = locate.article(of: s) else { break }
                                buf[n] = UInt32(k)
                                n += 1
                                end = locate.end
                            }
                            count = n
                        }
                    }
                }
            }
        }
    }

    /// The pairs of `lists` a phrase's candidates from the driver's words `range` are probed
    /// for: the covering ones, and the others where a sample of the first candidates shows
    /// they filter — when there are many (a driver with few leaves them all in, and its words
    /// are not read twice). Apart from the match's loop, which it made 10% slower inline.
    @inline(never)
    private func probedPairs(_ range: Range<Int>, _ lists: [PairList]) -> [PairList] {
        let driver = lists[0], f = fingerprintBits, offset = driver.offset
        let many = PairPositions.estimatedCandidates(driver) * range.count / max(1, driver.positions.count)
        guard many >= 4 * PairPositions.sampledCandidates, lists.dropFirst().contains(where: { !$0.required }) else {
            return Array(lists.dropFirst())
        }
        var sample: [UInt32] = []
        driver.positions.withUnsafeBufferPointer { words in
            for w in words[range] where driver.agrees(w) && w &>> f >= offset {
                sample.append(w &>> f &- offset)
                if sample.count == PairPositions.sampledCandidates { break }
            }
        }
        return sample.withUnsafeBufferPointer { m in lists.dropFirst().filter { $0.required || filters($0, m, among: many) } }
    }

    /// A pair probed for a phrase's candidates: its words, its offset in the phrase, the bits
    /// a word must have (its position and the fingerprint bits the phrase decides) and their
    /// value there.
    private struct Probe {
        let words: UnsafeBufferPointer<UInt32>
        let offset: UInt32
        let keepMask: UInt32
        let expected: UInt32

        init(words: UnsafeBufferPointer<UInt32>, _ list: PairList, fingerprintBits f: UInt32) {
            self.words = words
            offset = list.offset
            keepMask = ~((1 &<< f) &- 1) | list.mask
            expected = list.expected
        }

        /// Whether the pair occurs at candidate `s` + its offset with the fingerprint the
        /// phrase expects (`f`: the fingerprint's bits), galloping from word `j` (left at the
        /// first word at or past it: the next, larger candidate starts there).
        @inline(__always)
        func matches(_ s: UInt32, from j: inout Int, _ f: UInt32) -> Bool {
            let target = s &+ offset  // (wrapping: a damaged cache must not trap)
            // Past the positions' range the shift wraps, and no word equals the result.
            j = PairPositions.firstAtLeast(words, target &<< f, from: j)
            return j < words.count && words[j] & keepMask == target &<< f | expected && words[j] &>> f == target
        }
    }

    /// Whether a pair beyond the covering ones is worth probing for `candidates` candidates,
    /// `m` the first of them: when there are few, or it turns away more than one in ten of a
    /// sample (的党 in 我们的党建 keeps a quarter of 们的's candidates; 商环 in 营商环境, all of
    /// 营商's).
    private func filters(_ list: PairList, _ m: UnsafeBufferPointer<UInt32>, among candidates: Int) -> Bool {
        let sample = PairPositions.sampledCandidates
        guard candidates >= 4 * sample, m.count >= sample else { return true }
        let kept = list.positions.withUnsafeBufferPointer { l in
            keep(UnsafeMutableBufferPointer(mutating: m), first: sample, at: l, list, compacting: false)  // (not written)
        }
        return kept * 10 < sample * 9
    }

    /// A pair of a phrase: its offset in the phrase, its words, whether it is one of the pairs
    /// that cover the phrase (`phrasePairs`), which must be probed, and the fingerprint bits
    /// the phrase's characters after it decide (`mask`) with their value there (`expected`).
    struct PairList {
        let offset: UInt32
        let positions: Words.Slice
        var required: Bool
        let mask: UInt32
        let expected: UInt32

        /// Whether a word of this pair has the fingerprint the phrase's characters give.
        @inline(__always)
        func agrees(_ word: UInt32) -> Bool { word & mask == expected }
    }

    /// A pair beyond the covering ones is probed only where it filters: it is tried on this
    /// many candidates first, and passed over when it keeps nine in ten of them.
    static let sampledCandidates = 256

    /// The start positions the driving pair allows, ascending: its words whose fingerprint
    /// agrees with the phrase, as positions, less its offset. One sequential pass.
    func driverCandidates(_ driver: PairList) -> [UInt32] {
        let f = fingerprintBits, offset = driver.offset
        return driver.positions.withUnsafeBufferPointer { words in
            // Written through an unsafe buffer: through Array subscripts every write paid a
            // uniqueness check.
            [UInt32](unsafeUninitializedCapacity: words.count) { buf, count in
                var n = 0
                for w in words where driver.agrees(w) {
                    let p = w &>> f
                    if p >= offset {
                        buf[n] = p &- offset
                        n += 1
                    }
                }
                count = n
            }
        }
    }

    /// Keeps the candidates `starts` that have every pair of `lists` but the first at its
    /// offset (with an agreeing fingerprint), ascending: filtered in place — taking them by
    /// value had copied every phrase's candidates once more (336 KB for 营商环境 at 500 MB) —
    /// pair by pair, each probe galloping from the previous one.
    private func probe(_ starts: inout [UInt32], _ lists: [PairList]) {
        if starts.isEmpty { return }
        for list in lists.dropFirst() {
            if !list.required && !starts.withUnsafeBufferPointer({ filters(list, $0, among: $0.count) }) { continue }
            let kept = list.positions.withUnsafeBufferPointer { l in
                starts.withUnsafeMutableBufferPointer { keep($0, first: $0.count, at: l, list, compacting: true) }
            }
            starts.removeLast(starts.count - kept)
            if starts.isEmpty { return }
        }
    }

    /// How many of the first `n` candidates s of `m` have a word in `l` (the words of `list`)
    /// for position s + its offset, with the fingerprint it expects — moved to the front of
    /// `m` when `compacting` — each probe galloping from the previous one.
    @inline(__always)
    private func keep(_ m: UnsafeMutableBufferPointer<UInt32>, first n: Int, at l: UnsafeBufferPointer<UInt32>, _ list: PairList, compacting: Bool) -> Int {
        let f = fingerprintBits, probe = Probe(words: l, list, fingerprintBits: f)
        var kept = 0, j = 0
        for i in 0..<min(n, m.count) where probe.matches(m[i], from: &j, f) {
            if compacting { m[kept] = m[i] }
            kept += 1
        }
        return kept
    }

    /// Every pair of `needle` (three or more kept characters) with its offset and words, the
    /// driver first, the others rarest first; nil when one of its pairs never occurs.
    ///
    /// The driver is the pair that leaves the fewest candidates once its fingerprints are
    /// checked, as `driverCost` estimates it; its candidates are read in one pass, the others
    /// probed. All are looked up: an overlapping pair may be absent
    /// (推进营商环境's 进营 never occurs at 500 MB: answered in 5 µs, not 1.2 ms) or the rarest
    /// (党建工作 starts from 建工: 3.1 ms, not 4.4). A set covering every character is marked
    /// required — the driver, pairs that cover two characters not yet covered, rarer first,
    /// then whatever a character still lacks; the others may filter (的党 in 我们的党建) or not
    /// (商环 in 营商环境), which `probe` finds out on a sample.
    private func phrasePairs(_ needle: [UInt32], followedBy following: ArraySlice<UInt32> = []) -> [PairList]? {
        var all: [PairList] = []
        for o in 0...(needle.count - 2) {
            guard let l = postings[needle[o] << 16 | needle[o + 1]] else { return nil }
            let (mask, expected) = fingerprint(after: o, needle, following)
            all.append(PairList(offset: UInt32(o), positions: l, required: false, mask: mask, expected: expected))
        }
        all.sort { $0.positions.count < $1.positions.count }
        let costs = all.map(PairPositions.driverCost)
        let driver = costs.indices.min { costs[$0] < costs[$1] }!
        all.insert(all.remove(at: driver), at: 0)
        var covered = [Bool](repeating: false, count: needle.count)
        for pass in 0..<2 {
            for k in all.indices where !all[k].required {
                let o = Int(all[k].offset), new = (covered[o] ? 0 : 1) + (covered[o + 1] ? 0 : 1)
                if new == 2 || (pass == 1 && new == 1) {
                    all[k].required = true
                    covered[o] = true
                    covered[o + 1] = true
                }
            }
        }
        return all
    }

    /// The fingerprint bits the pair at offset `o` of `needle` must have, and their value: the
    /// hashes of the two characters after it, where the needle, or the characters known to
    /// follow it in the text searched (`following`: a text's part before punctuation), has them.
    private func fingerprint(after o: Int, _ needle: [UInt32], _ following: ArraySlice<UInt32>) -> (mask: UInt32, expected: UInt32) {
        let half = fingerprintBits / 2, field: UInt32 = (1 &<< half) &- 1
        func character(_ i: Int) -> UInt32? {
            i < needle.count ? needle[i] : i - needle.count < following.count ? following[following.startIndex + i - needle.count] : nil
        }
        var mask: UInt32 = 0, expected: UInt32 = 0
        if let c = character(o + 2) {
            mask |= field &<< half
            expected |= PairPositions.hash(c, bits: half) &<< half
        }
        if let c = character(o + 3) {
            mask |= field
            expected |= PairPositions.hash(c, bits: half)
        }
        return (mask, expected)
    }

    /// What driving a phrase from `list` costs, in probes: the candidates its fingerprints
    /// leave — its positions times the share of a sample that agrees (a frequent phrase's pair
    /// agrees far more often than a hash's chance: 建工 before 作) — and the scan, which reads
    /// eight words for the price of a probe. The sample is 16 runs of 16 words spread over the
    /// list (a run is one or two cache lines): the first 256 words lie in a few documents,
    /// whose phrases repeat.
    static func driverCost(_ list: PairList) -> Int {
        estimatedCandidates(list) + list.positions.count / 8
    }

    /// The candidates a pair's fingerprints leave when it drives, estimated on a sample (see
    /// `driverCost`).
    static func estimatedCandidates(_ list: PairList) -> Int {
        let count = list.positions.count
        guard list.mask != 0, count > 0 else { return count }
        let (agreeing, sampled) = list.positions.withUnsafeBufferPointer { words in
            let runs = 16, run = 16
            var n = 0, seen = 0
            for r in 0..<runs {
                let from = count > runs * run ? (count - run) * r / (runs - 1) : r * run
                for w in words[min(from, count)..<min(from + run, count)] {
                    if list.agrees(w) { n += 1 }
                    seen += 1
                }
            }
            return (n, seen)
        }
        return count * agreeing / max(1, sampled)
    }

    /// Where `needle` (two or more kept characters) starts in the corpus, ascending: a pair's
    /// positions, or a phrase's matches, on one core.
    ///
    /// `following`: characters the text searched has after the needle (a text's part before
    /// punctuation, which has no pairs): the fingerprints of the needle's last pairs are
    /// checked against them too, and most occurrences followed by something else are left out
    /// (three in four at 500 MB for one character, fifteen in sixteen for two) — a superset
    /// still, which the caller checks in the text.
    func occurrenceStarts(of needle: [UInt32], followedBy following: ArraySlice<UInt32> = []) -> [UInt32] {
        guard needle.count >= 2, Self.indexes(needle) else { return [] }
        let following = following.prefix(2)
        if needle.count == 2 {
            let f = fingerprintBits, (mask, expected) = fingerprint(after: 0, needle, following)
            return postings[needle[0] << 16 | needle[1]]?.withUnsafeBufferPointer { words in
                [UInt32](unsafeUninitializedCapacity: words.count) { buf, count in
                    var n = 0
                    for w in words where w & mask == expected {
                        buf[n] = w &>> f
                        n += 1
                    }
                    count = n
                }
            } ?? []
        }
        guard let lists = phrasePairs(needle, followedBy: following) else { return [] }
        var starts = driverCandidates(lists[0])
        probe(&starts, lists)
        return starts
    }

    /// How `needle` (three or more kept characters) is driven, for `explain`: the driving
    /// pair's offset, its positions, and the candidates its fingerprints leave to probe; nil
    /// when a pair never occurs.
    func driver(_ needle: [UInt32]) -> (offset: Int, positions: Int, candidates: Int)? {
        guard needle.count >= 3, Self.indexes(needle), let lists = phrasePairs(needle) else { return nil }
        return (Int(lists[0].offset), lists[0].positions.count, driverCandidates(lists[0]).count)
    }

    /// The checkpoint at or before position `p` of article `k` — its position and byte offset
    /// in the article — or the article's start when none lies inside it; nil without
    /// checkpoints or for a position outside the article (a damaged cache). Reads no text.
    func checkpoint(atOrBefore p: UInt32, article k: Int) -> (position: UInt32, byte: Int)? {
        let first = articleStarts[k], slot = Int(p >> Self.checkpointShift)
        guard !checkpoints.isEmpty, p >= first, slot < checkpoints.count else { return nil }
        let mark = UInt32(slot) << Self.checkpointShift
        return mark >= first ? (mark, Int(checkpoints[slot])) : (first, 0)
    }

    /// The byte offset in article `k`'s text (`text`) of corpus position `p` (in that
    /// article): from the checkpoint at or before it, at most 63 scalars on; nil without
    /// checkpoints, or for a position outside the text (a damaged cache).
    func byteOffset(ofPosition p: UInt32, article k: Int, text: UnsafeBufferPointer<UInt8>, after known: (position: UInt32, byte: Int)? = nil) -> Int? {
        guard var (at, byte) = checkpoint(atOrBefore: p, article: k) else { return nil }
        // From a position already found in this article when it is nearer (the occurrences
        // of a common pair lie a few characters apart).
        if let known, known.position >= at, known.position <= p { (at, byte) = known }
        while at < p {
            guard byte < text.count else { return nil }
            byte += 1
            while byte < text.count && text[byte] & 0xC0 == 0x80 { byte += 1 }
            at += 1
        }
        return byte <= text.count ? byte : nil
    }

    /// Asks for the bytes of article `k`'s text (`text`) where position `p` is looked for:
    /// from its checkpoint, the ≤ 63 scalars to step over and what follows — a walk over
    /// occurrences anywhere in the corpus misses the cache at each article's first, and asked
    /// a few articles ahead, the misses overlap.
    func prefetch(position p: UInt32, article k: Int, text: UnsafeBufferPointer<UInt8>) {
        let byte = checkpoint(atOrBefore: p, article: k)?.byte ?? 0
        guard let base = text.baseAddress, byte < text.count else { return }
        var at = byte
        while at < min(text.count, byte + 256) {
            cs_prefetch(base + at)
            at += 64
        }
    }

    /// The sorted ids of the articles holding the pair `key` (`a << 16 | b`), read off its
    /// positions: within a pair, positions ascend, so their articles do too, each found by the
    /// locator once and the article's other positions passed over —
    /// O(positions). This replaces an article-level pair index of its own, which cost
    /// ≈ 1.1× the corpus in memory and in the cache.
    func articles(ofPair key: UInt32) -> [UInt32] {
        if let kept = frequent.articles(key) { return kept }
        guard let positions = postings[key] else { return [] }
        var out: [UInt32] = []
        positions.withUnsafeBufferPointer { locator.articles(of: $0, shift: fingerprintBits, into: &out) }
        return out
    }

    /// How many times the pair occurs: what a search orders its pairs by.
    func occurrenceCount(ofPair key: UInt32) -> Int { postings[key]?.count ?? 0 }

    /// The first index at or after `from` whose value is ≥ `target` (or `l.count`): galloping,
    /// then binary search, so a walk over ascending targets costs O(log gap) a step.
    @inline(__always)
    static func firstAtLeast(_ l: UnsafeBufferPointer<UInt32>, _ target: UInt32, from: Int) -> Int {
        var lo = from
        guard lo < l.count, l[lo] < target else { return lo }
        // The next eight first, compared at once: walking a list a few times longer than the
        // targets', the answer is usually that near, and one vector comparison beats both a
        // loop's mispredicted exit and galloping there. The list ascends, so the words below
        // the target are a prefix of the eight: their count is where the answer is.
        if lo + 1 < l.count && l[lo + 1] >= target { return lo + 1 }
        if lo + 10 <= l.count {
            let n = Int(cs_count_below8(l.baseAddress! + lo + 2, target))
            if n < 8 { return lo + 2 + n }
            lo += 9
        } else {
            var k = lo + 1
            while k < l.count {
                if l[k] >= target { return k }
                k += 1
            }
            return k
        }
        var step = 1
        var hi = lo + 1
        while hi < l.count && l[hi] < target {
            lo = hi
            step *= 2
            hi = lo + step
        }
        hi = min(hi, l.count)
        // l[lo] < target; answer in (lo, hi].
        var a = lo + 1, b = hi
        while a < b {
            let m = (a + b) / 2
            if l[m] < target { a = m + 1 } else { b = m }
        }
        return a
    }

    public var entryCount: Int { postings.entryCount }
}

/// Unicode scalars in a string, counted on its UTF-8 bytes in place: every byte that is not a
/// continuation byte (10xxxxxx) starts a scalar. Eight bytes at a time — a continuation byte is
/// one whose top bit is set and next bit clear — so the whole corpus is counted in a few tens
/// of milliseconds (the cache reader counts every text to check its offsets).
enum ScalarCount {
    static func of(_ s: String) -> Int {
        var s = s
        return s.withUTF8 { of($0) }
    }

    static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        let words = bytes.count / 8
        var continuation = 0
        for k in 0..<words {
            let w = raw.loadUnaligned(fromByteOffset: k * 8, as: UInt64.self)
            continuation &+= (w & ~(w << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
        }
        for k in (words * 8)..<bytes.count where bytes[k] & 0xC0 == 0x80 { continuation += 1 }
        return bytes.count - continuation
    }
}
