import DenseTensors
import IRL

/// The finite-horizon backward (soft Bellman) and forward passes written straight into the
/// caller's buffers.
///
/// They compose the same public kernels as the library's ``SoftValueIteration`` and
/// `TabularMDP.occupancy(of:)`, in the same order — `q = r; q += γ·pull(V_{t+1})`, then the fused
/// log-sum-exp/softmax; `x_t = d_t·π_t` and `μ += γᵗ·x_t` in one sweep, `d_{t+1} = push(x_t)` — and save the
/// library's own `[H, S, A, B]` policy tensor and the copy of it into the caller's array. For a
/// single reward column on per-state blocks (``StateBlockedTransitions``) small enough for one
/// thread, each backward step is one fused sweep (pull, log-sum-exp, softmax) and so is each
/// forward step (weighting, `μ`, push).
enum CallerBufferPasses {
    /// Runs the backward pass for `t = H−1 … 0`.
    ///
    /// - Parameters:
    ///   - reward: `r[S, A, B]`, already validated (no NaN, no `+∞`).
    ///   - values: `[H+1, S, B]`; row `H` must hold `V_H` on entry.
    ///   - policy: `[H, S, A, B]`, or `nil` when only the values are wanted.
    ///   - qValues: `[H, S, A, B]`, or `nil` (then `scratch`, `S·A·B`, holds each `Q_t`).
    /// - Throws: ``IRLError/noValidAction(state:column:time:)`` for a state whose actions all have
    ///   reward `−∞`.
    /// - Complexity: `H` pulls and `H·S·A·B` exponentials.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    static func backward<Scalar: FastExpScalar>(
        _ dynamics: any TransitionOperator<Scalar>, horizon h: Int, discount gamma: Scalar, temperature: Scalar,
        batch b: Int, reward: UnsafeBufferPointer<Scalar>, values: UnsafeMutableBufferPointer<Scalar>,
        policy: UnsafeMutableBufferPointer<Scalar>?, qValues: UnsafeMutableBufferPointer<Scalar>?,
        scratch: UnsafeMutableBufferPointer<Scalar>, threads: Int
    ) throws(IRLError) {
        let (s, a) = (dynamics.stateCount, dynamics.actionCount)
        let (sb, sab) = (s * b, s * a * b)
        let blocked = b == 1 ? StateBlockedTransitions<Scalar>.fusedSingleColumn(dynamics, threads: threads) : nil
        var first = h - 1
        // Large enough for two threads: every step split between them (the same numbers).
        if let blocked, threads >= 2, s >= StateBlockedTransitions<Scalar>.twoThreadMinimumStates,
            StateBlockKernels.supports(actions: a, width: blocked.width), let r = reward.baseAddress,
            let failed = blocked.laneBackwardOnTwoThreads(
                horizon: h, reward: r, discount: gamma, temperature: temperature, values: values, policy: policy,
                qValues: qValues)
        {
            if failed < 0 { return }
            first = failed  // rerun on one thread for the error
        }
        for t in stride(from: first, through: 0, by: -1) {
            let q = qValues.map { slice($0, t * sab, sab) } ?? scratch
            let next = UnsafeBufferPointer(slice(values, (t + 1) * sb, sb))
            let valuesRow = slice(values, t * sb, sb)
            let policyRow = policy.map { slice($0, t * sab, sab) }
            // One column on per-state blocks: the pull fused with the log-sum-exp (no Q array).
            if let blocked,
                blocked.softBackup(
                    next: next, reward: reward, discount: gamma, temperature: temperature, values: valuesRow,
                    policy: policyRow, qValues: qValues.map { slice($0, t * sab, sab) })
            {
                continue
            }
            _ = q.update(fromContentsOf: reward)
            if gamma != 0 { dynamics.pull(next, batch: b, into: q, alpha: gamma, beta: 1) }
            do throws(TensorError) {
                try LogSumExp.reduce(
                    UnsafeBufferPointer(q), rows: s, n: a, batch: b, temperature: temperature, lse: valuesRow,
                    softmax: policyRow, threads: threads)
            } catch {
                if case let .noFiniteEntry(_, row, column) = error {
                    throw .noValidAction(state: row, column: column, time: t)
                }
                throw .tensor(context: "soft Bellman backup", error)
            }
        }
    }

    /// Runs the forward pass of a policy with `steps` tables (`1` = stationary, or `H`).
    ///
    /// - Parameters:
    ///   - initial: `ρ₀[S]`, validated.
    ///   - policy: `[steps, S, A, B]`, validated.
    ///   - stateDistributions: `[H+1, S, B]`, or `nil` (then `d_t` lives in two rows of `scratch`).
    ///   - occupancy: `[S, A, B]` (overwritten), or `nil`.
    ///   - scratch: at least `S·A·B + 2·S·B` scalars.
    /// - Complexity: `H` pushes and `O(H·S·A·B)`.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    static func forward<Scalar: BLASScalar>(
        _ dynamics: any TransitionOperator<Scalar>, horizon h: Int, discount gamma: Scalar, batch b: Int,
        initial: UnsafeBufferPointer<Scalar>, policy: UnsafeBufferPointer<Scalar>, steps: Int,
        stateDistributions: UnsafeMutableBufferPointer<Scalar>?, occupancy: UnsafeMutableBufferPointer<Scalar>?,
        scratch: UnsafeMutableBufferPointer<Scalar>, threads: Int
    ) {
        let (s, a) = (dynamics.stateCount, dynamics.actionCount)
        let (sb, sab) = (s * b, s * a * b)
        let x = slice(scratch, 0, sab)
        // d_t for t = 0 … H: the caller's rows, or two alternating scratch rows.
        func row(_ t: Int) -> UnsafeMutableBufferPointer<Scalar> {
            if let d = stateDistributions { return slice(d, t * sb, sb) }
            return slice(scratch, sab + (t % 2) * sb, sb)
        }
        let d0 = row(0)
        for state in 0..<s { for col in 0..<b { d0[state * b + col] = initial[state] } }
        if let mu = occupancy { mu.update(repeating: 0) }
        let blocked = b == 1 ? StateBlockedTransitions<Scalar>.fusedSingleColumn(dynamics, threads: threads) : nil
        var weight: Scalar = 1
        for t in 0..<h {
            let pi = UnsafeBufferPointer(rebasing: policy[(steps == 1 ? 0 : t * sab)..<((steps == 1 ? 0 : t * sab) + sab)])
            if let blocked {
                // One column on per-state blocks: weighting, μ and push in one sweep.
                blocked.forwardStep(
                    UnsafeBufferPointer(row(t)), policy: pi, occupancy: occupancy, weight: weight, into: row(t + 1))
                weight *= gamma
                continue
            }
            if let mu = occupancy, weight != 0 {
                StateActionKernels.weightRowsAccumulating(
                    UnsafeBufferPointer(row(t)), pi, into: x, accumulating: mu, weight: weight, rows: s, n: a, batch: b,
                    threads: threads)
            } else {
                StateActionKernels.weightRows(UnsafeBufferPointer(row(t)), pi, into: x, rows: s, n: a, batch: b, threads: threads)
            }
            dynamics.push(UnsafeBufferPointer(x), batch: b, into: row(t + 1), alpha: 1, beta: 0)
            weight *= gamma
        }
    }

    /// Checks a caller's policy `[steps, S, A, B]` in place: entries finite and non-negative,
    /// every `π_t(·|s)` summing to 1 within `tolerance`.
    /// - Throws: ``IRLError`` naming `policy[t, s, a, b]` or the row `policy[t, s, ·, b]`.
    /// - Complexity: O(steps·S·A·B), no allocation.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    static func validatePolicy<Scalar: BLASScalar>(
        _ p: UnsafeBufferPointer<Scalar>, steps: Int, states s: Int, actions a: Int, batch b: Int, tolerance: Scalar
    ) throws(CFailure) {
        let clean =
            b == 1
            ? singleColumnPolicyIsClean(p, rows: steps * s, actions: a, tolerance: tolerance)
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
                    guard x.isFinite else { throw CFailure(.nonFinite(argument: "policy", index: index, value: Double(x))) }
                    guard x >= 0 else { throw CFailure(.negativeProbability(argument: "policy", index: index, value: Double(x))) }
                    sum += x
                }
                guard Swift.abs(sum - 1) <= tolerance else {
                    throw CFailure(
                        .notNormalized,
                        "policy[\(table / s), \(table % s), ·, \(col)]: probabilities sum to "
                            + "\(sum), not 1 (tolerance \(tolerance))")
                }
            }
        }
    }

    /// The fast test of ``validatePolicy(_:steps:states:actions:batch:tolerance:)`` for one
    /// column: every entry `>= 0` (which NaN and `−∞` fail) and every row sum within `tolerance`
    /// of 1 (which a `+∞` entry fails), summed in the same order as the precise pass.
    /// - Complexity: O(rows·A), branch-free inside a row.
    @inline(__always)
    static func singleColumnPolicyIsClean<Scalar: BLASScalar>(
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

    @inline(__always)
    static func slice<Scalar>(_ buffer: UnsafeMutableBufferPointer<Scalar>, _ offset: Int, _ count: Int)
        -> UnsafeMutableBufferPointer<Scalar>
    {
        UnsafeMutableBufferPointer(rebasing: buffer[offset..<(offset + count)])
    }
}
