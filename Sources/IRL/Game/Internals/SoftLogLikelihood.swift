import DenseTensors

extension ExpertStatistics {
    /// The demonstrations' log-likelihood under the soft-optimal policy of `r`, computed from the
    /// soft values alone (no `H·S·A·B` policy), for a finite horizon `H` equal to the counted steps:
    ///
    ///     Q_t = r + γ·P V_{t+1},   V_t = α·log Σ_a exp(Q_t/α),   log π_t(a|s) = (Q_t(s, a) − V_t(s))/α
    ///     L_b = (1/N_b) · Σ_t γᵗ · Σ_{s,a} counts_t(s, a, b) · log π_t(a|s, b)
    ///
    /// One backward sweep keeping two value rows: the same numbers as
    /// ``logLikelihood(of:)`` on the policy of ``SoftValueIteration/solve(_:stateActionRewards:)``
    /// up to rounding. The MDP has no terminal values (the game's precondition), so `V_H = 0`.
    ///
    /// - Parameters:
    ///   - mdp: the dynamics, finite horizon `H`.
    ///   - r: `[S, A, B]` rewards with the statistics' batch.
    ///   - temperature: `α > 0`.
    ///   - threads: threads of the log-sum-exp.
    /// - Throws: ``IRLError/missing(argument:reason:)`` without counts;
    ///   ``IRLError/shapeMismatch(argument:expected:actual:)`` when the counts do not have `H` steps;
    ///   ``IRLError/tensor(context:_:)`` for a state without a valid action.
    /// - Complexity: `H` pulls and log-sum-exps, `O(H·S·A·B)`; memory `S·A·B + 2·S·B` scalars.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func softLogLikelihood(
        _ mdp: TabularMDP<Scalar>, stateActionRewards r: Tensor<Scalar>, temperature alpha: Scalar, threads: Int
    ) throws(IRLError) -> [Scalar] {
        guard let c = counts, let n = trajectories, let gamma = discount else {
            throw .missing(argument: "counts", reason: "the log-likelihood needs statistics built from demonstration counts")
        }
        let (s, a, b) = (mdp.stateCount, mdp.actionCount, r.shape[2])
        guard let h = mdp.horizon.steps, c.shape == [h, s, a, b] else {
            throw .shapeMismatch(
                argument: "counts", expected: "[\(mdp.horizon.steps ?? 0), \(s), \(a), \(b)] (one table per step)",
                actual: c.shape)
        }
        let (sb, sab) = (s * b, s * a * b)
        var weights = [Scalar](repeating: 1, count: h)
        for t in 1..<Swift.max(h, 1) { weights[t] = weights[t - 1] * gamma }
        var next = [Scalar](repeating: 0, count: sb)
        var current = [Scalar](repeating: 0, count: sb)
        var q = [Scalar](repeating: 0, count: sab)
        var total = [Scalar](repeating: 0, count: b)
        let (inverseT, dynamics) = (1 / alpha, mdp.dynamics)
        try r.withUnsafeBufferPointer { (pr) throws(IRLError) in
            try c.withUnsafeBufferPointer { (pc) throws(IRLError) in
                for t in stride(from: h - 1, through: 0, by: -1) {
                    try q.withUnsafeMutableBufferPointer { (pq) throws(IRLError) in
                        next.withUnsafeBufferPointer { pn in
                            bellmanBackup(dynamics, rewards: pr, discount: mdp.discount, next: pn, batch: b, into: pq)
                        }
                        try current.withUnsafeMutableBufferPointer { (pv) throws(IRLError) in
                            try IRLError.wrap("log-likelihood log-sum-exp at step \(t)") { () throws(TensorError) in
                                try LogSumExp.reduce(
                                    UnsafeBufferPointer(pq), rows: s, n: a, batch: b, temperature: alpha,
                                    lse: pv, threads: threads)
                            }
                            let weight = weights[t]
                            if weight == 0 { return }
                            let table = t * sab
                            for i in 0..<sab {
                                let x = pc[table + i]
                                if x == 0 { continue }
                                let (state, col) = (i / (a * b), i % b)
                                total[col] += weight * x * ((pq[i] - pv[state * b + col]) * inverseT)
                            }
                        }
                    }
                    swap(&next, &current)
                }
            }
        }
        return (0..<b).map { total[$0] / Scalar(n[$0]) }
    }
}
