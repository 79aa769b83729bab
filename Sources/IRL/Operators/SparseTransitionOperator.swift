import DenseTensors

/// Transitions stored in compressed sparse rows (CSR) over the `S·A` rows of `P[(s, a), s']`,
/// together with the transposed copy (CSC) so that both products are row-parallel gathers.
///
/// - pull: `out[(s, a), b] = α · Σ_k P_k · v[s'_k, b] + β · out` over the row's entries;
/// - push: `out[s', b] = α · Σ_k P_k · x[(s, a)_k, b] + β · out` over the column's entries,
///   in increasing `(s, a)` order.
///
/// Every output element is written by exactly one thread and summed in a fixed order, so the
/// results are bitwise independent of ``threads`` (no atomics, no scatter).
///
/// Memory: `2·nnz·(sizeof(Scalar) + 4) + 4·(S·A + S + 2)` bytes — indices are `Int32`, which
/// halves their traffic; `nnz` must stay below 2³¹ — plus the per-state patterns of the fused
/// soft pass (``SparseStatePatterns``: `4·S` bytes and a table of the distinct patterns; at most
/// as large as the CSR and CSC together, else not built).
public struct SparseTransitionOperator<Scalar: BLASScalar>: TransitionOperator {
    public let stateCount: Int
    public let actionCount: Int
    /// Threads for pull and push (rows are split in contiguous blocks). Results do not depend on it.
    public var threads: Int
    /// CSR: entries of row `(s, a)` are `rowStart[s·A + a] ..< rowStart[s·A + a + 1]`.
    @usableFromInline let rowStart: [Int32]
    @usableFromInline let nextState: [Int32]
    @usableFromInline let probability: [Scalar]
    /// CSC (the transpose): entries of column `s'` are `columnStart[s'] ..< columnStart[s' + 1]`.
    @usableFromInline let columnStart: [Int32]
    @usableFromInline let sourceRow: [Int32]
    @usableFromInline let transposedProbability: [Scalar]
    /// The per-state successor patterns read by the fused soft pass (`nil` when they would not be compact).
    let patterns: SparseStatePatterns<Scalar>?
    /// Per-state blocks of a small model, for the single-column fused steps of the finite passes
    /// (``BlockBackedFusedSteps``; `nil` for large models).
    package let fusedBlocks: StateBlockedTransitions<Scalar>?

    public var kind: String { "sparse" }
    /// The number of stored nonzero probabilities.
    public var nonzeroCount: Int { nextState.count }
    /// The bytes of the per-state patterns that the fused soft pass
    /// (``SoftValueIteration/occupancy(_:stateActionRewards:mode:budget:)`` in lean mode) reads
    /// twice per step instead of the CSR and CSC arrays; `nil` when the model has no compact
    /// patterns and that pass runs on pull and push.
    public var statePatternBytes: Int? { patterns?.storageBytes }
    public var storageBytes: Int {
        2 * nonzeroCount * (MemoryLayout<Scalar>.stride + 4) + 4 * (rowStart.count + columnStart.count)
            + (patterns?.storageBytes ?? 0) + (fusedBlocks?.storageBytes ?? 0)
    }

    /// One entry `P(next | state, action) = probability` of a sparse transition model.
    public struct Entry: Sendable, Hashable {
        public var state: Int
        public var action: Int
        public var next: Int
        public var probability: Scalar
        public init(state: Int, action: Int, next: Int, probability: Scalar) {
            self.state = state
            self.action = action
            self.next = next
            self.probability = probability
        }
    }

    /// Builds the operator from `(s, a, s', p)` entries in any order.
    ///
    /// Zero probabilities are dropped.
    /// - Parameters:
    ///   - stateCount: `S ≥ 1`.
    ///   - actionCount: `A ≥ 1`.
    ///   - entries: the nonzero transition probabilities; each `(s, a, s')` at most once.
    ///   - tolerance: how far a row sum may be from 1 (default √ε: ≈1.5e-8 Double, ≈3.5e-4 Float).
    ///   - threads: threads for pull and push (default: the number of cores).
    /// - Throws: ``IRLError/indexOutOfRange(argument:index:bound:)`` naming `entries[i].state`,
    ///   `.action` or `.next`; ``IRLError/nonFinite(argument:index:value:)`` and
    ///   ``IRLError/negativeProbability(argument:index:value:)`` naming the entry and its `[s, a, s']`;
    ///   ``IRLError/invalidParameter(argument:value:reason:)`` for a duplicate `(s, a, s')`;
    ///   ``IRLError/notNormalized(argument:index:sum:tolerance:)`` for a row `[s, a]` whose
    ///   probabilities do not sum to 1 (including a row with no entry);
    ///   ``IRLError/exceedsMemoryBudget(what:bytes:budget:suggestion:)`` when indices overflow `Int32`.
    /// - Complexity: O(nnz·log nnz + S·A) time, the memory above.
    public init(
        stateCount: Int, actionCount: Int, entries: [Entry], tolerance: Scalar? = nil,
        threads: Int = defaultThreadCount
    ) throws(IRLError) {
        try Self.checkCounts(stateCount, actionCount, nonzeros: entries.count)
        for (i, e) in entries.enumerated() {
            guard e.state >= 0, e.state < stateCount else {
                throw .indexOutOfRange(argument: "entries[\(i)].state", index: e.state, bound: stateCount)
            }
            guard e.action >= 0, e.action < actionCount else {
                throw .indexOutOfRange(argument: "entries[\(i)].action", index: e.action, bound: actionCount)
            }
            guard e.next >= 0, e.next < stateCount else {
                throw .indexOutOfRange(argument: "entries[\(i)].next", index: e.next, bound: stateCount)
            }
            guard e.probability.isFinite else {
                throw .nonFinite(argument: "entries[\(i)].probability", index: [e.state, e.action, e.next], value: Double(e.probability))
            }
            guard e.probability >= 0 else {
                throw .negativeProbability(argument: "entries[\(i)].probability", index: [e.state, e.action, e.next],
                                           value: Double(e.probability))
            }
        }
        let order = entries.indices.sorted { i, j in
            let (x, y) = (entries[i], entries[j])
            if x.state != y.state { return x.state < y.state }
            if x.action != y.action { return x.action < y.action }
            if x.next != y.next { return x.next < y.next }
            return i < j
        }
        for (k, i) in order.enumerated().dropFirst() {
            let (x, y) = (entries[order[k - 1]], entries[i])
            if x.state == y.state && x.action == y.action && x.next == y.next {
                throw .invalidParameter(argument: "entries[\(i)]", value: Double(y.probability),
                                        reason: "duplicates entries[\(order[k - 1])] for (s, a, s') = (\(y.state), \(y.action), \(y.next))")
            }
        }
        var rows = [[(state: Int, probability: Scalar)]](repeating: [], count: stateCount * actionCount)
        for i in order where entries[i].probability != 0 {
            let e = entries[i]
            rows[e.state * actionCount + e.action].append((e.next, e.probability))
        }
        try self.init(stateCount: stateCount, actionCount: actionCount, tolerance: tolerance, threads: threads) { row in
            rows[row]
        }
    }

    /// Converts a dense `[S, A, S]` transition tensor (validated like ``DenseTransitionOperator``).
    /// - Throws: ``IRLError/shapeMismatch(argument:expected:actual:)`` and the row errors of
    ///   ``init(stateCount:actionCount:entries:tolerance:threads:)`` naming `transitions[s, a, s']`.
    /// - Complexity: O(S²·A).
    public init(transitions: Tensor<Scalar>, tolerance: Scalar? = nil, threads: Int = defaultThreadCount) throws(IRLError) {
        guard transitions.rank == 3, transitions.shape[0] == transitions.shape[2], transitions.shape[0] > 0,
              transitions.shape[1] > 0
        else {
            throw .shapeMismatch(argument: "transitions", expected: "[S, A, S] with S, A ≥ 1", actual: transitions.shape)
        }
        let (s, a) = (transitions.shape[0], transitions.shape[1])
        let p = transitions.scalars
        try self.init(stateCount: s, actionCount: a, tolerance: tolerance, threads: threads) { row in
            (0..<s).compactMap { p[row * s + $0] != 0 ? ($0, p[row * s + $0]) : nil }
        }
    }

    /// Converts any operator (dense, stencil, …) through its ``TransitionOperator/successors(state:action:)``.
    /// - Throws: the row errors of ``init(stateCount:actionCount:entries:tolerance:threads:)``.
    /// - Complexity: `S·A` successor queries, O(nnz) memory.
    public init(_ other: some TransitionOperator<Scalar>, tolerance: Scalar? = nil, threads: Int = defaultThreadCount) throws(IRLError) {
        let a = other.actionCount
        try self.init(stateCount: other.stateCount, actionCount: a, tolerance: tolerance, threads: threads) { row in
            other.successors(state: row / a, action: row % a)
        }
    }

    /// The shared builder: `row(i)` lists the nonzero `(s', p)` of row `i = s·A + a` in increasing `s'`.
    init(
        stateCount: Int, actionCount: Int, tolerance: Scalar?, threads: Int,
        row: (Int) -> [(state: Int, probability: Scalar)]
    ) throws(IRLError) {
        try Self.checkCounts(stateCount, actionCount, nonzeros: 0)
        let rowCount = stateCount * actionCount
        let tol = tolerance ?? Scalar.ulpOfOne.squareRoot()
        var rowStart = [Int32](repeating: 0, count: rowCount + 1)
        var next = [Int32]()
        var prob = [Scalar]()
        next.reserveCapacity(rowCount)
        prob.reserveCapacity(rowCount)
        for i in 0..<rowCount {
            let entries = row(i)
            var sum: Scalar = 0
            var previous = -1
            for (s2, p) in entries {
                let index = [i / actionCount, i % actionCount, s2]
                guard s2 >= 0, s2 < stateCount else {
                    throw .indexOutOfRange(argument: "transitions[\(i / actionCount), \(i % actionCount), ·] next state", index: s2, bound: stateCount)
                }
                guard s2 > previous else {
                    throw .invalidParameter(argument: "transitions\(index)", value: Double(p), reason: "is listed twice or out of order")
                }
                guard p.isFinite else { throw .nonFinite(argument: "transitions", index: index, value: Double(p)) }
                guard p >= 0 else { throw .negativeProbability(argument: "transitions", index: index, value: Double(p)) }
                previous = s2
                sum += p
                if p != 0 {
                    next.append(Int32(s2))
                    prob.append(p)
                }
            }
            guard Swift.abs(sum - 1) <= tol else {
                throw .notNormalized(argument: "transitions", index: [i / actionCount, i % actionCount], sum: Double(sum),
                                     tolerance: Double(tol))
            }
            guard next.count < Int(Int32.max) else {
                throw .exceedsMemoryBudget(what: "sparse transitions with more than 2³¹ − 1 nonzeros", bytes: next.count * 12,
                                           budget: Int(Int32.max) * 12, suggestion: "use a stencil operator")
            }
            rowStart[i + 1] = Int32(next.count)
        }
        // The transpose by a counting sort on s': stable, so each column lists rows in increasing order.
        var columnStart = [Int32](repeating: 0, count: stateCount + 1)
        for s2 in next { columnStart[Int(s2) + 1] += 1 }
        for c in 0..<stateCount { columnStart[c + 1] += columnStart[c] }
        var fill = columnStart
        var source = [Int32](repeating: 0, count: next.count)
        var transposed = [Scalar](repeating: 0, count: next.count)
        for i in 0..<rowCount {
            for k in Int(rowStart[i])..<Int(rowStart[i + 1]) {
                let c = Int(next[k])
                let slot = Int(fill[c])
                source[slot] = Int32(i)
                transposed[slot] = prob[k]
                fill[c] += 1
            }
        }
        self.stateCount = stateCount
        self.actionCount = actionCount
        self.threads = threads
        self.rowStart = rowStart
        self.nextState = next
        self.probability = prob
        self.columnStart = columnStart
        self.sourceRow = source
        self.transposedProbability = transposed
        // No larger than the CSR and CSC arrays: those the fused pass would otherwise stream.
        self.patterns = SparseStatePatterns(rowStart: rowStart, nextState: next, probability: prob, states: stateCount,
                                            actions: actionCount, maximumBytes: 2 * next.count * (MemoryLayout<Scalar>.stride + 4))
        self.fusedBlocks = rowStart.withUnsafeBufferPointer { r in
            next.withUnsafeBufferPointer { n in
                prob.withUnsafeBufferPointer { q in
                    StateBlockedTransitions.forFusedSteps(rowStart: r, nextState: n, probability: q, states: stateCount, actions: actionCount)
                }
            }
        }
    }

    static func checkCounts(_ s: Int, _ a: Int, nonzeros: Int) throws(IRLError) {
        guard s >= 1 else { throw .invalidParameter(argument: "stateCount", value: Double(s), reason: "must be at least 1") }
        guard a >= 1 else { throw .invalidParameter(argument: "actionCount", value: Double(a), reason: "must be at least 1") }
        guard s.multipliedReportingOverflow(by: a).overflow == false, s * a < Int(Int32.max), nonzeros < Int(Int32.max) else {
            throw .exceedsMemoryBudget(what: "sparse transitions with S·A = \(s)·\(a) rows", bytes: Int.max, budget: Int(Int32.max),
                                       suggestion: "S·A and nnz must stay below 2³¹ for Int32 indices")
        }
    }

    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func pull(
        _ v: UnsafeBufferPointer<Scalar>, batch: Int, into out: UnsafeMutableBufferPointer<Scalar>,
        alpha: Scalar, beta: Scalar
    ) {
        rowStart.withUnsafeBufferPointer { start in
            nextState.withUnsafeBufferPointer { index in
                probability.withUnsafeBufferPointer { p in
                    SparseRowGather.gather(rows: stateCount * actionCount, start: start, index: index, weight: p, v, batch: batch,
                                           into: out, alpha: alpha, beta: beta, threads: threads)
                }
            }
        }
    }

    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func push(
        _ x: UnsafeBufferPointer<Scalar>, batch: Int, into out: UnsafeMutableBufferPointer<Scalar>,
        alpha: Scalar, beta: Scalar
    ) {
        columnStart.withUnsafeBufferPointer { start in
            sourceRow.withUnsafeBufferPointer { index in
                transposedProbability.withUnsafeBufferPointer { p in
                    SparseRowGather.gather(rows: stateCount, start: start, index: index, weight: p, x, batch: batch,
                                           into: out, alpha: alpha, beta: beta, threads: threads)
                }
            }
        }
    }

    public func successors(state: Int, action: Int) -> [(state: Int, probability: Scalar)] {
        let row = state * actionCount + action
        return (Int(rowStart[row])..<Int(rowStart[row + 1])).map { (Int(nextState[$0]), probability[$0]) }
    }

    /// Per product: the CSR (or CSC) arrays once, the gathered input (at least once) and the output.
    public func bytesMoved(batch: Int) -> Int {
        let scalar = MemoryLayout<Scalar>.stride
        return nonzeroCount * (scalar + 4) + 4 * (stateCount * actionCount + 1)
            + (stateCount * batch + stateCount * actionCount * batch) * scalar
    }
}
