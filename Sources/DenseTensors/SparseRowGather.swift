/// Row-parallel sparse matrix × dense batch products over compressed rows (CSR), the kernel
/// behind the sparse transition operators' pull and transposed-push.
public enum SparseRowGather {
    /// `out[i, b] = α · Σ_{k ∈ row i} weight[k] · x[index[k], b] + β · out[i, b]` for
    /// `i < rows`, rows split over `threads` (each output row is written by one thread, so the
    /// result does not depend on the thread count). With `β = 0` the old `out` is never read
    /// (it may hold anything, even NaN).
    ///
    /// - Parameters:
    ///   - start: `rows + 1` offsets; row `i` is `start[i] ..< start[i + 1]`.
    ///   - index: the column of each entry (32- or 64-bit).
    ///   - weight: the value of each entry.
    ///   - x: `[columns][batch]`, batch last.
    /// - Complexity: O(nnz · batch).
    @inlinable
    public static func gather<Scalar: BLASScalar, Index: FixedWidthInteger>(
        rows: Int, start: UnsafeBufferPointer<Index>, index: UnsafeBufferPointer<Index>, weight: UnsafeBufferPointer<Scalar>,
        _ x: UnsafeBufferPointer<Scalar>, batch: Int, into out: UnsafeMutableBufferPointer<Scalar>,
        alpha: Scalar, beta: Scalar, threads: Int
    ) {
        parallelChunks(count: rows, threads: threads, minimumChunk: max(64, 16_384 / max(1, batch))) { range in
            if batch == 1 {
                for i in range {
                    var acc: Scalar = 0
                    for k in Int(start[i])..<Int(start[i + 1]) { acc += weight[k] * x[Int(index[k])] }
                    out[i] = beta == 0 ? alpha * acc : alpha * acc + beta * out[i]
                }
                return
            }
            withUnsafeTemporaryAllocation(of: Scalar.self, capacity: batch) { acc in
                for i in range {
                    for b in 0..<batch { acc[b] = 0 }
                    for k in Int(start[i])..<Int(start[i + 1]) {
                        let (w, o) = (weight[k], Int(index[k]) * batch)
                        for b in 0..<batch { acc[b] += w * x[o + b] }
                    }
                    let o = i * batch
                    if beta == 0 {
                        for b in 0..<batch { out[o + b] = alpha * acc[b] }
                    } else {
                        for b in 0..<batch { out[o + b] = alpha * acc[b] + beta * out[o + b] }
                    }
                }
            }
        }
    }
}
