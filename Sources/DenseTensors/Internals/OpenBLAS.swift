// The only file of DenseTensors that sees the C library. Each wrapper is a one-liner; no C name
// leaves this file.
import COpenBLAS

@inline(__always)
private func cblasTranspose(_ t: Transpose) -> CBLAS_TRANSPOSE {
    t == .none ? CblasNoTrans : CblasTrans
}

func _sgemm(
    _ ta: Transpose, _ tb: Transpose, _ m: Int32, _ n: Int32, _ k: Int32, _ alpha: Float,
    _ a: UnsafePointer<Float>, _ lda: Int32, _ b: UnsafePointer<Float>, _ ldb: Int32, _ beta: Float,
    _ c: UnsafeMutablePointer<Float>, _ ldc: Int32
) {
    cblas_sgemm(CblasRowMajor, cblasTranspose(ta), cblasTranspose(tb), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

func _dgemm(
    _ ta: Transpose, _ tb: Transpose, _ m: Int32, _ n: Int32, _ k: Int32, _ alpha: Double,
    _ a: UnsafePointer<Double>, _ lda: Int32, _ b: UnsafePointer<Double>, _ ldb: Int32, _ beta: Double,
    _ c: UnsafeMutablePointer<Double>, _ ldc: Int32
) {
    cblas_dgemm(CblasRowMajor, cblasTranspose(ta), cblasTranspose(tb), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

func _sgemv(
    _ t: Transpose, _ m: Int32, _ n: Int32, _ alpha: Float, _ a: UnsafePointer<Float>, _ lda: Int32,
    _ x: UnsafePointer<Float>, _ incx: Int32, _ beta: Float, _ y: UnsafeMutablePointer<Float>, _ incy: Int32
) {
    cblas_sgemv(CblasRowMajor, cblasTranspose(t), m, n, alpha, a, lda, x, incx, beta, y, incy)
}

func _dgemv(
    _ t: Transpose, _ m: Int32, _ n: Int32, _ alpha: Double, _ a: UnsafePointer<Double>, _ lda: Int32,
    _ x: UnsafePointer<Double>, _ incx: Int32, _ beta: Double, _ y: UnsafeMutablePointer<Double>, _ incy: Int32
) {
    cblas_dgemv(CblasRowMajor, cblasTranspose(t), m, n, alpha, a, lda, x, incx, beta, y, incy)
}

func _saxpy(_ n: Int32, _ alpha: Float, _ x: UnsafePointer<Float>, _ incx: Int32, _ y: UnsafeMutablePointer<Float>, _ incy: Int32) {
    cblas_saxpy(n, alpha, x, incx, y, incy)
}

func _daxpy(_ n: Int32, _ alpha: Double, _ x: UnsafePointer<Double>, _ incx: Int32, _ y: UnsafeMutablePointer<Double>, _ incy: Int32) {
    cblas_daxpy(n, alpha, x, incx, y, incy)
}

func _sgesv(
    _ n: Int32, _ nrhs: Int32, _ a: UnsafeMutablePointer<Float>, _ lda: Int32,
    _ ipiv: UnsafeMutablePointer<Int32>, _ b: UnsafeMutablePointer<Float>, _ ldb: Int32
) -> Int32 {
    LAPACKE_sgesv(LAPACK_ROW_MAJOR, n, nrhs, a, lda, ipiv, b, ldb)
}

func _dgesv(
    _ n: Int32, _ nrhs: Int32, _ a: UnsafeMutablePointer<Double>, _ lda: Int32,
    _ ipiv: UnsafeMutablePointer<Int32>, _ b: UnsafeMutablePointer<Double>, _ ldb: Int32
) -> Int32 {
    LAPACKE_dgesv(LAPACK_ROW_MAJOR, n, nrhs, a, lda, ipiv, b, ldb)
}

/// The number of threads OpenBLAS uses for one call.
func _openBLASThreadCount() -> Int { Int(openblas_get_num_threads()) }

/// Sets the number of threads OpenBLAS uses (process-wide: OpenBLAS keeps it as global state).
func _setOpenBLASThreadCount(_ n: Int) { openblas_set_num_threads(Int32(clamping: n)) }
