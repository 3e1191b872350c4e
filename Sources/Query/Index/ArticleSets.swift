/// For each key (a character, or a pair), the sorted ids of the articles holding it — as a list
/// (4 bytes an article) or, for a key in at least one article in 32, as a bitmap over all the
/// articles (one bit an article): whichever is smaller.
///
/// Why: most (article, key) entries belong to keys common enough to be in a large share of the
/// articles — 的, 党, 发展 — and there a bitmap costs a thirty-second of a list or less. At
/// 500 MB the character postings took 247 MB as lists and the frequent pairs' articles 152 MB.
///
/// Lookup: a binary search over the bitmap keys (a few thousand), else over the lists' keys,
/// O(log K); reading a bitmap out as a sorted list is O(articles / 32) words plus O(ids), about
/// a nanosecond an id — against a copy of the list before. Both parts are read in place from
/// the index cache.
struct ArticleSets: Sendable {
    /// The keys held as lists.
    let lists: Postings
    /// The keys held as bitmaps, ascending; the bitmap of `denseKeys[d]` is the `wordsPerSet`
    /// words of `bits` from `d · wordsPerSet`, bit i of word w meaning article 32w + i.
    let denseKeys: [UInt32]
    let bits: Words
    let articleCount: Int
    var wordsPerSet: Int { (articleCount + 31) / 32 }

    /// Whether a key in `count` of `articles` articles is kept as a bitmap: when that is no
    /// larger than its list.
    static func isDense(count: Int, articles: Int) -> Bool { articles > 0 && count >= (articles + 31) / 32 }

    /// Sets built key by key, each turned into its bitmap or list as it is added: the lists of
    /// all the keys never exist at once (for the frequent pairs at 500 MB they had been 76 MB,
    /// at the index build's peak, for sets that take 17).
    struct Builder {
        let articleCount: Int
        private var listKeys: [UInt32] = [], listStarts: [UInt32] = [0], listIDs: [UInt32] = []
        private var denseKeys: [UInt32] = [], bits: [UInt32] = []

        init(articleCount: Int) { self.articleCount = articleCount }

        /// `key` above every key added before; `run` its articles, ascending.
        mutating func add(_ key: UInt32, _ run: UnsafeBufferPointer<UInt32>) {
            if ArticleSets.isDense(count: run.count, articles: articleCount) {
                denseKeys.append(key)
                let base = bits.count
                bits += repeatElement(0, count: (articleCount + 31) / 32)
                bits.withUnsafeMutableBufferPointer { b in
                    for id in run { b[base + Int(id >> 5)] |= 1 << (id & 31) }
                }
            } else {
                listKeys.append(key)
                listIDs += run
                listStarts.append(UInt32(listIDs.count))
            }
        }

        func finish() -> ArticleSets {
            ArticleSets(lists: Postings(keys: listKeys, starts: listStarts, ids: listIDs), denseKeys: denseKeys, bits: Words(bits), articleCount: articleCount)
        }
    }

    init(lists: Postings, denseKeys: [UInt32], bits: Words, articleCount: Int) {
        self.lists = lists
        self.denseKeys = denseKeys
        self.bits = bits
        self.articleCount = articleCount
    }

    /// Sets of the same articles built in parts, each part's keys above the one before's.
    init(concatenating parts: [ArticleSets], articleCount: Int) {
        var keys: [UInt32] = [], starts: [UInt32] = [0], ids: [UInt32] = [], dense: [UInt32] = [], bits: [UInt32] = []
        // Sized first: grown by appending, the whole had taken up to twice its size.
        keys.reserveCapacity(parts.reduce(0) { $0 + $1.lists.keys.count })
        starts.reserveCapacity(keys.capacity + 1)
        ids.reserveCapacity(parts.reduce(0) { $0 + $1.lists.ids.count })
        dense.reserveCapacity(parts.reduce(0) { $0 + $1.denseKeys.count })
        bits.reserveCapacity(parts.reduce(0) { $0 + $1.bits.count })
        for part in parts {
            let base = UInt32(ids.count)
            keys += part.lists.keys
            starts += part.lists.starts.dropFirst().map { base + $0 }
            part.lists.ids.withUnsafeBufferPointer { ids += $0 }
            dense += part.denseKeys
            part.bits.withUnsafeBufferPointer { bits += $0 }
        }
        self.init(lists: Postings(keys: keys, starts: starts, ids: ids), denseKeys: dense, bits: Words(bits), articleCount: articleCount)
    }

    /// How many articles hold `key`: O(log K), or a bitmap's popcount (O(articles / 32)).
    func count(_ key: UInt32) -> Int {
        guard let d = denseIndex(key) else { return lists[key]?.count ?? 0 }
        let words = wordsPerSet
        return bits.withUnsafeBufferPointer { all in
            all[(d * words)..<((d + 1) * words)].reduce(0) { $0 + $1.nonzeroBitCount }
        }
    }

    /// Where `key`'s bitmap is among `denseKeys`, or nil when it has none.
    private func denseIndex(_ key: UInt32) -> Int? {
        var lo = 0, hi = denseKeys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if denseKeys[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        return lo < denseKeys.count && denseKeys[lo] == key ? lo : nil
    }

    /// The sorted articles holding `key`, or nil when none does.
    func articles(_ key: UInt32) -> [UInt32]? {
        guard let lo = denseIndex(key) else { return lists[key]?.array }
        let words = wordsPerSet
        return bits.withUnsafeBufferPointer { all in
            let set = UnsafeBufferPointer(rebasing: all[(lo * words)..<((lo + 1) * words)])
            let count = set.reduce(0) { $0 + $1.nonzeroBitCount }
            return [UInt32](unsafeUninitializedCapacity: count) { out, written in
                var n = 0
                for (w, word) in set.enumerated() {
                    var rest = word
                    while rest != 0 {
                        out[n] = UInt32(w << 5 | rest.trailingZeroBitCount)
                        n += 1
                        rest &= rest &- 1
                    }
                }
                written = n
            }
        }
    }

    /// Bytes held: the lists, their keys and starts, and the bitmaps.
    var byteCount: Int { lists.byteCount + 4 * (denseKeys.count + bits.count) }

    /// Whether every id is below `count`, and the bitmaps are as long as `count` articles need
    /// with no bit past the last article: what the cache reader checks before trusting them.
    func isValid(articles count: Int) -> Bool {
        guard articleCount == count, bits.count == denseKeys.count * wordsPerSet,
              zip(denseKeys, denseKeys.dropFirst()).allSatisfy({ $0 < $1 }),
              lists.ids.allSatisfy({ $0 < UInt32(count) }) else { return false }
        let spare = UInt32(count % 32)
        guard spare != 0 else { return true }
        let words = wordsPerSet
        return bits.withUnsafeBufferPointer { b in
            (0..<denseKeys.count).allSatisfy { d in b[(d + 1) * words - 1] >> spare == 0 }
        }
    }
}
