import DenseTensors

/// Primal moment matching (tabular GAIL-style): both players of the imitation game run
/// no-regret updates against each other, and the **averaged** pair converges to an equilibrium.
///
/// The game, with linear rewards `r = Φλ` and the reward player restricted to a ball:
///
///     max_π  min_{‖λ‖ ≤ R}  J(π, Φλ) − J(π_E, Φλ)  =  λ·(F_π − F_E)
///
/// The **policy player maximises** (it wants a return at least the expert's under every reward
/// in the ball); the **reward player minimises** (it looks for the reward under which the policy
/// falls furthest behind the expert). At iteration `k = 1, 2, …, T`, from the pair `(π_k, λ_k)`:
///
/// - policy player — one mirror-descent (multiplicative-weights) step per `(t, s)` on the exact
///   `Q^{π_k}_t` of the reward `Φλ_k` (``TabularMDP/evaluate(_:stateActionRewards:)``; one table
///   per step `t` for a finite horizon, one table for the infinite horizon):
///
///       π_{k+1,t}(a|s) ∝ π_{k,t}(a|s) · exp(η_k · Q^{π_k}_{λ_k,t}(s, a))
///
///   (kept as logits, `θ ← θ + η_k Q`, normalised by a log-sum-exp, so it never overflows);
/// - reward player — projected online gradient descent on its loss `λ·(F_{π_k} − F_E)`:
///
///       λ_{k+1} = Proj_ball(λ_k − η'_k · (F_{π_k} − F_E))
///
/// Both move simultaneously (each against the other's current play). The averaged iterates are
/// `λ̄_T = (1/T) Σ_k λ_k` and `π̄_T`, the policy whose occupancy is the mean occupancy, built
/// exactly from the accumulated state-action and state distributions:
///
///     π̄_t(a|s) = Σ_k x^k_t(s, a) / Σ_k d^k_t(s),    x^k_t(s, a) = d^k_t(s)·π_{k,t}(a|s)
///
/// (for the infinite horizon with the discounted `d^k = Σ_t γᵗ d^k_t`; states no iterate reaches
/// take the last iterate's action distribution — they carry no occupancy). The exact duality gap
/// of `(π̄, λ̄)` is ``GameMetrics/dualityGap(_:expertFeatures:weights:policyFeatures:ball:)``:
/// `(max_π λ̄·F_π − λ̄·F_E) + R·‖F_π̄ − F_E‖_dual`, which no-regret play drives to 0 at the
/// rate `O(1/√T)` with `1/√k` steps.
public struct PrimalMomentMatching<Scalar: BLASScalar>: Sendable {
    /// Solver settings. Validated by ``solve(_:expert:initialWeights:initialPolicy:trueReward:progress:)``,
    /// whose errors name the field.
    public struct Options: Sendable {
        /// `T ≥ 1`, the number of rounds (default 200).
        public var iterations: Int
        /// The policy player's base step `η > 0` (default 1).
        public var policyStepSize: Scalar
        /// Its schedule (default `η/√k`).
        public var policySchedule: StepSchedule
        /// The reward player's base step `η' > 0` (default 1).
        public var rewardStepSize: Scalar
        /// Its schedule (default `η'/√k`).
        public var rewardSchedule: StepSchedule
        /// The reward player's ball (default the unit ℓ2 ball).
        public var ball: WeightBall<Scalar>
        /// Record the averaged duality gap every `gapInterval` rounds (and always at the last);
        /// 0 records it only at the end. Each costs one hard value iteration. Default 1.
        public var gapInterval: Int
        /// Stop early once every column's recorded averaged gap is `≤ gapTolerance` (default 0: never).
        public var gapTolerance: Scalar

        /// Settings with the defaults above; the solver validates them.
        /// - Parameters: one per property of the same name (see each property for its meaning,
        ///   domain and default).
        public init(
            iterations: Int = 200, policyStepSize: Scalar = 1, policySchedule: StepSchedule = .inverseSquareRoot,
            rewardStepSize: Scalar = 1, rewardSchedule: StepSchedule = .inverseSquareRoot,
            ball: WeightBall<Scalar> = WeightBall(norm: .two, radius: 1), gapInterval: Int = 1,
            gapTolerance: Scalar = 0
        ) {
            self.iterations = iterations
            self.policyStepSize = policyStepSize
            self.policySchedule = policySchedule
            self.rewardStepSize = rewardStepSize
            self.rewardSchedule = rewardSchedule
            self.ball = ball
            self.gapInterval = gapInterval
            self.gapTolerance = gapTolerance
        }
    }

    /// The settings.
    public var options: Options

    /// - Parameter options: the settings (see ``Options``).
    public init(options: Options = Options()) {
        self.options = options
    }

    /// Plays the game for a batch of `B` problems on the same dynamics.
    ///
    /// - Parameters:
    ///   - mdp: the dynamics with features `Φ`, without terminal values.
    ///   - expert: `μ_E` with batch `B`.
    ///   - initialWeights: `λ_1`, `[K, B]` (or `[K]` when `B = 1`), projected onto the ball; default 0.
    ///   - initialPolicy: `π_1` (stationary or time-indexed, batch `B` or 1); default uniform over
    ///     the allowed actions. Actions it gives probability 0 keep probability 0.
    ///   - trueReward: when given, each round records `J(π_E, r*) − J(π, r*)` of the last and the
    ///     averaged iterate.
    ///   - progress: called after every round.
    /// - Returns: the last and the averaged iterates, the exact duality gap of the averaged pair
    ///   and the history.
    /// - Throws: ``IRLError/invalidParameter(argument:value:reason:)`` naming a bad option; the
    ///   mismatches between `mdp` and `expert` listed in ``MaxEntIRL``; policy shape errors.
    /// - Complexity: per round one exact evaluation and one forward pass
    ///   (`O(H·(S·A·B + pull + push))`), `O(H·S·A·B)` for the update and the averages, and one hard
    ///   value iteration when the gap is recorded. Memory: `O(H·S·A·B)`.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func solve(
        _ mdp: TabularMDP<Scalar>, expert: ExpertStatistics<Scalar>, initialWeights: Tensor<Scalar>? = nil,
        initialPolicy: Policy<Scalar>? = nil, trueReward: TrueReward<Scalar>? = nil, progress: ((Progress) -> Void)? = nil
    ) throws(IRLError) -> Solution {
        try options.validate()
        let problem = try GameProblem(mdp, expert: expert, trueReward: trueReward)
        let (s, a, k, b) = (mdp.stateCount, mdp.actionCount, problem.featureCount, problem.batch)
        let tables = mdp.horizon.steps ?? 1
        let fE = problem.expertFeatures
        let ball = options.ball
        var lambda = ball.project(try problem.initialWeights(initialWeights))
        var play = try MirrorDescentPolicy(mdp, initial: initialPolicy, tables: tables, batch: b)
        var averages = OccupancyAverages<Scalar>(tables: tables, states: s, actions: a, features: k, batch: b)
        var history = [Record]()
        history.reserveCapacity(Swift.min(options.iterations, 1_024))  // grows past that only if it runs that long
        var lastFeatures = fE
        var round = 0
        repeat {
            round += 1
            let policy = play.policy
            let rewards = try problem.rewards(lambda)
            let evaluation = try mdp.evaluate(policy, stateActionRewards: rewards)
            let occupancy = try mdp.occupancy(of: policy)
            let f = try problem.featureExpectations(occupancy.stateActionOccupancy)
            lastFeatures = f
            let performance = try problem.truth.map { (truth) throws(IRLError) in try truth.gap(occupancy) }
            averages.add(policy: policy, occupancy: occupancy, weights: lambda, features: f, performanceGap: performance)
            let record = try makeRecord(round, problem, weights: lambda, features: f, averages: averages, performanceGap: performance)
            history.append(record)
            progress?(Progress(record: record, iterations: options.iterations))
            if round == options.iterations { break }
            if options.gapTolerance > 0, let g = record.dualityGap, g.allSatisfy({ $0 <= options.gapTolerance }) { break }
            // Simultaneous no-regret steps.
            try play.step(q: evaluation.qValues, stepSize: record.policyStepSize)
            let eta = record.rewardStepSize
            lambda = ball.project(Tensor(shape: [k, b]) { lambda.scalars[$0] - eta * (f.scalars[$0] - fE.scalars[$0]) })
        } while true
        let lastPolicy = play.policy
        let averagedPolicy = averages.averagedPolicy(fallback: lastPolicy)
        let averagedOccupancy = try mdp.occupancy(of: averagedPolicy)
        let averagedFeatures = try problem.featureExpectations(averagedOccupancy.stateActionOccupancy)
        let gap = try GameMetrics.dualityGap(
            mdp, expertFeatures: fE, weights: averages.meanWeights,
            policyFeatures: averagedFeatures, ball: ball)
        return Solution(
            lastPolicy: lastPolicy, lastWeights: lambda, lastFeatureExpectations: lastFeatures,
            averagedPolicy: averagedPolicy, averagedWeights: averages.meanWeights, averagedOccupancy: averagedOccupancy,
            averagedFeatureExpectations: averagedFeatures, expertFeatureExpectations: fE, dualityGap: gap,
            history: history, iterations: round)
    }

    /// The measurements of round `k`, with the averaged gap when this round measures it.
    func makeRecord(
        _ round: Int, _ problem: GameProblem<Scalar>, weights lambda: Tensor<Scalar>, features f: Tensor<Scalar>,
        averages: OccupancyAverages<Scalar>, performanceGap: [Scalar]?
    ) throws(IRLError) -> Record {
        let fE = problem.expertFeatures
        let measureGap = round == options.iterations || (options.gapInterval > 0 && round % options.gapInterval == 0)
        let gap =
            measureGap
            ? try GameMetrics.dualityGap(
                problem.mdp, expertFeatures: fE, weights: averages.meanWeights, policyFeatures: averages.meanFeatures,
                ball: options.ball) : nil
        let mismatch = difference(f, fE)
        let averagedMismatch = difference(averages.meanFeatures, fE)
        return Record(
            iteration: round, policyStepSize: options.policySchedule.stepSize(base: options.policyStepSize, iteration: round),
            rewardStepSize: options.rewardSchedule.stepSize(base: options.rewardStepSize, iteration: round),
            mismatchInfinity: VectorNorm.infinity.columns(of: mismatch), mismatchTwo: VectorNorm.two.columns(of: mismatch),
            averagedMismatchInfinity: VectorNorm.infinity.columns(of: averagedMismatch),
            averagedMismatchTwo: VectorNorm.two.columns(of: averagedMismatch), payoff: columnDots(lambda, mismatch),
            dualityGap: gap, performanceGap: performanceGap, averagedPerformanceGap: averages.meanPerformanceGap)
    }
}

extension PrimalMomentMatching.Options {
    /// Throws ``IRLError/invalidParameter(argument:value:reason:)`` naming the first bad field.
    func validate() throws(IRLError) {
        guard iterations >= 1 else {
            throw .invalidParameter(argument: "iterations", value: Double(iterations), reason: "must be at least 1")
        }
        for (x, name) in [(policyStepSize, "policyStepSize"), (rewardStepSize, "rewardStepSize")] where !(x > 0 && x.isFinite) {
            throw .invalidParameter(argument: name, value: Double(x), reason: "must be positive and finite")
        }
        try policySchedule.validate(argument: "policySchedule")
        try rewardSchedule.validate(argument: "rewardSchedule")
        try ball.validate(argument: "ball")
        guard gapInterval >= 0 else {
            throw .invalidParameter(argument: "gapInterval", value: Double(gapInterval), reason: "must be non-negative")
        }
        guard gapTolerance >= 0, gapTolerance.isFinite else {
            throw .invalidParameter(argument: "gapTolerance", value: Double(gapTolerance), reason: "must be non-negative and finite")
        }
    }
}
