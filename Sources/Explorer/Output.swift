import Foundation
import CEdit
import Query

/// Buffered standard output. A closed pipe (`explorer … | head`) ends the process quietly
/// with status 0 instead of a crash or an error message.
enum Output {
    static func write(_ s: String) {
        var s = s
        s.withUTF8 { buf in
            guard let base = buf.baseAddress else { return }
            if fwrite(base, 1, buf.count, cedit_stdout()) < buf.count { closedPipe() }
        }
    }

    static func flush() {
        if fflush(cedit_stdout()) != 0 { closedPipe() }
    }

    static func closedPipe() -> Never {
        if errno == EPIPE { exit(0) }
        exit(1)
    }

    /// A line on stderr as it is (for FILE:LINE:COL messages).
    static func stderr(_ s: String) {
        FileHandle.standardError.write((s + "\n").data(using: .utf8)!)
    }

    static func warn(_ s: String) {
        FileHandle.standardError.write(("explorer: " + s + "\n").data(using: .utf8)!)
    }
}

/// The corpus folder: `--corpus`, else `seeds/` in the working folder, else the `seeds/`
/// of the checkout the binary was built in (so `.build/release/explorer` works from anywhere).
func resolveCorpusPath(_ given: String?) -> String {
    if let given { return given }
    let fm = FileManager.default
    if fm.fileExists(atPath: "seeds") { return "seeds" }
    let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    let candidate = exe.deletingLastPathComponent().appendingPathComponent("../../seeds").standardizedFileURL.path
    if fm.fileExists(atPath: candidate) { return candidate }
    return "seeds"
}

func loadCorpus(_ given: String?) -> Corpus {
    loadIndexedCorpus(given, useCache: false).corpus
}

/// The corpus and its index: from the index cache when it matches the corpus exactly (names,
/// sizes and times of every file, and this build), else built and the cache written. A damaged
/// or foreign cache is rebuilt, never trusted. `--no-cache` or EXPLORER_CACHE=off skip it.
func loadIndexedCorpus(_ given: String?, useCache: Bool) -> (corpus: Corpus, index: CorpusIndex) {
    let path = resolveCorpusPath(given)
    let cacheOn = useCache && ProcessInfo.processInfo.environment["EXPLORER_CACHE"] != "off"
    let cachePath = cacheOn ? IndexCache.path(for: path) : nil
    let fingerprint = cachePath == nil ? nil : try? IndexCache.fingerprint(path)
    if let cachePath, let fingerprint {
        switch IndexCache.load(cachePath, fingerprint: fingerprint) {
        case .success(let (corpus, index)):
            for s in corpus.report.skipped { Output.warn("warning: \(s)") }
            for w in corpus.report.warnings { Output.warn("warning: \(w)") }
            return (corpus, index)
        case .failure(.missing), .failure(.otherCorpus), .failure(.version):
            // Nothing wrong: no cache yet, files changed, or a cache of an older format (after
            // an upgrade). Only damage is worth a note.
            break
        case .failure(let f):
            Output.warn("note: rebuilding the index cache \(cachePath): \(f)")
        }
    }
    let corpus: Corpus
    do {
        corpus = try CorpusLoader.load(path)
    } catch let e as CorpusError {
        fail(e.description, code: 2)
    } catch {
        fail("cannot load corpus '\(path)': \(error)", code: 2)
    }
    for s in corpus.report.skipped { Output.warn("warning: \(s)") }
    for w in corpus.report.warnings { Output.warn("warning: \(w)") }
    let index = CorpusIndex(corpus: corpus)
    if let cachePath, let fingerprint {
        // Written on another thread while the session starts: at 500 MB the write takes
        // seconds (the disk's speed, past the kernel's dirty-page limit), and nothing needs it
        // until the next start. The process waits for it before exiting.
        _ = waitForCacheWritesAtExit
        pendingCacheWrites.enter()
        DispatchQueue.global().async {
            defer { pendingCacheWrites.leave() }
            do {
                try IndexCache.save(corpus, index: index, fingerprint: fingerprint, to: cachePath)
            } catch {
                Output.warn("note: cannot write the index cache \(cachePath) (\(error.localizedDescription)); the next start builds the index again")
            }
        }
    }
    return (corpus, index)
}

/// Index caches being written; `exit` waits for them.
let pendingCacheWrites = DispatchGroup()
/// Registers the wait, once (a global's initialiser runs once).
let waitForCacheWritesAtExit: Void = { atexit { pendingCacheWrites.wait() } }()
