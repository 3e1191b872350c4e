/// A `String` hashed and compared by its UTF-8 bytes. `String`'s own hashing and `==`
/// normalise non-ASCII text (NFC) first; names that came out of the same normalisation are
/// equal exactly when their bytes are, so grouping them (the field indexes, the regions of an
/// article) needs none of it.
struct UTF8Key: Hashable {
    let string: String

    init(_ string: String) { self.string = string }

    func hash(into hasher: inout Hasher) {
        var s = string
        s.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    static func == (a: UTF8Key, b: UTF8Key) -> Bool {
        a.string.utf8.count == b.string.utf8.count && a.string.utf8.elementsEqual(b.string.utf8)
    }
}
