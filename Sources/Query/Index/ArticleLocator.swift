/// Which article holds a corpus position (`PairPositions`: all articles end to end, one empty
/// position between them), in O(1): the first article of every block of 4,096 positions is
/// kept, and the few articles starting inside a block are stepped through. It replaced a
/// galloping search over the 140,000 article starts, which was half of a phrase's time.
///
/// Memory: the starts (4 bytes an article) and 4 bytes a block of positions (170 KB at 500 MB).
struct ArticleLocator: Sendable {
    /// Position of each article's first character; one more entry closes the last article.
    let starts: [UInt32]
    /// For each block of `1 << blockShift` positions, the last article starting at or before it.
    private let blockFirst: [UInt32]
    static let blockShift: UInt32 = 12
    /// How many articles a walk steps over before it asks the block table.
    static let steps = 4

    /// `starts`: ascending, one more than the articles (as `PairPositions.starts` makes them).
    init(starts: [UInt32]) {
        self.starts = starts
        let articles = max(0, starts.count - 1)
        let blocks = Int((starts.last ?? 0) >> Self.blockShift) + 1
        var first = [UInt32](repeating: 0, count: blocks)
        var k = 0
        for b in 0..<blocks {
            let at = UInt32(b) << Self.blockShift
            while k + 1 < articles && starts[k + 1] <= at { k += 1 }
            first[b] = UInt32(k)
        }
        blockFirst = first
    }

    /// The articles of ascending positions `m` (each word shifted right by `shift`: the pair
    /// positions' fingerprint bits), each once, appended to `out`. A position past the last
    /// article (only a damaged cache could hold one) ends the walk rather than being trusted.
    func articles(of m: UnsafeBufferPointer<UInt32>, shift: UInt32 = 0, into out: inout [UInt32]) {
        // Written through a buffer of the largest size it can take (one article a position):
        // `append` checked capacity and uniqueness at every step.
        let found = [UInt32](unsafeUninitializedCapacity: m.count) { buf, count in
            var n = 0
            _ = walk(m, shift: shift) { k, _ in
                buf[n] = UInt32(k)
                n += 1
            }
            count = n
        }
        if out.isEmpty { out = found } else { out += found }
    }

    /// Ascending positions `m` grouped by article: the articles, and where each one's positions
    /// begin in `m` (one more entry closes the last). Positions past the last article end the
    /// walk, as in `articles(of:into:)`.
    func group(_ m: UnsafeBufferPointer<UInt32>) -> (articles: [UInt32], firsts: [Int]) {
        var firsts = [Int](repeating: 0, count: m.count + 1), n = 0
        let articles = [UInt32](unsafeUninitializedCapacity: m.count) { buf, count in
            firsts.withUnsafeMutableBufferPointer { f in
                let close = walk(m, shift: 0) { k, i in
                    buf[n] = UInt32(k)
                    f[n] = i
                    n += 1
                }
                f[n] = close
            }
            count = n
        }
        firsts.removeLast(firsts.count - n - 1)
        return (articles, firsts)
    }

    /// Calls `body` with each article of ascending positions `m` (words shifted right by
    /// `shift`) and the index in `m` of its
    /// first position; returns where the walk stopped (`m.count`, or the first position past
    /// the last article).
    @inline(__always)
    private func walk(_ m: UnsafeBufferPointer<UInt32>, shift: UInt32, _ body: (_ article: Int, _ first: Int) -> Void) -> Int {
        guard starts.count > 1 else { return 0 }
        return withCursor { cursor in
            var end: UInt32 = 0  // the current article's end (none yet: 0)
            for (i, word) in m.enumerated() {
                let pos = word &>> shift
                if pos < end { continue }
                guard let k = cursor.article(of: pos) else { return i }
                body(k, i)
                end = cursor.end
            }
            return m.count
        }
    }

    /// Calls `body` with a cursor over this locator's tables.
    @inline(__always)
    func withCursor<R>(_ body: (inout Cursor) -> R) -> R {
        starts.withUnsafeBufferPointer { s in
            blockFirst.withUnsafeBufferPointer { first in
                var cursor = Cursor(starts: s, blockFirst: first)
                return body(&cursor)
            }
        }
    }

    /// The article of positions asked in ascending order, one at a time.
    struct Cursor {
        let starts: UnsafeBufferPointer<UInt32>
        let blockFirst: UnsafeBufferPointer<UInt32>
        /// The article found last, or the first.
        private(set) var k = 0

        init(starts: UnsafeBufferPointer<UInt32>, blockFirst: UnsafeBufferPointer<UInt32>) {
            self.starts = starts
            self.blockFirst = blockFirst
        }

        /// Where the article found last ends (the position after its last character).
        var end: UInt32 { starts[k + 1] }

        /// The article holding `pos`, which is at or past every position asked before; nil
        /// past the last article (only a damaged cache holds such a position).
        @inline(__always)
        mutating func article(of pos: UInt32) -> Int? {
            let articles = starts.count - 1
            // A position past the current article is most often in one of the next few (a
            // phrase's matches, a pair's positions): stepping reads the starts in order, where
            // the block table's lookup read them at random — a cache miss each, a third of
            // 营商环境's time at 500 MB. Farther, the block table.
            var step = 0
            while step < ArticleLocator.steps && k < articles && starts[k + 1] <= pos {
                k += 1
                step += 1
            }
            if k < articles && starts[k + 1] <= pos {
                let b = Int(pos >> ArticleLocator.blockShift)
                guard b < blockFirst.count else { return nil }
                k = max(k, Int(blockFirst[b]))
                while k < articles && starts[k + 1] <= pos { k += 1 }
            }
            guard k < articles, starts[k] <= pos else { return nil }
            return k
        }
    }
}
