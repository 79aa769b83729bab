import DenseTensors

extension SparseStatePatterns where Scalar: FastExpScalar {
    /// Runs `body` with a kernel over the pattern arrays and the rewards `[S, A, B]`.
    func withKernel<E: Error>(
        rewards: UnsafeBufferPointer<Scalar>, batch: Int, discount: Scalar, temperature: Scalar,
        _ body: (SparsePatternKernel<Scalar>) throws(E) -> Void
    ) throws(E) {
        let actions = weight.count / max(1, offset.count)
        try pattern.withUnsafeBufferPointer { (p) throws(E) in
            try offset.withUnsafeBufferPointer { (o) throws(E) in
                try weight.withUnsafeBufferPointer { (w) throws(E) in
                    try body(
                        SparsePatternKernel(
                            pattern: p, offset: o, weight: w, rewards: rewards, actions: actions, width: width,
                            batch: batch, discount: discount, temperature: temperature))
                }
            }
        }
    }
}

extension SparseStatePatterns {
    /// Where a thread's scatter targets outside its own states go: `[low, range.lowerBound)` and
    /// `[range.upperBound, high)`, stored from `start` (in scalars, `B` per state).
    struct Halo {
        let range: Range<Int>
        let low: Int
        let high: Int
        let start: Int
        let batch: Int
        var count: Int { (range.lowerBound - low + high - range.upperBound) * batch }
    }

    /// The halos of the threads' state ranges (consecutive in one storage array).
    /// - Complexity: O(S·width).
    func halos(_ ranges: [Range<Int>], batch: Int) -> [Halo] {
        var result: [Halo] = []
        var start = 0
        for range in ranges {
            var (low, high) = (range.lowerBound, range.upperBound)
            for s in range {
                let o = Int(pattern[s]) * width
                for k in 0..<width {
                    let target = s + Int(offset[o + k])
                    low = Swift.min(low, target)
                    high = Swift.max(high, target + 1)
                }
            }
            let halo = Halo(range: range, low: low, high: high, start: start, batch: batch)
            result.append(halo)
            start += halo.count
        }
        return result
    }

    /// Adds the other threads' halos, in thread order, into the states of `range` of `out`.
    static func addHalos(
        _ halos: [Halo], haloStorage: UnsafeBufferPointer<Scalar>, into out: UnsafeMutableBufferPointer<Scalar>,
        range: Range<Int>, batch b: Int
    ) {
        for halo in halos where halo.range != range {
            // The left part covers [low, range.lowerBound), the right part [range.upperBound, high).
            let (leftLow, leftHigh) = (Swift.max(halo.low, range.lowerBound), Swift.min(halo.range.lowerBound, range.upperBound))
            for s in leftLow..<Swift.max(leftLow, leftHigh) {
                let i = halo.start + (s - halo.low) * b
                for col in 0..<b { out[s * b + col] += haloStorage[i + col] }
            }
            let (rightLow, rightHigh) = (Swift.max(halo.range.upperBound, range.lowerBound), Swift.min(halo.high, range.upperBound))
            for s in rightLow..<Swift.max(rightLow, rightHigh) {
                let i = halo.start + (halo.range.lowerBound - halo.low + s - halo.range.upperBound) * b
                for col in 0..<b { out[s * b + col] += haloStorage[i + col] }
            }
        }
    }
}

/// The sparse operator's fused pass over one thread's states, on the sparse-pattern kernels of
/// `CKernels` (SparsePatternKernel+C.swift): per tile, the shifted arguments `(Q_a − m)/α`, one
/// array `exp`, then the tile's sums (backward: one array `log` and `V_t`; forward: `x`, `μ` and
/// the scatter of `d_{t+1}`). Shapes the kernels do not take run the generic lean pass instead
/// (``SparseTransitionOperator/hasFusedKernels(batch:)``).
struct SparsePatternKernel<Scalar: FastExpScalar> {
    let pattern: UnsafeBufferPointer<Int32>
    let offset: UnsafeBufferPointer<Int32>
    let weight: UnsafeBufferPointer<Scalar>
    let rewards: UnsafeBufferPointer<Scalar>
    let (actions, width, batch): (Int, Int, Int)
    let (discount, alpha, inverseAlpha): (Scalar, Scalar, Scalar)

    init(
        pattern: UnsafeBufferPointer<Int32>, offset: UnsafeBufferPointer<Int32>, weight: UnsafeBufferPointer<Scalar>,
        rewards: UnsafeBufferPointer<Scalar>, actions: Int, width: Int, batch: Int, discount: Scalar, temperature: Scalar
    ) {
        (self.pattern, self.offset, self.weight, self.rewards) = (pattern, offset, weight, rewards)
        (self.actions, self.width, self.batch) = (actions, width, batch)
        (self.discount, alpha, inverseAlpha) = (discount, temperature, 1 / temperature)
    }

    /// `V_t` for `states` from `next` = `V_{t+1}`; returns `s·B + column` of the first entry with
    /// no finite value (all actions −∞, or NaN), or −1.
    func backward(_ states: Range<Int>, next: UnsafeBufferPointer<Scalar>, into out: UnsafeMutableBufferPointer<Scalar>) -> Int {
        backwardInC(states, next: next, into: out)
    }

    /// One forward step for `states`: `x = d_t·π`, `μ += weight·x`, and the scatter of `Pᵀx` into
    /// `out` (the states of `states`, zeroed here first) and into the thread's `halo`.
    func forward(
        _ states: Range<Int>, halo: SparseStatePatterns<Scalar>.Halo, haloStorage: UnsafeMutableBufferPointer<Scalar>,
        next: UnsafeBufferPointer<Scalar>, distribution d: UnsafeBufferPointer<Scalar>, weight w: Scalar,
        occupancy mu: UnsafeMutableBufferPointer<Scalar>, into out: UnsafeMutableBufferPointer<Scalar>
    ) {
        let b = batch
        for i in (states.lowerBound * b)..<(states.upperBound * b) { out[i] = 0 }
        for i in halo.start..<(halo.start + halo.count) { haloStorage[i] = 0 }
        forwardInC(states, halo: halo, haloStorage: haloStorage, next: next, distribution: d, weight: w, occupancy: mu, into: out)
    }
}
