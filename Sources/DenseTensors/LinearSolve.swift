import RealModule

extension Tensor {
    /// Solves `self · X = rhs` for a square matrix `self` (n × n) by LU with partial pivoting.
    ///
    /// `rhs` is `[n]` (one right-hand side) or `[n, k]`; the result has the shape of `rhs`.
    ///
    /// - Throws: ``TensorError/singularMatrix(routine:pivot:)`` when a pivot is exactly zero
    ///   (LAPACK `info > 0`); ``TensorError/shapeMismatch(argument:expected:actual:)`` for
    ///   non-square or mismatched operands.
    /// - Complexity: (2/3)·n³ + 2·n²·k flops. The corresponding LAPACKE routine is
    ///   `LAPACKE_sgesv` / `LAPACKE_dgesv`.
    public func solve(_ rhs: Tensor) throws(TensorError) -> Tensor {
        guard rank == 2, shape[0] == shape[1] else {
            throw .shapeMismatch(argument: "solve matrix", expected: "[n, n]", actual: shape)
        }
        let n = shape[0]
        guard rhs.shape.first == n, rhs.rank == 1 || rhs.rank == 2 else {
            throw .shapeMismatch(argument: "solve rhs", expected: "[\(n)] or [\(n), k]", actual: rhs.shape)
        }
        let k = rhs.rank == 1 ? 1 : rhs.shape[1]
        if n == 0 || k == 0 { return rhs }
        let n32 = try blasInt(n, "solve n"), k32 = try blasInt(k, "solve nrhs")
        var lu = self
        var x = rhs
        var pivots = [Int32](repeating: 0, count: n)
        let info = lu.withUnsafeMutableBufferPointer { a -> Int32 in
            x.withUnsafeMutableBufferPointer { b -> Int32 in
                pivots.withUnsafeMutableBufferPointer { p -> Int32 in
                    // n, k > 0 here, so every buffer has storage.
                    guard let pa = a.baseAddress, let pb = b.baseAddress, let pp = p.baseAddress else { return -1 }
                    return Scalar.lapackGESV(n: n32, nrhs: k32, a: pa, lda: n32, ipiv: pp, b: pb, ldb: k32)
                }
            }
        }
        // info < 0 is an illegal argument: our bug, not the caller's data.
        precondition(info >= 0, "LAPACKE_?gesv rejected argument \(-info)")
        if info > 0 { throw .singularMatrix(routine: "LAPACKE_\(Scalar._blasPrefix)gesv", pivot: Int(info) - 1) }
        return x
    }
}
