import IRLCABI
import Testing

/// Every failure of the solver functions: the status, its name, and a message naming the
/// argument, the index and the value.
@Suite("C ABI: solver status codes")
struct SolverStatusTests {
    /// 3 states, 2 actions, B = 2.
    static let problem = CProblem(states: 3, actions: 2, batch: 2, seed: 1000, maskedFraction: 0)

    /// `ig_soft_value_iteration_*` with arguments changed from a valid call.
    func softVI<Scalar: CABIScalar>(
        _: Scalar.Type, _ handle: OpaquePointer?, horizon: Int64 = 3, discount: Double = 0.9,
        reward: [Double]? = SolverStatusTests.problem.reward,
        batch: Int64 = 2, terminal: [Double]? = nil, options: IGOptions? = nil, initial: [Double]? = nil, forward: Bool = false
    ) -> Int32 {
        let pr = Self.problem
        // Room for the valid horizons used here (≤ 8); an invalid horizon is rejected before any write.
        let rows = Int((1...8).contains(horizon) ? horizon : 1) * pr.states * pr.actions * 2
        let policy = OutputBuffer<Scalar>(count: rows)
        let mu = OutputBuffer<Scalar>(count: pr.states * pr.actions * 2, wanted: forward)
        defer { _ = (policy.take(), mu.take()) }
        return withOptionalPointer(reward.map { scalars($0, as: Scalar.self) }) { r in
            withOptionalPointer(terminal.map { scalars($0, as: Scalar.self) }) { vH in
                withOptionalPointer(initial.map { scalars($0, as: Scalar.self) }) { rho in
                    withOptions(options) { o in
                        Scalar.softValueIteration(
                            handle, horizon, discount, r, batch, vH, o, nil, policy.pointer, nil, rho, nil, mu.pointer)
                    }
                }
            }
        }
    }

    func softVIFailures<Scalar: CABIScalar>(_ s: Scalar.Type) throws {
        let pr = Self.problem
        try withDenseTransitions(scalars(pr.p, as: Scalar.self), states: 3, actions: 2) { t in
            #expect(softVI(s, t) == IGStatus.ok && lastErrorMessage() == "")
            expectFailure(softVI(s, nil), IGStatus.nullArgument, "transitions: the handle is NULL")
            expectFailure(softVI(s, t, reward: nil), IGStatus.nullArgument, "reward is NULL")
            expectFailure(softVI(s, t, forward: true), IGStatus.nullArgument, "initial_distribution is NULL")
            expectFailure(softVI(s, t, horizon: -1), IGStatus.invalidHorizon, "horizon: -1")
            expectFailure(softVI(s, t, horizon: 1 << 31), IGStatus.invalidHorizon, "horizon: 2147483648")
            expectFailure(softVI(s, t, discount: 1.5), IGStatus.invalidDiscount, "discount: 1.5 is outside [0, 1]")
            expectFailure(softVI(s, t, discount: -0.1), IGStatus.invalidDiscount, "discount: -0.1")
            expectFailure(softVI(s, t, discount: .nan), IGStatus.invalidDiscount, "discount: nan")
            expectFailure(
                softVI(s, t, horizon: 0, discount: 1), IGStatus.invalidDiscount, "discount: 1.0", "below 1 for an infinite horizon")
            expectFailure(softVI(s, t, batch: 0), IGStatus.invalidArgument, "batch: 0")
            expectFailure(softVI(s, t, horizon: 0, terminal: pr.terminal), IGStatus.invalidArgument, "terminal_values", "finite horizon")
            var options = IGOptions.defaults
            options.temperature = 0
            expectFailure(softVI(s, t, options: options), IGStatus.invalidArgument, "options.temperature: 0.0")
            options = IGOptions.defaults
            options.tolerance = -1
            expectFailure(softVI(s, t, options: options), IGStatus.invalidArgument, "options.tolerance: -1.0")
            options = IGOptions.defaults
            options.maxIterations = 0
            expectFailure(softVI(s, t, options: options), IGStatus.invalidArgument, "options.max_iterations: 0")
            options = IGOptions.defaults
            options.probabilityTolerance = .nan
            expectFailure(softVI(s, t, options: options), IGStatus.invalidArgument, "options.probability_tolerance")
            var reward = pr.reward
            reward[(1 * 2 + 1) * 2 + 0] = .nan
            expectFailure(softVI(s, t, reward: reward), IGStatus.nonFinite, "reward[1, 1, 0]", "nan")
            reward = pr.reward
            reward[(2 * 2 + 0) * 2 + 1] = .infinity
            expectFailure(softVI(s, t, reward: reward), IGStatus.nonFinite, "reward[2, 0, 1]", "inf")
            expectFailure(softVI(s, t, horizon: 0, reward: reward), IGStatus.nonFinite, "reward[2, 0, 1]")
            expectFailure(softVI(s, t, terminal: [0, .nan, 0]), IGStatus.nonFinite, "terminal_values[1]", "nan")
            expectFailure(softVI(s, t, initial: [0.5, .nan, 0.5], forward: true), IGStatus.nonFinite, "initial_distribution[1]")
            expectFailure(
                softVI(s, t, initial: [-0.5, 1, 0.5], forward: true), IGStatus.negativeProbability, "initial_distribution[0]", "-0.5")
            expectFailure(
                softVI(s, t, initial: [0.25, 0.25, 0.375], forward: true), IGStatus.notNormalized, "initial_distribution", "sum to 0.875")
            // The probability tolerance option lets a slightly unnormalised ρ₀ through.
            options = IGOptions.defaults
            options.probabilityTolerance = 1e-3
            #expect(softVI(s, t, options: options, initial: [0.3338, 0.3333, 0.3333], forward: true) == IGStatus.ok)
            expectFailure(softVI(s, t, initial: [0.3338, 0.3333, 0.3333], forward: true), IGStatus.notNormalized, "initial_distribution")
            // A state whose actions are all −∞ in one column.
            reward = pr.reward
            reward[(2 * 2 + 0) * 2 + 1] = -.infinity
            reward[(2 * 2 + 1) * 2 + 1] = -.infinity
            expectFailure(softVI(s, t, reward: reward), IGStatus.noValidAction, "state 2 (batch column 1) at t = 2", "no valid action")
            expectFailure(softVI(s, t, horizon: 0, reward: reward), IGStatus.noValidAction, "state 2 (batch column 1) has no valid action")
            options = IGOptions.defaults
            options.maxIterations = 2
            expectFailure(
                softVI(s, t, horizon: 0, options: options), IGStatus.didNotConverge, "soft value iteration did not converge in 2 iterations"
            )
        }
    }

    @Test func softValueIterationFailures() throws {
        try softVIFailures(Double.self)
        try softVIFailures(Float.self)
    }

    /// A handle of the other precision, to every function that takes one.
    @Test func wrongPrecisionHandles() throws {
        let pr = Self.problem
        let pi = [Double](repeating: 0.5, count: 3 * 2 * 2)
        try withDenseTransitions(scalars(pr.p, as: Float.self), states: 3, actions: 2) { floatHandle in
            expectFailure(softVI(Double.self, floatHandle), IGStatus.wrongPrecision, "holds float", "needs Double")
            let occupancy = callOccupancy(Double.self, floatHandle, pr, policy: pi, steps: 1, horizon: 3, discount: 1)
            expectFailure(occupancy.status, IGStatus.wrongPrecision, "holds float")
            let evaluation = callEvaluate(Double.self, floatHandle, pr, policy: pi, steps: 1, horizon: 3, discount: 1)
            expectFailure(evaluation.status, IGStatus.wrongPrecision, "holds float")
            let m = MaxEntProblem(states: 3, actions: 2, features: 2, batch: 1, horizon: 3, discount: 1, seed: 1001)
            expectFailure(callMaxEnt(Double.self, floatHandle, m, options: nil).status, IGStatus.wrongPrecision, "holds float")
        }
        try withDenseTransitions(pr.p, states: 3, actions: 2) { doubleHandle in
            expectFailure(softVI(Float.self, doubleHandle), IGStatus.wrongPrecision, "holds double", "needs Float")
            let occupancy = callOccupancy(Float.self, doubleHandle, pr, policy: pi, steps: 1, horizon: 3, discount: 1)
            expectFailure(occupancy.status, IGStatus.wrongPrecision, "holds double")
            let evaluation = callEvaluate(Float.self, doubleHandle, pr, policy: pi, steps: 1, horizon: 3, discount: 1)
            expectFailure(evaluation.status, IGStatus.wrongPrecision, "holds double")
            let m = MaxEntProblem(states: 3, actions: 2, features: 2, batch: 1, horizon: 3, discount: 1, seed: 1001)
            expectFailure(callMaxEnt(Float.self, doubleHandle, m, options: nil).status, IGStatus.wrongPrecision, "holds double")
        }
    }

    func policyFailures<Scalar: CABIScalar>(_ s: Scalar.Type) throws {
        let pr = Self.problem
        let h = 3
        let good = [Double](repeating: 0.5, count: h * 3 * 2 * 2)
        /// `policy[t, state, action, col]` of a `[3, 3, 2, 2]` policy.
        func at(_ t: Int, _ state: Int, _ action: Int, _ col: Int) -> Int { ((t * 3 + state) * 2 + action) * 2 + col }
        try withDenseTransitions(scalars(pr.p, as: Scalar.self), states: 3, actions: 2) { t in
            func occupancy(_ pi: [Double], steps: Int = 3, horizon: Int = 3) -> Int32 {
                callOccupancy(s, t, pr, policy: pi, steps: steps, horizon: horizon, discount: 0.9).status
            }
            func evaluate(_ pi: [Double], steps: Int = 3, horizon: Int = 3) -> Int32 {
                callEvaluate(s, t, pr, policy: pi, steps: steps, horizon: horizon, discount: 0.9).status
            }
            #expect(occupancy(good) == IGStatus.ok && evaluate(good) == IGStatus.ok)
            var bad = good
            (bad[at(1, 2, 0, 0)], bad[at(1, 2, 1, 0)]) = (0.75, 0.75)
            expectFailure(occupancy(bad), IGStatus.notNormalized, "policy[1, 2, ·, 0]", "sum to 1.5")
            // One policy validator, one wording, from every entry point.
            expectFailure(evaluate(bad), IGStatus.notNormalized, "policy[1, 2, ·, 0]", "sum to 1.5")
            (bad[at(1, 2, 0, 0)], bad[at(1, 2, 1, 0)]) = (1.5, -0.5)
            expectFailure(occupancy(bad), IGStatus.negativeProbability, "policy[1, 2, 1, 0]", "probability -0.5")
            expectFailure(evaluate(bad), IGStatus.negativeProbability, "policy[1, 2, 1, 0]", "probability -0.5")
            (bad[at(1, 2, 0, 0)], bad[at(1, 2, 1, 0)]) = (.nan, 0.5)
            expectFailure(occupancy(bad), IGStatus.nonFinite, "policy[1, 2, 0, 0]", "nan")
            expectFailure(evaluate(bad), IGStatus.nonFinite, "policy[1, 2, 0, 0]", "nan")
            bad = good
            bad[at(2, 1, 1, 1)] = .infinity
            expectFailure(occupancy(bad), IGStatus.nonFinite, "policy[2, 1, 1, 1]", "inf")
            // policy_steps must be 1 or H (finite), 1 (infinite).
            expectFailure(occupancy(good, steps: 2), IGStatus.shapeMismatch, "policy_steps: 2", "horizon 3")
            expectFailure(evaluate(good, steps: 2), IGStatus.shapeMismatch, "policy", "[1 or 3, 3, 2, B]", "[2, 3, 2, 2]")
            expectFailure(occupancy(good, steps: 3, horizon: 0), IGStatus.shapeMismatch, "stationary", "infinite horizon")
            expectFailure(evaluate(good, steps: 0), IGStatus.invalidArgument, "policy_steps: 0")
            expectFailure(occupancy(good, steps: 0, horizon: 0), IGStatus.invalidArgument, "policy_steps: 0")
        }
    }

    @Test func occupancyAndEvaluationPolicyFailures() throws {
        try policyFailures(Double.self)
        try policyFailures(Float.self)
    }

    /// The NULL arguments of occupancy and evaluation, which the helpers above never pass.
    @Test func occupancyAndEvaluationNullArguments() throws {
        let pr = Self.problem
        let pi = [Double](repeating: 0.5, count: 3 * 2 * 2), r = pr.reward, rho = pr.rho
        var mu = [Double](repeating: 0, count: 12)
        var j = [0.0, 0.0]
        try withDenseTransitions(pr.p, states: 3, actions: 2) { t in
            expectFailure(ig_occupancy_measures_f64(nil, 3, 1, rho, pi, 1, 2, nil, nil, &mu), IGStatus.nullArgument, "transitions")
            expectFailure(
                ig_occupancy_measures_f64(t, 3, 1, nil, pi, 1, 2, nil, nil, &mu), IGStatus.nullArgument, "initial_distribution is NULL")
            expectFailure(ig_occupancy_measures_f64(t, 3, 1, rho, nil, 1, 2, nil, nil, &mu), IGStatus.nullArgument, "policy is NULL")
            expectFailure(ig_occupancy_measures_f64(t, 0, 0.5, rho, nil, 1, 2, nil, nil, &mu), IGStatus.nullArgument, "policy is NULL")
            expectFailure(ig_occupancy_measures_f64(t, -2, 1, rho, pi, 1, 2, nil, nil, &mu), IGStatus.invalidHorizon, "horizon: -2")
            expectFailure(ig_occupancy_measures_f64(t, 3, 1, rho, pi, 1, -1, nil, nil, &mu), IGStatus.invalidArgument, "batch: -1")
            expectFailure(
                ig_evaluate_policy_f64(nil, 3, 1, rho, nil, pi, 1, r, 2, nil, nil, nil, &j), IGStatus.nullArgument, "transitions")
            expectFailure(
                ig_evaluate_policy_f64(t, 3, 1, nil, nil, pi, 1, r, 2, nil, nil, nil, &j), IGStatus.nullArgument, "initial_distribution")
            expectFailure(
                ig_evaluate_policy_f64(t, 3, 1, rho, nil, nil, 1, r, 2, nil, nil, nil, &j), IGStatus.nullArgument, "policy is NULL")
            expectFailure(
                ig_evaluate_policy_f64(t, 3, 1, rho, nil, pi, 1, nil, 2, nil, nil, nil, &j), IGStatus.nullArgument, "reward is NULL")
            var bad = r
            bad[5] = .nan
            expectFailure(
                ig_evaluate_policy_f64(t, 3, 1, rho, nil, pi, 1, bad, 2, nil, nil, nil, &j), IGStatus.nonFinite, "reward[1, 0, 1]")
            expectFailure(
                ig_evaluate_policy_f64(t, 3, 2, rho, nil, pi, 1, r, 2, nil, nil, nil, &j), IGStatus.invalidDiscount, "discount: 2.0")
            expectFailure(
                ig_evaluate_policy_f64(t, 3, 1, rho, [0, 1, .infinity], pi, 1, r, 2, nil, nil, nil, &j), IGStatus.nonFinite,
                "terminal_values[2]", "inf")
        }
        #expect(mu.allSatisfy { $0 == 0 } && j == [0, 0], "failed calls wrote nothing")
    }
}
