#if canImport(Glibc)
import Glibc
#endif

/// The cache's checksum, computed in pieces: 8-byte words in order, then the tail of fewer than
/// 8 bytes, then the length. Four independent lanes (word k goes to lane k mod 4), merged at the
/// end: a single chain of multiplies ran at 5 GB/s, four run about as fast as memory delivers.
struct Checksum {
    private var lanes: (UInt64, UInt64, UInt64, UInt64) = (0xCBF2_9CE4_8422_2325, 0x8422_2325_CBF2_9CE4, 0x9E37_79B9_7F4A_7C15, 0x7F4A_7C15_9E37_79B9)
    private(set) var count = 0
    private static let k: UInt64 = 0x9E37_79B9_7F4A_7C15

    @inline(__always) private static func mix(_ h: UInt64, _ w: UInt64) -> UInt64 {
        let m = (h ^ w) &* k
        return m ^ (m >> 29)
    }

    /// `raw.count` must be a multiple of 8 (except in the final call's tail).
    mutating func add(words raw: UnsafeRawBufferPointer) {
        let words = raw.count / 8
        var k = 0
        // Words before the next lane-0 word (a piece may start mid-round), one by one.
        while k < words && (count / 8 + k) & 3 != 0 {
            mixOne(raw.loadUnaligned(fromByteOffset: k * 8, as: UInt64.self), lane: (count / 8 + k) & 3)
            k += 1
        }
        var (a, b, c, d) = lanes
        while k + 4 <= words {
            a = Checksum.mix(a, raw.loadUnaligned(fromByteOffset: k * 8, as: UInt64.self))
            b = Checksum.mix(b, raw.loadUnaligned(fromByteOffset: k * 8 + 8, as: UInt64.self))
            c = Checksum.mix(c, raw.loadUnaligned(fromByteOffset: k * 8 + 16, as: UInt64.self))
            d = Checksum.mix(d, raw.loadUnaligned(fromByteOffset: k * 8 + 24, as: UInt64.self))
            k += 4
        }
        lanes = (a, b, c, d)
        while k < words {
            mixOne(raw.loadUnaligned(fromByteOffset: k * 8, as: UInt64.self), lane: (count / 8 + k) & 3)
            k += 1
        }
        count += words * 8
    }

    private mutating func mixOne(_ w: UInt64, lane: Int) {
        switch lane {
        case 0: lanes.0 = Checksum.mix(lanes.0, w)
        case 1: lanes.1 = Checksum.mix(lanes.1, w)
        case 2: lanes.2 = Checksum.mix(lanes.2, w)
        default: lanes.3 = Checksum.mix(lanes.3, w)
        }
    }

    func final(tail: UnsafeRawBufferPointer) -> UInt64 {
        var h = Checksum.mix(Checksum.mix(Checksum.mix(lanes.0, lanes.1), lanes.2), lanes.3)
        for b in tail { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        return Checksum.mix(h, UInt64(count + tail.count))
    }
}

/// Little-endian writer of the cache's fields: into memory, or streamed to a file descriptor in
/// pieces of `flushSize` with the checksum computed on the way — so that writing a cache of
/// 2 GB needs a few megabytes, not a second copy of it (which cost 8 s at 500 MB).
struct BinaryWriter {
    var bytes: [UInt8] = []
    private var sink: Sink?
    static let flushSize = 4 << 20

    init() {}

    /// Streams everything written to `fd` (from its current offset).
    init(streamingTo fd: Int32) {
        sink = Sink(fd: fd)
        bytes.reserveCapacity(BinaryWriter.flushSize + 4096)
    }

    /// Bytes written so far, flushed or not.
    var position: Int { (sink?.written ?? 0) + bytes.count }

    /// Flushes the pending bytes; returns the payload's length and checksum, or nil when a write
    /// failed. Only for a streaming writer.
    mutating func finish() -> (length: Int, checksum: UInt64)? {
        guard let sink else { return nil }
        let whole = bytes.count & ~7
        sink.write(bytes, 0..<whole)
        let tail = Array(bytes[whole...])
        sink.write(tail, 0..<tail.count, checksummed: false)
        bytes = []
        guard sink.ok else { return nil }
        let sum = tail.withUnsafeBytes { sink.checksum.final(tail: $0) }
        return (sink.written, sum)
    }

    private mutating func flushIfFull() {
        guard let sink, bytes.count >= BinaryWriter.flushSize else { return }
        let whole = bytes.count & ~7
        sink.write(bytes, 0..<whole)
        bytes.removeFirst(whole)
    }

    mutating func raw(_ b: [UInt8]) { bytes += b; flushIfFull() }
    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func i64(_ v: Int) { u64(UInt64(bitPattern: Int64(v))) }
    mutating func double(_ v: Double) { u64(v.bitPattern) }
    mutating func bool(_ v: Bool) { u8(v ? 1 : 0) }
    mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { b in
            u32(UInt32(b.count))
            bytes.append(contentsOf: b)
        }
        flushIfFull()
    }
    mutating func optional(_ s: String?) { bool(s != nil); if let s { string(s) } }
    mutating func strings(_ a: [String]) { u32(UInt32(a.count)); for s in a { string(s) } }
    mutating func u32s(_ a: [UInt32]) { u32(UInt32(a.count)); a.withUnsafeBytes { block($0) } }
    mutating func i32s(_ a: [Int32]) { u32(UInt32(a.count)); a.withUnsafeBytes { block($0) } }

    /// A count, zero bytes up to a 4-byte boundary of the payload (the file's header is 36
    /// bytes, so of the file too), then the words: what `BinaryReader.alignedWords` reads in
    /// place from the mapped file.
    mutating func alignedWords(_ a: Words) {
        u32(UInt32(a.count))
        for _ in 0..<((4 - position % 4) % 4) { u8(0) }
        a.withUnsafeBufferPointer { block(UnsafeRawBufferPointer($0)) }
    }

    /// Bytes as they are, without a count; a large block goes to the file straight from its
    /// own storage (after the pending bytes are topped up to a whole number of words, which
    /// the checksum reads).
    mutating func block(_ raw: UnsafeRawBufferPointer) {
        guard let sink, raw.count >= BinaryWriter.flushSize else {
            bytes += raw
            flushIfFull()
            return
        }
        let lead = (8 - bytes.count % 8) % 8
        bytes += UnsafeRawBufferPointer(rebasing: raw[0..<lead])
        sink.write(bytes, 0..<bytes.count)
        bytes.removeAll(keepingCapacity: true)
        let middle = (raw.count - lead) & ~7
        sink.write(UnsafeRawBufferPointer(rebasing: raw[lead..<(lead + middle)]))
        bytes += UnsafeRawBufferPointer(rebasing: raw[(lead + middle)...])
    }

    /// Where a streaming writer's bytes go.
    private final class Sink {
        let fd: Int32
        var checksum = Checksum()
        var written = 0
        var ok = true
        init(fd: Int32) { self.fd = fd }

        func write(_ b: [UInt8], _ range: Range<Int>, checksummed: Bool = true) {
            b.withUnsafeBytes { write(UnsafeRawBufferPointer(rebasing: $0[range]), checksummed: checksummed) }
        }

        func write(_ raw: UnsafeRawBufferPointer, checksummed: Bool = true) {
            if checksummed { checksum.add(words: raw) }
            written += raw.count
            guard ok, !raw.isEmpty else { return }
            ok = FileIO.writeAll(fd, raw)
        }
    }
}
