import RealModule

/// Kernels over `[rows][n][batch]` arrays (rows = states, n = actions, batch last) used by the
/// planners and the forward pass. Each loops with unit stride over the contiguous batch axis.
///
/// Buffer sizes are the caller's responsibility (these sit on hot paths inside solvers that
/// allocated the buffers themselves); they are checked in debug builds.
public enum StateActionKernels {
    /// `out[i, j, b] = weights[i, b] · p[i, j, b]` — e.g. `x_t(s,a) = d_t(s)·π_t(a|s)`.
    /// - Complexity: O(rows · n · batch).
    @inlinable
    public static func weightRows<Scalar: BLASScalar>(
        _ weights: UnsafeBufferPointer<Scalar>, _ p: UnsafeBufferPointer<Scalar>,
        into out: UnsafeMutableBufferPointer<Scalar>, rows: Int, n: Int, batch: Int, threads: Int = 1
    ) {
        assert(weights.count >= rows * batch && p.count >= rows * n * batch && out.count >= rows * n * batch)
        parallelChunks(count: rows, threads: threads, minimumChunk: max(1, 65_536 / max(1, n * batch))) { range in
            for i in range {
                let w = i * batch
                for j in 0..<n {
                    let o = (i * n + j) * batch
                    for b in 0..<batch { out[o + b] = weights[w + b] * p[o + b] }
                }
            }
        }
    }

    /// The forward-pass step in one sweep: `x[i, j, b] = weights[i, b] · p[i, j, b]` and
    /// `accumulator[i, j, b] += w · x[i, j, b]` (e.g. `x_t = d_t·π_t`, `μ += γᵗ·x_t`).
    /// - Complexity: O(rows · n · batch), one read of `p`, `weights`, `accumulator`.
    @inlinable
    public static func weightRowsAccumulating<Scalar: BLASScalar>(
        _ weights: UnsafeBufferPointer<Scalar>, _ p: UnsafeBufferPointer<Scalar>,
        into out: UnsafeMutableBufferPointer<Scalar>, accumulating accumulator: UnsafeMutableBufferPointer<Scalar>,
        weight w: Scalar, rows: Int, n: Int, batch: Int, threads: Int = 1
    ) {
        assert(weights.count >= rows * batch && p.count >= rows * n * batch && out.count >= rows * n * batch)
        assert(accumulator.count >= rows * n * batch)
        parallelChunks(count: rows, threads: threads, minimumChunk: max(1, 65_536 / max(1, n * batch))) { range in
            for i in range {
                let wi = i * batch
                for j in 0..<n {
                    let o = (i * n + j) * batch
                    for b in 0..<batch {
                        let x = weights[wi + b] * p[o + b]
                        out[o + b] = x
                        accumulator[o + b] += w * x
                    }
                }
            }
        }
    }

    /// `out[i, b] = Σ_j p[i, j, b] · q[i, j, b]`, with the convention `0 · (±∞) = 0`
    /// (a forbidden action with probability 0 contributes nothing).
    /// - Complexity: O(rows · n · batch).
    @inlinable
    public static func expectation<Scalar: BLASScalar>(
        _ p: UnsafeBufferPointer<Scalar>, _ q: UnsafeBufferPointer<Scalar>,
        into out: UnsafeMutableBufferPointer<Scalar>, rows: Int, n: Int, batch: Int
    ) {
        assert(out.count >= rows * batch && p.count >= rows * n * batch && q.count >= rows * n * batch)
        for i in 0..<rows {
            let w = i * batch
            for b in 0..<batch { out[w + b] = 0 }
            for j in 0..<n {
                let o = (i * n + j) * batch
                for b in 0..<batch where p[o + b] != 0 { out[w + b] += p[o + b] * q[o + b] }
            }
        }
    }

    /// `out[i, b] = −Σ_j p[i, j, b] · log p[i, j, b]` (Shannon entropy, `0·log 0 = 0`).
    /// - Complexity: O(rows · n · batch) logarithms.
    @inlinable
    public static func entropy<Scalar: BLASScalar>(
        _ p: UnsafeBufferPointer<Scalar>, into out: UnsafeMutableBufferPointer<Scalar>,
        rows: Int, n: Int, batch: Int
    ) {
        assert(out.count >= rows * batch && p.count >= rows * n * batch)
        for i in 0..<rows {
            let w = i * batch
            for b in 0..<batch { out[w + b] = 0 }
            for j in 0..<n {
                let o = (i * n + j) * batch
                for b in 0..<batch where p[o + b] > 0 { out[w + b] -= p[o + b] * Scalar.log(p[o + b]) }
            }
        }
    }

    /// The max over the middle axis and, optionally, the one-hot greedy choice (lowest index
    /// among ties): `out[i, b] = max_j x[i, j, b]`, `greedy[i, j, b] = 1[j = argmax]`.
    /// Returns `i·batch + b` of the first column whose max is not finite, or −1.
    /// - Complexity: O(rows · n · batch).
    @inlinable
    public static func maximum<Scalar: BLASScalar>(
        _ x: UnsafeBufferPointer<Scalar>, into out: UnsafeMutableBufferPointer<Scalar>,
        greedy: UnsafeMutableBufferPointer<Scalar>?, rows: Int, n: Int, batch: Int
    ) -> Int {
        assert(out.count >= rows * batch && x.count >= rows * n * batch)
        var failure = -1
        for i in 0..<rows {
            let w = i * batch
            for b in 0..<batch { out[w + b] = -.infinity }
            for j in 0..<n {
                let o = (i * n + j) * batch
                for b in 0..<batch where x[o + b] > out[w + b] { out[w + b] = x[o + b] }
            }
            for b in 0..<batch where !out[w + b].isFinite && failure < 0 { failure = w + b }
            guard let g = greedy else { continue }
            for b in 0..<batch {
                var chosen = false
                for j in 0..<n {
                    let o = (i * n + j) * batch + b
                    if !chosen && x[o] == out[w + b] {
                        g[o] = 1
                        chosen = true
                    } else {
                        g[o] = 0
                    }
                }
            }
        }
        return failure
    }

    /// `y[i] = x[i] + alpha · y[i]`… the fused update `y ← x + α·y` over equal-length buffers.
    /// - Complexity: O(count).
    @inlinable
    public static func addScaled<Scalar: BLASScalar>(
        _ x: UnsafeBufferPointer<Scalar>, alpha: Scalar, _ y: UnsafeMutableBufferPointer<Scalar>
    ) {
        assert(x.count == y.count)
        for i in 0..<y.count { y[i] = x[i] + alpha * y[i] }
    }

    /// The largest `|x[i] − y[i]|` over equal-length buffers (∞ if a pair is not finite and unequal).
    /// - Complexity: O(count).
    @inlinable
    public static func maxAbsDifference<Scalar: BLASScalar>(
        _ x: UnsafeBufferPointer<Scalar>, _ y: UnsafeBufferPointer<Scalar>
    ) -> Scalar {
        var m: Scalar = 0
        for i in 0..<Swift.min(x.count, y.count) where x[i] != y[i] {
            let d = Swift.abs(x[i] - y[i])
            if !(d <= m) { m = d.isNaN ? .infinity : d }
        }
        return m
    }
}
