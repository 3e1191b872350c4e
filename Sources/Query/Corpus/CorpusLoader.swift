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
    /// The BMP characters of the articles' texts, as bits, and in how many articles each
    /// occurs (`CharacterCensus`), when the loader gathered them; the index build finds them
    /// itself otherwise (and checks the counts: a corpus whose articles changed since is
    /// counted anew).
    public var characters: [UInt64]? = nil
    public var characterArticles: [UInt32]? = nil
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
        let (files, listingSkips) = try listFiles(path)
        let root = path
        var report = LoadReport()
        report.skipped = listingSkips

        let slots = UnsafeMutableBufferPointer<Loaded?>.allocate(capacity: files.count)
        slots.initialize(repeating: nil)
        defer { slots.deinitialize(); slots.deallocate() }
        let box = SlotBox(slots: slots)
        let census = CharacterCensus()
        DispatchQueue.concurrentPerform(iterations: files.count) { k in
            box.slots[k] = loadOne(files[k], census: census)
        }

        var documents: [Document] = []
        var articles: [Article] = []
        var furniture: [[FurnitureLine]] = []
        // Sized first: grown by appending, the array (140,548 articles of 216 bytes at 500 MB)
        // had been given room for 262,144, 26 MB never used, through the index build.
        articles.reserveCapacity(slots.reduce(0) { n, slot in
            if case .document(_, let arts, _, _, _) = slot { return n + arts.count }
            return n
        })
        for k in 0..<files.count {
            defer { slots[k] = nil }  // each file's articles are freed as they are moved
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
        let characters = census.result
        return Corpus(root: root, documents: documents, articles: articles, furniture: furniture, report: report,
                      characters: characters.bits, characterArticles: characters.articles)
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
        /// The path as the file system has it (bytes, NUL-terminated): names need not be UTF-8.
        var path: [CChar]
        /// Relative path for display and ids; bytes that are not UTF-8 are shown as \xNN.
        var name: String
        var size: Int
        /// Modification time in nanoseconds, from the same `stat` (for the cache's fingerprint).
        var modified: UInt64 = 0
    }

    /// Files larger than this are skipped with a warning (a corpus file is a page, not a dump).
    /// Read with `getenv`, not `ProcessInfo.environment`, which builds a dictionary of the
    /// whole environment at every call: asked once a file, that had been 2% of a load's CPU.
    public static var maxFileBytes: Int {
        if let value = getenv("EXPLORER_MAX_FILE_MB"), let mb = Int(String(cString: value)), mb > 0 { return mb << 20 }
        return 1 << 30
    }

    static func loadOne(_ file: ListedFile, census: CharacterCensus) -> Loaded {
        if file.size > maxFileBytes {
            return .skipped(SkippedFile(path: file.name, reason: String(format: "too large (%.1f GiB; the limit is %.1f GiB: split the file, or set EXPLORER_MAX_FILE_MB)", Double(file.size) / 1073741824, Double(maxFileBytes) / 1073741824)))
        }
        let fd = file.path.withUnsafeBufferPointer { open($0.baseAddress!, O_RDONLY) }
        guard fd >= 0 else { return .skipped(SkippedFile(path: file.name, reason: "cannot read (\(String(cString: strerror(errno))))")) }
        defer { close(fd) }
        // A file that shrank while it was read gives what is there.
        let bytes: [UInt8]
        switch FileIO.read(fd, size: file.size) {
        case .success(let b): bytes = b
        case .failure(let e): return .skipped(SkippedFile(path: file.name, reason: "cannot read (\(e.description))"))
        }
        let decoded = TextDecoding.decode(bytes)
        switch decoded {
        case .failure(let f):
            return .skipped(SkippedFile(path: file.name, reason: f.description))
        case .success(let d):
            if d.utf8.allSatisfy({ $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }) {
                return .skipped(SkippedFile(path: file.name, reason: bytes.isEmpty ? "empty file" : "no text (only white space)"))
            }
            var warning: String?
            if let at = d.firstReplacement {
                warning = "\(file.name): \(d.replacements) invalid UTF-8 sequence\(d.replacements == 1 ? "" : "s") replaced with U+FFFD (first at byte \(at))"
            }
            let doc = Document(name: file.name, encoding: d.encoding, utf8: d.utf8)
            var (articles, furn, scalars) = Segmenter.segmentKeepingScalars(doc)
            Extraction.extract(&articles, furniture: furn, scalars: scalars)
            census.count(scalars)  // the texts are these scalars, encoded
            // The corpus keeps the document's name and encoding, not its bytes: nothing reads them
            // after segmentation (the articles hold their text), and they were 1× the corpus
            // alive through the index build.
            let kept = Document(name: doc.name, encoding: doc.encoding, utf8: [], lines: [])
            return .document(kept, articles, furn, bytes: bytes.count, warning: warning)
        }
    }

    static func readReason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return ns.localizedDescription
    }

    /// Every `.txt` below `path`, sorted by relative path, read with POSIX calls so that
    /// names that are not UTF-8 are loaded too. Symbolic links to files are followed; links
    /// to folders are not (no loops) and are reported, as are broken links and special files
    /// (FIFOs would block a read). A `.txt` file given directly is a corpus of one.
    static func nanoseconds(_ t: timespec) -> UInt64 { UInt64(t.tv_sec) &* 1_000_000_000 &+ UInt64(t.tv_nsec) }

    static func listFiles(_ path: String) throws -> (files: [ListedFile], skipped: [SkippedFile]) {
        var st = stat()
        guard stat(path, &st) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { throw CorpusError.missing(path: path) }
            throw CorpusError.notReadable(path: path, reason: String(cString: strerror(errno)))
        }
        var files: [ListedFile] = []
        var skipped: [SkippedFile] = []
        if (st.st_mode & S_IFMT) != S_IFDIR {
            let name = (path as NSString).lastPathComponent
            return ([ListedFile(path: Array(path.utf8CString), name: name, size: Int(st.st_size), modified: nanoseconds(st.st_mtim))], [])
        }
        guard let dir = opendir(path) else {
            throw CorpusError.notReadable(path: path, reason: String(cString: strerror(errno)))
        }
        closedir(dir)
        walk(Array(path.utf8), relative: [], files: &files, skipped: &skipped)
        guard !files.isEmpty else {
            if !skipped.isEmpty { return ([], skipped) }
            throw CorpusError.empty(path: path)
        }
        files.sort { $0.name < $1.name }
        skipped.sort { $0.path < $1.path }
        return (files, skipped)
    }

    private static func walk(_ dirPath: [UInt8], relative: [UInt8], files: inout [ListedFile], skipped: inout [SkippedFile]) {
        guard let dir = opendir(dirPath.map { CChar(bitPattern: $0) } + [0]) else {
            skipped.append(SkippedFile(path: display(relative), reason: "cannot read folder (\(String(cString: strerror(errno))))"))
            return
        }
        defer { closedir(dir) }
        var entries: [[UInt8]] = []
        // The name is read in place, up to its NUL: glibc may return an entry shorter than
        // `struct dirent` at the end of its buffer, and copying the whole 256-byte `d_name`
        // read past it (AddressSanitizer caught it while files vanished during a load).
        let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        while let e = readdir(dir) {
            let p = UnsafeRawPointer(e).advanced(by: nameOffset).assumingMemoryBound(to: UInt8.self)
            let name = Array(UnsafeBufferPointer(start: p, count: strlen(UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self))))
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            entries.append(name)
        }
        for name in entries {
            let full = dirPath + [0x2F] + name
            let rel = relative.isEmpty ? name : relative + [0x2F] + name
            let cpath = full.map { CChar(bitPattern: $0) } + [0]
            var st = stat()
            guard lstat(cpath, &st) == 0 else { continue }
            let isTxt = name.count > 4 && String(decoding: name.suffix(4), as: UTF8.self).lowercased() == ".txt"
            switch st.st_mode & S_IFMT {
            case S_IFDIR:
                walk(full, relative: rel, files: &files, skipped: &skipped)
            case S_IFREG:
                if isTxt { files.append(ListedFile(path: cpath, name: display(rel), size: Int(st.st_size), modified: nanoseconds(st.st_mtim))) }
            case S_IFLNK:
                var target = stat()
                if stat(cpath, &target) != 0 {
                    if isTxt { skipped.append(SkippedFile(path: display(rel), reason: "broken symbolic link")) }
                } else if (target.st_mode & S_IFMT) == S_IFDIR {
                    skipped.append(SkippedFile(path: display(rel), reason: "symbolic link to a folder, not followed (it could loop)"))
                } else if (target.st_mode & S_IFMT) == S_IFREG {
                    if isTxt { files.append(ListedFile(path: cpath, name: display(rel), size: Int(target.st_size), modified: nanoseconds(target.st_mtim))) }
                } else if isTxt {
                    skipped.append(SkippedFile(path: display(rel), reason: "not a regular file"))
                }
            default:
                if isTxt { skipped.append(SkippedFile(path: display(rel), reason: "not a regular file (a FIFO, socket or device)")) }
            }
        }
    }

    /// UTF-8 as it is; other bytes as \xNN, so that every name can be shown and told apart.
    static func display(_ bytes: [UInt8]) -> String {
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        var out = ""
        var i = 0
        while i < bytes.count {
            var end = i + 1
            while end <= bytes.count, end - i <= 4 {
                if let s = String(validating: bytes[i..<end], as: UTF8.self) { out += s; break }
                end += 1
            }
            if end > bytes.count || end - i > 4 {
                out += String(format: "\\x%02x", bytes[i])
                end = i + 1
            }
            i = end
        }
        return out
    }
}
