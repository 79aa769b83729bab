import DenseTensors

/// Scores for imitation learners that need no MDP: moment mismatch and reward error up to a
/// constant shift. The scores that need dynamics are methods of ``TabularMDP``:
/// ``TabularMDP/performanceGap(expert:learner:reward:)``,
/// ``TabularMDP/expectedValueDifference(trueReward:learnedReward:planner:)`` and
/// ``TabularMDP/policyDivergence(expert:learner:)``.
public enum Metrics {
    /// The moment mismatch `‖F_π − F_E‖` per column, in any ``VectorNorm`` (`.infinity` and `.two`
    /// are the ones the game reports).
    ///
    /// - Parameters:
    ///   - learner: `F_π`, shape `[K]` or `[K, B]`.
    ///   - expert: `F_E`, shape `[K]` or `[K, B]` (a single column broadcasts).
    ///   - norm: the norm.
    /// - Returns: one value per column, shape `[B]`.
    /// - Throws: ``IRLError/shapeMismatch(argument:expected:actual:)`` when the shapes do not
    ///   broadcast; ``IRLError/nonFinite(argument:index:value:)`` for NaN or infinite moments.
    /// - Complexity: O(K·B).
    public static func momentMismatch<Scalar: BLASScalar>(
        learner: Tensor<Scalar>, expert: Tensor<Scalar>, norm: VectorNorm
    ) throws(IRLError) -> Tensor<Scalar> {
        let (fl, bl) = try columns(learner, argument: "learner moments")
        let (fe, be) = try columns(expert, argument: "expert moments")
        guard fl.shape[0] == fe.shape[0], bl == be || bl == 1 || be == 1 else {
            let columns = be == 1 ? "" : ", with \(be) or 1 columns"
            throw .shapeMismatch(
                argument: "learner moments", expected: "\(fe.shape[0]) rows (the expert's K)\(columns)", actual: learner.shape)
        }
        let (k, b) = (fl.shape[0], Swift.max(bl, be))
        let difference = Tensor<Scalar>(shape: [k, b]) { i in
            let (row, col) = (i / b, i % b)
            return fl.scalars[row * bl + (bl == 1 ? 0 : col)] - fe.scalars[row * be + (be == 1 ? 0 : col)]
        }
        return Tensor(norm.columns(of: difference))
    }

    /// `[K]` → `[K, 1]`; checks rank and finiteness.
    static func columns<Scalar: BLASScalar>(_ t: Tensor<Scalar>, argument: String) throws(IRLError) -> (Tensor<Scalar>, Int) {
        guard t.rank == 1 || t.rank == 2, t.shape[0] >= 1 else {
            throw .shapeMismatch(argument: argument, expected: "[K] or [K, B]", actual: t.shape)
        }
        if let bad = t.firstNonFinite() { throw .nonFinite(argument: argument, index: bad.index, value: Double(bad.value)) }
        let b = t.rank == 1 ? 1 : t.shape[1]
        return (try IRLError.wrap(argument) { () throws(TensorError) in try t.reshaped([t.shape[0], b]) }, b)
    }

    /// The error of a learned reward up to the best constant shift: `min_c ‖r̂ + c − r‖` over all
    /// entries, with the minimising shift `c`. With `d = r − r̂`:
    ///
    ///     ℓ2: c = mean(d),                         error = ‖d − c‖₂
    ///     ℓ∞: c = (max d + min d)/2 (midrange),     error = (max d − min d)/2
    ///     ℓ1: c = median(d) (the lower middle one), error = ‖d − c‖₁
    ///
    /// IRL identifies a reward only up to such a shift (and, with a finite horizon and no
    /// terminal states, only up to potential shaping; this metric checks the shift alone).
    ///
    /// - Parameters:
    ///   - learned: `r̂`, any shape (e.g. `[S]` or `[S, A]`).
    ///   - truth: `r`, the same shape.
    ///   - norm: the norm.
    /// - Returns: the error and the shift `c` to add to `r̂`.
    /// - Throws: ``IRLError/shapeMismatch(argument:expected:actual:)`` for different or empty
    ///   shapes; ``IRLError/nonFinite(argument:index:value:)`` for NaN or infinite entries
    ///   (entries `−∞` in both, forbidden actions, are skipped).
    /// - Complexity: O(n) (ℓ1: O(n log n)).
    public static func rewardError<Scalar: BLASScalar>(
        learned: Tensor<Scalar>, truth: Tensor<Scalar>, norm: VectorNorm
    ) throws(IRLError) -> (error: Scalar, shift: Scalar) {
        guard learned.shape == truth.shape, learned.count > 0 else {
            throw .shapeMismatch(argument: "learned reward", expected: "\(truth.shape), non-empty", actual: learned.shape)
        }
        var d = [Scalar]()
        d.reserveCapacity(truth.count)
        for i in 0..<truth.count {
            let (x, y) = (learned.scalars[i], truth.scalars[i])
            if x == -.infinity, y == -.infinity { continue }
            guard x.isFinite else { throw .nonFinite(argument: "learned reward", index: learned.multiIndex(i), value: Double(x)) }
            guard y.isFinite else { throw .nonFinite(argument: "true reward", index: truth.multiIndex(i), value: Double(y)) }
            d.append(y - x)
        }
        guard !d.isEmpty else { throw .empty(argument: "reward entries (all are −∞)") }
        let shift: Scalar
        switch norm {
        case .two: shift = d.reduce(0, +) / Scalar(d.count)
        case .infinity:
            let (lo, hi) = d.reduce((Scalar.infinity, -Scalar.infinity)) { (Swift.min($0.0, $1), Swift.max($0.1, $1)) }
            shift = lo / 2 + hi / 2
        case .one: shift = d.sorted()[(d.count - 1) / 2]
        }
        return (norm(d.lazy.map { $0 - shift }), shift)
    }
}
