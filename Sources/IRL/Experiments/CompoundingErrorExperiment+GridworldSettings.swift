import DenseTensors

extension CompoundingErrorExperiment {
    /// Part (b): a gridworld with a hidden linear reward and a finite set of demonstrations.
    ///
    /// The problem: a `width × height` gridworld (slip, 4 or 5 actions), every episode starting
    /// in ``start``; region features (`regionSize × regionSize` blocks); the true reward is `+1`
    /// on the block containing ``goal`` and `−1` on the block containing ``hazard``, 0 elsewhere.
    /// For each horizon `H` the expert is the optimal policy (``ExpertKind/optimal``, the default:
    /// deterministic, so no learner can beat it and every gap is `≥ 0`) or a soft-optimal one, and
    /// ``demonstrations`` trajectories of `H` decisions are sampled from it. The learners see only
    /// the demonstrations (DAgger may also query the expert); MaxEnt IRL plans at its own
    /// temperature (``maxEnt``, default 0.25). With a soft expert some gaps come out negative (a
    /// learner more decisive than the expert); ``GrowthExponent`` leaves those points out.
    ///
    /// Behavioural cloning is **time-indexed** by default (one table `π̂_t` per step, uniform in a
    /// state not demonstrated at that step): the tabular learner of the lecture's analysis, whose
    /// per-step data does not grow with `H`, so its error `ε` on the expert's states stays put
    /// while `H` grows. A learner that strays where no demonstration went at that step keeps
    /// acting uniformly and falls further behind — the compounding. MaxEnt IRL and the primal
    /// solver pool all steps through the features and plan everywhere.
    public struct GridworldSettings: Sendable {
        /// Who demonstrates.
        public enum ExpertKind: Sendable, Hashable {
            /// The optimal policy of the true reward (``HardValueIteration``; deterministic, lowest
            /// action index on ties).
            case optimal
            /// The soft-optimal policy at temperature `α` (``SoftValueIteration``).
            case soft(temperature: Double)
        }

        /// A cell of the grid.
        public struct Cell: Sendable, Hashable {
            /// Row (0 at the top).
            public var row: Int
            /// Column.
            public var column: Int

            public init(row: Int, column: Int) {
                self.row = row
                self.column = column
            }
        }

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
        /// Where every episode starts (default the top-left cell).
        public var start: Cell
        /// A cell of the goal block, reward +1 (default `(H/2 − 1, W/2 − 1)`, up-left of the centre).
        public var goal: Cell
        /// A cell of the hazard block, reward −1 (default `(0, W/2 − 1)`, the top edge above the goal);
        /// `nil` for none. Ignored when it lies in the goal's block.
        public var hazard: Cell?
        /// The horizons (default ``CompoundingErrorExperiment/defaultHorizons``).
        public var horizons: [Int]
        /// Demonstrated trajectories per horizon and repetition (default 10).
        public var demonstrations: Int
        /// The demonstrator (default ``ExpertKind/optimal``).
        public var expert: ExpertKind
        /// Behavioural cloning (and DAgger's learner) fit one table per step (default `true`) or
        /// one stationary table.
        public var timeIndexedCloning: Bool
        /// DAgger iterations (default 5); each rolls out ``demonstrations`` trajectories.
        public var daggerIterations: Int
        /// The MaxEnt IRL settings (the mismatch tolerance is multiplied by `H`).
        public var maxEnt: MaxEntIRL<Double>.Options
        /// The primal solver's settings. Its step sizes are divided by `H` at each horizon (the
        /// Q-values and feature counts it steps on grow like `H`).
        public var primal: PrimalMomentMatching<Double>.Options
        /// Which learners to run (default all).
        public var learners: [Learner]
        /// Independent demonstration sets per horizon; the table reports the mean gap (default 1).
        public var repetitions: Int
        /// The seed of every random draw (demonstrations, DAgger rollouts).
        public var seed: UInt64

        /// The defaults described on each property.
        public init(
            width: Int = 8, height: Int = 8, actionCount: Int = 5, slip: Double = 0.1, regionSize: Int = 2,
            start: Cell = Cell(row: 0, column: 0), goal: Cell? = nil, hazard: Cell? = nil,
            horizons: [Int] = CompoundingErrorExperiment.defaultHorizons, demonstrations: Int = 10,
            expert: ExpertKind = .optimal, timeIndexedCloning: Bool = true, daggerIterations: Int = 5,
            maxEnt: MaxEntIRL<Double>.Options = GridworldSettings.defaultMaxEntOptions,
            primal: PrimalMomentMatching<Double>.Options = GridworldSettings.defaultPrimalOptions,
            learners: [Learner] = Learner.allCases, repetitions: Int = 1, seed: UInt64 = 0
        ) {
            self.width = width
            self.height = height
            self.actionCount = actionCount
            self.slip = slip
            self.regionSize = regionSize
            self.start = start
            self.goal = goal ?? Cell(row: Swift.max(height / 2 - 1, 0), column: Swift.max(width / 2 - 1, 0))
            self.hazard = hazard ?? Cell(row: 0, column: Swift.max(width / 2 - 1, 0))
            self.horizons = horizons
            self.demonstrations = demonstrations
            self.expert = expert
            self.timeIndexedCloning = timeIndexedCloning
            self.daggerIterations = daggerIterations
            self.maxEnt = maxEnt
            self.primal = primal
            self.learners = learners
            self.repetitions = repetitions
            self.seed = seed
        }

        /// Adam with step 0.05, at most 300 iterations, mismatch tolerance `1e-4·H`, temperature 0.25.
        public static var defaultMaxEntOptions: MaxEntIRL<Double>.Options {
            MaxEntIRL<Double>.Options(
                optimizer: .adam(), stepSize: 0.05, maxIterations: 300, mismatchTolerance: 1e-4,
                temperature: 0.25)
        }

        /// 500 rounds, ℓ2 ball of radius 2 (the true weights have norm √2), base steps 30 for both
        /// players with `1/√k` schedules (divided by `H` when run), the duality gap measured at the end only.
        public static var defaultPrimalOptions: PrimalMomentMatching<Double>.Options {
            PrimalMomentMatching<Double>.Options(
                iterations: 500, policyStepSize: 30, rewardStepSize: 30,
                ball: WeightBall(norm: .two, radius: 2), gapInterval: 0)
        }

        /// The expert's policy on `mdp` for the true reward.
        /// - Throws: the planner's errors.
        public func expertPolicy(_ mdp: TabularMDP<Double>, reward: Reward<Double>) throws(IRLError) -> Policy<Double> {
            switch expert {
            case .optimal: return try HardValueIteration<Double>().solve(mdp, reward: reward).policy
            case let .soft(alpha): return try SoftValueIteration<Double>(temperature: alpha).solve(mdp, reward: reward).policy
            }
        }

        /// The behavioural-cloning learner (uniform in unseen states).
        public var cloning: BehavioralCloning<Double> { BehavioralCloning(timeIndexed: timeIndexedCloning) }

        /// The environment at horizon `H`: dynamics, region features, the true reward.
        /// - Throws: ``IRLError`` for bad sizes, slip, cells, region size or horizon.
        /// - Complexity: O(S²·A) for the dense transitions.
        public func environment(horizon: Int) throws(IRLError) -> Environment<Double> {
            let grid = try Gridworld(width: width, height: height, actionCount: actionCount, slip: slip)
            let phi: Tensor<Double> = try grid.regionFeatures(size: regionSize)
            let k = phi.shape[1]
            func block(_ cell: Cell, _ name: String) throws(IRLError) -> Int {
                guard cell.row >= 0, cell.row < height else {
                    throw .indexOutOfRange(argument: "\(name) row", index: cell.row, bound: height)
                }
                guard cell.column >= 0, cell.column < width else {
                    throw .indexOutOfRange(argument: "\(name) column", index: cell.column, bound: width)
                }
                return (0..<k).first { phi[grid.state(row: cell.row, column: cell.column), $0] == 1 } ?? 0
            }
            var weights = [Double](repeating: 0, count: k)
            let goalBlock = try block(goal, "goal")
            if let hazard {
                let hazardBlock = try block(hazard, "hazard")
                if hazardBlock != goalBlock { weights[hazardBlock] = -1 }
            }
            weights[goalBlock] = 1
            _ = try block(start, "start")
            let first = grid.state(row: start.row, column: start.column)
            let rho = Tensor<Double>(shape: [grid.stateCount]) { $0 == first ? 1 : 0 }
            return try grid.environment(
                features: phi, trueReward: .linear(weights: Tensor(weights)), horizon: .finite(horizon),
                start: rho)
        }

        func validate() throws(IRLError) {
            try CompoundingErrorExperiment.checkHorizons(horizons, argument: "gridworld horizons")
            guard demonstrations >= 1 else {
                throw .invalidParameter(argument: "demonstrations", value: Double(demonstrations), reason: "must be at least 1")
            }
            if case let .soft(alpha) = expert, !(alpha > 0 && alpha.isFinite) {
                throw .invalidParameter(argument: "expert temperature", value: alpha, reason: "must be positive and finite")
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
}
