import DenseTensors

/// The engine's finite-horizon backward (soft Bellman) and forward passes, written into buffers
/// the caller provides: the library's own tensors (``SoftValueIteration``,
/// ``TabularMDP/occupancy(of:tolerance:)``, the lean pass) or the arrays of a C caller, borrowed.
/// There is no other finite-horizon loop of these two recursions in the package: a faster path
/// is a kernel of the operator, chosen here by its structure.
///
/// Backward: `q = r; q += γ·pull(V_{t+1})`, then the fused log-sum-exp/softmax. Forward:
/// `x_t = d_t·π_t` and `μ += γᵗ·x_t` in one sweep, `d_{t+1} = push(x_t)`. For a single reward
/// column on per-state blocks (``StateBlockedTransitions``) small enough for one thread, each
/// backward step is one fused sweep (pull, log-sum-exp, softmax) and so is each forward step
/// (weighting, `μ`, push); above ``StateBlockedTransitions/twoThreadMinimumStates`` states, the
/// backward steps are shared by two threads.
package enum FiniteHorizonPasses {
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
    package static func softBackward<Scalar: BLASScalar>(
        _ dynamics: any TransitionOperator<Scalar>, horizon h: Int, discount gamma: Scalar, temperature: Scalar,
        batch b: Int, reward: UnsafeBufferPointer<Scalar>, values: UnsafeMutableBufferPointer<Scalar>,
        policy: UnsafeMutableBufferPointer<Scalar>?, qValues: UnsafeMutableBufferPointer<Scalar>?,
        scratch: UnsafeMutableBufferPointer<Scalar>, threads: Int
    ) throws(IRLError) {
        let (s, a) = (dynamics.stateCount, dynamics.actionCount)
        let (sb, sab) = (s * b, s * a * b)
        let threads = dynamics.elementwiseThreads(threads)
        let fused = b == 1 ? (dynamics as? any SingleColumnFusedSteps<Scalar>).flatMap { $0.usesFusedSteps(threads: threads) ? $0 : nil } : nil
        var first = h - 1
        if let fused, let failed = fused.backwardOnTwoThreads(
            horizon: h, reward: reward, discount: gamma, temperature: temperature, values: values, policy: policy,
            qValues: qValues, threads: threads)
        {
            if failed < 0 { return }
            first = failed  // rerun on one thread for the error
        }
        for t in stride(from: first, through: 0, by: -1) {
            let q = qValues.map { window($0, t * sab, sab) } ?? scratch
            let next = UnsafeBufferPointer(window(values, (t + 1) * sb, sb))
            let valuesRow = window(values, t * sb, sb)
            let policyRow = policy.map { window($0, t * sab, sab) }
            // One column on per-state blocks: the pull fused with the log-sum-exp (no Q array).
            if let fused,
                fused.softBackup(
                    next: next, reward: reward, discount: gamma, temperature: temperature, values: valuesRow,
                    policy: policyRow, qValues: qValues.map { window($0, t * sab, sab) })
            {
                continue
            }
            bellmanBackup(dynamics, rewards: reward, discount: gamma, next: next, batch: b, into: q)
            do throws(TensorError) {
                try LogSumExp.reduce(
                    UnsafeBufferPointer(q), rows: s, n: a, batch: b, temperature: temperature, lse: valuesRow,
                    softmax: policyRow, threads: threads)
            } catch {
                throw noValidAction(error, time: t)
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
    package static func forward<Scalar: BLASScalar>(
        _ dynamics: any TransitionOperator<Scalar>, horizon h: Int, discount gamma: Scalar, batch b: Int,
        initial: UnsafeBufferPointer<Scalar>, policy: UnsafeBufferPointer<Scalar>, steps: Int,
        stateDistributions: UnsafeMutableBufferPointer<Scalar>?, occupancy: UnsafeMutableBufferPointer<Scalar>?,
        scratch: UnsafeMutableBufferPointer<Scalar>, threads: Int
    ) {
        let (s, a) = (dynamics.stateCount, dynamics.actionCount)
        let (sb, sab) = (s * b, s * a * b)
        let threads = dynamics.elementwiseThreads(threads)
        let x = window(scratch, 0, sab)
        // d_t for t = 0 … H: the caller's rows, or two alternating scratch rows.
        func row(_ t: Int) -> UnsafeMutableBufferPointer<Scalar> {
            if let d = stateDistributions { return window(d, t * sb, sb) }
            return window(scratch, sab + (t % 2) * sb, sb)
        }
        let d0 = row(0)
        for state in 0..<s { for col in 0..<b { d0[state * b + col] = initial[state] } }
        if let mu = occupancy { mu.update(repeating: 0) }
        let fused = b == 1 ? (dynamics as? any SingleColumnFusedSteps<Scalar>).flatMap { $0.usesFusedSteps(threads: threads) ? $0 : nil } : nil
        var weight: Scalar = 1
        for t in 0..<h {
            let pi = UnsafeBufferPointer(rebasing: policy[(steps == 1 ? 0 : t * sab)..<((steps == 1 ? 0 : t * sab) + sab)])
            if let fused {
                // One column on per-state blocks: weighting, μ and push in one sweep.
                fused.forwardStep(
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
}

/// Dynamics with fused kernels for the single-column (`B = 1`) steps of the finite-horizon
/// passes: the pull fused with the log-sum-exp (no `Q` array), and the policy weighting fused
/// with the push (no `x` array). ``FiniteHorizonPasses`` finds them by this conformance.
package protocol SingleColumnFusedSteps<Scalar>: TransitionOperator {
    /// Whether the fused steps suit this operator when `threads` threads are allowed.
    func usesFusedSteps(threads: Int) -> Bool

    /// All `H` backups shared by two threads, when the operator is large enough for them and
    /// `threads ≥ 2`. Returns `nil` when it did not run (nothing written), `-1` when every step is
    /// done, or the step `t` at which some state had no finite `Q` (rows above `t` are complete).
    func backwardOnTwoThreads(
        horizon h: Int, reward: UnsafeBufferPointer<Scalar>, discount gamma: Scalar, temperature: Scalar,
        values: UnsafeMutableBufferPointer<Scalar>, policy: UnsafeMutableBufferPointer<Scalar>?,
        qValues: UnsafeMutableBufferPointer<Scalar>?, threads: Int
    ) -> Int?

    /// One backup `V_t`, `π_t`, `Q_t` from `V_{t+1}`; `false` when some state has no finite `Q`
    /// (the outputs are then incomplete and the pass reruns the generic step for the error).
    func softBackup(
        next: UnsafeBufferPointer<Scalar>, reward: UnsafeBufferPointer<Scalar>, discount gamma: Scalar,
        temperature alpha: Scalar, values: UnsafeMutableBufferPointer<Scalar>,
        policy: UnsafeMutableBufferPointer<Scalar>?, qValues: UnsafeMutableBufferPointer<Scalar>?
    ) -> Bool

    /// One forward step: `x = d_t·π_t`, `μ += weight·x`, `d_{t+1} = push(x)` in one sweep.
    func forwardStep(
        _ d: UnsafeBufferPointer<Scalar>, policy pi: UnsafeBufferPointer<Scalar>,
        occupancy: UnsafeMutableBufferPointer<Scalar>?, weight occupancyWeight: Scalar,
        into out: UnsafeMutableBufferPointer<Scalar>
    )
}
