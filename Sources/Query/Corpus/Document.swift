/// One line of a source document: a byte range of its UTF-8 text (without the line break) and
/// the Unicode-scalar offset where it starts, so that spans can be reported in scalars.
public struct SourceLine: Sendable, Hashable {
    public var start: Int
    public var end: Int
    public var scalarStart: Int
    /// 1-based, as editors count.
    public var number: Int
}

/// A decoded corpus file: its text as validated UTF-8 and its lines.
/// Memory: the UTF-8 bytes plus 32 bytes a line.
public struct Document: Sendable {
    /// Path relative to the corpus folder, `/`-separated.
    public let name: String
    public let encoding: SourceEncoding
    public let utf8: [UInt8]
    public let lines: [SourceLine]

    public init(name: String, encoding: SourceEncoding, utf8: [UInt8]) {
        self.name = name
        self.encoding = encoding
        self.utf8 = utf8
        self.lines = Document.splitLines(utf8)
    }

    /// A document as a loaded corpus keeps it (and the index cache restores it): its name and
    /// encoding, without its bytes.
    init(name: String, encoding: SourceEncoding, utf8: [UInt8], lines: [SourceLine]) {
        self.name = name
        self.encoding = encoding
        self.utf8 = utf8
        self.lines = lines
    }

    /// The file name without folders and without `.txt`, used in article ids.
    public var stem: String {
        var s = name
        if s.hasSuffix(".txt") { s.removeLast(4) }
        return s
    }

    public func text(of line: SourceLine) -> String {
        String(decoding: utf8[line.start..<line.end], as: UTF8.self)
    }

    /// Splits on LF, CRLF and lone CR. O(n), one pass, eight bytes at a time where a word holds
    /// no line break: a word's scalars are 8 minus its continuation bytes (`10xxxxxx`), counted
    /// with one popcount — the loop had been 3% of a load's CPU, a compare or two a byte.
    static func splitLines(_ bytes: [UInt8]) -> [SourceLine] {
        var lines: [SourceLine] = []
        bytes.withUnsafeBufferPointer { b in
            let n = b.count
            var start = 0, scalars = 0, lineScalarStart = 0, i = 0
            while i < n {
                if i + 8 <= n {
                    let w = UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    if !containsLineBreak(w) {
                        scalars &+= 8 &- (w & ~(w << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
                        i += 8
                        continue
                    }
                }
                let c = b[i]
                if c == 0x0A || c == 0x0D {
                    lines.append(SourceLine(start: start, end: i, scalarStart: lineScalarStart, number: lines.count + 1))
                    scalars += 1
                    if c == 0x0D, i + 1 < n, b[i + 1] == 0x0A { i += 1; scalars += 1 }
                    i += 1
                    start = i
                    lineScalarStart = scalars
                    continue
                }
                if c & 0xC0 != 0x80 { scalars += 1 }
                i += 1
            }
            if start < n {
                lines.append(SourceLine(start: start, end: n, scalarStart: lineScalarStart, number: lines.count + 1))
            }
        }
        return lines
    }

    /// Whether some byte of `w` is LF or CR. Exact when false (the zero-byte test's borrow can
    /// only mark bytes after a true match); when true the bytes are read one by one.
    @inline(__always)
    static func containsLineBreak(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let lf = w ^ (ones &* 0x0A), cr = w ^ (ones &* 0x0D)
        return ((lf &- ones) & ~lf | (cr &- ones) & ~cr) & highs != 0
    }
}
