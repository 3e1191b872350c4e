import CEdit
#if canImport(Glibc)
import Glibc
#endif

/// The interactive line reader: libedit with wide characters when stdin is a terminal, plain
/// `readLine` otherwise (scripts, pipes, CI), so that piped input prints no prompts.
final class LineEditor {
    enum Input {
        case line(String)
        case interrupted
        case end
    }

    private var el: OpaquePointer?
    private var history: OpaquePointer?
    let interactive: Bool
    /// Read by libedit's prompt callback; kept alive for the editor's lifetime.
    fileprivate var promptBytes: [CChar] = Array("explorer> ".utf8CString)
    /// Given the line up to the cursor: where the word being completed starts (in characters
    /// from the end of that text) and the candidates that would replace it.
    var completer: ((String) -> (wordLength: Int, candidates: [String]))?

    init(program: String) {
        interactive = cedit_is_tty(0) != 0 && cedit_is_tty(1) != 0
        guard interactive else { return }
        _ = cedit_setup_locale()
        el = cedit_init(program)
        history = cedit_history_init(1000)
        guard let el else { return }
        cedit_set_clientdata(el, Unmanaged.passUnretained(self).toOpaque())
        cedit_set_prompt(el) { el in
            let me = Unmanaged<LineEditor>.fromOpaque(cedit_get_clientdata(el)!).takeUnretainedValue()
            return me.promptBytes.withUnsafeMutableBufferPointer { $0.baseAddress }
        }
        cedit_set_editor(el, "emacs")
        cedit_set_signal(el, 1)
        if let history { cedit_set_history(el, history) }
        _ = cedit_source_default(el)
        cedit_add_function(el, "explorer-complete", "Complete commands, fields and values") { el, _ in
            guard let el, let data = cedit_get_clientdata(el) else { return UInt8(CC_ERROR) }
            return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().complete(el)
        }
        cedit_bind(el, "^I", "explorer-complete")
        cedit_install_sigint()
    }

    deinit {
        if let el { el_end(el) }
        if let history { history_end(history) }
    }

    func setPrompt(_ p: String) { promptBytes = Array(p.utf8CString) }

    // The SIGINT flag is a `static` variable of the C shim, so each object file that touches
    // it has its own copy (one per source file in a debug build; and a release build inlines
    // across files). Every access goes through these two functions, never inlined, in the
    // file that installs the handler.
    @inline(never) static func interruptPending() -> Bool { cedit_sigint_pending() != 0 }
    @inline(never) static func takeInterrupt() -> Bool { cedit_take_sigint() != 0 }

    /// Entries from a previous session, oldest first, for the arrow keys and Ctrl-R.
    func loadHistory(_ entries: [String]) {
        guard let history else { return }
        for e in entries { cedit_history_enter(history, e) }
    }

    func read() -> Input {
        guard interactive, let el else {
            guard let l = readLine(strippingNewline: true) else { return .end }
            return .line(l)
        }
        var count: Int32 = 0
        errno = 0
        guard let p = el_gets(el, &count) else {
            if LineEditor.takeInterrupt() || errno == EINTR { return .interrupted }
            return .end
        }
        if LineEditor.takeInterrupt() { return .interrupted }
        var line = String(cString: p)
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    func remember(_ entry: String) {
        if let history, !entry.trimmingCharacters(" \t").isEmpty { cedit_history_enter(history, entry) }
    }

    /// Tab: insert the completion, or the common part of several and list them.
    fileprivate func complete(_ el: OpaquePointer) -> UInt8 {
        guard let info = el_line(el)?.pointee, let completer else { return UInt8(CC_REFRESH_BEEP) }
        let count = info.cursor - info.buffer
        let before = String(decoding: UnsafeBufferPointer(start: UnsafeRawPointer(info.buffer).assumingMemoryBound(to: UInt8.self), count: count), as: UTF8.self)
        let (wordLength, candidates) = completer(before)
        guard !candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        let word = String(before.unicodeScalars.suffix(wordLength).map(Character.init))
        var common = candidates[0]
        for c in candidates.dropFirst() {
            while !c.hasPrefix(common) { common.removeLast() }
        }
        if common.count > word.count, common.hasPrefix(word) {
            _ = el_insertstr(el, String(common.dropFirst(word.count)))
            if candidates.count == 1 { return UInt8(CC_REFRESH) }
        }
        if candidates.count > 1 {
            let shown = candidates.prefix(40).joined(separator: "  ")
            print("\n" + shown + (candidates.count > 40 ? "  … \(candidates.count - 40) more" : ""))
            return UInt8(CC_REDISPLAY)
        }
        return UInt8(CC_REFRESH)
    }
}
