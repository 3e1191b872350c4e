import Dispatch

/// A value computed on another thread while the caller goes on; `wait` returns it (nil when
/// nothing was started).
final class BackgroundBuild<Value>: @unchecked Sendable {
    private var value: Value?
    private let done = DispatchGroup()
    private var started = false

    func start(_ work: @escaping @Sendable () -> Value) {
        started = true
        done.enter()
        DispatchQueue.global().async {
            self.value = work()  // written before leave(), read after wait(): ordered by the group
            self.done.leave()
        }
    }

    func wait() -> Value? {
        guard started else { return nil }
        done.wait()
        return value
    }
}
