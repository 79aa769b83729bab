import DenseTensors

/// A known true reward `r*` for reporting the performance gap `J(π_E, r*) − J(π, r*)` of a game
/// solver's policy (the quantity imitation is judged by; it is never used by the solvers).
///
/// The expert's return `J(π_E, r*)` comes from, in this order of precedence:
/// `expertReturn` as given; else the exact evaluation of `expertPolicy`; else `Σ μ_E·r*` from the
/// expert statistics (exact when `μ_E` is the expert's exact occupancy, an estimate when it is
/// empirical).
public struct TrueReward<Scalar: BLASScalar>: Sendable {
    /// `r*`, one reward (`B = 1`, shared by every column) or one per batch column.
    public var reward: Reward<Scalar>
    /// The expert's policy, evaluated exactly under `r*` when `expertReturn` is `nil`.
    public var expertPolicy: Policy<Scalar>?
    /// `J(π_E, r*)`, shape `[B]` or `[1]`.
    public var expertReturn: Tensor<Scalar>?

    /// - Parameters:
    ///   - reward: `r*` in any ``Reward`` form, with `B = 1` or the solver's batch.
    ///   - expertPolicy: the expert's policy (optional).
    ///   - expertReturn: `J(π_E, r*)` per column (optional; wins over `expertPolicy`).
    public init(_ reward: Reward<Scalar>, expertPolicy: Policy<Scalar>? = nil, expertReturn: Tensor<Scalar>? = nil) {
        self.reward = reward
        self.expertPolicy = expertPolicy
        self.expertReturn = expertReturn
    }

    /// Resolves to `r*[S, A, 1 or B]` and `J(π_E, r*)` per column.
    func resolve(_ mdp: TabularMDP<Scalar>, expert: ExpertStatistics<Scalar>) throws(IRLError) -> ResolvedTrueReward<Scalar> {
        let b = expert.batch
        let r = try mdp.stateActionRewards(reward)
        guard r.shape[2] == 1 || r.shape[2] == b else {
            throw .shapeMismatch(argument: "true reward", expected: "batch 1 or \(b)", actual: r.shape)
        }
        var expertJ: [Scalar]
        if let given = expertReturn {
            guard given.shape == [b] || given.shape == [1] else {
                throw .shapeMismatch(argument: "expertReturn", expected: "[\(b)] or [1]", actual: given.shape)
            }
            if let bad = given.firstNonFinite() { throw .nonFinite(argument: "expertReturn", index: bad.index, value: Double(bad.value)) }
            expertJ = (0..<b).map { given.scalars[given.count == 1 ? 0 : $0] }
        } else if let policy = expertPolicy {
            guard policy.batch == b || policy.batch == 1 else {
                throw .shapeMismatch(argument: "expertPolicy", expected: "batch \(b) or 1", actual: policy.probabilities.shape)
            }
            let returns = try mdp.evaluate(policy, stateActionRewards: r).returns
            expertJ = (0..<b).map { returns.scalars[returns.count == 1 ? 0 : $0] }
        } else {
            let occupancy = OccupancyMeasure(stateDistributions: Tensor(zeros: [0]), stateActionOccupancy: expert.occupancy)
            expertJ = try occupancy.expectedReward(r).scalars
        }
        return ResolvedTrueReward(rewards: r, expertReturns: expertJ)
    }
}

/// `r*[S, A, 1 or B]` and `J(π_E, r*)` per column.
struct ResolvedTrueReward<Scalar: BLASScalar>: Sendable {
    var rewards: Tensor<Scalar>
    var expertReturns: [Scalar]

    /// `J(π_E, r*) − J(π, r*)` per column from the policy's occupancy (`J = Σ μ·r*`: the game
    /// solvers run on MDPs without terminal values).
    func gap(_ occupancy: OccupancyMeasure<Scalar>) throws(IRLError) -> [Scalar] {
        let j = try occupancy.expectedReward(rewards)
        return (0..<expertReturns.count).map { expertReturns[$0] - j.scalars[$0] }
    }
}
