import DenseTensors

/// A random "Garnet" MDP (Archibald, McKinnon & Thomas 1995; Bhatnagar et al. 2009): `S`
/// states, `A` actions, and branching factor `b`.
///
/// Each pair `(s, a)` has exactly `b` distinct successors, drawn uniformly without replacement
/// from the `S` states, with probabilities from a flat Dirichlet(1, …, 1): `b` independent
/// `Gamma(1) = −log U` draws, normalised. The true reward is a state reward `r(s) ~ U[0, 1)`,
/// linear in one-hot state features (weights `λ = r`), or, with `featureCount = K`, linear in
/// `K` random features `Φ[s, k] ~ U[0, 1)` with weights `λ_k ~ U[−1, 1)`. The start
/// distribution is uniform.
///
/// The draws are made in a fixed order (per `(s, a)` row-major: `b` successor indices, then `b`
/// Gamma draws; then the features, then the weights), so a seed fixes the MDP bit for bit.
public struct Garnet: Sendable, Hashable {
    /// `S`.
    public let stateCount: Int
    /// `A`.
    public let actionCount: Int
    /// `b`, the number of successors of every `(s, a)`.
    public let branchingFactor: Int
    /// `successors[s·A + a]`: the `b` successor states in increasing order.
    public let successors: [[Int]]
    /// `probabilities[s·A + a]`: their probabilities (aligned with ``successors``), summing to 1.
    public let probabilities: [[Double]]
    /// `Φ[s, k]` row-major, `[S·K]`: one-hot when `K = S` was not asked for explicitly.
    public let features: [Double]
    /// `K`.
    public let featureCount: Int
    /// `λ[k]`: the true reward is `r = Φ·λ`.
    public let weights: [Double]

    /// Draws a Garnet MDP.
    ///
    /// - Parameters:
    ///   - states: `S ≥ 1`.
    ///   - actions: `A ≥ 1`.
    ///   - branchingFactor: `b` in `1…S`.
    ///   - featureCount: `nil` (default) for one-hot state features and `r(s) ~ U[0, 1)`;
    ///     `K ≥ 1` for `K` random features.
    ///   - generator: e.g. ``SplitMix64``.
    /// - Throws: ``IRLError/invalidParameter(argument:value:reason:)`` naming the parameter.
    /// - Complexity: O(S·A·b) draws (plus `S·K` for the features).
    public init(
        states: Int, actions: Int, branchingFactor: Int, featureCount: Int? = nil,
        using generator: inout some RandomNumberGenerator
    ) throws(IRLError) {
        guard states >= 1 else { throw .invalidParameter(argument: "states", value: Double(states), reason: "must be at least 1") }
        guard actions >= 1 else { throw .invalidParameter(argument: "actions", value: Double(actions), reason: "must be at least 1") }
        guard branchingFactor >= 1, branchingFactor <= states else {
            throw .invalidParameter(argument: "branchingFactor", value: Double(branchingFactor), reason: "must be in 1…\(states)")
        }
        if let k = featureCount, k < 1 {
            throw .invalidParameter(argument: "featureCount", value: Double(k), reason: "must be at least 1")
        }
        var successors = [[Int]]()
        var probabilities = [[Double]]()
        successors.reserveCapacity(states * actions)
        probabilities.reserveCapacity(states * actions)
        for _ in 0..<(states * actions) {
            // Floyd's algorithm: a uniform b-subset of 0..<S in O(b) draws.
            var chosen = Set<Int>()
            for j in (states - branchingFactor)..<states {
                let t = generator.nextIndex(below: j + 1)
                chosen.insert(chosen.contains(t) ? j : t)
            }
            let gammas = (0..<branchingFactor).map { _ in generator.nextStandardExponential() }
            let total = gammas.reduce(0, +)
            successors.append(chosen.sorted())
            probabilities.append(
                total > 0 ? gammas.map { $0 / total } : Array(repeating: 1 / Double(branchingFactor), count: branchingFactor))
        }
        self.stateCount = states
        self.actionCount = actions
        self.branchingFactor = branchingFactor
        self.successors = successors
        self.probabilities = probabilities
        if let k = featureCount {
            self.featureCount = k
            self.features = (0..<(states * k)).map { _ in generator.nextUnitInterval() }
            self.weights = (0..<k).map { _ in 2 * generator.nextUnitInterval() - 1 }
        } else {
            self.featureCount = states
            self.features = (0..<(states * states)).map { $0 / states == $0 % states ? 1 : 0 }
            self.weights = (0..<states).map { _ in generator.nextUnitInterval() }
        }
    }

    /// The true state reward `r = Φ·λ`, shape `[S]`.
    public func trueReward<Scalar: BLASScalar>(_: Scalar.Type = Scalar.self) -> Tensor<Scalar> {
        Tensor(shape: [stateCount]) { s in
            Scalar((0..<featureCount).reduce(0.0) { $0 + features[s * featureCount + $1] * weights[$1] })
        }
    }

    /// The dense transition tensor `P[s, a, s']`, shape `[S, A, S]`.
    public func denseTransitions<Scalar: BLASScalar>(_: Scalar.Type = Scalar.self) -> Tensor<Scalar> {
        var p = Tensor<Scalar>(zeros: [stateCount, actionCount, stateCount])
        p.withUnsafeMutableBufferPointer { buffer in
            for row in 0..<(stateCount * actionCount) {
                for (next, prob) in zip(successors[row], probabilities[row]) {
                    buffer[row * stateCount + next] = Scalar(prob)
                }
            }
        }
        return p
    }

    /// The Garnet benchmark with dense dynamics, a uniform start, the features and the true reward.
    ///
    /// - Parameters:
    ///   - horizon: `.finite(H)` or `.infinite`.
    ///   - discount: `γ` (default 1; below 1 for an infinite horizon).
    /// - Throws: ``IRLError`` from MDP validation (e.g. a dense `S²·A` beyond the BLAS limit).
    /// - Complexity: O(S²·A).
    public func environment<Scalar: BLASScalar>(horizon: Horizon, discount: Scalar = 1) throws(IRLError) -> Environment<Scalar> {
        let phi = Tensor<Scalar>(shape: [stateCount, featureCount]) { Scalar(features[$0]) }
        let rho = Tensor<Scalar>(repeating: 1 / Scalar(stateCount), shape: [stateCount])
        let mdp = try TabularMDP(
            transitions: denseTransitions(Scalar.self), initialDistribution: rho, horizon: horizon,
            discount: discount, features: phi)
        return try Environment(
            name: "garnet S=\(stateCount) A=\(actionCount) b=\(branchingFactor)", mdp: mdp, features: phi,
            trueReward: trueReward(Scalar.self), trueRewardWeights: Tensor(weights.map { Scalar($0) }),
            gridworld: nil)
    }
}
