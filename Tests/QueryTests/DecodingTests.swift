import Foundation
import Testing
import Query

/// Encoding detection on generated files: each case is the bytes a user's file may hold.
struct DecodingTests {
    static let sample = "本报讯(通讯员刘江林)近日,省委编办印发通报。\n凝聚力量，95.9%"

    static let encodings: [(String, [UInt8], SourceEncoding)] = [
        ("utf8", Array(sample.utf8), .utf8),
        ("utf8 BOM", [0xEF, 0xBB, 0xBF] + Array(sample.utf8), .utf8BOM),
        ("utf16le BOM", utf16(sample, bigEndian: false), .utf16LE),
        ("utf16be BOM", utf16(sample, bigEndian: true), .utf16BE),
        ("gb18030", gb18030(sample), .gb18030),
        ("ascii", Array("plain ascii text\n".utf8), .utf8),
    ]

    @Test(arguments: encodings.map { $0.0 })
    func detectsAndDecodes(_ name: String) throws {
        let (_, bytes, expected) = Self.encodings.first { $0.0 == name }!
        let r = try TextDecoding.decode(bytes).get()
        #expect(r.encoding == expected)
        #expect(r.firstReplacement == nil)
        let text = String(decoding: r.utf8, as: UTF8.self)
        #expect(text == (name == "ascii" ? "plain ascii text\n" : Self.sample))
    }

    @Test func gb18030FourByteSequences() throws {
        // 𠀀 (U+20000) and € are four-byte / two-byte in GB18030.
        let s = "𠀀€汉字"
        let r = try TextDecoding.decode(gb18030(s)).get()
        #expect(r.encoding == .gb18030)
        #expect(String(decoding: r.utf8, as: UTF8.self) == s)
    }

    /// A long UTF-8 file with one corrupt byte stays UTF-8: the byte becomes U+FFFD and is
    /// reported, instead of the whole file turning into GB18030 gibberish or being skipped.
    @Test func corruptByteInUTF8() throws {
        let good = String(repeating: "凝聚力量，", count: 10)
        let bytes = Array(good.utf8) + [0xFF] + Array("团结奋进".utf8)
        let r = try TextDecoding.decode(bytes).get()
        #expect(r.encoding == .utf8)
        #expect(r.firstReplacement == good.utf8.count)
        #expect(r.replacements == 1)
        #expect(String(decoding: r.utf8, as: UTF8.self) == good + "\u{FFFD}团结奋进")
    }

    static let failures: [(String, [UInt8], DecodeFailure)] = [
        ("NUL byte", Array("abc".utf8) + [0x00, 0x41], .binary(offset: 3)),
        ("GB18030 lead without trail", Array("ab".utf8) + [0x81], .undecodable(utf8ErrorAt: 2, gb18030ErrorAt: 2)),
        ("PNG header", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D], .binary(offset: 8)),
        ("odd UTF-16", [0xFF, 0xFE, 0x41, 0x00, 0x42], .invalidUTF16(offset: 4)),
        ("lone surrogate", [0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00], .invalidUTF16(offset: 2)),
        ("neither UTF-8 nor GB18030", [0x41, 0xC3, 0x28, 0xFF, 0xFF], .undecodable(utf8ErrorAt: 1, gb18030ErrorAt: 1)),
    ]

    @Test(arguments: failures.map { $0.0 })
    func rejectsWithOffset(_ name: String) {
        let (_, bytes, expected) = Self.failures.first { $0.0 == name }!
        switch TextDecoding.decode(bytes) {
        case .success(let r): Issue.record("decoded as \(r.encoding)")
        case .failure(let f): #expect(f == expected)
        }
    }

    /// A control byte anywhere in a block of eight, in the tail, or after allowed ones (line
    /// breaks, tabs, 0x1A/0x1B) is found at its offset; allowed ones alone are not binary.
    static let controlCases: [(Int, UInt8, Int?)] = [
        (0, 0x00, 0), (7, 0x01, 7), (8, 0x08, 8), (13, 0x1F, 13), (21, 0x00, 21), (3, 0x0E, 3),
        (5, 0x0A, nil), (9, 0x0D, nil), (2, 0x1A, nil), (16, 0x1B, nil), (22, 0x09, nil),
    ]

    @Test(arguments: controlCases)
    func controlBytesAtOffset(_ at: Int, _ byte: UInt8, _ expected: Int?) {
        // 23 bytes: Han (three bytes each), a line break, ASCII — two blocks and a tail.
        var bytes = Array("凝聚力\n量ab团结cd".utf8)
        #expect(bytes.count == 23)
        bytes[at] = byte
        let found = bytes.withUnsafeBufferPointer { TextDecoding.firstControlByte($0) }
        #expect(found == expected)
    }

    static let utf8Cases: [([UInt8], Int?)] = [
        ([0xE4, 0xB8, 0xAD], nil),           // 中
        ([0xE4, 0xB8], 0),                   // truncated
        ([0xC0, 0x80], 0),                   // overlong NUL
        ([0xED, 0xA0, 0x80], 0),             // surrogate
        ([0xF4, 0x90, 0x80, 0x80], 0),       // > U+10FFFF
        (Array("12345678".utf8) + [0x80], 8), // after the ASCII fast path
        ([0xF0, 0x9F, 0x98, 0x80], nil),     // 😀
    ]

    @Test(arguments: utf8Cases)
    func strictUTF8(_ bytes: [UInt8], _ invalidAt: Int?) {
        #expect(bytes.withUnsafeBufferPointer { TextDecoding.firstInvalidUTF8($0) } == invalidAt)
    }

    @Test func utf8AgreesWithFoundationOnRandomBytes() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let n = Int.random(in: 0..<12, using: &rng)
            let bytes = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let ours = bytes.withUnsafeBufferPointer { TextDecoding.firstInvalidUTF8($0) } == nil
            let theirs = String(validating: bytes, as: UTF8.self) != nil
            #expect(ours == theirs, "bytes \(bytes)")
        }
    }

    /// The offset of the first invalid sequence by the standard library's own UTF-8 parser.
    static func standardFirstInvalid(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var it = bytes.makeIterator()
        var at = 0
        while true {
            switch parser.parseScalar(from: &it) {
            case .valid(let e): at += e.count
            case .emptyInput: return nil
            case .error: return at
            }
        }
    }

    /// CJK text (three-byte sequences, which have their own fast path), ASCII and four-byte
    /// emoji, with a few bytes overwritten — E0 and ED leads, stray continuations, truncations
    /// — at every offset of an 8-byte word: the first invalid offset is the standard parser's.
    @Test func utf8AgreesWithTheStandardParserOnDamagedText() {
        var rng = SystemRandomNumberGenerator()
        let pieces = ["中", "凝聚力", "a", "12", "\n", "😀", "é", "\u{E000}", "\u{FFFD}"].map { Array($0.utf8) }
        let damage: [UInt8] = [0xE0, 0xED, 0x80, 0xBF, 0xA0, 0x9F, 0xEF, 0xC0, 0xF4, 0xFF, 0x41]
        var invalid = 0
        for _ in 0..<5000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0..<14, using: &rng) { bytes += pieces.randomElement(using: &rng)! }
            for _ in 0..<Int.random(in: 0..<3, using: &rng) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = damage.randomElement(using: &rng)!
            }
            if Bool.random(using: &rng), !bytes.isEmpty { bytes.removeLast() }
            let expected = Self.standardFirstInvalid(bytes)
            if expected != nil { invalid += 1 }
            #expect(bytes.withUnsafeBufferPointer { TextDecoding.firstInvalidUTF8($0) } == expected, "bytes \(bytes)")
        }
        #expect(invalid > 1000)
    }

    /// Line splitting reads eight bytes at a time: lines of every length, breaks of every kind
    /// at every offset of a word, give the lines and scalar offsets a byte-by-byte reading does.
    @Test func lineBreaksAtEveryOffsetOfAWord() {
        var rng = SystemRandomNumberGenerator()
        let pieces = ["一", "a", "\n", "\r", "\r\n", "😀", "é", "凝聚力", "12345678"]
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0..<20, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let doc = Document(name: "x.txt", encoding: .utf8, utf8: Array(text.utf8))
            // By scalars: a line ends at LF, CR or CRLF; a final line without a break counts.
            var lines: [String] = [], starts: [Int] = [], current = "", start = 0, k = 0
            let scalars = Array(text.unicodeScalars)
            while k < scalars.count {
                let u = scalars[k]
                if u == "\n" || u == "\r" {
                    lines.append(current); starts.append(start)
                    if u == "\r", k + 1 < scalars.count, scalars[k + 1] == "\n" { k += 1 }
                    k += 1; start = k; current = ""
                    continue
                }
                current.unicodeScalars.append(u)
                k += 1
            }
            if !current.isEmpty { lines.append(current); starts.append(start) }
            #expect(doc.lines.map { doc.text(of: $0) } == lines, "\(Array(text.utf8))")
            #expect(doc.lines.map(\.scalarStart) == starts, "\(Array(text.utf8))")
            #expect(doc.lines.map(\.number) == Array(1...max(1, lines.count)).prefix(lines.count).map { $0 })
        }
    }

    @Test func lineBreaks() {
        let doc = Document(name: "x.txt", encoding: .utf8, utf8: Array("一\r\n二\r三\n\n四".utf8))
        #expect(doc.lines.map { doc.text(of: $0) } == ["一", "二", "三", "", "四"])
        #expect(doc.lines.map(\.scalarStart) == [0, 3, 5, 7, 8])
    }
}
