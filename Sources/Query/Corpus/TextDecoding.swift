#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The encodings a corpus file may arrive in. Detected from the bytes, never guessed by trying
/// decoders until one does not throw.
public enum SourceEncoding: String, Sendable, CaseIterable {
    case utf8 = "UTF-8"
    case utf8BOM = "UTF-8 (BOM)"
    case utf16LE = "UTF-16LE"
    case utf16BE = "UTF-16BE"
    case gb18030 = "GB18030"
}

/// Why a file could not be turned into text. Each case carries the byte offset a user can
/// look at with `xxd -s`.
public enum DecodeFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// A NUL or a run of control bytes: an image, an archive, a PDF, not text.
    case binary(offset: Int)
    /// A UTF-16 BOM, but an odd length or an unpaired surrogate.
    case invalidUTF16(offset: Int)
    /// Neither valid UTF-8 nor valid GB18030.
    case undecodable(utf8ErrorAt: Int, gb18030ErrorAt: Int)

    public var description: String {
        switch self {
        case .binary(let offset):
            return "binary file (control byte at offset \(offset))"
        case .invalidUTF16(let offset):
            return "invalid UTF-16 at byte offset \(offset)"
        case .undecodable(let u, let g):
            return "not UTF-8 (invalid at byte \(u)) nor GB18030 (invalid at byte \(g))"
        }
    }
}

/// A file's text as validated UTF-8.
public struct DecodedText: Sendable {
    public var utf8: [UInt8]
    public var encoding: SourceEncoding
    /// Byte offset of the first invalid sequence replaced by U+FFFD, and how many were replaced,
    /// when a UTF-8 file has a few corrupt bytes. The loader warns about it.
    public var firstReplacement: Int?
    public var replacements = 0
}

/// Detects a file's encoding and transcodes it to validated UTF-8 bytes.
///
/// Detection order: BOM (UTF-8, UTF-16 LE/BE) → binary check (NUL or control bytes) → strict
/// UTF-8 validation → GB18030 structural validation (then glibc iconv). Each step is one linear
/// pass; a pure-ASCII or UTF-8 file is never copied through iconv. O(n) time, output ≤ 1.5 n.
///
/// GB18030 accepts almost any byte pairs, so a UTF-8 file with one corrupt byte would decode
/// as GB18030 gibberish. When at least `utf8Evidence` valid multi-byte UTF-8 sequences come
/// before the first invalid byte (GB18030 text forms such runs by chance with a probability
/// below 10⁻²⁰), the file is UTF-8 with corrupt bytes: they become U+FFFD and are reported.
public enum TextDecoding {
    public static let utf8Evidence = 16

    /// `decode` on an array: plain UTF-8 — the common case — is the array itself, not a copy
    /// (a copy of every file had been half a gigabyte of fresh memory at 500 MB).
    public static func decode(_ bytes: [UInt8]) -> Result<DecodedText, DecodeFailure> {
        bytes.withUnsafeBufferPointer { decode($0, keeping: bytes) }
    }

    public static func decode(_ b: UnsafeBufferPointer<UInt8>) -> Result<DecodedText, DecodeFailure> {
        decode(b, keeping: nil)
    }

    /// `original`: the array `b` lies in, returned as the text when the file is plain UTF-8
    /// (one scan decides it; the bytes are not copied).
    private static func decode(_ b: UnsafeBufferPointer<UInt8>, keeping original: [UInt8]?) -> Result<DecodedText, DecodeFailure> {
        let n = b.count
        if n >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF {
            let rest = UnsafeBufferPointer(rebasing: b[3...])
            if let bad = firstControlByte(rest) { return .failure(.binary(offset: bad + 3)) }
            if firstInvalidUTF8(rest) != nil {
                var d = repairUTF8(rest)
                d.encoding = .utf8BOM
                d.firstReplacement = d.firstReplacement.map { $0 + 3 }
                return .success(d)
            }
            return .success(DecodedText(utf8: Array(rest), encoding: .utf8BOM))
        }
        if n >= 2, b[0] == 0xFF, b[1] == 0xFE { return utf16(b, bigEndian: false) }
        if n >= 2, b[0] == 0xFE, b[1] == 0xFF { return utf16(b, bigEndian: true) }
        if let bad = firstControlByte(b) { return .failure(.binary(offset: bad)) }
        guard let utf8Error = firstInvalidUTF8(b) else { return .success(DecodedText(utf8: original ?? Array(b), encoding: .utf8)) }
        if multibyteSequences(b, before: utf8Error) >= utf8Evidence { return .success(repairUTF8(b)) }
        if let gbError = firstInvalidGB18030(b) {
            return .failure(.undecodable(utf8ErrorAt: utf8Error, gb18030ErrorAt: gbError))
        }
        guard let text = iconvGB18030(b) else {
            return .failure(.undecodable(utf8ErrorAt: utf8Error, gb18030ErrorAt: 0))
        }
        return .success(DecodedText(utf8: text, encoding: .gb18030))
    }

    static func multibyteSequences(_ b: UnsafeBufferPointer<UInt8>, before end: Int) -> Int {
        var n = 0
        for i in 0..<end where b[i] >= 0xC2 && b[i] <= 0xF4 { n += 1 }
        return n
    }

    /// UTF-8 with each invalid sequence replaced by U+FFFD (as Swift's `String(decoding:)`).
    static func repairUTF8(_ b: UnsafeBufferPointer<UInt8>) -> DecodedText {
        var d = DecodedText(utf8: [], encoding: .utf8)
        d.utf8.reserveCapacity(b.count + 16)
        var i = 0
        while i < b.count {
            let rest = UnsafeBufferPointer(rebasing: b[i...])
            guard let bad = firstInvalidUTF8(rest) else { d.utf8.append(contentsOf: rest); break }
            d.utf8.append(contentsOf: rest[rest.startIndex..<(rest.startIndex + bad)])
            d.utf8.append(contentsOf: [0xEF, 0xBF, 0xBD])
            if d.firstReplacement == nil { d.firstReplacement = i + bad }
            d.replacements += 1
            i += bad + 1
            while i < b.count, b[i] & 0xC0 == 0x80 { i += 1 }  // the rest of the broken sequence
        }
        return d
    }

    /// Offset of the first NUL or C0 control other than tab, LF, VT, FF, CR, ESC and SUB.
    /// Such bytes never occur in text, in UTF-8 nor in GB18030 (whose trail bytes are ≥ 0x30).
    public static func firstControlByte(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        @inline(__always) func isControl(_ c: UInt8) -> Bool { c < 0x09 || (c > 0x0D && c < 0x20 && c != 0x1A && c != 0x1B) }
        var i = 0
        // Eight bytes at a time: (w − 0x20…) & ~w has a byte's top bit set where some byte is
        // below 0x20 (and possibly after it); those eight are then read one by one — a line
        // break is such a byte, and allowed.
        if let base = b.baseAddress {
            while i + 8 <= b.count {
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if (w &- 0x2020_2020_2020_2020) & ~w & 0x8080_8080_8080_8080 != 0 {
                    for k in i..<(i + 8) where isControl(b[k]) { return k }
                }
                i += 8
            }
        }
        while i < b.count {
            if isControl(b[i]) { return i }
            i += 1
        }
        return nil
    }

    /// Strict UTF-8 validation (no overlongs, no surrogates, ≤ U+10FFFF).
    /// Returns the offset of the first byte of the first invalid sequence.
    public static func firstInvalidUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = b.count
        var i = 0
        while i < n {
            // ASCII fast path, eight bytes at a time.
            while i + 8 <= n {
                let w = UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self)
                if w & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            // Three-byte sequences (all of CJK), four bytes read as one word: a lead E1–EF but
            // ED (whose second byte is limited), then two continuation bytes. The general
            // case below had cost a jump and a loop a character — 3% of a load's CPU.
            while i + 4 <= n {
                let w = UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt32.self).littleEndian
                let lead = w & 0xFF
                guard w & 0x00C0_C0F0 == 0x0080_80E0, lead != 0xE0, lead != 0xED else { break }
                i += 3
            }
            if i >= n { break }
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            var need = 0
            var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
            switch c {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lo = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; hi = 0x9F
            case 0xF0: need = 3; lo = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; hi = 0x8F
            default: return i
            }
            if i + need >= n { return i }
            let s1 = b[i + 1]
            if s1 < lo || s1 > hi { return i }
            var k = 2
            while k <= need {
                if b[i + k] & 0xC0 != 0x80 { return i }
                k += 1
            }
            i += need + 1
        }
        return nil
    }

    /// GB18030 structure: one byte < 0x80; two bytes [81–FE][40–7E|80–FE];
    /// four bytes [81–FE][30–39][81–FE][30–39].
    static func firstInvalidGB18030(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = b.count
        var i = 0
        while i < n {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            guard c >= 0x81, c <= 0xFE, i + 1 < n else { return i }
            let c2 = b[i + 1]
            if (c2 >= 0x40 && c2 <= 0x7E) || (c2 >= 0x80 && c2 <= 0xFE) { i += 2; continue }
            guard c2 >= 0x30, c2 <= 0x39, i + 3 < n else { return i }
            let c3 = b[i + 2], c4 = b[i + 3]
            guard c3 >= 0x81, c3 <= 0xFE, c4 >= 0x30, c4 <= 0x39 else { return i }
            i += 4
        }
        return nil
    }

    static func iconvGB18030(_ b: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let cd = iconv_open("UTF-8", "GB18030")
        if cd == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(cd) }
        let capacity = b.count * 3 / 2 + 16
        var out = [UInt8](repeating: 0, count: capacity)
        var produced = 0
        let ok: Bool = out.withUnsafeMutableBufferPointer { outBuf in
            var inPtr = UnsafeMutableRawPointer(mutating: b.baseAddress)?.assumingMemoryBound(to: CChar.self)
            var inLeft = b.count
            var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress!).assumingMemoryBound(to: CChar.self)
            var outLeft = capacity
            let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
            produced = capacity - outLeft
            return r != -1 && inLeft == 0
        }
        guard ok else { return nil }
        out.removeSubrange(produced...)
        return out
    }

    static func utf16(_ b: UnsafeBufferPointer<UInt8>, bigEndian: Bool) -> Result<DecodedText, DecodeFailure> {
        let n = b.count
        if n % 2 != 0 { return .failure(.invalidUTF16(offset: n - 1)) }
        var out: [UInt8] = []
        out.reserveCapacity(n * 3 / 2)
        var i = 2
        @inline(__always) func unit(_ k: Int) -> UInt32 {
            bigEndian ? UInt32(b[k]) << 8 | UInt32(b[k + 1]) : UInt32(b[k + 1]) << 8 | UInt32(b[k])
        }
        while i < n {
            var u = unit(i)
            let at = i
            i += 2
            if u >= 0xD800 && u <= 0xDBFF {
                guard i < n else { return .failure(.invalidUTF16(offset: at)) }
                let lo = unit(i)
                guard lo >= 0xDC00 && lo <= 0xDFFF else { return .failure(.invalidUTF16(offset: at)) }
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00)
                i += 2
            } else if u >= 0xDC00 && u <= 0xDFFF {
                return .failure(.invalidUTF16(offset: at))
            }
            if u < 0x20 && u != 0x09 && u != 0x0A && u != 0x0B && u != 0x0C && u != 0x0D {
                return .failure(.binary(offset: at))
            }
            appendUTF8(u, to: &out)
        }
        return .success(DecodedText(utf8: out, encoding: bigEndian ? .utf16BE : .utf16LE))
    }

    /// What a value is written as: itself when it is a scalar, else (a lone surrogate, past
    /// U+10FFFF) U+FFFD.
    @inline(__always)
    static func encodable(_ u: UInt32) -> UInt32 { (u &- 0xD800) < 0x800 || u > 0x10FFFF ? 0xFFFD : u }

    /// The bytes the scalars take in UTF-8 (as `writeUTF8` writes them): summed without
    /// branches, which the compiler vectorises (a text of the corpus a few hundred
    /// nanoseconds).
    static func utf8Count(_ scalars: ArraySlice<UInt32>) -> Int {
        var n = 0
        scalars.withUnsafeBufferPointer { b in
            for u in b {
                n &+= 1 &+ (u >= 0x80 ? 1 : 0) &+ (u >= 0x800 ? 1 : 0) &+ (u >= 0x10000 ? 1 : 0)
            }
        }
        return n
    }

    /// Writes `u` as UTF-8 at `p`, which has room for 4 bytes: the bytes written. The one
    /// encoder of the package (`appendUTF8`, texts, `FoldedLine.string` go through it).
    @inline(__always)
    static func writeUTF8(_ u: UInt32, to p: UnsafeMutablePointer<UInt8>) -> Int {
        if u < 0x80 {
            p[0] = UInt8(u)
            return 1
        } else if u < 0x800 {
            p[0] = UInt8(0xC0 | (u >> 6))
            p[1] = UInt8(0x80 | (u & 0x3F))
            return 2
        } else if u < 0x10000 {
            p[0] = UInt8(0xE0 | (u >> 12))
            p[1] = UInt8(0x80 | ((u >> 6) & 0x3F))
            p[2] = UInt8(0x80 | (u & 0x3F))
            return 3
        } else {
            p[0] = UInt8(truncatingIfNeeded: 0xF0 | (u >> 18))
            p[1] = UInt8(0x80 | ((u >> 12) & 0x3F))
            p[2] = UInt8(0x80 | ((u >> 6) & 0x3F))
            p[3] = UInt8(0x80 | (u & 0x3F))
            return 4
        }
    }

    @inline(__always)
    public static func appendUTF8(_ u: UInt32, to out: inout [UInt8]) {
        var bytes: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &bytes) { b in
            let n = writeUTF8(u, to: b.baseAddress!.assumingMemoryBound(to: UInt8.self))
            out.append(contentsOf: b.prefix(n))
        }
    }
}
