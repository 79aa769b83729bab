import DenseTensors

extension Gridworld {
    /// Which transition operator an MDP of this grid uses.
    public enum OperatorKind: String, Sendable, CaseIterable {
        /// A dense `[S, A, S]` tensor (OpenBLAS): `S²·A` scalars, small grids only.
        case dense
        /// Compressed sparse rows plus their transpose: ≤ 5 entries per row.
        case sparse
        /// No stored matrix: computed from the grid (fastest, least memory).
        case stencil
    }

    /// The grid's dynamics as a ``SparseTransitionOperator``, built row by row (no sort).
    /// - Parameter threads: threads for pull and push (default: the number of cores).
    /// - Throws: ``IRLError/exceedsMemoryBudget(what:bytes:budget:suggestion:)`` when `S·A` or
    ///   the number of nonzeros reaches 2³¹.
    /// - Complexity: O(S·A) time; about `2·S·A·k·(sizeof(Scalar) + 4)` bytes with `k ≤ 5`
    ///   successors per row (`k = 1` without slip).
    public func sparseOperator<Scalar: BLASScalar>(
        _: Scalar.Type = Scalar.self, threads: Int = defaultThreadCount
    ) throws(IRLError) -> SparseTransitionOperator<Scalar> {
        let a = actionCount
        return try SparseTransitionOperator(stateCount: stateCount, actionCount: a, tolerance: nil, threads: threads) { row in
            successors(state: row / a, action: row % a).map { ($0.state, Scalar($0.probability)) }
        }
    }

    /// The grid's dynamics as a ``GridworldStencilOperator`` (no stored matrix).
    /// - Parameter threads: threads for pull, push and the fused passes (default: the number of cores).
    /// - Complexity: O(S·A) time, about `S` bytes.
    public func stencilOperator<Scalar: BLASScalar>(
        _: Scalar.Type = Scalar.self, threads: Int = defaultThreadCount
    ) -> GridworldStencilOperator<Scalar> {
        GridworldStencilOperator(self, threads: threads)
    }

    /// An MDP of this grid on the chosen transition operator.
    ///
    /// - Parameters:
    ///   - horizon: `.finite(H)` or `.infinite`.
    ///   - discount: `γ` (default 1; below 1 for an infinite horizon).
    ///   - operator: `.dense` (small grids), `.sparse` or `.stencil` (default).
    ///   - start: `ρ₀` (default ``uniformStart(_:)``); must put no probability on a wall.
    ///   - features: `Φ` as `[S, A, K]` or `[S, K]`.
    ///   - threads: threads of the sparse or stencil operator.
    /// - Throws: ``IRLError`` from ``TabularMDP`` validation; for `.dense`,
    ///   ``IRLError/exceedsMemoryBudget(what:bytes:budget:suggestion:)`` when `S²·A` scalars would
    ///   exceed the default ``MemoryBudget``.
    /// - Complexity: dense O(S²·A); sparse and stencil O(S·A + S·A·K).
    public func mdp<Scalar: BLASScalar>(
        horizon: Horizon, discount: Scalar = 1, operator kind: OperatorKind = .stencil,
        start: Tensor<Scalar>? = nil, features: Tensor<Scalar>? = nil, threads: Int = defaultThreadCount
    ) throws(IRLError) -> TabularMDP<Scalar> {
        let rho = start ?? uniformStart(Scalar.self)
        for s in 0..<stateCount where isWall[s] && rho.count == stateCount && rho.scalars[s] != 0 {
            throw .invalidParameter(argument: "start[\(s)]", value: Double(rho.scalars[s]), reason: "puts probability on a wall")
        }
        switch kind {
        case .dense:
            let (bytes, overflow) = stateCount.multipliedReportingOverflow(by: stateCount * actionCount * MemoryLayout<Scalar>.stride)
            let budget = MemoryBudget.default.bytes
            guard !overflow, bytes <= budget else {
                throw .exceedsMemoryBudget(what: "dense transitions of a \(width)×\(height) gridworld", bytes: overflow ? .max : bytes,
                                           budget: budget, suggestion: "use operator: .sparse or .stencil")
            }
            return try denseMDP(horizon: horizon, discount: discount, start: rho, features: features)
        case .sparse:
            return try TabularMDP(dynamics: try sparseOperator(Scalar.self, threads: threads), initialDistribution: rho,
                                  horizon: horizon, discount: discount, features: features)
        case .stencil:
            return try TabularMDP(dynamics: stencilOperator(Scalar.self, threads: threads), initialDistribution: rho,
                                  horizon: horizon, discount: discount, features: features)
        }
    }
}
