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

/// The per-state loops of the sparse operator's fused pass over one thread's states, in tiles:
/// the shifted arguments `(Q_a − m)/α` of a tile, one array `exp`, then the tile's sums
/// (backward: one array `log` and `V_t`; forward: `x`, `μ` and the scatter of `d_{t+1}`).
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

    /// States per tile: about 2048 exponentials.
    @inline(__always) func tileStates(_ a: Int, _ b: Int) -> Int { Swift.max(1, 2048 / (a * b)) }

    /// `V_t` for `states` from `next` = `V_{t+1}`; returns `s·B + column` of the first entry with
    /// no finite value (all actions −∞, or NaN), or −1.
    func backward(_ states: Range<Int>, next: UnsafeBufferPointer<Scalar>, into out: UnsafeMutableBufferPointer<Scalar>) -> Int {
        if runsInC { return backwardInC(states, next: next, into: out) }
        // Constant counts let the compiler unroll the loops of the common shapes.
        switch (actions, width, batch) {
        case (5, 5, 1): return backward(5, 5, 1, states, next, out)
        case (4, 5, 1): return backward(4, 5, 1, states, next, out)
        case (4, 4, 1): return backward(4, 4, 1, states, next, out)
        case (_, _, 1): return backward(actions, width, 1, states, next, out)
        case (5, 5, _): return backward(5, 5, batch, states, next, out)
        default: return backward(actions, width, batch, states, next, out)
        }
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
        if runsInC {
            forwardInC(states, halo: halo, haloStorage: haloStorage, next: next, distribution: d, weight: w, occupancy: mu, into: out)
            return
        }
        let target = ScatterTarget(range: states, low: halo.low, start: halo.start, batch: b, out: out, halo: haloStorage)
        switch (actions, width, batch) {
        case (5, 5, 1): forward(5, 5, 1, states, next, d, w, mu, target)
        case (4, 5, 1): forward(4, 5, 1, states, next, d, w, mu, target)
        case (4, 4, 1): forward(4, 4, 1, states, next, d, w, mu, target)
        case (_, _, 1): forward(actions, width, 1, states, next, d, w, mu, target)
        case (5, 5, _): forward(5, 5, batch, states, next, d, w, mu, target)
        default: forward(actions, width, batch, states, next, d, w, mu, target)
        }
    }

    /// `e[(i·A + a)·B + c] = (Q_a − m)/α` and `m[i·B + c] = max_a Q_a` for the states of a tile
    /// (`i` from 0), with `Q_a = r + γ·Σ_k P_{a,k}·V(s + offset_k)`; `g` is `W·B` scratch.
    @inline(__always)
    func arguments(
        _ a: Int, _ w: Int, _ b: Int, _ states: Range<Int>, _ v: UnsafeBufferPointer<Scalar>, _ g: UnsafeMutablePointer<Scalar>,
        _ e: UnsafeMutablePointer<Scalar>, _ m: UnsafeMutablePointer<Scalar>
    ) {
        for s in states {
            let i = s - states.lowerBound
            let p = Int(pattern[s])
            let (po, pw) = (p * w, p * a * w)
            for k in 0..<w {
                let o = (s + Int(offset[po + k])) * b
                for c in 0..<b { g[k * b + c] = v[o + c] }
            }
            let (ei, mi) = (e + i * a * b, m + i * b)
            for action in 0..<a {
                let ea = ei + action * b
                let ra = (s * a + action) * b
                // The row's products in its (increasing successor) order, as the CSR pull sums them.
                for c in 0..<b { ea[c] = 0 }
                for k in 0..<w {
                    let p = weight[pw + action * w + k]
                    for c in 0..<b { ea[c] += p * g[k * b + c] }
                }
                for c in 0..<b { ea[c] = discount * ea[c] + rewards[ra + c] }
            }
            for c in 0..<b { mi[c] = ei[c] }
            for action in 1..<Swift.max(a, 1) {
                for c in 0..<b { mi[c] = ei[action * b + c] > mi[c] ? ei[action * b + c] : mi[c] }
            }
            for action in 0..<a {
                for c in 0..<b { ei[action * b + c] = (ei[action * b + c] - mi[c]) * inverseAlpha }
            }
        }
    }

    @inline(__always)
    func backward(
        _ a: Int, _ w: Int, _ b: Int, _ states: Range<Int>, _ v: UnsafeBufferPointer<Scalar>, _ out: UnsafeMutableBufferPointer<Scalar>
    ) -> Int {
        let tile = tileStates(a, b)
        var failed = -1
        withUnsafeTemporaryAllocation(of: Scalar.self, capacity: tile * a * b + 2 * tile * b + w * b) { scratch in
            guard let base = scratch.baseAddress else { return }
            let (e, m, sums, g) = (base, base + tile * a * b, base + tile * a * b + tile * b, base + tile * a * b + 2 * tile * b)
            var lo = states.lowerBound
            while lo < states.upperBound {
                let hi = Swift.min(lo + tile, states.upperBound)
                let n = hi - lo
                arguments(a, w, b, lo..<hi, v, g, e, m)
                Scalar._exp(e, e, n * a * b)
                for i in 0..<n {
                    let (ei, si) = (e + i * a * b, sums + i * b)
                    for c in 0..<b { si[c] = ei[c] }
                    for action in 1..<Swift.max(a, 1) { for c in 0..<b { si[c] += ei[action * b + c] } }
                }
                Scalar._log(sums, sums, n * b)
                for k in 0..<(n * b) {
                    // All −∞ gives m = −∞ and NaN; NaN or +∞ entries give NaN: all caught here.
                    let value = m[k] + alpha * sums[k]
                    out[lo * b + k] = value
                    if !value.isFinite && failed < 0 { failed = lo * b + k }
                }
                lo = hi
            }
        }
        return failed
    }

    @inline(__always)
    func forward(
        _ a: Int, _ w: Int, _ b: Int, _ states: Range<Int>, _ v: UnsafeBufferPointer<Scalar>, _ d: UnsafeBufferPointer<Scalar>,
        _ step: Scalar, _ mu: UnsafeMutableBufferPointer<Scalar>, _ target: ScatterTarget<Scalar>
    ) {
        let tile = tileStates(a, b)
        withUnsafeTemporaryAllocation(of: Scalar.self, capacity: tile * a * b + tile * b + w * b + b) { scratch in
            guard let base = scratch.baseAddress else { return }
            let (e, m, g, y) = (base, base + tile * a * b, base + tile * a * b + tile * b, base + tile * a * b + tile * b + w * b)
            var lo = states.lowerBound
            while lo < states.upperBound {
                let hi = Swift.min(lo + tile, states.upperBound)
                arguments(a, w, b, lo..<hi, v, g, e, m)
                Scalar._exp(e, e, (hi - lo) * a * b)
                for s in lo..<hi {
                    let ei = e + (s - lo) * a * b
                    // m is free now: it takes d_t(s)/Σ_a exp(…).
                    let scale = m + (s - lo) * b
                    var any = false
                    for c in 0..<b {
                        var sum = ei[c]
                        for action in 1..<Swift.max(a, 1) { sum += ei[action * b + c] }
                        let mass = d[s * b + c]
                        scale[c] = mass / sum
                        any = any || mass != 0
                    }
                    // A state not reached adds exact zeros: skip it.
                    guard any else { continue }
                    for action in 0..<a {
                        let (ea, o) = (ei + action * b, (s * a + action) * b)
                        for c in 0..<b {
                            let x = scale[c] * ea[c]
                            ea[c] = x
                            mu[o + c] += step * x
                        }
                    }
                    let p = Int(pattern[s])
                    let (po, pw) = (p * w, p * a * w)
                    for k in 0..<w {
                        for c in 0..<b { y[c] = weight[pw + k] * ei[c] }
                        for action in 1..<Swift.max(a, 1) {
                            let q = weight[pw + action * w + k]
                            for c in 0..<b { y[c] += q * ei[action * b + c] }
                        }
                        target.add(y, to: s + Int(offset[po + k]), b)
                    }
                }
                lo = hi
            }
        }
    }
}

/// Where one thread's scatter writes: `out` for its own states, its halo for the others.
struct ScatterTarget<Scalar: FastExpScalar> {
    let range: Range<Int>
    let low: Int
    let start: Int
    let batch: Int
    let out: UnsafeMutableBufferPointer<Scalar>
    let halo: UnsafeMutableBufferPointer<Scalar>

    init(
        range: Range<Int>, low: Int, start: Int, batch: Int, out: UnsafeMutableBufferPointer<Scalar>,
        halo: UnsafeMutableBufferPointer<Scalar>
    ) {
        (self.range, self.low, self.start, self.batch, self.out, self.halo) = (range, low, start, batch, out, halo)
    }

    /// `[s'][b] += y[b]`.
    @inline(__always) func add(_ y: UnsafeMutablePointer<Scalar>, to s: Int, _ b: Int) {
        if s >= range.lowerBound && s < range.upperBound {
            for c in 0..<b { out[s * b + c] += y[c] }
        } else if s < range.lowerBound {
            let i = start + (s - low) * b
            for c in 0..<b { halo[i + c] += y[c] }
        } else {
            let i = start + (range.lowerBound - low + s - range.upperBound) * b
            for c in 0..<b { halo[i + c] += y[c] }
        }
    }
}
