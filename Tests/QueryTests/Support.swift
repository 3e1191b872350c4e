import Foundation
import Query

/// The checkout's root, found from this file's path, so tests run from any working folder.
let repoRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let seedsPath = repoRoot.appendingPathComponent("seeds").path

/// The seed corpus, loaded once for all tests.
let seedCorpus: Corpus = try! CorpusLoader.load(seedsPath)

/// A seed document's text as it is on disk (UTF-8): the corpus keeps no document bytes.
func seedText(_ name: String) -> String {
    String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: seedsPath).appendingPathComponent(name))) ?? Data(), as: UTF8.self)
}

func seedArticles(_ doc: String) -> [Article] {
    seedCorpus.articles.filter { $0.doc == doc }
}

/// A fresh temporary folder, removed by the caller with `cleanup`.
func temporaryFolder(_ name: String = #function) -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("explorer-tests-\(name.filter { $0.isLetter || $0.isNumber })-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func write(_ bytes: [UInt8], to url: URL) {
    try! Data(bytes).write(to: url)
}

/// GB18030 bytes of a string, through glibc iconv (the decoder under test uses its own
/// detection, so encoding with iconv here does not make the test circular).
func gb18030(_ s: String) -> [UInt8] {
    let data = s.data(using: String.Encoding(rawValue: 0x8000_0632))!
    return [UInt8](data)
}

func utf16(_ s: String, bigEndian: Bool) -> [UInt8] {
    var out: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
    for u in s.utf16 {
        if bigEndian { out += [UInt8(u >> 8), UInt8(u & 0xFF)] } else { out += [UInt8(u & 0xFF), UInt8(u >> 8)] }
    }
    return out
}
