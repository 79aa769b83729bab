import DenseTensors
import RealModule

/// What the game solvers know about the expert: its discounted state-action occupancy `μ_E`
/// and, when the statistics came from demonstrations, the time-indexed counts behind it.
///
/// Two ways to build one, for a batch of `B` independent problems (batch axis last):
///
/// - **From an occupancy** `μ_E[s, a, b]` (exact, e.g. from ``TabularMDP/occupancy(of:tolerance:)``,
///   or empirical): ``init(occupancy:)``.
/// - **From demonstrations**: `counts[t, s, a, b]`, the number of the `N_b` trajectories of
///   column `b` that took action `a` in state `s` at step `t` (any non-negative reals are
///   accepted, so expected counts `N·x_t` work too), with the discount `γ`:
///   ``init(counts:trajectories:discount:)``. Then
///
///       μ_E(s, a) = Σ_t γᵗ · counts_t(s, a) / N
///
///   and the demonstrations' log-likelihood ``logLikelihood(of:)`` is available.
///
/// Either way the expert's feature expectations are `F_E = Φᵀ μ_E` (``featureExpectations(_:)``).
/// The solvers check that `μ_E` fits the MDP: same `S` and `A`, the same discount, and the
/// occupancy mass of the MDP (`Σ_{t<H} γᵗ`, or `1/(1−γ)`) — moment matching compares measures of
/// equal mass. Truncated demonstrations of an infinite-horizon problem can be rescaled with
/// ``scaled(toMass:)``.
public struct ExpertStatistics<Scalar: BLASScalar>: Sendable {
    /// `μ_E[s, a, b]`, shape `[S, A, B]`.
    public let occupancy: Tensor<Scalar>
    /// `counts[t, s, a, b]`, shape `[T, S, A, B]`, when built from demonstrations.
    public let counts: Tensor<Scalar>?
    /// `N_b`, the number of trajectories behind each column, when built from demonstrations.
    public let trajectories: [Int]?
    /// The discount used to fold the counts into `μ_E` (`nil` for a given occupancy).
    public let discount: Scalar?

    /// `S`.
    public var stateCount: Int { occupancy.shape[0] }
    /// `A`.
    public var actionCount: Int { occupancy.shape[1] }
    /// `B`.
    public var batch: Int { occupancy.shape[2] }
    /// `Σ_{s,a} μ_E[s, a, b]` for each column.
    public var mass: [Scalar] { columnSums(occupancy) }

    /// Statistics from an occupancy measure.
    ///
    /// - Parameter occupancy: `μ_E`, shape `[S, A]` (`B = 1`) or `[S, A, B]`; finite, non-negative,
    ///   each column with positive mass.
    /// - Throws: ``IRLError/shapeMismatch(argument:expected:actual:)`` for another rank or an empty
    ///   axis; ``IRLError/nonFinite(argument:index:value:)``;
    ///   ``IRLError/negativeProbability(argument:index:value:)``; ``IRLError/empty(argument:)`` for
    ///   a column that is all zero.
    /// - Complexity: O(S·A·B).
    public init(occupancy: Tensor<Scalar>) throws(IRLError) {
        guard occupancy.rank == 2 || occupancy.rank == 3, occupancy.shape.allSatisfy({ $0 > 0 }) else {
            throw .shapeMismatch(argument: "expert occupancy", expected: "non-empty [S, A] or [S, A, B]", actual: occupancy.shape)
        }
        let mu = occupancy.rank == 3 ? occupancy : try! occupancy.reshaped(occupancy.shape + [1])
        try Self.checkNonNegative(mu, argument: "expert occupancy")
        self.occupancy = mu
        self.counts = nil
        self.trajectories = nil
        self.discount = nil
        for (col, m) in mass.enumerated() where !(m > 0) {
            throw .empty(argument: "expert occupancy column \(col)")
        }
    }

    /// Statistics from time-indexed demonstration counts.
    ///
    /// - Parameters:
    ///   - counts: `[T, S, A]` (`B = 1`) or `[T, S, A, B]`: how many trajectories of column `b`
    ///     took action `a` in state `s` at step `t`. Finite and non-negative; at step `t` a column
    ///     can hold at most `N_b` pairs (one per trajectory).
    ///   - trajectories: `N_b ≥ 1` for each column, or one number for all columns.
    ///   - discount: `γ ∈ [0, 1]`, the MDP's discount.
    /// - Throws: ``IRLError/shapeMismatch(argument:expected:actual:)``,
    ///   ``IRLError/nonFinite(argument:index:value:)``, ``IRLError/negativeProbability(argument:index:value:)``
    ///   for a bad entry; ``IRLError/invalidParameter(argument:value:reason:)`` for `N_b < 1`, a step
    ///   holding more than `N_b` pairs, or a bad discount; ``IRLError/empty(argument:)`` for a column
    ///   without any counted pair.
    /// - Complexity: O(T·S·A·B).
    public init(counts: Tensor<Scalar>, trajectories: [Int], discount: Scalar) throws(IRLError) {
        guard counts.rank == 3 || counts.rank == 4, counts.shape.allSatisfy({ $0 > 0 }) else {
            throw .shapeMismatch(argument: "counts", expected: "non-empty [T, S, A] or [T, S, A, B]", actual: counts.shape)
        }
        let c = counts.rank == 4 ? counts : try! counts.reshaped(counts.shape + [1])
        let (t, s, a, b) = (c.shape[0], c.shape[1], c.shape[2], c.shape[3])
        guard trajectories.count == b || trajectories.count == 1 else {
            throw .shapeMismatch(argument: "trajectories", expected: "[\(b)] or [1]", actual: [trajectories.count])
        }
        let n = trajectories.count == b ? trajectories : Array(repeating: trajectories[0], count: b)
        for (col, count) in n.enumerated() where count < 1 {
            throw .invalidParameter(
                argument: "trajectories[\(col)]", value: Double(count),
                reason: "must be at least 1: every column needs at least one demonstration")
        }
        guard discount.isFinite, discount >= 0, discount <= 1 else {
            throw .invalidDiscount(Double(discount), reason: "is outside [0, 1]")
        }
        try Self.checkNonNegative(c, argument: "counts")
        // Each trajectory contributes at most one pair per step (catches swapped arguments).
        var total = [Scalar](repeating: 0, count: b)
        let totals = stepTotals(c)
        for (step, perStep) in totals.enumerated() {
            for col in 0..<b {
                guard perStep[col] <= Scalar(n[col]) * (1 + Scalar.ulpOfOne.squareRoot()) else {
                    throw .invalidParameter(
                        argument: "counts[\(step), ·, ·, \(col)]", value: Double(perStep[col]),
                        reason: "holds more pairs than trajectories[\(col)] = \(n[col])")
                }
                total[col] += perStep[col]
            }
        }
        if let col = total.firstIndex(where: { !($0 > 0) }) { throw .empty(argument: "counts column \(col)") }
        let mu = discountedSum(c, discount: discount, trajectories: n)
        self.occupancy = mu
        self.counts = c
        self.trajectories = n
        self.discount = discount
    }

    private init(occupancy: Tensor<Scalar>, counts: Tensor<Scalar>?, trajectories: [Int]?, discount: Scalar?) {
        self.occupancy = occupancy
        self.counts = counts
        self.trajectories = trajectories
        self.discount = discount
    }

    /// `F_E[k, b] = Σ_{s,a} μ_E[s, a, b]·Φ[s, a, k]`, shape `[K, B]` (one GEMM).
    /// - Parameter features: `Φ`, shape `[S, A, K]` (e.g. ``TabularMDP/features``).
    /// - Throws: ``IRLError/shapeMismatch(argument:expected:actual:)`` when `Φ` does not fit.
    /// - Complexity: `2·S·A·K·B` flops.
    public func featureExpectations(_ features: Tensor<Scalar>) throws(IRLError) -> Tensor<Scalar> {
        try featureProduct(features, occupancy)
    }

    /// The demonstrations' average discounted log-likelihood under `policy`, for each column:
    ///
    ///     L_b = (1/N_b) · Σ_t γᵗ · Σ_{s,a} counts_t(s, a, b) · log π_t(a | s, b)
    ///
    /// (`γ = 1` gives the plain log-likelihood `Σ log π / N`). A pair that was demonstrated but has
    /// probability 0 makes `L_b = −∞`. For soft-optimal policies `π = softVI(Φλ)` with temperature
    /// `α`, and counts consistent with the dynamics (e.g. expected counts `N·x_t` of a policy),
    /// `∇_λ L = (F_E − F_π)/α` exactly; for sampled counts the two differ by a sampling term whose
    /// expectation is zero (see docs/Game.md).
    ///
    /// - Parameter policy: stationary (`T = 1`) or with one table per counted step; batch `B` or 1.
    /// - Returns: `[L_0, …, L_{B−1}]`.
    /// - Throws: ``IRLError/missing(argument:reason:)`` without counts;
    ///   ``IRLError/shapeMismatch(argument:expected:actual:)`` when the policy does not fit.
    /// - Complexity: one scan of the counts, O(T·S·A·B), and one logarithm per nonzero count.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func logLikelihood(of policy: Policy<Scalar>) throws(IRLError) -> [Scalar] {
        guard let c = counts, let n = trajectories, let gamma = discount else {
            throw .missing(argument: "counts", reason: "the log-likelihood needs statistics built from demonstration counts")
        }
        let (t, s, a, b) = (c.shape[0], c.shape[1], c.shape[2], c.shape[3])
        guard policy.stateCount == s, policy.actionCount == a, policy.steps == 1 || policy.steps == t,
            policy.batch == b || policy.batch == 1
        else {
            throw .shapeMismatch(argument: "policy", expected: "[1 or \(t), \(s), \(a), \(b) or 1]", actual: policy.probabilities.shape)
        }
        let (pb, sa, block) = (policy.batch, s * a, s * a * b)
        var total = [Scalar](repeating: 0, count: b)
        c.withUnsafeBufferPointer { pc in
            policy.probabilities.withUnsafeBufferPointer { pp in
                total.withUnsafeMutableBufferPointer { sums in
                    var weight: Scalar = 1
                    // Once γᵗ underflows to 0 every later step adds nothing.
                    for step in 0..<t where weight != 0 {
                        let (table, first) = (policy.isStationary ? 0 : step * sa * pb, step * block)
                        // Demonstrations leave most counts 0: skip runs of 8 zeros (the counts are
                        // non-negative, so a run sums to 0 exactly when it is all zeros), and take
                        // the logarithm only where counted, in the order of the flat index.
                        var j = 0
                        while j < block {
                            let end = Swift.min(j + 8, block)
                            if end - j == 8 {
                                let o = first + j
                                let low = (pc[o] + pc[o + 1]) + (pc[o + 2] + pc[o + 3])
                                let run = low + ((pc[o + 4] + pc[o + 5]) + (pc[o + 6] + pc[o + 7]))
                                if run == 0 {
                                    j = end
                                    continue
                                }
                            }
                            for jj in j..<end where pc[first + jj] != 0 {
                                let (i, col) = b == 1 ? (jj, 0) : (jj / b, jj % b)
                                sums[col] += weight * pc[first + jj] * Scalar.log(pp[table + i * pb + (pb == 1 ? 0 : col)])
                            }
                            j = end
                        }
                        weight *= gamma
                    }
                }
            }
        }
        return (0..<b).map { total[$0] / Scalar(n[$0]) }
    }

    /// The same statistics with each column of `μ_E` scaled to total mass `mass` (counts, and so
    /// the log-likelihood, are unchanged). Use it when demonstrations of an infinite-horizon
    /// problem were truncated at `T` steps, so `μ_E` has mass `Σ_{t<T} γᵗ < 1/(1−γ)`.
    /// - Throws: ``IRLError/invalidParameter(argument:value:reason:)`` unless `mass > 0` and finite.
    /// - Complexity: O(S·A·B).
    public func scaled(toMass target: Scalar) throws(IRLError) -> ExpertStatistics {
        guard target > 0, target.isFinite else {
            throw .invalidParameter(argument: "mass", value: Double(target), reason: "must be positive and finite")
        }
        let current = mass
        let b = batch
        let mu = Tensor(shape: occupancy.shape) { i in occupancy.scalars[i] * (target / current[i % b]) }
        return ExpertStatistics(occupancy: mu, counts: counts, trajectories: trajectories, discount: discount)
    }

    static func checkNonNegative(_ t: Tensor<Scalar>, argument: String) throws(IRLError) {
        if let bad = t.firstNonFinite() {
            throw .nonFinite(argument: argument, index: bad.index, value: Double(bad.value))
        }
        if let i = t.scalars.firstIndex(where: { $0 < 0 }) {
            throw .negativeProbability(argument: argument, index: t.multiIndex(i), value: Double(t.scalars[i]))
        }
    }
}
