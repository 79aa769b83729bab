#if canImport(Glibc)
import Glibc
#endif

/// Asks the kernel to back the 2 MiB-aligned interior of a large, not yet touched allocation
/// with transparent huge pages (`madvise(MADV_HUGEPAGE)`; Linux only, a no-op elsewhere and
/// when the kernel declines). Outputs that a kernel writes once, like the `[H, S, A, B]` policy,
/// otherwise take one page fault per 4 KiB on first touch — measured as a quarter of the GEMM
/// time of a dense `B = 64` pass. Advice only: contents and correctness are unaffected.
@usableFromInline
func _adviseHugePages(_ start: UnsafeMutableRawPointer, bytes: Int) {
    #if os(Linux)
    let hugePage = 2 << 20
    guard bytes >= 2 * hugePage else { return }
    let first = (Int(bitPattern: start) + hugePage - 1) & ~(hugePage - 1)
    let end = (Int(bitPattern: start) + bytes) & ~(hugePage - 1)
    guard end > first, let p = UnsafeMutableRawPointer(bitPattern: first) else { return }
    _ = madvise(p, end - first, MADV_HUGEPAGE)
    #endif
}

extension Array where Element: BLASScalar {
    /// `count` copies of `value`, with the storage of a large array (≥ 4 MiB) advised to
    /// transparent huge pages before it is first written (see ``Tensor``'s initialisers): for the
    /// big scratch arrays of the solvers, whose first touch otherwise costs one fault per 4 KiB.
    /// - Complexity: O(count).
    @inlinable
    public init(largeRepeating value: Element, count: Int) {
        self.init(unsafeUninitializedCapacity: count) { buffer, initialized in
            if let base = buffer.baseAddress { _adviseHugePages(UnsafeMutableRawPointer(base), bytes: count * MemoryLayout<Element>.stride) }
            buffer.initialize(repeating: value)
            initialized = count
        }
    }
}
