import DenseTensors

/// The seam between the solvers and a representation of the transition model `P(s' | s, a)`.
///
/// Every planner and the forward pass are written against the two products below, over a batch
/// of `B` columns stored batch-last (`[s][b]` and `[s][a][b]`, row-major):
///
/// - **pull** (backward): `out[s, a, b] = α · Σ_s' P(s'|s,a) · v[s', b] + β · out[s, a, b]` —
///   with `P` viewed as an `(S·A) × S` matrix this is GEMM `P · V` (GEMV when `B = 1`);
/// - **push** (forward): `out[s', b] = α · Σ_{s,a} P(s'|s,a) · x[s, a, b] + β · out[s', b]` —
///   GEMM `Pᵀ · X`.
///
/// Implementations: ``DenseTransitionOperator`` (OpenBLAS), and the sparse and stencil
/// operators for large gridworlds. They must agree with the dense one to ~1e-12 in `Double`.
/// Buffer sizes are checked by the callers (the solvers allocate them); implementations may
/// assume `v.count ≥ S·B`, `x.count ≥ S·A·B`, `out` sized accordingly, and `β ∈ {0, 1}` or any
/// finite value. With `β = 0`, `out` is write-only: its prior contents (uninitialised, even NaN)
/// must not be read, as BLAS does.
public protocol TransitionOperator<Scalar>: Sendable {
    associatedtype Scalar: BLASScalar

    /// The number of states `S`.
    var stateCount: Int { get }
    /// The number of actions `A` (the same in every state; forbid actions with a mask).
    var actionCount: Int { get }
    /// A short name for reports and benchmarks: `"dense"`, `"sparse"`, `"stencil"`.
    var kind: String { get }
    /// The bytes the operator holds (its stored matrix, if any).
    var storageBytes: Int { get }

    /// `out[s, a, b] = α · Σ_s' P(s'|s,a) · v[s', b] + β · out[s, a, b]`.
    func pull(
        _ v: UnsafeBufferPointer<Scalar>, batch: Int, into out: UnsafeMutableBufferPointer<Scalar>,
        alpha: Scalar, beta: Scalar)

    /// `out[s', b] = α · Σ_{s,a} P(s'|s,a) · x[s, a, b] + β · out[s', b]`.
    func push(
        _ x: UnsafeBufferPointer<Scalar>, batch: Int, into out: UnsafeMutableBufferPointer<Scalar>,
        alpha: Scalar, beta: Scalar)

    /// The successors of `(state, action)` with nonzero probability, in increasing `s'`.
    ///
    /// Not a hot path: used for sampling, exact linear-solve evaluation and folding
    /// `r(s, a, s')` rewards. Indices are assumed in range (callers check).
    func successors(state: Int, action: Int) -> [(state: Int, probability: Scalar)]

    /// The bytes of memory traffic one pull or push over a batch of `batch` columns must move
    /// at least (the operator's data plus the input and output arrays): the denominator of the
    /// benchmarks' fraction of memory bandwidth.
    func bytesMoved(batch: Int) -> Int

    /// Whether `pull` and `push` are calls of a multithreaded BLAS (GEMM/GEMV). Its worker
    /// threads keep spinning on the other cores for a while after every call, so the solvers
    /// then run their per-step elementwise kernels (log-sum-exp, policy weighting) on the calling
    /// thread instead of competing with them. Default: `false`.
    var runsOnThreadedBLAS: Bool { get }
}

extension TransitionOperator {
    public var runsOnThreadedBLAS: Bool { false }

    /// The threads for the elementwise kernels between two products: 1 when the products run
    /// on a threaded BLAS (``runsOnThreadedBLAS``), else `threads`.
    func elementwiseThreads(_ threads: Int) -> Int { runsOnThreadedBLAS ? 1 : threads }
}

extension TransitionOperator {
    /// `P · V` on tensors: `v` is `[S]` or `[S, B]`; the result is `[S, A]` or `[S, A, B]`.
    /// - Throws: ``IRLError/shapeMismatch(argument:expected:actual:)``.
    /// - Complexity: one ``pull(_:batch:into:alpha:beta:)``.
    public func pull(_ v: Tensor<Scalar>) throws(IRLError) -> Tensor<Scalar> {
        guard v.shape.first == stateCount, v.rank == 1 || v.rank == 2 else {
            throw .shapeMismatch(argument: "pull values", expected: "[\(stateCount)] or [\(stateCount), B]", actual: v.shape)
        }
        let batch = v.rank == 1 ? 1 : v.shape[1]
        var out = Tensor<Scalar>(zeros: v.rank == 1 ? [stateCount, actionCount] : [stateCount, actionCount, batch])
        v.withUnsafeBufferPointer { pv in
            out.withUnsafeMutableBufferPointer { po in pull(pv, batch: batch, into: po, alpha: 1, beta: 0) }
        }
        return out
    }

    /// `Pᵀ · X` on tensors: `x` is `[S, A]` or `[S, A, B]`; the result is `[S]` or `[S, B]`.
    /// - Throws: ``IRLError/shapeMismatch(argument:expected:actual:)``.
    /// - Complexity: one ``push(_:batch:into:alpha:beta:)``.
    public func push(_ x: Tensor<Scalar>) throws(IRLError) -> Tensor<Scalar> {
        guard x.rank == 2 || x.rank == 3, x.shape[0] == stateCount, x.shape[1] == actionCount else {
            throw .shapeMismatch(argument: "push values", expected: "[\(stateCount), \(actionCount)] or [\(stateCount), \(actionCount), B]", actual: x.shape)
        }
        let batch = x.rank == 2 ? 1 : x.shape[2]
        var out = Tensor<Scalar>(zeros: x.rank == 2 ? [stateCount] : [stateCount, batch])
        x.withUnsafeBufferPointer { px in
            out.withUnsafeMutableBufferPointer { po in push(px, batch: batch, into: po, alpha: 1, beta: 0) }
        }
        return out
    }

    /// The dense `[S, A, S]` transition tensor, rebuilt from ``successors(state:action:)``.
    /// For small problems (tests, exports): it needs `S²·A` scalars.
    public func denseTransitions() -> Tensor<Scalar> {
        var p = Tensor<Scalar>(zeros: [stateCount, actionCount, stateCount])
        p.withUnsafeMutableBufferPointer { buffer in
            for s in 0..<stateCount {
                for a in 0..<actionCount {
                    for (next, prob) in successors(state: s, action: a) {
                        buffer[(s * actionCount + a) * stateCount + next] = prob
                    }
                }
            }
        }
        return p
    }
}
