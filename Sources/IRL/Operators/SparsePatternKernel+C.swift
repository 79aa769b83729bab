import CKernels
import DenseTensors

/// The loops of ``SparsePatternKernel`` on the sparse-pattern kernels of `CKernels` (AVX2 + FMA or
/// portable, chosen at run time): with `B = 1` four states per vector where neighbouring states
/// share a pattern, else four batch columns per vector.
extension SparsePatternKernel {
    /// Whether the C kernels take this shape (more actions, a wider pattern or a larger batch run
    /// the generic lean pass).
    static func takes(actions: Int, width: Int, batch: Int) -> Bool {
        batch <= Int(SPK_MAXIMUM_BATCH) && actions <= Int(SPK_MAXIMUM_ACTIONS) && width <= Int(SPK_MAXIMUM_WIDTH)
    }

    /// `spk_backward` (through the scalar's ``FastExpScalar`` conformance): `s·B + column` of the
    /// first failing value, or −1.
    func backwardInC(_ states: Range<Int>, next: UnsafeBufferPointer<Scalar>, into out: UnsafeMutableBufferPointer<Scalar>) -> Int {
        guard let (p, o, w, r) = pointers, let v = next.baseAddress, let y = out.baseAddress else { return -1 }
        let (first, count) = (states.lowerBound, states.count)
        return Scalar._sparsePatternBackward(
            pattern: p, offset: o, weight: w, actions: actions, width: width, batch: batch, first: first, count: count, next: v,
            reward: r, discount: discount, temperature: alpha, out: y)
    }

    /// `spk_forward` for one thread's states (its targets zeroed by the caller).
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
        Scalar._sparsePatternForward(
            pattern: p, offset: o, weight: w, actions: actions, width: width, batch: batch, first: first, count: count, next: v,
            reward: r, discount: discount, temperature: alpha, d: pd, step: step, occupancy: pm, out: y, ownLow: first,
            ownHigh: states.upperBound, halo: h, haloLow: halo.low)
    }

    private var pointers: (UnsafePointer<Int32>, UnsafePointer<Int32>, UnsafePointer<Scalar>, UnsafePointer<Scalar>)? {
        guard let p = pattern.baseAddress, let o = offset.baseAddress, let w = weight.baseAddress, let r = rewards.baseAddress else {
            return nil
        }
        return (p, o, w, r)
    }
}
