import Synchronization

/// Which BMP characters occur in a corpus, and in how many articles each, gathered while its
/// documents load on every core, from the scalars their texts are encoded from: the pair
/// positions' build numbers the characters present, and the character postings place each
/// character's articles by these counts — each had been a pass of its own over every text on
/// the index build's critical path (the count, a UTF-8 decoding of 500 MB, ≈ 5% of a load).
///
/// Each loading thread counts in a table of its own, borrowed from a pool for a document:
/// a count and a last-seen mark per BMP character (512 KB a table, one a thread). An
/// article's character is counted once, without a branch (`CharacterPostings.firstInArticle`).
/// `@unchecked Sendable`: a table is used by one thread at a time, handed over under the lock;
/// the sums are read once every document is in.
final class CharacterCensus: @unchecked Sendable {
    private let pool = Mutex<(free: [Table], all: [Table])>(([], []))

    final class Table: @unchecked Sendable {
        let articles = UnsafeMutablePointer<UInt32>.allocate(capacity: 0x10000)
        let seen = UnsafeMutablePointer<UInt32>.allocate(capacity: 0x10000)
        var article: UInt32 = 0
        var outsideBMP = false

        init() {
            articles.initialize(repeating: 0, count: 0x10000)
            seen.initialize(repeating: 0, count: 0x10000)
        }

        deinit {
            articles.deallocate()
            seen.deallocate()
        }
    }

    /// Counts the characters of a document's article texts (as scalars, each written as
    /// `TextDecoding.encodable` makes it).
    func count(_ texts: [[UInt32]]) {
        let table = pool.withLock { $0.free.popLast() } ?? {
            let t = Table()
            pool.withLock { $0.all.append(t) }
            return t
        }()
        let articles = table.articles, seen = table.seen
        for text in texts {
            let id = table.article
            table.article &+= 1
            for v in text {
                let u = TextDecoding.encodable(v)
                if u < 0x10000 {
                    articles[Int(u)] &+= CharacterPostings.firstInArticle(&seen[Int(u)], id)
                } else {
                    table.outsideBMP = true
                }
            }
        }
        pool.withLock { $0.free.append(table) }
    }

    /// What was counted: the characters present as bits (bit `u & 63` of word `u >> 6`), and
    /// each one's articles — nil when a text held a character outside the BMP, whose articles
    /// the character postings gather themselves.
    var result: (bits: [UInt64], articles: [UInt32]?) {
        let tables = pool.withLock { $0.all }
        var articles = [UInt32](repeating: 0, count: 0x10000)
        for t in tables { for u in 0..<0x10000 { articles[u] &+= t.articles[u] } }
        var bits = [UInt64](repeating: 0, count: 0x10000 / 64)
        for u in 0..<0x10000 where articles[u] > 0 { bits[u >> 6] |= 1 << UInt64(u & 63) }
        return (bits, tables.contains { $0.outsideBMP } ? nil : articles)
    }
}
