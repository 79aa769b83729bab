import DenseTensors

/// The exact quantities of the imitation game `max_π min_{‖λ‖≤R} J(π, Φλ) − J(π_E, Φλ)`, with
/// `J(π, Φλ) = λ·F_π` (the game runs on MDPs without terminal values, so returns are linear in
/// the feature expectations `F_π = Φᵀμ_π`). Every function works on a batch of `B` columns.
public enum GameMetrics {
    /// The moment mismatch `‖F_π − F_E‖` of each column of two `[K, B]` arrays.
    /// - Throws: ``IRLError/shapeMismatch(argument:expected:actual:)`` when the shapes differ.
    /// - Complexity: O(K·B).
    public static func momentMismatch<Scalar: BLASScalar>(
        _ policyFeatures: Tensor<Scalar>, _ expertFeatures: Tensor<Scalar>, norm: VectorNorm
    ) throws(IRLError) -> [Scalar] {
        guard policyFeatures.shape == expertFeatures.shape, policyFeatures.rank == 2 else {
            throw .shapeMismatch(argument: "policy features", expected: "\(expertFeatures.shape) ([K, B])", actual: policyFeatures.shape)
        }
        return norm.columns(of: difference(policyFeatures, expertFeatures))
    }

    /// `max_π J(π, Φλ) = max_π λ·F_π` for each column of `λ[K, B]`: the value `Σ_s ρ₀(s)·V*_0(s)`
    /// of an exact hard (max) value-iteration best response.
    /// - Throws: ``IRLError/missing(argument:reason:)`` without features; reward and planner errors.
    /// - Complexity: one ``HardValueIteration`` solve, `O(H·(S·A·B + pull))`.
    public static func bestResponseValue<Scalar: BLASScalar>(
        _ mdp: TabularMDP<Scalar>, weights: Tensor<Scalar>
    ) throws(IRLError) -> [Scalar] {
        let r = try mdp.stateActionRewards(.linear(weights: weights))
        return try HardValueIteration<Scalar>().solve(mdp, stateActionRewards: r).startValue(mdp).scalars
    }

    /// The duality gap of a pair `(π̄, λ̄)` in the game on the ball `{‖λ‖ ≤ R}`:
    ///
    ///     gap = max_π [J(π, Φλ̄) − J(π_E, Φλ̄)] − min_{‖λ‖≤R} [J(π̄, Φλ) − J(π_E, Φλ)]
    ///         = (max_π λ̄·F_π − λ̄·F_E)           — the policy player's best improvement
    ///         + R·‖F_π̄ − F_E‖_dual                — the reward player's best improvement
    ///
    /// The first term is an exact hard-VI best response (``bestResponseValue(_:weights:)``), the
    /// second is the closed form `min_{‖λ‖≤R} λ·v = −R‖v‖_dual`. Both are ≥ 0 when `F_E` is the
    /// feature expectation of some policy and `λ̄` lies in the ball, so the gap is ≥ 0 and is 0
    /// exactly at an equilibrium.
    ///
    /// - Parameters:
    ///   - mdp: the MDP with features `Φ` (no terminal values).
    ///   - expertFeatures: `F_E`, `[K, B]`.
    ///   - weights: `λ̄`, `[K, B]`.
    ///   - policyFeatures: `F_π̄`, `[K, B]`.
    ///   - ball: the reward player's ball.
    /// - Returns: the gap of each column.
    /// - Throws: shape errors, an invalid radius, planner errors.
    /// - Complexity: one hard value iteration plus O(K·B).
    public static func dualityGap<Scalar: BLASScalar>(
        _ mdp: TabularMDP<Scalar>, expertFeatures: Tensor<Scalar>, weights: Tensor<Scalar>,
        policyFeatures: Tensor<Scalar>, ball: WeightBall<Scalar>
    ) throws(IRLError) -> [Scalar] {
        try ball.validate()
        guard weights.shape == expertFeatures.shape else {
            throw .shapeMismatch(argument: "weights", expected: "\(expertFeatures.shape) ([K, B])", actual: weights.shape)
        }
        let mismatch = try momentMismatch(policyFeatures, expertFeatures, norm: ball.norm.dual)
        let best = try bestResponseValue(mdp, weights: weights)
        let expertValue = columnDots(weights, expertFeatures)
        return (0..<best.count).map { best[$0] - expertValue[$0] + ball.radius * mismatch[$0] }
    }

    /// The performance gap `J(π_E, r*) − J(π, r*)` of each column of `policy` under a true reward.
    ///
    /// Lemma 1 bounds it for a linear true reward `r* = Φλ*`:
    /// `|J(π_E, Φλ*) − J(π, Φλ*)| = |λ*·(F_E − F_π)| ≤ ‖λ*‖₁·‖F_E − F_π‖∞`.
    ///
    /// - Parameters:
    ///   - mdp: the MDP (no terminal values).
    ///   - policy: `π`, batch `B`.
    ///   - trueReward: `r*` and the expert's return (see ``TrueReward``).
    ///   - expert: the expert statistics (batch `B`), used when `trueReward` carries no expert return.
    /// - Throws: reward, policy and shape errors.
    /// - Complexity: one forward pass, `O(H·(S·A·B + push))`.
    public static func performanceGap<Scalar: BLASScalar>(
        _ mdp: TabularMDP<Scalar>, policy: Policy<Scalar>, trueReward: TrueReward<Scalar>, expert: ExpertStatistics<Scalar>
    ) throws(IRLError) -> [Scalar] {
        guard policy.batch == expert.batch else {
            throw .shapeMismatch(argument: "policy", expected: "batch \(expert.batch)", actual: policy.probabilities.shape)
        }
        let truth = try trueReward.resolve(mdp, expert: expert)
        return try truth.gap(try mdp.occupancy(of: policy))
    }
}
