extension Float: FastExpScalar {
    @inlinable public static var _expLowerCut: Float { -104 }
    @inlinable public static var _expUpperCut: Float { 89 }
    @inlinable public static var _roundingShifter: Float { 12_582_912 }   // 1.5·2²³
    @inlinable public static var _ln2High: Float { 0.693_145_751_953_125 }   // 16 significant bits
    @inlinable public static var _ln2Low: Float { 1.428_606_765_330_187_045e-06 }

    @inlinable @inline(__always)
    public static func _expPolynomial(_ r: SIMD4<Float>) -> SIMD4<Float> {
        // Taylor to degree 7: the remainder r⁸/8! ≤ 6e-9 for |r| ≤ ln2/2.
        var p = SIMD4<Float>(repeating: 1.0 / 5_040)
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        return p * r + 1
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
    public static func _twoToThe(_ k: SIMD4<Float>) -> SIMD4<Float> {
        let bits = unsafeBitCast(k + 8_388_735, to: SIMD4<UInt32>.self) &<< 23   // 2²³ + 127 + k
        return unsafeBitCast(bits, to: SIMD4<Float>.self)
    }

    @inlinable @inline(__always)
    public static func _exponentAndMantissa(_ x: SIMD4<Float>) -> (SIMD4<Float>, SIMD4<Float>) {
        let bits = unsafeBitCast(x, to: SIMD4<UInt32>.self)
        let mantissa = (bits & 0x007F_FFFF) | 0x3F80_0000
        let exponent = unsafeBitCast((bits &>> 23) | 0x4B00_0000, to: SIMD4<Float>.self) - 8_388_735
        return (exponent, unsafeBitCast(mantissa, to: SIMD4<Float>.self))
    }
}
