import Foundation

/// Keeps the ids a predicate accepts, in order, testing them on every core: the ids are cut
/// into contiguous chunks (a few per core, so one slow chunk does not leave a core idle), each
/// chunk filtered into its own array, the arrays joined in chunk order. Below `serialLimit` ids
/// the threads cost more than they save and the filter runs on the caller's thread.
public enum ParallelFilter {
    public static let serialLimit = 256

    public static func filter(_ ids: [UInt32], _ keep: @escaping @Sendable (UInt32) -> Bool) -> [UInt32] {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        guard ids.count >= serialLimit, cores > 1 else { return ids.filter(keep) }
        let chunks = min(cores * 4, ids.count)
        let results = Chunks(count: chunks)
        ids.withUnsafeBufferPointer { all in
            let base = UnsafeSendable(all)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let lo = base.value.count * c / chunks, hi = base.value.count * (c + 1) / chunks
                results.set(c, base.value[lo..<hi].filter(keep))
            }
        }
        return results.joined()
    }

    /// One slot per chunk, each written by exactly one iteration.
    private final class Chunks: @unchecked Sendable {
        private var slots: [[UInt32]]
        private let lock = NSLock()
        init(count: Int) { slots = Array(repeating: [], count: count) }
        func set(_ k: Int, _ v: [UInt32]) { lock.lock(); slots[k] = v; lock.unlock() }
        func joined() -> [UInt32] { lock.lock(); defer { lock.unlock() }; return Array(slots.joined()) }
    }

    /// The caller's buffer outlives `concurrentPerform`, which returns only when all are done.
    private struct UnsafeSendable: @unchecked Sendable {
        let value: UnsafeBufferPointer<UInt32>
        init(_ v: UnsafeBufferPointer<UInt32>) { value = v }
    }
}
