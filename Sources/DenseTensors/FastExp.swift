import RealModule

/// The package's one `exp` and `log`: the array kernels of the `CKernels` C target
/// (FastExp+Arrays.swift: `exp(_:into:)`, `exp(inPlace:)`, `log(_:into:)`, `log(inPlace:)`),
/// compiled for AVX2 + FMA and for the baseline and chosen at run time. `exp`: Cody–Waite range
/// reduction and a Taylor polynomial, within 2 ulp of the correctly rounded result for normal
/// results; `exp(−∞) = 0`, overflow gives `+∞`, NaN stays NaN. `log`: within 2 ulp for positive
/// normal `x`; other inputs as the C library's `log`. Swift cannot compile a function for AVX2,
/// and `SIMD4<Double>` runs partly scalar (≈ 8 ns per element against ≈ 1.6 ns in C), so hot
/// loops gather a block of arguments and call the array functions — also four lanes at a time.
///
/// Below: branch-free lane selection and maxima for the `SIMD4` code around those calls.
public enum FastExp {
    /// `mask ? a : b` lane by lane (`mask` lanes all ones or all zeros), with bit operations:
    /// in generic code the standard `replacing(with:where:)` and comparisons do not vectorise.
    @inlinable @inline(__always)
    public static func _select<T: FastExpScalar>(_ m: SIMD4<T.SIMDMaskScalar>, _ a: SIMD4<T>, _ b: SIMD4<T>) -> SIMD4<T> {
        T._fromMaskBits((T._maskBits(a) & m) | (T._maskBits(b) & ~m))
    }

    /// The lane-wise larger value (`b` where either is NaN), branch-free.
    @inlinable @inline(__always)
    public static func _maximum<T: FastExpScalar>(_ a: SIMD4<T>, _ b: SIMD4<T>) -> SIMD4<T> { _select(T._lessThanMask(b, a), a, b) }
}

/// A scalar type with the `CKernels` array `exp`/`log` of its precision, the lane-mask pieces of
/// ``FastExp``, and the C kernels of its precision that the stencil and sparse-pattern passes
/// call. Conformances: `Float`, `Double`.
public protocol FastExpScalar: BLASScalar, SIMDScalar {
    /// All-ones lanes where `a < b`, zeros elsewhere (a concrete, vectorised comparison).
    static func _lessThanMask(_ a: SIMD4<Self>, _ b: SIMD4<Self>) -> SIMD4<SIMDMaskScalar>
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
