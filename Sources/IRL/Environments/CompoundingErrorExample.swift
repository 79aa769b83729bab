import DenseTensors

/// The lecture's Figure 18.1: two learners with the same behavioural-cloning error `ε` whose
/// performance gaps grow like `εH` and like `εH²` — compounding errors.
///
/// **Construction.** States `s0 = 0` (start), `s1 = 1`, `s2 = 2`; two actions available in
/// every state, deterministic: action `0` moves to `s1`, action `1` moves to `s2` (from `s1`,
/// action 0 stays; from `s2`, action 1 stays and action 0 returns to `s1`). `ρ₀ = δ(s0)`,
/// horizon `H` (decisions `t = 0 … H−1`), `γ = 1`, state reward `r(s) = 1[s = s1]`, one-hot
/// state features.
///
/// - Expert `π_E`: action 0 in every state, so `s0 → s1 → s1 → …`.
/// - Learner `π1` (``recoveringLearner``): in `s0` and `s1` action 0 with probability `1 − ε`
///   and action 1 (a slip to `s2`) with probability `ε`; in `s2` action 0 — it comes back to
///   `s1` at the next step.
/// - Learner `π2` (``absorbedLearner``): the same in `s0` and `s1`; in `s2` action 1 — it
///   stays in `s2` forever.
///
/// **Equal BC loss.** The expert's state distribution is `d_0 = δ(s0)`, `d_t = δ(s1)` for
/// `t ≥ 1`; both learners disagree with the expert there with probability exactly `ε` and differ
/// only in `s2`, which the expert never visits: `ℓ_BC(π1) = ℓ_BC(π2) = ε`.
///
/// **Gaps (exact, finite `H`).** The expert earns 1 at every `t ≥ 1`: `J(π_E) = H − 1`.
///
/// - `π1`: let `q_t = P(s_t = s2)`. From `s0` or `s1` the learner slips with probability `ε`,
///   from `s2` it returns surely, so `q_0 = 0` and `q_t = ε·(1 − q_{t−1})`, whose solution is
///   `q_t = ε·(1 − (−ε)ᵗ)/(1 + ε)`. It earns `1 − q_t` at each `t ≥ 1`, so
///
///       J(π_E) − J(π1) = Σ_{t=1}^{H−1} q_t
///                      = ε/(1+ε) · [ (H − 1) + ε·(1 − (−ε)^{H−1})/(1 + ε) ]   ≈ εH.
///
/// - `π2`: `s2` is absorbing, so `P(s_t = s1) = (1 − ε)ᵗ` for `t ≥ 1` and
///
///       J(π_E) − J(π2) = Σ_{t=1}^{H−1} (1 − (1 − ε)ᵗ)
///                      = (H − 1) − (1 − ε)·(1 − (1 − ε)^{H−1})/ε     (ε > 0; 0 at ε = 0)
///                      ≈ εH(H − 1)/2 ≈ εH²/2 while εH ≪ 1 (and → H − 1/ε once εH ≫ 1).
public struct CompoundingErrorExample<Scalar: BLASScalar>: Sendable {
    /// The MDP, one-hot features and the reward `1[s = s1]`.
    public let environment: Environment<Scalar>
    /// `ε`, the learners' error on the expert's states.
    public let epsilon: Scalar
    /// `H`.
    public let horizon: Int
    /// `π_E`: action 0 (toward `s1`) everywhere.
    public let expert: Policy<Scalar>
    /// `π1`: slips with probability `ε`, returns from `s2`.
    public let recoveringLearner: Policy<Scalar>
    /// `π2`: slips with probability `ε`, stays in `s2`.
    public let absorbedLearner: Policy<Scalar>

    /// - Parameters:
    ///   - epsilon: `ε ∈ [0, 1]`.
    ///   - horizon: `H ≥ 1`.
    /// - Throws: ``IRLError/invalidParameter(argument:value:reason:)`` for `ε`,
    ///   ``IRLError/invalidHorizon(_:)`` for `H`.
    public init(epsilon: Scalar, horizon: Int) throws(IRLError) {
        guard epsilon.isFinite, epsilon >= 0, epsilon <= 1 else {
            throw .invalidParameter(argument: "epsilon", value: Double(epsilon), reason: "must be a probability in [0, 1]")
        }
        // P[s, a, s']: action 0 → s1, action 1 → s2, from every state.
        let p = Tensor<Scalar>(shape: [3, 2, 3]) { i in
            let (action, next) = ((i / 3) % 2, i % 3)
            return next == action + 1 ? 1 : 0
        }
        let mdp = try TabularMDP(transitions: p, initialDistribution: Tensor([1, 0, 0]), horizon: .finite(horizon))
        let identity = Tensor<Scalar>(shape: [3, 3]) { $0 / 3 == $0 % 3 ? 1 : 0 }
        let reward = Tensor<Scalar>([0, 1, 0])
        self.environment = try Environment(
            name: "Figure 18.1 (compounding errors)", mdp: mdp, features: identity,
            trueReward: reward, trueRewardWeights: reward)
        self.epsilon = epsilon
        self.horizon = horizon
        let e = epsilon
        self.expert = try Policy(stationary: Tensor(shape: [3, 2]) { $0 % 2 == 0 ? 1 : 0 })
        self.recoveringLearner = try Policy(stationary: try Self.table([[1 - e, e], [1 - e, e], [1, 0]]))
        self.absorbedLearner = try Policy(stationary: try Self.table([[1 - e, e], [1 - e, e], [0, 1]]))
    }

    /// `xⁿ` by repeated multiplication (`n ≥ 0`; exact enough for the closed forms).
    static func power(_ x: Double, _ n: Int) -> Double {
        var result = 1.0
        for _ in 0..<Swift.max(n, 0) { result *= x }
        return result
    }

    static func table(_ rows: [[Scalar]]) throws(IRLError) -> Tensor<Scalar> {
        try IRLError.wrap("policy table") { () throws(TensorError) in
            try Tensor(shape: [rows.count, rows[0].count], scalars: rows.flatMap { $0 })
        }
    }

    /// `J(π_E) − J(π1) = ε/(1+ε) · [(H − 1) + ε·(1 − (−ε)^{H−1})/(1 + ε)]` (see the type's documentation).
    public static func recoveringGap(epsilon e: Double, horizon h: Int) -> Double {
        let n = Double(h - 1)
        return e / (1 + e) * (n + e * (1 - power(-e, h - 1)) / (1 + e))
    }

    /// `J(π_E) − J(π2) = (H − 1) − (1 − ε)·(1 − (1 − ε)^{H−1})/ε` (0 at `ε = 0`; see the type's documentation).
    public static func absorbedGap(epsilon e: Double, horizon h: Int) -> Double {
        guard e > 0 else { return 0 }
        return Double(h - 1) - (1 - e) * (1 - power(1 - e, h - 1)) / e
    }
}
