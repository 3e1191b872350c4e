import Synchronization

/// Which BMP characters occur in a corpus, gathered while its documents load on every core:
/// the pair positions' build numbers the characters present, and finding them had been a
/// pass of its own over every text, on the index build's critical path.
///
/// 64 K bits (8 KB). A document's characters are marked in a table of its own, then its
/// non-zero words OR-ed in atomically (a few hundred a document); read once every document
/// is in. `@unchecked Sendable`: the words are only ever changed by atomic OR.
final class CharacterPresence: @unchecked Sendable {
    private static let words = 0x10000 / 64
    private let shared: UnsafeMutablePointer<Atomic<UInt64>>

    init() {
        shared = .allocate(capacity: CharacterPresence.words)
        for k in 0..<CharacterPresence.words { (shared + k).initialize(to: Atomic<UInt64>(0)) }
    }

    deinit {
        shared.deinitialize(count: CharacterPresence.words)
        shared.deallocate()
    }

    /// Marks every BMP character of the texts.
    func mark(_ texts: [[UInt32]]) {
        var local = [UInt64](repeating: 0, count: CharacterPresence.words)
        local.withUnsafeMutableBufferPointer { bits in
            for t in texts {
                for v in t {
                    let u = TextDecoding.encodable(v)  // as the text is written
                    if u < 0x10000 { bits[Int(u >> 6)] |= 1 << UInt64(u & 63) }
                }
            }
        }
        for k in local.indices where local[k] != 0 { shared[k].bitwiseOr(local[k], ordering: .relaxed) }
    }

    /// The characters marked, as bits (bit `u & 63` of word `u >> 6`).
    var bits: [UInt64] { (0..<CharacterPresence.words).map { shared[$0].load(ordering: .relaxed) } }
}
