import DenseTensors

/// How transitions given as a dense `[S, A, S]` array are stored for the solvers.
public enum TransitionStorage: Int32, Sendable, Hashable, CaseIterable {
    /// Found from the array: sparse (per-state blocks, else CSR) when at most
    /// ``TransitionStructure/sparseDensityThreshold`` of the entries are nonzero and
    /// `S ≥` ``TransitionStructure/sparseMinimumStates``; else dense (OpenBLAS).
    case automatic = 0
    /// The dense array, pulled and pushed by GEMM/GEMV.
    case dense = 1
    /// The nonzeros, extracted once (per-state blocks when they need little padding, else CSR).
    case sparse = 2
}

/// Structure found, not declared: the one place where transitions handed over as a dense array
/// (the Swift ``TabularMDP`` initialiser, the C ABI and so Python) are validated and turned into
/// the operator that makes the solvers fast.
///
/// Rule (``TransitionStorage/automatic``): one multithreaded read of the array validates every
/// row and counts the nonzeros, collecting them as CSR when a sample of 64 rows already looks
/// sparse. When `S ≥ 256` and at most 5 % of the entries are nonzero, the nonzeros become
/// per-state blocks (``StateBlockedTransitions``: each state's successors merged into one list,
/// used when that pads at most 25 %; a gridworld fits) or, failing that, CSR with its transpose.
/// Otherwise the array stays dense. Cost: one read of the `S²·A` array (at memory bandwidth, two
/// threads) plus `O(nnz)` to build the blocks — about what one GEMV on the array costs.
/// Results equal the dense operator's to rounding (the same products, summed in another order).
package enum TransitionStructure {
    /// A dense array is solved sparsely when at most this fraction of its entries is nonzero…
    package static var sparseDensityThreshold: Double { DenseTransitionScan.sparseDensityThreshold }
    /// …and it has at least this many states (below, a dense GEMV is as fast and simpler).
    package static var sparseMinimumStates: Int { DenseTransitionScan.sparseMinimumStates }

    /// The operator for a validated-on-the-way dense `[S, A, S]` array.
    ///
    /// - Parameters:
    ///   - p: the `S·A·S` entries, row-major.
    ///   - owner: the tensor that holds `p` when the dense result should keep it (the Swift door);
    ///     `nil` to borrow `p` (the C door: the caller keeps it alive and unchanged).
    /// - Returns: the operator, the stored form it chose, and the nonzero count.
    /// - Throws: ``IRLError`` naming `transitions[s, a, s']` (NaN, infinity, negative entry) or the
    ///   row `transitions[s, a]` whose sum is off; ``IRLError/exceedsMemoryBudget(what:bytes:budget:suggestion:)``
    ///   when `.sparse` was asked and the nonzeros exceed the 32-bit index range.
    /// - Complexity: O(S²·A) reads, `threads`-way parallel; O(nnz) memory when sparse.
    package static func operatorFromDense<Scalar: BLASScalar>(
        _ p: UnsafeBufferPointer<Scalar>, owner: Tensor<Scalar>?, states s: Int, actions a: Int,
        storage: TransitionStorage, tolerance: Scalar, threads: Int
    ) throws(IRLError) -> (dynamics: any TransitionOperator<Scalar>, storage: TransitionStorage, nonzeros: Int) {
        let count = p.count
        let limit: Int?
        switch storage {
        case .automatic: limit = s >= sparseMinimumStates ? Int(sparseDensityThreshold * Double(count)) : nil
        case .dense: limit = nil
        case .sparse: limit = min(count, Int(Int32.max) - 1)
        }
        // A dense-looking sample (64 rows spread over the tensor) skips collecting, so that a large
        // dense tensor costs no transient memory; if the full count then says sparse after all,
        // a second pass collects. The decision itself is always the exact count.
        let sampled =
            storage == .automatic && limit != nil
            && DenseTransitionScan.sampledDensity(p, rows: s * a, states: s) > 2 * sparseDensityThreshold
        var outcome = try DenseTransitionScan.scan(
            p, states: s, actions: a, tolerance: tolerance, collectLimit: sampled ? nil : limit, threads: threads)
        if sampled, let limit, outcome.nonzeros <= limit {
            outcome = try DenseTransitionScan.scan(
                p, states: s, actions: a, tolerance: tolerance, collectLimit: limit, threads: threads)
        }
        if let csr = outcome.csr {
            return (csr.transitionOperator(states: s, actions: a, threads: threads), .sparse, outcome.nonzeros)
        }
        if storage == .sparse {
            throw .exceedsMemoryBudget(
                what: "transitions as sparse rows (\(outcome.nonzeros) nonzeros)", bytes: outcome.nonzeros * 12,
                budget: Int(Int32.max), suggestion: "the 32-bit indices hold at most 2³¹ − 1 nonzeros; use dense storage")
        }
        let dense: DenseTransitionOperator<Scalar> =
            if let owner { DenseTransitionOperator(validated: owner) } else {
                DenseTransitionOperator(borrowing: p, stateCount: s, actionCount: a)
            }
        return (dense, .dense, outcome.nonzeros)
    }

    /// The operator for a caller's CSR rows `s·A + a` (the C ABI, and so SciPy matrices), after
    /// validating their entries: per-state blocks when they pad at most 25 % (a gridworld; the
    /// blocks copy the entries), else the CSR arrays borrowed in place.
    ///
    /// `rowStart` must already be non-decreasing from 0 to `probability.count` (the caller's
    /// argument check).
    /// - Throws: ``IRLError/indexOutOfRange(argument:index:bound:)`` naming `indices[k]` and its row;
    ///   ``IRLError/nonFinite(argument:index:value:)``, ``IRLError/negativeProbability(argument:index:value:)``
    ///   naming `transitions data[k]` and its `[s, a, s']`; ``IRLError/notNormalized(argument:index:sum:tolerance:)``
    ///   naming the row `transitions[s, a]`.
    /// - Complexity: O(nnz + S·A) to validate, plus O(S·A·width) for the blocks.
    @_specialize(where Scalar == Double, Index == Int32)
    @_specialize(where Scalar == Double, Index == Int64)
    @_specialize(where Scalar == Float, Index == Int32)
    @_specialize(where Scalar == Float, Index == Int64)
    package static func operatorFromCSR<Scalar: BLASScalar, Index: FixedWidthInteger & Sendable>(
        rowStart indptr: UnsafeBufferPointer<Index>, nextState indices: UnsafeBufferPointer<Index>,
        probability data: UnsafeBufferPointer<Scalar>, states s: Int, actions a: Int, tolerance: Scalar, threads: Int
    ) throws(IRLError) -> any TransitionOperator<Scalar> {
        for row in 0..<(s * a) {
            let (lo, hi) = (Int(indptr[row]), Int(indptr[row + 1]))
            var sum: Scalar = 0
            for k in lo..<hi {
                let (next, x) = (Int(indices[k]), data[k])
                guard next >= 0, next < s else {
                    throw .indexOutOfRange(argument: "indices[\(k)] (row [\(row / a), \(row % a)])", index: next, bound: s)
                }
                guard x.isFinite else {
                    throw .nonFinite(argument: "transitions data[\(k)]", index: [row / a, row % a, next], value: Double(x))
                }
                guard x >= 0 else {
                    throw .negativeProbability(argument: "transitions data[\(k)]", index: [row / a, row % a, next], value: Double(x))
                }
                sum += x
            }
            guard Swift.abs(sum - 1) <= tolerance else {
                throw .notNormalized(argument: "transitions", index: [row / a, row % a], sum: Double(sum), tolerance: Double(tolerance))
            }
        }
        if let blocked = StateBlockedTransitions(
            rowStart: indptr, nextState: indices, probability: data, states: s, actions: a, threads: threads)
        {
            return blocked
        }
        return BorrowedCSRTransitions<Scalar, Index>(
            stateCount: s, actionCount: a, rowStart: indptr, nextState: indices, probability: data, transpose: nil,
            owner: nil, threads: threads)
    }
}
