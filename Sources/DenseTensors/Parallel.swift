import Dispatch
import Foundation

/// Splits `0..<count` into at most `threads` contiguous chunks and runs `body` on each,
/// concurrently when `threads > 1` and the work is large enough to pay for a thread.
///
/// Chunks are deterministic functions of `(count, threads)`, so per-chunk results combine in a
/// fixed order. `body` must only write to memory no other chunk writes. Every chunk runs the C
/// kernels as the calling thread would (its ``KernelOverrides``, when a test set some).
///
/// - Parameters:
///   - count: the number of items (rows, states, …).
///   - threads: the largest number of chunks; values below 1 mean 1.
///   - minimumChunk: no chunk is made smaller than this (small problems stay serial).
@inlinable
public func parallelChunks(
    count: Int, threads: Int, minimumChunk: Int = 1024, _ body: (Range<Int>) -> Void
) {
    let chunkCount = max(1, min(threads, count / max(1, minimumChunk)))
    if chunkCount == 1 {
        body(0..<count)
        return
    }
    let overrides = _kernelThreadOverrides()
    withoutActuallyEscaping(body) { escapable in
        // Chunks write disjoint memory (the caller's contract), so sharing `body` is safe.
        nonisolated(unsafe) let run = escapable
        DispatchQueue.concurrentPerform(iterations: chunkCount) { c in
            let lo = count * c / chunkCount, hi = count * (c + 1) / chunkCount
            let own = _adoptKernelThreadOverrides(overrides)
            run(lo..<hi)
            _ = _adoptKernelThreadOverrides(own)
        }
    }
}

/// The default number of worker threads: the number of active processor cores.
public var defaultThreadCount: Int { ProcessInfo.processInfo.activeProcessorCount }
