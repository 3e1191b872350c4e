// libFuzzer harness: decoding, normalisation, segmentation and extraction on arbitrary bytes,
// as if they were a corpus file. Built by `make fuzz` with Sources/Query (one module).
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLoader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let decoded = TextDecoding.decode(UnsafeBufferPointer(start: data, count: size))
    // The loader's entry (an array, kept as it is when plain UTF-8) decodes as the buffer does.
    switch (decoded, TextDecoding.decode(Array(UnsafeBufferPointer(start: data, count: size)))) {
    case (.success(let a), .success(let b)): precondition(a.utf8 == b.utf8 && a.encoding == b.encoding && a.replacements == b.replacements)
    case (.failure(let a), .failure(let b)): precondition(a == b)
    default: preconditionFailure("decode(array) and decode(buffer) disagree")
    }
    switch decoded {
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
        samePositionsWhoeverPlaces(articles)
    }
    return 0
}

/// The pair positions placed by one thread and by two — the second placing the back half of the
/// articles, read backwards — are the same words and checkpoints (`PairPositions.Build`).
func samePositionsWhoeverPlaces(_ articles: [Article]) {
    let texts = ArticleTexts.of(articles)
    guard texts.count > 0, let starts = PairPositions.starts(texts) else { return }
    let alone = PairPositions.build(texts, starts: starts)
    let build = PairPositions.Build(texts, starts: starts, characters: nil, fingerprintBits: .max, placedFromTheBack: texts.count / 2)
    let helped = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
        build.help()
        helped.signal()
    }
    let shared = build.run(helped: true)
    helped.wait()
    precondition(alone.postings.keys == shared.postings.keys && alone.postings.starts == shared.postings.starts)
    let same = alone.postings.ids.withUnsafeBufferPointer { a in shared.postings.ids.withUnsafeBufferPointer { b in a.elementsEqual(b) } }
    precondition(same && alone.checkpoints == shared.checkpoints && alone.fingerprintBits == shared.fingerprintBits)
}
