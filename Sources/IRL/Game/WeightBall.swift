import DenseTensors

/// The reward player's feasible set in the game: the ball `{λ : ‖λ‖ ≤ radius}` of one
/// ``VectorNorm``, applied to each batch column of the weights `λ[K, B]` separately.
///
/// Two facts about it make the game's quantities exact:
///
///     Proj(λ) = argmin_{‖μ‖ ≤ R} ‖μ − λ‖₂                      (Euclidean projection)
///     min_{‖λ‖ ≤ R} λ·v = −R · ‖v‖_dual                          (ℓ2 ↔ ℓ2, ℓ∞ ↔ ℓ1, ℓ1 ↔ ℓ∞)
///
/// The initialiser does not throw; the solvers validate the radius (``validate(argument:)``).
public struct WeightBall<Scalar: BLASScalar>: Sendable, Hashable {
    /// The norm that defines the ball.
    public var norm: VectorNorm
    /// `R > 0`.
    public var radius: Scalar

    /// - Parameters:
    ///   - norm: `.two`, `.infinity` or `.one`.
    ///   - radius: `R > 0` and finite.
    public init(norm: VectorNorm, radius: Scalar) {
        self.norm = norm
        self.radius = radius
    }

    /// Throws unless the radius is positive and finite; `argument` names the option in the error.
    /// - Throws: ``IRLError/invalidParameter(argument:value:reason:)``.
    public func validate(argument: String = "ball") throws(IRLError) {
        guard radius > 0, radius.isFinite else {
            throw .invalidParameter(argument: argument + ".radius", value: Double(radius), reason: "must be positive and finite")
        }
    }

    /// `min_{‖λ‖ ≤ R} λ·v = −R·‖v‖_dual` for each column of `v[K, B]`.
    /// - Complexity: O(K·B).
    public func minimumInnerProduct(with v: Tensor<Scalar>) -> [Scalar] {
        norm.dual.columns(of: v).map { -radius * $0 }
    }

    /// Whether each column of `λ[K, B]` lies in the ball (with a relative slack `tolerance`).
    /// - Complexity: O(K·B).
    public func contains(_ weights: Tensor<Scalar>, tolerance: Scalar = 0) -> [Bool] {
        norm.columns(of: weights).map { $0 <= radius * (1 + tolerance) }
    }

    /// The Euclidean projection of each column of `λ[K, B]` onto the ball.
    ///
    /// ℓ2: `λ·min(1, R/‖λ‖₂)`; ℓ∞: clip each entry to `[−R, R]`; ℓ1: soft-thresholding
    /// `sign(λ_k)·max(|λ_k| − θ, 0)` with the `θ ≥ 0` that puts the result on the sphere
    /// (sort-based, Duchi et al. 2008).
    /// - Complexity: O(K·B) (ℓ1: O(B·K log K)).
    public func project(_ weights: Tensor<Scalar>) -> Tensor<Scalar> {
        var out = weights
        let (k, b) = weights.rank == 1 ? (weights.shape[0], 1) : (weights.shape[0], weights.count / Swift.max(1, weights.shape[0]))
        out.withUnsafeMutableBufferPointer { w in
            for col in 0..<b {
                var column = (0..<k).map { w[$0 * b + col] }
                projectColumn(&column)
                for i in 0..<k { w[i * b + col] = column[i] }
            }
        }
        return out
    }

    /// Projects one column in place.
    func projectColumn(_ v: inout [Scalar]) {
        switch norm {
        case .two:
            let n = VectorNorm.two(v)
            if n > radius { let f = radius / n; for i in v.indices { v[i] *= f } }
        case .infinity:
            for i in v.indices { v[i] = Swift.min(Swift.max(v[i], -radius), radius) }
        case .one:
            guard VectorNorm.one(v) > radius else { return }
            let sorted = v.map { Swift.abs($0) }.sorted(by: >)
            var cumulative: Scalar = 0, theta: Scalar = 0
            for (j, u) in sorted.enumerated() {
                cumulative += u
                let candidate = (cumulative - radius) / Scalar(j + 1)
                if u - candidate > 0 { theta = candidate } else { break }
            }
            for i in v.indices {
                let m = Swift.max(Swift.abs(v[i]) - theta, 0)
                v[i] = v[i] < 0 ? -m : m
            }
        }
    }
}
