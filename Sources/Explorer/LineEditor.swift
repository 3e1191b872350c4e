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
        cedit_install_sigint()
    }

    deinit {
        if let el { el_end(el) }
        if let history { history_end(history) }
    }

    func setPrompt(_ p: String) { promptBytes = Array(p.utf8CString) }

    func read() -> Input {
        guard interactive, let el else {
            guard let l = readLine(strippingNewline: true) else { return .end }
            return .line(l)
        }
        var count: Int32 = 0
        errno = 0
        guard let p = el_gets(el, &count) else {
            if cedit_take_sigint() != 0 || errno == EINTR { return .interrupted }
            return .end
        }
        if cedit_take_sigint() != 0 { return .interrupted }
        var line = String(cString: p)
        if line.hasSuffix("\n") { line.removeLast() }
        if let history, !line.trimmingCharacters(in: " \t").isEmpty { cedit_history_enter(history, line) }
        return .line(line)
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
