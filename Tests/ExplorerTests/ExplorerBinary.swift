import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the real `explorer` binary, the one `make test` just built (`EXPLORER_BIN`), or the
/// newest under `.build/` when `swift test` is run by hand.
enum ExplorerBinary {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let seeds = root.appendingPathComponent("seeds").path

    static var path: String {
        if let p = ProcessInfo.processInfo.environment["EXPLORER_BIN"], FileManager.default.isExecutableFile(atPath: p) { return p }
        let candidates = ["release", "debug"].map { root.appendingPathComponent(".build/\($0)/explorer").path }
            .filter { FileManager.default.isExecutableFile(atPath: $0) }
        let newest = candidates.max { a, b in
            let da = (try? FileManager.default.attributesOfItem(atPath: a)[.modificationDate] as? Date) ?? .distantPast
            let db = (try? FileManager.default.attributesOfItem(atPath: b)[.modificationDate] as? Date) ?? .distantPast
            return da < db
        }
        return newest ?? "explorer-binary-not-built-run-make-test"
    }

    /// The tests' own index cache folder, so that no test reads a cache another build of the
    /// program left in the user's (or CI's) cache folder. A test that sets EXPLORER_CACHE_DIR
    /// itself keeps its own.
    /// Folders that earlier test processes left (one a process: a test run has no end hook)
    /// are removed once their process is gone.
    static let cacheDir: String = {
        let tmp = FileManager.default.temporaryDirectory
        let prefix = "explorer-tests-cache-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: tmp.path)) ?? [] where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { try? FileManager.default.removeItem(at: tmp.appendingPathComponent(name)) }
        }
        return tmp.appendingPathComponent(prefix + "\(getpid())").path
    }()

    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        if env["EXPLORER_CACHE_DIR"] == nil { env["EXPLORER_CACHE_DIR"] = cacheDir }
        for (k, v) in extra { env[k] = v.isEmpty ? nil : v }  // "" removes a variable
        return env
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs to completion with pipes; stdin is closed (not a terminal).
    static func run(_ args: [String], stdin: String = "", cwd: String? = nil) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        p.environment = environment()
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = inp
        try p.run()
        inp.fileHandleForWriting.write(stdin.data(using: .utf8)!)
        try inp.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a full pipe cannot block the child.
        var o = Data(), e = Data()
        let group = DispatchGroup()
        let box = DataBox()
        group.enter()
        DispatchQueue.global().async {
            box.set(err.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        o = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        e = box.get()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    final class DataBox: @unchecked Sendable {
        private var data = Data()
        private let lock = NSLock()
        func set(_ d: Data) { lock.lock(); data = d; lock.unlock() }
        func get() -> Data { lock.lock(); defer { lock.unlock() }; return data }
    }
}

/// The binary on a pseudo-terminal, as a person at a terminal runs it.
final class PTYSession {
    let process = Process()
    let master: Int32
    private var buffer = Data()

    /// `controlling`: run the program under util-linux `setsid --ctty --wait`, which makes our
    /// pseudo-terminal its controlling terminal, so that Ctrl-C typed while a query runs — the
    /// terminal then in cooked mode — becomes SIGINT, as in a real terminal. (Foundation's
    /// `Process` cannot do that itself.) Not `script -c`: it runs the program through `$SHELL`,
    /// and where that is unset (CI) dash stays in the foreground group, takes the SIGINT
    /// itself and exits 130.
    init(_ args: [String], environment: [String: String] = [:], controlling: Bool = false) throws {
        // posix_openpt/ptsname are not exported by Swift's Glibc module: the same through
        // /dev/ptmx and the Linux ioctls (TIOCSPTLCK unlocks, TIOCGPTN names the slave).
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        guard master >= 0 else { throw POSIXError(.ENOTTY) }
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard ioctl(master, 0x4004_5431, &unlock) == 0, ioctl(master, 0x8004_5430, &number) == 0 else {
            throw POSIXError(.ENOTTY)
        }
        let slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw POSIXError(.ENOTTY) }
        var ws = winsize(ws_row: 40, ws_col: 120, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(slave, UInt(TIOCSWINSZ), &ws)
        let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
        if controlling {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
            process.arguments = ["--ctty", "--wait", ExplorerBinary.path] + args
        } else {
            process.executableURL = URL(fileURLWithPath: ExplorerBinary.path)
            process.arguments = args
        }
        var env = ExplorerBinary.environment(environment)
        env["TERM"] = "xterm"
        env["LANG"] = "C.UTF-8"
        process.environment = env
        process.standardInput = handle
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    deinit {
        // SIGKILL: a test that failed must not leave a program running (a runaway query).
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        close(master)
    }

    /// Waits for the prompt, then a moment more: libedit prints the prompt just before it puts
    /// the terminal in raw mode, and a key typed in between (a test types in microseconds) is
    /// handled by the kernel's line discipline instead (Ctrl-D there is lost).
    func waitForPrompt(_ prompt: String = "explorer> ") -> Bool {
        let found = expect(prompt).found
        usleep(300_000)
        return found
    }

    func send(_ s: String) {
        let d = Array(s.utf8)
        _ = d.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Reads until `needle` shows up in the output (after what earlier calls consumed), or
    /// `seconds` pass. Returns everything read, so a failure message can show the screen.
    @discardableResult
    func expect(_ needle: String, seconds: Double = 10) -> (found: Bool, output: String) {
        let deadline = Date().addingTimeInterval(seconds)
        var chunk = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            let text = String(decoding: buffer, as: UTF8.self)
            if let r = text.range(of: needle) {
                let consumed = String(text[..<r.upperBound])
                buffer = Data(text[r.upperBound...].utf8)
                return (true, consumed)
            }
            var pfd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&pfd, 1, 100) > 0 {
                let n = read(master, &chunk, chunk.count)
                if n <= 0 { break }
                buffer.append(contentsOf: chunk[0..<n])
            }
        }
        return (false, String(decoding: buffer, as: UTF8.self))
    }

    func waitForExit(seconds: Double = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        var chunk = [UInt8](repeating: 0, count: 4096)
        while process.isRunning && Date() < deadline {
            var pfd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&pfd, 1, 50) > 0 { _ = read(master, &chunk, chunk.count) }
        }
        return process.isRunning ? nil : process.terminationStatus
    }
}
