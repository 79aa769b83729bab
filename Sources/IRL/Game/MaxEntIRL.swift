import DenseTensors

/// Maximum-entropy inverse reinforcement learning: the **dual** solver of the imitation game.
///
/// The game is `max_π min_λ J(π, Φλ) − J(π_E, Φλ) = λ·(F_π − F_E)` with linear rewards
/// `r = Φλ` (features `Φ[S, A, K]`, weights `λ[K, B]` for `B` independent problems on the same
/// dynamics). MaxEnt IRL adds the policy's discounted causal entropy with temperature `α` and
/// lets the players move as follows, at iterations `t = 1, 2, …`:
///
/// - **policy player** — best response by soft value iteration: `π_t = softVI(Φλ_t)`, the
///   maximiser of `λ_t·F_π + α·H(π)`;
/// - **reward player** — descends the dual objective
///   `g(λ) = max_π [λ·F_π + α·H(π)] − λ·F_E + (c/2)‖λ‖²₂ = ρ₀·V^soft_0(Φλ) − λ·F_E + (c/2)‖λ‖²₂`,
///   whose gradient is
///
///       ∇g(λ_t) = F_{π_t} − F_E + c·λ_t
///
///   (the reward player pushes reward towards what the expert does more often than the policy).
///   With counts consistent with the dynamics, `g(λ) = −α·L(λ) + const`, where `L` is the
///   demonstrations' average log-likelihood (``ExpertStatistics/logLikelihood(of:)``), so
///   `∇_λ L = (F_E − F_π)/α` and descending `g` is maximum-likelihood estimation of `λ`.
///
/// Updates (`η_t` from the ``StepSchedule``):
///
///     gradient descent:        λ ← λ − η_t·∇g
///     Adam:                    λ ← λ − η_t·m̂/(√v̂ + ε)      (bias-corrected moments of ∇g)
///     exponentiated gradient:  see ``Optimizer/exponentiatedGradient(radius:signed:)``
///
/// An optional augmented-Lagrangian weight `ρ ≥ 0` makes the policy best-respond to the
/// shifted weights `λ̃_t = λ_t − ρ·(F_{π_{t−1}} − F_E)`: the linearisation, at the previous
/// iterate, of the penalty `−(ρ/2)‖F_π − F_E‖²` added to the policy player's objective (one
/// fixed-point step of the inner problem of the method of multipliers). At a fixed point
/// `F_π = F_E` and `λ̃ = λ`; `ρ = 0` is plain MaxEnt IRL.
///
/// A column stops when `‖F_π − F_E‖ ≤ mismatchTolerance` or `‖∇g‖ ≤ gradientTolerance` (in the
/// chosen norm), or at `maxIterations`. A stopped column keeps its weights while the others go
/// on, so a batched call returns what `B` separate calls return.
public struct MaxEntIRL<Scalar: BLASScalar>: Sendable {
    /// The reward player's update rule.
    public enum Optimizer: Sendable, Hashable {
        /// Online gradient descent `λ ← λ − η_t·∇g`.
        case gradientDescent
        /// Adam (Kingma & Ba): `m ← β₁m + (1−β₁)∇g`, `v ← β₂v + (1−β₂)∇g²`, bias-corrected
        /// `m̂ = m/(1−β₁ᵗ)`, `v̂ = v/(1−β₂ᵗ)`, then `λ ← λ − η_t·m̂/(√v̂ + ε)` per coordinate.
        case adam(beta1: Scalar = 0.9, beta2: Scalar = 0.999, epsilon: Scalar = 1e-8)
        /// Exponentiated gradient (multiplicative weights) on an ℓ1 set of radius `R`:
        ///
        /// - `signed: true` — the ℓ1 ball `{‖λ‖₁ ≤ R}` by the EG± construction: `λ = w⁺ − w⁻`
        ///   with `w± ≥ 0`, `Σ_k (w⁺_k + w⁻_k) = R`, updated `w⁺ ∝ w⁺·exp(−η_t∇g)`,
        ///   `w⁻ ∝ w⁻·exp(+η_t∇g)`. Starts at `λ = 0` unless initial weights are given.
        /// - `signed: false` — the scaled simplex `{λ ≥ 0, Σ_k λ_k = R}`: `λ ∝ λ·exp(−η_t∇g)`,
        ///   normalised to sum `R`. Starts at `λ_k = R/K` unless initial weights are given.
        ///
        /// Multiplicative updates never move an exactly zero weight, so give initial weights in
        /// the interior of the set. The solution is the best one *within* the set: when the
        /// expert's reward needs a larger ℓ1 norm, the mismatch stays above zero.
        case exponentiatedGradient(radius: Scalar, signed: Bool = true)
    }

    /// Solver settings. Validated by ``solve(_:expert:initialWeights:trueReward:progress:)``,
    /// whose errors name the field.
    public struct Options: Sendable {
        /// The reward player's update rule (default plain gradient descent).
        public var optimizer: Optimizer
        /// The base step `η > 0` (default 0.1).
        public var stepSize: Scalar
        /// How the step changes with the iteration (default constant).
        public var schedule: StepSchedule
        /// The iteration limit, ≥ 1 (default 500).
        public var maxIterations: Int
        /// The norm in which the mismatch and gradient tolerances are measured (default ∞).
        public var mismatchNorm: VectorNorm
        /// Stop a column when `‖F_π − F_E‖ ≤ mismatchTolerance` (absolute, in discounted feature
        /// counts; default 1e-6; 0 disables).
        public var mismatchTolerance: Scalar
        /// Stop a column when `‖∇g‖ ≤ gradientTolerance` (default 0: disabled). Needed with an L2
        /// term, where the mismatch does not vanish.
        public var gradientTolerance: Scalar
        /// The L2 coefficient `c ≥ 0` of `(c/2)‖λ‖²₂` (default 0).
        public var l2Regularization: Scalar
        /// The augmented-Lagrangian weight `ρ ≥ 0` (default 0).
        public var augmentedLagrangian: Scalar
        /// The soft-VI temperature `α > 0` (default 1).
        public var temperature: Scalar
        /// When set, each iteration records the duality gap of the averaged iterates in the game
        /// on this ball (``GameMetrics/dualityGap(_:expertFeatures:weights:policyFeatures:ball:)``),
        /// at the cost of one hard value iteration per iteration. Default `nil`.
        public var gapBall: WeightBall<Scalar>?
        /// Threads for the log-sum-exp kernel (default: the number of cores).
        public var threads: Int
        /// How each iteration's best response gets its occupancy (finite horizon; default
        /// `.automatic`). `.full` solves a ``Plan`` with its `H·S·A·B` policy every iteration;
        /// `.lean` runs ``SoftValueIteration/occupancy(_:stateActionRewards:mode:budget:)`` in lean
        /// mode (the fused lean kernels on a gridworld stencil), keeps no policy between
        /// iterations, and solves the final plan once at the end; `.automatic` runs lean where that
        /// pass would (fused kernels, or a full plan beyond ``memoryBudget``) and full elsewhere.
        /// With counts, the lean iterations compute the log-likelihood from one more backward
        /// sweep over the soft values. The modes agree to rounding; an infinite horizon always
        /// runs in full mode (its policy is `S·A·B`).
        public var forwardMode: SoftValueIteration<Scalar>.ForwardMode
        /// The most memory one iteration's pass, and the final plan, may allocate (default: half
        /// the physical memory).
        public var memoryBudget: MemoryBudget

        /// Settings with the defaults above; the solver validates them.
        /// - Parameters: one per property of the same name (see each property for its meaning,
        ///   domain and default).
        public init(
            optimizer: Optimizer = .gradientDescent, stepSize: Scalar = 0.1, schedule: StepSchedule = .constant,
            maxIterations: Int = 500, mismatchNorm: VectorNorm = .infinity, mismatchTolerance: Scalar = 1e-6,
            gradientTolerance: Scalar = 0, l2Regularization: Scalar = 0, augmentedLagrangian: Scalar = 0,
            temperature: Scalar = 1, gapBall: WeightBall<Scalar>? = nil, threads: Int = defaultThreadCount,
            forwardMode: SoftValueIteration<Scalar>.ForwardMode = .automatic, memoryBudget: MemoryBudget = .default
        ) {
            self.optimizer = optimizer
            self.stepSize = stepSize
            self.schedule = schedule
            self.maxIterations = maxIterations
            self.mismatchNorm = mismatchNorm
            self.mismatchTolerance = mismatchTolerance
            self.gradientTolerance = gradientTolerance
            self.l2Regularization = l2Regularization
            self.augmentedLagrangian = augmentedLagrangian
            self.temperature = temperature
            self.gapBall = gapBall
            self.threads = threads
            self.forwardMode = forwardMode
            self.memoryBudget = memoryBudget
        }
    }

    /// The settings.
    public var options: Options

    /// - Parameter options: the settings (see ``Options``).
    public init(options: Options = Options()) {
        self.options = options
    }

    /// The soft-VI planner the policy player uses.
    var planner: SoftValueIteration<Scalar> {
        SoftValueIteration(temperature: options.temperature, threads: options.threads)
    }

    /// Runs MaxEnt IRL on a batch of `B` problems.
    ///
    /// - Parameters:
    ///   - mdp: the dynamics, with features `Φ` and without terminal values.
    ///   - expert: `μ_E` (and counts, for the log-likelihood) with batch `B`.
    ///   - initialWeights: `λ_1`, `[K, B]` (or `[K]` when `B = 1`); default 0 (EG: the centre of its set).
    ///   - trueReward: when given, each iteration records `J(π_E, r*) − J(π_t, r*)`.
    ///   - progress: called after every iteration with that iteration's record.
    /// - Returns: the last iterate of every column, the history and why each column stopped.
    /// - Throws: ``IRLError/invalidParameter(argument:value:reason:)`` naming a bad option;
    ///   ``IRLError/missing(argument:reason:)`` without features; shape, mass and discount
    ///   mismatches between `mdp` and `expert`; ``IRLError/nonFinite(argument:index:value:)`` when
    ///   the weights diverge (lower the step size);
    ///   ``IRLError/exceedsMemoryBudget(what:bytes:budget:suggestion:)`` before the first iteration
    ///   when a pass or the final plan cannot fit ``Options/memoryBudget``.
    /// - Complexity: per iteration one soft value iteration and one forward pass over the batch
    ///   (`O(H·(S·A·B + pull + push))`), one GEMM `Φλ` and one `Φᵀμ` (`O(S·A·K·B)`); with
    ///   counts in a lean mode, one more backward sweep; with `gapBall`, one hard value iteration
    ///   more. Memory: see ``Options/forwardMode`` (lean: `(H+1)·S·B + O(S·A·B)` scalars per
    ///   iteration, the `H·S·A·B` policy only for the final plan).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func solve(
        _ mdp: TabularMDP<Scalar>, expert: ExpertStatistics<Scalar>, initialWeights: Tensor<Scalar>? = nil,
        trueReward: TrueReward<Scalar>? = nil, progress: ((Progress) -> Void)? = nil
    ) throws(IRLError) -> Solution {
        try options.validate()
        let problem = try GameProblem(mdp, expert: expert, trueReward: trueReward)
        let (k, b) = (problem.featureCount, problem.batch)
        try checkFinalPlanFits(problem)
        let given = initialWeights == nil ? nil : try problem.initialWeights(initialWeights)
        var optimizer = try WeightOptimizerState(options.optimizer, initial: given, k: k, b: b)
        let fE = problem.expertFeatures
        var played = try! Tensor(shape: [k, b], scalars: optimizer.weights)  // λ̃_t, what the policy answers
        var columns = DualColumns<Scalar>(k: k, b: b, maxIterations: options.maxIterations)
        var history = [Record]()
        history.reserveCapacity(Swift.min(options.maxIterations, 1_024))  // grows past that only if it runs that long
        var previousFeatures: Tensor<Scalar>? = nil
        let lean = usesLeanResponse(problem)
        var last: BestResponse? = nil
        var t = 0
        repeat {
            t += 1
            let lambda = optimizer.weights
            for i in 0..<(k * b) where columns.active[i % b] {
                let shift = previousFeatures.map { options.augmentedLagrangian * ($0.scalars[i] - fE.scalars[i]) } ?? 0
                played.withUnsafeMutableBufferPointer { $0[i] = lambda[i] - shift }
            }
            last = nil  // a full response holds an H·S·A·B policy: at most one at a time
            let response = try respond(problem, weights: played, lean: lean)
            last = response
            let f = response.featureExpectations
            // The reward player's gradient F_π − F_E + c·λ (λ, not λ̃, carries the L2 term).
            let gradient = (0..<(k * b)).map { f.scalars[$0] - fE.scalars[$0] + options.l2Regularization * lambda[$0] }
            columns.accumulate(weights: lambda, features: f)
            let record = try makeRecord(t, problem, response, gradient: gradient, columns: columns)
            history.append(record)
            let mismatch = options.mismatchNorm.columns(of: difference(f, fE))
            columns.stop(iteration: t, mismatch: mismatch, gradientNorm: record.gradientNorm, options: options)
            progress?(Progress(record: record, maxIterations: options.maxIterations, activeColumns: columns.activeCount))
            if t == options.maxIterations || columns.activeCount == 0 { break }
            optimizer.step(gradient: gradient, stepSize: record.stepSize, active: columns.active)
            previousFeatures = f
        } while true
        let final = try materialise(problem, last!)  // the loop ran at least once
        return Solution(
            weights: final.weights, rewards: final.rewards, plan: final.plan, occupancy: final.occupancy,
            featureExpectations: final.featureExpectations, expertFeatureExpectations: fE,
            averagedWeights: columns.meanWeights, history: history, stopReasons: columns.reasons,
            iterations: columns.stoppedAt)
    }

    /// The measurements of iteration `t` (before its stopping test).
    func makeRecord(
        _ t: Int, _ problem: GameProblem<Scalar>, _ evaluation: BestResponse, gradient: [Scalar], columns: DualColumns<Scalar>
    ) throws(IRLError) -> Record {
        let mismatch = difference(evaluation.featureExpectations, problem.expertFeatures)
        let gradientTensor = try! Tensor(shape: mismatch.shape, scalars: gradient)
        // The duality gap of the averaged iterates, in the game on the gap ball.
        let gap = try options.gapBall.map { (ball) throws(IRLError) in
            try GameMetrics.dualityGap(
                problem.mdp, expertFeatures: problem.expertFeatures, weights: columns.meanWeights,
                policyFeatures: columns.meanFeatures, ball: ball)
        }
        return Record(
            iteration: t, stepSize: options.schedule.stepSize(base: options.stepSize, iteration: t),
            mismatchInfinity: VectorNorm.infinity.columns(of: mismatch), mismatchTwo: VectorNorm.two.columns(of: mismatch),
            gradientNorm: options.mismatchNorm.columns(of: gradientTensor), dualObjective: evaluation.dualObjective,
            logLikelihood: evaluation.logLikelihood, dualityGap: gap,
            performanceGap: try problem.truth?.gap(evaluation.occupancy), active: columns.active)
    }
}

extension MaxEntIRL.Options {
    /// Throws ``IRLError/invalidParameter(argument:value:reason:)`` naming the first bad field.
    func validate() throws(IRLError) {
        func positive(_ x: Scalar, _ name: String) throws(IRLError) {
            guard x > 0, x.isFinite else {
                throw .invalidParameter(argument: name, value: Double(x), reason: "must be positive and finite")
            }
        }
        func nonNegative(_ x: Scalar, _ name: String) throws(IRLError) {
            guard x >= 0, x.isFinite else {
                throw .invalidParameter(argument: name, value: Double(x), reason: "must be non-negative and finite")
            }
        }
        try positive(stepSize, "stepSize")
        guard maxIterations >= 1 else {
            throw .invalidParameter(argument: "maxIterations", value: Double(maxIterations), reason: "must be at least 1")
        }
        try schedule.validate(argument: "schedule")
        try nonNegative(mismatchTolerance, "mismatchTolerance")
        try nonNegative(gradientTolerance, "gradientTolerance")
        try nonNegative(l2Regularization, "l2Regularization")
        try nonNegative(augmentedLagrangian, "augmentedLagrangian")
        try positive(temperature, "temperature")
        try gapBall?.validate(argument: "gapBall")
        guard threads >= 1 else { throw .invalidParameter(argument: "threads", value: Double(threads), reason: "must be at least 1") }
        switch optimizer {
        case .gradientDescent: break
        case let .adam(beta1, beta2, epsilon):
            for (x, name) in [(beta1, "adam.beta1"), (beta2, "adam.beta2")] where !(x >= 0 && x < 1) {
                throw .invalidParameter(argument: name, value: Double(x), reason: "must be in [0, 1)")
            }
            try positive(epsilon, "adam.epsilon")
        case let .exponentiatedGradient(radius, _):
            try positive(radius, "exponentiatedGradient.radius")
        }
    }
}
