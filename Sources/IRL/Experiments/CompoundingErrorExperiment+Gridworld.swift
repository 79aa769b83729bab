import DenseTensors

extension CompoundingErrorExperiment {
    /// The imitation learners compared in part (b).
    public enum Learner: String, Sendable, Hashable, CaseIterable, Comparable {
        /// ``BehavioralCloning`` (stationary MLE, uniform in unseen states).
        case behavioralCloning = "BC"
        /// ``DAgger`` seeded with the demonstrations, querying the expert.
        case dagger = "DAgger"
        /// ``MaxEntIRL`` on the demonstrations' counts; its policy is the soft best response.
        case maxEntIRL = "MaxEnt IRL"
        /// ``PrimalMomentMatching`` on the demonstrations' occupancy; its policy is the averaged iterate.
        case primal = "primal"

        public static func < (lhs: Learner, rhs: Learner) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// Reported before each learner of part (b) runs.
    public struct GridworldProgress: Sendable {
        /// The horizon being run.
        public let horizon: Int
        /// The repetition, from 0.
        public let repetition: Int
        /// The learner about to run.
        public let learner: Learner
    }

    /// One horizon of part (b): means over the repetitions.
    public struct GridworldRow: Sendable, Hashable {
        /// `H`.
        public let horizon: Int
        /// `J(π_E, r*)` of the soft-optimal expert.
        public let expertReturn: Double
        /// `J(π_E, r*) − J(π, r*)` per learner (mean over repetitions).
        public let gaps: [Learner: Double]
        /// The learner's disagreement with the expert on the expert's states (total variation,
        /// the behavioural-cloning loss `ℓ_BC` of a stochastic expert), per learner.
        public let losses: [Learner: Double]
    }

    /// The outcome of part (b).
    public struct GridworldResult: Sendable {
        /// The settings that produced it.
        public let settings: GridworldSettings
        /// One row per horizon, in the order given.
        public let rows: [GridworldRow]
        /// The fitted growth exponent of each learner's gap.
        public let exponents: [Learner: GrowthExponent]

        /// The learners that were run, in ``Learner`` order.
        public var learners: [Learner] { settings.learners.sorted() }

        /// Columns `H`, `J(π_E)`, then `gap <learner>` and `ℓ_BC <learner>` for each learner.
        public var table: ExperimentTable {
            let names = learners
            return ExperimentTable(
                columns: ["H", "J(π_E)"] + names.map { "gap \($0.rawValue)" } + names.map { "ℓ_BC \($0.rawValue)" },
                rows: rows.map { row in
                    [Double(row.horizon), row.expertReturn] + names.map { row.gaps[$0] ?? .nan } + names.map { row.losses[$0] ?? .nan }
                })
        }

        /// One row per learner: the exponent, its coefficient, and the points used and excluded.
        public var exponentTable: ExperimentTable {
            ExperimentTable(
                columns: ["learner", "exponent", "coefficient", "points used", "points excluded"],
                rows: learners.enumerated().map { i, learner in
                    let fit = exponents[learner] ?? GrowthExponent(exponent: nil, coefficient: nil, usedCount: 0, excludedCount: 0)
                    return [Double(i), fit.value, fit.coefficient ?? .nan, Double(fit.usedCount), Double(fit.excludedCount)]
                })
        }

        /// Gap against `H`, one series per learner.
        public var series: [ExperimentSeries] {
            let h = rows.map { Double($0.horizon) }
            return learners.map { learner in ExperimentSeries(learner.rawValue, x: h, y: rows.map { $0.gaps[learner] ?? .nan }) }
        }
    }

    /// Runs part (b) (see ``GridworldSettings``).
    ///
    /// - Parameter progress: called before each learner runs.
    /// - Returns: the mean gap per learner and horizon, and the fitted exponents.
    /// - Throws: ``IRLError/invalidParameter(argument:value:reason:)`` for a bad setting; the
    ///   learners' and solvers' errors.
    /// - Complexity: per horizon and repetition, one expert soft VI, the sampling, and each
    ///   learner (MaxEnt IRL: up to `maxIterations` soft-VI and forward passes on `S·A·H`).
    public func runGridworld(progress: ((GridworldProgress) -> Void)? = nil) throws(IRLError) -> GridworldResult {
        let settings = gridworld
        try settings.validate()
        var rows = [GridworldRow]()
        for h in settings.horizons {
            let environment = try settings.environment(horizon: h)
            let mdp = environment.mdp
            guard let reward = environment.reward else { throw .missing(argument: "true reward", reason: "the environment has none") }
            let expert = try settings.expertPolicy(mdp, reward: reward)
            let expertReturn = try mdp.evaluate(expert, reward: reward).returns.scalars[0]
            var gaps = [Learner: Double]()
            var losses = [Learner: Double]()
            for repetition in 0..<settings.repetitions {
                var sampling = SplitMix64(seed: Self.derivedSeed(settings.seed, horizon: h, repetition: repetition, stream: 0))
                let demonstrations = try Demonstrations.sample(policy: expert, on: mdp, count: settings.demonstrations, using: &sampling)
                for learner in settings.learners.sorted() {
                    progress?(GridworldProgress(horizon: h, repetition: repetition, learner: learner))
                    let policy = try learn(
                        learner, demonstrations: demonstrations, expert: expert, mdp: mdp, horizon: h,
                        repetition: repetition)
                    let gap = try mdp.performanceGap(expert: expert, learner: policy, reward: reward).scalars[0]
                    let loss = try mdp.policyDivergence(expert: expert, learner: policy).totalVariation.scalars[0]
                    gaps[learner, default: 0] += gap / Double(settings.repetitions)
                    losses[learner, default: 0] += loss / Double(settings.repetitions)
                }
            }
            rows.append(GridworldRow(horizon: h, expertReturn: expertReturn, gaps: gaps, losses: losses))
        }
        let x = rows.map { Double($0.horizon) }
        var exponents = [Learner: GrowthExponent]()
        for learner in settings.learners {
            exponents[learner] = GrowthExponent.fit(x: x, y: rows.map { $0.gaps[learner] ?? .nan })
        }
        return GridworldResult(settings: settings, rows: rows, exponents: exponents)
    }

    /// Fits one learner on one demonstration set.
    func learn(
        _ learner: Learner, demonstrations: Demonstrations<Double>, expert: Policy<Double>, mdp: TabularMDP<Double>,
        horizon h: Int, repetition: Int
    ) throws(IRLError) -> Policy<Double> {
        let settings = gridworld
        switch learner {
        case .behavioralCloning:
            return try settings.cloning.fit(demonstrations, on: mdp)
        case .dagger:
            var rollouts = SplitMix64(seed: Self.derivedSeed(settings.seed, horizon: h, repetition: repetition, stream: 1))
            let dagger = DAgger<Double>(
                iterations: settings.daggerIterations, rolloutsPerIteration: settings.demonstrations,
                cloning: settings.cloning)
            return try dagger.run(
                on: mdp, expert: try Expert(policy: expert), initialDemonstrations: demonstrations,
                using: &rollouts
            ).policy
        case .maxEntIRL:
            guard let counts = demonstrations.timeIndexedCounts else {
                throw .missing(argument: "demonstration counts", reason: "MaxEnt IRL needs trajectories")
            }
            let statistics = try ExpertStatistics(counts: counts, trajectories: [settings.demonstrations], discount: mdp.discount)
            var options = settings.maxEnt
            options.mismatchTolerance *= Double(h)
            return try MaxEntIRL<Double>(options: options).solve(mdp, expert: statistics).policy
        case .primal:
            let statistics = try ExpertStatistics(occupancy: try demonstrations.empiricalOccupancy(for: mdp))
            var options = settings.primal
            options.policyStepSize /= Double(h)
            options.rewardStepSize /= Double(h)
            return try PrimalMomentMatching<Double>(options: options).solve(mdp, expert: statistics).averagedPolicy
        }
    }

    /// A seed for one horizon, repetition and random stream, mixed by SplitMix64 so that
    /// neighbouring inputs give unrelated sequences.
    static func derivedSeed(_ seed: UInt64, horizon: Int, repetition: Int, stream: Int) -> UInt64 {
        var mixer = SplitMix64(seed: seed)
        var value = mixer.next()
        for part in [UInt64(horizon), UInt64(repetition), UInt64(stream)] {
            mixer = SplitMix64(seed: value ^ part)
            value = mixer.next()
        }
        return value
    }
}
