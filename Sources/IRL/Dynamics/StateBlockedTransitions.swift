import DenseTensors

/// Sparse transitions stored per state: the successors of all of a state's actions merged into
/// one sorted list of `width` columns (padded by repeating the first), and an `A × width` block
/// of probabilities over them (zero where an action does not reach that column).
///
/// Gridworlds and other models whose actions of one state share most successors (slip, noise)
/// fit with little padding; then the pull gathers `V` once per state instead of once per
/// `(s, a)` row, and the push needs no transposed copy:
///
///     pull: out[(s, a), b] = α · Σ_k W[s, a, k] · v[column[s, k], b] + β · out
///     push: out[s', b]     = α · Σ_s Σ_k [column[s, k] = s'] · Σ_a W[s, a, k] · x[(s, a), b] + β · out
///
/// The pull adds the same nonzero products in the same (column) order as a CSR row gather,
/// plus exact zeros, so it returns the same numbers; the push sums over actions first and so
/// may differ from a CSR push in the last bits.
///
/// Made by ``init(rowStart:nextState:probability:states:actions:threads:)`` from the CSR a scan
/// extracted, only when the padding is small (``maximumPadding``).
package struct StateBlockedTransitions<Scalar: BLASScalar>: TransitionOperator, @unchecked Sendable {
    /// The arrays, owned (freed when the last copy of the operator goes).
    package final class Storage: @unchecked Sendable {
        let column: UnsafeMutableBufferPointer<Int32>
        let weight: UnsafeMutableBufferPointer<Scalar>
        /// The same blocks four states side by side, for the C kernels of the fused passes
        /// (the layout of `state_block_kernels.h` in `CKernels`: `laneColumn[(g·width + k)·4 + l]`,
        /// `laneWeight[((g·A + a)·width + k)·4 + l]` for state `4g + l`; zeros past the last state).
        let laneColumn: UnsafeMutableBufferPointer<Int32>
        let laneWeight: UnsafeMutableBufferPointer<Scalar>

        /// Takes the arrays from ``ScratchArrays`` (uninitialised, and given back when the storage
        /// goes): the builder writes every entry (the state rows, then
        /// ``interleave(states:actions:width:groups:)``, which also fills the lanes past the last state).
        init(states: Int, actions: Int, width: Int) {
            let lanes = 4 * ((states + 3) / 4)
            column = ScratchArrays.takeBuffer(Int32.self, count: states * width)
            weight = ScratchArrays.takeBuffer(Scalar.self, count: states * actions * width)
            laneColumn = ScratchArrays.takeBuffer(Int32.self, count: lanes * width)
            laneWeight = ScratchArrays.takeBuffer(Scalar.self, count: lanes * actions * width)
        }

        /// Copies the states of the groups `groups` of four from `column` and `weight` into the lane
        /// layout; lanes past the last state get column 0 and probability 0.
        func interleave(states: Int, actions: Int, width: Int, groups: Range<Int>) {
            for g in groups where 4 * g + 4 > states {
                for l in (states - 4 * g)..<4 {
                    for k in 0..<width { laneColumn[(g * width + k) * 4 + l] = 0 }
                    for action in 0..<actions {
                        for k in 0..<width { laneWeight[((g * actions + action) * width + k) * 4 + l] = 0 }
                    }
                }
            }
            for state in (4 * groups.lowerBound)..<Swift.min(states, 4 * groups.upperBound) {
                let (g, l) = (state / 4, state % 4)
                for k in 0..<width { laneColumn[(g * width + k) * 4 + l] = column[state * width + k] }
                for action in 0..<actions {
                    for k in 0..<width {
                        laneWeight[((g * actions + action) * width + k) * 4 + l] = weight[(state * actions + action) * width + k]
                    }
                }
            }
        }

        /// The lane arrays as the C kernels take them (`nil` only for empty storage).
        var lanes: (column: UnsafePointer<Int32>, weight: UnsafePointer<Scalar>)? {
            guard let column = laneColumn.baseAddress, let weight = laneWeight.baseAddress else { return nil }
            return (UnsafePointer(column), UnsafePointer(weight))
        }

        deinit {
            ScratchArrays.giveBack(buffer: column)
            ScratchArrays.giveBack(buffer: weight)
            ScratchArrays.giveBack(buffer: laneColumn)
            ScratchArrays.giveBack(buffer: laneWeight)
        }
    }

    /// Blocks are used when `S·A·width ≤ maximumPadding · nnz` (at most 25 % stored zeros).
    package static var maximumPadding: Double { 1.25 }

    /// The fewest stored entries (`S·A·width`) per chunk when the building is shared out over
    /// threads: below, waking a second thread costs more than the chunk (building the blocks of
    /// the 32×32 gridworld's 25 600 entries took 0.36–0.41 ms on two threads, ≈ 0.1 ms on one).
    package static var parallelMinimumEntries: Int { 1 << 17 }

    package let stateCount: Int
    package let actionCount: Int
    /// Columns per state (the largest number of distinct successors of a state).
    package let width: Int
    package let storage: Storage
    /// Nonzero probabilities (the stored blocks hold `S·A·width` scalars).
    package let nonzeroCount: Int
    /// Threads for the pull; results do not depend on it.
    package let threads: Int

    package var kind: String { "state-blocked sparse (from dense)" }
    package var storageBytes: Int {
        // The blocks and their lane copy.
        (stateCount + 4 * ((stateCount + 3) / 4)) * width * (MemoryLayout<Int32>.stride + actionCount * MemoryLayout<Scalar>.stride)
    }

    /// Blocks from validated CSR rows (row `s·A + a`; 32- or 64-bit indices; columns in any
    /// order, repeated entries added), or `nil` when they would store more than
    /// ``maximumPadding`` times the nonzeros. Each block row sums its products in column order,
    /// so the pull equals a CSR gather of sorted rows exactly and of unsorted rows to rounding.
    /// - Complexity: O(nnz + S·A·width) time, O(S) scratch.
    @_specialize(where Scalar == Double, Index == Int32)
    @_specialize(where Scalar == Double, Index == Int64)
    @_specialize(where Scalar == Float, Index == Int32)
    @_specialize(where Scalar == Float, Index == Int64)
    package init?<Index: FixedWidthInteger>(
        rowStart: UnsafeBufferPointer<Index>, nextState: UnsafeBufferPointer<Index>, probability: UnsafeBufferPointer<Scalar>,
        states s: Int, actions a: Int, threads: Int
    ) {
        let nonzeros = probability.count
        guard nonzeros > 0 else { return nil }
        // The widest union, found with a mark per column (stamped by the state that set it).
        var width = 0
        var mark = [Int](repeating: -1, count: s)
        for state in 0..<s {
            var distinct = 0
            for k in Int(rowStart[state * a])..<Int(rowStart[(state + 1) * a]) where mark[Int(nextState[k])] != state {
                mark[Int(nextState[k])] = state
                distinct += 1
            }
            width = max(width, distinct)
        }
        guard Double(s * a * width) <= Self.maximumPadding * Double(nonzeros) else { return nil }
        let storage = Storage(states: s, actions: a, width: width)
        let (column, weight) = (storage.column, storage.weight)
        guard let columns = column.baseAddress, let weights = weight.baseAddress else { return nil }
        // States are independent: the rows (and their first-touch page faults) are shared out,
        // when there is enough work to pay for waking the other threads (at least
        // `parallelMinimumEntries` stored entries per chunk; a 32×32 gridworld stays on one).
        let entriesPerState = max(1, a * width)
        parallelChunks(count: s, threads: threads, minimumChunk: max(256, Self.parallelMinimumEntries / entriesPerState)) { range in
            // `slot[c]`: the position of column `c` in the current state's row, valid when
            // `seen[c]` is that state.
            withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * s) { scratch in
                let slot = UnsafeMutableBufferPointer(rebasing: scratch[0..<s])
                let seen = UnsafeMutableBufferPointer(rebasing: scratch[s...])
                seen.update(repeating: -1)
                for state in range {
                    // The state's distinct columns (at most `width`), in increasing order: first
                    // collected as they come, then insertion-sorted (a state has few successors).
                    let row = columns + state * width
                    var count = 0
                    for k in Int(rowStart[state * a])..<Int(rowStart[(state + 1) * a]) {
                        let c = Int(nextState[k])
                        if seen[c] == state { continue }
                        seen[c] = state
                        row[count] = Int32(truncatingIfNeeded: c)
                        count += 1
                    }
                    for i in 1..<Swift.max(1, count) {
                        let c = row[i]
                        var j = i
                        while j > 0 && row[j - 1] > c {
                            row[j] = row[j - 1]
                            j -= 1
                        }
                        row[j] = c
                    }
                    for k in 0..<count { slot[Int(row[k])] = k }
                    for k in count..<width { row[k] = row[0] }
                    (weights + state * a * width).update(repeating: 0, count: a * width)
                    for action in 0..<a {
                        let r = state * a + action
                        for k in Int(rowStart[r])..<Int(rowStart[r + 1]) {
                            weights[r * width + slot[Int(nextState[k])]] += probability[k]
                        }
                    }
                }
            }
        }
        parallelChunks(
            count: (s + 3) / 4, threads: threads, minimumChunk: max(64, Self.parallelMinimumEntries / (4 * entriesPerState))
        ) { groups in
            storage.interleave(states: s, actions: a, width: width, groups: groups)
        }
        (stateCount, actionCount, self.width, self.storage, nonzeroCount, self.threads) = (s, a, width, storage, nonzeros, threads)
    }

    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    package func pull(
        _ v: UnsafeBufferPointer<Scalar>, batch: Int, into out: UnsafeMutableBufferPointer<Scalar>,
        alpha: Scalar, beta: Scalar
    ) {
        if batch == 1 {
            pullSingleColumn(v, into: out, alpha: alpha, beta: beta, adding: nil)
            return
        }
        let (a, w, column, weight) = (actionCount, width, storage.column, storage.weight)
        parallelChunks(count: stateCount, threads: threads, minimumChunk: max(16, 16_384 / max(1, a * w * batch))) { range in
            withUnsafeTemporaryAllocation(of: Scalar.self, capacity: batch) { acc in
                for state in range {
                    for action in 0..<a {
                        let row = state * a + action
                        for b in 0..<batch { acc[b] = 0 }
                        for k in 0..<w {
                            let (p, o) = (weight[row * w + k], Int(column[state * w + k]) * batch)
                            for b in 0..<batch { acc[b] += p * v[o + b] }
                        }
                        let o = row * batch
                        if beta == 0 {
                            for b in 0..<batch { out[o + b] = alpha * acc[b] }
                        } else {
                            for b in 0..<batch { out[o + b] = alpha * acc[b] + beta * out[o + b] }
                        }
                    }
                }
            }
        }
    }

    /// The single-column pull, optionally fused with the reward: `out[i] = α·(P·v)[i] + r[i]`
    /// when `addend` is given (then `beta` is ignored) — the soft Bellman backup
    /// `Q = r + γ·P·V` in one sweep.
    /// - Complexity: O(S·A·width).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    package func pullSingleColumn(
        _ v: UnsafeBufferPointer<Scalar>, into out: UnsafeMutableBufferPointer<Scalar>, alpha: Scalar, beta: Scalar,
        adding addend: UnsafeBufferPointer<Scalar>?
    ) {
        let (a, column, weight) = (actionCount, storage.column, storage.weight)
        // A constant width lets the compiler unroll the inner loops (the common small widths).
        @inline(__always) func run(_ w: Int, _ range: Range<Int>) {
            withUnsafeTemporaryAllocation(of: Scalar.self, capacity: w) { g in
                for state in range {
                    for k in 0..<w { g[k] = v[Int(column[state * w + k])] }
                    for action in 0..<a {
                        let row = state * a + action
                        var acc: Scalar = 0
                        for k in 0..<w { acc += weight[row * w + k] * g[k] }
                        if let addend {
                            out[row] = alpha * acc + addend[row]
                        } else {
                            out[row] = beta == 0 ? alpha * acc : alpha * acc + beta * out[row]
                        }
                    }
                }
            }
        }
        parallelChunks(count: stateCount, threads: threads, minimumChunk: max(16, 16_384 / max(1, a * width))) { range in
            switch width {
            case 1: run(1, range)
            case 2: run(2, range)
            case 3: run(3, range)
            case 4: run(4, range)
            case 5: run(5, range)
            case 6: run(6, range)
            case 7: run(7, range)
            case 8: run(8, range)
            case 9: run(9, range)
            default: run(width, range)
            }
        }
    }

    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    package func push(
        _ x: UnsafeBufferPointer<Scalar>, batch: Int, into out: UnsafeMutableBufferPointer<Scalar>,
        alpha: Scalar, beta: Scalar
    ) {
        let (s, a, w, column, weight) = (stateCount, actionCount, width, storage.column, storage.weight)
        let sb = s * batch
        // Scatter the states of `range` into `acc` (`[S, B]`); a constant width `cw` unrolls.
        @inline(__always) func scatterColumn(_ cw: Int, _ range: Range<Int>, into acc: UnsafeMutableBufferPointer<Scalar>) {
            withUnsafeTemporaryAllocation(of: Scalar.self, capacity: cw) { y in
                for state in range {
                    for k in 0..<cw { y[k] = 0 }
                    for action in 0..<a {
                        let (row, xa) = (state * a + action, x[state * a + action])
                        for k in 0..<cw { y[k] += weight[row * cw + k] * xa }
                    }
                    for k in 0..<cw { acc[Int(column[state * cw + k])] += alpha * y[k] }
                }
            }
        }
        @inline(__always) func scatter(_ range: Range<Int>, into acc: UnsafeMutableBufferPointer<Scalar>) {
            if batch == 1 {
                switch w {
                case 1: scatterColumn(1, range, into: acc)
                case 2: scatterColumn(2, range, into: acc)
                case 3: scatterColumn(3, range, into: acc)
                case 4: scatterColumn(4, range, into: acc)
                case 5: scatterColumn(5, range, into: acc)
                case 6: scatterColumn(6, range, into: acc)
                case 7: scatterColumn(7, range, into: acc)
                case 8: scatterColumn(8, range, into: acc)
                case 9: scatterColumn(9, range, into: acc)
                default: scatterColumn(w, range, into: acc)
                }
                return
            }
            withUnsafeTemporaryAllocation(of: Scalar.self, capacity: batch) { y in
                for state in range {
                    for k in 0..<w {
                        for b in 0..<batch { y[b] = 0 }
                        for action in 0..<a {
                            let (p, o) = (weight[(state * a + action) * w + k], (state * a + action) * batch)
                            for b in 0..<batch { y[b] += p * x[o + b] }
                        }
                        let o = Int(column[state * w + k]) * batch
                        for b in 0..<batch { acc[o + b] += alpha * y[b] }
                    }
                }
            }
        }
        let chunks = max(1, min(threads, s * a * w * batch / 262_144))
        chunkedScatter(rows: s, chunks: chunks, count: sb, beta: beta, into: out) { scatter($0, into: $1) }
    }

    package func successors(state: Int, action: Int) -> [(state: Int, probability: Scalar)] {
        let row = state * actionCount + action
        return (0..<width).compactMap { k in
            let p = storage.weight[row * width + k]
            return p == 0 ? nil : (Int(storage.column[state * width + k]), p)
        }
    }

    package func bytesMoved(batch: Int) -> Int {
        // One copy of the blocks is read per pass.
        stateCount * width * (MemoryLayout<Int32>.stride + actionCount * MemoryLayout<Scalar>.stride)
            + (stateCount * batch + stateCount * actionCount * batch) * MemoryLayout<Scalar>.stride
    }
}
