// libFuzzer harness: the index-cache reader on arbitrary bytes. The fingerprint is taken from
// the input's own header, so that mutations reach the payload decoder, not only the checks.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCache(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var fingerprint: UInt64 = 0
    if bytes.count >= 20 {
        for k in 0..<8 { fingerprint |= UInt64(bytes[12 + k]) << (8 * UInt64(k)) }
    }
    switch IndexCache.decode(bytes, fingerprint: fingerprint) {
    case .success(let (corpus, index)):
        _ = QueryEngine(index: index).execute(Pipeline(filter: .text("党建"), stages: []))
        for a in corpus.articles { _ = ArticleJSON.line(a) }
    case .failure(let f):
        _ = f.description
    }
    return 0
}
