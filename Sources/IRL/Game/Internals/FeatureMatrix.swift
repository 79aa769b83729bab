import DenseTensors

/// The game's features `Φ[S, A, K]` as the `(S·A)×K` matrix of the two products every iteration
/// needs, `r = Φλ` and `F = Φᵀx`, with its sparsity found once per solve.
///
/// When at most one entry in eight is nonzero — indicator features are (one-hot states, bands,
/// goal cells) — the nonzeros are kept in compressed rows (CSR over the `S·A` rows): each product
/// is then `O(nnz·B)` and calls no BLAS (a GEMM would pack all of `Φ` and wake OpenBLAS's worker
/// threads, which then spin beside the soft-VI threads of the next pass). Otherwise the products
/// stay the dense GEMMs of ``TabularMDP/stateActionRewards(_:)`` and ``featureProduct(_:_:)``.
/// The two forms agree up to the order of summation; with one nonzero per row, exactly.
struct FeatureMatrix<Scalar: BLASScalar>: Sendable {
    /// The `(S·A)×K` nonzeros in compressed rows.
    struct CompressedRows: Sendable {
        /// Row `i` holds entries `rowStarts[i] ..< rowStarts[i + 1]`.
        let rowStarts: [Int32]
        let columns: [Int32]
        let values: [Scalar]
    }

    /// `Φ[S, A, K]`.
    let dense: Tensor<Scalar>
    /// The nonzeros, when they are at most one entry in eight.
    let sparse: CompressedRows?

    var rowCount: Int { dense.shape[0] * dense.shape[1] }
    var featureCount: Int { dense.shape[2] }

    /// Scans `Φ` once and keeps its nonzeros when they are sparse enough.
    /// - Complexity: `O(S·A·K)` (it stops at the first nonzero beyond the limit); memory below
    ///   the size of `Φ` when sparse.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    init(_ phi: Tensor<Scalar>) {
        dense = phi
        sparse = Self.compress(phi)
    }

    /// The nonzeros of `Φ` in compressed rows, or `nil` when more than one entry in eight is
    /// nonzero (CSR moves 12 bytes per nonzero, value and column, against 8 per dense entry).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    static func compress(_ phi: Tensor<Scalar>) -> CompressedRows? {
        let (rows, k) = (phi.shape[0] * phi.shape[1], phi.shape[2])
        let limit = rows * k / 8
        guard limit < Int(Int32.max), k < Int(Int32.max) else { return nil }
        var starts = [Int32](repeating: 0, count: rows + 1)
        var columns = [Int32]()
        var values = [Scalar]()
        let compressed = phi.withUnsafeBufferPointer { p -> Bool in
            for row in 0..<rows {
                for col in 0..<k where p[row * k + col] != 0 {
                    guard values.count < limit else { return false }
                    columns.append(Int32(col))
                    values.append(p[row * k + col])
                }
                starts[row + 1] = Int32(values.count)
            }
            return true
        }
        return compressed ? CompressedRows(rowStarts: starts, columns: columns, values: values) : nil
    }

    /// `F[k, b] = Σ_{s,a} Φ[s, a, k]·x[s, a, b]`, `[K, B]`, for a state-action measure `x[S, A, B]`:
    /// ``featureProduct(_:_:)``, or the compressed rows when the features are sparse.
    /// - Throws: ``IRLError/shapeMismatch(argument:expected:actual:)`` when `x` is not `[S, A, B]`.
    /// - Complexity: `O(nnz·B)` sparse, one GEMM `O(S·A·K·B)` dense.
    func expectations(_ x: Tensor<Scalar>) throws(IRLError) -> Tensor<Scalar> {
        guard let sparse else { return try featureProduct(dense, x) }
        let (s, a) = (dense.shape[0], dense.shape[1])
        guard x.rank == 3, x.shape[0] == s, x.shape[1] == a else {
            throw .shapeMismatch(argument: "occupancy", expected: "[\(s), \(a), B]", actual: x.shape)
        }
        return sparse.transposedProduct(x, features: featureCount)
    }
}

extension FeatureMatrix.CompressedRows {
    /// `r[i, b] = Σ_k Φ[i, k]·λ[k, b]` over the `S·A` rows, for `λ[K, B]`; shape `[S, A, B]`.
    /// - Complexity: `O(nnz·B)`.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func product(_ weights: Tensor<Scalar>, states s: Int, actions a: Int) -> Tensor<Scalar> {
        let b = weights.rank == 1 ? 1 : weights.shape[1]
        var r = Tensor<Scalar>(zeros: [s, a, b])
        r.withUnsafeMutableBufferPointer { out in
            weights.withUnsafeBufferPointer { w in
                rowStarts.withUnsafeBufferPointer { starts in
                    columns.withUnsafeBufferPointer { cols in
                        values.withUnsafeBufferPointer { v in
                            for row in 0..<(s * a) {
                                for j in Int(starts[row])..<Int(starts[row + 1]) {
                                    let (x, source) = (v[j], Int(cols[j]) * b)
                                    for col in 0..<b { out[row * b + col] += x * w[source + col] }
                                }
                            }
                        }
                    }
                }
            }
        }
        return r
    }

    /// `F[k, b] = Σ_i Φ[i, k]·x[i, b]` over the `S·A` rows, for `x[S, A, B]`; shape `[K, B]`.
    /// - Complexity: `O(nnz·B)`.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func transposedProduct(_ x: Tensor<Scalar>, features k: Int) -> Tensor<Scalar> {
        let b = x.shape[2]
        var f = Tensor<Scalar>(zeros: [k, b])
        f.withUnsafeMutableBufferPointer { out in
            x.withUnsafeBufferPointer { px in
                rowStarts.withUnsafeBufferPointer { starts in
                    columns.withUnsafeBufferPointer { cols in
                        values.withUnsafeBufferPointer { v in
                            for row in 0..<(starts.count - 1) {
                                for j in Int(starts[row])..<Int(starts[row + 1]) {
                                    let (phi, target) = (v[j], Int(cols[j]) * b)
                                    for col in 0..<b { out[target + col] += phi * px[row * b + col] }
                                }
                            }
                        }
                    }
                }
            }
        }
        return f
    }
}
