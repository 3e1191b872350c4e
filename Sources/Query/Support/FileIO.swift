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
            HugePages.advise(buf)
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

    /// Writes all of `raw` at the descriptor's offset, or at `offset` when given.
    static func writeAll(_ fd: Int32, _ raw: UnsafeRawBufferPointer, at offset: Int? = nil) -> Bool {
        var done = 0
        while done < raw.count {
            let n = offset.map { pwrite(fd, raw.baseAddress! + done, raw.count - done, off_t($0 + done)) }
                ?? Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            done += n
        }
        return true
    }

    struct Errno: Error {
        let code: Int32
        var description: String { String(cString: strerror(code)) }
    }
}
