import Foundation

extension PairPositions {
    /// `starts`: `PairPositions.starts(texts)`, which the caller has already computed.
    /// `fingerprintBits`: at most this many (the tests' narrower widths); as many as the
    /// corpus leaves free by default. Built on the calling thread alone; `Build` lets a second
    /// thread help.
    static func build(_ texts: ArticleTexts, starts: [UInt32], characters: [UInt64]? = nil, fingerprintBits wanted: UInt32 = .max) -> PairPositions {
        Build(texts, starts: starts, characters: characters, fingerprintBits: wanted).run(helped: false)
    }

    /// The positions' build, by counting, not sorting: the characters present get dense numbers
    /// in code point order, so pair `a b` has number `a · n + b`, ascending as its key does;
    /// one pass counts each pair, a prefix sum turns counts into where each pair's positions
    /// begin, and a second pass writes every position in its place. Fresh memory is the final
    /// positions (4 bytes a character) and two tables of cursors (4 bytes a pair of characters
    /// present each: ≈ 36 MB apiece for 3,000); sorting 8-byte entries had touched 16 bytes a
    /// character, and on this VM the kernel's clearing of fresh pages was a quarter of a whole
    /// load. A corpus of more than `maxCountedCharacters` characters (a counts table past
    /// 256 MB) is sorted instead.
    ///
    /// The place pass — random writes over 4 bytes a character, 3.6 s of one core at 500 MB,
    /// the load's critical path — is shared between two threads without deciding in advance
    /// who does how much: the thread that `run`s takes articles from the front and writes each
    /// pair's positions up from where its run begins; a thread that calls `help` (the loader's,
    /// once the character postings and fields are built) takes articles from the back, reads
    /// each backwards, and writes each pair's positions down from where its run ends. They
    /// meet where they meet: every run is full and ascending either way.
    final class Build: @unchecked Sendable {
        private let texts: ArticleTexts
        private let starts: [UInt32]
        private let characters: [UInt64]?
        private let wanted: UInt32
        /// Articles `front..<rear` are not yet claimed (under `lock`). The front claims below
        /// `split` only and the back at or above it, when a split is given (the tests' and the
        /// fuzzer's way to decide who places what); else they meet where they meet.
        private let lock = NSLock()
        private var front = 0, rear: Int
        private let split: Int?
        /// Set before `ready` is signalled, read by the helper after: what it writes into.
        private var shared: Shared?
        private let ready = DispatchSemaphore(value: 0)
        private let helpDone = DispatchSemaphore(value: 0)

        /// Articles claimed at a time: a lock a few dozen articles is nothing against their
        /// writes.
        static let claim = 16

        /// The buffers both threads write into while `run` is inside them: pointers to the
        /// result's storage, so that nothing is copied.
        private struct Shared {
            let ids: UnsafeMutablePointer<UInt32>
            let checkpoints: UnsafeMutablePointer<UInt32>
            /// The helper's cursors: where each pair's run ends, moved down as it writes.
            let ends: UnsafeMutablePointer<UInt32>
            let number: UnsafePointer<Int32>
            let n: Int
            let bits: UInt32
        }

        /// `placedFromTheBack`: exactly how many of the last articles `help` places (nil: as
        /// many as it gets to).
        init(_ texts: ArticleTexts, starts: [UInt32], characters: [UInt64]?, fingerprintBits wanted: UInt32, placedFromTheBack: Int? = nil) {
            self.texts = texts
            self.starts = starts
            self.characters = characters
            self.wanted = wanted
            self.rear = texts.count
            self.split = placedFromTheBack.map { texts.count - min(max(0, $0), texts.count) }
        }

        /// The articles to place next, from the front or the back; nil when none are left.
        private func take(fromFront: Bool) -> Range<Int>? {
            lock.lock()
            defer { lock.unlock() }
            let m = min(Self.claim, fromFront ? min(rear, split ?? rear) - front : rear - max(front, split ?? front))
            guard m > 0 else { return nil }
            if fromFront {
                front += m
                return (front - m)..<front
            }
            rear -= m
            return rear..<(rear + m)
        }

        /// Places articles from the back until none are left, once `run` has counted; returns
        /// at once when it builds by sorting. Call it once, from another thread than `run`'s,
        /// and only when `run(helped: true)` was (or will be) called: `run` waits for it.
        func help() {
            ready.wait()
            defer { helpDone.signal() }
            guard let s = shared else { return }
            while let range = take(fromFront: false) {
                for k in range.reversed() { placeBackwards(k, s) }
            }
        }

        func run(helped: Bool) -> PairPositions {
            var number = [Int32](repeating: -1, count: 0x10000)
            if let bits = characters, bits.count == 0x10000 / 64 {
                // Gathered by the loader (`CharacterCensus`) from the scalars the texts were
                // encoded from: a superset is harmless (a number no pair uses), a character left
                // out would lose its pairs — the texts are exactly those scalars.
                for u in 0..<0x10000 where bits[u >> 6] & (1 << UInt64(u & 63)) != 0 { number[u] = 0 }
            } else {
                number.withUnsafeMutableBufferPointer { num in
                    for k in 0..<texts.count { texts.withBytes(k) { UTF8Scalars.forEach($0) { u in if u < 0x10000 { num[Int(u)] = 0 } } } }
                }
            }
            // Punctuation, spaces and line breaks get no number: no pair holding one is counted
            // or placed, as none holding a scalar outside the BMP is.
            for u in 0..<0x10000 where number[u] == 0 && !isIndexed(UInt32(u)) { number[u] = -1 }
            var chars: [UInt32] = []
            for u in 0..<0x10000 where number[u] == 0 {
                number[u] = Int32(chars.count)
                chars.append(UInt32(u))
            }
            let n = chars.count
            guard n <= maxCountedCharacters else {
                ready.signal()  // nothing to help with
                if helped { helpDone.wait() }
                return buildBySorting(texts, starts: starts)
            }
            // Positions of each pair: counted, then turned into where each pair's run begins
            // (`next`, moved up as the front is written) and ends (`ends`, moved down).
            var next = [UInt32](repeating: 0, count: max(1, n * n))
            var total = 0
            number.withUnsafeBufferPointer { num in
                next.withUnsafeMutableBufferPointer { count in
                    for k in 0..<texts.count {
                        var prev = -1
                        texts.withBytes(k) { UTF8Scalars.forEach($0) { u in
                            let b = u < 0x10000 ? Int(num[Int(u)]) : -1
                            if prev >= 0 && b >= 0 { count[prev &* n &+ b] &+= 1 }
                            prev = b
                        } }
                    }
                    var sum: UInt32 = 0
                    for p in 0..<count.count {
                        let c = count[p]
                        count[p] = sum
                        sum &+= c
                    }
                    total = Int(sum)
                }
            }
            // The runs, known from the counts alone: pair p's run begins at next[p] and ends
            // where the next pair's begins — the helper's cursors start there (written in the
            // same pass; a copy of `next` shifted by one had been three passes over it and, for
            // the append, a second fresh table).
            var keys: [UInt32] = [], keyStarts: [UInt32] = []
            var ends = [UInt32](unsafeUninitializedCapacity: helped ? next.count : 1) { e, written in
                next.withUnsafeBufferPointer { begin in
                    for p in 0..<begin.count {
                        let end = p + 1 < begin.count ? begin[p + 1] : UInt32(total)
                        if helped { e[p] = end }
                        if p < n * n && end > begin[p] {
                            keys.append(chars[p / n] << 16 | chars[p % n])
                            keyStarts.append(begin[p])
                        }
                    }
                }
                if !helped { e[0] = 0 }
                written = helped ? next.count : 1
            }
            keyStarts.append(UInt32(total))
            let f = min(wanted, fingerprintBits(end: starts.last!)) & ~1
            var ids: [UInt32] = []
            let checkpoints = [UInt32](unsafeUninitializedCapacity: Int(starts.last! >> checkpointShift) + 1) { cp, cpCount in
                cp.initialize(repeating: 0)
                ids = [UInt32](unsafeUninitializedCapacity: total) { buf, written in
                    HugePages.advise(buf)
                    number.withUnsafeBufferPointer { num in
                        ends.withUnsafeMutableBufferPointer { ends in
                            let s = Shared(ids: buf.baseAddress!, checkpoints: cp.baseAddress!, ends: ends.baseAddress!,
                                           number: num.baseAddress!, n: n, bits: f)
                            if helped { shared = s }
                            ready.signal()
                            next.withUnsafeMutableBufferPointer { next in
                                while let range = take(fromFront: true) {
                                    for k in range { placeForwards(k, s, next: next.baseAddress!) }
                                }
                            }
                            // The helper writes into these buffers until it signals.
                            if helped { helpDone.wait() }
                        }
                    }
                    written = total
                }
                cpCount = cp.count
            }
            // The cursor tables (36 MB apiece at 500 MB) go before the frequent pairs' article
            // sets are read off the positions, at the index build's peak.
            next = []
            ends = []
            let postings = Postings(keys: keys, starts: keyStarts, ids: ids)
            return PairPositions(postings: postings, fingerprintBits: f, articleStarts: starts, checkpoints: checkpoints)
        }

        /// Writes article `k`'s pairs at their runs' fronts, reading it forwards. A pair's word
        /// is written once its two following characters are read (or its article ends).
        private func placeForwards(_ k: Int, _ s: Shared, next: UnsafeMutablePointer<UInt32>) {
            let n = s.n, f = s.bits, half = f / 2
            var pos = starts[k]
            var prev = -1
            // `waiting` began two characters back and has its first, `fresh` began one back.
            // -1: no pair there.
            var waiting = -1, waitingWord: UInt32 = 0
            var fresh = -1, freshWord: UInt32 = 0
            texts.withBytes(k) { UTF8Scalars.forEachWithOffset($0) { u, byte in
                if pos & checkpointMask == 0 { s.checkpoints[Int(pos >> checkpointShift)] = UInt32(byte) }
                let h = hash(u, bits: half)
                if waiting >= 0 { s.ids[waiting] = waitingWord | h }
                waiting = fresh
                waitingWord = freshWord | h &<< half
                let b = u < 0x10000 ? Int(s.number[Int(u)]) : -1
                if prev >= 0 && b >= 0 {
                    let p = prev &* n &+ b
                    fresh = Int(next[p])
                    freshWord = (pos &- 1) &<< f
                    next[p] &+= 1
                } else {
                    fresh = -1
                }
                prev = b
                pos &+= 1
            } }
            if waiting >= 0 { s.ids[waiting] = waitingWord }
            if fresh >= 0 { s.ids[fresh] = freshWord }
        }

        /// Writes article `k`'s pairs at their runs' ends, reading it backwards (its texts are
        /// valid UTF-8: a scalar begins at the last byte that is not a continuation byte). The
        /// two characters after each pair have been read by then.
        private func placeBackwards(_ k: Int, _ s: Shared) {
            let ends = s.ends, n = s.n, f = s.bits, half = f / 2
            var pos = starts[k + 1] &- 1  // the empty position after the article
            var after = -1  // the number of the character after this one, -1 if none
            var h1: UInt32 = 0, h2: UInt32 = 0, h3: UInt32 = 0  // hashes one, two, three after
            texts.withBytes(k) { b in
                guard let base = b.baseAddress else { return }
                var i = b.count
                while i > 0 {
                    var at = i - 1
                    while at > 0 && base[at] & 0xC0 == 0x80 { at -= 1 }
                    let u = UTF8Scalars.decode(base, at: at, count: i).scalar
                    pos &-= 1
                    if pos & checkpointMask == 0 { s.checkpoints[Int(pos >> checkpointShift)] = UInt32(at) }
                    let c = u < 0x10000 ? Int(s.number[Int(u)]) : -1
                    if c >= 0 && after >= 0 {
                        let p = c &* n &+ after
                        ends[p] &-= 1
                        s.ids[Int(ends[p])] = pos &<< f | h2 &<< half | h3
                    }
                    h3 = h2
                    h2 = h1
                    h1 = hash(u, bits: half)
                    after = c
                    i = at
                }
            }
        }
    }
}
