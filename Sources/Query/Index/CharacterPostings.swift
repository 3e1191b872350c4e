/// The character postings — for each scalar, the sorted ids of the articles holding it — and
/// the pairs a positional index does not hold: pairs with a character outside the BMP (rare),
/// and, for a corpus past 32-bit positions, every pair's articles.
///
/// By counting, as `PairPositions.build`: one pass counts the articles of each BMP character
/// (an article once: the last article each was seen in is kept) — or the loader has counted
/// them (`CharacterCensus`), and the counts are checked as they are used — a prefix sum places each
/// character's run, a second pass writes each article id in its place, ascending — or, for a
/// character in one article in 32 or more, sets its bit in the character's bitmap
/// (`ArticleSets`). O(text); 4 bytes an (article, rare character), one bit an (article, common
/// character), and four 256 KB tables: 28 MB at 500 MB, where lists of every character took
/// 247 MB (and sorting 8-byte entries had touched 16 bytes an (article, character) of fresh
/// memory). Characters outside the BMP, rare, are kept in a dictionary.
enum CharacterPostings {
    /// `articleCounts`: each BMP character's articles as the loader counted them
    /// (`CharacterCensus`), which save the counting pass — used only where no character lies
    /// outside the BMP and no pair postings are wanted, and checked: counts that do not match
    /// the texts (articles changed since they were counted) are counted anew.
    static func build(_ texts: ArticleTexts, pairsPerArticle: Bool, articleCounts: [UInt32]? = nil) -> (unigrams: ArticleSets, wideBigrams: [UInt64: [UInt32]], bigrams: Postings?) {
        if !pairsPerArticle, let given = articleCounts, given.count == 0x10000, let sets = place(texts, counts: given, wide: [:]) {
            return (sets, [:], nil)
        }
        var counts = [UInt32](repeating: 0, count: 0x10000)
        var lastSeen = [UInt32](repeating: 0, count: 0x10000)
        var wide: [UInt32: [UInt32]] = [:]
        var wideBigrams: [UInt64: [UInt32]] = [:]
        var pairEntries: [UInt64] = []
        counts.withUnsafeMutableBufferPointer { count in
            lastSeen.withUnsafeMutableBufferPointer { seen in
                for k in 0..<texts.count {
                    let id = UInt32(k)
                    var prev: UInt32 = .max
                    texts.withBytes(k) { UTF8Scalars.forEach($0) { u in
                        if u >= 0x10000 {
                            if wide[u]?.last != id { wide[u, default: []].append(id) }
                        } else {
                            // Without a branch on it: whether a character is new to its article
                            // is a coin toss in running text, and each wrong guess had waited
                            // for `seen`'s cache miss (half this pass's time).
                            count[Int(u)] &+= firstInArticle(&seen[Int(u)], id)
                        }
                        if prev != .max {
                            if prev < 0x10000 && u < 0x10000 {
                                if pairsPerArticle { pairEntries.append(UInt64(prev << 16 | u) << 32 | UInt64(id)) }
                            } else {
                                let key = UInt64(prev) << 32 | UInt64(u)
                                if wideBigrams[key]?.last != id { wideBigrams[key, default: []].append(id) }
                            }
                        }
                        prev = u
                    } }
                }
            }
        }
        let bigrams = pairsPerArticle ? Postings(entries: &pairEntries, ascendingLow: true) : nil
        // Counted from these texts: they match.
        return (place(texts, counts: counts, wide: wide)!, wideBigrams, bigrams)
    }

    /// The character postings of `texts`, given each BMP character's articles (`counts`) and
    /// the articles of those outside it (`wide`); nil when the counts do not match the texts.
    private static func place(_ texts: ArticleTexts, counts: [UInt32], wide: [UInt32: [UInt32]]) -> ArticleSets? {
        // Where each character's run begins, then every article id written in its place — or,
        // for a character in one article in 32 or more, its bit set in the character's bitmap.
        var keys: [UInt32] = [], starts: [UInt32] = [], denseKeys: [UInt32] = []
        var next = [UInt32](repeating: 0, count: 0x10000)
        var dense = [Int32](repeating: -1, count: 0x10000)
        var total: UInt32 = 0
        for u in 0..<0x10000 where counts[u] > 0 {
            if ArticleSets.isDense(count: Int(counts[u]), articles: texts.count) {
                dense[u] = Int32(denseKeys.count)
                denseKeys.append(UInt32(u))
                continue
            }
            keys.append(UInt32(u))
            starts.append(total)
            next[u] = total
            total &+= counts[u]
        }
        let wordsPerSet = (texts.count + 31) / 32
        var bits = [UInt32](repeating: 0, count: denseKeys.count * wordsPerSet)
        let bmpTotal = Int(total)
        let wideKeys = wide.keys.sorted()
        for u in wideKeys {
            keys.append(u)
            starts.append(total)
            total &+= UInt32(wide[u]!.count)
        }
        starts.append(total)
        // Where each run must end once placed: a character counted in no article gets an
        // empty run at the end, so that none of its ids is written (counts that do not match).
        var ends = [UInt32](repeating: UInt32(bmpTotal), count: 0x10000)
        for u in 0..<0x10000 where dense[u] < 0 {
            if counts[u] == 0 { next[u] = UInt32(bmpTotal) } else { ends[u] = next[u] &+ counts[u] }
        }
        var lastSeen = [UInt32](repeating: 0, count: 0x10000)
        let limit = UInt32(bmpTotal)
        var outsideBMP = false
        let ids = [UInt32](unsafeUninitializedCapacity: Int(total)) { buf, written in
            HugePages.advise(buf)
            next.withUnsafeMutableBufferPointer { next in
                lastSeen.withUnsafeMutableBufferPointer { seen in
                    dense.withUnsafeBufferPointer { dense in
                        bits.withUnsafeMutableBufferPointer { bits in
                            // An article's distinct characters are gathered first, without a
                            // branch (as in the count), then each is written down.
                            withUnsafeTemporaryAllocation(of: UInt16.self, capacity: 0x10000) { distinct in
                                for k in 0..<texts.count {
                                    let id = UInt32(k)
                                    let word = k >> 5, bit: UInt32 = 1 << (id & 31)
                                    var m = 0
                                    texts.withBytes(k) { UTF8Scalars.forEach($0) { u in
                                        guard u < 0x10000 else {
                                            outsideBMP = true
                                            return
                                        }
                                        distinct[m] = UInt16(truncatingIfNeeded: u)
                                        m &+= Int(firstInArticle(&seen[Int(u)], id))
                                    } }
                                    for j in 0..<m {
                                        let u = Int(distinct[j])
                                        let d = Int(dense[u])
                                        if d >= 0 {
                                            bits[d &* wordsPerSet &+ word] |= bit
                                        } else {
                                            // (Within the characters' runs whatever the counts:
                                            // a mismatch is found below, never written past.)
                                            if next[u] < limit { buf[Int(next[u])] = id }
                                            next[u] &+= 1
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            var n = bmpTotal
            for u in wideKeys { for id in wide[u]! { buf[n] = id; n += 1 } }
            written = Int(total)
        }
        // Every run filled exactly, none past its end, and no character outside the BMP
        // without its articles: the counts were the texts'.
        if outsideBMP && wide.isEmpty { return nil }
        for u in 0..<0x10000 where dense[u] < 0 && next[u] != ends[u] { return nil }
        // (A bitmap is exact whatever its character's count: that count only chose it.)
        return ArticleSets(lists: Postings(keys: keys, starts: starts, ids: ids), denseKeys: denseKeys, bits: Words(bits), articleCount: texts.count)
    }

    /// 1 when the character whose last article is `seen` is met for the first time in article
    /// `id`, else 0; `seen` becomes `id + 1` (0: never seen). Arithmetic, not a comparison, so
    /// that no branch depends on it.
    @inline(__always)
    static func firstInArticle(_ seen: inout UInt32, _ id: UInt32) -> UInt32 {
        let difference = seen ^ (id &+ 1)
        seen = id &+ 1
        return (difference | (0 &- difference)) >> 31
    }
}
