import DenseTensors

extension CompoundingErrorExperiment {
    /// Part (a): the Figure 18.1 MDP at one `ε` over several horizons.
    public struct FigureSettings: Sendable, Hashable {
        /// `ε ∈ [0, 1]`, the learners' error on the expert's states (default 0.01).
        public var epsilon: Double
        /// The horizons (default ``CompoundingErrorExperiment/defaultHorizons``).
        public var horizons: [Int]

        /// - Parameters:
        ///   - epsilon: `ε ∈ [0, 1]` (default 0.01).
        ///   - horizons: distinct, each `≥ 1`.
        public init(epsilon: Double = 0.01, horizons: [Int] = CompoundingErrorExperiment.defaultHorizons) {
            self.epsilon = epsilon
            self.horizons = horizons
        }
    }

    /// One horizon of part (a).
    public struct FigureRow: Sendable, Hashable {
        /// `H`.
        public let horizon: Int
        /// `J(π_E) = H − 1`, exact.
        public let expertReturn: Double
        /// `ℓ_BC(π1)`: π1's probability of disagreeing with the expert on the expert's state
        /// distribution (total variation, ``TabularMDP/policyDivergence(expert:learner:)``).
        public let lossRecovering: Double
        /// `ℓ_BC(π2)`, likewise.
        public let lossAbsorbed: Double
        /// `J(π_E) − J(π1)` by exact evaluation.
        public let gapRecovering: Double
        /// ``CompoundingErrorExample/recoveringGap(epsilon:horizon:)``.
        public let closedFormRecovering: Double
        /// `J(π_E) − J(π2)` by exact evaluation.
        public let gapAbsorbed: Double
        /// ``CompoundingErrorExample/absorbedGap(epsilon:horizon:)``.
        public let closedFormAbsorbed: Double
        /// `εH`, the first-order growth of π1's gap.
        public let epsilonH: Double
        /// `εH²/2`, the first-order growth of π2's gap (while `εH ≪ 1`).
        public let epsilonHSquaredHalf: Double
    }

    /// The outcome of part (a).
    public struct FigureResult: Sendable {
        /// `ε`.
        public let epsilon: Double
        /// One row per horizon, in the order given.
        public let rows: [FigureRow]
        /// The fitted growth exponent of π1's exact gap (≈ 1).
        public let exponentRecovering: GrowthExponent
        /// The fitted growth exponent of π2's exact gap (≈ 2 while `εH ≪ 1`, lower once it saturates at `H − 1/ε`).
        public let exponentAbsorbed: GrowthExponent

        /// The rows as a table (columns `H`, `J(π_E)`, `ℓ_BC(π1)`, `ℓ_BC(π2)`, `gap π1`,
        /// `closed form π1`, `εH`, `gap π2`, `closed form π2`, `εH²/2`).
        public var table: ExperimentTable {
            ExperimentTable(
                columns: [
                    "H", "J(π_E)", "ℓ_BC(π1)", "ℓ_BC(π2)", "gap π1", "closed form π1", "εH", "gap π2",
                    "closed form π2", "εH²/2",
                ],
                rows: rows.map {
                    [
                        Double($0.horizon), $0.expertReturn, $0.lossRecovering, $0.lossAbsorbed, $0.gapRecovering,
                        $0.closedFormRecovering, $0.epsilonH, $0.gapAbsorbed, $0.closedFormAbsorbed, $0.epsilonHSquaredHalf,
                    ]
                })
        }

        /// The curves for a log–log chart of gap against `H`: both exact gaps, and `εH`, `εH²/2` as references.
        public var series: [ExperimentSeries] {
            let h = rows.map { Double($0.horizon) }
            return [
                ExperimentSeries("π1 (recovers): exact gap", x: h, y: rows.map(\.gapRecovering)),
                ExperimentSeries("π2 (absorbed): exact gap", x: h, y: rows.map(\.gapAbsorbed)),
                ExperimentSeries("εH", x: h, y: rows.map(\.epsilonH), isReference: true),
                ExperimentSeries("εH²/2", x: h, y: rows.map(\.epsilonHSquaredHalf), isReference: true),
            ]
        }
    }

    /// Runs part (a): for each horizon, builds ``CompoundingErrorExample``, measures both learners'
    /// behavioural-cloning loss on the expert's states and their exact gaps, and fits the growth
    /// exponents.
    ///
    /// - Returns: one row per horizon and the two exponents.
    /// - Throws: ``IRLError/invalidParameter(argument:value:reason:)`` for `ε ∉ [0, 1]` or a bad
    ///   horizon, ``IRLError/empty(argument:)`` for no horizons; evaluation errors.
    /// - Complexity: O(Σ H) (a three-state MDP).
    public func runFigure() throws(IRLError) -> FigureResult {
        try Self.checkHorizons(figure.horizons, argument: "figure horizons")
        let e = figure.epsilon
        var rows = [FigureRow]()
        for h in figure.horizons {
            let example = try CompoundingErrorExample<Double>(epsilon: e, horizon: h)
            let mdp = example.environment.mdp
            let reward = Reward<Double>.state(Tensor([0, 1, 0]))
            let expertReturn = try mdp.evaluate(example.expert, reward: reward).returns.scalars[0]
            let gap1 = try mdp.performanceGap(expert: example.expert, learner: example.recoveringLearner, reward: reward)
            let gap2 = try mdp.performanceGap(expert: example.expert, learner: example.absorbedLearner, reward: reward)
            let loss1 = try mdp.policyDivergence(expert: example.expert, learner: example.recoveringLearner).totalVariation
            let loss2 = try mdp.policyDivergence(expert: example.expert, learner: example.absorbedLearner).totalVariation
            let hd = Double(h)
            rows.append(
                FigureRow(
                    horizon: h, expertReturn: expertReturn, lossRecovering: loss1.scalars[0], lossAbsorbed: loss2.scalars[0],
                    gapRecovering: gap1.scalars[0],
                    closedFormRecovering: CompoundingErrorExample<Double>.recoveringGap(epsilon: e, horizon: h),
                    gapAbsorbed: gap2.scalars[0], closedFormAbsorbed: CompoundingErrorExample<Double>.absorbedGap(epsilon: e, horizon: h),
                    epsilonH: e * hd, epsilonHSquaredHalf: e * hd * hd / 2))
        }
        let h = rows.map { Double($0.horizon) }
        return FigureResult(
            epsilon: e, rows: rows,
            exponentRecovering: GrowthExponent.fit(x: h, y: rows.map(\.gapRecovering)),
            exponentAbsorbed: GrowthExponent.fit(x: h, y: rows.map(\.gapAbsorbed)))
    }
}
