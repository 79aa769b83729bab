extension Double: FastExpScalar {
    @inlinable public static var _expLowerCut: Double { -746 }
    @inlinable public static var _expUpperCut: Double { 710 }
    @inlinable public static var _roundingShifter: Double { 6_755_399_441_055_744 }   // 1.5·2⁵²
    @inlinable public static var _ln2High: Double { 0.693_147_180_369_123_816_49 }    // 32 significant bits
    @inlinable public static var _ln2Low: Double { 1.908_214_929_270_587_700_02e-10 }

    @inlinable @inline(__always)
    public static func _expPolynomial(_ r: SIMD4<Double>) -> SIMD4<Double> {
        // Taylor to degree 13: the remainder r¹⁴/14! ≤ 5e-18 for |r| ≤ ln2/2. Estrin's scheme:
        // independent pairs combined by r², r⁴, r⁸, so the dependency chain is short.
        let (r2, c) = (r * r, SIMD4<Double>(repeating: 1))
        let r4 = r2 * r2
        let p01 = c + r, p23 = 0.5 + r * (1.0 / 6), p45 = 1.0 / 24 + r * (1.0 / 120)
        let p67 = 1.0 / 720 + r * (1.0 / 5_040), p89 = 1.0 / 40_320 + r * (1.0 / 362_880)
        let p1011 = 1.0 / 3_628_800 + r * (1.0 / 39_916_800), p1213 = 1.0 / 479_001_600 + r * (1.0 / 6_227_020_800)
        let q0 = p01 + r2 * p23, q1 = p45 + r2 * p67, q2 = p89 + r2 * p1011
        return (q0 + r4 * q1) + (r4 * r4) * (q2 + r4 * p1213)
    }

    @inlinable @inline(__always)
    public static func _logSeries(_ z: SIMD4<Double>) -> SIMD4<Double> {
        // 2/(2n+1) for n = 1 … 10: the remainder is below 1e-18 for z ≤ 0.0295.
        var p = SIMD4<Double>(repeating: 2.0 / 21)
        p = p * z + 2.0 / 19
        p = p * z + 2.0 / 17
        p = p * z + 2.0 / 15
        p = p * z + 2.0 / 13
        p = p * z + 2.0 / 11
        p = p * z + 2.0 / 9
        p = p * z + 2.0 / 7
        p = p * z + 2.0 / 5
        return p * z + 2.0 / 3
    }

    @inlinable @inline(__always)
    public static func _lessThanMask(_ a: SIMD4<Double>, _ b: SIMD4<Double>) -> SIMD4<Int64> { (a .< b)._storage }

    @inlinable @inline(__always)
    public static func _notNaNMask(_ x: SIMD4<Double>) -> SIMD4<Int64> { (x .== x)._storage }

    // Lane by lane in the source; one register move (or nothing) in optimised code.
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
    public static func _twoToThe(_ k: SIMD4<Double>) -> SIMD4<Double> {
        // The low bits of 2⁵² + 1023 + k are the biased exponent; shift them into place.
        _fromMaskBits(_maskBits(k + 4_503_599_627_371_519) &<< 52)
    }

    @inlinable @inline(__always)
    public static func _exponentAndMantissa(_ x: SIMD4<Double>) -> (SIMD4<Double>, SIMD4<Double>) {
        let bits = SIMD4<UInt64>(truncatingIfNeeded: _maskBits(x))
        let mantissa = (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000
        // 2⁵² + biased exponent, as a double, minus (2⁵² + 1023).
        let biased = (bits &>> 52) | 0x4330_0000_0000_0000
        let exponent = _fromMaskBits(SIMD4(truncatingIfNeeded: biased)) - 4_503_599_627_371_519
        return (exponent, _fromMaskBits(SIMD4(truncatingIfNeeded: mantissa)))
    }

    @inlinable @inline(__always)
    public static func _exp(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int) { _vectorExp(x, y, count) }

    @inlinable @inline(__always)
    public static func _log(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int) { _vectorLog(x, y, count) }
}
