import DenseTensors

/// Transitions stored as a dense `[S, A, S']` array; pull and push are one OpenBLAS GEMM
/// (GEMV when the batch is 1) each.
///
/// The array is the operator's own tensor, or — for the C ABI — a caller's array borrowed in
/// place (a storage choice, not another solver: the products are the same calls).
///
/// Memory: `S²·A` scalars — 40 TB for a 1024×1024 gridworld, so for large sparse problems use
/// the sparse or stencil operator.
public struct DenseTransitionOperator<Scalar: BLASScalar>: TransitionOperator, @unchecked Sendable {
    /// Where the `S·A·S` entries live. A borrowed array is kept alive and unchanged by its owner
    /// while the operator exists (the C header's contract), so the pointer may be shared.
    enum Storage {
        case owned(Tensor<Scalar>)
        case borrowed(UnsafeBufferPointer<Scalar>)
    }

    let storage: Storage
    public let stateCount: Int
    public let actionCount: Int
    public var kind: String {
        if case .borrowed = storage { return "dense (borrowed)" }
        return "dense"
    }
    /// GEMM/GEMV through OpenBLAS: the solvers keep their elementwise kernels on the calling thread.
    public var runsOnThreadedBLAS: Bool { true }
    /// The bytes the operator owns (0 for a borrowed array).
    public var storageBytes: Int {
        if case .borrowed = storage { return 0 }
        return stateCount * actionCount * stateCount * MemoryLayout<Scalar>.stride
    }

    /// `P[s, a, s']`, validated row-stochastic (a copy when the array is borrowed).
    public var transitions: Tensor<Scalar> {
        switch storage {
        case let .owned(t): return t
        case let .borrowed(p): return try! Tensor(shape: [stateCount, actionCount, stateCount], scalars: Array(p))
        }
    }

    /// The entries, wherever they live.
    @inline(__always)
    func withEntries<R>(_ body: (UnsafeBufferPointer<Scalar>) -> R) -> R {
        switch storage {
        case let .owned(t): return t.withUnsafeBufferPointer(body)
        case let .borrowed(p): return body(p)
        }
    }

    /// Wraps a tensor whose rows were validated (``TransitionStructure``).
    init(validated transitions: Tensor<Scalar>) {
        storage = .owned(transitions)
        stateCount = transitions.shape[0]
        actionCount = transitions.shape[1]
    }

    /// Borrows a caller's validated `[S, A, S]` array (the C ABI).
    init(borrowing p: UnsafeBufferPointer<Scalar>, stateCount: Int, actionCount: Int) {
        storage = .borrowed(p)
        self.stateCount = stateCount
        self.actionCount = actionCount
    }

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
        let (s, a) = try Self.checkShape(transitions)
        let tol = tolerance ?? Scalar.ulpOfOne.squareRoot()
        try transitions.withUnsafeBufferPointer { (p) throws(IRLError) in
            _ = try DenseTransitionScan.scan(p, states: s, actions: a, tolerance: tol, collectLimit: nil, threads: defaultThreadCount)
        }
        self.init(validated: transitions)
    }

    /// `(S, A)` of a `[S, A, S]` tensor whose `S·A` rows fit the 32-bit BLAS interface.
    static func checkShape(_ transitions: Tensor<Scalar>) throws(IRLError) -> (Int, Int) {
        guard transitions.rank == 3, transitions.shape[0] == transitions.shape[2], transitions.shape[0] > 0,
            transitions.shape[1] > 0
        else {
            throw .shapeMismatch(argument: "transitions", expected: "[S, A, S] with S, A ≥ 1", actual: transitions.shape)
        }
        let (s, a) = (transitions.shape[0], transitions.shape[1])
        guard Int32(exactly: s * a) != nil else {
            throw .exceedsMemoryBudget(
                what: "dense transitions [\(s), \(a), \(s)]", bytes: s * a * s * MemoryLayout<Scalar>.stride,
                budget: Int(Int32.max), suggestion: "use SparseTransitionOperator or a stencil operator")
        }
        return (s, a)
    }

    /// The operator the solvers should use for `transitions`: this dense operator, or the sparse
    /// form that ``TransitionStructure`` finds (`storage`).
    /// - Throws: as ``init(transitions:tolerance:)``.
    /// - Complexity: one read of the array, plus `O(nnz)` when sparse.
    public static func structured(
        _ transitions: Tensor<Scalar>, storage: TransitionStorage = .automatic, tolerance: Scalar? = nil,
        threads: Int = defaultThreadCount
    ) throws(IRLError) -> any TransitionOperator<Scalar> {
        let (s, a) = try checkShape(transitions)
        let tol = tolerance ?? Scalar.ulpOfOne.squareRoot()
        return try transitions.withUnsafeBufferPointer { (p) throws(IRLError) in
            try TransitionStructure.operatorFromDense(
                p, owner: transitions, states: s, actions: a, storage: storage, tolerance: tol, threads: threads
            ).dynamics
        }
    }

    public func pull(
        _ v: UnsafeBufferPointer<Scalar>, batch: Int, into out: UnsafeMutableBufferPointer<Scalar>,
        alpha: Scalar, beta: Scalar
    ) {
        let (m, k) = (stateCount * actionCount, stateCount)
        withEntries { p in
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
        withEntries { p in
            if batch == 1 {
                try! BLAS.gemv(.transpose, p, m: m, n: k, x, into: out, alpha: alpha, beta: beta)
            } else {
                try! BLAS.gemm(.transpose, p, .none, x, into: out, m: k, n: batch, k: m, alpha: alpha, beta: beta)
            }
        }
    }

    public func successors(state: Int, action: Int) -> [(state: Int, probability: Scalar)] {
        let base = (state * actionCount + action) * stateCount
        return withEntries { p in
            (0..<stateCount).compactMap { p[base + $0] != 0 ? ($0, p[base + $0]) : nil }
        }
    }

    public func bytesMoved(batch: Int) -> Int {
        (stateCount * actionCount * stateCount + stateCount * actionCount * batch + stateCount * batch)
            * MemoryLayout<Scalar>.stride
    }
}
