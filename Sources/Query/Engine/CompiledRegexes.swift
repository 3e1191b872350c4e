import Foundation
import Synchronization

/// Compiled regular expressions by pattern, shared by the compiler (which checks the syntax),
/// the executor and the highlighter, so a query compiles its pattern once, not three times.
///
/// Also a bound on a Foundation leak: on this toolchain `NSRegularExpression` leaks its UTF-16
/// copy of a pattern longer than a stack buffer (≈ 250 characters) on every compile; compiled
/// once here, a pattern leaks once per process instead of once per query. At most `capacity`
/// patterns are kept (cleared when full): O(1) a lookup, a few KB a pattern.
enum CompiledRegexes {
    static let capacity = 64
    private static let cache = Mutex<[String: Entry]>([:])

    final class Entry: @unchecked Sendable {
        // NSRegularExpression is immutable after init and documented thread-safe for matching.
        let regex: NSRegularExpression
        init(_ r: NSRegularExpression) { regex = r }
    }

    private static let matchers = Mutex<[String: ICUPattern]>([:])

    /// The pattern compiled for `RegexVerifier`, which matches UTF-8 text through ICU's C API;
    /// nil when it is not valid ICU syntax. Kept like the others, so that its per-thread clones
    /// outlive a query.
    static func matcher(_ pattern: String) -> ICUPattern? {
        if let hit = matchers.withLock({ $0[pattern] }) { return hit }
        guard let p = ICUPattern(pattern) else { return nil }
        matchers.withLock { c in
            if c.count >= capacity { c.removeAll() }
            c[pattern] = p
        }
        return p
    }

    /// The compiled pattern, or nil when it is not valid ICU syntax.
    static func regex(_ pattern: String) -> NSRegularExpression? {
        if let hit = cache.withLock({ $0[pattern] }) { return hit.regex }
        guard let re = try? NSRegularExpression(pattern: pattern) else { return nil }
        cache.withLock { c in
            if c.count >= capacity { c.removeAll() }
            c[pattern] = Entry(re)
        }
        return re
    }
}
