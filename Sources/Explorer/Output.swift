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
    let path = resolveCorpusPath(given)
    do {
        let corpus = try CorpusLoader.load(path)
        for s in corpus.report.skipped { Output.warn("warning: \(s)") }
        for w in corpus.report.warnings { Output.warn("warning: \(w)") }
        return corpus
    } catch let e as CorpusError {
        fail(e.description, code: 2)
    } catch {
        fail("cannot load corpus '\(path)': \(error)", code: 2)
    }
}
