import RealModule

/// Shape-checked BLAS level-2/3 routines on row-major buffers and tensors.
///
/// The buffer forms are for hot loops that reuse storage; they check sizes and the 32-bit limits
/// of the C interface, then make exactly one CBLAS call.
public enum BLAS {
    /// `c ← α·op(a)·op(b) + β·c`, where `op(a)` is `m × k`, `op(b)` is `k × n`, `c` is `m × n`,
    /// all dense row-major (leading dimensions equal to the stored row lengths).
    ///
    /// - Parameters:
    ///   - transA: whether `a` is stored as `m × k` (`.none`) or `k × m` (`.transpose`).
    ///   - transB: whether `b` is stored as `k × n` (`.none`) or `n × k` (`.transpose`).
    /// - Throws: ``TensorError/shapeMismatch(argument:expected:actual:)`` when a buffer is too
    ///   small; ``TensorError/dimensionTooLarge(argument:value:)`` beyond 32-bit BLAS.
    /// - Complexity: 2·m·n·k flops. The corresponding routine is `cblas_sgemm` / `cblas_dgemm`.
    @inlinable
    public static func gemm<Scalar: BLASScalar>(
        _ transA: Transpose = .none, _ a: UnsafeBufferPointer<Scalar>,
        _ transB: Transpose = .none, _ b: UnsafeBufferPointer<Scalar>,
        into c: UnsafeMutableBufferPointer<Scalar>,
        m: Int, n: Int, k: Int, alpha: Scalar = 1, beta: Scalar = 0
    ) throws(TensorError) {
        guard a.count >= m * k else { throw .shapeMismatch(argument: "gemm a", expected: "\(m)×\(k)", actual: [a.count]) }
        guard b.count >= k * n else { throw .shapeMismatch(argument: "gemm b", expected: "\(k)×\(n)", actual: [b.count]) }
        guard c.count >= m * n else { throw .shapeMismatch(argument: "gemm c", expected: "\(m)×\(n)", actual: [c.count]) }
        let m32 = try blasInt(m, "gemm m"), n32 = try blasInt(n, "gemm n"), k32 = try blasInt(k, "gemm k")
        if m == 0 || n == 0 { return }
        guard k > 0, let pa = a.baseAddress, let pb = b.baseAddress, let pc = c.baseAddress else {
            // k == 0: op(a)·op(b) is the zero matrix.
            for i in 0..<(m * n) { c[i] = beta == 0 ? 0 : beta * c[i] }
            return
        }
        let lda = transA == .none ? k32 : m32
        let ldb = transB == .none ? n32 : k32
        Scalar.blasGEMM(transA, transB, m: m32, n: n32, k: k32, alpha: alpha, a: pa, lda: lda,
                        b: pb, ldb: ldb, beta: beta, c: pc, ldc: n32)
    }

    /// `y ← α·op(a)·x + β·y` with `a` stored as a row-major `m × n` matrix.
    ///
    /// - Throws: ``TensorError/shapeMismatch(argument:expected:actual:)`` when a buffer is too small.
    /// - Complexity: 2·m·n flops. The corresponding routine is `cblas_sgemv` / `cblas_dgemv`.
    @inlinable
    public static func gemv<Scalar: BLASScalar>(
        _ trans: Transpose = .none, _ a: UnsafeBufferPointer<Scalar>, m: Int, n: Int,
        _ x: UnsafeBufferPointer<Scalar>, into y: UnsafeMutableBufferPointer<Scalar>,
        alpha: Scalar = 1, beta: Scalar = 0
    ) throws(TensorError) {
        let (xn, yn) = trans == .none ? (n, m) : (m, n)
        guard a.count >= m * n else { throw .shapeMismatch(argument: "gemv a", expected: "\(m)×\(n)", actual: [a.count]) }
        guard x.count >= xn else { throw .shapeMismatch(argument: "gemv x", expected: "[\(xn)]", actual: [x.count]) }
        guard y.count >= yn else { throw .shapeMismatch(argument: "gemv y", expected: "[\(yn)]", actual: [y.count]) }
        let m32 = try blasInt(m, "gemv m"), n32 = try blasInt(n, "gemv n")
        if yn == 0 { return }
        guard xn > 0, let pa = a.baseAddress, let px = x.baseAddress, let py = y.baseAddress else {
            for i in 0..<yn { y[i] = beta == 0 ? 0 : beta * y[i] }
            return
        }
        Scalar.blasGEMV(trans, m: m32, n: n32, alpha: alpha, a: pa, lda: n32, x: px, incx: 1,
                        beta: beta, y: py, incy: 1)
    }

    /// `y ← α·x + y` over the first `min(x.count, y.count)` scalars... both counts must match.
    /// - Complexity: O(n). The corresponding routine is `cblas_saxpy` / `cblas_daxpy`.
    @inlinable
    public static func axpy<Scalar: BLASScalar>(
        alpha: Scalar, _ x: UnsafeBufferPointer<Scalar>, _ y: UnsafeMutableBufferPointer<Scalar>
    ) throws(TensorError) {
        guard x.count == y.count else { throw .shapeMismatch(argument: "axpy y", expected: "[\(x.count)]", actual: [y.count]) }
        let n32 = try blasInt(x.count, "axpy n")
        guard let px = x.baseAddress, let py = y.baseAddress, x.count > 0 else { return }
        Scalar.blasAXPY(n: n32, alpha: alpha, x: px, incx: 1, y: py, incy: 1)
    }
}

extension Tensor {
    /// The matrix product `op(self) · op(other)` of two rank-2 tensors.
    ///
    /// - Throws: ``TensorError/shapeMismatch(argument:expected:actual:)`` when the inner
    ///   dimensions differ or an operand is not rank 2.
    /// - Complexity: 2·m·n·k flops (`cblas_?gemm`).
    public func matmul(
        _ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false
    ) throws(TensorError) -> Tensor {
        guard rank == 2 else { throw .shapeMismatch(argument: "matmul lhs", expected: "rank 2", actual: shape) }
        guard other.rank == 2 else { throw .shapeMismatch(argument: "matmul rhs", expected: "rank 2", actual: other.shape) }
        let (m, k) = transposeSelf ? (shape[1], shape[0]) : (shape[0], shape[1])
        let (k2, n) = transposeOther ? (other.shape[1], other.shape[0]) : (other.shape[0], other.shape[1])
        guard k == k2 else {
            throw .shapeMismatch(argument: "matmul rhs", expected: "inner dimension \(k)", actual: other.shape)
        }
        var result = Tensor(zeros: [m, n])
        try self.withUnsafeBufferPointer { (a) throws(TensorError) in
            try other.withUnsafeBufferPointer { (b) throws(TensorError) in
                try result.withUnsafeMutableBufferPointer { (c) throws(TensorError) in
                    try BLAS.gemm(transposeSelf ? .transpose : .none, a, transposeOther ? .transpose : .none, b,
                                  into: c, m: m, n: n, k: k)
                }
            }
        }
        return result
    }

    /// The matrix-vector product `op(self) · x` of a rank-2 and a rank-1 tensor.
    /// - Throws: ``TensorError/shapeMismatch(argument:expected:actual:)``.
    /// - Complexity: 2·m·n flops (`cblas_?gemv`).
    public func matvec(_ x: Tensor, transposeSelf: Bool = false) throws(TensorError) -> Tensor {
        guard rank == 2 else { throw .shapeMismatch(argument: "matvec matrix", expected: "rank 2", actual: shape) }
        let (m, n) = (shape[0], shape[1])
        let (xn, yn) = transposeSelf ? (m, n) : (n, m)
        guard x.shape == [xn] else { throw .shapeMismatch(argument: "matvec x", expected: "[\(xn)]", actual: x.shape) }
        var y = Tensor(zeros: [yn])
        try withUnsafeBufferPointer { (a) throws(TensorError) in
            try x.withUnsafeBufferPointer { (px) throws(TensorError) in
                try y.withUnsafeMutableBufferPointer { (py) throws(TensorError) in
                    try BLAS.gemv(transposeSelf ? .transpose : .none, a, m: m, n: n, px, into: py)
                }
            }
        }
        return y
    }
}
