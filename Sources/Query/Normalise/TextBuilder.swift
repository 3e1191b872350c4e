/// Maps offsets in an article's normalised text back to the original document, for display
/// and highlighting. Stores one checkpoint where the two stop advancing together (a removed
/// space, a glued line break, a new paragraph), so its size is proportional to the edits, not
/// to the text. Lookup: O(log k) binary search over k checkpoints; 8 bytes a checkpoint.
public struct OffsetMap: Sendable, Equatable {
    public private(set) var textStarts: [Int32] = []
    public private(set) var originStarts: [Int32] = []

    init() {}

    init(textStarts: [Int32], originStarts: [Int32]) {
        self.textStarts = textStarts
        self.originStarts = originStarts
    }

    mutating func add(text: Int, origin: Int32) {
        if let last = textStarts.last, Int(last) == text {
            originStarts[originStarts.count - 1] = origin
            return
        }
        textStarts.append(Int32(text))
        originStarts.append(origin)
    }

    /// The same map in storage of its size (it is built by appending, then kept).
    func exactlySized() -> OffsetMap {
        OffsetMap(textStarts: textStarts.exactlySized(), originStarts: originStarts.exactlySized())
    }

    /// The original document offset (scalars) of the text scalar at `offset`.
    public func originalOffset(ofText offset: Int) -> Int {
        var lo = 0, hi = textStarts.count - 1
        guard hi >= 0 else { return offset }
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if Int(textStarts[mid]) <= offset { lo = mid } else { hi = mid - 1 }
        }
        return Int(originStarts[lo]) + (offset - Int(textStarts[lo]))
    }
}

/// Builds normalised text from folded lines.
///
/// - Spaces between two Hanzi (or a Hanzi and anything) are PDF artefacts and are removed
///   (`凝聚力 量` → `凝聚力量`); a space between two ASCII letters or digits stays.
/// - Paragraphs are separated by one `\n`.
/// - `glue` joins a paragraph to the previous one without a break, for lines the PDF split
///   mid-sentence (`目标定` + `位,…`).
public struct TextBuilder {
    public private(set) var scalars: [UInt32] = []
    public private(set) var map = OffsetMap()
    private var expectedOrigin: Int32 = -1

    public init() {}

    public var isEmpty: Bool { scalars.isEmpty }
    public var last: UInt32? { scalars.last }

    /// Appends folded scalars `range` of `line`.
    ///
    /// A run of scalars without spaces whose origins follow one another is copied at once
    /// (it needs no checkpoint but at its start): appending them one by one checked the
    /// array's capacity and uniqueness at every scalar of the corpus.
    public mutating func append(_ line: FoldedLine, _ range: Range<Int>) {
        var prevKept: UInt32? = scalars.last
        let space = CharacterFolding.space
        line.scalars.withUnsafeBufferPointer { s in
            line.origins.withUnsafeBufferPointer { o in
                var i = range.lowerBound
                while i < range.upperBound {
                    let u = s[i]
                    if u == space {
                        // Keep only between two ASCII alphanumerics.
                        let next = i + 1 < range.upperBound ? s[i + 1] : 0
                        if let p = prevKept, CharacterFolding.isASCIIAlnum(p), CharacterFolding.isASCIIAlnum(next) {
                            emit(u, origin: o[i])
                            prevKept = u
                        }
                        i += 1
                        continue
                    }
                    var j = i + 1
                    while j < range.upperBound && s[j] != space && o[j] == o[j - 1] &+ 1 { j += 1 }
                    if o[i] != expectedOrigin { map.add(text: scalars.count, origin: o[i]) }
                    scalars.append(contentsOf: UnsafeBufferPointer(rebasing: s[i..<j]))
                    expectedOrigin = o[j - 1] &+ 1
                    prevKept = s[j - 1]
                    i = j
                }
            }
        }
    }

    /// Starts a new paragraph: one `\n`, mapped to the line break before `origin`.
    public mutating func paragraphBreak(origin: Int32) {
        guard let l = scalars.last, l != 0x0A else { return }
        emit(0x0A, origin: max(0, origin - 1))
    }

    /// Joins the next appended text to the previous paragraph. Two ASCII words get a space.
    public mutating func glue(nextFirst: UInt32?, origin: Int32) {
        if let l = scalars.last, let n = nextFirst, CharacterFolding.isASCIIAlnum(l), CharacterFolding.isASCIIAlnum(n) {
            emit(CharacterFolding.space, origin: max(0, origin - 1))
        }
    }

    @inline(__always)
    private mutating func emit(_ u: UInt32, origin: Int32) {
        if origin != expectedOrigin { map.add(text: scalars.count, origin: origin) }
        scalars.append(u)
        expectedOrigin = origin + 1
    }

    /// Appends another builder's text and offsets as they are.
    public mutating func appendBuilt(_ other: TextBuilder) {
        let shift = scalars.count
        for k in other.map.textStarts.indices {
            map.add(text: Int(other.map.textStarts[k]) + shift, origin: other.map.originStarts[k])
        }
        scalars.append(contentsOf: other.scalars)
        expectedOrigin = -1
    }

    /// Drops a trailing paragraph break.
    public mutating func trimEnd() {
        while let l = scalars.last, l == 0x0A || l == CharacterFolding.space { scalars.removeLast() }
    }

}
