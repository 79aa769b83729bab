import DenseTensors

extension MaxEntIRL {
    /// What the loop needs from the policy player at one weight vector: the occupancy, the feature
    /// expectations, the dual objective and the log-likelihood, with the plan only when the
    /// iteration ran in full mode (``Options/forwardMode`` `.full` or an infinite horizon).
    struct BestResponse: Sendable {
        let weights: Tensor<Scalar>
        let rewards: Tensor<Scalar>
        /// `μ`, `[S, A, B]`.
        let stateActionOccupancy: Tensor<Scalar>
        let featureExpectations: Tensor<Scalar>
        let dualObjective: [Scalar]
        let logLikelihood: [Scalar]?
        /// The full evaluation, when this iteration kept the policy.
        let evaluation: Evaluation?

        /// `μ` as an ``OccupancyMeasure`` without state distributions, for `Σ μ·r*`.
        var occupancy: OccupancyMeasure<Scalar> {
            evaluation?.occupancy ?? OccupancyMeasure(stateDistributions: Tensor(zeros: [0]), stateActionOccupancy: stateActionOccupancy)
        }
    }

    /// Whether iterations use the lean pass ``SoftValueIteration/occupancy(_:stateActionRewards:mode:budget:)``
    /// rather than a plan with its policy: a finite horizon and `.lean`, or `.automatic` where the
    /// planner would run lean (fused kernels, or a full pass beyond the budget). Where `.automatic`
    /// would run full anyway, the iteration keeps that pass's plan: the final plan is then the last
    /// iteration's, and the log-likelihood comes from its policy instead of one more backward sweep.
    func usesLeanResponse(_ problem: GameProblem<Scalar>) -> Bool {
        guard problem.mdp.horizon.steps != nil else { return false }
        switch options.forwardMode {
        case .full: return false
        case .lean: return true
        case .automatic:
            // A pass that fits in neither mode counts as lean: ``checkFinalPlanFits(_:)`` refuses it.
            let mode = try? planner.chooseMode(problem.mdp, batch: problem.batch, mode: .automatic, budget: options.memoryBudget)
            return mode != .full
        }
    }

    /// The policy player's best response to `λ` and the dual at `λ`.
    ///
    /// Full: ``evaluate(_:weights:)`` (plan, forward pass, log-likelihood from `π`). Lean: one
    /// ``SoftValueIteration/occupancy(_:stateActionRewards:mode:budget:)`` in the options' mode and
    /// budget; with counts, the log-likelihood from one more backward sweep over the values
    /// (``ExpertStatistics/softLogLikelihood(_:stateActionRewards:temperature:threads:)``).
    func respond(_ problem: GameProblem<Scalar>, weights: Tensor<Scalar>, lean: Bool) throws(IRLError) -> BestResponse {
        guard lean else {
            let e = try evaluate(problem, weights: weights)
            return BestResponse(
                weights: weights, rewards: e.rewards, stateActionOccupancy: e.occupancy.stateActionOccupancy,
                featureExpectations: e.featureExpectations, dualObjective: e.dualObjective, logLikelihood: e.logLikelihood,
                evaluation: e)
        }
        let rewards = try problem.rewards(weights)
        let pass = try planner.occupancy(problem.mdp, stateActionRewards: rewards, mode: options.forwardMode, budget: options.memoryBudget)
        let f = try problem.featureExpectations(pass.stateActionOccupancy)
        let likelihood =
            problem.expert.counts == nil
            ? nil
            : try problem.expert.softLogLikelihood(
                problem.mdp, stateActionRewards: rewards, temperature: options.temperature, threads: options.threads)
        return BestResponse(
            weights: weights, rewards: rewards, stateActionOccupancy: pass.stateActionOccupancy, featureExpectations: f,
            dualObjective: dualObjective(problem, weights: weights, startValues: pass.startValues.scalars),
            logLikelihood: likelihood, evaluation: nil)
    }

    /// `g(λ) = ρ₀·V^soft_0(Φλ) − λ·F_E + (c/2)‖λ‖²₂` per column.
    func dualObjective(_ problem: GameProblem<Scalar>, weights: Tensor<Scalar>, startValues start: [Scalar]) -> [Scalar] {
        let c = options.l2Regularization
        let linear = columnDots(weights, problem.expertFeatures)
        let squares = columnDots(weights, weights)
        return (0..<problem.batch).map { start[$0] - linear[$0] + c / 2 * squares[$0] }
    }

    /// The full evaluation of the last response: its own when it kept the plan, else one soft
    /// value iteration and one forward pass at its weights (the only time a lean run stores the
    /// `H·S·A·B` policy).
    func materialise(_ problem: GameProblem<Scalar>, _ last: BestResponse) throws(IRLError) -> Evaluation {
        if let e = last.evaluation { return e }
        return try evaluate(problem, weights: last.weights)
    }

    /// Refuses, before the first iteration, a lean run whose final plan would not fit the budget.
    func checkFinalPlanFits(_ problem: GameProblem<Scalar>) throws(IRLError) {
        guard usesLeanResponse(problem) else { return }
        let bytes = planner.requiredBytes(problem.mdp, batch: problem.batch, mode: .full)
        guard bytes <= options.memoryBudget.bytes else {
            throw .exceedsMemoryBudget(
                what: "MaxEnt IRL's final plan and occupancy (S = \(problem.mdp.stateCount), A = \(problem.mdp.actionCount), "
                    + "B = \(problem.batch), H = \(problem.mdp.horizon.steps ?? 0))",
                bytes: bytes, budget: options.memoryBudget.bytes,
                suggestion: "reduce the horizon or the batch, use Float, or raise the memory budget")
        }
    }
}
