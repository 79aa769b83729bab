import DenseTensors

/// The lecture's Figure 18.2: two learners that make equally frequent mistakes — the same
/// behavioural-cloning error `ε` — that take them to two different off-support states, one
/// harmless and one costly. BC cannot tell them apart; a reward-aware criterion can.
///
/// **Construction.** States `start = 0`, `road = 1`, `shoulder = 2`, `crash = 3`; three
/// actions in every state, deterministic: `0` drive (to the road), `1` veer left (to the
/// shoulder), `2` veer right (to the crash). From the shoulder and from the crash every action
/// leads back to the road (both mistakes are recoverable in one step). `ρ₀ = δ(start)`, horizon
/// `H`, `γ = 1`, state reward `r = [0, 1, 0, −C]` (start, road, shoulder, crash), one-hot state
/// features. The shoulder and the crash are off the expert's support.
///
/// - Expert `π_E`: drive (action 0) everywhere: `start → road → road → …`, `J(π_E) = H − 1`.
/// - ``cheapMistakeLearner`` `π_A`: on the start and the road, drive with probability `1 − ε`
///   and veer left with probability `ε`; elsewhere drive.
/// - ``costlyMistakeLearner`` `π_B`: the same, but veers right (into the crash).
///
/// Both disagree with the expert with probability `ε` on the expert's states, so
/// `ℓ_BC(π_A) = ℓ_BC(π_B) = ε`. Off the road each returns next step, so the probability of
/// being off the road at `t` is `q_t = ε·(1 − (−ε)ᵗ)/(1 + ε)` for both (as for `π1` of
/// ``CompoundingErrorExample``). A step on the shoulder loses the road's reward 1; a step in
/// the crash loses it and pays `C`:
///
///     J(π_E) − J(π_A) = Σ_{t=1}^{H−1} q_t = ε/(1+ε) · [(H − 1) + ε·(1 − (−ε)^{H−1})/(1 + ε)]
///     J(π_E) − J(π_B) = (1 + C) · (J(π_E) − J(π_A)).
public struct MistakeCostExample<Scalar: BLASScalar>: Sendable {
    /// The MDP, one-hot features and the reward `[0, 1, 0, −C]`.
    public let environment: Environment<Scalar>
    /// `ε`.
    public let epsilon: Scalar
    /// `C ≥ 0`, the crash cost.
    public let crashCost: Scalar
    /// `H`.
    public let horizon: Int
    /// `π_E`: drive everywhere.
    public let expert: Policy<Scalar>
    /// `π_A`: veers onto the shoulder with probability `ε`.
    public let cheapMistakeLearner: Policy<Scalar>
    /// `π_B`: veers into the crash with probability `ε`.
    public let costlyMistakeLearner: Policy<Scalar>

    /// - Parameters:
    ///   - epsilon: `ε ∈ [0, 1]`.
    ///   - crashCost: `C ≥ 0`, finite (default 10).
    ///   - horizon: `H ≥ 1`.
    /// - Throws: ``IRLError/invalidParameter(argument:value:reason:)`` for `ε` or `C`,
    ///   ``IRLError/invalidHorizon(_:)`` for `H`.
    public init(epsilon: Scalar, crashCost: Scalar = 10, horizon: Int) throws(IRLError) {
        guard epsilon.isFinite, epsilon >= 0, epsilon <= 1 else {
            throw .invalidParameter(argument: "epsilon", value: Double(epsilon), reason: "must be a probability in [0, 1]")
        }
        guard crashCost.isFinite, crashCost >= 0 else {
            throw .invalidParameter(argument: "crashCost", value: Double(crashCost), reason: "must be finite and non-negative")
        }
        // P[s, a, s']: from start and road, action a leads to [road, shoulder, crash][a]; from
        // the shoulder and the crash every action leads to the road.
        let p = Tensor<Scalar>(shape: [4, 3, 4]) { i in
            let (state, action, next) = (i / 12, (i / 4) % 3, i % 4)
            let target = state <= 1 ? action + 1 : 1
            return next == target ? 1 : 0
        }
        let mdp = try TabularMDP(transitions: p, initialDistribution: Tensor([1, 0, 0, 0]), horizon: .finite(horizon))
        let identity = Tensor<Scalar>(shape: [4, 4]) { $0 / 4 == $0 % 4 ? 1 : 0 }
        let reward = Tensor<Scalar>([0, 1, 0, -crashCost])
        self.environment = try Environment(
            name: "Figure 18.2 (mistake costs)", mdp: mdp, features: identity,
            trueReward: reward, trueRewardWeights: reward)
        self.epsilon = epsilon
        self.crashCost = crashCost
        self.horizon = horizon
        let e = epsilon
        let drive: [Scalar] = [1, 0, 0]
        self.expert = try Policy(stationary: try CompoundingErrorExample.table([drive, drive, drive, drive]))
        self.cheapMistakeLearner = try Policy(
            stationary: try CompoundingErrorExample.table([[1 - e, e, 0], [1 - e, e, 0], drive, drive]))
        self.costlyMistakeLearner = try Policy(
            stationary: try CompoundingErrorExample.table([[1 - e, 0, e], [1 - e, 0, e], drive, drive]))
    }

    /// `J(π_E) − J(π_A)` in closed form (see the type's documentation).
    public static func cheapMistakeGap(epsilon: Double, horizon: Int) -> Double {
        CompoundingErrorExample<Double>.recoveringGap(epsilon: epsilon, horizon: horizon)
    }

    /// `J(π_E) − J(π_B) = (1 + C)·(J(π_E) − J(π_A))` in closed form.
    public static func costlyMistakeGap(epsilon: Double, crashCost: Double, horizon: Int) -> Double {
        (1 + crashCost) * cheapMistakeGap(epsilon: epsilon, horizon: horizon)
    }
}
