import DenseTensors

/// The sparse operator's compact per-state form, read by its fused soft pass
/// (SparseTransitionOperator+Fused.swift) instead of the CSR rows.
///
/// Each state `s` has one successor list shared by its `A` actions: the union of the actions'
/// successors in increasing order, stored as offsets `s' − s` and padded to a common `width`
/// (offset 0, probability 0), and an `A × width` block of probabilities over it. Offsets and
/// block together form the state's *pattern*; equal patterns are stored once, and each state
/// keeps only the index of its pattern:
///
///     P(s + offset[p, k] | s, a) = weight[p, a, k],   p = pattern[s]
///
/// A gridworld has a few dozen patterns (interior, edges, corners, the cells next to walls and
/// terminals), so a sweep over all states reads 4 bytes per state plus a table that stays in
/// cache, against `12·nnz/S ≈ 300` bytes of CSR per state (`A = 5`, Double). A model whose
/// states all differ keeps one pattern per state: the blocks of the C ABI's state-blocked
/// transitions plus the 4-byte index. The conversion is exact (the same probabilities), and the
/// successors of each `(s, a)` keep their increasing order, so a row's products are summed in the
/// CSR order with exact zeros in between.
///
/// Built only when the padded blocks are small: a model whose actions of one state reach mostly
/// different successors would pad to `A` times its nonzeros; then there are no patterns and the
/// fused pass is not used.
struct SparseStatePatterns<Scalar: BLASScalar>: Sendable {
    /// Entries of the shared successor list of every state (the largest union, padded).
    let width: Int
    /// `[S]`: the pattern of each state.
    let pattern: [Int32]
    /// `[P, width]`: successor offsets `s' − s`.
    let offset: [Int32]
    /// `[P, A, width]`: the probabilities over the successor list.
    let weight: [Scalar]

    /// The number of distinct patterns `P`.
    var patternCount: Int { offset.count / max(1, width) }

    /// The bytes of the three arrays.
    var storageBytes: Int { 4 * (pattern.count + offset.count) + MemoryLayout<Scalar>.stride * weight.count }

    /// The patterns of CSR rows `s·A + a` (columns increasing within a row), or `nil` when the
    /// index and the distinct patterns would take more than `maximumBytes`.
    /// - Complexity: O(nnz + S·A·width) time with one hash of each pattern that differs from the
    ///   previous state's; O(S + P·A·width) memory.
    init?(
        rowStart: [Int32], nextState: [Int32], probability: [Scalar], states s: Int, actions a: Int, maximumBytes: Int
    ) {
        guard s > 0, a > 0, !probability.isEmpty else { return nil }
        // The widest union, found with a mark per column (stamped by the state that set it).
        var width = 0
        var mark = [Int32](repeating: -1, count: s)
        for state in 0..<s {
            var distinct = 0
            for k in Int(rowStart[state * a])..<Int(rowStart[(state + 1) * a]) where mark[Int(nextState[k])] != Int32(state) {
                mark[Int(nextState[k])] = Int32(state)
                distinct += 1
            }
            width = max(width, distinct)
        }
        guard width > 0 else { return nil }
        // The index and each new pattern count against the budget; past it, give up.
        let patternBytes = width * (4 + a * MemoryLayout<Scalar>.stride)
        var bytes = 4 * s

        var pattern = [Int32](repeating: 0, count: s)
        var offset: [Int32] = []
        var weight: [Scalar] = []
        var index: [PatternKey: Int32] = [:]
        var union: [Int32] = []
        var slot = [Int](repeating: 0, count: s)
        var key = PatternKey(offset: [Int32](repeating: 0, count: width), weight: [Scalar](repeating: 0, count: a * width))
        var previousIndex: Int32 = 0
        for state in 0..<s {
            union.removeAll(keepingCapacity: true)
            for k in Int(rowStart[state * a])..<Int(rowStart[(state + 1) * a]) { union.append(nextState[k]) }
            union.sort()
            var count = 0
            for c in union where count == 0 || Int(key.offset[count - 1]) + state != Int(c) {
                key.offset[count] = Int32(Int(c) - state)
                slot[Int(c)] = count
                count += 1
            }
            for k in count..<width { key.offset[k] = 0 }
            for i in key.weight.indices { key.weight[i] = 0 }
            for action in 0..<a {
                let row = state * a + action
                for k in Int(rowStart[row])..<Int(rowStart[row + 1]) {
                    key.weight[action * width + slot[Int(nextState[k])]] = probability[k]
                }
            }
            // Neighbouring states usually share their pattern: compare with the stored one before
            // hashing (no copy of the key per state).
            if state > 0 && Self.matches(key, offset, weight, at: Int(previousIndex), width: width) {
                pattern[state] = previousIndex
                continue
            }
            let found: Int32
            if let known = index[key] {
                found = known
            } else {
                bytes += patternBytes
                guard bytes <= maximumBytes else { return nil }
                found = Int32(index.count)
                index[key] = found
                offset.append(contentsOf: key.offset)
                weight.append(contentsOf: key.weight)
            }
            pattern[state] = found
            previousIndex = found
        }
        (self.width, self.pattern, self.offset, self.weight) = (width, pattern, offset, weight)
    }

    /// Whether `key` is the stored pattern `p`.
    private static func matches(_ key: PatternKey, _ offset: [Int32], _ weight: [Scalar], at p: Int, width: Int) -> Bool {
        let a = key.weight.count / width
        for k in 0..<width where key.offset[k] != offset[p * width + k] { return false }
        for i in 0..<(a * width) where key.weight[i] != weight[p * a * width + i] { return false }
        return true
    }

    /// One pattern as a dictionary key (exact: equal probabilities compare equal).
    struct PatternKey: Hashable {
        var offset: [Int32]
        var weight: [Scalar]
    }
}
