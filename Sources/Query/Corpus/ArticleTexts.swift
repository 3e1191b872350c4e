/// The articles' normalised texts as UTF-8, each in place in a shared buffer: one buffer per
/// document as loaded, or the memory-mapped index cache.
///
/// Why: a `String` per article cost an allocation and a UTF-8 validation each when the index
/// cache was read (a third of a second start at 500 MB, and the texts' size again in memory on
/// top of the mapped file), while everything that searches text reads bytes anyway. Reading a
/// text's bytes is O(1), in place; `string(k)` makes a `String` on demand, O(length), for
/// display. Memory: the bytes plus 16 bytes an article; the buffers are kept alive by `owners`.
/// Restored from the cache, the texts are read in place from the mapped file (see
/// `Decoding.texts`).
///
/// `@unchecked Sendable`: immutable after init (the buffers are never written once filled).
public final class ArticleTexts: @unchecked Sendable {
    /// Article k's bytes.
    private var spans: [UnsafeBufferPointer<UInt8>]
    /// What keeps the spans' memory alive: `OwnedBytes`, or the mapped cache.
    private let owners: [AnyObject]

    public var count: Int { spans.count }
    /// O(articles): for `.stats`, not for a loop.
    public var byteCount: Int { spans.reduce(0) { $0 + $1.count } }

    /// The texts copied into one buffer.
    public convenience init(_ texts: [String]) {
        let buffer = OwnedBytes(count: texts.reduce(0) { $0 + $1.utf8.count })
        var spans: [UnsafeBufferPointer<UInt8>] = []
        spans.reserveCapacity(texts.count)
        for t in texts { spans.append(buffer.append(t)) }
        self.init(spans: spans, owners: [buffer])
    }

    /// Texts given as scalars, encoded as UTF-8 into one buffer — what the segmenter makes a
    /// document's articles' texts with, so that no `String` is made (and validated, and copied
    /// into a buffer) per article. A value that is not a scalar (a lone surrogate) is written
    /// as U+FFFD.
    convenience init(scalars texts: [[UInt32]]) {
        let sizes = texts.map { TextDecoding.utf8Count($0[...]) }
        let buffer = OwnedBytes(count: sizes.reduce(0, +))
        var spans: [UnsafeBufferPointer<UInt8>] = []
        spans.reserveCapacity(texts.count)
        for (t, size) in zip(texts, sizes) { spans.append(buffer.append(scalars: t, bytes: size)) }
        self.init(spans: spans, owners: [buffer])
    }

    /// Texts lying in memory that `owner` keeps alive (the mapped cache): text k is
    /// `base + starts[k] ..< base + starts[k + 1]`, `starts` ascending. The bytes are not
    /// validated: `string(k)` repairs what is not UTF-8, and searches are on bytes.
    convenience init(base: UnsafePointer<UInt8>, starts: [Int], owner: AnyObject) {
        let spans = (0..<(starts.count - 1)).map { UnsafeBufferPointer(start: base + starts[$0], count: starts[$0 + 1] - starts[$0]) }
        self.init(spans: spans, owners: [owner])
    }

    private init(spans: [UnsafeBufferPointer<UInt8>], owners: [AnyObject]) {
        self.spans = spans
        self.owners = owners
    }

    /// The texts of `articles`, in this order, where they already lie when every one is in a
    /// shared buffer (no copy), else copied into a new one.
    static func of(_ articles: [Article]) -> ArticleTexts {
        var spans: [UnsafeBufferPointer<UInt8>] = []
        spans.reserveCapacity(articles.count)
        var owners: [ArticleTexts] = []
        for j in articles.indices {  // by index: binding each `Article` would copy it
            guard case .shared(let texts, let k) = articles[j].textSource else { return ArticleTexts(articles.map(\.text)) }
            spans.append(texts.spans[k])
            if owners.last !== texts { owners.append(texts) }  // a document's articles share one
        }
        return ArticleTexts(spans: spans, owners: owners)
    }

    /// Article k's text as UTF-8, in place.
    @inline(__always)
    public func withBytes<R>(_ k: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(spans[k])
    }

    /// Article k's text as a `String` (decoded anew on each call).
    public func string(_ k: Int) -> String {
        String(decoding: spans[k], as: UTF8.self)
    }
}

/// A buffer filled once, front to back, then only read; freed with its last owner.
final class OwnedBytes {
    private let base: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private var filled = 0

    init(count: Int) {
        capacity = count
        base = .allocate(capacity: max(1, count))
    }

    deinit { base.deallocate() }

    /// Copies the string's UTF-8 after what is filled, and returns where it now lies.
    func append(_ s: String) -> UnsafeBufferPointer<UInt8> {
        var s = s
        let at = base + filled
        let n = s.withUTF8 { b -> Int in
            precondition(filled + b.count <= capacity, "OwnedBytes overfilled")
            if let p = b.baseAddress { at.update(from: p, count: b.count) }
            return b.count
        }
        filled += n
        return UnsafeBufferPointer(start: at, count: n)
    }

    /// Writes the scalars as UTF-8 after what is filled (room for them counted by the caller),
    /// and returns where they now lie.
    func append(scalars: [UInt32], bytes: Int) -> UnsafeBufferPointer<UInt8> {
        let at = filled
        // `bytes`: `TextDecoding.utf8Count(scalars)`, which the caller counted to size the
        // buffer. Room checked once for the whole text (a lone surrogate, 3 bytes, becomes
        // U+FFFD, 3 bytes; past U+10FFFF, counted 4, also U+FFFD): the loop only writes.
        assert(bytes == TextDecoding.utf8Count(scalars[...]))
        precondition(filled + bytes <= capacity, "OwnedBytes overfilled")
        var p = base + filled
        for u in scalars { p += TextDecoding.writeUTF8(TextDecoding.encodable(u), to: p) }
        filled = p - base
        return UnsafeBufferPointer(start: base + at, count: filled - at)
    }
}

/// The Unicode scalars of UTF-8 bytes, decoded in place (no `String`). A malformed or
/// truncated sequence yields U+FFFD for its first byte, so bytes from anywhere are safe.
enum UTF8Scalars {
    @inline(__always)
    static func forEach(_ b: UnsafeBufferPointer<UInt8>, _ body: (UInt32) -> Void) {
        guard let base = b.baseAddress else { return }
        var i = 0
        while i < b.count {
            let (u, length) = decode(base, at: i, count: b.count)
            body(u)
            i += length
        }
    }

    /// Each scalar with the offset of its first byte.
    @inline(__always)
    static func forEachWithOffset(_ b: UnsafeBufferPointer<UInt8>, _ body: (UInt32, Int) -> Void) {
        guard let base = b.baseAddress else { return }
        var i = 0
        while i < b.count {
            let (u, length) = decode(base, at: i, count: b.count)
            body(u, i)
            i += length
        }
    }

    /// The scalar whose bytes begin at `i` (of `n`), and how many bytes it takes.
    @inline(__always)
    static func decode(_ b: UnsafePointer<UInt8>, at i: Int, count n: Int) -> (scalar: UInt32, length: Int) {
        let c = UInt32(b[i])
        if c < 0x80 { return (c, 1) }
        if c >= 0xE0 && c < 0xF0 && i + 2 < n && b[i + 1] & 0xC0 == 0x80 && b[i + 2] & 0xC0 == 0x80 {
            return ((c & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F), 3)
        }
        if c >= 0xC2 && c < 0xE0 && i + 1 < n && b[i + 1] & 0xC0 == 0x80 {
            return ((c & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F), 2)
        }
        if c >= 0xF0 && c < 0xF5 && i + 3 < n && b[i + 1] & 0xC0 == 0x80 && b[i + 2] & 0xC0 == 0x80 && b[i + 3] & 0xC0 == 0x80 {
            return ((c & 0x07) << 18 | UInt32(b[i + 1] & 0x3F) << 12 | UInt32(b[i + 2] & 0x3F) << 6 | UInt32(b[i + 3] & 0x3F), 4)
        }
        return (0xFFFD, 1)
    }
}
