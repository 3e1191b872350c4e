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
        let results = ChunkResults<[UInt32]>(count: chunks)
        ids.withUnsafeBufferPointer { all in
            let base = UnsafeSendable(all)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let lo = base.value.count * c / chunks, hi = base.value.count * (c + 1) / chunks
                results.set(c, base.value[lo..<hi].filter(keep))
            }
        }
        return Array(results.values.joined())
    }

    /// The caller's buffer outlives `concurrentPerform`, which returns only when all are done.
    private struct UnsafeSendable: @unchecked Sendable {
        let value: UnsafeBufferPointer<UInt32>
        init(_ v: UnsafeBufferPointer<UInt32>) { value = v }
    }
}
