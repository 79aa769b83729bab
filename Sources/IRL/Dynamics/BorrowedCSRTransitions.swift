import DenseTensors

/// Transitions in compressed sparse rows over the `S·A` rows of `P[(s, a), s']`, read in place
/// from buffers the operator does not own: the caller's CSR arrays (`indptr`, `indices`, `data`
/// as SciPy stores them, 32- or 64-bit indices), or arrays a handle extracted from a mostly-zero
/// dense tensor.
///
/// - pull: `out[(s, a), b] = α · Σ_k data[k] · v[indices[k], b] + β · out` — a row-parallel gather;
/// - push: `out[s', b] = α · Σ_{(s,a)} P(s'|s,a) · x[(s, a), b] + β · out` — a gather over the
///   transposed arrays when the handle built them, otherwise a scatter over the rows: with one
///   thread straight into `out`, with several into per-thread partial sums added in a fixed order
///   (so results do not depend on timing).
///
/// The C API must wrap caller-owned arrays with 64-bit indices too, which the library's
/// ``SparseTransitionOperator`` (which owns its Int32 CSR and CSC copies) does not do; both share
/// the row kernel ``SparseRowGather/gather(rows:start:index:weight:_:batch:into:alpha:beta:threads:)``.
package struct BorrowedCSRTransitions<Scalar: BLASScalar, Index: FixedWidthInteger & Sendable>: TransitionOperator,
    @unchecked Sendable
{
    /// The transpose of the matrix (CSC of `P`), for a gather-based push.
    package struct Transpose {
        /// Entries of column `s'` are `columnStart[s'] ..< columnStart[s' + 1]`.
        let columnStart: UnsafeBufferPointer<Index>
        /// The row `s·A + a` of each entry, increasing within a column.
        let sourceRow: UnsafeBufferPointer<Index>
        let probability: UnsafeBufferPointer<Scalar>
    }

    package let stateCount: Int
    package let actionCount: Int
    /// `S·A + 1` offsets; row `i` is `rowStart[i] ..< rowStart[i + 1]`.
    package let rowStart: UnsafeBufferPointer<Index>
    /// The next state `s'` of each entry.
    package let nextState: UnsafeBufferPointer<Index>
    /// `P(s' | s, a)` of each entry.
    package let probability: UnsafeBufferPointer<Scalar>
    package let transpose: Transpose?
    /// Keeps storage the operator reads alive (a handle's extracted arrays); `nil` when borrowed.
    package let owner: AnyObject?
    /// Threads for pull and push; results do not depend on it.
    package let threads: Int

    package init(
        stateCount: Int, actionCount: Int, rowStart: UnsafeBufferPointer<Index>, nextState: UnsafeBufferPointer<Index>,
        probability: UnsafeBufferPointer<Scalar>, transpose: Transpose?, owner: AnyObject?, threads: Int
    ) {
        self.stateCount = stateCount
        self.actionCount = actionCount
        self.rowStart = rowStart
        self.nextState = nextState
        self.probability = probability
        self.transpose = transpose
        self.owner = owner
        self.threads = threads
    }

    package var kind: String { owner == nil ? "csr (borrowed)" : "csr (from dense)" }
    package var nonzeroCount: Int { probability.count }
    /// The bytes this operator owns (0 when the arrays are the caller's).
    package var storageBytes: Int {
        guard owner != nil else { return 0 }
        let perEntry = MemoryLayout<Scalar>.stride + MemoryLayout<Index>.stride
        return (transpose == nil ? 1 : 2) * nonzeroCount * perEntry
            + (rowStart.count + (transpose?.columnStart.count ?? 0)) * MemoryLayout<Index>.stride
    }

    @_specialize(where Scalar == Double, Index == Int32)
    @_specialize(where Scalar == Double, Index == Int64)
    @_specialize(where Scalar == Float, Index == Int32)
    @_specialize(where Scalar == Float, Index == Int64)
    package func pull(
        _ v: UnsafeBufferPointer<Scalar>, batch: Int, into out: UnsafeMutableBufferPointer<Scalar>,
        alpha: Scalar, beta: Scalar
    ) {
        SparseRowGather.gather(
            rows: stateCount * actionCount, start: rowStart, index: nextState, weight: probability, v,
            batch: batch, into: out, alpha: alpha, beta: beta, threads: threads)
    }

    @_specialize(where Scalar == Double, Index == Int32)
    @_specialize(where Scalar == Double, Index == Int64)
    @_specialize(where Scalar == Float, Index == Int32)
    @_specialize(where Scalar == Float, Index == Int64)
    package func push(
        _ x: UnsafeBufferPointer<Scalar>, batch: Int, into out: UnsafeMutableBufferPointer<Scalar>,
        alpha: Scalar, beta: Scalar
    ) {
        if let t = transpose {
            SparseRowGather.gather(
                rows: stateCount, start: t.columnStart, index: t.sourceRow, weight: t.probability, x,
                batch: batch, into: out, alpha: alpha, beta: beta, threads: threads)
        } else {
            scatter(x, batch: batch, into: out, alpha: alpha, beta: beta)
        }
    }

    /// Push without a transpose: each row `(s, a)` adds `P(s'|s,a)·x[(s,a), ·]` to `out[s', ·]`.
    @inline(__always)
    package func scatter(
        _ x: UnsafeBufferPointer<Scalar>, batch: Int, into out: UnsafeMutableBufferPointer<Scalar>,
        alpha: Scalar, beta: Scalar
    ) {
        let (rows, sb) = (stateCount * actionCount, stateCount * batch)
        let chunks = max(1, min(threads, nonzeroCount * batch / 262_144))
        let (start, index, weight) = (rowStart, nextState, probability)
        func addRows(_ range: Range<Int>, into acc: UnsafeMutableBufferPointer<Scalar>) {
            for i in range {
                let source = i * batch
                for k in Int(start[i])..<Int(start[i + 1]) {
                    let (w, o) = (alpha * weight[k], Int(index[k]) * batch)
                    for b in 0..<batch { acc[o + b] += w * x[source + b] }
                }
            }
        }
        chunkedScatter(rows: rows, chunks: chunks, count: sb, beta: beta, into: out) { addRows($0, into: $1) }
    }

    package func successors(state: Int, action: Int) -> [(state: Int, probability: Scalar)] {
        let row = state * actionCount + action
        // Merge duplicates and sort, as the protocol promises increasing s'.
        var merged: [Int: Scalar] = [:]
        for k in Int(rowStart[row])..<Int(rowStart[row + 1]) where probability[k] != 0 {
            merged[Int(nextState[k]), default: 0] += probability[k]
        }
        return merged.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    package func bytesMoved(batch: Int) -> Int {
        let scalar = MemoryLayout<Scalar>.stride
        return nonzeroCount * (scalar + MemoryLayout<Index>.stride) + MemoryLayout<Index>.stride * (stateCount * actionCount + 1)
            + (stateCount * batch + stateCount * actionCount * batch) * scalar
    }
}
