import DenseTensors

/// OpenBLAS GEMM throughput on a square problem: the machine's compute ceiling for dense work.
enum GEMMRate {
    /// The GFLOP/s of `C ← A·B` with `n × n` matrices of `Scalar`, median over `samples` calls
    /// after one warm-up call.
    ///
    /// - Complexity: `(samples + 1) · 2n³` flops; memory `3n²` scalars (96 MB for n = 2048, Double).
    static func square<Scalar: BLASScalar>(_: Scalar.Type, size n: Int, samples: Int) throws -> Summary {
        var generator = SplitMix64(seed: 0x6E4D)
        let a = (0..<(n * n)).map { _ in Scalar(generator.nextUnitInterval()) }
        let b = (0..<(n * n)).map { _ in Scalar(generator.nextUnitInterval()) }
        var c = [Scalar](repeating: 0, count: n * n)
        let flops = 2 * Double(n) * Double(n) * Double(n)
        var rates = [Double]()
        try a.withUnsafeBufferPointer { pa in
            try b.withUnsafeBufferPointer { pb in
                try c.withUnsafeMutableBufferPointer { pc in
                    try BLAS.gemm(.none, pa, .none, pb, into: pc, m: n, n: n, k: n)
                    for _ in 0..<max(1, samples) {
                        let seconds = try Stopwatch.seconds {
                            try BLAS.gemm(.none, pa, .none, pb, into: pc, m: n, n: n, k: n)
                        }
                        rates.append(flops / seconds / 1e9)
                    }
                }
            }
        }
        return Summary(rates)
    }
}
