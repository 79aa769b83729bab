import DenseTensors

extension Demonstrations {
    /// The empirical state-action distribution of each step, `x̂_t(s, a) = N_t(s, a) / n_t`,
    /// shape `[T, S, A]` (each `x̂_t` sums to 1).
    ///
    /// - Throws: ``IRLError/missing(argument:reason:)`` for demonstrations given as an occupancy.
    /// - Complexity: O(T·S·A).
    public func empiricalDistributions() throws(IRLError) -> Tensor<Scalar> {
        guard let counts = timeIndexedCounts else {
            throw .missing(argument: "time-indexed counts", reason: "demonstrations given as an occupancy have no time index")
        }
        let block = stateCount * actionCount
        return Tensor(shape: counts.shape) { i in counts.scalars[i] / stepTotals[i / block] }
    }

    /// The empirical discounted occupancy on `mdp`, shape `[S, A]`, with the MDP's own discount:
    ///
    ///     μ̂(s, a) = Σ_{t<H} γᵗ · x̂_t(s, a)        (finite horizon H; needs T ≥ H, extra steps ignored)
    ///     μ̂(s, a) = Σ_{t<T} γᵗ · x̂_t(s, a)        (infinite horizon: the series truncated at T)
    ///
    /// Its mass is `Σ_{t<H} γᵗ`, the MDP's ``TabularMDP/occupancyMass`` (truncated for an infinite
    /// horizon). An occupancy given directly is returned as is, after checking its mass against
    /// the MDP's (relative tolerance √ε).
    ///
    /// - Throws: ``IRLError/shapeMismatch(argument:expected:actual:)`` for other state or action
    ///   spaces, or demonstrations shorter than the horizon;
    ///   ``IRLError/invalidParameter(argument:value:reason:)`` for a given occupancy of the wrong mass.
    /// - Complexity: O(min(T, H)·S·A).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func empiricalOccupancy(for mdp: TabularMDP<Scalar>) throws(IRLError) -> Tensor<Scalar> {
        try checkSpaces(mdp)
        if let mu = occupancy {
            let mass = mu.scalars.reduce(0, +)
            let expected = mdp.occupancyMass
            guard Swift.abs(mass - expected) <= Scalar.ulpOfOne.squareRoot() * Swift.max(expected, 1) else {
                throw .invalidParameter(
                    argument: "occupancy mass", value: Double(mass),
                    reason: "differs from the MDP's occupancy mass \(expected) (Σ_{t<H} γᵗ, or 1/(1−γ))")
            }
            return mu
        }
        let steps: Int
        if let h = mdp.horizon.steps {
            guard length >= h else {
                throw .shapeMismatch(argument: "demonstrations", expected: "at least H = \(h) time steps", actual: [length])
            }
            steps = h
        } else {
            steps = length
        }
        let counts = timeIndexedCounts?.scalars ?? []
        let block = stateCount * actionCount
        var mu = [Scalar](repeating: 0, count: block)
        var weight: Scalar = 1
        for t in 0..<steps {
            let scale = weight / stepTotals[t]
            for i in 0..<block where counts[t * block + i] != 0 { mu[i] += scale * counts[t * block + i] }
            weight *= mdp.discount
        }
        return try IRLError.wrap("empirical occupancy") { () throws(TensorError) in
            try Tensor(shape: [stateCount, actionCount], scalars: mu)
        }
    }

    /// The empirical feature expectations `F̂[k] = Σ_{s,a} μ̂(s, a)·Φ[s, a, k]` with the MDP's
    /// features, shape `[K]` (μ̂ from ``empiricalOccupancy(for:)``).
    ///
    /// - Throws: ``IRLError/missing(argument:reason:)`` when `mdp` has no features; the errors of
    ///   ``empiricalOccupancy(for:)``.
    /// - Complexity: O(S·A·K) (one GEMV).
    public func featureExpectations(for mdp: TabularMDP<Scalar>) throws(IRLError) -> Tensor<Scalar> {
        guard let phi = mdp.features else {
            throw .missing(argument: "features", reason: "feature expectations need the MDP's features")
        }
        let mu = try empiricalOccupancy(for: mdp)
        let measure = OccupancyMeasure(
            stateDistributions: Tensor(zeros: [1, stateCount, 1]),
            stateActionOccupancy: try IRLError.wrap("empirical occupancy") { () throws(TensorError) in
                try mu.reshaped([stateCount, actionCount, 1])
            })
        let f = try measure.featureExpectations(phi)
        return try IRLError.wrap("feature expectations") { () throws(TensorError) in try f.reshaped([phi.shape[2]]) }
    }
}
