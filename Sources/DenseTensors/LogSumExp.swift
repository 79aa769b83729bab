import RealModule

/// Numerically stable log-sum-exp and softmax over the middle axis of a `[rows][n][batch]` array.
///
/// For each row `i` and column `b`, with temperature `α > 0`:
///
///     lse[i, b]     = α · log Σ_j exp(x[i, j, b] / α)
///                   = m + α · log Σ_j exp((x[i, j, b] − m) / α),   m = max_j x[i, j, b]
///     softmax[i, j, b] = exp((x[i, j, b] − lse[i, b]) / α)
///
/// The max is always subtracted first, so no exponent overflows: entries up to ±1e300 (Double)
/// or ±1e30 (Float) give a finite result. Entries equal to −∞ get probability exactly 0. A
/// column whose entries are all −∞ (or contain NaN or +∞) has no finite log-sum-exp and is a
/// thrown error, never a NaN in the output.
///
/// The loops run with unit stride over the contiguous batch axis, so they vectorise across `b`.
public enum LogSumExp {
    /// Computes `lse` (`rows × batch`) and, when `softmax` is given, the softmax (`rows × n × batch`),
    /// which may alias `input` (in-place softmax).
    ///
    /// - Parameters:
    ///   - input: `rows · n · batch` scalars, `[rows][n][batch]`.
    ///   - temperature: α > 0.
    ///   - threads: rows are split over this many threads for large inputs.
    /// - Throws: ``TensorError/noFiniteEntry(argument:row:column:)`` for a column with no finite
    ///   log-sum-exp; ``TensorError/shapeMismatch(argument:expected:actual:)`` for short buffers.
    /// - Complexity: O(rows · n · batch), one `exp` per entry and one `log` per (row, column).
    @inlinable
    public static func reduce<Scalar: BLASScalar>(
        _ input: UnsafeBufferPointer<Scalar>, rows: Int, n: Int, batch: Int, temperature: Scalar = 1,
        lse: UnsafeMutableBufferPointer<Scalar>, softmax: UnsafeMutableBufferPointer<Scalar>? = nil,
        threads: Int = 1
    ) throws(TensorError) {
        let total = rows * n * batch
        guard input.count >= total else {
            throw .shapeMismatch(argument: "log-sum-exp input", expected: "[\(rows), \(n), \(batch)]", actual: [input.count])
        }
        guard lse.count >= rows * batch else {
            throw .shapeMismatch(argument: "log-sum-exp output", expected: "[\(rows), \(batch)]", actual: [lse.count])
        }
        if let p = softmax, p.count < total {
            throw .shapeMismatch(argument: "softmax output", expected: "[\(rows), \(n), \(batch)]", actual: [p.count])
        }
        guard temperature > 0, temperature.isFinite else {
            throw .invalidParameter(argument: "temperature", value: Double(temperature), reason: "must be positive and finite")
        }
        if rows == 0 || batch == 0 { return }
        // One failing (row, column) per chunk; the first in row order is reported.
        let chunkCount = max(1, min(threads, rows * n * batch / 32_768))
        var failures = [Int](repeating: -1, count: chunkCount)
        failures.withUnsafeMutableBufferPointer { fail in
            parallelChunks(count: chunkCount, threads: chunkCount, minimumChunk: 1) { chunks in
                for c in chunks {
                    let lo = rows * c / chunkCount, hi = rows * (c + 1) / chunkCount
                    fail[c] = Scalar._logSumExpRows(input, lo..<hi, n: n, batch: batch, temperature: temperature,
                                                    lse: lse, softmax: softmax)
                }
            }
        }
        if let bad = failures.first(where: { $0 >= 0 }) {
            throw .noFiniteEntry(argument: "log-sum-exp", row: bad / batch, column: bad % batch)
        }
    }
}

extension Tensor {
    /// The log-sum-exp over one axis: `α·log Σ_j exp(x_j/α)` (max subtracted first).
    ///
    /// - Parameters:
    ///   - axis: the axis reduced; the result has it removed.
    ///   - temperature: α > 0 (default 1).
    /// - Throws: ``TensorError/axisOutOfRange(argument:axis:rank:)``;
    ///   ``TensorError/noFiniteEntry(argument:row:column:)`` where every entry is −∞.
    /// - Complexity: O(count).
    public func logSumExp(alongAxis axis: Int, temperature: Scalar = 1) throws(TensorError) -> Tensor {
        let (rows, n, inner) = try splitAxis(axis)
        var out = Tensor(zeros: shape.enumerated().filter { $0.offset != axis }.map(\.element))
        try withUnsafeBufferPointer { (x) throws(TensorError) in
            try out.withUnsafeMutableBufferPointer { (l) throws(TensorError) in
                try LogSumExp.reduce(x, rows: rows, n: n, batch: inner, temperature: temperature, lse: l)
            }
        }
        return out
    }

    /// The softmax over one axis: `exp((x_j − lse)/α)`; entries of −∞ get exactly 0.
    ///
    /// - Throws: as ``logSumExp(alongAxis:temperature:)``.
    /// - Complexity: O(count).
    public func softmax(alongAxis axis: Int, temperature: Scalar = 1) throws(TensorError) -> Tensor {
        let (rows, n, inner) = try splitAxis(axis)
        var out = self
        var lse = [Scalar](repeating: 0, count: rows * inner)
        try withUnsafeBufferPointer { (x) throws(TensorError) in
            try out.withUnsafeMutableBufferPointer { (p) throws(TensorError) in
                try lse.withUnsafeMutableBufferPointer { (l) throws(TensorError) in
                    try LogSumExp.reduce(x, rows: rows, n: n, batch: inner, temperature: temperature, lse: l, softmax: p)
                }
            }
        }
        return out
    }

    /// `(outer, extent, inner)` for viewing the tensor as `[outer][extent][inner]` around `axis`.
    func splitAxis(_ axis: Int) throws(TensorError) -> (Int, Int, Int) {
        guard axis >= 0 && axis < rank else { throw .axisOutOfRange(argument: "axis", axis: axis, rank: rank) }
        let outer = shape[..<axis].reduce(1, *)
        let inner = shape[(axis + 1)...].reduce(1, *)
        return (outer, shape[axis], inner)
    }
}
