import DenseTensors

extension Demonstrations {
    /// The expert statistics the game solvers take (``ExpertStatistics``), for `mdp`.
    ///
    /// - Trajectories: the counts `N_t(s, a)` of steps `t < H` (finite horizon; all `T` steps for
    ///   an infinite one) with `N = n` trajectories and the MDP's discount.
    /// - Pairs and counts: each step is rescaled to a common total `N = ⌈max_t n_t⌉`,
    ///   `N_t(s, a)·N/n_t`, so that `μ_E = Σ_t γᵗ x̂_t` as in ``empiricalOccupancy(for:)`` (when all
    ///   `n_t` are the same integer the counts are kept as they are).
    /// - An occupancy: ``ExpertStatistics/init(occupancy:)`` after the mass check of
    ///   ``empiricalOccupancy(for:)``.
    ///
    /// So `statistics.occupancy` equals ``empiricalOccupancy(for:)`` (to rounding). For an
    /// infinite horizon the demonstrations cover `T` steps only: the mass is `(1 − γᵀ)/(1 − γ)`;
    /// use ``ExpertStatistics/scaled(toMass:)`` to compare with `1/(1 − γ)`.
    ///
    /// - Throws: the errors of ``empiricalOccupancy(for:)`` and of the ``ExpertStatistics`` initialisers.
    /// - Complexity: O(min(T, H)·S·A).
    public func expertStatistics(for mdp: TabularMDP<Scalar>) throws(IRLError) -> ExpertStatistics<Scalar> {
        let mu = try empiricalOccupancy(for: mdp)  // validates spaces, length and mass
        guard let counts = timeIndexedCounts else { return try ExpertStatistics(occupancy: mu) }
        let steps = mdp.horizon.steps ?? length
        let block = stateCount * actionCount
        let largest = stepTotals[0..<steps].max() ?? 1
        let total = largest.rounded(.up)
        let uniform = stepTotals[0..<steps].allSatisfy { $0 == total }
        let scaled = Tensor<Scalar>(shape: [steps, stateCount, actionCount]) { i in
            let c = counts.scalars[i]
            return uniform || c == 0 ? c : c * (total / stepTotals[i / block])
        }
        return try ExpertStatistics(counts: scaled, trajectories: [Int(total)], discount: mdp.discount)
    }
}
