import DenseTensors

/// A batch of `B` reward functions on an MDP's state-action space (`B = 1` for a single one).
///
/// Every form is resolved to state-action rewards `r[s, a, b]` by
/// ``TabularMDP/stateActionRewards(_:)``; `−∞` marks a forbidden action (probability exactly 0).
public enum Reward<Scalar: BLASScalar>: Sendable {
    /// `r(s)`: shape `[S]` or `[S, B]`, the same for every action.
    case state(Tensor<Scalar>)
    /// `r(s, a)`: shape `[S, A]` or `[S, A, B]`.
    case stateAction(Tensor<Scalar>)
    /// `r(s, a, s')`: shape `[S, A, S]` or `[S, A, S, B]`, folded to
    /// `r(s, a) = Σ_s' P(s'|s,a)·r(s, a, s')`. Must be finite.
    case transition(Tensor<Scalar>)
    /// `r = Φ·λ` with the MDP's features `Φ[s, a, k]`: weights `λ` of shape `[K]` or `[K, B]`.
    case linear(weights: Tensor<Scalar>)
}

extension TabularMDP {
    /// Resolves a reward to `r[s, a, b]`, shape `[S, A, B]`, with masked actions set to `−∞`.
    ///
    /// - Throws: ``IRLError/shapeMismatch(argument:expected:actual:)`` for a wrong shape;
    ///   ``IRLError/nonFinite(argument:index:value:)`` for NaN or `+∞` (and `−∞` in transition
    ///   rewards or weights); ``IRLError/missing(argument:reason:)`` for a linear reward without
    ///   features; ``IRLError/noValidAction(state:column:time:)`` when a state has no action
    ///   with a reward above `−∞`.
    /// - Complexity: O(S·A·B) (`.transition`: O(nnz(P)·B); `.linear`: one GEMM, O(S·A·K·B)).
    public func stateActionRewards(_ reward: Reward<Scalar>) throws(IRLError) -> Tensor<Scalar> {
        let (s, a) = (stateCount, actionCount)
        var r: Tensor<Scalar>
        switch reward {
        case let .state(t):
            guard t.shape.first == s, t.rank == 1 || t.rank == 2 else {
                throw .shapeMismatch(argument: "state reward", expected: "[\(s)] or [\(s), B]", actual: t.shape)
            }
            try Self.checkRewardValues(t, argument: "state reward", allowNegativeInfinity: true)
            let b = t.rank == 1 ? 1 : t.shape[1]
            r = Tensor(shape: [s, a, b]) { i in t.scalars[(i / (a * b)) * b + i % b] }
        case let .stateAction(t):
            guard t.rank == 2 || t.rank == 3, t.shape[0] == s, t.shape[1] == a else {
                throw .shapeMismatch(argument: "state-action reward", expected: "[\(s), \(a)] or [\(s), \(a), B]", actual: t.shape)
            }
            try Self.checkRewardValues(t, argument: "state-action reward", allowNegativeInfinity: true)
            r = t.rank == 3 ? t : try IRLError.wrap("state-action reward") { () throws(TensorError) in try t.reshaped([s, a, 1]) }
        case let .transition(t):
            guard t.rank == 3 || t.rank == 4, t.shape[0] == s, t.shape[1] == a, t.shape[2] == s else {
                throw .shapeMismatch(argument: "transition reward", expected: "[\(s), \(a), \(s)] or [\(s), \(a), \(s), B]", actual: t.shape)
            }
            try Self.checkRewardValues(t, argument: "transition reward", allowNegativeInfinity: false)
            let b = t.rank == 3 ? 1 : t.shape[3]
            r = Tensor(zeros: [s, a, b])
            r.withUnsafeMutableBufferPointer { out in
                for state in 0..<s {
                    for action in 0..<a {
                        for (next, p) in dynamics.successors(state: state, action: action) {
                            let src = ((state * a + action) * s + next) * b
                            let dst = (state * a + action) * b
                            for col in 0..<b { out[dst + col] += p * t.scalars[src + col] }
                        }
                    }
                }
            }
        case let .linear(weights):
            guard let phi = features else {
                throw .missing(argument: "features", reason: "a linear reward Φ·λ needs the MDP's features")
            }
            let k = phi.shape[2]
            guard weights.shape.first == k, weights.rank == 1 || weights.rank == 2 else {
                throw .shapeMismatch(argument: "reward weights", expected: "[\(k)] or [\(k), B]", actual: weights.shape)
            }
            try Self.checkRewardValues(weights, argument: "reward weights", allowNegativeInfinity: false)
            let b = weights.rank == 1 ? 1 : weights.shape[1]
            r = Tensor(zeros: [s, a, b])
            try IRLError.wrap("linear reward Φ·λ") { () throws(TensorError) in
                try phi.withUnsafeBufferPointer { (pf) throws(TensorError) in
                    try weights.withUnsafeBufferPointer { (pw) throws(TensorError) in
                        try r.withUnsafeMutableBufferPointer { (pr) throws(TensorError) in
                            try BLAS.gemm(.none, pf, .none, pw, into: pr, m: s * a, n: b, k: k)
                        }
                    }
                }
            }
        }
        try applyActionMask(&r)
        return r
    }

    /// Sets the masked actions of `r[S, A, B]` to `−∞` and checks that every state keeps an action.
    /// - Throws: ``IRLError/noValidAction(state:column:time:)`` for a `(state, column)` whose
    ///   rewards are all `−∞`.
    /// - Complexity: O(S·A·B).
    func applyActionMask(_ r: inout Tensor<Scalar>) throws(IRLError) {
        let (s, a, b) = (stateCount, actionCount, r.shape[2])
        r.withUnsafeMutableBufferPointer { out in
            if let mask = actionMask {
                for i in 0..<(s * a) where !mask[i] {
                    for col in 0..<b { out[i * b + col] = -.infinity }
                }
            }
        }
        // Every (state, column) needs an action with reward above −∞.
        for state in 0..<s {
            for col in 0..<b {
                var ok = false
                for action in 0..<a where r.scalars[(state * a + action) * b + col] > -.infinity { ok = true; break }
                if !ok { throw .noValidAction(state: state, column: col, time: nil) }
            }
        }
    }

    static func checkRewardValues(_ t: Tensor<Scalar>, argument: String, allowNegativeInfinity: Bool) throws(IRLError) {
        if let bad = t.firstNonFinite(allowNegativeInfinity: allowNegativeInfinity) {
            throw .nonFinite(argument: argument, index: bad.index, value: Double(bad.value))
        }
    }
}
