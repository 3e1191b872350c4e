/// Compressed-row postings: for each key (a character pair, or one character), the sorted ids
/// of the articles holding it, all in one array.
///
/// Built from one flat array of `key << 32 | article` entries, radix-sorted and deduplicated,
/// so the build is a few linear passes with no per-key allocation: 8 bytes an entry while
/// building, 4 bytes an (article, key) pair after, plus 8 bytes a distinct key. Lookup is a
/// binary search over the keys, O(log K).
public struct Postings: Sendable {
    let keys: [UInt32]
    let starts: [UInt32]
    /// The ids (or positions), read in place from the index cache when restored from it.
    let ids: Words

    init(keys: [UInt32], starts: [UInt32], ids: [UInt32]) {
        self.init(keys: keys, starts: starts, ids: Words(ids))
    }

    init(keys: [UInt32], starts: [UInt32], ids: Words) {
        self.keys = keys
        self.starts = starts
        self.ids = ids
    }

    /// `entries` are `key << 32 | article`; sorted and deduplicated here (in place).
    /// `ascendingLow`: the entries were appended in ascending order of their low 32 bits (an
    /// article id or a position), so a stable sort on the key alone orders them fully — half
    /// the radix passes.
    init(entries: inout [UInt64], ascendingLow: Bool = false) {
        RadixSort.sort(&entries, fromBit: ascendingLow ? 32 : 0)
        var keys: [UInt32] = []
        var starts: [UInt32] = []
        var ids: [UInt32] = []
        ids.reserveCapacity(entries.count / 2)
        var previous: UInt64 = .max
        for e in entries where e != previous {
            previous = e
            let key = UInt32(truncatingIfNeeded: e >> 32)
            if keys.last != key || keys.isEmpty {
                keys.append(key)
                starts.append(UInt32(ids.count))
            }
            ids.append(UInt32(truncatingIfNeeded: e))
        }
        starts.append(UInt32(ids.count))
        self.keys = keys
        self.starts = starts
        self.ids = Words(ids)
    }

    subscript(key: UInt32) -> Words.Slice? {
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if keys[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        guard lo < keys.count, keys[lo] == key else { return nil }
        return ids.slice(Int(starts[lo])..<Int(starts[lo + 1]))
    }

    public var keyCount: Int { keys.count }
    /// Bytes held: keys, starts and ids.
    var byteCount: Int { 4 * (keys.count + starts.count + ids.count) }
    public var entryCount: Int { ids.count }
}

/// LSD radix sort of 64-bit values, 11 bits a pass, skipping passes where every value has the
/// same digit. O(n) time, n extra words. (Array.sort took 5× longer on 36M values; 16-bit digits
/// took a third longer than 11-bit ones: a scatter into 65,536 buckets misses the cache on
/// nearly every write, into 2,048 it mostly hits.) Each pass is stable, so sorting only from bit
/// `fromBit` up orders fully values whose lower bits already ascend.
enum RadixSort {
    static let digitBits = 11

    static func sort(_ a: inout [UInt64], fromBit: Int = 0) {
        guard a.count > 1 else { return }
        var buffer = [UInt64](unsafeUninitializedCapacity: a.count) { b, n in
            HugePages.advise(b)
            n = a.count
        }
        let radix = 1 << digitBits
        var counts = [Int](repeating: 0, count: radix + 1)
        var shift = fromBit
        while shift < 64 {
            let s = UInt64(shift)
            let mask = UInt64(radix - 1)
            for k in counts.indices { counts[k] = 0 }
            a.withUnsafeBufferPointer { src in
                counts.withUnsafeMutableBufferPointer { c in
                    for v in src { c[Int((v >> s) & mask) + 1] += 1 }
                }
            }
            shift += digitBits
            if counts.contains(a.count) { continue }  // one digit value for all: nothing to do
            for k in 1..<counts.count { counts[k] += counts[k - 1] }
            a.withUnsafeBufferPointer { src in
                buffer.withUnsafeMutableBufferPointer { dst in
                    counts.withUnsafeMutableBufferPointer { c in
                        for v in src {
                            let d = Int((v >> s) & mask)
                            dst[c[d]] = v
                            c[d] += 1
                        }
                    }
                }
            }
            swap(&a, &buffer)
        }
    }
}

/// Read-only 32-bit words in one block: an array of this process, or a stretch of the
/// memory-mapped index cache, kept mapped while any `Words` uses it — so a second start does
/// not copy the pair positions (1.4× the corpus) into fresh memory.
/// `@unchecked Sendable`: the words are never written after init.
struct Words: @unchecked Sendable {
    private let array: [UInt32]
    private let source: ReadableBytes?
    private let base: UnsafePointer<UInt32>?
    let count: Int

    init(_ array: [UInt32]) {
        self.array = array
        source = nil
        base = nil
        count = array.count
    }

    /// `count` words at `byteOffset` of `source`, which must be 4-byte aligned there.
    init(mapped source: ReadableBytes, byteOffset: Int, count: Int) {
        array = []
        self.source = source
        base = count == 0 ? nil : UnsafeRawPointer(source.raw.baseAddress! + byteOffset).assumingMemoryBound(to: UInt32.self)
        self.count = count
    }

    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UInt32>) throws -> R) rethrows -> R {
        if source != nil { return try body(UnsafeBufferPointer(start: base, count: count)) }
        return try array.withUnsafeBufferPointer(body)
    }

    subscript(i: Int) -> UInt32 {
        precondition(i >= 0 && i < count)
        return source != nil ? base![i] : array[i]
    }

    func allSatisfy(_ p: (UInt32) -> Bool) -> Bool { withUnsafeBufferPointer { $0.allSatisfy(p) } }

    func slice(_ r: Range<Int>) -> Slice {
        precondition(r.lowerBound >= 0 && r.upperBound <= count)
        return Slice(words: self, range: r)
    }

    /// A stretch of the words, indexed from 0.
    struct Slice: RandomAccessCollection, Sendable {
        let words: Words
        let range: Range<Int>
        var startIndex: Int { 0 }
        var endIndex: Int { range.count }
        subscript(i: Int) -> UInt32 { words[range.lowerBound + i] }

        func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UInt32>) throws -> R) rethrows -> R {
            try words.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[range])) }
        }

        /// A copy, in one move (iterating would check every index).
        var array: [UInt32] { withUnsafeBufferPointer { Array($0) } }
    }
}
