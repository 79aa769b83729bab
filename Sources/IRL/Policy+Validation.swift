import DenseTensors

extension Policy {
    /// The one policy validator of the package (the Swift initialisers and the C ABI's borrowed
    /// arrays): checks `[steps, S, A, B]` probabilities in place — entries finite and
    /// non-negative, every `π_t(·|s)` summing to 1 within `tolerance`.
    /// - Throws: ``IRLError`` naming `policy[t, s, a, b]` or the row `policy[t, s, ·, b]`.
    /// - Complexity: O(steps·S·A·B), no allocation.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    package static func validate(
        _ p: UnsafeBufferPointer<Scalar>, steps: Int, states s: Int, actions a: Int, batch b: Int, tolerance: Scalar
    ) throws(IRLError) {
        let clean =
            b == 1
            ? singleColumnIsClean(p, rows: steps * s, actions: a, tolerance: tolerance)
            : withUnsafeTemporaryAllocation(of: Scalar.self, capacity: b) { sums -> Bool in
                for table in 0..<(steps * s) {
                    for col in 0..<b { sums[col] = 0 }
                    var bad = false
                    for action in 0..<a {
                        let o = (table * a + action) * b
                        for col in 0..<b {
                            let x = p[o + col]
                            bad = bad || !(x >= 0) || !x.isFinite
                            sums[col] += x
                        }
                    }
                    for col in 0..<b where !(Swift.abs(sums[col] - 1) <= tolerance) { bad = true }
                    if bad { return false }
                }
                return true
            }
        if clean { return }
        // A second, precise pass only when the fast one found something.
        for table in 0..<(steps * s) {
            for col in 0..<b {
                var sum: Scalar = 0
                for action in 0..<a {
                    let x = p[(table * a + action) * b + col]
                    let index = [table / s, table % s, action, col]
                    guard x.isFinite else { throw .nonFinite(argument: "policy", index: index, value: Double(x)) }
                    guard x >= 0 else { throw .negativeProbability(argument: "policy", index: index, value: Double(x)) }
                    sum += x
                }
                guard Swift.abs(sum - 1) <= tolerance else {
                    throw .notNormalized(
                        argument: "policy[\(table / s), \(table % s), ·, \(col)]", index: [], sum: Double(sum),
                        tolerance: Double(tolerance))
                }
            }
        }
    }

    /// The fast test of ``validate(_:steps:states:actions:batch:tolerance:)`` for one
    /// column: every entry `>= 0` (which NaN and `−∞` fail) and every row sum within `tolerance`
    /// of 1 (which a `+∞` entry fails), summed in the same order as the precise pass.
    /// - Complexity: O(rows·A), branch-free inside a row.
    @inline(__always)
    static func singleColumnIsClean(
        _ p: UnsafeBufferPointer<Scalar>, rows: Int, actions a: Int, tolerance: Scalar
    ) -> Bool {
        guard let base = p.baseAddress else { return rows == 0 }
        // Constant `ca` actions unroll the row.
        @inline(__always) func run(_ ca: Int) -> Bool {
            var bad: UInt8 = 0
            for row in 0..<rows {
                let x = base + row &* ca
                var sum: Scalar = 0
                for action in 0..<ca {
                    bad |= x[action] >= 0 ? 0 : 1
                    sum += x[action]
                }
                bad |= Swift.abs(sum - 1) <= tolerance ? 0 : 1
            }
            return bad == 0
        }
        switch a {
        case 4: return run(4)
        case 5: return run(5)
        default: return run(a)
        }
    }
}

extension Policy {
    /// Checks that the policy puts no probability on a forbidden action: one whose reward is `−∞`
    /// in `rewards` (`[S, A, 1 or B]`, the reward of a masked action is `−∞`) or that `mask`
    /// (`[S·A]`, `true` = allowed) forbids. Such a policy has value `−∞` (and, through
    /// `0·(−∞)` in the products with `P`, NaN elsewhere), so it is refused as input.
    /// - Throws: ``IRLError/invalidParameter(argument:value:reason:)`` naming `policy[t, s, a, b]`.
    /// - Complexity: O(T·S·A·B), no allocation.
    package func checkSupport(rewards: Tensor<Scalar>?, mask: [Bool]?) throws(IRLError) {
        guard rewards != nil || mask != nil else { return }
        let (t, s, a, b) = (steps, stateCount, actionCount, batch)
        let rb = rewards?.shape[2] ?? 1
        let r = rewards?.scalars
        try probabilities.withUnsafeBufferPointer { (p) throws(IRLError) in
            for step in 0..<t {
                for row in 0..<(s * a) {
                    let o = (step * s * a + row) * b
                    for col in 0..<b where p[o + col] > 0 {
                        let masked = mask.map { !$0[row] } ?? false
                        let infinite = r.map { $0[row * rb + (rb == 1 ? 0 : col)] == -.infinity } ?? false
                        guard !masked && !infinite else {
                            throw .invalidParameter(
                                argument: "policy[\(step), \(row / a), \(row % a), \(col)]", value: Double(p[o + col]),
                                reason: "is a probability on action \(row % a) in state \(row / a), which is forbidden "
                                    + (masked ? "by the action mask" : "(its reward is −∞)"))
                        }
                    }
                }
            }
        }
    }
}
