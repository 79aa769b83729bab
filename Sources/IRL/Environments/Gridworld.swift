import DenseTensors

/// A rectangular gridworld: the dynamics of the classic IRL benchmarks.
///
/// Cells are states, numbered row-major `s = row·width + column`, row 0 at the top.
/// Actions: `0` up (row − 1), `1` right, `2` down, `3` left, and with five actions `4` stay.
/// With probability `1 − slip` the intended action is taken; with probability `slip` an action
/// drawn uniformly from all `A` actions is taken instead (so the intended one has
/// `1 − slip + slip/A`). A move off the grid or into a wall leaves the agent in place.
/// Terminal cells are absorbing (every action stays). Wall cells are states that cannot be
/// entered; they self-loop and must get no start probability.
public struct Gridworld: Sendable, Hashable {
    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    /// 4 (up, right, down, left) or 5 (… and stay).
    public let actionCount: Int
    /// The probability that a uniformly random action replaces the intended one.
    public let slip: Double
    /// `isWall[s]`.
    public let isWall: [Bool]
    /// `isTerminal[s]`: absorbing cells.
    public let isTerminal: [Bool]

    /// The number of states, `width · height`.
    public var stateCount: Int { width * height }

    /// Row and column offsets of each action.
    public static let moves: [(dr: Int, dc: Int)] = [(-1, 0), (0, 1), (1, 0), (0, -1), (0, 0)]

    /// - Parameters:
    ///   - width, height: at least 1 each.
    ///   - actionCount: 4 or 5 (with "stay").
    ///   - slip: in `[0, 1]`.
    ///   - walls: cells `(row, column)` that cannot be entered.
    ///   - terminals: absorbing cells `(row, column)`.
    /// - Throws: ``IRLError/invalidParameter(argument:value:reason:)`` for a bad size, action
    ///   count or slip; ``IRLError/indexOutOfRange(argument:index:bound:)`` for a cell off the grid.
    public init(
        width: Int, height: Int, actionCount: Int = 4, slip: Double = 0,
        walls: [(row: Int, column: Int)] = [], terminals: [(row: Int, column: Int)] = []
    ) throws(IRLError) {
        guard width >= 1 else { throw .invalidParameter(argument: "width", value: Double(width), reason: "must be at least 1") }
        guard height >= 1 else { throw .invalidParameter(argument: "height", value: Double(height), reason: "must be at least 1") }
        guard width.multipliedReportingOverflow(by: height).overflow == false, width * height <= 1 << 40 else {
            throw .invalidParameter(argument: "width·height", value: Double(width) * Double(height), reason: "is too large")
        }
        guard actionCount == 4 || actionCount == 5 else {
            throw .invalidParameter(argument: "actionCount", value: Double(actionCount), reason: "must be 4 or 5")
        }
        guard slip.isFinite, slip >= 0, slip <= 1 else {
            throw .invalidParameter(argument: "slip", value: slip, reason: "must be a probability in [0, 1]")
        }
        var wall = [Bool](repeating: false, count: width * height)
        var terminal = wall
        for (row, column) in walls {
            guard row >= 0, row < height else { throw .indexOutOfRange(argument: "wall row", index: row, bound: height) }
            guard column >= 0, column < width else { throw .indexOutOfRange(argument: "wall column", index: column, bound: width) }
            wall[row * width + column] = true
        }
        for (row, column) in terminals {
            guard row >= 0, row < height else { throw .indexOutOfRange(argument: "terminal row", index: row, bound: height) }
            guard column >= 0, column < width else { throw .indexOutOfRange(argument: "terminal column", index: column, bound: width) }
            terminal[row * width + column] = true
        }
        self.width = width
        self.height = height
        self.actionCount = actionCount
        self.slip = slip
        self.isWall = wall
        self.isTerminal = terminal
    }

    /// `row·width + column`.
    @inlinable public func state(row: Int, column: Int) -> Int { row * width + column }

    /// `(row, column)` of a state.
    @inlinable public func cell(_ s: Int) -> (row: Int, column: Int) { (s / width, s % width) }

    /// Where the deterministic move `action` from `state` lands (itself when blocked, terminal or a wall).
    @inlinable
    public func destination(of state: Int, _ action: Int) -> Int {
        if isTerminal[state] || isWall[state] { return state }
        let (row, column) = cell(state)
        let (dr, dc) = Self.moves[action]
        let (r2, c2) = (row + dr, column + dc)
        guard r2 >= 0, r2 < height, c2 >= 0, c2 < width else { return state }
        let next = r2 * width + c2
        return isWall[next] ? state : next
    }

    /// `P(· | state, action)` as `(s', p)` pairs with distinct `s'` in increasing order.
    public func successors(state: Int, action: Int) -> [(state: Int, probability: Double)] {
        var probs = [Int: Double]()
        let a = Double(actionCount)
        for other in 0..<actionCount {
            let p = (other == action ? 1 - slip : 0) + slip / a
            if p > 0 { probs[destination(of: state, other), default: 0] += p }
        }
        return probs.keys.sorted().map { ($0, probs[$0]!) }
    }

    /// The dense transition tensor `[S, A, S]` (only for small grids: `S²·A` scalars).
    public func denseTransitions<Scalar: BLASScalar>(_: Scalar.Type = Scalar.self) -> Tensor<Scalar> {
        let (s, a) = (stateCount, actionCount)
        var p = Tensor<Scalar>(zeros: [s, a, s])
        p.withUnsafeMutableBufferPointer { buffer in
            for state in 0..<s {
                for action in 0..<a {
                    for (next, prob) in successors(state: state, action: action) {
                        buffer[(state * a + action) * s + next] += Scalar(prob)
                    }
                }
            }
        }
        return p
    }

    /// The uniform start distribution over the non-wall, non-terminal cells (or over all
    /// non-wall cells if every one is terminal).
    public func uniformStart<Scalar: BLASScalar>(_: Scalar.Type = Scalar.self) -> Tensor<Scalar> {
        var allowed = (0..<stateCount).map { !isWall[$0] && !isTerminal[$0] }
        if !allowed.contains(true) { allowed = isWall.map { !$0 } }
        let n = Scalar(allowed.filter { $0 }.count)
        return Tensor(shape: [stateCount]) { allowed[$0] ? 1 / n : 0 }
    }

    /// One-hot state features `Φ[s, s] = 1` (shape `[S, S]`; broadcast over actions by the MDP).
    public func oneHotFeatures<Scalar: BLASScalar>(_: Scalar.Type = Scalar.self) -> Tensor<Scalar> {
        Tensor(shape: [stateCount, stateCount]) { $0 / stateCount == $0 % stateCount ? 1 : 0 }
    }

    /// Coordinate features `[row/(height−1), column/(width−1)]` (shape `[S, 2]`, 0 for a 1-wide axis).
    public func coordinateFeatures<Scalar: BLASScalar>(_: Scalar.Type = Scalar.self) -> Tensor<Scalar> {
        Tensor(shape: [stateCount, 2]) { i in
            let (row, column) = cell(i / 2)
            if i % 2 == 0 { return height > 1 ? Scalar(row) / Scalar(height - 1) : 0 }
            return width > 1 ? Scalar(column) / Scalar(width - 1) : 0
        }
    }

    /// A dense-operator MDP of this grid (small grids only; large grids use the sparse or
    /// stencil operators).
    /// - Throws: ``IRLError`` from ``TabularMDP`` validation (e.g. a start on a wall).
    public func denseMDP<Scalar: BLASScalar>(
        horizon: Horizon, discount: Scalar = 1, start: Tensor<Scalar>? = nil, features: Tensor<Scalar>? = nil
    ) throws(IRLError) -> TabularMDP<Scalar> {
        let rho = start ?? uniformStart(Scalar.self)
        for s in 0..<stateCount where isWall[s] && rho.count == stateCount && rho.scalars[s] != 0 {
            throw .invalidParameter(argument: "start[\(s)]", value: Double(rho.scalars[s]), reason: "puts probability on a wall")
        }
        return try TabularMDP(transitions: denseTransitions(Scalar.self), initialDistribution: rho, horizon: horizon,
                              discount: discount, features: features)
    }
}
