import RealModule

/// Vectorised `exp` and `log` on `SIMD4` lanes, for the hot log-sum-exp kernels.
///
/// `exp(x)`: Cody–Waite range reduction `x = k·ln 2 + r` with `|r| ≤ ln2/2` (`ln 2` split in a
/// high part exact in `k·ln2_hi` and a low part), a Taylor polynomial for `e^r` of degree 13
/// (`Double`) or 7 (`Float`), and scaling by `2^k` built from the exponent bits in two halves
/// so that subnormal results come out right. Accuracy: within 2 ulp of the correctly rounded
/// result for normal results (tested against Foundation's `exp`); subnormal results may differ
/// by one subnormal step (double rounding). `exp(−∞) = 0`, large negatives give exactly `0`,
/// overflow gives `+∞`, NaN stays NaN.
///
/// `log(x)`: `x = 2^e·m` with `m ∈ [√½, √2)`, `log m = 2·atanh(f/(2+f))` by its odd series in
/// `s = f/(2+f)`, `|s| ≤ 0.172`. Accuracy: within 2 ulp for positive normal `x`; lanes that are
/// zero, subnormal, negative, infinite or NaN are computed by the scalar `log`.
///
/// Every operation is a plain SIMD operation (no table lookups, no branches in the common
/// case). On x86-64 Swift compiles `SIMD4<Double>` for 128-bit SSE2 registers, partly scalar
/// (≈ 8 ns per Double measured): hot loops should prepare a block of arguments and call the
/// array functions (`FastExp.exp(_:into:)`, `exp(inPlace:)`, `log(inPlace:)`), which run the
/// same algorithms on AVX2 + FMA in the `CKernels` C target (≈ 1.6 ns per Double).
public enum FastExp {
    /// `e^x` lane by lane.
    /// - Complexity: about 40 SIMD operations per vector, no branches.
    @inlinable @inline(__always)
    public static func exp<T: FastExpScalar>(_ x: SIMD4<T>) -> SIMD4<T> {
        let clamped = _minimum(_maximum(x, SIMD4(repeating: T._expLowerCut)), SIMD4(repeating: T._expUpperCut))
        let shifter = SIMD4<T>(repeating: T._roundingShifter)
        // k = round(x / ln 2) by the add-and-subtract trick (round to nearest in the FPU).
        let k = (clamped * T(1.4426950408889634074) + shifter) - shifter
        let r = (clamped - k * T._ln2High) - k * T._ln2Low
        let p = T._expPolynomial(r)
        // 2^k in two halves, each a normal number, so 2^k may be subnormal or overflow correctly.
        let k1 = (k * 0.5 + shifter) - shifter
        let result = p * T._twoToThe(k1) * T._twoToThe(k - k1)
        return _select(T._notNaNMask(x), result, x)
    }

    /// The natural logarithm lane by lane.
    /// - Complexity: about 35 SIMD operations per vector and one division; scalar `log` for
    ///   lanes that are not positive normal numbers.
    @inlinable @inline(__always)
    public static func log<T: FastExpScalar>(_ x: SIMD4<T>) -> SIMD4<T> {
        var result = _logOfNormal(x)
        let regular = T._lessThanMask(SIMD4(repeating: T.leastNormalMagnitude.nextDown), x) & T._lessThanMask(x, SIMD4(repeating: T.infinity))
        if regular[0] & regular[1] & regular[2] & regular[3] == 0 {
            for i in 0..<4 where regular[i] == 0 { result[i] = T.log(x[i]) }
        }
        return result
    }

    /// `log x` for lanes that are positive normal numbers (others: unspecified, NaN stays NaN).
    @inlinable @inline(__always)
    public static func _logOfNormal<T: FastExpScalar>(_ x: SIMD4<T>) -> SIMD4<T> {
        var (e, m) = T._exponentAndMantissa(x)   // x = 2^e · m, m ∈ [1, 2)
        let high = T._lessThanMask(SIMD4(repeating: T(1.4142135623730950488)), m)
        m = _select(high, m * 0.5, m)
        e = _select(high, e + 1, e)
        let f = m - 1
        let s = f / (f + 2)
        let z = s * s
        // log m = 2·atanh(s) = 2s + s·z·(2/3 + 2z/5 + …), and 2s = f − s·f.
        let series = s * z * T._logSeries(z)
        return e * T._ln2High + (f - s * f + series + e * T._ln2Low)
    }

    /// `mask ? a : b` lane by lane (`mask` lanes all ones or all zeros), with bit operations:
    /// in generic code the standard `replacing(with:where:)` and comparisons do not vectorise.
    @inlinable @inline(__always)
    public static func _select<T: FastExpScalar>(_ m: SIMD4<T.SIMDMaskScalar>, _ a: SIMD4<T>, _ b: SIMD4<T>) -> SIMD4<T> {
        T._fromMaskBits((T._maskBits(a) & m) | (T._maskBits(b) & ~m))
    }

    /// The lane-wise smaller value (`b` where either is NaN), branch-free.
    @inlinable @inline(__always)
    public static func _minimum<T: FastExpScalar>(_ a: SIMD4<T>, _ b: SIMD4<T>) -> SIMD4<T> { _select(T._lessThanMask(a, b), a, b) }

    /// The lane-wise larger value (`b` where either is NaN), branch-free.
    @inlinable @inline(__always)
    public static func _maximum<T: FastExpScalar>(_ a: SIMD4<T>, _ b: SIMD4<T>) -> SIMD4<T> { _select(T._lessThanMask(b, a), a, b) }
}

/// A scalar type with the bit-level pieces of ``FastExp``: the polynomials for its precision and
/// the construction of powers of two from exponent bits; and the C kernels of its precision that
/// the stencil and sparse-pattern passes call. Conformances: `Float`, `Double`.
public protocol FastExpScalar: BLASScalar, SIMDScalar {
    /// Below this, `exp` is `0` (half the least subnormal, rounded down).
    static var _expLowerCut: Self { get }
    /// Above this, `exp` is `+∞`.
    static var _expUpperCut: Self { get }
    /// `1.5·2^(significandBitCount)`: adding and subtracting it rounds to an integer.
    static var _roundingShifter: Self { get }
    /// `ln 2` split so that `k·_ln2High` is exact for the `k` that occur.
    static var _ln2High: Self { get }
    static var _ln2Low: Self { get }
    /// `e^r` for `|r| ≤ ln2/2` to full precision.
    static func _expPolynomial(_ r: SIMD4<Self>) -> SIMD4<Self>
    /// `(2/3 + 2z/5 + 2z²/7 + …)` so that `2·atanh(s) = 2s + s·z·series(z)` with `z = s²`, `|s| ≤ 0.172`.
    static func _logSeries(_ z: SIMD4<Self>) -> SIMD4<Self>
    /// `2^k` for integral `k` within the normal exponent range.
    static func _twoToThe(_ k: SIMD4<Self>) -> SIMD4<Self>
    /// All-ones lanes where `a < b`, zeros elsewhere (a concrete, vectorised comparison).
    static func _lessThanMask(_ a: SIMD4<Self>, _ b: SIMD4<Self>) -> SIMD4<SIMDMaskScalar>
    /// All-ones lanes where `x` is not NaN.
    static func _notNaNMask(_ x: SIMD4<Self>) -> SIMD4<SIMDMaskScalar>
    /// `(e, m)` with `x = 2^e·m`, `m ∈ [1, 2)`, for positive normal `x` (other lanes: anything).
    static func _exponentAndMantissa(_ x: SIMD4<Self>) -> (SIMD4<Self>, SIMD4<Self>)
    /// `y[i] = e^{x[i]}` for `i < count` on the `CKernels` array kernels (`y` may equal `x`).
    static func _exp(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ count: Int)
    /// `y[i] = log x[i]` for `i < count` on the `CKernels` array kernels (`y` may equal `x`).
    static func _log(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ count: Int)
    /// The bits of each lane, as the mask scalar (a reinterpretation, not a conversion).
    static func _maskBits(_ x: SIMD4<Self>) -> SIMD4<SIMDMaskScalar>
    /// The lanes whose bits are `bits` (the inverse of ``_maskBits(_:)``).
    static func _fromMaskBits(_ bits: SIMD4<SIMDMaskScalar>) -> SIMD4<Self>

    // The stencil-run and sparse-pattern kernels of `CKernels` (`stencil_kernels.h`,
    // `sparse_pattern_kernels.h`: layouts, formulas), each implemented by the conformance with its
    // `_f32` / `_f64` C function; `run` describes a run of regular stencil lanes (`sk_run`).

    /// `sk_backward_run`: `Σ_a R_a·E_a` into `sums` and the value terms of `V_t` into `out` for a run.
    static func _stencilBackwardRun(
        _ run: (lanes: Int, side: Int, vertical: Int, plane: Int, actions: Int), weights: UnsafePointer<Self>,
        eUp: UnsafePointer<Self>, eMid: UnsafePointer<Self>, eDown: UnsafePointer<Self>, next: UnsafePointer<Self>,
        shift: UnsafePointer<Self>, rbar: UnsafePointer<Self>, g1: Self, g2: Self, out: UnsafeMutablePointer<Self>,
        sums: UnsafeMutablePointer<Self>)

    /// `sk_scale_run`: `u = d/Σ_a R_a·E_a` for a run.
    static func _stencilScaleRun(
        _ run: (lanes: Int, side: Int, vertical: Int, plane: Int, actions: Int), weights: UnsafePointer<Self>,
        eUp: UnsafePointer<Self>, eMid: UnsafePointer<Self>, eDown: UnsafePointer<Self>, d: UnsafePointer<Self>,
        u: UnsafeMutablePointer<Self>)

    /// `sk_gather_run`: `μ += weight·x_t` and the gathered `d_{t+1}` for a run.
    static func _stencilGatherRun(
        _ run: (lanes: Int, side: Int, vertical: Int, plane: Int, actions: Int), weights: UnsafePointer<Self>,
        eUp: UnsafePointer<Self>, eMid: UnsafePointer<Self>, eDown: UnsafePointer<Self>, uUp: UnsafePointer<Self>,
        uMid: UnsafePointer<Self>, uDown: UnsafePointer<Self>, d: UnsafePointer<Self>, intended: Self, spread: Self,
        weight: Self, mu: UnsafeMutablePointer<Self>, next: UnsafeMutablePointer<Self>)

    /// `sk_add_logs`: `out[k] = partial[k] + α·logs[k]`; whether some `logs[k]` is outside `(low, high)` or NaN.
    static func _stencilAddLogs(
        out: UnsafeMutablePointer<Self>, partial: UnsafePointer<Self>, logs: UnsafePointer<Self>, count: Int, alpha: Self,
        low: Self, high: Self
    ) -> Bool

    /// `sk_extrema`: per column, the running maximum and minimum of `cells` cells of `batch` columns (NaN ignored).
    static func _stencilExtrema(
        _ v: UnsafePointer<Self>, cells: Int, batch: Int, high: UnsafeMutablePointer<Self>, low: UnsafeMutablePointer<Self>)

    /// `spk_backward`: `V_t` of the states `first ..< first + count` into `out`; `s·B + b` of the first non-finite value, or −1.
    static func _sparsePatternBackward(
        pattern: UnsafePointer<Int32>, offset: UnsafePointer<Int32>, weight: UnsafePointer<Self>, actions: Int, width: Int,
        batch: Int, first: Int, count: Int, next: UnsafePointer<Self>, reward: UnsafePointer<Self>, discount: Self,
        temperature: Self, out: UnsafeMutablePointer<Self>
    ) -> Int

    /// `spk_forward`: the forward step of the states `first ..< first + count` (targets outside `ownLow ..< ownHigh` into `halo`).
    static func _sparsePatternForward(
        pattern: UnsafePointer<Int32>, offset: UnsafePointer<Int32>, weight: UnsafePointer<Self>, actions: Int, width: Int,
        batch: Int, first: Int, count: Int, next: UnsafePointer<Self>, reward: UnsafePointer<Self>, discount: Self,
        temperature: Self, d: UnsafePointer<Self>, step: Self, occupancy: UnsafeMutablePointer<Self>,
        out: UnsafeMutablePointer<Self>, ownLow: Int, ownHigh: Int, halo: UnsafeMutablePointer<Self>?, haloLow: Int)
}
