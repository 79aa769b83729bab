import DenseTensors

extension Gridworld {
    /// Region features: the grid is tiled by `size × size` blocks (the last row and column of
    /// blocks may be smaller), and `Φ[s, k] = 1` when cell `s` lies in block `k` (blocks numbered
    /// row-major). Shape `[S, K]` with `K = ⌈height/size⌉ · ⌈width/size⌉`.
    ///
    /// - Parameter size: the block side, at least 1 (`1` gives one-hot features).
    /// - Throws: ``IRLError/invalidParameter(argument:value:reason:)`` for `size < 1`.
    /// - Complexity: O(S·K).
    public func regionFeatures<Scalar: BLASScalar>(size: Int, _: Scalar.Type = Scalar.self) throws(IRLError) -> Tensor<Scalar> {
        guard size >= 1 else {
            throw .invalidParameter(argument: "region size", value: Double(size), reason: "must be at least 1")
        }
        let blocksAcross = (width + size - 1) / size
        let k = ((height + size - 1) / size) * blocksAcross
        return Tensor(shape: [stateCount, k]) { i in
            let (row, column) = cell(i / k)
            return (row / size) * blocksAcross + column / size == i % k ? 1 : 0
        }
    }

    /// A goal reward `r(s) = value` on the goal cells and `−stepCost` on every other cell, shape `[S]`.
    ///
    /// Make the goals terminal (absorbing) to pay `value` at every step after arrival.
    /// - Parameters:
    ///   - goals: cells `(row, column)`, at least one.
    ///   - value: the reward on a goal cell (default 1).
    ///   - stepCost: the cost of every other cell (default 0).
    /// - Throws: ``IRLError/empty(argument:)`` without goals, ``IRLError/indexOutOfRange(argument:index:bound:)``
    ///   for a cell off the grid, ``IRLError/nonFinite(argument:index:value:)`` for a NaN or infinite value.
    /// - Complexity: O(S).
    public func goalReward<Scalar: BLASScalar>(
        goals: [(row: Int, column: Int)], value: Scalar = 1, stepCost: Scalar = 0
    ) throws(IRLError) -> Tensor<Scalar> {
        guard !goals.isEmpty else { throw .empty(argument: "goals") }
        guard value.isFinite else { throw .nonFinite(argument: "goal value", index: [], value: Double(value)) }
        guard stepCost.isFinite else { throw .nonFinite(argument: "stepCost", index: [], value: Double(stepCost)) }
        var r = [Scalar](repeating: -stepCost, count: stateCount)
        for (row, column) in goals {
            guard row >= 0, row < height else { throw .indexOutOfRange(argument: "goal row", index: row, bound: height) }
            guard column >= 0, column < width else { throw .indexOutOfRange(argument: "goal column", index: column, bound: width) }
            r[state(row: row, column: column)] = value
        }
        return Tensor(r)
    }

    /// Random sparse reward weights: `nonzero` of the `featureCount` weights, chosen uniformly
    /// without replacement, are drawn uniformly from `[−1, 1)`; the rest are 0. Shape `[K]`.
    ///
    /// Use with ``environment(features:trueReward:horizon:discount:start:)`` as
    /// `.linear(weights:)` for a random sparse linear true reward on any features.
    /// - Parameters:
    ///   - featureCount: `K ≥ 1`.
    ///   - nonzero: in `1…K`.
    ///   - generator: the source of randomness (e.g. ``SplitMix64``).
    /// - Throws: ``IRLError/invalidParameter(argument:value:reason:)`` for a bad count.
    /// - Complexity: O(K).
    public static func randomSparseWeights<Scalar: BLASScalar>(
        featureCount: Int, nonzero: Int, using generator: inout some RandomNumberGenerator
    ) throws(IRLError) -> Tensor<Scalar> {
        guard featureCount >= 1 else {
            throw .invalidParameter(argument: "featureCount", value: Double(featureCount), reason: "must be at least 1")
        }
        guard nonzero >= 1, nonzero <= featureCount else {
            throw .invalidParameter(argument: "nonzero", value: Double(nonzero), reason: "must be in 1…\(featureCount)")
        }
        var indices = Array(0..<featureCount)
        var weights = [Scalar](repeating: 0, count: featureCount)
        for i in 0..<nonzero {
            // Partial Fisher–Yates: indices[0..<nonzero] become a uniform random subset.
            indices.swapAt(i, i + generator.nextIndex(below: featureCount - i))
            weights[indices[i]] = Scalar(2 * generator.nextUnitInterval() - 1)
        }
        return Tensor(weights)
    }

    /// A gridworld benchmark: this grid's dynamics with `features` and an optional true reward.
    ///
    /// - Parameters:
    ///   - features: `[S, K]` state features (e.g. ``oneHotFeatures(_:)``, ``coordinateFeatures(_:)``,
    ///     ``regionFeatures(size:_:)``) or `[S, A, K]`.
    ///   - trueReward: any ``Reward`` (`.state(goalReward(…))`, `.linear(weights:)`, …) or `nil`;
    ///     a `.linear` reward also sets ``Environment/trueRewardWeights``. A single column (`B = 1`).
    ///   - horizon: `.finite(H)` or `.infinite`.
    ///   - discount: `γ` (default 1; below 1 for an infinite horizon).
    ///   - start: `ρ₀` (default ``uniformStart(_:)``).
    /// - Throws: ``IRLError`` from MDP, feature or reward validation; a batch of rewards is a
    ///   ``IRLError/shapeMismatch(argument:expected:actual:)``.
    /// - Complexity: O(S²·A) for the dense transitions.
    public func environment<Scalar: BLASScalar>(
        features: Tensor<Scalar>, trueReward: Reward<Scalar>?, horizon: Horizon, discount: Scalar = 1,
        start: Tensor<Scalar>? = nil
    ) throws(IRLError) -> Environment<Scalar> {
        let mdp = try denseMDP(horizon: horizon, discount: discount, start: start, features: features)
        var reward: Tensor<Scalar>? = nil
        var weights: Tensor<Scalar>? = nil
        if let trueReward {
            let r = try mdp.stateActionRewards(trueReward)
            guard r.shape[2] == 1 else {
                throw .shapeMismatch(argument: "trueReward", expected: "a single reward (B = 1)", actual: r.shape)
            }
            reward = try IRLError.wrap("trueReward") { () throws(TensorError) in try r.reshaped([stateCount, actionCount]) }
            if case let .linear(w) = trueReward {
                weights = try IRLError.wrap("trueReward weights") { () throws(TensorError) in try w.reshaped([w.shape[0]]) }
            }
        }
        return try Environment(
            name: "gridworld \(width)×\(height)", mdp: mdp, features: features, trueReward: reward,
            trueRewardWeights: weights, gridworld: self)
    }
}
