import DenseTensors

/// Hard (max) value iteration: the `α → 0` limit of ``SoftValueIteration``.
///
///     Q_t(s, a) = r(s, a) + γ · Σ_s' P(s'|s,a) · V_{t+1}(s'),   V_t(s) = max_a Q_t(s, a)
///
/// The policy is greedy and deterministic: probability 1 on the lowest-index maximising action.
/// Infinite horizon (`γ < 1`): iterated to the fixed point within `tolerance`.
public struct HardValueIteration<Scalar: BLASScalar>: Sendable {
    /// Whether the ``Plan`` keeps `Q`.
    public var keepsQValues: Bool
    /// Infinite horizon: the guaranteed `‖V − V*‖∞` at stop (floored at rounding level).
    public var tolerance: Scalar
    /// Infinite horizon: the sweep limit.
    public var maxIterations: Int

    public init(keepsQValues: Bool = false, tolerance: Scalar = Scalar(1e-10), maxIterations: Int = 100_000) {
        self.keepsQValues = keepsQValues
        self.tolerance = tolerance
        self.maxIterations = maxIterations
    }

    /// Solves for a batch of rewards.
    /// - Throws: reward errors, ``IRLError/noValidAction(state:column:time:)``,
    ///   ``IRLError/didNotConverge(solver:iterations:residual:)``.
    /// - Complexity: as soft value iteration, with a max instead of exponentials.
    public func solve(_ mdp: TabularMDP<Scalar>, reward: Reward<Scalar>) throws(IRLError) -> Plan<Scalar> {
        try solve(mdp, stateActionRewards: try mdp.stateActionRewards(reward))
    }

    /// Solves for resolved rewards `r[s, a, b]` (`[S, A, B]`).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func solve(_ mdp: TabularMDP<Scalar>, stateActionRewards r: Tensor<Scalar>) throws(IRLError) -> Plan<Scalar> {
        let (s, a) = (mdp.stateCount, mdp.actionCount)
        guard r.rank == 3, r.shape[0] == s, r.shape[1] == a, r.shape[2] >= 1 else {
            throw .shapeMismatch(argument: "state-action rewards", expected: "[\(s), \(a), B]", actual: r.shape)
        }
        let b = r.shape[2]
        let (sb, sab) = (s * b, s * a * b)
        let steps = mdp.horizon.steps
        let tables = steps ?? 1
        try MemoryBudget.default.check(
            "hard value iteration's plan (S = \(s), A = \(a), B = \(b), \(steps.map { "H = \($0)" } ?? "infinite horizon"))",
            arrays: [[tables &+ 1, s, b], [keepsQValues ? 2 : 1, tables, s, a, b], [s, a, b]], of: Scalar.self,
            suggestion: "reduce the horizon or the batch")
        var values = Tensor<Scalar>(recycledZeros: [tables + (steps == nil ? 0 : 1), s, b])
        var policy = Tensor<Scalar>(recycledZeros: [tables, s, a, b])
        var qValues: Tensor<Scalar>? = keepsQValues ? Tensor(recycledZeros: [tables, s, a, b]) : nil
        var q = [Scalar](repeating: 0, count: sab)
        var v = [Scalar](repeating: 0, count: sb)
        var next = [Scalar](repeating: 0, count: sb)
        if let terminal = mdp.terminalValues {
            for state in 0..<s { for col in 0..<b { v[state * b + col] = terminal.scalars[state] } }
        }
        if let h = steps { for i in 0..<sb { values[h, i / b, i % b] = v[i] } }
        var iterations = 0
        var bound: Scalar = 0
        let (gamma, dynamics) = (mdp.discount, mdp.dynamics)
        while true {
            let t = steps.map { $0 - 1 - iterations } ?? 0
            let failure = r.withUnsafeBufferPointer { pr in
                q.withUnsafeMutableBufferPointer { pq in
                    v.withUnsafeBufferPointer { pv in
                        bellmanBackup(dynamics, rewards: pr, discount: gamma, next: pv, batch: b, into: pq)
                    }
                    return next.withUnsafeMutableBufferPointer { pn in
                        policy.withUnsafeMutableBufferPointer { pp in
                            StateActionKernels.maximum(UnsafeBufferPointer(pq), into: pn, greedy: window(pp, t * sab, sab),
                                                       rows: s, n: a, batch: b)
                        }
                    }
                }
            }
            if failure >= 0 { throw .noValidAction(state: failure / b, column: failure % b, time: steps == nil ? nil : t) }
            if qValues != nil { for i in 0..<sab { qValues![t, i / (a * b), (i / b) % a, i % b] = q[i] } }
            iterations += 1
            if steps != nil {
                for i in 0..<sb { values[t, i / b, i % b] = next[i] }
                swap(&v, &next)
                if t == 0 { break }
                continue
            }
            let change = v.withUnsafeBufferPointer { pv in next.withUnsafeBufferPointer { StateActionKernels.maxAbsDifference(pv, $0) } }
            swap(&v, &next)
            bound = gamma == 0 ? 0 : gamma / (1 - gamma) * change
            let scale = v.reduce(Scalar(0)) { Swift.max($0, Swift.abs($1)) }
            if bound <= tolerance || change <= 8 * Scalar.ulpOfOne * scale {
                for i in 0..<sb { values[0, i / b, i % b] = v[i] }
                break
            }
            if iterations >= maxIterations {
                throw .didNotConverge(solver: "hard value iteration", iterations: iterations, residual: Double(bound))
            }
        }
        return Plan(values: values, qValues: qValues, policy: Policy(unchecked: policy), iterations: iterations, residual: bound)
    }
}
