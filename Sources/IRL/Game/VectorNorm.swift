import DenseTensors

/// A vector norm on feature or weight vectors (the columns of a `[K, B]` array).
///
///     ‖v‖₁ = Σ_k |v_k|,   ‖v‖₂ = (Σ_k v_k²)^½,   ‖v‖∞ = max_k |v_k|
///
/// The game uses two of them together: a weight ball `‖λ‖ ≤ R` of one norm and the moment
/// mismatch measured in its ``dual`` norm, because `min_{‖λ‖ ≤ R} λ·v = −R·‖v‖_dual`.
public enum VectorNorm: String, Sendable, Hashable, CaseIterable {
    /// `‖v‖₁`.
    case one
    /// `‖v‖₂`.
    case two
    /// `‖v‖∞`.
    case infinity

    /// The dual norm `‖v‖_* = max_{‖λ‖ ≤ 1} λ·v`: ℓ1 ↔ ℓ∞, ℓ2 ↔ ℓ2.
    public var dual: VectorNorm {
        switch self {
        case .one: return .infinity
        case .two: return .two
        case .infinity: return .one
        }
    }

    /// The norm of a vector.
    /// - Complexity: O(count).
    public func callAsFunction<Scalar: BLASScalar>(_ v: some Sequence<Scalar>) -> Scalar {
        switch self {
        case .one: return v.reduce(0) { $0 + Swift.abs($1) }
        case .two:
            // Scaled by the largest entry so that squares neither overflow nor underflow.
            let scale = v.reduce(Scalar(0)) { Swift.max($0, Swift.abs($1)) }
            guard scale > 0, scale.isFinite else { return scale }
            let sum = v.reduce(Scalar(0)) { acc, x in
                let y = x / scale; return acc + y * y
            }
            return scale * sum.squareRoot()
        case .infinity: return v.reduce(0) { Swift.max($0, Swift.abs($1)) }
        }
    }

    /// The norm of each column of a `[K, B]` array (a rank-1 `[K]` array is one column).
    /// - Complexity: O(K·B).
    public func columns<Scalar: BLASScalar>(of t: Tensor<Scalar>) -> [Scalar] {
        let (k, b) = t.rank == 1 ? (t.shape[0], 1) : (t.shape[0], t.count / Swift.max(1, t.shape[0]))
        return (0..<b).map { col in self((0..<k).lazy.map { t.scalars[$0 * b + col] }) }
    }
}
