import DenseTensors

/// Transitions stored as a dense `[S, A, S']` tensor; pull and push are one OpenBLAS GEMM
/// (GEMV when the batch is 1) each.
///
/// Memory: `S²·A` scalars — 40 TB for a 1024×1024 gridworld, so for large sparse problems use
/// the sparse or stencil operator.
public struct DenseTransitionOperator<Scalar: BLASScalar>: TransitionOperator {
    /// `P[s, a, s']`, validated row-stochastic.
    public let transitions: Tensor<Scalar>
    public let stateCount: Int
    public let actionCount: Int
    public var kind: String { "dense" }
    /// GEMM/GEMV through OpenBLAS: the solvers keep their elementwise kernels on the calling thread.
    public var runsOnThreadedBLAS: Bool { true }
    public var storageBytes: Int { transitions.count * MemoryLayout<Scalar>.stride }

    /// Validates and wraps a dense transition tensor.
    ///
    /// - Parameters:
    ///   - transitions: `P[s, a, s']` with shape `[S, A, S]`.
    ///   - tolerance: how far a row sum may be from 1 (default: √ε of the scalar type, about
    ///     1.5e-8 in `Double` and 3.5e-4 in `Float`).
    /// - Throws: ``IRLError/shapeMismatch(argument:expected:actual:)``,
    ///   ``IRLError/nonFinite(argument:index:value:)``,
    ///   ``IRLError/negativeProbability(argument:index:value:)`` and
    ///   ``IRLError/notNormalized(argument:index:sum:tolerance:)`` naming the offending `[s, a, s']`;
    ///   ``IRLError/exceedsMemoryBudget(what:bytes:budget:suggestion:)`` when `S·A` or `S` exceed
    ///   the 32-bit BLAS limit.
    /// - Complexity: O(S²·A).
    public init(transitions: Tensor<Scalar>, tolerance: Scalar? = nil) throws(IRLError) {
        guard transitions.rank == 3, transitions.shape[0] == transitions.shape[2], transitions.shape[0] > 0,
              transitions.shape[1] > 0
        else {
            throw .shapeMismatch(argument: "transitions", expected: "[S, A, S] with S, A ≥ 1", actual: transitions.shape)
        }
        let (s, a) = (transitions.shape[0], transitions.shape[1])
        guard Int32(exactly: s * a) != nil else {
            throw .exceedsMemoryBudget(what: "dense transitions [\(s), \(a), \(s)]", bytes: s * a * s * MemoryLayout<Scalar>.stride,
                                       budget: Int(Int32.max), suggestion: "use SparseTransitionOperator or a stencil operator")
        }
        let tol = tolerance ?? Scalar.ulpOfOne.squareRoot()
        try transitions.withUnsafeBufferPointer { (p) throws(IRLError) in
            for row in 0..<(s * a) {
                var sum: Scalar = 0
                for next in 0..<s {
                    let x = p[row * s + next]
                    guard x.isFinite else {
                        throw .nonFinite(argument: "transitions", index: [row / a, row % a, next], value: Double(x))
                    }
                    guard x >= 0 else {
                        throw .negativeProbability(argument: "transitions", index: [row / a, row % a, next], value: Double(x))
                    }
                    sum += x
                }
                guard Swift.abs(sum - 1) <= tol else {
                    throw .notNormalized(argument: "transitions", index: [row / a, row % a], sum: Double(sum), tolerance: Double(tol))
                }
            }
        }
        self.transitions = transitions
        self.stateCount = s
        self.actionCount = a
    }

    public func pull(
        _ v: UnsafeBufferPointer<Scalar>, batch: Int, into out: UnsafeMutableBufferPointer<Scalar>,
        alpha: Scalar, beta: Scalar
    ) {
        let (m, k) = (stateCount * actionCount, stateCount)
        transitions.withUnsafeBufferPointer { p in
            // Sizes were validated at construction and by the calling solver: cannot throw.
            if batch == 1 {
                try! BLAS.gemv(.none, p, m: m, n: k, v, into: out, alpha: alpha, beta: beta)
            } else {
                try! BLAS.gemm(.none, p, .none, v, into: out, m: m, n: batch, k: k, alpha: alpha, beta: beta)
            }
        }
    }

    public func push(
        _ x: UnsafeBufferPointer<Scalar>, batch: Int, into out: UnsafeMutableBufferPointer<Scalar>,
        alpha: Scalar, beta: Scalar
    ) {
        let (m, k) = (stateCount * actionCount, stateCount)
        transitions.withUnsafeBufferPointer { p in
            if batch == 1 {
                try! BLAS.gemv(.transpose, p, m: m, n: k, x, into: out, alpha: alpha, beta: beta)
            } else {
                try! BLAS.gemm(.transpose, p, .none, x, into: out, m: k, n: batch, k: m, alpha: alpha, beta: beta)
            }
        }
    }

    public func successors(state: Int, action: Int) -> [(state: Int, probability: Scalar)] {
        let base = (state * actionCount + action) * stateCount
        return transitions.withUnsafeBufferPointer { p in
            (0..<stateCount).compactMap { p[base + $0] != 0 ? ($0, p[base + $0]) : nil }
        }
    }

    public func bytesMoved(batch: Int) -> Int {
        (stateCount * actionCount * stateCount + stateCount * actionCount * batch + stateCount * batch)
            * MemoryLayout<Scalar>.stride
    }
}
