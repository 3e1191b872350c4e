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
    private static let regexes = Bounded<NSRegularExpression>()
    private static let matchers = Bounded<ICUPattern>()
    private static let automata = Bounded<Automaton>()

    /// A pattern's automaton, or why there is none (remembered too: building it is the cost).
    private struct Automaton: Sendable { let value: RegexAutomaton? }

    /// The pattern's `RegexAutomaton`, or nil when its syntax is outside the automaton's subset
    /// or the automaton would be too large (ICU verifies it then).
    static func automaton(_ pattern: String) -> RegexAutomaton? {
        automata.value(pattern) { Automaton(value: RegexAutomaton(pattern: $0)) }?.value
    }

    /// The compiled pattern, or nil when it is not valid ICU syntax.
    static func regex(_ pattern: String) -> NSRegularExpression? {
        regexes.value(pattern) { try? NSRegularExpression(pattern: $0) }
    }

    /// The pattern compiled for `RegexVerifier`, which matches UTF-8 text through ICU's C API;
    /// nil when it is not valid ICU syntax. Kept so that its per-thread clones outlive a query.
    static func matcher(_ pattern: String) -> ICUPattern? {
        matchers.value(pattern, ICUPattern.init)
    }

    /// Compiled values by pattern, at most `capacity` (cleared when full).
    private final class Bounded<Value: Sendable>: Sendable {
        private let cache = Mutex<[String: Value]>([:])

        func value(_ pattern: String, _ compile: (String) -> Value?) -> Value? {
            if let hit = cache.withLock({ $0[pattern] }) { return hit }
            guard let v = compile(pattern) else { return nil }
            cache.withLock { c in
                if c.count >= CompiledRegexes.capacity { c.removeAll() }
                c[pattern] = v
            }
            return v
        }
    }
}
