import DenseTensors

/// The validated pieces both game solvers work with: the MDP, its features `Φ[S, A, K]` (with
/// their sparsity, for `Φλ` and `Φᵀx`), the expert's `F_E[K, B]`, and the optional true reward.
struct GameProblem<Scalar: BLASScalar>: Sendable {
    let mdp: TabularMDP<Scalar>
    let expert: ExpertStatistics<Scalar>
    let features: Tensor<Scalar>
    let featureMatrix: FeatureMatrix<Scalar>
    let expertFeatures: Tensor<Scalar>
    let truth: ResolvedTrueReward<Scalar>?

    var featureCount: Int { features.shape[2] }
    var batch: Int { expert.batch }

    /// Checks that the MDP and the expert statistics describe the same game.
    ///
    /// - Throws: ``IRLError/missing(argument:reason:)`` without features;
    ///   ``IRLError/invalidParameter(argument:value:reason:)`` for nonzero terminal values (the game's
    ///   payoff is `λ·F_π`), a discount or an occupancy mass that differs from the MDP's;
    ///   ``IRLError/shapeMismatch(argument:expected:actual:)`` for other states or actions.
    init(_ mdp: TabularMDP<Scalar>, expert: ExpertStatistics<Scalar>, trueReward: TrueReward<Scalar>?) throws(IRLError) {
        guard let phi = mdp.features else {
            throw .missing(argument: "features", reason: "the game's rewards are linear, r = Φ·λ; build the MDP with features")
        }
        guard phi.shape[2] >= 1 else {
            throw .shapeMismatch(argument: "features", expected: "[S, A, K] with K ≥ 1", actual: phi.shape)
        }
        if let v = mdp.terminalValues, let i = v.scalars.firstIndex(where: { $0 != 0 }) {
            throw .invalidParameter(
                argument: "terminalValues[\(i)]", value: Double(v.scalars[i]),
                reason: "must be 0: the game's payoff is λ·F_π (fold terminal rewards into the features)")
        }
        guard expert.stateCount == mdp.stateCount, expert.actionCount == mdp.actionCount else {
            throw .shapeMismatch(
                argument: "expert occupancy", expected: "[\(mdp.stateCount), \(mdp.actionCount), B]",
                actual: expert.occupancy.shape)
        }
        let tolerance = Scalar.ulpOfOne.squareRoot()
        if let gamma = expert.discount, Swift.abs(gamma - mdp.discount) > 8 * Scalar.ulpOfOne {
            throw .invalidParameter(
                argument: "expert discount", value: Double(gamma),
                reason: "differs from the MDP's discount \(mdp.discount)")
        }
        let target = mdp.occupancyMass
        for (col, m) in expert.mass.enumerated() where Swift.abs(m - target) > tolerance * target {
            throw .invalidParameter(
                argument: "expert occupancy mass (column \(col))", value: Double(m),
                reason:
                    "differs from the MDP's occupancy mass \(target) (Σ_{t<H} γᵗ or 1/(1−γ)); moment matching compares measures of equal mass — see ExpertStatistics.scaled(toMass:)"
            )
        }
        self.mdp = mdp
        self.expert = expert
        self.features = phi
        self.featureMatrix = FeatureMatrix(phi)
        self.expertFeatures = try featureMatrix.expectations(expert.occupancy)
        self.truth = try trueReward?.resolve(mdp, expert: expert)
    }

    /// `F = Φᵀx`, `[K, B]`, for a state-action measure `x[S, A, B]`.
    /// - Throws: ``IRLError/shapeMismatch(argument:expected:actual:)`` when `x` is not `[S, A, B]`.
    func featureExpectations(_ x: Tensor<Scalar>) throws(IRLError) -> Tensor<Scalar> {
        try featureMatrix.expectations(x)
    }

    /// `r = Φ·λ` resolved to `[S, A, B]` (masked actions `−∞`): ``TabularMDP/stateActionRewards(_:)``'s
    /// `.linear` case, with the product over the compressed rows when the features are sparse.
    /// - Throws: ``IRLError/nonFinite(argument:index:value:)`` for non-finite weights ("reward
    ///   weights") or a product that overflows ("reward Φ·λ"): the weights diverged.
    func rewards(_ weights: Tensor<Scalar>) throws(IRLError) -> Tensor<Scalar> {
        var r: Tensor<Scalar>
        if let sparse = featureMatrix.sparse {
            precondition(weights.shape == [featureCount, batch] || weights.shape == [featureCount], "weights are [K, B]")
            try TabularMDP.checkRewardValues(weights, argument: "reward weights", allowNegativeInfinity: false)
            r = sparse.product(weights, states: mdp.stateCount, actions: mdp.actionCount)
            try mdp.applyActionMask(&r)
        } else {
            r = try mdp.stateActionRewards(.linear(weights: weights))
        }
        if let i = firstOverflow(r) {
            throw .nonFinite(argument: "reward Φ·λ", index: r.multiIndex(i), value: Double(r.scalars[i]))
        }
        return r
    }

    /// Validates user-supplied initial weights `[K]` (B = 1) or `[K, B]`, returning `[K, B]`.
    func initialWeights(_ given: Tensor<Scalar>?) throws(IRLError) -> Tensor<Scalar> {
        let (k, b) = (featureCount, batch)
        guard let w = given else { return Tensor(zeros: [k, b]) }
        guard w.shape == [k, b] || (b == 1 && w.shape == [k]) else {
            throw .shapeMismatch(argument: "initialWeights", expected: b == 1 ? "[\(k)] or [\(k), 1]" : "[\(k), \(b)]", actual: w.shape)
        }
        if let bad = w.firstNonFinite() { throw .nonFinite(argument: "initialWeights", index: bad.index, value: Double(bad.value)) }
        return try! w.reshaped([k, b])
    }
}
