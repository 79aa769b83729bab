import DenseTensors

/// `F[k, b] = Σ_{s,a} Φ[s, a, k]·x[s, a, b]` for `Φ[S, A, K]` and `x[S, A, B]`: one GEMM `Φᵀ·X`.
func featureProduct<Scalar: BLASScalar>(_ features: Tensor<Scalar>, _ x: Tensor<Scalar>) throws(IRLError) -> Tensor<Scalar> {
    let (s, a, b) = (x.shape[0], x.shape[1], x.shape[2])
    guard features.rank == 3, features.shape[0] == s, features.shape[1] == a else {
        throw .shapeMismatch(argument: "features", expected: "[\(s), \(a), K]", actual: features.shape)
    }
    let k = features.shape[2]
    var f = Tensor<Scalar>(zeros: [k, b])
    try IRLError.wrap("feature expectations Φᵀμ") { () throws(TensorError) in
        try features.withUnsafeBufferPointer { (pf) throws(TensorError) in
            try x.withUnsafeBufferPointer { (px) throws(TensorError) in
                try f.withUnsafeMutableBufferPointer { (out) throws(TensorError) in
                    try BLAS.gemm(.transpose, pf, .none, px, into: out, m: k, n: b, k: s * a)
                }
            }
        }
    }
    return f
}

/// `μ[s, a, b] = Σ_t γᵗ·counts[t, s, a, b] / N_b` for `counts[T, S, A, B]`.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func discountedSum<Scalar: BLASScalar>(_ counts: Tensor<Scalar>, discount: Scalar, trajectories n: [Int]) -> Tensor<Scalar> {
    let (t, s, a, b) = (counts.shape[0], counts.shape[1], counts.shape[2], counts.shape[3])
    let sab = s * a * b
    var mu = Tensor<Scalar>(zeros: [s, a, b])
    mu.withUnsafeMutableBufferPointer { out in
        counts.withUnsafeBufferPointer { pc in
            var weight: Scalar = 1
            for step in 0..<t where weight != 0 {
                for i in 0..<sab where pc[step * sab + i] != 0 { out[i] += weight * pc[step * sab + i] }
                weight *= discount
            }
            for i in 0..<sab { out[i] /= Scalar(n[i % b]) }
        }
    }
    return mu
}

/// `Σ_k λ[k, b]·v[k, b]` for each column of two `[K, B]` arrays.
func columnDots<Scalar: BLASScalar>(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) -> [Scalar] {
    let (k, b) = (x.shape[0], x.shape[1])
    return (0..<b).map { col in (0..<k).reduce(Scalar(0)) { $0 + x.scalars[$1 * b + col] * y.scalars[$1 * b + col] } }
}

/// `x − y` for two tensors of the same shape.
func difference<Scalar: BLASScalar>(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) -> Tensor<Scalar> {
    Tensor(shape: x.shape) { x.scalars[$0] - y.scalars[$0] }
}

/// The flat index of the first entry of `r` that is NaN or `+∞` (`−∞` marks forbidden actions).
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func firstOverflow<Scalar: BLASScalar>(_ r: Tensor<Scalar>) -> Int? {
    r.withUnsafeBufferPointer { p in
        for i in 0..<p.count where !(p[i] < .infinity) { return i }
        return nil
    }
}

/// `Σ_i t[i, b]` for each column of a tensor whose last axis is the batch.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func columnSums<Scalar: BLASScalar>(_ t: Tensor<Scalar>) -> [Scalar] {
    let b = t.shape.last ?? 1
    var sums = [Scalar](repeating: 0, count: b)
    t.withUnsafeBufferPointer { p in
        for i in 0..<p.count { sums[i % b] += p[i] }
    }
    return sums
}

/// `Σ_{s,a} counts[t, s, a, b]` for each step `t` and column `b` of `counts[T, S, A, B]`.
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
func stepTotals<Scalar: BLASScalar>(_ counts: Tensor<Scalar>) -> [[Scalar]] {
    let (t, b) = (counts.shape[0], counts.shape[3])
    let block = counts.count / Swift.max(t, 1)
    return counts.withUnsafeBufferPointer { p in
        (0..<t).map { step in
            var sums = [Scalar](repeating: 0, count: b)
            for i in 0..<block { sums[i % b] += p[step * block + i] }
            return sums
        }
    }
}
