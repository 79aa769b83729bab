import CKernels
import DenseTensors

/// The loops of ``SparsePatternKernel`` on the sparse-pattern kernels of `CKernels` (AVX2 + FMA or
/// portable, chosen at run time): with `B = 1` four states per vector where neighbouring states
/// share a pattern, else four batch columns per vector. ``runsInC`` is `false` for shapes the
/// kernels do not take (more actions, a wider pattern or a larger batch); then the Swift loops run.
extension SparsePatternKernel {
    /// Whether the C kernels take this shape.
    var runsInC: Bool {
        batch <= Int(SPK_MAXIMUM_BATCH) && actions <= Int(SPK_MAXIMUM_ACTIONS) && width <= Int(SPK_MAXIMUM_WIDTH)
            && (Scalar.self == Double.self || Scalar.self == Float.self)
    }

    /// `spk_backward_f64/f32`: `s·B + column` of the first failing value, or −1.
    func backwardInC(_ states: Range<Int>, next: UnsafeBufferPointer<Scalar>, into out: UnsafeMutableBufferPointer<Scalar>) -> Int {
        guard let (p, o, w, r) = pointers, let v = next.baseAddress, let y = out.baseAddress else { return -1 }
        let (first, count) = (states.lowerBound, states.count)
        if Scalar.self == Double.self {
            return spk_backward_f64(
                p, o, cast(w), actions, width, batch, first, count, cast(v), cast(r), bits(discount), bits(alpha), cast(y))
        }
        return spk_backward_f32(p, o, cast(w), actions, width, batch, first, count, cast(v), cast(r), bits(discount), bits(alpha), cast(y))
    }

    /// `spk_forward_f64/f32` for one thread's states (its targets zeroed by the caller).
    func forwardInC(
        _ states: Range<Int>, halo: SparseStatePatterns<Scalar>.Halo, haloStorage: UnsafeMutableBufferPointer<Scalar>,
        next: UnsafeBufferPointer<Scalar>, distribution d: UnsafeBufferPointer<Scalar>, weight step: Scalar,
        occupancy mu: UnsafeMutableBufferPointer<Scalar>, into out: UnsafeMutableBufferPointer<Scalar>
    ) {
        guard let (p, o, w, r) = pointers, let v = next.baseAddress, let pd = d.baseAddress, let pm = mu.baseAddress,
            let y = out.baseAddress
        else { return }
        let h: UnsafeMutablePointer<Scalar>? = haloStorage.baseAddress.map { $0 + halo.start }
        let (first, count) = (states.lowerBound, states.count)
        if Scalar.self == Double.self {
            spk_forward_f64(
                p, o, cast(w), actions, width, batch, first, count, cast(v), cast(r), bits(discount), bits(alpha), cast(pd),
                bits(step), cast(pm), cast(y), first, states.upperBound, h.map { cast($0) }, halo.low)
        } else {
            spk_forward_f32(
                p, o, cast(w), actions, width, batch, first, count, cast(v), cast(r), bits(discount), bits(alpha), cast(pd),
                bits(step), cast(pm), cast(y), first, states.upperBound, h.map { cast($0) }, halo.low)
        }
    }

    private var pointers: (UnsafePointer<Int32>, UnsafePointer<Int32>, UnsafePointer<Scalar>, UnsafePointer<Scalar>)? {
        guard let p = pattern.baseAddress, let o = offset.baseAddress, let w = weight.baseAddress, let r = rewards.baseAddress else {
            return nil
        }
        return (p, o, w, r)
    }

    /// `p` as a pointer to `T`, which the caller has checked is `Scalar`.
    @inline(__always) private func cast<T>(_ p: UnsafePointer<Scalar>) -> UnsafePointer<T> {
        UnsafeRawPointer(p).assumingMemoryBound(to: T.self)
    }

    @inline(__always) private func cast<T>(_ p: UnsafeMutablePointer<Scalar>) -> UnsafeMutablePointer<T> {
        UnsafeMutableRawPointer(p).assumingMemoryBound(to: T.self)
    }

    /// `x` as `T`, which the caller has checked is `Scalar`.
    @inline(__always) private func bits<T>(_ x: Scalar) -> T { unsafeBitCast(x, to: T.self) }
}
