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
    let ids: [UInt32]

    init(keys: [UInt32], starts: [UInt32], ids: [UInt32]) {
        self.keys = keys
        self.starts = starts
        self.ids = ids
    }

    /// `entries` are `key << 32 | article`; sorted and deduplicated here (in place).
    /// `ascendingLow`: the entries were appended in ascending order of their low 32 bits (an
    /// article id or a position), so a stable sort on the key alone orders them fully — two
    /// radix passes instead of four.
    init(entries: inout [UInt64], ascendingLow: Bool = false) {
        RadixSort.sort(&entries, firstPass: ascendingLow ? 2 : 0)
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
        self.ids = ids
    }

    public subscript(key: UInt32) -> ArraySlice<UInt32>? {
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if keys[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        guard lo < keys.count, keys[lo] == key else { return nil }
        return ids[Int(starts[lo])..<Int(starts[lo + 1])]
    }

    public var keyCount: Int { keys.count }
    public var entryCount: Int { ids.count }
}

/// LSD radix sort of 64-bit values, 16 bits a pass, skipping passes where every value has the
/// same digit. O(n) time, n extra words. (Array.sort took 5× longer on 36M values.) Each pass is
/// stable, so starting at `firstPass` sorts fully values whose lower digits already ascend.
enum RadixSort {
    static func sort(_ a: inout [UInt64], firstPass: Int = 0) {
        guard a.count > 1 else { return }
        var buffer = [UInt64](repeating: 0, count: a.count)
        var counts = [Int](repeating: 0, count: 65537)
        for pass in firstPass..<4 {
            let shift = UInt64(pass * 16)
            for k in counts.indices { counts[k] = 0 }
            a.withUnsafeBufferPointer { src in
                for v in src { counts[Int((v >> shift) & 0xFFFF) + 1] += 1 }
            }
            if counts.contains(a.count) { continue }  // one digit value for all: nothing to do
            for k in 1..<counts.count { counts[k] += counts[k - 1] }
            a.withUnsafeBufferPointer { src in
                buffer.withUnsafeMutableBufferPointer { dst in
                    for v in src {
                        let d = Int((v >> shift) & 0xFFFF)
                        dst[counts[d]] = v
                        counts[d] += 1
                    }
                }
            }
            swap(&a, &buffer)
        }
    }
}
