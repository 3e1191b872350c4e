// libFuzzer harness: the index-cache reader on arbitrary bytes. The fingerprint is taken from
// the input's own header, so that mutations reach the payload decoder, not only the checks.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCache(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // Most inputs also get a true length and checksum (header bytes 20–35), so that mutated
    // payloads reach the decoder's own checks — what a cache damaged past its checksum would.
    if bytes.count >= 36, size % 4 != 0 {
        let payload = Array(bytes[36...])
        let length = UInt64(payload.count), sum = IndexCache.checksum(payload)
        for k in 0..<8 {
            bytes[20 + k] = UInt8(truncatingIfNeeded: length >> (8 * UInt64(k)))
            bytes[28 + k] = UInt8(truncatingIfNeeded: sum >> (8 * UInt64(k)))
        }
    }
    var fingerprint: UInt64 = 0
    if bytes.count >= 20 {
        for k in 0..<8 { fingerprint |= UInt64(bytes[12 + k]) << (8 * UInt64(k)) }
    }
    switch IndexCache.decode(bytes, fingerprint: fingerprint) {
    case .success(let (corpus, index)):
        // A pair, and phrases probed through the pair positions' fingerprints (a damaged
        // width or word must give a wrong answer at worst, never a trap).
        let engine = QueryEngine(index: index)
        for text in ["党建", "共同缔造", "我们的党建", "营商环境评价"] {
            _ = engine.execute(Pipeline(filter: .text(text), stages: []))
        }
        for a in corpus.articles { _ = ArticleJSON.line(a) }
    case .failure(let f):
        _ = f.description
    }
    return 0
}
