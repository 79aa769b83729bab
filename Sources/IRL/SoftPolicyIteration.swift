import DenseTensors

/// Soft policy iteration for the infinite, discounted horizon, with exact evaluation.
///
/// Evaluation solves the entropy-regularised linear system with LAPACK (`LAPACKE_?gesv`):
///
///     (I − γ·Pπ) V = Σ_a π(a|s) · (r(s, a) − α · log π(a|s))
///
/// and improvement takes `π ← softmax((r + γ·P V)/α)`. It converges to the same fixed point as
/// ``SoftValueIteration`` (the soft-optimal `V*`), usually in a handful of iterations; each costs
/// `B` dense solves of size `S`, so it suits `S ≤ TabularMDP.denseSolveLimit`.
public struct SoftPolicyIteration<Scalar: BLASScalar>: Sendable {
    /// The temperature `α > 0`.
    public var temperature: Scalar
    /// Stop when successive value functions differ by at most this much (sup norm).
    public var tolerance: Scalar
    /// The iteration limit.
    public var maxIterations: Int

    public init(temperature: Scalar = 1, tolerance: Scalar = Scalar(1e-12), maxIterations: Int = 1000) {
        self.temperature = temperature
        self.tolerance = tolerance
        self.maxIterations = maxIterations
    }

    /// Solves the infinite-horizon soft-optimal control problem for a batch of rewards.
    /// - Throws: ``IRLError/invalidParameter(argument:value:reason:)`` for a finite-horizon MDP
    ///   or a bad temperature; reward errors; ``IRLError/didNotConverge(solver:iterations:residual:)``.
    /// - Complexity: per iteration `B·(S³/3 + S·A·nnz)` flops.
    public func solve(_ mdp: TabularMDP<Scalar>, reward: Reward<Scalar>) throws(IRLError) -> Plan<Scalar> {
        guard mdp.horizon == .infinite else {
            throw .invalidParameter(argument: "horizon", value: Double(mdp.horizon.steps ?? 0),
                                    reason: "soft policy iteration solves the infinite-horizon problem; use SoftValueIteration")
        }
        guard temperature > 0, temperature.isFinite else {
            throw .invalidParameter(argument: "temperature", value: Double(temperature), reason: "must be positive and finite")
        }
        let r = try mdp.stateActionRewards(reward)
        let (s, a, b) = (mdp.stateCount, mdp.actionCount, r.shape[2])
        // Start from the soft-greedy policy of the immediate reward.
        var pi = try IRLError.wrap("soft policy iteration") { () throws(TensorError) in
            try r.softmax(alongAxis: 1, temperature: temperature)
        }
        var values = Tensor<Scalar>(zeros: [s, b])
        var q = Tensor<Scalar>(zeros: [s, a, b])
        var iterations = 0
        var change = Scalar.infinity
        while true {
            let policy = Policy(unchecked: try! pi.reshaped([1, s, a, b]))
            // Entropy-regularised reward of the policy: Σ_a π (r − α log π), with 0·log 0 = 0.
            var rPi = [Scalar](repeating: 0, count: s * b)
            var entropy = [Scalar](repeating: 0, count: s * b)
            r.withUnsafeBufferPointer { pr in
                pi.withUnsafeBufferPointer { pp in
                    rPi.withUnsafeMutableBufferPointer { StateActionKernels.expectation(pp, pr, into: $0, rows: s, n: a, batch: b) }
                    entropy.withUnsafeMutableBufferPointer { StateActionKernels.entropy(pp, into: $0, rows: s, n: a, batch: b) }
                }
            }
            for i in 0..<(s * b) { rPi[i] += temperature * entropy[i] }
            let next = try mdp.stationaryValues(policy, rewardOfPolicy: rPi)
            change = values.maxAbsDifference(next)
            values = next
            iterations += 1
            // Improvement: π ← softmax(Q/α) with Q = r + γ P V.
            r.withUnsafeBufferPointer { pr in
                values.withUnsafeBufferPointer { pv in
                    q.withUnsafeMutableBufferPointer { pq in
                        bellmanBackup(mdp.dynamics, rewards: pr, discount: mdp.discount, next: pv, batch: b, into: pq)
                    }
                }
            }
            pi = try IRLError.wrap("soft policy improvement") { () throws(TensorError) in
                try q.softmax(alongAxis: 1, temperature: temperature)
            }
            let scale = values.scalars.reduce(Scalar(0)) { Swift.max($0, Swift.abs($1)) }
            if change <= Swift.max(tolerance, 16 * Scalar.ulpOfOne * scale) { break }
            if iterations >= maxIterations {
                throw .didNotConverge(solver: "soft policy iteration", iterations: iterations, residual: Double(change))
            }
        }
        // V from the final Q, so that V, Q and π are mutually consistent.
        let v = try IRLError.wrap("soft policy iteration") { () throws(TensorError) in
            try q.logSumExp(alongAxis: 1, temperature: temperature)
        }
        return Plan(values: try! v.reshaped([1, s, b]), qValues: try! q.reshaped([1, s, a, b]),
                    policy: Policy(unchecked: try! pi.reshaped([1, s, a, b])), iterations: iterations, residual: change)
    }
}
