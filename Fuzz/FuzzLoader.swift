// libFuzzer harness: decoding, normalisation, segmentation and extraction on arbitrary bytes,
// as if they were a corpus file. Built by `make fuzz` with Sources/Query (one module).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLoader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    switch TextDecoding.decode(UnsafeBufferPointer(start: data, count: size)) {
    case .failure(let f):
        _ = f.description
    case .success(let d):
        let doc = Document(name: "fuzz.txt", encoding: d.encoding, utf8: d.utf8)
        var (articles, furniture) = Segmenter.segment(doc)
        Extraction.extract(&articles, furniture: furniture)
        for a in articles {
            // Spans must stay inside the text they point into.
            let n = a.text.unicodeScalars.count
            for f in a.figures { precondition(f.start >= 0 && f.start <= f.end && f.end <= n) }
            for d in a.dates { precondition(d.start >= 0 && d.start <= d.end && d.end <= n) }
            _ = ArticleJSON.line(a)
        }
    }
    return 0
}
