import RealModule

extension Float: BLASScalar {
    @inlinable public static var scalarName: String { "Float" }
    @inlinable public static var _blasPrefix: String { "s" }

    public static func blasGEMM(
        _ transA: Transpose, _ transB: Transpose, m: Int32, n: Int32, k: Int32,
        alpha: Float, a: UnsafePointer<Float>, lda: Int32, b: UnsafePointer<Float>, ldb: Int32,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int32
    ) {
        _sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }

    public static func blasGEMV(
        _ trans: Transpose, m: Int32, n: Int32, alpha: Float, a: UnsafePointer<Float>, lda: Int32,
        x: UnsafePointer<Float>, incx: Int32, beta: Float, y: UnsafeMutablePointer<Float>, incy: Int32
    ) {
        _sgemv(trans, m, n, alpha, a, lda, x, incx, beta, y, incy)
    }

    public static func blasAXPY(
        n: Int32, alpha: Float, x: UnsafePointer<Float>, incx: Int32,
        y: UnsafeMutablePointer<Float>, incy: Int32
    ) {
        _saxpy(n, alpha, x, incx, y, incy)
    }

    public static func lapackGESV(
        n: Int32, nrhs: Int32, a: UnsafeMutablePointer<Float>, lda: Int32,
        ipiv: UnsafeMutablePointer<Int32>, b: UnsafeMutablePointer<Float>, ldb: Int32
    ) -> Int32 {
        _sgesv(n, nrhs, a, lda, ipiv, b, ldb)
    }

    public static func _logSumExpRows(
        _ x: UnsafeBufferPointer<Float>, _ rowRange: Range<Int>, n: Int, batch: Int, temperature: Float,
        lse: UnsafeMutableBufferPointer<Float>, softmax: UnsafeMutableBufferPointer<Float>?
    ) -> Int {
        LogSumExp._reduceRowsBlocked(x, rowRange, n: n, batch: batch, temperature: temperature, lse: lse, softmax: softmax)
    }

    public static func _exponentiate(_ x: UnsafeMutableBufferPointer<Float>) { FastExp.exp(inPlace: x) }
}
