import DenseTensors
import RealModule

/// Objectworld (Levine, Popović & Koltun, "Nonlinear inverse reinforcement learning with
/// Gaussian processes", NeurIPS 2011): an `N × N` gridworld scattered with objects, each with an
/// inner and an outer color out of `C`, whose reward is a nonlinear function of the distances
/// to the objects.
///
/// - Dynamics: a ``Gridworld`` with 5 actions (up, right, down, left, stay) and slip 0.3 by
///   default (in the ``Gridworld`` sense: with probability 0.3 a uniformly random action of the
///   five replaces the intended one). No walls, no terminals.
/// - Distances: `d_in[s, c]` (`d_out[s, c]`) is the Euclidean distance, in cells, from cell `s`
///   to the nearest object whose inner (outer) color is `c`; `√2·N` (farther than any cell)
///   when no object has that color.
/// - Continuous features (`2C`): `[d_in[s, 0], …, d_in[s, C−1], d_out[s, 0], …, d_out[s, C−1]]`.
/// - Discrete features (`2C·N`): `1[d_in[s, c] ≤ j]` and `1[d_out[s, c] ≤ j]` for `j = 1 … N`,
///   ordered inner colors first, then outer, each color's `N` thresholds in increasing order.
/// - True reward (a state reward), with colors numbered from 0 (the paper's "color 1" is 0 here):
///
///       r(s) = +1  if d_out[s, 0] ≤ 3 and d_out[s, 1] ≤ 2
///       r(s) = −1  if d_out[s, 0] ≤ 3 and d_out[s, 1] > 2
///       r(s) =  0  otherwise (d_out[s, 0] > 3)
///
///   It is not linear in either feature set: recovering it is the point of the benchmark.
public struct Objectworld: Sendable, Hashable {
    /// An object on a cell, with its two colors in `0..<C`.
    public struct Object: Sendable, Hashable {
        /// The object's row, `0..<N`.
        public var row: Int
        /// The object's column, `0..<N`.
        public var column: Int
        /// The inner color, `0..<C`.
        public var innerColor: Int
        /// The outer color, `0..<C` (the reward depends on outer colors 0 and 1).
        public var outerColor: Int

        /// Stores the cell and colors as given; ``Objectworld`` validates them.
        public init(row: Int, column: Int, innerColor: Int, outerColor: Int) {
            self.row = row
            self.column = column
            self.innerColor = innerColor
            self.outerColor = outerColor
        }
    }

    /// `N`, the side of the grid.
    public let size: Int
    /// `C ≥ 2`, the number of colors.
    public let colorCount: Int
    /// The objects, at distinct cells.
    public let objects: [Object]
    /// The dynamics and layout.
    public let grid: Gridworld

    /// An objectworld with hand-placed objects.
    ///
    /// - Parameters:
    ///   - size: `N ≥ 1`.
    ///   - colorCount: `C ≥ 2` (the reward rule uses colors 0 and 1).
    ///   - objects: at distinct cells on the grid, colors in `0..<C`.
    ///   - slip: the ``Gridworld`` slip probability (default 0.3).
    /// - Throws: ``IRLError/invalidParameter(argument:value:reason:)`` for a bad size, color count,
    ///   slip or a repeated cell; ``IRLError/indexOutOfRange(argument:index:bound:)`` naming the
    ///   object for a cell or color out of range.
    public init(size: Int, colorCount: Int = 2, objects: [Object], slip: Double = 0.3) throws(IRLError) {
        guard colorCount >= 2 else {
            throw .invalidParameter(
                argument: "colorCount", value: Double(colorCount), reason: "must be at least 2 (the reward uses colors 0 and 1)")
        }
        let grid = try Gridworld(width: size, height: size, actionCount: 5, slip: slip)
        var occupied = Set<Int>()
        for (i, object) in objects.enumerated() {
            guard object.row >= 0, object.row < size else {
                throw .indexOutOfRange(argument: "objects[\(i)].row", index: object.row, bound: size)
            }
            guard object.column >= 0, object.column < size else {
                throw .indexOutOfRange(argument: "objects[\(i)].column", index: object.column, bound: size)
            }
            guard object.innerColor >= 0, object.innerColor < colorCount else {
                throw .indexOutOfRange(argument: "objects[\(i)].innerColor", index: object.innerColor, bound: colorCount)
            }
            guard object.outerColor >= 0, object.outerColor < colorCount else {
                throw .indexOutOfRange(argument: "objects[\(i)].outerColor", index: object.outerColor, bound: colorCount)
            }
            guard occupied.insert(grid.state(row: object.row, column: object.column)).inserted else {
                throw .invalidParameter(
                    argument: "objects[\(i)] cell (\(object.row), \(object.column))", value: Double(i),
                    reason: "is already occupied by another object")
            }
        }
        self.size = size
        self.colorCount = colorCount
        self.objects = objects
        self.grid = grid
    }

    /// An objectworld with `objectCount` objects at distinct cells drawn uniformly at random,
    /// each inner and outer color drawn uniformly from `0..<C` (in that order per object:
    /// cell, inner color, outer color).
    ///
    /// - Parameters:
    ///   - size: `N ≥ 1`.
    ///   - colorCount: `C ≥ 2`.
    ///   - objectCount: in `0…N²`.
    ///   - slip: default 0.3.
    ///   - generator: e.g. ``SplitMix64``; the same seed gives the same world.
    /// - Throws: as ``init(size:colorCount:objects:slip:)``, and for an object count that does not fit.
    public init(
        size: Int, colorCount: Int = 2, objectCount: Int, slip: Double = 0.3,
        using generator: inout some RandomNumberGenerator
    ) throws(IRLError) {
        guard size >= 1, size <= 1 << 20 else {
            throw .invalidParameter(argument: "size", value: Double(size), reason: "must be in 1…2²⁰")
        }
        guard objectCount >= 0, objectCount <= size * size else {
            throw .invalidParameter(argument: "objectCount", value: Double(objectCount), reason: "must be in 0…\(size * size)")
        }
        guard colorCount >= 2 else {
            throw .invalidParameter(
                argument: "colorCount", value: Double(colorCount), reason: "must be at least 2 (the reward uses colors 0 and 1)")
        }
        var taken = Set<Int>()
        var placed = [Object]()
        while placed.count < objectCount {
            let cell = generator.nextIndex(below: size * size)
            guard taken.insert(cell).inserted else { continue }
            let inner = generator.nextIndex(below: colorCount)
            let outer = generator.nextIndex(below: colorCount)
            placed.append(Object(row: cell / size, column: cell % size, innerColor: inner, outerColor: outer))
        }
        try self.init(size: size, colorCount: colorCount, objects: placed, slip: slip)
    }

    /// The feature set of an objectworld environment.
    public enum FeatureKind: Sendable, Hashable {
        /// `2C` distances.
        case continuous
        /// `2C·N` distance-threshold indicators.
        case discrete
    }

    /// The distances `[d_in[s, 0..<C], d_out[s, 0..<C]]` for every cell, row-major `[S][2C]`.
    /// - Complexity: O(S·(objects + C)).
    public func distances() -> [[Double]] {
        let far = Double(size) * 2.0.squareRoot()
        return (0..<grid.stateCount).map { s in
            var d = [Double](repeating: far, count: 2 * colorCount)
            let (row, column) = grid.cell(s)
            for object in objects {
                let (dr, dc) = (Double(object.row - row), Double(object.column - column))
                let distance = (dr * dr + dc * dc).squareRoot()
                d[object.innerColor] = Swift.min(d[object.innerColor], distance)
                d[colorCount + object.outerColor] = Swift.min(d[colorCount + object.outerColor], distance)
            }
            return d
        }
    }

    /// The `2C` continuous features (see the type's documentation), shape `[S, 2C]`.
    /// - Complexity: O(S·(objects + C)).
    public func continuousFeatures<Scalar: BLASScalar>(_: Scalar.Type = Scalar.self) -> Tensor<Scalar> {
        let d = distances()
        let k = 2 * colorCount
        return Tensor(shape: [grid.stateCount, k]) { Scalar(d[$0 / k][$0 % k]) }
    }

    /// The `2C·N` discrete features (see the type's documentation), shape `[S, 2C·N]`.
    /// - Complexity: O(S·(objects + C·N)).
    public func discreteFeatures<Scalar: BLASScalar>(_: Scalar.Type = Scalar.self) -> Tensor<Scalar> {
        let d = distances()
        let k = 2 * colorCount * size
        return Tensor(shape: [grid.stateCount, k]) { i in
            let (s, f) = (i / k, i % k)
            let threshold = Double(f % size + 1)
            return d[s][f / size] <= threshold ? 1 : 0
        }
    }

    /// The true state reward of the type's documentation, shape `[S]`, values in `{−1, 0, 1}`.
    /// - Complexity: O(S·(objects + C)).
    public func trueReward<Scalar: BLASScalar>(_: Scalar.Type = Scalar.self) -> Tensor<Scalar> {
        let d = distances()
        return Tensor(shape: [grid.stateCount]) { s in
            let nearColor0 = d[s][colorCount + 0] <= 3
            let nearColor1 = d[s][colorCount + 1] <= 2
            return nearColor0 ? (nearColor1 ? 1 : -1) : 0
        }
    }

    /// The objectworld benchmark: dense dynamics, the chosen features, the true reward.
    ///
    /// - Parameters:
    ///   - features: ``FeatureKind/continuous`` (default) or ``FeatureKind/discrete``.
    ///   - horizon: `.finite(H)` or `.infinite`.
    ///   - discount: `γ` (default 1; below 1 for an infinite horizon).
    /// - Throws: ``IRLError`` from MDP validation.
    /// - Complexity: O(S²·A) for the dense transitions.
    public func environment<Scalar: BLASScalar>(
        features: FeatureKind = .continuous, horizon: Horizon, discount: Scalar = 1
    ) throws(IRLError) -> Environment<Scalar> {
        let phi: Tensor<Scalar> = features == .continuous ? continuousFeatures() : discreteFeatures()
        let mdp = try grid.denseMDP(horizon: horizon, discount: discount, features: phi)
        return try Environment(
            name: "objectworld \(size)×\(size)", mdp: mdp, features: phi,
            trueReward: trueReward(Scalar.self), gridworld: grid)
    }
}
