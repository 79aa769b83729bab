import DenseTensors

/// The Pareto frontier of two rewards and the equilibrium of the game between them.
///
/// **Frontier.** For weights `w_0 = 0 < w_1 < … < w_{W−1} = 1`, the scalarised rewards
/// `r_w = w·r1 + (1 − w)·r2` are solved in **one** batched soft value iteration (`B = W`
/// columns, batch last) and one batched forward pass; each soft best response `π_w` is scored by
/// its exact returns `J1 = J(π_w, r1)` and `J2 = J(π_w, r2)` (`J = Σ μ·r`).
///
/// **Normalised returns.** `Ĵ1 = (J1 − J1(π_0)) / (J1(π_1) − J1(π_0))` and
/// `Ĵ2 = (J2 − J2(π_1)) / (J2(π_0) − J2(π_1))`: 1 at the best response to that reward alone, 0 at
/// the best response to the other one. If a denominator is not positive (the rewards do not
/// conflict on that side), that normalised return is 1 for every policy.
///
/// **Equilibrium.** The game `max_π min_{i ∈ {1,2}} Ĵ_i(π)` — the policy player against a
/// reward player who picks the worse of the two normalised rewards (equivalently
/// `max_π min_{w ∈ [0,1]} w·Ĵ1 + (1 − w)·Ĵ2`) — is solved over the frontier's policies by a
/// **1-D search over `w`** of `m(w) = min(Ĵ1(π_w), Ĵ2(π_w))`: start from the grid's best weight,
/// then `searchRounds` times solve `searchBatch` equally spaced weights strictly between the
/// best weight's two neighbours (again one batched call each round) and keep the best. The
/// bracket shrinks by a factor `(searchBatch + 1)/2` per round. The marked point is the
/// max–min policy of the soft Pareto frontier (not the primal solver's iterate).
public struct ParetoFrontierExperiment: Sendable {
    /// Grid columns (default 8).
    public var width: Int
    /// Grid rows (default 8).
    public var height: Int
    /// 4 or 5 actions (default 5, with "stay").
    public var actionCount: Int
    /// Slip probability (default 0.1).
    public var slip: Double
    /// `H` (default 30).
    public var horizon: Int
    /// Soft-VI temperature `α` (default 1).
    public var temperature: Double
    /// `W ≥ 2`, the number of grid weights `w_i = i/(W−1)` (default 21).
    public var weightCount: Int
    /// Rounds of the equilibrium search (default 4; 0 keeps the grid's best weight).
    public var searchRounds: Int
    /// Weights solved per search round (default 8).
    public var searchBatch: Int

    /// The default problem: an 8×8 gridworld, start in the top-left cell; two conflicting state
    /// rewards that decrease with the Manhattan distance `d` to a corner,
    /// `r1(s) = 1 − d(s, bottom-right)/(W + H − 2)` and `r2(s) = 1 − d(s, top-right)/(W + H − 2)`
    /// (both in `[0, 1]`). The top-right corner is closer to the start; cells on the right edge
    /// between the corners earn some of both, so the frontier bends outward.
    public init(
        width: Int = 8, height: Int = 8, actionCount: Int = 5, slip: Double = 0.1, horizon: Int = 30,
        temperature: Double = 1, weightCount: Int = 21, searchRounds: Int = 4, searchBatch: Int = 8
    ) {
        self.width = width
        self.height = height
        self.actionCount = actionCount
        self.slip = slip
        self.horizon = horizon
        self.temperature = temperature
        self.weightCount = weightCount
        self.searchRounds = searchRounds
        self.searchBatch = searchBatch
    }

    /// One weight's best response.
    public struct Point: Sendable, Hashable {
        /// `w`.
        public let weight: Double
        /// `J(π_w, r1)`.
        public let firstReturn: Double
        /// `J(π_w, r2)`.
        public let secondReturn: Double
        /// `Ĵ1(π_w)`.
        public let firstNormalized: Double
        /// `Ĵ2(π_w)`.
        public let secondNormalized: Double
        /// `min(Ĵ1, Ĵ2)`, the value of `π_w` in the game.
        public var gameValue: Double { Swift.min(firstNormalized, secondNormalized) }
    }

    /// The soft best responses of a batch of scalarised rewards.
    public struct Frontier: Sendable {
        /// The weights, in the order given.
        public let weights: [Double]
        /// The soft best responses, batch column `i` for `weights[i]`.
        public let policy: Policy<Double>
        /// `J(π_w, r1)` per weight.
        public let firstReturns: [Double]
        /// `J(π_w, r2)` per weight.
        public let secondReturns: [Double]
    }

    /// The outcome of ``run()``.
    public struct Result: Sendable {
        /// The grid's points, by increasing `w`.
        public let points: [Point]
        /// The max–min point found by the search.
        public let equilibrium: Point
        /// Every weight the search evaluated after the grid (with its point), in order.
        public let searchPoints: [Point]
        /// Soft-VI calls made: 1 for the grid plus one per search round.
        public let batchedSolves: Int

        /// The grid as a table (`w`, `J1`, `J2`, `Ĵ1`, `Ĵ2`, `min(Ĵ1, Ĵ2)`), then the equilibrium as a last row.
        public var table: ExperimentTable {
            let row = { (p: Point) in [p.weight, p.firstReturn, p.secondReturn, p.firstNormalized, p.secondNormalized, p.gameValue] }
            return ExperimentTable(columns: ["w", "J1", "J2", "Ĵ1", "Ĵ2", "min(Ĵ1,Ĵ2)"], rows: points.map(row) + [row(equilibrium)])
        }

        /// The frontier `(J1, J2)` as one series, by increasing `w`.
        public var series: [ExperimentSeries] {
            [ExperimentSeries("soft best responses to w·r1 + (1−w)·r2", x: points.map(\.firstReturn), y: points.map(\.secondReturn))]
        }
    }

    /// The gridworld, with `r1` and `r2` as state rewards `[S]`.
    /// - Throws: ``IRLError`` for bad sizes, slip or horizon.
    public func problem() throws(IRLError) -> (mdp: TabularMDP<Double>, first: Tensor<Double>, second: Tensor<Double>, grid: Gridworld) {
        let grid = try Gridworld(width: width, height: height, actionCount: actionCount, slip: slip)
        let start = Tensor<Double>(shape: [grid.stateCount]) { $0 == 0 ? 1 : 0 }
        let mdp = try grid.denseMDP(horizon: .finite(horizon), start: start)
        let span = Double(Swift.max(width + height - 2, 1))
        let nearness = { (row: Int, column: Int) in
            Tensor<Double>(shape: [grid.stateCount]) { s in
                let (r, c) = grid.cell(s)
                return 1 - Double(Swift.abs(r - row) + Swift.abs(c - column)) / span
            }
        }
        return (mdp, nearness(height - 1, width - 1), nearness(0, width - 1), grid)
    }

    /// Runs the experiment: the frontier on the weight grid, then the equilibrium search.
    /// - Returns: the frontier, the equilibrium and the search's points.
    /// - Throws: ``IRLError/invalidParameter(argument:value:reason:)`` for a bad setting; solver errors.
    /// - Complexity: `1 + searchRounds` batched soft value iterations and forward passes, with
    ///   `B = weightCount` and `B = searchBatch`.
    public func run() throws(IRLError) -> Result {
        guard weightCount >= 2 else {
            throw .invalidParameter(argument: "weightCount", value: Double(weightCount), reason: "must be at least 2 (w = 0 and w = 1)")
        }
        guard searchRounds >= 0 else {
            throw .invalidParameter(argument: "searchRounds", value: Double(searchRounds), reason: "must be non-negative")
        }
        guard searchBatch >= 1 else {
            throw .invalidParameter(argument: "searchBatch", value: Double(searchBatch), reason: "must be at least 1")
        }
        let (mdp, r1, r2, _) = try problem()
        try Self.checkMemory(mdp, batch: weightCount)
        let grid = (0..<weightCount).map { Double($0) / Double(weightCount - 1) }
        let frontier = try Self.frontier(mdp, first: .state(r1), second: .state(r2), weights: grid, temperature: temperature)
        let n = frontier.weights.count
        let scale = Normalization(
            first: (frontier.firstReturns[0], frontier.firstReturns[n - 1]),
            second: (frontier.secondReturns[n - 1], frontier.secondReturns[0]))
        let points = (0..<n).map { scale.point(frontier.weights[$0], frontier.firstReturns[$0], frontier.secondReturns[$0]) }
        // Zoom search on m(w) = min(Ĵ1, Ĵ2).
        var known = points
        var searched = [Point]()
        var solves = 1
        for _ in 0..<searchRounds {
            known.sort { $0.weight < $1.weight }
            guard let best = Self.best(known) else { break }
            let i = known.firstIndex(of: best) ?? 0
            let (lo, hi) = (known[Swift.max(i - 1, 0)].weight, known[Swift.min(i + 1, known.count - 1)].weight)
            guard hi > lo else { break }
            let weights = (1...searchBatch).map { lo + (hi - lo) * Double($0) / Double(searchBatch + 1) }
            let round = try Self.frontier(mdp, first: .state(r1), second: .state(r2), weights: weights, temperature: temperature)
            solves += 1
            let new = weights.indices.map { scale.point(weights[$0], round.firstReturns[$0], round.secondReturns[$0]) }
            searched += new
            known += new
        }
        guard let equilibrium = Self.best(known) else {
            throw .empty(argument: "Pareto frontier points")
        }
        return Result(points: points, equilibrium: equilibrium, searchPoints: searched, batchedSolves: solves)
    }

    /// The point with the largest `min(Ĵ1, Ĵ2)` (the first one on ties), ignoring NaN.
    static func best(_ points: [Point]) -> Point? {
        points.filter { !$0.gameValue.isNaN }.max { $0.gameValue < $1.gameValue }
    }

    /// The soft best responses to `w·r1 + (1 − w)·r2` for every `w` in one batched soft value
    /// iteration (`B = weights.count`), and their exact returns under `r1` and `r2` from one
    /// batched forward pass.
    ///
    /// - Parameters:
    ///   - mdp: the MDP (finite or infinite horizon).
    ///   - first: `r1`, a single reward (`B = 1`) in any form.
    ///   - second: `r2`, likewise.
    ///   - weights: the `w` values, non-empty, finite (any real `w` is allowed; `[0, 1]` is the frontier).
    ///   - temperature: `α > 0`.
    /// - Returns: the weights, the policy batch and both returns per weight.
    /// - Throws: ``IRLError/empty(argument:)`` for no weights; ``IRLError/nonFinite(argument:index:value:)``
    ///   for a NaN weight; reward shape errors (a batch of rewards is refused); solver errors.
    /// - Complexity: one soft value iteration and one forward pass with `B = weights.count`, plus O(S·A·B).
    /// The frontier's arrays for `batch` weights (the rewards, the plan, the forward pass) against
    /// the memory budget, before any is allocated.
    static func checkMemory(_ mdp: TabularMDP<Double>, batch b: Int) throws(IRLError) {
        let (s, a, h) = (mdp.stateCount, mdp.actionCount, mdp.horizon.steps ?? 1)
        try MemoryBudget.default.check(
            "Pareto frontier with \(b) weights (S = \(s), A = \(a), H = \(h))",
            arrays: [[b], [3, s, a, b], [2, h &+ 1, s, b], [2, h, s, a, b]], of: Double.self,
            suggestion: "use fewer weights")
    }

    public static func frontier(
        _ mdp: TabularMDP<Double>, first: Reward<Double>, second: Reward<Double>, weights: [Double], temperature: Double = 1
    ) throws(IRLError) -> Frontier {
        guard !weights.isEmpty else { throw .empty(argument: "weights") }
        if let i = weights.firstIndex(where: { !$0.isFinite }) {
            throw .nonFinite(argument: "weights", index: [i], value: weights[i])
        }
        let r1 = try mdp.stateActionRewards(first)
        let r2 = try mdp.stateActionRewards(second)
        for (r, name) in [(r1, "first reward"), (r2, "second reward")] where r.shape[2] != 1 {
            throw .shapeMismatch(argument: name, expected: "a single reward (B = 1)", actual: r.shape)
        }
        let b = weights.count
        try checkMemory(mdp, batch: b)
        // r[s, a, i] = w_i·r1 + (1 − w_i)·r2; a −∞ (masked) entry stays −∞ whatever the weights.
        let scalarised = Tensor<Double>(shape: [mdp.stateCount, mdp.actionCount, b]) { index in
            let (i, col) = (index / b, index % b)
            let (x, y) = (r1.scalars[i], r2.scalars[i])
            if x == -.infinity || y == -.infinity { return -.infinity }
            return weights[col] * x + (1 - weights[col]) * y
        }
        let plan = try SoftValueIteration<Double>(temperature: temperature).solve(mdp, stateActionRewards: scalarised)
        let occupancy = try mdp.occupancy(of: plan.policy)
        return Frontier(
            weights: weights, policy: plan.policy,
            firstReturns: try occupancy.expectedReward(r1).scalars,
            secondReturns: try occupancy.expectedReward(r2).scalars)
    }
}

/// The affine maps to normalised returns (see ``ParetoFrontierExperiment``).
private struct Normalization {
    /// `(worst, best)` of `J1`: at `w = 0` and at `w = 1`.
    let first: (Double, Double)
    /// `(worst, best)` of `J2`: at `w = 1` and at `w = 0`.
    let second: (Double, Double)

    static func normalized(_ j: Double, _ range: (Double, Double)) -> Double {
        let span = range.1 - range.0
        return span > 1e-12 * Swift.max(1, Swift.abs(range.1)) ? (j - range.0) / span : 1
    }

    func point(_ w: Double, _ j1: Double, _ j2: Double) -> ParetoFrontierExperiment.Point {
        ParetoFrontierExperiment.Point(
            weight: w, firstReturn: j1, secondReturn: j2,
            firstNormalized: Self.normalized(j1, first), secondNormalized: Self.normalized(j2, second))
    }
}
