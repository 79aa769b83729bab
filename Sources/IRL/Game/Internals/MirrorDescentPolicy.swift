import DenseTensors

/// The primal policy player's state: logits `θ[t, s, a, b]` with `π = softmax_a(θ)` per
/// `(t, s, b)`, so the multiplicative update `π ← π·exp(ηQ)/Z` is `θ ← θ + ηQ` followed by a
/// normalisation that subtracts the log-sum-exp (no overflow, exact zeros stay zero).
struct MirrorDescentPolicy<Scalar: BLASScalar>: Sendable {
    let tables: Int
    let states: Int
    let actions: Int
    let batch: Int
    /// `log π`, `−∞` where an action has probability 0.
    private var logits: [Scalar]
    private var probabilities: Tensor<Scalar>

    /// The current policy, `[tables, S, A, B]`.
    var policy: Policy<Scalar> { Policy(unchecked: probabilities) }

    /// Starts from `initial` (broadcast over steps and columns as needed) or the uniform policy
    /// over the allowed actions.
    /// - Throws: ``IRLError/shapeMismatch(argument:expected:actual:)`` when `initial` does not fit.
    init(_ mdp: TabularMDP<Scalar>, initial: Policy<Scalar>?, tables: Int, batch: Int) throws(IRLError) {
        let (s, a) = (mdp.stateCount, mdp.actionCount)
        (self.tables, self.states, self.actions, self.batch) = (tables, s, a, batch)
        let start = initial ?? Policy.uniform(on: mdp)
        guard start.stateCount == s, start.actionCount == a, start.steps == 1 || start.steps == tables,
            start.batch == 1 || start.batch == batch
        else {
            throw .shapeMismatch(
                argument: "initialPolicy", expected: "[1 or \(tables), \(s), \(a), 1 or \(batch)]",
                actual: start.probabilities.shape)
        }
        let (sa, pb) = (s * a, start.batch)
        let mask = mdp.actionMask
        logits = (0..<(tables * sa * batch)).map { i in
            let (t, rest, col) = (i / (sa * batch), (i / batch) % sa, i % batch)
            if let m = mask, !m[rest] { return -.infinity }
            let p = start.probabilities.scalars[((start.steps == 1 ? 0 : t) * sa + rest) * pb + (pb == 1 ? 0 : col)]
            return p > 0 ? Scalar.log(p) : -.infinity
        }
        probabilities = Tensor(zeros: [tables, s, a, batch])
        try normalise()
    }

    /// `θ ← θ + η·Q`, then renormalise: one mirror-descent step per `(t, s, b)`.
    /// - Parameter q: `Q[t, s, a, b]` with the same number of tables.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    mutating func step(q: Tensor<Scalar>, stepSize eta: Scalar) throws(IRLError) {
        q.withUnsafeBufferPointer { pq in
            logits.withUnsafeMutableBufferPointer { theta in
                for i in 0..<theta.count where theta[i] > -.infinity { theta[i] += eta * pq[i] }
            }
        }
        try normalise()
    }

    /// `π = softmax(θ)` and `θ ← θ − logsumexp(θ)` (so `θ = log π`).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    private mutating func normalise() throws(IRLError) {
        let rows = tables * states
        var lse = [Scalar](repeating: 0, count: rows * batch)
        let (n, b) = (actions, batch)
        try logits.withUnsafeBufferPointer { (theta) throws(IRLError) in
            try probabilities.withUnsafeMutableBufferPointer { (p) throws(IRLError) in
                try lse.withUnsafeMutableBufferPointer { (l) throws(IRLError) in
                    do throws(TensorError) {
                        try LogSumExp.reduce(theta, rows: rows, n: n, batch: b, lse: l, softmax: p)
                    } catch {
                        if case let .noFiniteEntry(_, row, column) = error {
                            throw .noValidAction(state: row % states, column: column, time: tables > 1 ? row / states : nil)
                        }
                        throw .tensor(context: "mirror-descent policy step", error)
                    }
                }
            }
        }
        for i in 0..<logits.count where logits[i] > -.infinity {
            logits[i] -= lse[(i / (n * b)) * b + i % b]
        }
    }
}
