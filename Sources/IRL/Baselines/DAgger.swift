import DenseTensors

/// DAgger — dataset aggregation (Ross, Gordon & Bagnell 2011): imitation with a queryable expert.
///
/// Starting from `π̂_0` (behavioural cloning of the initial demonstrations, or uniform over the
/// allowed actions without them) and an aggregated dataset `D` (the initial demonstrations'
/// counts, or empty), iteration `i = 0 … N−1`:
///
/// 1. roll out `m` trajectories of `T` decisions with the mixture `π_i = β_i·π_E + (1 − β_i)·π̂_i`:
///    at every step a coin with probability `β_i` decides whether the expert or the learner acts
///    (the same per-step distribution as the mixture);
/// 2. label every visited `(t, s_t)` with the expert's answer (``Labels``) and add it to `D`;
/// 3. refit `π̂_{i+1}` = ``BehavioralCloning`` on `D`.
///
/// Draws per step, in order: the start state (once per trajectory), the coin, the acting
/// policy's action, the label (``Labels/action`` only), the successor. A fixed seed gives
/// bit-identical results.
public struct DAgger<Scalar: BLASScalar>: Sendable {
    /// `β_i`, the probability that the expert acts during iteration `i` (counted from 0).
    public enum MixingSchedule: Sendable, Hashable {
        /// `β_i = β` for every iteration (`β ∈ [0, 1]`).
        case constant(Double)
        /// `β_i = max(0, 1 − i/L)`: from 1 down to 0 over `L ≥ 1` iterations, 0 afterwards.
        case linear(iterations: Int)
        /// `β_i = pⁱ` with `p ∈ [0, 1]`; `p = 0` gives `β_0 = 1`, then 0 (Ross et al.'s
        /// parameter-free choice `β_i = 1[i = 0]`).
        case exponential(decay: Double)

        /// `β_i`.
        public func beta(iteration i: Int) -> Double {
            switch self {
            case let .constant(b): return b
            case let .linear(l): return Swift.max(0, 1 - Double(i) / Double(l))
            case let .exponential(p):
                var b = 1.0
                for _ in 0..<i { b *= p }
                return b
            }
        }

        func validate() throws(IRLError) {
            switch self {
            case let .constant(b):
                guard b.isFinite, b >= 0, b <= 1 else { throw .invalidParameter(argument: "β", value: b, reason: "must be in [0, 1]") }
            case let .linear(l):
                guard l >= 1 else {
                    throw .invalidParameter(argument: "linear schedule iterations", value: Double(l), reason: "must be at least 1")
                }
            case let .exponential(p):
                guard p.isFinite, p >= 0, p <= 1 else {
                    throw .invalidParameter(argument: "exponential decay", value: p, reason: "must be in [0, 1]")
                }
            }
        }
    }

    /// What the expert's answer adds to the dataset at a visited `(t, s)`.
    public enum Labels: Sendable, Hashable {
        /// One count for an action drawn from `π_E(·|s)` (the expert's action when deterministic).
        case action
        /// The whole distribution `π_E(·|s)` as fractional counts (no sampling noise).
        case distribution
    }

    /// `N ≥ 1`.
    public var iterations: Int
    /// `m ≥ 1`, trajectories rolled out per iteration.
    public var rolloutsPerIteration: Int
    /// `β_i`.
    public var schedule: MixingSchedule
    /// How visited states are labelled.
    public var labels: Labels
    /// The learner's fit on the aggregated dataset.
    public var cloning: BehavioralCloning<Scalar>

    /// - Parameters:
    ///   - iterations: `N ≥ 1`.
    ///   - rolloutsPerIteration: `m ≥ 1`.
    ///   - schedule: default `.exponential(decay: 0)` (`β = 1` in the first iteration, then 0).
    ///   - labels: default ``Labels/action``.
    ///   - cloning: default stationary MLE with uniform unseen states.
    public init(
        iterations: Int, rolloutsPerIteration: Int, schedule: MixingSchedule = .exponential(decay: 0),
        labels: Labels = .action, cloning: BehavioralCloning<Scalar> = BehavioralCloning()
    ) {
        self.iterations = iterations
        self.rolloutsPerIteration = rolloutsPerIteration
        self.schedule = schedule
        self.labels = labels
        self.cloning = cloning
    }

    /// Runs DAgger.
    ///
    /// - Parameters:
    ///   - mdp: the environment the rollouts run on.
    ///   - expert: answers queries at visited states.
    ///   - initialDemonstrations: optional counts (trajectories, pairs or counts) seeding `D` and `π̂_0`.
    ///   - length: `T` decisions per rollout; default the MDP's finite horizon `H` (at most `H`;
    ///     required when the horizon is infinite).
    ///   - generator: e.g. ``SplitMix64``.
    /// - Returns: the learners `π̂_0 … π̂_N`, the `β_i`, and the aggregated dataset.
    /// - Throws: ``IRLError/invalidParameter(argument:value:reason:)`` for bad counts or schedule;
    ///   the expert's query errors; the fit's errors; ``IRLError/missing(argument:reason:)`` for
    ///   an infinite horizon without a length or initial demonstrations given as an occupancy.
    /// - Complexity: `N` iterations of `m·T` steps (each O(A) plus the expert's query) and one fit.
    public func run(
        on mdp: TabularMDP<Scalar>, expert: Expert<Scalar>, initialDemonstrations: Demonstrations<Scalar>? = nil,
        length: Int? = nil, using generator: inout some RandomNumberGenerator
    ) throws(IRLError) -> DAggerResult<Scalar> {
        guard iterations >= 1 else {
            throw .invalidParameter(argument: "iterations", value: Double(iterations), reason: "must be at least 1")
        }
        guard rolloutsPerIteration >= 1 else {
            throw .invalidParameter(argument: "rolloutsPerIteration", value: Double(rolloutsPerIteration), reason: "must be at least 1")
        }
        try schedule.validate()
        guard expert.actionCount == mdp.actionCount else {
            throw .shapeMismatch(argument: "expert", expected: "\(mdp.actionCount) actions", actual: [expert.actionCount])
        }
        let uniform = Policy.uniform(on: mdp)
        let steps = try TrajectorySampler.checkedLength(length, mdp: mdp, policy: uniform)
        if let h = mdp.horizon.steps, steps > h {
            throw .invalidParameter(argument: "length", value: Double(steps), reason: "exceeds the MDP's horizon H = \(h)")
        }
        let (s, a) = (mdp.stateCount, mdp.actionCount)
        let block = s * a
        var counts = [Scalar](repeating: 0, count: steps * block)
        var learner = uniform
        if let initial = initialDemonstrations {
            guard let given = initial.timeIndexedCounts?.scalars else {
                throw .missing(argument: "initial demonstration counts", reason: "DAgger aggregates counts; an occupancy has none")
            }
            try initial.checkSpaces(mdp)
            for i in 0..<(Swift.min(initial.length, steps) * block) { counts[i] = given[i] }
            learner = try cloning.fit(initial, on: mdp)
        }
        var policies = [learner]
        var betas = [Double]()
        var sampler = TrajectorySampler(mdp: mdp)
        for i in 0..<iterations {
            let beta = schedule.beta(iteration: i)
            betas.append(beta)
            let current = learner
            var failure: IRLError? = nil
            for _ in 0..<rolloutsPerIteration {
                _ = sampler.trajectory(length: steps, using: &generator) { t, state, g in
                    // Errors cannot leave the closure: the first one is kept and rethrown below.
                    do throws(IRLError) {
                        return try step(
                            t: t, state: state, beta: beta, learner: current, expert: expert,
                            counts: &counts, block: block, actions: a, using: &g)
                    } catch {
                        if failure == nil { failure = error }
                        return 0
                    }
                }
                if let failure { throw failure }
            }
            let dataset = try Demonstrations(
                timeIndexedCounts: try IRLError.wrap("DAgger dataset") { () throws(TensorError) in
                    try Tensor(shape: [steps, s, a], scalars: counts)
                })
            learner = try cloning.fit(dataset, on: mdp)
            policies.append(learner)
        }
        let dataset = try Demonstrations(
            timeIndexedCounts: try IRLError.wrap("DAgger dataset") { () throws(TensorError) in
                try Tensor(shape: [steps, s, a], scalars: counts)
            })
        return DAggerResult(policies: policies, betas: betas, dataset: dataset)
    }

    /// One rollout step: label `(t, s)` into `counts`, then pick the acting policy's action.
    private func step<G: RandomNumberGenerator>(
        t: Int, state: Int, beta: Double, learner: Policy<Scalar>, expert: Expert<Scalar>,
        counts: inout [Scalar], block: Int, actions a: Int, using g: inout G
    ) throws(IRLError) -> Int {
        let expertActs = g.nextUnitInterval() < beta
        let answer = try expert.distribution(time: t, state: state)
        let action =
            expertActs
            ? TrajectorySampler<Scalar>.draw(count: a, using: &g) { Double(answer[$0]) }
            : TrajectorySampler.sampleAction(learner, time: t, state: state, column: 0, using: &g)
        let row = t * block + state * a
        switch labels {
        case .action:
            counts[row + TrajectorySampler<Scalar>.draw(count: a, using: &g) { Double(answer[$0]) }] += 1
        case .distribution:
            for j in 0..<a { counts[row + j] += answer[j] }
        }
        return action
    }
}

/// The outcome of ``DAgger/run(on:expert:initialDemonstrations:length:using:)``.
public struct DAggerResult<Scalar: BLASScalar>: Sendable {
    /// `π̂_0 … π̂_N`: the initial learner, then the learner refit after each iteration.
    public let policies: [Policy<Scalar>]
    /// `β_0 … β_{N−1}`.
    public let betas: [Double]
    /// The aggregated dataset `D` (``Demonstrations/Form/counts``, `T` steps).
    public let dataset: Demonstrations<Scalar>

    /// `π̂_N`, the final learner.
    public var policy: Policy<Scalar> { policies[policies.count - 1] }
}
