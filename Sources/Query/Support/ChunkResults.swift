import Foundation

/// One slot per chunk of a `DispatchQueue.concurrentPerform`, each written by exactly one
/// iteration and read after all are done: the way parallel loops here hand their results back
/// in chunk order.
final class ChunkResults<Value: Sendable>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ k: Int, _ v: Value) {
        lock.lock()
        slots[k] = v
        lock.unlock()
    }

    /// Every chunk's value, in chunk order (a chunk never set is left out).
    var values: [Value] {
        lock.lock()
        defer { lock.unlock() }
        return slots.compactMap { $0 }
    }
}
