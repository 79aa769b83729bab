import DenseTensors

/// The result of one soft backward + forward pass (``SoftValueIteration/occupancy(_:stateActionRewards:mode:budget:)``):
/// what the IRL loops need, without the `H·S·A·B` policy.
///
/// Finite horizon `H`: `μ(s, a) = Σ_{t<H} γᵗ d_t(s) π_t(a|s)` and `d̄(s) = Σ_{t<H} γᵗ d_t(s)` for
/// the soft-optimal time-indexed policy `π_t`. Infinite horizon: the same sums over all `t` for
/// the stationary soft-optimal policy.
public struct SoftOccupancy<Scalar: BLASScalar>: Sendable {
    /// The mode that ran (``SoftValueIteration/ForwardMode/full`` or ``SoftValueIteration/ForwardMode/lean``).
    public let mode: SoftValueIteration<Scalar>.ForwardMode
    /// `V_0[s, b]`, shape `[S, B]`.
    public let initialValues: Tensor<Scalar>
    /// `Σ_s ρ₀(s)·V_0(s, b)`, shape `[B]`: the soft value of the start.
    public let startValues: Tensor<Scalar>
    /// `μ[s, a, b]`, shape `[S, A, B]`.
    public let stateActionOccupancy: Tensor<Scalar>
    /// `d̄[s, b] = Σ_a μ[s, a, b]`, shape `[S, B]`.
    public let stateOccupancy: Tensor<Scalar>
    /// Finite horizon: `d_H[s, b]`, the distribution after the last decision; infinite: `[S, B]` zeros.
    public let finalDistribution: Tensor<Scalar>
    /// The bytes the pass allocated for its own arrays (see ``SoftValueIteration/requiredBytes(_:batch:mode:)``).
    public let allocatedBytes: Int

    /// Expected feature counts `F[k, b] = Σ_{s,a} μ[s, a, b]·Φ[s, a, k]` (`features` `[S, A, K]`), shape `[K, B]`.
    /// - Throws: ``IRLError/shapeMismatch(argument:expected:actual:)``.
    /// - Complexity: one GEMM, `2·S·A·K·B` flops.
    public func featureExpectations(_ features: Tensor<Scalar>) throws(IRLError) -> Tensor<Scalar> {
        try OccupancyMeasure(stateDistributions: finalDistribution, stateActionOccupancy: stateActionOccupancy)
            .featureExpectations(features)
    }
}

extension SoftValueIteration {
    /// How the forward pass gets the policy `π_t`.
    public enum ForwardMode: String, Sendable, Hashable, CaseIterable {
        /// The fastest mode that fits the memory budget (see ``occupancy(_:stateActionRewards:mode:budget:)``).
        case automatic
        /// Keep the policy of the backward pass: `H·S·A·B` scalars.
        case full
        /// Keep only `V_t` (`(H+1)·S·B` scalars) and recompute `π_t` from `V_{t+1}` in the forward
        /// pass (one extra pull per step).
        case lean
    }

    /// The bytes a backward + forward pass allocates in `mode` (the rewards are the caller's).
    ///
    /// With `s = sizeof(Scalar)`, finite horizon `H`:
    /// - full: `s·(2·(H+1)·S·B + H·S·A·B + 4·S·A·B)` (plan with policy, its occupancy, scratch);
    /// - lean: `s·((H+1)·S·B + 3·S·A·B + 6·S·B)` (values, occupancy, two scratch arrays, the
    ///   stencil's five distribution slots and `d_H`).
    /// Infinite horizon: `s·(S·A·B·4 + S·B·4)` plus the `S²` dense evaluation when `S ≤ denseSolveLimit`.
    /// `.automatic` reports the mode it would choose under the default budget.
    /// - Complexity: O(1).
    public func requiredBytes(_ mdp: TabularMDP<Scalar>, batch b: Int, mode: ForwardMode) -> Int {
        let (s, a) = (mdp.stateCount, mdp.actionCount)
        // Overflow-checked: a size beyond 64-bit arithmetic needs "Int.max" bytes (never fits).
        func total(_ arrays: [[Int]]) -> Int { MemoryBudget.bytes(arrays, scalarBytes: MemoryLayout<Scalar>.stride) ?? .max }
        guard case let .finite(h) = mdp.horizon else {
            return total([[4, s, a, b], [4, s, b], s <= TabularMDP<Scalar>.denseSolveLimit ? [s, s] : [0]])
        }
        let (h1, _) = h.addingReportingOverflow(1)
        switch mode {
        case .full: return total([[2, h1, s, b], [h, s, a, b], [4, s, a, b]])
        case .lean: return total([[h1, s, b], [3, s, a, b], [6, s, b]])
        case .automatic:
            return requiredBytes(mdp, batch: b, mode: (try? chooseMode(mdp, batch: b, mode: .automatic, budget: .default)) ?? .lean)
        }
    }

    /// The mode a pass runs in: `.full` when it fits and the dynamics have no fused lean kernel,
    /// else `.lean`; an error when even that does not fit.
    func chooseMode(_ mdp: TabularMDP<Scalar>, batch b: Int, mode: ForwardMode, budget: MemoryBudget) throws(IRLError) -> ForwardMode {
        if case .infinite = mdp.horizon { return .full }
        let lean = requiredBytes(mdp, batch: b, mode: .lean)
        let full = requiredBytes(mdp, batch: b, mode: .full)
        let resolved: ForwardMode
        switch mode {
        case .full, .lean: resolved = mode
        case .automatic:
            let fused = (mdp.dynamics as? any FusedSoftBackup)?.hasFusedKernels(batch: b) ?? false
            resolved = full <= budget.bytes && !fused ? .full : .lean
        }
        let bytes = resolved == .full ? full : lean
        guard bytes <= budget.bytes else {
            let hint = resolved == .full
                ? "use mode .lean (\(lean) bytes) or raise the budget"
                : "reduce the horizon or the batch, use Float, or raise the budget"
            throw .exceedsMemoryBudget(what: "soft value iteration + occupancy (\(resolved.rawValue) mode, S = \(mdp.stateCount), "
                                       + "A = \(mdp.actionCount), B = \(b), H = \(mdp.horizon.steps ?? 0))",
                                       bytes: bytes, budget: budget.bytes, suggestion: hint)
        }
        return resolved
    }

    /// One soft backward pass and the forward pass of its policy: the occupancy measure and
    /// feature expectations the IRL loops need, without keeping the `H·S·A·B` policy in lean mode.
    ///
    /// Backward (as ``solve(_:stateActionRewards:)``): `V_t = α·log Σ_a exp(Q_t/α)`. Lean forward:
    /// `Q_t = r + γ·P V_{t+1}` is recomputed, `x_t(s, a) = d_t(s)·exp((Q_t(s, a) − V_t(s))/α)`,
    /// `μ += γᵗ x_t`, `d_{t+1} = push(x_t)`. On a ``GridworldStencilOperator``, and on a
    /// ``SparseTransitionOperator`` with compact per-state patterns (``SparseTransitionOperator/statePatternBytes``),
    /// both passes run as fused kernels (neighbour values, Q, log-sum-exp and the push in one sweep over memory).
    ///
    /// - Parameters:
    ///   - mdp: any MDP; an infinite horizon always runs in full mode (its policy is `S·A·B`).
    ///   - r: `[S, A, B]` rewards (``TabularMDP/stateActionRewards(_:)``).
    ///   - mode: `.automatic` (default) picks `.full` when it fits the budget and the dynamics have
    ///     no fused kernel, else `.lean`.
    ///   - budget: the most memory the pass may allocate (default: half the physical memory).
    /// - Throws: ``IRLError/exceedsMemoryBudget(what:bytes:budget:suggestion:)`` before allocating
    ///   when the chosen mode does not fit; the errors of ``solve(_:stateActionRewards:)``.
    /// - Complexity: finite lean: `2·H` pulls, `H` pushes, `2·H·S·A·B` exponentials; memory as
    ///   ``requiredBytes(_:batch:mode:)``.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func occupancy(
        _ mdp: TabularMDP<Scalar>, stateActionRewards r: Tensor<Scalar>, mode: ForwardMode = .automatic,
        budget: MemoryBudget = .default
    ) throws(IRLError) -> SoftOccupancy<Scalar> {
        guard r.rank == 3, r.shape[0] == mdp.stateCount, r.shape[1] == mdp.actionCount, r.shape[2] >= 1 else {
            throw .shapeMismatch(argument: "state-action rewards", expected: "[\(mdp.stateCount), \(mdp.actionCount), B]", actual: r.shape)
        }
        guard temperature > 0, temperature.isFinite else {
            throw .invalidParameter(argument: "temperature", value: Double(temperature), reason: "must be positive and finite")
        }
        let b = r.shape[2]
        let resolved = try chooseMode(mdp, batch: b, mode: mode, budget: budget)
        let bytes = requiredBytes(mdp, batch: b, mode: resolved)
        if resolved == .full {
            let plan = try solve(mdp, stateActionRewards: r)
            let occ = try mdp.occupancy(of: plan.policy)
            let (s, a) = (mdp.stateCount, mdp.actionCount)
            let final: Tensor<Scalar> = mdp.horizon == .infinite ? Tensor(zeros: [s, b]) : occ.stateDistributions.slice(occ.stateDistributions.shape[0] - 1)
            return SoftOccupancy(mode: .full, initialValues: plan.initialValues, startValues: plan.startValue(mdp),
                                 stateActionOccupancy: occ.stateActionOccupancy,
                                 stateOccupancy: Self.sumOverActions(occ.stateActionOccupancy, s, a, b), finalDistribution: final,
                                 allocatedBytes: bytes)
        }
        guard case let .finite(h) = mdp.horizon else { preconditionFailure("chooseMode returns .full for an infinite horizon") }
        // The (H+1)·S·B values are scratch (only row 0 is returned): reused between calls through
        // `ScratchArrays` (a kept array holds the last pass's numbers, so row H is set here and
        // every other row is written by the backward pass before anything reads it).
        let (s, sb) = (mdp.stateCount, mdp.stateCount * b)
        var storage = ScratchArrays.take(Scalar.self, count: (h + 1) * sb)
        storage.withUnsafeMutableBufferPointer { v in
            for state in 0..<s {
                let terminal = mdp.terminalValues?.scalars[state] ?? 0
                for col in 0..<b { v[h * sb + state * b + col] = terminal }
            }
        }
        var values: Tensor<Scalar>
        do {
            values = try Tensor(shape: [h + 1, s, b], scalars: storage)
        } catch {
            preconditionFailure("the shape matches the count: \(error)")
        }
        storage = []
        defer {
            var kept = values.scalars
            values = Tensor(zeros: [0])
            ScratchArrays.giveBack(&kept)
        }
        if let fused = mdp.dynamics as? any FusedSoftBackup<Scalar>, fused.hasFusedKernels(batch: b) {
            let (mu, d) = try fused.fusedOccupancy(mdp, r, temperature: temperature, values: &values)
            return finish(mdp, values: values, mu: mu, final: d, bytes: bytes)
        }
        try leanBackward(mdp, r, horizon: h, values: &values)
        let (mu, d) = leanForward(mdp, r, horizon: h, values: values)
        return finish(mdp, values: values, mu: mu, final: d, bytes: bytes)
    }

    func finish(_ mdp: TabularMDP<Scalar>, values: Tensor<Scalar>, mu: Tensor<Scalar>, final: Tensor<Scalar>, bytes: Int) -> SoftOccupancy<Scalar> {
        let (s, a, b) = (mdp.stateCount, mdp.actionCount, mu.shape[2])
        let v0 = values.slice(0)
        let start = Tensor<Scalar>(shape: [b]) { col in
            (0..<s).reduce(Scalar(0)) { total, state in
                let p = mdp.initialDistribution.scalars[state]
                return p == 0 ? total : total + p * v0.scalars[state * b + col]
            }
        }
        return SoftOccupancy(mode: .lean, initialValues: v0, startValues: start, stateActionOccupancy: mu,
                             stateOccupancy: Self.sumOverActions(mu, s, a, b), finalDistribution: final, allocatedBytes: bytes)
    }

    static func sumOverActions(_ mu: Tensor<Scalar>, _ s: Int, _ a: Int, _ b: Int) -> Tensor<Scalar> {
        Tensor(shape: [s, b]) { i in
            let (state, col) = (i / b, i % b)
            return (0..<a).reduce(Scalar(0)) { $0 + mu.scalars[(state * a + $1) * b + col] }
        }
    }

    /// The backward pass keeping only `V_t` (`values` is `[H+1, S, B]`, row `H` set by the caller).
    func leanBackward(_ mdp: TabularMDP<Scalar>, _ r: Tensor<Scalar>, horizon h: Int, values: inout Tensor<Scalar>) throws(IRLError) {
        var q = [Scalar](largeRepeating: 0, count: mdp.stateCount * mdp.actionCount * r.shape[2])
        try r.withUnsafeBufferPointer { (pr) throws(IRLError) in
            try values.withUnsafeMutableBufferPointer { (v) throws(IRLError) in
                try q.withUnsafeMutableBufferPointer { (pq) throws(IRLError) in
                    try FiniteHorizonPasses.softBackward(
                        mdp.dynamics, horizon: h, discount: mdp.discount, temperature: temperature, batch: r.shape[2],
                        reward: pr, values: v, policy: nil, qValues: nil, scratch: pq, threads: threads)
                }
            }
        }
    }

    /// The forward pass recomputing `π_t` from `V_t` and `V_{t+1}`; returns `μ` and `d_H`.
    func leanForward(_ mdp: TabularMDP<Scalar>, _ r: Tensor<Scalar>, horizon h: Int, values: Tensor<Scalar>) -> (Tensor<Scalar>, Tensor<Scalar>) {
        let (s, a, b) = (mdp.stateCount, mdp.actionCount, r.shape[2])
        let sb = s * b
        var mu = Tensor<Scalar>(recycledZeros: [s, a, b])
        var d = Tensor<Scalar>(shape: [s, b]) { mdp.initialDistribution.scalars[$0 / b] }
        var x = [Scalar](largeRepeating: 0, count: s * a * b)
        let (inverseT, gamma, dynamics, threads) = (1 / temperature, mdp.discount, mdp.dynamics, mdp.dynamics.elementwiseThreads(threads))
        r.withUnsafeBufferPointer { pr in
            values.withUnsafeBufferPointer { v in
                mu.withUnsafeMutableBufferPointer { pm in
                    d.withUnsafeMutableBufferPointer { pd in
                        x.withUnsafeMutableBufferPointer { px in
                            var weight: Scalar = 1
                            for t in 0..<h {
                                bellmanBackup(dynamics, rewards: pr, discount: gamma, next: window(v, (t + 1) * sb, sb), batch: b, into: px)
                                let vt = window(v, t * sb, sb)
                                parallelChunks(count: s, threads: threads, minimumChunk: max(1, 16_384 / (a * b))) { range in
                                    // π_t = exp((Q_t − V_t)/α) by the array exp over the chunk; exp(−∞) = 0
                                    // for forbidden actions; d = 0 rows stay 0.
                                    for state in range {
                                        for action in 0..<a {
                                            let o = (state * a + action) * b
                                            for col in 0..<b { px[o + col] = (px[o + col] - vt[state * b + col]) * inverseT }
                                        }
                                    }
                                    Scalar._exponentiate(UnsafeMutableBufferPointer(rebasing: px[(range.lowerBound * a * b)..<(range.upperBound * a * b)]))
                                    for state in range {
                                        for action in 0..<a {
                                            let o = (state * a + action) * b
                                            for col in 0..<b {
                                                let xi = pd[state * b + col] * px[o + col]
                                                px[o + col] = xi
                                                pm[o + col] += weight * xi
                                            }
                                        }
                                    }
                                }
                                dynamics.push(UnsafeBufferPointer(px), batch: b, into: pd, alpha: 1, beta: 0)
                                weight *= gamma
                            }
                        }
                    }
                }
            }
        }
        return (mu, d)
    }
}

/// Dynamics with fused lean kernels for the soft backward + forward pass (the gridworld stencil,
/// the sparse operator's per-state patterns).
protocol FusedSoftBackup<Scalar>: TransitionOperator {
    /// Whether this instance can run ``fusedOccupancy(_:_:temperature:values:)`` for a batch of
    /// `batch` columns (else the generic lean pass runs).
    func hasFusedKernels(batch: Int) -> Bool

    /// Fills `values[t]` for `t = H … 0` (row `H` from the terminal values) and returns `μ` `[S, A, B]`
    /// and `d_H` `[S, B]`, allocating no more than the lean term of ``SoftValueIteration/requiredBytes(_:batch:mode:)``.
    func fusedOccupancy(_ mdp: TabularMDP<Scalar>, _ r: Tensor<Scalar>, temperature: Scalar, values: inout Tensor<Scalar>)
        throws(IRLError) -> (Tensor<Scalar>, Tensor<Scalar>)
}

extension FusedSoftBackup {
    func hasFusedKernels(batch: Int) -> Bool { true }
}
