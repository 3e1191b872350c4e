import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The prompt's history, kept in a plain text file: one entry a line, `\n` and `\\` escaped
/// inside an entry (multi-line queries). Written so that two running REPLs never corrupt it:
/// each entry is appended under an exclusive `flock` with one `write` call, and the file is
/// compacted (rewritten to a temporary file, then renamed) under the same lock. A file that is
/// not history (binary, invalid UTF-8) is set aside with a warning, never deleted.
///
/// Location: `--history FILE`, else `$EXPLORER_HISTORY`, else
/// `$XDG_STATE_HOME/corpus-explorer/history`, else `~/.local/state/corpus-explorer/history`.
final class History {
    let path: String?
    private(set) var entries: [String] = []
    static let keep = 1000

    init(path: String?) {
        self.path = path
    }

    static func defaultPath(_ given: String?) -> String? {
        if let given { return given }
        let env = ProcessInfo.processInfo.environment
        if let p = env["EXPLORER_HISTORY"] { return p.isEmpty ? nil : p }
        if let s = env["XDG_STATE_HOME"], !s.isEmpty { return s + "/corpus-explorer/history" }
        if let h = env["HOME"], !h.isEmpty { return h + "/.local/state/corpus-explorer/history" }
        return nil
    }

    /// Reads the file; returns a warning when it had to be set aside.
    func load() -> String? {
        guard let path else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        guard !data.contains(0), let text = String(data: data, encoding: .utf8) else {
            let aside = path + ".corrupt-\(Int(Date().timeIntervalSince1970))"
            try? FileManager.default.moveItem(atPath: path, toPath: aside)
            return "history file \(path) is not text; set aside as \(aside), starting a new one"
        }
        entries = text.split(separator: "\n").map { History.unescape(String($0)) }
        if entries.count > History.keep { entries = Array(entries.suffix(History.keep)) }
        return nil
    }

    func add(_ entry: String) {
        guard !entry.trimmingCharacters(" \t\n").isEmpty, entries.last != entry else { return }
        entries.append(entry)
        guard let path else { return }
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { return }
        defer { flock(fd, LOCK_UN) }
        let line = Array((History.escape(entry) + "\n").utf8)
        _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        compactIfLarge(fd)
    }

    /// Keeps the file to the last `keep * 2` entries; the caller holds the lock.
    private func compactIfLarge(_ fd: Int32) {
        guard let path, let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, size > 512 * 1024 else { return }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return }
        let lines = text.split(separator: "\n").suffix(History.keep * 2)
        let temp = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temp, contents: (lines.joined(separator: "\n") + "\n").data(using: .utf8)) else { return }
        _ = rename(temp, path)
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func unescape(_ s: String) -> String {
        var out = ""
        var escaping = false
        for c in s {
            if escaping {
                out.append(c == "n" ? "\n" : c)
                escaping = false
            } else if c == "\\" {
                escaping = true
            } else {
                out.append(c)
            }
        }
        return out
    }
}
