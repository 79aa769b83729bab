import DenseTensors

/// The exact value of a batch of policies under a batch of rewards.
///
/// Finite horizon: `Q^π_t = r + γ·P V^π_{t+1}`, `V^π_t(s) = Σ_a π_t(a|s)·Q^π_t(s, a)`,
/// `V^π_H = V_H`. Infinite horizon: `(I − γ·Pπ) V^π = r_π` solved with LAPACK when
/// `S ≤ denseSolveLimit` (else iterated), and `Q^π = r + γ·P V^π`.
/// The return is `J(π, r) = Σ_s ρ₀(s)·V^π_0(s) = Σ μ·r (+ γᴴ Σ d_H·V_H)`.
public struct PolicyEvaluation<Scalar: BLASScalar>: Sendable {
    /// `V^π_t[s, b]`: `[H+1, S, B]` (finite) or `[1, S, B]` (infinite).
    public let values: Tensor<Scalar>
    /// `Q^π_t[s, a, b]`: `[H, S, A, B]` (finite) or `[1, S, A, B]` (infinite).
    public let qValues: Tensor<Scalar>
    /// `J(π, r)` per batch column, shape `[B]`.
    public let returns: Tensor<Scalar>
}

extension TabularMDP {
    /// Evaluates `policy` under `reward` exactly (see ``PolicyEvaluation``).
    ///
    /// The policy and reward batches must match, or one of them must have `B = 1` (broadcast).
    /// - Throws: reward and policy shape errors; ``IRLError/tensor(context:_:)`` for a singular system.
    /// - Complexity: finite: `H` pulls, `O(H·S·A·B)`; infinite: `B` dense solves of `S×S`.
    public func evaluate(_ policy: Policy<Scalar>, reward: Reward<Scalar>) throws(IRLError) -> PolicyEvaluation<Scalar> {
        try evaluate(policy, stateActionRewards: try stateActionRewards(reward))
    }

    /// Evaluates `policy` under resolved rewards `r[s, a, b]` (`[S, A, B]`).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func evaluate(_ policy: Policy<Scalar>, stateActionRewards r0: Tensor<Scalar>) throws(IRLError) -> PolicyEvaluation<Scalar> {
        try policy.validate(for: self)
        let (s, a) = (stateCount, actionCount)
        guard r0.rank == 3, r0.shape[0] == s, r0.shape[1] == a else {
            throw .shapeMismatch(argument: "state-action rewards", expected: "[\(s), \(a), B]", actual: r0.shape)
        }
        let b = Swift.max(policy.batch, r0.shape[2])
        guard policy.batch == b || policy.batch == 1, r0.shape[2] == b || r0.shape[2] == 1 else {
            throw .shapeMismatch(argument: "state-action rewards", expected: "batch \(policy.batch) or 1", actual: r0.shape)
        }
        try policy.checkSupport(rewards: r0, mask: actionMask)
        let r = broadcastBatch(r0, to: b)
        let pol = policy.batch == b ? policy : Policy(unchecked: broadcastBatch4(policy.probabilities, to: b))
        let (sb, sab) = (s * b, s * a * b)
        var values: Tensor<Scalar>
        var q: Tensor<Scalar>
        switch horizon {
        case let .finite(h):
            try MemoryBudget.default.check(
                "policy evaluation (S = \(s), A = \(a), B = \(b), H = \(h))", arrays: [[h &+ 1, s, b], [h, s, a, b]],
                of: Scalar.self, suggestion: "reduce the horizon or the batch")
            values = Tensor(recycledZeros: [h + 1, s, b])
            q = Tensor(recycledZeros: [h, s, a, b])
            if let terminal = terminalValues {
                for state in 0..<s { for col in 0..<b { values[h, state, col] = terminal.scalars[state] } }
            }
            let (gamma, dynamics) = (discount, self.dynamics)
            r.withUnsafeBufferPointer { pr in
                values.withUnsafeMutableBufferPointer { pv in
                    q.withUnsafeMutableBufferPointer { pq in
                        pol.probabilities.withUnsafeBufferPointer { pp in
                            for t in stride(from: h - 1, through: 0, by: -1) {
                                let qt = window(pq, t * sab, sab)
                                bellmanBackup(dynamics, rewards: pr, discount: gamma,
                                              next: window(UnsafeBufferPointer(pv), (t + 1) * sb, sb), batch: b, into: qt)
                                StateActionKernels.expectation(window(pp, pol.isStationary ? 0 : t * sab, sab), UnsafeBufferPointer(qt),
                                                               into: window(pv, t * sb, sb), rows: s, n: a, batch: b)
                            }
                        }
                    }
                }
            }
        case .infinite:
            values = Tensor(zeros: [1, s, b])
            // r_π[s] = Σ_a π(a|s) r(s, a)
            var rPi = [Scalar](repeating: 0, count: sb)
            r.withUnsafeBufferPointer { pr in
                pol.probabilities.withUnsafeBufferPointer { pp in
                    rPi.withUnsafeMutableBufferPointer { out in
                        StateActionKernels.expectation(pp, pr, into: out, rows: s, n: a, batch: b)
                    }
                }
            }
            let v = try stationaryValues(pol, rewardOfPolicy: rPi)
            values = try! v.reshaped([1, s, b])
            q = Tensor(zeros: [1, s, a, b])
            let (gamma, dynamics) = (discount, self.dynamics)
            r.withUnsafeBufferPointer { pr in
                v.withUnsafeBufferPointer { pv in
                    q.withUnsafeMutableBufferPointer { pq in
                        bellmanBackup(dynamics, rewards: pr, discount: gamma, next: pv, batch: b, into: pq)
                    }
                }
            }
        }
        let v0 = values.slice(0)
        let returns = Tensor<Scalar>(shape: [b]) { col in
            (0..<s).reduce(Scalar(0)) { acc, state in
                let p = initialDistribution.scalars[state]
                return p == 0 ? acc : acc + p * v0.scalars[state * b + col]
            }
        }
        return PolicyEvaluation(values: values, qValues: q, returns: returns)
    }

    /// `V = r_π + γ·Pπ V` for a stationary policy: a LAPACK solve per column when `S` allows,
    /// else value iteration to rounding level. `rewardOfPolicy` is `[S·B]`; returns `[S, B]`.
    func stationaryValues(_ policy: Policy<Scalar>, rewardOfPolicy rPi: [Scalar]) throws(IRLError) -> Tensor<Scalar> {
        let (s, b) = (stateCount, policy.batch)
        var v = Tensor<Scalar>(zeros: [s, b])
        if s <= Self.denseSolveLimit {
            for col in 0..<b {
                var m = policyTransitionMatrix(policy, column: col)
                m.withUnsafeMutableBufferPointer { pm in
                    for i in 0..<(s * s) { pm[i] *= -discount }
                    for i in 0..<s { pm[i * s + i] += 1 }
                }
                let rhs = Tensor<Scalar>(shape: [s]) { rPi[$0 * b + col] }
                let x = try IRLError.wrap("policy evaluation (I − γPπ)V = r_π") { () throws(TensorError) in try m.solve(rhs) }
                for i in 0..<s { v[i, col] = x.scalars[i] }
            }
            return v
        }
        // Iterate V ← r_π + γ Pπ V; the error shrinks by γ per sweep.
        let a = actionCount
        var q = [Scalar](repeating: 0, count: s * a * b)
        var next = [Scalar](repeating: 0, count: s * b)
        var iterations = 0
        while true {
            v.withUnsafeBufferPointer { pv in
                q.withUnsafeMutableBufferPointer { pq in
                    dynamics.pull(pv, batch: b, into: pq, alpha: discount, beta: 0)
                    policy.probabilities.withUnsafeBufferPointer { pp in
                        next.withUnsafeMutableBufferPointer { pn in
                            StateActionKernels.expectation(pp, UnsafeBufferPointer(pq), into: pn, rows: s, n: a, batch: b)
                            for i in 0..<(s * b) { pn[i] += rPi[i] }
                        }
                    }
                }
            }
            let change = v.withUnsafeBufferPointer { pv in next.withUnsafeBufferPointer { StateActionKernels.maxAbsDifference(pv, $0) } }
            v = try! Tensor(shape: [s, b], scalars: next)
            iterations += 1
            let scale = next.reduce(Scalar(0)) { Swift.max($0, Swift.abs($1)) }
            if change <= 8 * Scalar.ulpOfOne * Swift.max(scale, 1) { break }
            if iterations > 1_000_000 {
                throw .didNotConverge(solver: "policy evaluation", iterations: iterations, residual: Double(change))
            }
        }
        return v
    }

    func broadcastBatch(_ t: Tensor<Scalar>, to b: Int) -> Tensor<Scalar> {
        let last = t.shape[t.rank - 1]
        if last == b { return t }
        precondition(last == 1)
        return Tensor(shape: Array(t.shape.dropLast()) + [b]) { t.scalars[$0 / b] }
    }

    func broadcastBatch4(_ t: Tensor<Scalar>, to b: Int) -> Tensor<Scalar> { broadcastBatch(t, to: b) }
}
