public import RealModule

/// How a BLAS routine reads a matrix argument.
public enum Transpose: Sendable, Equatable {
    /// Use the matrix as stored (row-major).
    case none
    /// Use the transpose of the stored matrix.
    case transpose
}

/// A floating-point type that OpenBLAS and LAPACKE have routines for: `Float` (`s` routines)
/// and `Double` (`d` routines).
///
/// Algorithms are written once, generically over `BLASScalar`; the two conformances
/// (`Float+BLASScalar.swift`, `Double+BLASScalar.swift`, and `…+Kernels.swift` for the C kernels
/// of `CKernels`) only dispatch to the C routine of the right precision. The requirements are low-level (row-major, raw strides, pointers that
/// do not escape the call); prefer ``BLAS`` and the ``Tensor`` operations, which check shapes.
public protocol BLASScalar: Real, BinaryFloatingPoint, Sendable, Codable, BitwiseCopyable
where Self.RawSignificand: FixedWidthInteger {
    /// `c ← α·op(a)·op(b) + β·c` on row-major matrices. The corresponding CBLAS routine is
    /// `cblas_sgemm` / `cblas_dgemm`.
    static func blasGEMM(
        _ transA: Transpose, _ transB: Transpose, m: Int32, n: Int32, k: Int32,
        alpha: Self, a: UnsafePointer<Self>, lda: Int32, b: UnsafePointer<Self>, ldb: Int32,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int32)

    /// `y ← α·op(a)·x + β·y` on a row-major `m × n` matrix. The corresponding CBLAS routine is
    /// `cblas_sgemv` / `cblas_dgemv`.
    static func blasGEMV(
        _ trans: Transpose, m: Int32, n: Int32, alpha: Self, a: UnsafePointer<Self>, lda: Int32,
        x: UnsafePointer<Self>, incx: Int32, beta: Self, y: UnsafeMutablePointer<Self>, incy: Int32)

    /// `y ← α·x + y`. The corresponding CBLAS routine is `cblas_saxpy` / `cblas_daxpy`.
    static func blasAXPY(
        n: Int32, alpha: Self, x: UnsafePointer<Self>, incx: Int32,
        y: UnsafeMutablePointer<Self>, incy: Int32)

    /// Solves `a·x = b` in place by LU with partial pivoting (row-major); returns LAPACK's `info`.
    /// The corresponding LAPACKE routine is `LAPACKE_sgesv` / `LAPACKE_dgesv`.
    static func lapackGESV(
        n: Int32, nrhs: Int32, a: UnsafeMutablePointer<Self>, lda: Int32,
        ipiv: UnsafeMutablePointer<Int32>, b: UnsafeMutablePointer<Self>, ldb: Int32) -> Int32

    /// The log-sum-exp / softmax kernel over `rowRange` of a `[rows][n][batch]` array,
    /// instantiated for this type (see ``LogSumExp/_reduceRowsBlocked(_:_:n:batch:temperature:lse:softmax:)``).
    /// Returns `row·batch + column` of the first lane without a finite result, or −1.
    static func _logSumExpRows(
        _ x: UnsafeBufferPointer<Self>, _ rowRange: Range<Int>, n: Int, batch: Int, temperature: Self,
        lse: UnsafeMutableBufferPointer<Self>, softmax: UnsafeMutableBufferPointer<Self>?) -> Int

    /// `x[i] = e^{x[i]}` over the buffer with the array kernels of ``FastExp`` (AVX2 + FMA where
    /// the CPU has them; within 2 ulp), so that generic code reaches them too.
    static func _exponentiate(_ x: UnsafeMutableBufferPointer<Self>)

    /// A short name for messages and benchmark output: `"Float"` or `"Double"`.
    static var scalarName: String { get }

    /// The letter of this precision in BLAS and LAPACK routine names: `"s"` or `"d"`.
    static var _blasPrefix: String { get }

    // The state-block kernels of `CKernels` (`state_block_kernels.h`: lane layout, formulas), each
    // implemented by the conformance with its `_f32` / `_f64` C function; pointers do not escape.

    /// `sbk_backup_arguments`: `Q`, maxima and shifted arguments of a soft backup; `false` when some state has no finite `Q`.
    static func _stateBlockBackupArguments(
        column: UnsafePointer<Int32>, weight: UnsafePointer<Self>, states: Int, actions: Int, width: Int, firstGroup: Int,
        groups: Int, next: UnsafePointer<Self>, reward: UnsafePointer<Self>, discount: Self, inverseTemperature: Self,
        shifted: UnsafeMutablePointer<Self>, maxima: UnsafeMutablePointer<Self>, qValues: UnsafeMutablePointer<Self>?
    ) -> Bool

    /// `sbk_backup_fused_f64`, the whole backup in one sweep: `nil` for Float or when a test turned it off, else as `…Arguments`.
    static func _stateBlockBackupFused(
        column: UnsafePointer<Int32>, weight: UnsafePointer<Self>, states: Int, actions: Int, width: Int, firstGroup: Int,
        groups: Int, next: UnsafePointer<Self>, reward: UnsafePointer<Self>, discount: Self, temperature: Self,
        values: UnsafeMutablePointer<Self>, policy: UnsafeMutablePointer<Self>?, qValues: UnsafeMutablePointer<Self>?
    ) -> Bool?

    /// `sbk_backup_policy`: the sums of the exponentials and, when `policy` is given, `π = e/Σ`.
    static func _stateBlockBackupPolicy(
        states: Int, actions: Int, firstGroup: Int, groups: Int, exponentials: UnsafePointer<Self>,
        sums: UnsafeMutablePointer<Self>, policy: UnsafeMutablePointer<Self>?)

    /// `sbk_forward_step`: `x = d·π`, `μ += weight·x` (when `occupancy` is given) and the push into `out`.
    static func _stateBlockForwardStep(
        column: UnsafePointer<Int32>, weight: UnsafePointer<Self>, states: Int, actions: Int, width: Int, d: UnsafePointer<Self>,
        policy: UnsafePointer<Self>, occupancy: UnsafeMutablePointer<Self>?, occupancyWeight: Self, out: UnsafeMutablePointer<Self>)

    /// `sbk_scan_rows`, the validating scan of dense rows (collecting nonzeros while `collecting ≠ 0`); the row where it stopped.
    static func _denseScanRows(
        _ p: UnsafePointer<Self>, columns: Int, rows: Range<Int>, tolerance: Self, limit: Int, collecting: inout Int32,
        next: UnsafeMutablePointer<Int32>?, probability: UnsafeMutablePointer<Self>?, capacity: Int, count: inout Int,
        rowEnds: UnsafeMutablePointer<Int32>?, nonzeros: inout Int, badRow: inout Int32
    ) -> Int
}
