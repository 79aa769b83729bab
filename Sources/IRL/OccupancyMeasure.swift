import DenseTensors

/// The forward pass of a batch of policies: state distributions and the discounted
/// state-action occupancy measure.
///
/// Finite horizon `H`:
///
///     d_0 = ρ₀,   x_t(s, a) = d_t(s) · π_t(a|s),   d_{t+1}(s') = Σ_{s,a} P(s'|s,a) · x_t(s, a)
///     μ(s, a) = Σ_{t<H} γᵗ · x_t(s, a)          (mass Σ_{t<H} γᵗ exactly)
///
/// Infinite horizon (`γ < 1`, stationary π): `d = ρ₀ + γ·Pπᵀ d`, `μ = d·π` (mass `1/(1−γ)`),
/// solved exactly with LAPACK (`LAPACKE_?gesv`) when `S ≤ denseSolveLimit`, else by summing the
/// series to the tolerance.
public struct OccupancyMeasure<Scalar: BLASScalar>: Sendable {
    /// Finite horizon: the undiscounted `d_t[s, b]`, shape `[H+1, S, B]`.
    /// Infinite horizon: the discounted state occupancy `d[s, b] = Σ_t γᵗ d_t`, shape `[1, S, B]`.
    public let stateDistributions: Tensor<Scalar>
    /// `μ[s, a, b]`, shape `[S, A, B]`.
    public let stateActionOccupancy: Tensor<Scalar>

    /// `B`.
    public var batch: Int { stateActionOccupancy.shape[2] }

    /// `Σ_{s,a} μ[s, a, b]` per column, shape `[B]`.
    public var mass: Tensor<Scalar> {
        let (sa, b) = (stateActionOccupancy.shape[0] * stateActionOccupancy.shape[1], batch)
        return Tensor(shape: [b]) { col in (0..<sa).reduce(0) { $0 + stateActionOccupancy.scalars[$1 * b + col] } }
    }

    /// Expected feature counts `F[k, b] = Σ_{s,a} μ[s, a, b] · Φ[s, a, k]`, shape `[K, B]` (one GEMM).
    /// - Throws: ``IRLError/shapeMismatch(argument:expected:actual:)`` unless `features` is `[S, A, K]`.
    /// - Complexity: `2·S·A·K·B` flops.
    public func featureExpectations(_ features: Tensor<Scalar>) throws(IRLError) -> Tensor<Scalar> {
        let (s, a, b) = (stateActionOccupancy.shape[0], stateActionOccupancy.shape[1], batch)
        guard features.rank == 3, features.shape[0] == s, features.shape[1] == a else {
            throw .shapeMismatch(argument: "features", expected: "[\(s), \(a), K]", actual: features.shape)
        }
        let k = features.shape[2]
        var f = Tensor<Scalar>(zeros: [k, b])
        try IRLError.wrap("feature expectations Φᵀμ") { () throws(TensorError) in
            try features.withUnsafeBufferPointer { (pf) throws(TensorError) in
                try stateActionOccupancy.withUnsafeBufferPointer { (pm) throws(TensorError) in
                    try f.withUnsafeMutableBufferPointer { (out) throws(TensorError) in
                        try BLAS.gemm(.transpose, pf, .none, pm, into: out, m: k, n: b, k: s * a)
                    }
                }
            }
        }
        return f
    }

    /// `Σ_{s,a} μ[s, a, b] · r[s, a, b]` per column (`r` is `[S, A, 1]` or `[S, A, B]`);
    /// terms with `μ = 0` count 0 even where `r = −∞`.
    public func expectedReward(_ r: Tensor<Scalar>) throws(IRLError) -> Tensor<Scalar> {
        let (s, a, b) = (stateActionOccupancy.shape[0], stateActionOccupancy.shape[1], batch)
        guard r.rank == 3, r.shape[0] == s, r.shape[1] == a, r.shape[2] == 1 || r.shape[2] == b else {
            throw .shapeMismatch(argument: "rewards", expected: "[\(s), \(a), 1 or \(b)]", actual: r.shape)
        }
        let rb = r.shape[2]
        return Tensor(shape: [b]) { col in
            var total: Scalar = 0
            for i in 0..<(s * a) {
                let m = stateActionOccupancy.scalars[i * b + col]
                if m != 0 { total += m * r.scalars[i * rb + (rb == 1 ? 0 : col)] }
            }
            return total
        }
    }
}

extension TabularMDP {
    /// The largest `S` for which infinite-horizon occupancies and evaluations use a dense LAPACK
    /// solve (`S²` scalars, `S³/3` flops); above it they iterate.
    public static var denseSolveLimit: Int { 4096 }

    /// Runs the forward pass of `policy` (see ``OccupancyMeasure``).
    ///
    /// - Parameters:
    ///   - policy: `[T, S, A, B]` with `T = 1` or `T = H`.
    ///   - tolerance: infinite horizon without a dense solve: stop the series when `γᵗ/(1−γ)` is below it.
    /// - Throws: ``IRLError/shapeMismatch(argument:expected:actual:)`` when the policy does not fit.
    /// - Complexity: finite: `H` pushes and `O(H·S·A·B)`; memory `(H+1)·S·B + 2·S·A·B` scalars.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func occupancy(of policy: Policy<Scalar>, tolerance: Scalar = Scalar(1e-12)) throws(IRLError) -> OccupancyMeasure<Scalar> {
        try policy.validate(for: self)
        try policy.checkSupport(rewards: nil, mask: actionMask)
        let (s, a, b) = (stateCount, actionCount, policy.batch)
        let (sb, sab) = (s * b, s * a * b)
        switch horizon {
        case let .finite(h):
            try MemoryBudget.default.check(
                "forward pass (S = \(s), A = \(a), B = \(b), H = \(h))", arrays: [[h &+ 1, s, b], [2, s, a, b], [2, s, b]],
                of: Scalar.self, suggestion: "reduce the horizon or the batch, or use SoftValueIteration.occupancy in lean mode")
            // The pass writes row 0 (ρ₀), every later row (a push with β = 0) and all of μ: the
            // recycled storage needs no zero-fill.
            var d = Tensor<Scalar>(recycledShape: [h + 1, s, b], uninitializedScalars: { _ in })
            var mu = Tensor<Scalar>(recycledShape: [s, a, b], uninitializedScalars: { _ in })
            var scratch = [Scalar](repeating: 0, count: sab + 2 * sb)
            d.withUnsafeMutableBufferPointer { pd in
                mu.withUnsafeMutableBufferPointer { pm in
                    scratch.withUnsafeMutableBufferPointer { px in
                        policy.probabilities.withUnsafeBufferPointer { pp in
                            initialDistribution.withUnsafeBufferPointer { rho in
                                FiniteHorizonPasses.forward(
                                    dynamics, horizon: h, discount: discount, batch: b, initial: rho, policy: pp,
                                    steps: policy.steps, stateDistributions: pd, occupancy: pm, scratch: px,
                                    threads: defaultThreadCount)
                            }
                        }
                    }
                }
            }
            return OccupancyMeasure(stateDistributions: d, stateActionOccupancy: mu)
        case .infinite:
            let d = try discountedStateOccupancy(policy, tolerance: tolerance)
            var mu = Tensor<Scalar>(zeros: [s, a, b])
            mu.withUnsafeMutableBufferPointer { pm in
                d.withUnsafeBufferPointer { pd in
                    policy.probabilities.withUnsafeBufferPointer { pp in
                        StateActionKernels.weightRows(pd, pp, into: pm, rows: s, n: a, batch: b)
                    }
                }
            }
            return OccupancyMeasure(stateDistributions: try! d.reshaped([1, s, b]), stateActionOccupancy: mu)
        }
    }

    /// `d = Σ_t γᵗ d_t` for a stationary policy: `(I − γ·Pπᵀ) d = ρ₀`, shape `[S, B]`.
    func discountedStateOccupancy(_ policy: Policy<Scalar>, tolerance: Scalar) throws(IRLError) -> Tensor<Scalar> {
        let (s, b) = (stateCount, policy.batch)
        if s <= Self.denseSolveLimit {
            var d = Tensor<Scalar>(zeros: [s, b])
            for col in 0..<b {
                // Row s' of (I − γ Pπᵀ) is e_s' − γ·Pπ[·, s'].
                var m = policyTransitionMatrix(policy, column: col)   // Pπ[s, s']
                m.withUnsafeMutableBufferPointer { pm in
                    var transposed = [Scalar](repeating: 0, count: s * s)
                    for i in 0..<s { for j in 0..<s { transposed[j * s + i] = -discount * pm[i * s + j] } }
                    for i in 0..<s { transposed[i * s + i] += 1 }
                    _ = pm.update(fromContentsOf: transposed)
                }
                let solution = try IRLError.wrap("discounted occupancy (I − γPπᵀ)d = ρ₀") { () throws(TensorError) in
                    try m.solve(initialDistribution)
                }
                for i in 0..<s { d[i, col] = solution.scalars[i] }
            }
            return d
        }
        // Series: d = Σ_t γᵗ d_t, pushed one step at a time.
        var d = Tensor<Scalar>(shape: [s, b]) { i in initialDistribution.scalars[i / b] }
        var current = d.scalars
        var x = [Scalar](repeating: 0, count: s * actionCount * b)
        var weight: Scalar = 1
        var steps = 0
        while weight / (1 - discount) > tolerance {
            current.withUnsafeMutableBufferPointer { pc in
                x.withUnsafeMutableBufferPointer { px in
                    policy.probabilities.withUnsafeBufferPointer { pp in
                        StateActionKernels.weightRows(UnsafeBufferPointer(pc), pp, into: px, rows: s, n: actionCount, batch: b)
                    }
                    dynamics.push(UnsafeBufferPointer(px), batch: b, into: pc, alpha: 1, beta: 0)
                }
            }
            weight *= discount
            d.withUnsafeMutableBufferPointer { pd in
                current.withUnsafeBufferPointer { pc in try! BLAS.axpy(alpha: weight, pc, pd) }
            }
            steps += 1
            if steps > 10_000_000 { break }
        }
        return d
    }

    /// `Pπ[s, s'] = Σ_a π(a|s)·P(s'|s,a)` for one batch column of a stationary policy (`[S, S]`).
    func policyTransitionMatrix(_ policy: Policy<Scalar>, column: Int) -> Tensor<Scalar> {
        let (s, a, b) = (stateCount, actionCount, policy.batch)
        var m = Tensor<Scalar>(zeros: [s, s])
        m.withUnsafeMutableBufferPointer { pm in
            for state in 0..<s {
                for action in 0..<a {
                    let p = policy.probabilities.scalars[(state * a + action) * b + column]
                    if p == 0 { continue }
                    for (next, prob) in dynamics.successors(state: state, action: action) {
                        pm[state * s + next] += p * prob
                    }
                }
            }
        }
        return m
    }
}
