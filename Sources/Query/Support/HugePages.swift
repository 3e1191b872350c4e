#if canImport(Glibc)
import Glibc
#endif

/// Asks the kernel to back a large buffer with 2 MB pages (`madvise(MADV_HUGEPAGE)`), before
/// it is first written. This machine, like most Linux systems, gives huge pages only on request
/// ("madvise" mode); with 4 KB pages, filling the gigabyte-sized buffers of an index build or of
/// arrays copied out of the cache took a page fault (and a page to clear) every 4 KB.
/// Advice only: where the kernel refuses, nothing changes.
enum HugePages {
    static let size = 2 << 20

    static func advise(_ start: UnsafeMutableRawPointer?, bytes: Int) {
        guard let start, bytes >= 4 * size else { return }
        let from = (Int(bitPattern: start) + size - 1) & ~(size - 1)
        let to = (Int(bitPattern: start) + bytes) & ~(size - 1)
        guard to > from, let p = UnsafeMutableRawPointer(bitPattern: from) else { return }
        _ = madvise(p, to - from, MADV_HUGEPAGE)
    }

    static func advise<T>(_ buffer: UnsafeMutableBufferPointer<T>) {
        advise(UnsafeMutableRawPointer(buffer.baseAddress), bytes: buffer.count * MemoryLayout<T>.stride)
    }
}
