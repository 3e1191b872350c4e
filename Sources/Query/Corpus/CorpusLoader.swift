import Foundation
import Dispatch

/// Why loading a corpus could not start at all. The CLI maps these to exit code 2.
public enum CorpusError: Error, Equatable, CustomStringConvertible {
    case missing(path: String)
    case notReadable(path: String, reason: String)
    case empty(path: String)

    public var description: String {
        switch self {
        case .missing(let p): return "corpus folder '\(p)' does not exist"
        case .notReadable(let p, let r): return "cannot read corpus folder '\(p)': \(r)"
        case .empty(let p): return "no .txt files under '\(p)'"
        }
    }
}

/// A file that was not loaded, and why. Every skipped file is reported; none is dropped silently.
public struct SkippedFile: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "skipped \(path): \(reason)" }
}

/// What a load read, found and skipped.
public struct LoadReport: Sendable {
    public var filesRead = 0
    public var bytesRead = 0
    public var articles = 0
    public var skipped: [SkippedFile] = []
    /// Files loaded with a repair (corrupt bytes replaced); each names the file and the offset.
    public var warnings: [String] = []
    public var seconds: Double = 0

    public var summary: String {
        let mb = Double(bytesRead) / 1_048_576
        return "\(filesRead) file\(filesRead == 1 ? "" : "s") read (\(String(format: "%.1f", mb)) MB), "
            + "\(articles) article\(articles == 1 ? "" : "s") found, \(skipped.count) file\(skipped.count == 1 ? "" : "s") skipped"
    }
}

/// A loaded corpus: documents, their articles and the page furniture that belongs to none.
public struct Corpus: Sendable {
    public var root: String
    public var documents: [Document]
    public var articles: [Article]
    /// Page credits and other furniture per document (`责任编辑:…`), kept for extraction.
    public var furniture: [[FurnitureLine]]
    public var report: LoadReport
}

public struct FurnitureLine: Sendable {
    public var line: Int
    public var kind: LineKind.Furniture
    public var text: String
}

/// Loads every `.txt` file below a folder (or one file): read → decode → normalise → segment.
///
/// Files are processed in parallel, each worker owning disjoint slots of the result array, and
/// results are kept in path order so that ids and output are the same on every run.
/// Time O(total bytes); memory ≈ 2× the text (the document and its articles' text).
public enum CorpusLoader {
    public static func load(_ path: String) throws -> Corpus {
        let started = Date()
        let files = try listFiles(path)
        let root = path
        var report = LoadReport()

        let slots = UnsafeMutableBufferPointer<Loaded?>.allocate(capacity: files.count)
        slots.initialize(repeating: nil)
        defer { slots.deinitialize(); slots.deallocate() }
        let box = SlotBox(slots: slots)
        DispatchQueue.concurrentPerform(iterations: files.count) { k in
            box.slots[k] = loadOne(files[k])
        }

        var documents: [Document] = []
        var articles: [Article] = []
        var furniture: [[FurnitureLine]] = []
        for k in 0..<files.count {
            switch slots[k]! {
            case .skipped(let s):
                report.skipped.append(s)
            case .document(let doc, let arts, let furn, let bytes, let warning):
                if let warning { report.warnings.append(warning) }
                let index = documents.count
                documents.append(doc)
                furniture.append(furn)
                for var a in arts {
                    a.docIndex = index
                    articles.append(a)
                }
                report.filesRead += 1
                report.bytesRead += bytes
            }
        }
        report.articles = articles.count
        report.seconds = Date().timeIntervalSince(started)
        return Corpus(root: root, documents: documents, articles: articles, furniture: furniture, report: report)
    }

    enum Loaded {
        case document(Document, [Article], [FurnitureLine], bytes: Int, warning: String?)
        case skipped(SkippedFile)
    }

    /// Each worker writes only its own slot `k`; the buffer outlives `concurrentPerform`.
    struct SlotBox: @unchecked Sendable {
        let slots: UnsafeMutableBufferPointer<Loaded?>
    }

    struct ListedFile: Sendable {
        var url: URL
        var name: String
    }

    static func loadOne(_ file: ListedFile) -> Loaded {
        let data: Data
        do {
            data = try Data(contentsOf: file.url, options: [.mappedIfSafe])
        } catch {
            return .skipped(SkippedFile(path: file.name, reason: "cannot read (\(readReason(error)))"))
        }
        let decoded: Result<DecodedText, DecodeFailure> = data.withUnsafeBytes { raw in
            TextDecoding.decode(raw.bindMemory(to: UInt8.self))
        }
        switch decoded {
        case .failure(let f):
            return .skipped(SkippedFile(path: file.name, reason: f.description))
        case .success(let d):
            if d.utf8.allSatisfy({ $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }) {
                return .skipped(SkippedFile(path: file.name, reason: data.isEmpty ? "empty file" : "no text (only white space)"))
            }
            var warning: String?
            if let at = d.firstReplacement {
                warning = "\(file.name): \(d.replacements) invalid UTF-8 sequence\(d.replacements == 1 ? "" : "s") replaced with U+FFFD (first at byte \(at))"
            }
            let doc = Document(name: file.name, encoding: d.encoding, utf8: d.utf8)
            var (articles, furn) = Segmenter.segment(doc)
            Extraction.extract(&articles, furniture: furn)
            return .document(doc, articles, furn, bytes: data.count, warning: warning)
        }
    }

    static func readReason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return ns.localizedDescription
    }

    /// Every `.txt` below `path`, sorted by relative path; symbolic links to folders are not
    /// followed (no loops). A `.txt` file given directly is a corpus of one file.
    static func listFiles(_ path: String) throws -> [ListedFile] {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDir) else { throw CorpusError.missing(path: path) }
        let rootURL = URL(fileURLWithPath: path).standardizedFileURL
        if !isDir.boolValue {
            return [ListedFile(url: rootURL, name: rootURL.lastPathComponent)]
        }
        guard fm.isReadableFile(atPath: path) else {
            throw CorpusError.notReadable(path: path, reason: "permission denied")
        }
        guard let e = fm.enumerator(at: rootURL, includingPropertiesForKeys: [.isRegularFileKey, .isSymbolicLinkKey], options: [], errorHandler: { _, _ in true }) else {
            throw CorpusError.notReadable(path: path, reason: "cannot list")
        }
        let rootPath = rootURL.path.hasSuffix("/") ? rootURL.path : rootURL.path + "/"
        var files: [ListedFile] = []
        for case let url as URL in e {
            guard url.pathExtension.lowercased() == "txt" else { continue }
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey])
            guard values?.isRegularFile == true else { continue }
            var name = url.standardizedFileURL.path
            if name.hasPrefix(rootPath) { name.removeFirst(rootPath.count) }
            files.append(ListedFile(url: url, name: name))
        }
        guard !files.isEmpty else { throw CorpusError.empty(path: path) }
        files.sort { $0.name < $1.name }
        return files
    }
}
