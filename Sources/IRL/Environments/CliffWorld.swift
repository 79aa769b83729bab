import DenseTensors

/// The cliff world (after Sutton & Barto's "cliff walking"): a `width × height` grid whose
/// bottom row holds the start (bottom-left), the goal (bottom-right) and, between them, the cliff.
///
/// - Actions: 4 (0 up, 1 right, 2 down, 3 left) with ``Gridworld``'s moves (a move off the grid
///   stays in place).
/// - Wind: with probability `1 − wind` the intended move is made; with probability `wind` the
///   agent is blown one cell down (toward the cliff row) instead. A "down" action is therefore
///   taken with probability 1.
/// - Cliff: a move that lands on a cliff cell costs `cliffPenalty` (charged on that transition)
///   and then, by ``CliffSemantics``, either returns the agent to the start
///   (``CliffSemantics/resetToStart``, the classic rule: the cliff cells are never occupied) or
///   ends the episode in the cliff cell, which is absorbing with reward 0
///   (``CliffSemantics/terminate``).
/// - Goal: absorbing with reward 0. Every action in any other occupied cell costs `stepCost`.
/// - True reward (state-action, the expectation over the wind):
///
///       r(s, a) = −stepCost − cliffPenalty · P(land on the cliff | s, a)   (s not absorbing)
///       r(s, a) = 0                                                        (goal; cliff cells)
///
///   which is linear in the two features `φ(s, a) = [1[s not absorbing], P(land on the cliff | s, a)]`
///   with weights `λ = [−stepCost, −cliffPenalty]`.
public struct CliffWorld: Sendable, Hashable {
    /// What entering the cliff does.
    public enum CliffSemantics: Sendable, Hashable {
        /// The agent is sent back to the start (Sutton & Barto).
        case resetToStart
        /// The cliff cell absorbs the agent (episode over, reward 0 afterwards).
        case terminate
    }

    /// Columns (at least 3: start, one cliff cell, goal).
    public let width: Int
    /// Rows (at least 2, so that a safe path exists).
    public let height: Int
    /// The probability of being blown one cell down instead of moving.
    public let wind: Double
    /// What entering the cliff does.
    public let cliff: CliffSemantics
    /// The cost of falling (a positive number; the reward is `−cliffPenalty`).
    public let cliffPenalty: Double
    /// The cost of every action outside the absorbing cells (the reward is `−stepCost`).
    public let stepCost: Double
    /// The layout for drawing and moves: the goal (and with ``CliffSemantics/terminate`` the
    /// cliff) terminal. Its own slip is 0: the wind is applied by ``successors(state:action:)``.
    public let layout: Gridworld

    /// - Parameters:
    ///   - width: at least 3 (default 12).
    ///   - height: at least 2 (default 4).
    ///   - wind: in `[0, 1]` (default 0).
    ///   - cliff: default ``CliffSemantics/resetToStart``.
    ///   - cliffPenalty: finite (default 100).
    ///   - stepCost: finite (default 1).
    /// - Throws: ``IRLError/invalidParameter(argument:value:reason:)`` naming the parameter.
    public init(
        width: Int = 12, height: Int = 4, wind: Double = 0, cliff: CliffSemantics = .resetToStart,
        cliffPenalty: Double = 100, stepCost: Double = 1
    ) throws(IRLError) {
        guard width >= 3 else { throw .invalidParameter(argument: "width", value: Double(width), reason: "must be at least 3") }
        guard height >= 2 else { throw .invalidParameter(argument: "height", value: Double(height), reason: "must be at least 2") }
        guard wind.isFinite, wind >= 0, wind <= 1 else {
            throw .invalidParameter(argument: "wind", value: wind, reason: "must be a probability in [0, 1]")
        }
        guard cliffPenalty.isFinite else {
            throw .invalidParameter(argument: "cliffPenalty", value: cliffPenalty, reason: "must be finite")
        }
        guard stepCost.isFinite else { throw .invalidParameter(argument: "stepCost", value: stepCost, reason: "must be finite") }
        self.width = width
        self.height = height
        self.wind = wind
        self.cliff = cliff
        self.cliffPenalty = cliffPenalty
        self.stepCost = stepCost
        let bottom = height - 1
        var terminals = [(row: bottom, column: width - 1)]
        if cliff == .terminate { terminals += (1..<(width - 1)).map { (row: bottom, column: $0) } }
        self.layout = try Gridworld(width: width, height: height, actionCount: 4, terminals: terminals)
    }

    /// The start cell's state (bottom-left).
    public var start: Int { (height - 1) * width }
    /// The goal cell's state (bottom-right).
    public var goal: Int { height * width - 1 }
    /// The cliff cells' states (the bottom row between start and goal).
    public var cliffStates: [Int] { Array((start + 1)..<goal) }

    /// `P(· | state, action)` as `(s', p, fell)` with distinct `s'`, where `fell` says the move
    /// landed on the cliff (with ``CliffSemantics/resetToStart`` that `s'` is the start).
    public func successors(state: Int, action: Int) -> [(state: Int, probability: Double, fell: Bool)] {
        let grid = layout
        if grid.isTerminal[state] || isCliff(state) { return [(state, 1, false)] }
        var out = [(state: Int, probability: Double, fell: Bool)]()
        for (move, p) in [(action, 1 - wind), (2, wind)] where p > 0 {
            var next = grid.destination(of: state, move)
            let fell = isCliff(next)
            if fell, cliff == .resetToStart { next = start }
            if let i = out.firstIndex(where: { $0.state == next && $0.fell == fell }) {
                out[i].probability += p
            } else {
                out.append((next, p, fell))
            }
        }
        return out
    }

    /// Whether `state` is a cliff cell.
    public func isCliff(_ state: Int) -> Bool { state > start && state < goal }

    /// The cliff-world benchmark (see the type's documentation), starting at ``start``.
    ///
    /// - Parameters:
    ///   - horizon: `.finite(H)` or `.infinite`.
    ///   - discount: `γ` (default 1; below 1 for an infinite horizon).
    /// - Throws: ``IRLError`` from MDP validation.
    /// - Complexity: O(S²·A) for the dense transitions.
    public func environment<Scalar: BLASScalar>(horizon: Horizon, discount: Scalar = 1) throws(IRLError) -> Environment<Scalar> {
        let (s, a) = (width * height, 4)
        var p = Tensor<Scalar>(zeros: [s, a, s])
        var phi = Tensor<Scalar>(zeros: [s, a, 2])
        let grid = layout
        for state in 0..<s {
            let absorbing = grid.isTerminal[state] || isCliff(state)
            for action in 0..<a {
                var fall: Double = 0
                for (next, prob, fell) in successors(state: state, action: action) {
                    p[state, action, next] += Scalar(prob)
                    if fell { fall += prob }
                }
                phi[state, action, 0] = absorbing ? 0 : 1
                phi[state, action, 1] = Scalar(fall)
            }
        }
        let rho = Tensor<Scalar>(shape: [s]) { $0 == start ? 1 : 0 }
        let mdp = try TabularMDP(transitions: p, initialDistribution: rho, horizon: horizon, discount: discount, features: phi)
        let weights = Tensor<Scalar>([Scalar(-stepCost), Scalar(-cliffPenalty)])
        let reward = Tensor<Scalar>(shape: [s, a]) { i in
            weights.scalars[0] * phi.scalars[2 * i] + weights.scalars[1] * phi.scalars[2 * i + 1]
        }
        return try Environment(
            name: "cliff world \(width)×\(height)", mdp: mdp, features: phi, trueReward: reward,
            trueRewardWeights: weights, gridworld: grid)
    }
}
