import DenseTensors

/// Main-memory bandwidth measured with STREAM-style kernels over three arrays much larger than
/// the last-level cache, split over all cores (as OpenBLAS's GEMV is).
///
/// Bytes are counted as STREAM does — what the kernel reads plus what it writes, without the
/// write-allocate read of the destination:
/// - read:  `s += a[i]`            8 bytes per element (Double)
/// - copy:  `c[i] = a[i]`          16 bytes per element
/// - triad: `a[i] = b[i] + q·c[i]` 24 bytes per element
struct StreamBandwidth: Sendable {
    /// GB/s (10⁹ bytes per second), median over the samples.
    let readGBs: Double
    let copyGBs: Double
    let triadGBs: Double
    /// The size of each of the three arrays.
    let arrayBytes: Int

    /// The ceiling the benchmarks compare memory-bound scenarios with: the best of the three
    /// kernels (so a fraction near 1 means "as fast as the simplest streaming loop here").
    var bestGBs: Double { max(readGBs, copyGBs, triadGBs) }

    /// Measures the three kernels.
    /// - Parameters:
    ///   - arrayBytes: bytes per array (64 MB in the default run: 3 × 64 MB ≫ the 32 MB L3).
    ///   - samples: timed repetitions of each kernel (after one warm-up that also faults pages in).
    ///   - threads: the number of chunks run concurrently.
    static func measure(arrayBytes: Int, samples: Int, threads: Int) -> StreamBandwidth {
        let n = max(1, arrayBytes / MemoryLayout<Double>.stride)
        let chunks = max(1, threads)
        var a = [Double](repeating: 1, count: n)
        var b = [Double](repeating: 2, count: n)
        var c = [Double](repeating: 0, count: n)
        var partial = [Double](repeating: 0, count: chunks)
        var rates: [Kernel: Summary] = [:]
        a.withUnsafeMutableBufferPointer { pa in
            b.withUnsafeMutableBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    partial.withUnsafeMutableBufferPointer { sums in
                        let arrays = Arrays(a: pa, b: pb, c: pc, sums: sums)
                        for kernel in Kernel.allCases {
                            arrays.run(kernel, chunks: chunks)   // warm-up; faults the pages in
                            let gbs = (0..<max(1, samples)).map { _ in
                                Double(kernel.bytesPerElement * n) / Stopwatch.seconds { arrays.run(kernel, chunks: chunks) } / 1e9
                            }
                            rates[kernel] = Summary(gbs)
                        }
                    }
                }
            }
        }
        // Keep the read kernel's result observable so it cannot be optimised away.
        precondition(partial.reduce(0, +).isFinite, "bandwidth read kernel produced a non-finite sum")
        return StreamBandwidth(readGBs: rates[.read]!.median, copyGBs: rates[.copy]!.median,
                               triadGBs: rates[.triad]!.median, arrayBytes: n * MemoryLayout<Double>.stride)
    }

    /// The three STREAM-style loops.
    private enum Kernel: CaseIterable {
        case read, copy, triad

        var bytesPerElement: Int {
            switch self {
            case .read: return 8
            case .copy: return 16
            case .triad: return 24
            }
        }
    }

    /// The arrays a kernel runs over (valid only inside `measure`'s closures).
    private struct Arrays {
        let a: UnsafeMutableBufferPointer<Double>
        let b: UnsafeMutableBufferPointer<Double>
        let c: UnsafeMutableBufferPointer<Double>
        let sums: UnsafeMutableBufferPointer<Double>

        /// Runs `kernel` over the whole arrays, split into `chunks` concurrent slabs.
        func run(_ kernel: Kernel, chunks: Int) {
            let n = a.count
            parallelChunks(count: chunks, threads: chunks, minimumChunk: 1) { ids in
                for id in ids {
                    let range = (n * id / chunks)..<(n * (id + 1) / chunks)
                    switch kernel {
                    case .read: sums[id] += StreamBandwidth.sum(UnsafeBufferPointer(a), range)
                    case .copy: for i in range { c[i] = a[i] }
                    case .triad: for i in range { a[i] = b[i] + 3 * c[i] }
                    }
                }
            }
        }
    }

    /// `Σ a[i]` over `range` with four independent SIMD accumulators (so the loop is bound by
    /// memory, not by the latency of one floating-point add chain).
    fileprivate static func sum(_ a: UnsafeBufferPointer<Double>, _ range: Range<Int>) -> Double {
        guard let base = a.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        var acc = (SIMD4<Double>(), SIMD4<Double>(), SIMD4<Double>(), SIMD4<Double>())
        var i = range.lowerBound
        while i + 16 <= range.upperBound {
            acc.0 += raw.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
            acc.1 += raw.loadUnaligned(fromByteOffset: (i + 4) * 8, as: SIMD4<Double>.self)
            acc.2 += raw.loadUnaligned(fromByteOffset: (i + 8) * 8, as: SIMD4<Double>.self)
            acc.3 += raw.loadUnaligned(fromByteOffset: (i + 12) * 8, as: SIMD4<Double>.self)
            i += 16
        }
        var total = ((acc.0 + acc.1) + (acc.2 + acc.3)).sum()
        while i < range.upperBound {
            total += a[i]
            i += 1
        }
        return total
    }
}
