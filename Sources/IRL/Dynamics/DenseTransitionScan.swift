import DenseTensors

/// One read-only pass over a caller's dense `[S, A, S]` transition tensor that validates every
/// row (finite, non-negative, summing to 1 within the tolerance), counts the nonzeros and — when
/// asked — collects them as CSR, so that a mostly-zero tensor can be solved sparsely without a
/// second pass. Rows are split over threads; results are independent of the split.
package enum DenseTransitionScan {
    /// The documented sparsity rule of `IG_STORAGE_AUTO`: a dense tensor is solved through CSR
    /// when at most this fraction of its entries is nonzero…
    static let sparseDensityThreshold = 0.05
    /// …and it has at least this many states (below, a dense GEMV is as fast and simpler).
    static let sparseMinimumStates = 256

    package struct Outcome<Scalar: BLASScalar> {
        /// The number of nonzero entries.
        var nonzeros: Int
        /// The extracted CSR (with its transpose), when collected and under the limit.
        var csr: ExtractedCSR<Scalar>?
    }

    /// What one chunk of rows found. The collected entries live in ``ScratchArrays`` buffers
    /// that the scan takes and ``release()`` gives back (they are copied into an ``ExtractedCSR``).
    package struct Chunk<Scalar: BLASScalar> {
        var firstBadRow = -1
        var nonzeros = 0
        var collecting = false
        /// For each row of the chunk, the number of entries collected up to its end.
        var rowEnds = UnsafeMutableBufferPointer<Int32>(start: nil, count: 0)
        var next = UnsafeMutablePointer<Int32>?.none
        var probability = UnsafeMutablePointer<Scalar>?.none
        /// The elements of `next` and `probability`.
        var capacity = 0

        func release() {
            ScratchArrays.giveBack(buffer: rowEnds)
            if let next { ScratchArrays.giveBack(buffer: UnsafeMutableBufferPointer(start: next, count: capacity)) }
            if let probability { ScratchArrays.giveBack(buffer: UnsafeMutableBufferPointer(start: probability, count: capacity)) }
        }
    }

    /// Scans the tensor.
    ///
    /// - Parameters:
    ///   - collectLimit: collect the nonzeros as CSR unless there are more than this many
    ///     (`nil`: do not collect).
    ///   - expectedPerRow: the nonzeros per row to reserve room for (more are handled by growing).
    /// - Throws: ``IRLError`` naming `transitions[s, a, s']` (NaN,
    ///   infinity, negative entry) or the row `transitions[s, a]` whose sum is off.
    /// - Complexity: O(S²·A) reads, `threads`-way parallel; O(nnz) memory when collecting.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    package static func scan<Scalar: BLASScalar>(
        _ p: UnsafeBufferPointer<Scalar>, states s: Int, actions a: Int, tolerance: Scalar, collectLimit: Int?,
        expectedPerRow: Int = 8, threads: Int
    ) throws(IRLError) -> Outcome<Scalar> {
        let rows = s * a
        // Twice as many chunks as threads (each at least 2²⁰ entries), so that a thread slowed by
        // another process on the machine leaves its second chunk to the other.
        let chunkCount = max(1, min(2 * threads, rows * s / 1_048_576))
        var chunks = [Chunk<Scalar>](repeating: Chunk(), count: chunkCount)
        defer { for chunk in chunks { chunk.release() } }
        chunks.withUnsafeMutableBufferPointer { results in
            parallelChunks(count: chunkCount, threads: chunkCount, minimumChunk: 1) { range in
                for c in range {
                    results[c] = scanRows(
                        (rows * c / chunkCount)..<(rows * (c + 1) / chunkCount), p, states: s,
                        tolerance: tolerance, collectLimit: collectLimit, expectedPerRow: expectedPerRow)
                }
            }
        }
        if let bad = chunks.first(where: { $0.firstBadRow >= 0 })?.firstBadRow {
            throw rowFailure(p, row: bad, states: s, actions: a, tolerance: tolerance)
        }
        let nonzeros = chunks.reduce(0) { $0 + $1.nonzeros }
        guard let limit = collectLimit, nonzeros <= limit, chunks.allSatisfy(\.collecting) else {
            return Outcome(nonzeros: nonzeros, csr: nil)
        }
        return Outcome(nonzeros: nonzeros, csr: ExtractedCSR(chunks: chunks, states: s, rows: rows, nonzeros: nonzeros))
    }

    /// The fraction of nonzeros in up to 64 rows spread evenly over the tensor (a hint only).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    package static func sampledDensity<Scalar: BLASScalar>(_ p: UnsafeBufferPointer<Scalar>, rows: Int, states s: Int) -> Double {
        let samples = Swift.min(rows, 64)
        guard let base = p.baseAddress else { return 0 }
        let size = MemoryLayout<Scalar>.stride
        let signMask: UInt64 = size == 8 ? 0x7FFF_FFFF_FFFF_FFFF : 0x7FFF_FFFF_7FFF_FFFF
        let perLine = lineBytes / size
        var nonzeros = 0
        for k in 0..<samples {
            let first = (rows * k / samples) * s
            // Entry by entry only in the 64-byte lines that hold a nonzero (±0 are zeros here too).
            var lo = 0
            while lo + perLine <= s {
                if !lineIsZero(UnsafeRawPointer(base), at: (first + lo) * size, signMask: signMask) {
                    for next in lo..<(lo + perLine) where base[first + next] != 0 { nonzeros += 1 }
                }
                lo += perLine
            }
            for next in lo..<s where base[first + next] != 0 { nonzeros += 1 }
        }
        return Double(nonzeros) / Double(samples * s)
    }

    /// Bytes per line of the zero test of the density sample.
    static let lineBytes = 64

    /// Whether the `lineBytes` bytes at `raw + offset` hold only `±0` entries: every 64-bit word,
    /// masked to drop the sign bit of each entry it holds, is zero (branch-free integer ORs; a
    /// NaN or any other nonzero has bits outside the sign).
    @inline(__always)
    package static func lineIsZero(_ raw: UnsafeRawPointer, at offset: Int, signMask: UInt64) -> Bool {
        var any: UInt64 = 0
        for w in 0..<(lineBytes / 8) { any |= raw.loadUnaligned(fromByteOffset: offset &+ w &* 8, as: UInt64.self) & signMask }
        return any == 0
    }

    @inline(__always)
    package static func scanRows<Scalar: BLASScalar>(
        _ rows: Range<Int>, _ p: UnsafeBufferPointer<Scalar>, states s: Int, tolerance: Scalar, collectLimit: Int?,
        expectedPerRow: Int
    ) -> Chunk<Scalar> {
        guard let base = p.baseAddress, !rows.isEmpty else { return Chunk() }
        // The C kernel (AVX2 where available): entry tests and sums in column order, as vector code.
        return StateBlockKernels.scanRows(
            rows, base, states: s, tolerance: tolerance, collectLimit: collectLimit, expectedPerRow: expectedPerRow)
    }

    /// The precise error of a row the fast pass rejected, in the library's words.
    package static func rowFailure<Scalar: BLASScalar>(
        _ p: UnsafeBufferPointer<Scalar>, row: Int, states s: Int, actions a: Int, tolerance: Scalar
    ) -> IRLError {
        var sum: Scalar = 0
        for next in 0..<s {
            let x = p[row * s + next]
            let index = [row / a, row % a, next]
            if !x.isFinite { return .nonFinite(argument: "transitions", index: index, value: Double(x)) }
            if x < 0 { return .negativeProbability(argument: "transitions", index: index, value: Double(x)) }
            sum += x
        }
        return .notNormalized(
            argument: "transitions", index: [row / a, row % a], sum: Double(sum), tolerance: Double(tolerance))
    }
}

/// CSR arrays extracted from a dense tensor (and, when the solvers read them as CSR, their
/// transpose), owned by a transitions handle. Indices are `Int32`: `S·A` and the nonzero count
/// are below 2³¹ whenever extraction is chosen.
package final class ExtractedCSR<Scalar: BLASScalar>: @unchecked Sendable {
    package let rowStart: UnsafeMutableBufferPointer<Int32>
    package let nextState: UnsafeMutableBufferPointer<Int32>
    package let probability: UnsafeMutableBufferPointer<Scalar>
    /// The CSC arrays: built once by ``transitionOperator(states:actions:threads:)`` (before the
    /// handle is shared), never changed after.
    private(set) var columnStart = UnsafeMutableBufferPointer<Int32>(start: nil, count: 0)
    private(set) var sourceRow = UnsafeMutableBufferPointer<Int32>(start: nil, count: 0)
    private(set) var transposedProbability = UnsafeMutableBufferPointer<Scalar>(start: nil, count: 0)

    package init(chunks: [DenseTransitionScan.Chunk<Scalar>], states s: Int, rows: Int, nonzeros: Int) {
        rowStart = ScratchArrays.takeBuffer(Int32.self, count: rows + 1)
        nextState = ScratchArrays.takeBuffer(Int32.self, count: nonzeros)
        probability = ScratchArrays.takeBuffer(Scalar.self, count: nonzeros)
        rowStart.initialize(repeating: 0)
        var row = 0, offset = 0
        for chunk in chunks {
            for end in chunk.rowEnds {
                rowStart[row + 1] = Int32(truncatingIfNeeded: offset + Int(end))
                row += 1
            }
            let count = Int(chunk.rowEnds.last ?? 0)
            if count > 0, let next = chunk.next, let p = chunk.probability {
                _ = UnsafeMutableBufferPointer(rebasing: nextState[offset..<(offset + count)])
                    .update(fromContentsOf: UnsafeBufferPointer(start: next, count: count))
                _ = UnsafeMutableBufferPointer(rebasing: probability[offset..<(offset + count)])
                    .update(fromContentsOf: UnsafeBufferPointer(start: p, count: count))
            }
            offset += count
        }
    }

    /// Builds the transpose by a counting sort on `s'`: stable, so each column lists rows in order.
    private func buildTranspose(states s: Int) {
        let (rows, nonzeros) = (rowStart.count - 1, probability.count)
        columnStart = ScratchArrays.takeBuffer(Int32.self, count: s + 1)
        sourceRow = ScratchArrays.takeBuffer(Int32.self, count: nonzeros)
        transposedProbability = ScratchArrays.takeBuffer(Scalar.self, count: nonzeros)
        columnStart.initialize(repeating: 0)
        for k in 0..<nonzeros { columnStart[Int(nextState[k]) + 1] += 1 }
        for c in 0..<s { columnStart[c + 1] += columnStart[c] }
        var fill = Array(columnStart)
        for i in 0..<rows {
            for k in Int(rowStart[i])..<Int(rowStart[i + 1]) {
                let c = Int(nextState[k])
                let slot = Int(fill[c])
                sourceRow[slot] = Int32(truncatingIfNeeded: i)
                transposedProbability[slot] = probability[k]
                fill[c] += 1
            }
        }
    }

    deinit {
        ScratchArrays.giveBack(buffer: rowStart)
        ScratchArrays.giveBack(buffer: nextState)
        ScratchArrays.giveBack(buffer: probability)
        ScratchArrays.giveBack(buffer: columnStart)
        ScratchArrays.giveBack(buffer: sourceRow)
        ScratchArrays.giveBack(buffer: transposedProbability)
    }

    /// The operator the solvers use: per-state blocks (``StateBlockedTransitions``, which copies
    /// what it needs, so these arrays can go) when they need little padding, else CSR with its
    /// transpose reading these arrays (it keeps this object alive).
    package func transitionOperator(states s: Int, actions a: Int, threads: Int) -> any TransitionOperator<Scalar> {
        if let blocked = StateBlockedTransitions(
            rowStart: UnsafeBufferPointer(rowStart), nextState: UnsafeBufferPointer(nextState),
            probability: UnsafeBufferPointer(probability), states: s, actions: a, threads: threads)
        {
            return blocked
        }
        if columnStart.count == 0 { buildTranspose(states: s) }
        return BorrowedCSRTransitions(
            stateCount: s, actionCount: a, rowStart: UnsafeBufferPointer(rowStart),
            nextState: UnsafeBufferPointer(nextState), probability: UnsafeBufferPointer(probability),
            transpose: .init(
                columnStart: UnsafeBufferPointer(columnStart), sourceRow: UnsafeBufferPointer(sourceRow),
                probability: UnsafeBufferPointer(transposedProbability)),
            owner: self, threads: threads)
    }
}
