import IRLCABI
import Testing

/// The failures of `ig_maxent_irl_*`, and the singular system of the exact infinite-horizon solves.
@Suite("C ABI: MaxEnt IRL and linear-solve status codes")
struct MaxEntStatusTests {
    static let problem = MaxEntProblem(states: 3, actions: 2, features: 2, batch: 2, horizon: 3, discount: 0.9, seed: 1100)

    /// `ig_maxent_irl_*` with arguments changed from a valid call (outputs NULL but the weights).
    func maxEnt<Scalar: CABIScalar>(
        _: Scalar.Type, _ handle: OpaquePointer?, horizon: Int64 = 3, discount: Double = 0.9,
        initial: [Double]? = MaxEntStatusTests.problem.pr.rho,
        features: [Double]? = MaxEntStatusTests.problem.phi, featureCount: Int64 = 2,
        expert: [Double]? = MaxEntStatusTests.problem.expertOccupancy, batch: Int64 = 2,
        initialWeights: [Double]? = nil, options: IGMaxEntOptions? = nil
    ) -> Int32 {
        var weights = [Scalar](repeating: .nan, count: 4)
        // A few iterations are enough to fail or succeed.
        var short = options ?? IGMaxEntOptions.defaults
        short.maxIterations = min(short.maxIterations, 5)
        return withOptionalPointer(initial.map { scalars($0, as: Scalar.self) }) { rho in
            withOptionalPointer(features.map { scalars($0, as: Scalar.self) }) { phi in
                withOptionalPointer(expert.map { scalars($0, as: Scalar.self) }) { mu in
                    withOptionalPointer(initialWeights.map { scalars($0, as: Scalar.self) }) { lambda0 in
                        withOptions(short) { o in
                            Scalar.maxEntIRL(
                                handle, horizon, discount, rho, phi, featureCount, mu, batch, lambda0, o, &weights, nil, nil, nil, nil,
                                nil, nil, nil)
                        }
                    }
                }
            }
        }
    }

    func failures<Scalar: CABIScalar>(_ s: Scalar.Type) throws {
        let m = Self.problem
        try withDenseTransitions(scalars(m.pr.p, as: Scalar.self), states: 3, actions: 2) { t in
            #expect(maxEnt(s, t) == IGStatus.ok, "\(lastErrorMessage())")
            expectFailure(maxEnt(s, nil), IGStatus.nullArgument, "transitions: the handle is NULL")
            expectFailure(maxEnt(s, t, initial: nil), IGStatus.nullArgument, "initial_distribution is NULL")
            expectFailure(maxEnt(s, t, features: nil), IGStatus.nullArgument, "features is NULL")
            expectFailure(maxEnt(s, t, expert: nil), IGStatus.nullArgument, "expert_occupancy is NULL")
            expectFailure(maxEnt(s, t, horizon: -1), IGStatus.invalidHorizon, "horizon: -1")
            expectFailure(maxEnt(s, t, discount: 1.5), IGStatus.invalidDiscount, "discount: 1.5")
            expectFailure(maxEnt(s, t, featureCount: 0), IGStatus.invalidArgument, "feature_count: 0")
            expectFailure(maxEnt(s, t, batch: 0), IGStatus.invalidArgument, "batch: 0")
            var options = IGMaxEntOptions.defaults
            options.optimizer = 5
            expectFailure(maxEnt(s, t, options: options), IGStatus.invalidArgument, "options.optimizer: 5")
            options = IGMaxEntOptions.defaults
            options.schedule = 9
            expectFailure(maxEnt(s, t, options: options), IGStatus.invalidArgument, "options.schedule: 9")
            options = IGMaxEntOptions.defaults
            options.maxIterations = 0
            expectFailure(maxEnt(s, t, options: options), IGStatus.invalidArgument, "options.max_iterations: 0")
            options = IGMaxEntOptions.defaults
            options.temperature = -1
            expectFailure(maxEnt(s, t, options: options), IGStatus.invalidArgument, "temperature", "-1.0")
            var phi = m.phi
            phi[(1 * 2 + 0) * 2 + 1] = .nan
            expectFailure(maxEnt(s, t, features: phi), IGStatus.nonFinite, "features[1, 0, 1]", "nan")
            var mu = m.expertOccupancy
            mu[(2 * 2 + 1) * 2 + 0] = .infinity
            expectFailure(maxEnt(s, t, expert: mu), IGStatus.nonFinite, "expert_occupancy[2, 1, 0]", "inf")
            mu = m.expertOccupancy
            (mu[0], mu[2]) = (mu[0] + mu[2] + 0.5, -0.5)  // column 0 keeps its mass
            expectFailure(maxEnt(s, t, expert: mu), IGStatus.negativeProbability, "[0, 1, 0]", "-0.5")
            expectFailure(
                maxEnt(s, t, expert: m.expertOccupancy.map { 2 * $0 }), IGStatus.invalidArgument, "expert occupancy mass (column 0)")
            mu = m.expertOccupancy
            for i in stride(from: 1, to: mu.count, by: 2) { mu[i] = 0 }
            expectFailure(maxEnt(s, t, expert: mu), IGStatus.invalidArgument, "expert occupancy column 1 is empty")
            expectFailure(maxEnt(s, t, initialWeights: [0, 0, .nan, 0]), IGStatus.nonFinite, "initial_weights[1, 0]", "nan")
            expectFailure(maxEnt(s, t, initial: [0.5, 0.25, 0.5]), IGStatus.notNormalized, "initial_distribution", "sum to 1.25")
        }
    }

    @Test func maxEntFailures() throws {
        try failures(Double.self)
        try failures(Float.self)
    }

    /// The header calls the fields `step_size`, `l2_regularization`, `mismatch_tolerance`; the
    /// messages use the Swift names (`stepSize`, …), unlike `options.max_iterations` or
    /// `options.temperature` of `ig_options`. A C caller should read the C name.
    @Test func maxEntOptionMessagesUseTheCNames() throws {
        let m = Self.problem
        try withDenseTransitions(m.pr.p, states: 3, actions: 2) { t in
            var options = IGMaxEntOptions.defaults
            options.stepSize = 0
            let stepStatus = maxEnt(Double.self, t, options: options)
            let stepMessage = lastErrorMessage()
            options = IGMaxEntOptions.defaults
            options.l2Regularization = -1
            let l2Status = maxEnt(Double.self, t, options: options)
            let l2Message = lastErrorMessage()
            options = IGMaxEntOptions.defaults
            options.mismatchTolerance = -1
            let toleranceStatus = maxEnt(Double.self, t, options: options)
            let toleranceMessage = lastErrorMessage()
            // The statuses are right; only the names in the messages are the Swift ones.
            #expect(stepStatus == IGStatus.invalidArgument && l2Status == IGStatus.invalidArgument)
            #expect(toleranceStatus == IGStatus.invalidArgument)
            #expect(stepMessage.contains("0.0") && l2Message.contains("-1.0"))
            // The options are named as the C header spells them.
            #expect(stepMessage.contains("options.step_size"), "\(stepMessage)")
            #expect(l2Message.contains("options.l2_regularization"), "\(l2Message)")
            #expect(toleranceMessage.contains("options.mismatch_tolerance"), "\(toleranceMessage)")
        }
    }

    /// `IG_ERROR_SINGULAR_MATRIX`: with γ < 1 and stochastic rows, `I − γPπ` is never singular.
    /// It is reached when the caller loosens the row tolerance so far that γ·(row sum) = 1:
    /// rows `[0.625, 0.625]` (sum 1.25, tolerance 0.3) and γ = 0.8 make `I − γP` exactly
    /// `[[0.5, −0.5], [−0.5, 0.5]]`.
    @Test func singularSystemOfTheExactInfiniteHorizonSolves() throws {
        let p: [Double] = [0.625, 0.625, 0.625, 0.625]  // S = 2, A = 1
        let pi: [Double] = [1, 1]
        let rho: [Double] = [0.5, 0.5]
        let reward: [Double] = [1, 0]
        var values = [Double](repeating: .nan, count: 2)
        var d = [Double](repeating: .nan, count: 2)
        try withDenseTransitions(p, states: 2, actions: 1, tolerance: 0.3) { t in
            expectFailure(
                ig_evaluate_policy_f64(t, 0, 0.8, rho, nil, pi, 1, reward, 1, nil, nil, &values, nil), IGStatus.singularMatrix,
                "policy evaluation (I − γPπ)V = r_π", "LAPACKE_dgesv", "singular")
            expectFailure(
                ig_occupancy_measures_f64(t, 0, 0.8, rho, pi, 1, 1, nil, &d, nil), IGStatus.singularMatrix,
                "discounted occupancy (I − γPπᵀ)d = ρ₀", "singular")
            // The finite horizon needs no solve: V_0 = r + γ P r = (1 + 0.8·0.625, 0.8·0.625).
            var finite = [Double](repeating: .nan, count: 3 * 2)
            #expect(ig_evaluate_policy_f64(t, 2, 0.8, rho, nil, pi, 1, reward, 1, nil, nil, &finite, nil) == IGStatus.ok)
            expectClose(finite, [1.5, 0.5, 1, 0, 0, 0], "V of the finite horizon")
        }
        #expect(values.allSatisfy(\.isNaN) && d.allSatisfy(\.isNaN), "failed calls wrote nothing")
    }
}
