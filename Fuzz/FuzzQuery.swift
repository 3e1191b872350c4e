// libFuzzer harness: the query lexer, parser, compiler and executor on arbitrary bytes, over
// the seed corpus. Built by `make fuzz` together with Sources/Query (one module), never by
// `swift build`.
import Foundation

let fuzzEngine: QueryEngine = {
    let seeds = ProcessInfo.processInfo.environment["FUZZ_SEEDS"] ?? "seeds"
    let corpus = try! CorpusLoader.load(seeds)
    return QueryEngine(index: CorpusIndex(articles: corpus.articles))
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzQuery(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let result = try fuzzEngine.run(text)
        _ = result.articles.count
    } catch {
        // A positioned error must point inside the query.
        precondition(error.range.lowerBound <= text.unicodeScalars.count)
        _ = error.render(Source(text))
    }
    return 0
}
