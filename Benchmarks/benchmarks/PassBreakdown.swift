import DenseTensors
import IRL

/// Where the time of a pass goes: one instrumented re-run of the library's pass, built from the
/// same public kernels in the same order, with a clock around each (`--breakdown`).
///
/// It mirrors `SoftValueIteration.solveFinite` and `TabularMDP.occupancy(of:)` as of this
/// writing — allocate zeroed outputs; backward per step: copy `r` into `Q`, pull `Q += P·V_{t+1}`,
/// log-sum-exp and softmax over actions; forward per step: `x = d_t·π_t`, `μ += x`,
/// `d_{t+1} = Pᵀ·x`. The sum of the parts is printed next to the library's own pass time so a
/// drift between this model and the library shows. It also times the log-sum-exp alone (the same
/// `H` calls with no BLAS call in between) on one thread and on all, to expose interference
/// between OpenBLAS's threads and the library's.
struct PassBreakdown: Sendable {
    /// One timed part: a JSON key, a label for the table, and the seconds over the whole pass.
    struct Part: Sendable {
        let key: String
        let label: String
        let seconds: Double
    }

    /// The instrumented pass, in execution order.
    let parts: [Part]
    /// Side measurements, not part of the pass's sum.
    let isolated: [Part]

    var total: Double { parts.reduce(0) { $0 + $1.seconds } }

    var json: JSONValue {
        .object(parts.map { ($0.key, .number($0.seconds)) } + [("total", .number(total))]
            + isolated.map { ($0.key, .number($0.seconds)) })
    }

    /// The table printed under the scenario's row.
    /// - Parameters:
    ///   - passSeconds: the library's median pass time, for comparison with the instrumented sum.
    ///   - reference: the same-shape BLAS calls timed back to back, shown as `H` calls each so they
    ///     compare with the pull and push lines (a gap means BLAS runs slower inside the pass).
    func lines(passSeconds: Double, reference: SameShapeKernel?, horizon: Int) -> [String] {
        var out = ["  breakdown: instrumented pass \(Format.seconds(total)) (library pass median \(Format.seconds(passSeconds)))"]
        for part in parts {
            out.append("    \(Format.pad(part.label, 44, left: true)) \(Format.pad(Format.seconds(part.seconds), 10))  "
                + Format.pad(Format.percent(part.seconds / total), 6))
        }
        if let reference {
            let h = Double(horizon)
            out.append("    \(Format.pad("same pull alone, back to back, H calls", 44, left: true)) "
                + Format.pad(Format.seconds(h * reference.pullSeconds), 10))
            out.append("    \(Format.pad("same push alone, back to back, H calls", 44, left: true)) "
                + Format.pad(Format.seconds(h * reference.pushSeconds), 10))
        }
        for part in isolated {
            out.append("    \(Format.pad(part.label, 44, left: true)) \(Format.pad(Format.seconds(part.seconds), 10))")
        }
        return out
    }

    /// Runs the instrumented pass.
    /// - Complexity: one pass, plus `2H` extra log-sum-exps; the pass's memory.
    /// Specialised for both scalar types like the library's solvers: unspecialised generic code
    /// would call `exp` through witness tables and time a much slower log-sum-exp than the library's.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    static func measure<Scalar: BLASScalar>(
        _ dynamics: any TransitionOperator<Scalar>, rewards: Tensor<Scalar>, initial: [Scalar], horizon h: Int, threads: Int
    ) throws -> PassBreakdown {
        var clock = PartClock()
        var buffers = PassBuffers<Scalar>()
        let (s, a, b) = (dynamics.stateCount, dynamics.actionCount, rewards.shape[2])
        clock.lap("allocate", "allocate zeroed outputs (V, π, Q, d, μ, x)") {
            buffers = PassBuffers(states: s, actions: a, batch: b, horizon: h)
        }
        try backward(dynamics, rewards, &buffers, &clock, horizon: h, threads: threads)
        forward(dynamics, initial, &buffers, &clock, horizon: h, threads: threads)
        let parts = clock.parts
        var side = PartClock()
        for (key, label, n) in [("log_sum_exp_alone_1_thread", "log-sum-exp alone, 1 thread", 1),
                                ("log_sum_exp_alone_all_threads", "log-sum-exp alone, \(threads) threads", threads)] {
            try side.lap(key, label) {
                for _ in 0..<h { try buffers.logSumExpAlone(states: s, actions: a, batch: b, threads: n) }
            }
        }
        return PassBreakdown(parts: parts, isolated: side.parts)
    }

    private static func backward<Scalar: BLASScalar>(
        _ dynamics: any TransitionOperator<Scalar>, _ rewards: Tensor<Scalar>, _ buffers: inout PassBuffers<Scalar>, _ clock: inout PartClock,
        horizon h: Int, threads: Int
    ) throws {
        let (s, a, b) = (dynamics.stateCount, dynamics.actionCount, rewards.shape[2])
        let (sb, sab) = (s * b, s * a * b)
        let routine = b == 1 ? "GEMV" : "GEMM"
        try rewards.withUnsafeBufferPointer { r in
            try buffers.values.withUnsafeMutableBufferPointer { v in
                try buffers.policy.withUnsafeMutableBufferPointer { pi in
                    try buffers.q.withUnsafeMutableBufferPointer { q in
                        for t in stride(from: h - 1, through: 0, by: -1) {
                            clock.lap("reward_copy", "backward: copy r into Q") { _ = q.update(fromContentsOf: r) }
                            clock.lap("pull", "backward: pull Q += P·V (\(routine))") {
                                dynamics.pull(UnsafeBufferPointer(rebasing: v[((t + 1) * sb)..<((t + 2) * sb)]), batch: b,
                                              into: q, alpha: 1, beta: 1)
                            }
                            try clock.lap("log_sum_exp", "backward: log-sum-exp + softmax") {
                                try LogSumExp.reduce(UnsafeBufferPointer(q), rows: s, n: a, batch: b, temperature: 1,
                                                     lse: UnsafeMutableBufferPointer(rebasing: v[(t * sb)..<((t + 1) * sb)]),
                                                     softmax: UnsafeMutableBufferPointer(rebasing: pi[(t * sab)..<((t + 1) * sab)]),
                                                     threads: threads)
                            }
                        }
                    }
                }
            }
        }
    }

    private static func forward<Scalar: BLASScalar>(
        _ dynamics: any TransitionOperator<Scalar>, _ initial: [Scalar], _ buffers: inout PassBuffers<Scalar>, _ clock: inout PartClock,
        horizon h: Int, threads: Int
    ) {
        let (s, a) = (dynamics.stateCount, dynamics.actionCount)
        let b = buffers.batch
        let (sb, sab) = (s * b, s * a * b)
        let routine = b == 1 ? "GEMV" : "GEMM"
        buffers.policy.withUnsafeBufferPointer { pi in
            buffers.d.withUnsafeMutableBufferPointer { d in
                buffers.mu.withUnsafeMutableBufferPointer { mu in
                    buffers.x.withUnsafeMutableBufferPointer { x in
                        for state in 0..<s { for col in 0..<b { d[state * b + col] = initial[state] } }
                        for t in 0..<h {
                            clock.lap("weight_rows", "forward: x = d·π") {
                                StateActionKernels.weightRows(UnsafeBufferPointer(rebasing: d[(t * sb)..<((t + 1) * sb)]),
                                                              UnsafeBufferPointer(rebasing: pi[(t * sab)..<((t + 1) * sab)]),
                                                              into: x, rows: s, n: a, batch: b, threads: threads)
                            }
                            clock.lap("occupancy_axpy", "forward: μ += x (axpy)") {
                                try! BLAS.axpy(alpha: 1, UnsafeBufferPointer(x), mu)
                            }
                            clock.lap("push", "forward: push d = Pᵀ·x (\(routine))") {
                                dynamics.push(UnsafeBufferPointer(x), batch: b,
                                              into: UnsafeMutableBufferPointer(rebasing: d[((t + 1) * sb)..<((t + 2) * sb)]),
                                              alpha: 1, beta: 0)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Accumulates seconds per named part, keeping the order in which parts first ran.
private struct PartClock {
    private(set) var parts: [PassBreakdown.Part] = []

    mutating func lap(_ key: String, _ label: String, _ body: () throws -> Void) rethrows {
        let seconds = try Stopwatch.seconds(body)
        if let i = parts.firstIndex(where: { $0.key == key }) {
            parts[i] = PassBreakdown.Part(key: key, label: label, seconds: parts[i].seconds + seconds)
        } else {
            parts.append(PassBreakdown.Part(key: key, label: label, seconds: seconds))
        }
    }
}

/// The arrays a pass allocates, sized as the library sizes them.
private struct PassBuffers<Scalar: BLASScalar> {
    var values: [Scalar] = []   // V_t, [H+1, S, B]
    var policy: [Scalar] = []   // π_t, [H, S, A, B]
    var q: [Scalar] = []        // Q, [S, A, B]
    var d: [Scalar] = []        // d_t, [H+1, S, B]
    var mu: [Scalar] = []       // μ, [S, A, B]
    var x: [Scalar] = []        // x_t, [S, A, B]
    var batch = 0

    init() {}

    init(states s: Int, actions a: Int, batch b: Int, horizon h: Int) {
        values = [Scalar](largeRepeating: 0, count: (h + 1) * s * b)
        policy = [Scalar](largeRepeating: 0, count: h * s * a * b)
        q = [Scalar](repeating: 0, count: s * a * b)
        d = [Scalar](largeRepeating: 0, count: (h + 1) * s * b)
        mu = [Scalar](repeating: 0, count: s * a * b)
        x = [Scalar](repeating: 0, count: s * a * b)
        batch = b
    }

    /// One log-sum-exp + softmax of the last `Q` into scratch (`x` and `d`'s first rows), as the
    /// backward pass does but with no BLAS call in between.
    mutating func logSumExpAlone(states s: Int, actions a: Int, batch b: Int, threads: Int) throws {
        try q.withUnsafeBufferPointer { q in
            try x.withUnsafeMutableBufferPointer { x in
                try d.withUnsafeMutableBufferPointer { d in
                    try LogSumExp.reduce(q, rows: s, n: a, batch: b, temperature: 1,
                                         lse: UnsafeMutableBufferPointer(rebasing: d[0..<(s * b)]), softmax: x, threads: threads)
                }
            }
        }
    }
}
