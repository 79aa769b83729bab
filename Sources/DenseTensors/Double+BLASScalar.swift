import RealModule

extension Double: BLASScalar {
    @inlinable public static var scalarName: String { "Double" }
    @inlinable public static var _blasPrefix: String { "d" }

    public static func blasGEMM(
        _ transA: Transpose, _ transB: Transpose, m: Int32, n: Int32, k: Int32,
        alpha: Double, a: UnsafePointer<Double>, lda: Int32, b: UnsafePointer<Double>, ldb: Int32,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int32
    ) {
        _dgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }

    public static func blasGEMV(
        _ trans: Transpose, m: Int32, n: Int32, alpha: Double, a: UnsafePointer<Double>, lda: Int32,
        x: UnsafePointer<Double>, incx: Int32, beta: Double, y: UnsafeMutablePointer<Double>, incy: Int32
    ) {
        _dgemv(trans, m, n, alpha, a, lda, x, incx, beta, y, incy)
    }

    public static func blasAXPY(
        n: Int32, alpha: Double, x: UnsafePointer<Double>, incx: Int32,
        y: UnsafeMutablePointer<Double>, incy: Int32
    ) {
        _daxpy(n, alpha, x, incx, y, incy)
    }

    public static func lapackGESV(
        n: Int32, nrhs: Int32, a: UnsafeMutablePointer<Double>, lda: Int32,
        ipiv: UnsafeMutablePointer<Int32>, b: UnsafeMutablePointer<Double>, ldb: Int32
    ) -> Int32 {
        _dgesv(n, nrhs, a, lda, ipiv, b, ldb)
    }

    public static func _logSumExpRows(
        _ x: UnsafeBufferPointer<Double>, _ rowRange: Range<Int>, n: Int, batch: Int, temperature: Double,
        lse: UnsafeMutableBufferPointer<Double>, softmax: UnsafeMutableBufferPointer<Double>?
    ) -> Int {
        LogSumExp._reduceRowsBlocked(x, rowRange, n: n, batch: batch, temperature: temperature, lse: lse, softmax: softmax)
    }

    public static func _exponentiate(_ x: UnsafeMutableBufferPointer<Double>) { FastExp.exp(inPlace: x) }
}
