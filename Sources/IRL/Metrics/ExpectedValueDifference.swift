import DenseTensors

/// The planner that turns a reward into a policy for ``TabularMDP/expectedValueDifference(trueReward:learnedReward:planner:)``.
public enum EvaluationPlanner<Scalar: BLASScalar>: Sendable, Hashable {
    /// ``HardValueIteration``: the optimal deterministic policy (lowest-index action on ties).
    case hard
    /// ``SoftValueIteration`` at temperature `α > 0`: the soft-optimal (MaxEnt) policy.
    case soft(temperature: Scalar)

    func plan(_ mdp: TabularMDP<Scalar>, _ r: Tensor<Scalar>) throws(IRLError) -> Policy<Scalar> {
        switch self {
        case .hard: return try HardValueIteration<Scalar>().solve(mdp, stateActionRewards: r).policy
        case let .soft(alpha): return try SoftValueIteration<Scalar>(temperature: alpha).solve(mdp, stateActionRewards: r).policy
        }
    }
}

extension TabularMDP {
    /// The expected value difference (Levine, Popović & Koltun 2011): the true-reward value of
    /// the policy that is optimal for the true reward, minus the true-reward value of the policy
    /// that is optimal for the learned reward,
    ///
    ///     EVD = J(π*_r, r) − J(π*_r̂, r)      (≥ 0 with the hard planner)
    ///
    /// where `π*_x` is the planner's policy for reward `x`. Zero when the learned reward induces
    /// an optimal policy, whatever its scale or shift.
    ///
    /// - Parameters:
    ///   - trueReward: `r`, a single reward (`B = 1`).
    ///   - learnedReward: `r̂`, one reward or a batch of `B`.
    ///   - planner: ``EvaluationPlanner/hard`` (default, as in the paper) or soft.
    /// - Returns: the EVD per learned reward, shape `[B]`.
    /// - Throws: the reward, planner and evaluation errors; ``IRLError/shapeMismatch(argument:expected:actual:)``
    ///   for a batch of true rewards.
    /// - Complexity: two plans and two exact evaluations.
    public func expectedValueDifference(
        trueReward: Reward<Scalar>, learnedReward: Reward<Scalar>, planner: EvaluationPlanner<Scalar> = .hard
    ) throws(IRLError) -> Tensor<Scalar> {
        let r = try stateActionRewards(trueReward)
        guard r.shape[2] == 1 else {
            throw .shapeMismatch(argument: "trueReward", expected: "a single reward (B = 1)", actual: r.shape)
        }
        let best = try planner.plan(self, r)
        let learned = try planner.plan(self, try stateActionRewards(learnedReward))
        return try performanceGap(expert: best, learner: learned, reward: .stateAction(r))
    }
}
