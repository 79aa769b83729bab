import DenseTensors

/// Soft (maximum-entropy) value iteration: the policy player's best response in MaxEnt IRL.
///
/// Finite horizon `H`, for `t = H−1 … 0`, with temperature `α > 0`:
///
///     Q_t(s, a) = r(s, a) + γ · Σ_s' P(s'|s,a) · V_{t+1}(s')
///     V_t(s)    = α · log Σ_a exp(Q_t(s, a) / α)
///     π_t(a|s)  = exp((Q_t(s, a) − V_t(s)) / α)
///
/// from `V_H` = the MDP's terminal values (default 0). Infinite horizon (`γ < 1`): the same
/// equations iterated to their stationary fixed point. Each step is one pull (GEMM `P·V`, GEMV
/// for `B = 1`) and one batched log-sum-exp over the action axis of the `[S][A][B]` array.
///
/// `−∞` rewards (and masked actions) get probability exactly 0. A state where every action is
/// forbidden is a thrown ``IRLError/noValidAction(state:column:time:)``.
public struct SoftValueIteration<Scalar: BLASScalar>: Sendable {
    /// The temperature `α > 0`; `α → 0` approaches hard value iteration.
    public var temperature: Scalar
    /// Whether the ``Plan`` keeps `Q` (costs `H·S·A·B` scalars more).
    public var keepsQValues: Bool
    /// Infinite horizon: stop when `‖V − V*‖∞ ≤ tolerance` is guaranteed (by the contraction
    /// bound `γ/(1−γ)·‖V_k − V_{k−1}‖∞`), or when the change reaches rounding level.
    public var tolerance: Scalar
    /// Infinite horizon: the largest number of sweeps before ``IRLError/didNotConverge(solver:iterations:residual:)``.
    public var maxIterations: Int
    /// Threads for the log-sum-exp kernel (OpenBLAS has its own pool).
    public var threads: Int

    /// - Parameters:
    ///   - temperature: `α > 0`, default 1.
    ///   - keepsQValues: keep `Q_t` in the plan, default `false`.
    ///   - tolerance: infinite horizon only, default 1e-10 (floored at rounding level).
    ///   - maxIterations: infinite horizon only, default 100 000.
    ///   - threads: the threads of the log-sum-exp and other elementwise kernels; default: the number
    ///     of cores. Dynamics that run on a threaded BLAS (``TransitionOperator/runsOnThreadedBLAS``,
    ///     the dense operator) get one: OpenBLAS's workers keep the other cores busy between calls.
    public init(temperature: Scalar = 1, keepsQValues: Bool = false, tolerance: Scalar = Scalar(1e-10),
                maxIterations: Int = 100_000, threads: Int = defaultThreadCount) {
        self.temperature = temperature
        self.keepsQValues = keepsQValues
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.threads = threads
    }

    /// Solves for a batch of rewards.
    /// - Throws: reward errors (``TabularMDP/stateActionRewards(_:)``), an invalid temperature,
    ///   ``IRLError/noValidAction(state:column:time:)``, ``IRLError/didNotConverge(solver:iterations:residual:)``.
    /// - Complexity: finite: `H` pulls and `O(H·S·A·B)` exponentials; memory `H·S·A·B` scalars for
    ///   the policy (twice that with Q). Infinite: one pull per sweep, `O(log(tol)/log γ)` sweeps.
    public func solve(_ mdp: TabularMDP<Scalar>, reward: Reward<Scalar>) throws(IRLError) -> Plan<Scalar> {
        try solve(mdp, stateActionRewards: try mdp.stateActionRewards(reward))
    }

    /// Solves for already resolved rewards `r[s, a, b]` (shape `[S, A, B]`, see
    /// ``TabularMDP/stateActionRewards(_:)``) — the form the IRL loops call repeatedly.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func solve(_ mdp: TabularMDP<Scalar>, stateActionRewards r: Tensor<Scalar>) throws(IRLError) -> Plan<Scalar> {
        guard temperature > 0, temperature.isFinite else {
            throw .invalidParameter(argument: "temperature", value: Double(temperature), reason: "must be positive and finite")
        }
        guard r.rank == 3, r.shape[0] == mdp.stateCount, r.shape[1] == mdp.actionCount, r.shape[2] >= 1 else {
            throw .shapeMismatch(argument: "state-action rewards", expected: "[\(mdp.stateCount), \(mdp.actionCount), B]", actual: r.shape)
        }
        switch mdp.horizon {
        case let .finite(h): return try solveFinite(mdp, r, horizon: h)
        case .infinite: return try solveInfinite(mdp, r)
        }
    }

    func solveFinite(_ mdp: TabularMDP<Scalar>, _ r: Tensor<Scalar>, horizon h: Int) throws(IRLError) -> Plan<Scalar> {
        let (s, a, b) = (mdp.stateCount, mdp.actionCount, r.shape[2])
        try MemoryBudget.default.check(
            "soft value iteration's plan (S = \(s), A = \(a), B = \(b), H = \(h)\(keepsQValues ? ", keeping Q" : ""))",
            arrays: [[h &+ 1, s, b], [keepsQValues ? 2 : 1, h, s, a, b], [s, a, b]], of: Scalar.self,
            suggestion: "reduce the horizon or the batch, or use occupancy(_:stateActionRewards:mode:) (lean mode) when only V₀ and μ are needed")
        let (sb, sab) = (s * b, s * a * b)
        // Every entry below is overwritten (rows t < H by the log-sum-exp, row H here), so the
        // H·S·A·B outputs are not zero-filled first.
        var values = Tensor<Scalar>(recycledShape: [h + 1, s, b], uninitializedScalars: { v in
            for state in 0..<s {
                let terminal = mdp.terminalValues?.scalars[state] ?? 0
                for col in 0..<b { v[h * sb + state * b + col] = terminal }
            }
        })
        var policy = Tensor<Scalar>(recycledShape: [h, s, a, b], uninitializedScalars: { _ in })
        var qValues: Tensor<Scalar>? = keepsQValues ? Tensor(recycledShape: [h, s, a, b], uninitializedScalars: { _ in }) : nil
        // Q_t lives in one S·A·B scratch array unless the plan keeps every Q_t.
        var q = [Scalar](repeating: 0, count: keepsQValues ? 0 : sab)
        try r.withUnsafeBufferPointer { (pr) throws(IRLError) in
            try values.withUnsafeMutableBufferPointer { (v) throws(IRLError) in
                try policy.withUnsafeMutableBufferPointer { (pi) throws(IRLError) in
                    try q.withUnsafeMutableBufferPointer { (pq) throws(IRLError) in
                        if qValues == nil {
                            try FiniteHorizonPasses.softBackward(
                                mdp.dynamics, horizon: h, discount: mdp.discount, temperature: temperature, batch: b,
                                reward: pr, values: v, policy: pi, qValues: nil, scratch: pq, threads: threads)
                        } else {
                            try qValues!.withUnsafeMutableBufferPointer { (pQ) throws(IRLError) in
                                try FiniteHorizonPasses.softBackward(
                                    mdp.dynamics, horizon: h, discount: mdp.discount, temperature: temperature, batch: b,
                                    reward: pr, values: v, policy: pi, qValues: pQ, scratch: pq, threads: threads)
                            }
                        }
                    }
                }
            }
        }
        return Plan(values: values, qValues: qValues, policy: Policy(unchecked: policy), iterations: h, residual: 0)
    }

    func solveInfinite(_ mdp: TabularMDP<Scalar>, _ r: Tensor<Scalar>) throws(IRLError) -> Plan<Scalar> {
        let (s, a, b) = (mdp.stateCount, mdp.actionCount, r.shape[2])
        try MemoryBudget.default.check(
            "soft value iteration (S = \(s), A = \(a), B = \(b), infinite horizon)",
            arrays: [[3, s, b], [keepsQValues ? 3 : 2, s, a, b]], of: Scalar.self, suggestion: "reduce the batch")
        let (sb, sab) = (s * b, s * a * b)
        var v = [Scalar](repeating: 0, count: sb)
        var vNext = [Scalar](repeating: 0, count: sb)
        var q = [Scalar](repeating: 0, count: sab)
        var policy = Tensor<Scalar>(zeros: [1, s, a, b])
        let (alpha, gamma, dynamics, threads) = (temperature, mdp.discount, mdp.dynamics, mdp.dynamics.elementwiseThreads(threads))
        var iterations = 0
        var bound = Scalar.infinity
        try r.withUnsafeBufferPointer { (pr) throws(IRLError) in
            try q.withUnsafeMutableBufferPointer { (pq) throws(IRLError) in
                while true {
                    try v.withUnsafeBufferPointer { (pv) throws(IRLError) in
                        bellmanBackup(dynamics, rewards: pr, discount: gamma, next: pv, batch: b, into: pq)
                        try vNext.withUnsafeMutableBufferPointer { (pn) throws(IRLError) in
                            do throws(TensorError) {
                                try LogSumExp.reduce(UnsafeBufferPointer(pq), rows: s, n: a, batch: b, temperature: alpha,
                                                     lse: pn, threads: threads)
                            } catch { throw noValidAction(error, time: nil) }
                        }
                    }
                    iterations += 1
                    let change = v.withUnsafeBufferPointer { pv in
                        vNext.withUnsafeBufferPointer { pn in StateActionKernels.maxAbsDifference(pv, pn) }
                    }
                    swap(&v, &vNext)
                    bound = gamma == 0 ? 0 : gamma / (1 - gamma) * change
                    let scale = v.reduce(Scalar(0)) { Swift.max($0, Swift.abs($1)) }
                    if bound <= tolerance || change <= 8 * Scalar.ulpOfOne * scale { break }
                    if iterations >= maxIterations {
                        throw .didNotConverge(solver: "soft value iteration", iterations: iterations, residual: Double(bound))
                    }
                }
                // The policy of the converged values, from one more backup.
                try v.withUnsafeBufferPointer { (pv) throws(IRLError) in
                    bellmanBackup(dynamics, rewards: pr, discount: gamma, next: pv, batch: b, into: pq)
                }
                try vNext.withUnsafeMutableBufferPointer { (pn) throws(IRLError) in
                    try policy.withUnsafeMutableBufferPointer { (pi) throws(IRLError) in
                        do throws(TensorError) {
                            try LogSumExp.reduce(UnsafeBufferPointer(pq), rows: s, n: a, batch: b, temperature: alpha,
                                                 lse: pn, softmax: pi, threads: threads)
                        } catch { throw noValidAction(error, time: nil) }
                    }
                }
            }
        }
        let qValues: Tensor<Scalar>? = keepsQValues ? try! Tensor(shape: [1, s, a, b], scalars: q) : nil
        return Plan(values: try! Tensor(shape: [1, s, b], scalars: vNext), qValues: qValues,
                    policy: Policy(unchecked: policy), iterations: iterations, residual: bound)
    }
}
