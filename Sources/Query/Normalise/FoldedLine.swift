/// One source line after character folding: folded scalars, with every run of spaces
/// collapsed to one space and the ends trimmed, each scalar remembering its offset in the
/// original document. Segmentation reads `string`; the text builder copies scalar ranges.
public struct FoldedLine: Sendable {
    public var scalars: [UInt32]
    /// Original document offset (in scalars) of each folded scalar.
    public var origins: [Int32]
    public let line: SourceLine
    /// Blank lines between this line and the previous non-blank one (0: adjacent).
    public var gapBefore: Int = 0

    public init(document: Document, line: SourceLine) {
        self.line = line
        var scalars: [UInt32] = []
        var origins: [Int32] = []
        scalars.reserveCapacity((line.end - line.start) / 2)
        origins.reserveCapacity((line.end - line.start) / 2)
        var origin = Int32(line.scalarStart)
        var pendingSpace = false
        document.utf8.withUnsafeBufferPointer { b in
            var i = line.start
            let end = line.end
            while i < end {
                let c = b[i]
                var u: UInt32
                var len: Int
                if c < 0x80 { u = UInt32(c); len = 1 }
                else if c < 0xE0 { u = UInt32(c & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F); len = 2 }
                else if c < 0xF0 {
                    u = UInt32(c & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F); len = 3
                } else {
                    u = UInt32(c & 0x07) << 18 | UInt32(b[i + 1] & 0x3F) << 12 | UInt32(b[i + 2] & 0x3F) << 6
                        | UInt32(b[i + 3] & 0x3F); len = 4
                }
                i += len
                let f = CharacterFolding.fold(u)
                defer { origin += 1 }
                if f == CharacterFolding.dropped { continue }
                if f == CharacterFolding.space || f == 0x0D { pendingSpace = !scalars.isEmpty; continue }
                // `**` is a bold marker left by the converter, never text.
                if f == 0x2A, i < end, b[i] == 0x2A { i += 1; origin += 1; continue }
                if pendingSpace {
                    scalars.append(CharacterFolding.space)
                    origins.append(origin - 1)
                    pendingSpace = false
                }
                scalars.append(f)
                origins.append(origin)
            }
        }
        self.scalars = scalars
        self.origins = origins
    }

    public var isBlank: Bool { scalars.isEmpty }
    public var count: Int { scalars.count }
    public var first: UInt32? { scalars.first }
    public var last: UInt32? { scalars.last }

    public var string: String { FoldedLine.string(scalars[...]) }

    /// Encoded straight into the string's storage: appending scalars to a `String` one by one
    /// is several times slower, and going through an array of bytes cost an allocation a
    /// string (every article's text and every figure's). What is not a scalar is repaired.
    /// Sized exactly first: a `String` keeps the capacity it was made with, and many of these
    /// live as long as the corpus (titles, figures' text).
    public static func string(_ s: ArraySlice<UInt32>) -> String {
        String(unsafeUninitializedCapacity: TextDecoding.utf8Count(s)) { buf in
            var n = 0
            guard let base = buf.baseAddress else { return 0 }
            for u in s { n += TextDecoding.writeUTF8(u, to: base + n) }
            return n
        }
    }
}
