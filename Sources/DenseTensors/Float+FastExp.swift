extension Float: FastExpScalar {
    @inlinable @inline(__always)
    public static func _lessThanMask(_ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD4<Int32> { (a .< b)._storage }

    @inlinable @inline(__always)
    public static func _maskBits(_ x: SIMD4<Float>) -> SIMD4<Int32> {
        SIMD4(
            Int32(bitPattern: x[0].bitPattern), Int32(bitPattern: x[1].bitPattern), Int32(bitPattern: x[2].bitPattern),
            Int32(bitPattern: x[3].bitPattern))
    }

    @inlinable @inline(__always)
    public static func _fromMaskBits(_ bits: SIMD4<Int32>) -> SIMD4<Float> {
        SIMD4(
            Float(bitPattern: UInt32(bitPattern: bits[0])), Float(bitPattern: UInt32(bitPattern: bits[1])),
            Float(bitPattern: UInt32(bitPattern: bits[2])), Float(bitPattern: UInt32(bitPattern: bits[3])))
    }

    @inlinable @inline(__always)
    public static func _exp(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ count: Int) { _vectorExp(x, y, count) }

    @inlinable @inline(__always)
    public static func _log(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ count: Int) { _vectorLog(x, y, count) }
}
