/// Folding of the characters that PDF extraction and typesetting mix: full-width ASCII
/// (`（` `：` `，` `１`) to ASCII, curly quotes to straight ones, every kind of space to one
/// space, and zero-width marks to nothing. Folding maps one scalar to at most one scalar, so
/// offsets in scalars survive it. The query language folds with the same function.
public enum CharacterFolding {
    /// Returned for scalars that are dropped.
    public static let dropped: UInt32 = 0
    public static let space: UInt32 = 0x20

    @inline(__always)
    public static func fold(_ u: UInt32) -> UInt32 {
        if u < 0x80 {
            return (u == 0x09 || u == 0x0B || u == 0x0C) ? space : u
        }
        switch u {
        case 0xFF01...0xFF5E: return u - 0xFEE0        // full-width ASCII
        case 0x3000, 0x00A0, 0x2000...0x200A, 0x202F, 0x205F: return space
        case 0x200B...0x200D, 0x2060, 0xFEFF: return dropped
        case 0x201C, 0x201D, 0x201E, 0x2033: return 0x22  // “ ” „ ″ → "
        case 0x2018, 0x2019, 0x2032: return 0x27           // ‘ ’ ′ → '
        case 0x30FB, 0xFF65, 0x2022: return 0xB7           // ・ ･ • → ·
        case 0xFE50: return 0x2C                            // small comma
        case 0xFE52: return 0x2E
        default: return u
        }
    }

    /// Folds a whole string the way corpus text is folded, collapsing spaces. For queries.
    public static func fold(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for sc in s.unicodeScalars {
            let f = fold(sc.value)
            if f == dropped { continue }
            out.append(Unicode.Scalar(f)!)
        }
        return String(out)
    }

    @inline(__always)
    public static func isHan(_ u: UInt32) -> Bool {
        (u >= 0x4E00 && u <= 0x9FFF) || (u >= 0x3400 && u <= 0x4DBF) || (u >= 0x20000 && u <= 0x2FA1F)
            || (u >= 0xF900 && u <= 0xFAFF)
    }

    @inline(__always)
    public static func isASCIIAlnum(_ u: UInt32) -> Bool {
        (u >= 0x30 && u <= 0x39) || (u >= 0x41 && u <= 0x5A) || (u >= 0x61 && u <= 0x7A)
    }

    /// Punctuation that ends a sentence or closes one (。！？…” and the closing brackets):
    /// a paragraph ending in one of these is a real paragraph end, never glued to the next.
    @inline(__always)
    public static func isTerminal(_ u: UInt32) -> Bool {
        switch u {
        case 0x3002, 0x21, 0x3F, 0x2026, 0x22, 0x27, 0x29, 0x5D, 0x300D, 0x300F, 0x3011, 0x300B, 0x3009,
             0x2E, 0x3B:  // 。 ! ? … " ' ) ] 」 』 】 》 〉 . ;
            return true
        default:
            return false
        }
    }
}
