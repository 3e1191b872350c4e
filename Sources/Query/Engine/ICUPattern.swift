// The ICU that Foundation itself links (part of the toolchain); its C functions carry a
// `swift_` prefix there, so that they never clash with a system ICU.
import _FoundationICU
import Synchronization

/// A regular expression compiled by ICU and matched directly on UTF-8 text, through ICU's C
/// API: the same engine and flags as `NSRegularExpression` (which compiles with no flags and
/// finds with `uregex_findNext`), without its costs.
///
/// Why: verifying candidates through `NSRegularExpression` spent more time bridging than
/// matching — a `String` built from each window, its UTF-16 breadcrumbs, an `NSString` copy of
/// its characters, and on every thread but one a fresh `uregex_clone` per call (half the regex
/// query time on the benchmark). Here each thread borrows a clone from a pool, and the text is
/// transcoded UTF-8 → UTF-16 by one loop into the clone's own buffer: O(bytes), no allocation
/// once the buffer has grown to the longest text.
///
/// `@unchecked Sendable`: the pattern object is only cloned after init, and each clone is used
/// by one thread at a time (taken from and returned to the pool under its lock).
final class ICUPattern: @unchecked Sendable {
    private let compiled: OpaquePointer
    private let pool = Mutex<[Matcher]>([])

    /// Nil when ICU refuses the pattern.
    init?(_ pattern: String) {
        let units = Array(pattern.utf16)
        var status = U_ZERO_ERROR
        guard let re = swift_uregex_open(units, Int32(units.count), 0, nil, &status), status.rawValue <= U_ZERO_ERROR.rawValue else {
            return nil
        }
        compiled = re
    }

    deinit {
        for m in pool.withLock({ $0 }) { m.close() }
        swift_uregex_close(compiled)
    }

    /// Whether the text (valid UTF-8, whole characters) holds a match. `isCancelled`, when
    /// given, is asked during the match — at each start position and every few thousand steps
    /// of backtracking — and stops it (reporting no match).
    func firstMatch(_ text: UnsafeBufferPointer<UInt8>, isCancelled: (@Sendable () -> Bool)? = nil) -> Bool {
        guard let m = borrow() else { return false }
        defer { pool.withLock { $0.append(m) } }
        return m.find(text, isCancelled: isCancelled)
    }

    private func borrow() -> Matcher? {
        if let m = pool.withLock({ $0.popLast() }) { return m }
        var status = U_ZERO_ERROR
        guard let clone = swift_uregex_clone(compiled, &status), status.rawValue <= U_ZERO_ERROR.rawValue else { return nil }
        return Matcher(clone)
    }

    /// One clone of the pattern with the UTF-16 buffer its text lives in.
    private final class Matcher: @unchecked Sendable {
        let regex: OpaquePointer
        var buffer: UnsafeMutablePointer<UInt16>
        var capacity: Int

        init(_ regex: OpaquePointer) {
            self.regex = regex
            capacity = 1024
            buffer = .allocate(capacity: capacity)
        }

        func close() {
            swift_uregex_close(regex)
            buffer.deallocate()
        }

        func find(_ text: UnsafeBufferPointer<UInt8>, isCancelled: (@Sendable () -> Bool)?) -> Bool {
            // A UTF-8 byte gives at most one UTF-16 unit (four bytes give two).
            if text.count > capacity {
                buffer.deallocate()
                capacity = max(text.count, capacity * 2)
                buffer = .allocate(capacity: capacity)
            }
            let units = ICUPattern.transcode(text, into: buffer)
            guard units <= Int(Int32.max) else { return false }
            var status = U_ZERO_ERROR
            swift_uregex_setText(regex, buffer, Int32(units), &status)
            var watch: Watch?
            if let isCancelled {
                watch = Watch(isCancelled)
                let context = UnsafeRawPointer(Unmanaged.passUnretained(watch!).toOpaque())
                swift_uregex_setMatchCallback(regex, { ctx, _ in ICUPattern.keepGoing(ctx) }, context, &status)
                swift_uregex_setFindProgressCallback(regex, { ctx, _ in ICUPattern.keepGoing(ctx) }, context, &status)
            }
            let found = status.rawValue <= U_ZERO_ERROR.rawValue && swift_uregex_findNext(regex, &status) != 0
                && status.rawValue <= U_ZERO_ERROR.rawValue
            if watch != nil {
                var s = U_ZERO_ERROR
                swift_uregex_setMatchCallback(regex, nil, nil, &s)
                swift_uregex_setFindProgressCallback(regex, nil, nil, &s)
            }
            withExtendedLifetime(watch) {}
            return found
        }
    }

    /// The callbacks' context: ICU passes it back as a raw pointer.
    private final class Watch {
        let isCancelled: @Sendable () -> Bool
        init(_ f: @escaping @Sendable () -> Bool) { isCancelled = f }
    }

    private static func keepGoing(_ context: UnsafeRawPointer?) -> UBool {
        guard let context else { return 1 }
        let watch = Unmanaged<Watch>.fromOpaque(context).takeUnretainedValue()
        return watch.isCancelled() ? 0 : 1
    }

    /// Valid UTF-8 to UTF-16, returning the number of units written (≤ the number of bytes). A
    /// sequence cut short at the end (never produced by the callers) is dropped.
    static func transcode(_ b: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt16>) -> Int {
        var i = 0, n = 0
        let count = b.count
        while i < count {
            let c = b[i]
            if c < 0x80 {
                out[n] = UInt16(c); i += 1; n += 1
            } else if c < 0xE0 {
                guard i + 1 < count else { break }
                out[n] = UInt16(c & 0x1F) << 6 | UInt16(b[i + 1] & 0x3F); i += 2; n += 1
            } else if c < 0xF0 {
                guard i + 2 < count else { break }
                out[n] = UInt16(c & 0x0F) << 12 | UInt16(b[i + 1] & 0x3F) << 6 | UInt16(b[i + 2] & 0x3F)
                i += 3; n += 1
            } else {
                guard i + 3 < count else { break }
                let u = UInt32(c & 0x07) << 18 | UInt32(b[i + 1] & 0x3F) << 12 | UInt32(b[i + 2] & 0x3F) << 6 | UInt32(b[i + 3] & 0x3F)
                let v = u &- 0x10000
                out[n] = UInt16(truncatingIfNeeded: 0xD800 | (v >> 10))
                out[n + 1] = UInt16(truncatingIfNeeded: 0xDC00 | (v & 0x3FF))
                i += 4; n += 2
            }
        }
        return n
    }
}
