extension Float: FastExpScalar {
    @inlinable public static var _expLowerCut: Float { -104 }
    @inlinable public static var _expUpperCut: Float { 89 }
    @inlinable public static var _roundingShifter: Float { 12_582_912 }   // 1.5·2²³
    @inlinable public static var _ln2High: Float { 0.693_145_751_953_125 }   // 16 significant bits
    @inlinable public static var _ln2Low: Float { 1.428_606_765_330_187_045e-06 }

    @inlinable @inline(__always)
    public static func _expPolynomial(_ r: SIMD4<Float>) -> SIMD4<Float> {
        // Taylor to degree 7: the remainder r⁸/8! ≤ 6e-9 for |r| ≤ ln2/2 (Estrin's scheme).
        let r2 = r * r
        let p01 = 1 + r, p23 = 0.5 + r * (1.0 / 6), p45 = 1.0 / 24 + r * (1.0 / 120), p67 = 1.0 / 720 + r * (1.0 / 5_040)
        return (p01 + r2 * p23) + (r2 * r2) * (p45 + r2 * p67)
    }

    @inlinable @inline(__always)
    public static func _logSeries(_ z: SIMD4<Float>) -> SIMD4<Float> {
        var p = SIMD4<Float>(repeating: 2.0 / 11)
        p = p * z + 2.0 / 9
        p = p * z + 2.0 / 7
        p = p * z + 2.0 / 5
        return p * z + 2.0 / 3
    }

    @inlinable @inline(__always)
    public static func _lessThanMask(_ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD4<Int32> { (a .< b)._storage }

    @inlinable @inline(__always)
    public static func _notNaNMask(_ x: SIMD4<Float>) -> SIMD4<Int32> { (x .== x)._storage }

    // Lane by lane in the source; one register move (or nothing) in optimised code.
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
    public static func _twoToThe(_ k: SIMD4<Float>) -> SIMD4<Float> {
        // The low bits of 2²³ + 127 + k are the biased exponent; shift them into place.
        _fromMaskBits(_maskBits(k + 8_388_735) &<< 23)
    }

    @inlinable @inline(__always)
    public static func _exponentAndMantissa(_ x: SIMD4<Float>) -> (SIMD4<Float>, SIMD4<Float>) {
        let bits = SIMD4<UInt32>(truncatingIfNeeded: _maskBits(x))
        let mantissa = (bits & 0x007F_FFFF) | 0x3F80_0000
        let biased = (bits &>> 23) | 0x4B00_0000
        let exponent = _fromMaskBits(SIMD4(truncatingIfNeeded: biased)) - 8_388_735
        return (exponent, _fromMaskBits(SIMD4(truncatingIfNeeded: mantissa)))
    }

    @inlinable @inline(__always)
    public static func _exp(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ count: Int) { _vectorExp(x, y, count) }

    @inlinable @inline(__always)
    public static func _log(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ count: Int) { _vectorLog(x, y, count) }
}
