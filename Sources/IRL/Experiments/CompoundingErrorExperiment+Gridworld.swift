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

        public static func < (lhs: Learner, rhs: Learner) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// Part (b): a gridworld with a hidden linear reward and a finite set of demonstrations.
    ///
    /// The problem: a `width × height` gridworld (slip, 4 or 5 actions), every episode starting
    /// in the top-left cell; region features (`regionSize × regionSize` blocks); the true reward
    /// is `+1` on the bottom-right block (the goal) and `−1` on the block at the centre (a hazard
    /// between start and goal), 0 elsewhere. For each horizon `H` the expert is the soft-optimal
    /// policy at ``expertTemperature``, and ``demonstrations`` trajectories of `H` decisions are
    /// sampled from it. The learners see only the demonstrations (DAgger may also query the
    /// expert); MaxEnt IRL plans at the expert's temperature.
    public struct GridworldSettings: Sendable {
        /// Grid columns (default 8).
        public var width: Int
        /// Grid rows (default 8).
        public var height: Int
        /// 4 or 5 (default 5, with "stay").
        public var actionCount: Int
        /// Slip probability (default 0.1).
        public var slip: Double
        /// The side of the region-feature blocks (default 2).
        public var regionSize: Int
        /// The horizons (default ``CompoundingErrorExperiment/defaultHorizons``).
        public var horizons: [Int]
        /// Demonstrated trajectories per horizon and repetition (default 10).
        public var demonstrations: Int
        /// The expert's (and MaxEnt IRL's) soft-VI temperature `α` (default 0.25).
        public var expertTemperature: Double
        /// DAgger iterations (default 5); each rolls out ``demonstrations`` trajectories.
        public var daggerIterations: Int
        /// The MaxEnt IRL settings (temperature is overwritten by ``expertTemperature``; the
        /// mismatch tolerance is multiplied by `H`).
        public var maxEnt: MaxEntIRL<Double>.Options
        /// Which learners to run (default all).
        public var learners: [Learner]
        /// Independent demonstration sets per horizon; the table reports the mean gap (default 1).
        public var repetitions: Int
        /// The seed of every random draw (demonstrations, DAgger rollouts).
        public var seed: UInt64

        /// The defaults described on each property.
        public init(
            width: Int = 8, height: Int = 8, actionCount: Int = 5, slip: Double = 0.1, regionSize: Int = 2,
            horizons: [Int] = CompoundingErrorExperiment.defaultHorizons, demonstrations: Int = 10,
            expertTemperature: Double = 0.25, daggerIterations: Int = 5,
            maxEnt: MaxEntIRL<Double>.Options = GridworldSettings.defaultMaxEntOptions,
            learners: [Learner] = Learner.allCases, repetitions: Int = 1, seed: UInt64 = 0
        ) {
            self.width = width
            self.height = height
            self.actionCount = actionCount
            self.slip = slip
            self.regionSize = regionSize
            self.horizons = horizons
            self.demonstrations = demonstrations
            self.expertTemperature = expertTemperature
            self.daggerIterations = daggerIterations
            self.maxEnt = maxEnt
            self.learners = learners
            self.repetitions = repetitions
            self.seed = seed
        }

        /// Adam with step 0.05, at most 300 iterations, mismatch tolerance `1e-4·H`.
        public static var defaultMaxEntOptions: MaxEntIRL<Double>.Options {
            MaxEntIRL<Double>.Options(optimizer: .adam(), stepSize: 0.05, maxIterations: 300, mismatchTolerance: 1e-4)
        }

        /// The environment at horizon `H`: dynamics, region features, the true reward.
        /// - Throws: ``IRLError`` for bad sizes, slip, region size or horizon.
        /// - Complexity: O(S²·A) for the dense transitions.
        public func environment(horizon: Int) throws(IRLError) -> Environment<Double> {
            let grid = try Gridworld(width: width, height: height, actionCount: actionCount, slip: slip)
            let phi: Tensor<Double> = try grid.regionFeatures(size: regionSize)
            let across = (width + regionSize - 1) / regionSize
            let down = (height + regionSize - 1) / regionSize
            let k = across * down
            var weights = [Double](repeating: 0, count: k)
            weights[k - 1] = 1
            let hazard = (down / 2) * across + across / 2
            if hazard != k - 1, hazard != 0 { weights[hazard] = -1 }
            let start = Tensor<Double>(shape: [grid.stateCount]) { $0 == 0 ? 1 : 0 }
            return try grid.environment(features: phi, trueReward: .linear(weights: Tensor(weights)), horizon: .finite(horizon),
                                        start: start)
        }

        func validate() throws(IRLError) {
            try CompoundingErrorExperiment.checkHorizons(horizons, argument: "gridworld horizons")
            guard demonstrations >= 1 else {
                throw .invalidParameter(argument: "demonstrations", value: Double(demonstrations), reason: "must be at least 1")
            }
            guard expertTemperature > 0, expertTemperature.isFinite else {
                throw .invalidParameter(argument: "expertTemperature", value: expertTemperature, reason: "must be positive and finite")
            }
            guard daggerIterations >= 1 else {
                throw .invalidParameter(argument: "daggerIterations", value: Double(daggerIterations), reason: "must be at least 1")
            }
            guard repetitions >= 1 else {
                throw .invalidParameter(argument: "repetitions", value: Double(repetitions), reason: "must be at least 1")
            }
            guard !learners.isEmpty else { throw .empty(argument: "learners") }
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
            let expert = try SoftValueIteration<Double>(temperature: settings.expertTemperature).solve(mdp, reward: reward).policy
            let expertReturn = try mdp.evaluate(expert, reward: reward).returns.scalars[0]
            var gaps = [Learner: Double]()
            var losses = [Learner: Double]()
            for repetition in 0..<settings.repetitions {
                var sampling = SplitMix64(seed: Self.derivedSeed(settings.seed, horizon: h, repetition: repetition, stream: 0))
                let demonstrations = try Demonstrations.sample(policy: expert, on: mdp, count: settings.demonstrations, using: &sampling)
                for learner in settings.learners.sorted() {
                    progress?(GridworldProgress(horizon: h, repetition: repetition, learner: learner))
                    let policy = try learn(learner, demonstrations: demonstrations, expert: expert, mdp: mdp, horizon: h,
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
            return try BehavioralCloning<Double>().fit(demonstrations, on: mdp)
        case .dagger:
            var rollouts = SplitMix64(seed: Self.derivedSeed(settings.seed, horizon: h, repetition: repetition, stream: 1))
            let dagger = DAgger<Double>(iterations: settings.daggerIterations, rolloutsPerIteration: settings.demonstrations)
            return try dagger.run(on: mdp, expert: try Expert(policy: expert), initialDemonstrations: demonstrations,
                                  using: &rollouts).policy
        case .maxEntIRL:
            guard let counts = demonstrations.timeIndexedCounts else {
                throw .missing(argument: "demonstration counts", reason: "MaxEnt IRL needs trajectories")
            }
            let statistics = try ExpertStatistics(counts: counts, trajectories: [settings.demonstrations], discount: mdp.discount)
            var options = settings.maxEnt
            options.temperature = settings.expertTemperature
            options.mismatchTolerance *= Double(h)
            return try MaxEntIRL<Double>(options: options).solve(mdp, expert: statistics).policy
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
