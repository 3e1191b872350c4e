#if canImport(Glibc)
import Glibc
#endif

/// Whole-file reads and writes on descriptors, taking partial reads and writes (and EINTR) as
/// they come: `read(2)` returns at most ≈ 2 GiB a call, and Foundation's file writing
/// corrupted a cache past 2 GiB. The corpus loader and the index cache both go through here.
enum FileIO {
    /// Up to `size` bytes from `fd`: fewer when the file shrank while it was read; the `errno`
    /// of a read that failed.
    static func read(_ fd: Int32, size: Int) -> Result<[UInt8], Errno> {
        var failure: Int32?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buf, count in
            var done = 0
            while done < size {
                let n = Glibc.read(fd, buf.baseAddress! + done, size - done)
                if n < 0 && errno == EINTR { continue }
                if n < 0 { failure = errno; break }
                if n == 0 { break }
                done += n
            }
            count = done
        }
        return failure.map { .failure(Errno(code: $0)) } ?? .success(bytes)
    }

    /// Writes the parts one after the other to a new file at `path` (no concatenated copy).
    static func write(_ path: String, _ parts: [[UInt8]]) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return false }
        var ok = true
        for part in parts where ok {
            part.withUnsafeBytes { raw in
                var done = 0
                while done < raw.count {
                    let n = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { ok = false; return }
                    done += n
                }
            }
        }
        return close(fd) == 0 && ok
    }

    struct Errno: Error {
        let code: Int32
        var description: String { String(cString: strerror(code)) }
    }
}
