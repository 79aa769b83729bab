import DenseTensors

/// A benchmark problem: an MDP with features and, where the problem defines one, the true
/// reward that an imitation learner is scored against.
///
/// Built by the environment constructors (``Gridworld/environment(trueReward:features:horizon:discount:start:)``,
/// ``Objectworld``, ``CliffWorld``, ``Garnet``, ``RiskyPath``, and the lecture's examples
/// ``CompoundingErrorExample`` and ``MistakeCostExample``), which validate everything: an
/// environment that exists has a well-formed MDP whose features are ``features``.
public struct Environment<Scalar: BLASScalar>: Sendable {
    /// A short name for reports: `"gridworld 8×8"`, `"objectworld 32×32"`, ….
    public let name: String
    /// The dynamics, start distribution, horizon and discount, with ``features`` attached.
    public let mdp: TabularMDP<Scalar>
    /// `Φ[s, a, k]`, shape `[S, A, K]` (state features broadcast over actions).
    public let features: Tensor<Scalar>
    /// The true reward `r[s, a]`, shape `[S, A]` (finite everywhere; masked actions are set to
    /// `−∞` by ``TabularMDP/stateActionRewards(_:)``), or `nil` when the problem has none.
    public let trueReward: Tensor<Scalar>?
    /// `λ` with `trueReward = Φ·λ` exactly, shape `[K]`, when the true reward is linear in
    /// ``features`` (`nil` otherwise).
    public let trueRewardWeights: Tensor<Scalar>?
    /// The grid layout for drawing, for grid-based environments.
    public let gridworld: Gridworld?

    /// Assembles an environment, attaching `features` to `mdp`.
    ///
    /// - Parameters:
    ///   - name: a short name.
    ///   - mdp: the MDP (its own features, if any, are replaced).
    ///   - features: `[S, A, K]` or `[S, K]`.
    ///   - trueReward: `[S, A]` or `[S]` (broadcast over actions), finite.
    ///   - trueRewardWeights: `[K]` with `trueReward = Φ·λ`, if the reward is linear.
    ///   - gridworld: the layout for drawing.
    /// - Throws: ``IRLError/shapeMismatch(argument:expected:actual:)`` and
    ///   ``IRLError/nonFinite(argument:index:value:)`` naming the argument and index.
    /// - Complexity: O(S·A·K).
    public init(
        name: String, mdp: TabularMDP<Scalar>, features: Tensor<Scalar>, trueReward: Tensor<Scalar>? = nil,
        trueRewardWeights: Tensor<Scalar>? = nil, gridworld: Gridworld? = nil
    ) throws(IRLError) {
        let withFeatures = try mdp.with(features: features)
        let (s, a) = (mdp.stateCount, mdp.actionCount)
        var reward: Tensor<Scalar>? = nil
        if let r = trueReward {
            if let bad = r.firstNonFinite() {
                throw .nonFinite(argument: "trueReward", index: bad.index, value: Double(bad.value))
            }
            if r.shape == [s, a] {
                reward = r
            } else if r.shape == [s] {
                reward = Tensor(shape: [s, a]) { r.scalars[$0 / a] }
            } else {
                throw .shapeMismatch(argument: "trueReward", expected: "[\(s), \(a)] or [\(s)]", actual: r.shape)
            }
        }
        if let w = trueRewardWeights {
            guard w.shape == [withFeatures.featureCount] else {
                throw .shapeMismatch(argument: "trueRewardWeights", expected: "[\(withFeatures.featureCount)]", actual: w.shape)
            }
            if let bad = w.firstNonFinite() {
                throw .nonFinite(argument: "trueRewardWeights", index: bad.index, value: Double(bad.value))
            }
        }
        self.name = name
        self.mdp = withFeatures
        self.features = withFeatures.features ?? Tensor(zeros: [s, a, 0])
        self.trueReward = reward
        self.trueRewardWeights = trueRewardWeights
        self.gridworld = gridworld
    }

    /// The true reward as a ``Reward`` (`.stateAction`), or `nil`.
    public var reward: Reward<Scalar>? { trueReward.map { .stateAction($0) } }

    /// A copy on another horizon and discount (features, reward and layout kept).
    /// - Throws: ``IRLError/invalidHorizon(_:)``, ``IRLError/invalidDiscount(_:reason:)``.
    public func with(horizon: Horizon, discount: Scalar? = nil) throws(IRLError) -> Environment {
        try Environment(
            name: name, mdp: try mdp.with(horizon: horizon, discount: discount), features: features,
            trueReward: trueReward, trueRewardWeights: trueRewardWeights, gridworld: gridworld)
    }
}
