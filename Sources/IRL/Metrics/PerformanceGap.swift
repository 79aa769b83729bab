import DenseTensors

extension TabularMDP {
    /// The performance gap `J(π_E, r) − J(π, r)` under a (true) reward, exactly (by
    /// ``evaluate(_:reward:)``): positive when the learner earns less than the expert.
    ///
    /// Batches broadcast: the expert, the learner and the reward may each have `B` columns or 1.
    /// - Parameters:
    ///   - expert: `π_E`.
    ///   - learner: `π`.
    ///   - reward: `r` (usually ``Environment/reward``).
    /// - Returns: the gap per column, shape `[B]`.
    /// - Throws: the evaluation's errors; ``IRLError/shapeMismatch(argument:expected:actual:)`` for
    ///   batches that do not broadcast.
    /// - Complexity: two exact evaluations (finite: `2H` pulls; infinite: `2B` dense solves).
    public func performanceGap(expert: Policy<Scalar>, learner: Policy<Scalar>, reward: Reward<Scalar>) throws(IRLError) -> Tensor<Scalar> {
        let r = try stateActionRewards(reward)
        let jE = try evaluate(expert, stateActionRewards: r).returns
        let jL = try evaluate(learner, stateActionRewards: r).returns
        let (be, bl) = (jE.count, jL.count)
        guard be == bl || be == 1 || bl == 1 else {
            throw .shapeMismatch(argument: "learner returns", expected: "batch \(be) or 1", actual: [bl])
        }
        return Tensor(shape: [Swift.max(be, bl)]) { col in
            jE.scalars[be == 1 ? 0 : col] - jL.scalars[bl == 1 ? 0 : col]
        }
    }
}
