import DenseTensors

extension MaxEntIRL {
    /// Everything MaxEnt IRL knows at one weight vector `λ[K, B]`: the soft-optimal response and
    /// the dual objective with its gradient.
    public struct Evaluation: Sendable {
        /// `λ`, `[K, B]`.
        public let weights: Tensor<Scalar>
        /// `r = Φλ`, `[S, A, B]` (masked actions `−∞`).
        public let rewards: Tensor<Scalar>
        /// The soft value iteration of `r`: `V^soft`, and `π = softVI(Φλ)`.
        public let plan: Plan<Scalar>
        /// The forward pass of `π`.
        public let occupancy: OccupancyMeasure<Scalar>
        /// `F_π = Φᵀμ_π`, `[K, B]`.
        public let featureExpectations: Tensor<Scalar>
        /// `∇g(λ) = F_π − F_E + c·λ`, `[K, B]`: the reward player's descent direction
        /// (`= −α·∇_λ L` for counts consistent with the dynamics and `c = 0`).
        public let gradient: Tensor<Scalar>
        /// `g(λ) = ρ₀·V^soft_0(Φλ) − λ·F_E + (c/2)‖λ‖²₂` per column, the convex function the
        /// reward player minimises.
        public let dualObjective: [Scalar]
        /// `L(λ)` per column (``ExpertStatistics/logLikelihood(of:)``) when the statistics have counts.
        public let logLikelihood: [Scalar]?

        /// The policy `π = softVI(Φλ)`.
        public var policy: Policy<Scalar> { plan.policy }
    }

    /// Evaluates the dual at `λ`: one soft value iteration, one forward pass, the gradient, the
    /// dual objective and (with counts) the demonstrations' log-likelihood.
    ///
    /// - Parameters:
    ///   - mdp: the dynamics with features `Φ`, without terminal values.
    ///   - expert: the expert statistics, batch `B`.
    ///   - weights: `λ`, `[K, B]` (or `[K]` when `B = 1`).
    /// - Throws: as ``solve(_:expert:initialWeights:trueReward:progress:)``.
    /// - Complexity: one soft value iteration and one forward pass over the batch.
    public func evaluate(
        _ mdp: TabularMDP<Scalar>, expert: ExpertStatistics<Scalar>, weights: Tensor<Scalar>
    ) throws(IRLError) -> Evaluation {
        try options.validate()
        let problem = try GameProblem(mdp, expert: expert, trueReward: nil)
        return try evaluate(problem, weights: try problem.initialWeights(weights))
    }

    func evaluate(_ problem: GameProblem<Scalar>, weights: Tensor<Scalar>) throws(IRLError) -> Evaluation {
        let rewards = try problem.rewards(weights)
        let plan = try planner.solve(problem.mdp, stateActionRewards: rewards)
        let occupancy = try problem.mdp.occupancy(of: plan.policy)
        let f = try problem.featureExpectations(occupancy.stateActionOccupancy)
        let fE = problem.expertFeatures
        let c = options.l2Regularization
        let gradient = Tensor<Scalar>(shape: f.shape) { f.scalars[$0] - fE.scalars[$0] + c * weights.scalars[$0] }
        let objective = dualObjective(problem, weights: weights, startValues: plan.startValue(problem.mdp).scalars)
        let likelihood = problem.expert.counts == nil ? nil : try problem.expert.logLikelihood(of: plan.policy)
        return Evaluation(
            weights: weights, rewards: rewards, plan: plan, occupancy: occupancy, featureExpectations: f,
            gradient: gradient, dualObjective: objective, logLikelihood: likelihood)
    }
}
