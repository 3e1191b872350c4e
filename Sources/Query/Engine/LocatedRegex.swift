/// A regular expression decided only where its required literal occurs, found through the pair
/// positions, without reading the rest of the text.
///
/// When every scalar a match can hold lies in a small alphabet (`[0-9.]+亿元`: digits, the
/// point, 亿 and 元), a match holding an occurrence of the literal lies inside the longest run
/// of alphabet scalars around that occurrence. The pair positions tell where the literal
/// occurs, the index's checkpoints where that is in the text's bytes; the automaton then reads
/// each run only. Exact, for the patterns `RegexAutomaton` takes (they have no anchors and no
/// lookaround: a match in a run is a match in the text), given that every match holds the
/// literal. Cost: O(occurrences × (63 + run)) bytes instead of every candidate's whole text
/// (120 MB at 500 MB for `[0-9.]+亿元`).
struct LocatedRegex: Sendable {
    let automaton: RegexAutomaton
    /// The literal's scalars, and its length in UTF-8.
    let literal: [UInt32]
    let literalBytes: Int
    let alphabet: ScalarMembership

    /// Past this many Hanzi in the alphabet, runs would be whole sentences: the text is read
    /// as before.
    static let maxHanzi = 64

    /// nil unless the pattern has an automaton, a required literal of two or more characters
    /// whose pairs the positions keep (`PairPositions.isIndexed`: no punctuation), and a small
    /// alphabet.
    init?(literals: [String], automaton: RegexAutomaton?) {
        guard let automaton, let literal = literals.filter({ $0.unicodeScalars.count >= 2 && PairPositions.indexes($0.unicodeScalars.map(\.value)) })
                .max(by: { $0.unicodeScalars.count < $1.unicodeScalars.count }) else { return nil }
        let alphabet = automaton.alphabet
        let hanzi = alphabet.ranges.reduce(0) { n, r in
            let lo = max(r.lowerBound, 0x4E00), hi = min(r.upperBound, 0x9FFF)
            return n + (lo <= hi ? Int(hi - lo) + 1 : 0)
        }
        guard hanzi <= Self.maxHanzi else { return nil }
        self.automaton = automaton
        self.literal = literal.unicodeScalars.map(\.value)
        self.literalBytes = literal.utf8.count
        self.alphabet = ScalarMembership(alphabet)
    }

    /// The articles (ascending) holding a match, on every core, read only where the literal
    /// occurs (`CorpusIndex.articles(atOccurrences:)`).
    func articles(_ index: CorpusIndex, _ positions: PairPositions, isCancelled: @escaping @Sendable () -> Bool) -> [UInt32] {
        let this = self
        return index.articles(atOccurrences: positions.occurrenceStarts(of: literal), of: positions, isCancelled: isCancelled) { text, k, occurrences in
            this.matches(text, article: k, occurrences: occurrences, positions)
        }
    }

    func matches(_ text: UnsafeBufferPointer<UInt8>, article k: Int, occurrences: ArraySlice<UInt32>, _ positions: PairPositions) -> Bool {
        guard let base = text.baseAddress else { return false }
        var scannedTo = -1
        for o in occurrences {
            // (No checkpoint for it: a damaged cache; the whole text decides.)
            guard let at = positions.byteOffset(ofPosition: o, article: k, text: text) else { return automaton.matches(text) }
            if at < scannedTo { continue }
            var lo = at
            while lo > 0 {
                var s = lo - 1
                while s > 0 && text[s] & 0xC0 == 0x80 { s -= 1 }
                guard alphabet.contains(UTF8Scalars.decode(base, at: s, count: text.count).scalar) else { break }
                lo = s
            }
            var hi = min(text.count, at + literalBytes)
            while hi < text.count {
                let (u, length) = UTF8Scalars.decode(base, at: hi, count: text.count)
                guard alphabet.contains(u) else { break }
                hi += length
            }
            scannedTo = hi
            if automaton.matches(UnsafeBufferPointer(rebasing: text[lo..<hi])) { return true }
        }
        return false
    }
}

/// Membership in a set of scalars in O(1) for the BMP (a bitmap, 8 KB); beyond it, a scan of
/// the set's few ranges there.
struct ScalarMembership: Sendable {
    private let bmp: [UInt64]
    private let far: [ClosedRange<UInt32>]

    init(_ set: ScalarSet) {
        var bits = [UInt64](repeating: 0, count: 1024)
        var far: [ClosedRange<UInt32>] = []
        for r in set.ranges {
            if r.lowerBound < 0x10000 {
                for u in r.lowerBound...min(r.upperBound, 0xFFFF) { bits[Int(u >> 6)] |= 1 << UInt64(u & 63) }
            }
            if r.upperBound >= 0x10000 { far.append(max(r.lowerBound, 0x10000)...r.upperBound) }
        }
        bmp = bits
        self.far = far
    }

    @inline(__always) func contains(_ u: UInt32) -> Bool {
        if u < 0x10000 { return bmp[Int(u >> 6)] >> UInt64(u & 63) & 1 == 1 }
        return far.contains { $0.contains(u) }
    }
}
