extension Double: FastExpScalar {
    @inlinable @inline(__always)
    public static func _lessThanMask(_ a: SIMD4<Double>, _ b: SIMD4<Double>) -> SIMD4<Int64> { (a .< b)._storage }

    @inlinable @inline(__always)
    public static func _maskBits(_ x: SIMD4<Double>) -> SIMD4<Int64> {
        SIMD4(
            Int64(bitPattern: x[0].bitPattern), Int64(bitPattern: x[1].bitPattern), Int64(bitPattern: x[2].bitPattern),
            Int64(bitPattern: x[3].bitPattern))
    }

    @inlinable @inline(__always)
    public static func _fromMaskBits(_ bits: SIMD4<Int64>) -> SIMD4<Double> {
        SIMD4(
            Double(bitPattern: UInt64(bitPattern: bits[0])), Double(bitPattern: UInt64(bitPattern: bits[1])),
            Double(bitPattern: UInt64(bitPattern: bits[2])), Double(bitPattern: UInt64(bitPattern: bits[3])))
    }

    @inlinable @inline(__always)
    public static func _exp(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int) { _vectorExp(x, y, count) }

    @inlinable @inline(__always)
    public static func _log(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int) { _vectorLog(x, y, count) }
}
