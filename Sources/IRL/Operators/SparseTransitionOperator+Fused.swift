import DenseTensors

/// The fused lean soft backward + forward pass of the sparse operator, on its per-state
/// patterns (``SparseStatePatterns``) instead of the CSR and CSC arrays, and without any
/// `[S, A, B]` scratch array.
///
/// Backward, per state `s` and column `b`, with `g_k = V_{t+1}(s + offset_k)` gathered once for
/// the state's `A` actions: `Q_a = r(s, a) + γ·Σ_k P_{a,k}·g_k` (the CSR row's sum, in its order),
/// `V_t = m + α·log Σ_a exp((Q_a − m)/α)` with `m = max_a Q_a`. Forward, per step: the same
/// `Q_a` from `V_{t+1}`, `π_a = exp((Q_a − m)/α) / Σ_a' exp((Q_a' − m)/α)` (not
/// `exp((Q_a − V_t)/α)`, which loses every digit when `|Q| ≈ 1e300`), `x_a = d_t(s)·π_a`,
/// `μ += γᵗ·x`, and `d_{t+1}(s + offset_k) += Σ_a P_{a,k}·x_a` from the same pattern.
/// The exponentials and logarithms run on the array kernels of ``FastExp`` a tile of states at
/// a time.
///
/// The states are split in contiguous ranges (a function of ``threads``; see
/// ``fusedRanges(batch:)``). The backward pass writes each `V_t(s)` from one range. The forward
/// scatter writes the targets in the range's own states directly and the others into a per-range
/// halo, added afterwards in range order: results are deterministic for a thread count and differ
/// between thread counts only in the order of sums (rounding, checked to 1e-12 in the tests).
extension SparseTransitionOperator: FusedSoftBackup where Scalar: FastExpScalar {
    func hasFusedKernels(batch: Int) -> Bool {
        guard let patterns else { return false }
        return SparsePatternKernel<Scalar>.takes(actions: actionCount, width: patterns.width, batch: batch)
    }

    func fusedOccupancy(_ mdp: TabularMDP<Scalar>, _ r: Tensor<Scalar>, temperature: Scalar, values: inout Tensor<Scalar>)
        throws(IRLError) -> (Tensor<Scalar>, Tensor<Scalar>)
    {
        guard let patterns else { preconditionFailure("the fused pass needs the state patterns (hasFusedKernels)") }
        try patternBackward(mdp, r, patterns, temperature: temperature, values: &values)
        return patternForward(mdp, r, patterns, temperature: temperature, values: values)
    }

    /// The contiguous state ranges of the pass: one with one thread, else four per thread, so that
    /// a core taken by another process delays a quarter of its share rather than the whole step;
    /// at most `2A + 2`, so that their halos (up to `S·B` each on an unstructured model) stay
    /// within the lean pass's budget, and at least 8192 state-action pairs each.
    func fusedRanges(batch b: Int) -> [Range<Int>] {
        let parts = threads <= 1 ? 1 : 4 * threads
        let count = max(1, min(parts, 2 * actionCount + 2, stateCount * actionCount * b / 8_192))
        return (0..<count).map { c in (stateCount * c / count)..<(stateCount * (c + 1) / count) }
    }

    /// `V_t` for `t = H−1 … 0` into `values` (row `H` from the terminal values).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func patternBackward(
        _ mdp: TabularMDP<Scalar>, _ r: Tensor<Scalar>, _ patterns: SparseStatePatterns<Scalar>, temperature: Scalar,
        values: inout Tensor<Scalar>
    ) throws(IRLError) {
        guard case let .finite(h) = mdp.horizon else { return }
        let (s, b) = (stateCount, r.shape[2])
        let sb = s * b
        let ranges = fusedRanges(batch: b)
        var failures = [Int](repeating: -1, count: ranges.count)
        try r.withUnsafeBufferPointer { (pr) throws(IRLError) in
            try values.withUnsafeMutableBufferPointer { (v) throws(IRLError) in
                if let terminal = mdp.terminalValues {
                    for state in 0..<s { for col in 0..<b { v[h * sb + state * b + col] = terminal.scalars[state] } }
                }
                try patterns.withKernel(rewards: pr, batch: b, discount: mdp.discount, temperature: temperature) {
                    (kernel) throws(IRLError) in
                    for t in stride(from: h - 1, through: 0, by: -1) {
                        let (next, out) = (window(UnsafeBufferPointer(v), (t + 1) * sb, sb), window(v, t * sb, sb))
                        failures.withUnsafeMutableBufferPointer { fail in
                            parallelChunks(count: ranges.count, threads: ranges.count, minimumChunk: 1) { chunks in
                                for c in chunks { fail[c] = kernel.backward(ranges[c], next: next, into: out) }
                            }
                        }
                        if let bad = failures.first(where: { $0 >= 0 }) {
                            throw .noValidAction(state: bad / b, column: bad % b, time: t)
                        }
                    }
                }
            }
        }
    }

    /// The forward pass from the stored `V_t`: returns `μ` `[S, A, B]` and `d_H` `[S, B]`.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func patternForward(
        _ mdp: TabularMDP<Scalar>, _ r: Tensor<Scalar>, _ patterns: SparseStatePatterns<Scalar>, temperature: Scalar,
        values: Tensor<Scalar>
    ) -> (Tensor<Scalar>, Tensor<Scalar>) {
        let (s, a, b) = (stateCount, actionCount, r.shape[2])
        let sb = s * b
        let h = values.shape[0] - 1
        let ranges = fusedRanges(batch: b)
        let halos = patterns.halos(ranges, batch: b)
        var mu = Self.zeros([s, a, b])
        var d = Tensor<Scalar>(shape: [s, b]) { mdp.initialDistribution.scalars[$0 / b] }
        var dNext = Self.zeros([s, b])
        var haloStorage = [Scalar](largeRepeating: 0, count: halos.last.map { $0.start + $0.count } ?? 0)
        let gamma = mdp.discount
        r.withUnsafeBufferPointer { pr in
            values.withUnsafeBufferPointer { v in
                mu.withUnsafeMutableBufferPointer { pm in
                    haloStorage.withUnsafeMutableBufferPointer { halo in
                        patterns.withKernel(rewards: pr, batch: b, discount: gamma, temperature: temperature) { kernel in
                            var weight: Scalar = 1
                            for t in 0..<h {
                                let next = window(v, (t + 1) * sb, sb)
                                d.withUnsafeBufferPointer { pd in
                                    dNext.withUnsafeMutableBufferPointer { out in
                                        parallelChunks(count: ranges.count, threads: ranges.count, minimumChunk: 1) { chunks in
                                            for c in chunks {
                                                kernel.forward(
                                                    ranges[c], halo: halos[c], haloStorage: halo, next: next, distribution: pd,
                                                    weight: weight, occupancy: pm, into: out)
                                            }
                                        }
                                        parallelChunks(count: ranges.count, threads: ranges.count, minimumChunk: 1) { chunks in
                                            for c in chunks {
                                                SparseStatePatterns<Scalar>.addHalos(
                                                    halos, haloStorage: UnsafeBufferPointer(halo),
                                                    into: out, range: ranges[c], batch: b)
                                            }
                                        }
                                    }
                                }
                                swap(&d, &dNext)
                                weight *= gamma
                            }
                        }
                    }
                }
            }
        }
        return (mu, d)
    }

    /// Zeros of `shape` in recycled storage (the generic `Tensor(zeros:)` copies scalar by scalar).
    static func zeros(_ shape: [Int]) -> Tensor<Scalar> { Tensor(recycledZeros: shape) }
}

extension SparseTransitionOperator: SingleColumnFusedSteps, BlockBackedFusedSteps where Scalar: FastExpScalar {}
