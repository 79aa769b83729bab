import DenseTensors

extension StateBlockedTransitions {
    /// The most stored entries (`S·A·width`) for which the sparse and stencil operators keep a
    /// block copy of their rows for the fused steps (``BlockBackedFusedSteps``): about 4 MiB of
    /// blocks in `Double`. Larger models run those operators' own kernels.
    package static var fusedMaximumEntries: Int { 1 << 18 }
}

extension StateBlockedTransitions: SingleColumnFusedSteps where Scalar: FastExpScalar {
    /// Whether the fused single-column passes suit these blocks: a shape the C kernels take
    /// (``StateBlockKernels/supports(actions:width:)``; others run the generic steps). At any
    /// size: on the 128×128 gridworld (409 600 entries) the fused steps — the backward shared by
    /// two threads, the forward on one — took 79–92 ms a pass where the threaded operator
    /// kernels took 123–154 ms (Benchmarks/peers/compare.py --csr128, 2026-12-06).
    package func usesFusedSteps(threads: Int) -> Bool {
        StateBlockKernels.supports(actions: actionCount, width: width)
    }

    /// One forward step: `x(s,a) = d_t(s)·π_t(a|s)`, `μ += weight·x`, and
    /// `d_{t+1}(s') = Σ_{s,a} P(s'|s,a)·x(s,a)` — one sweep over the states, no `x` array.
    /// - Parameters:
    ///   - occupancy: `μ[S, A]`, or `nil` (also skipped when `weight` is 0).
    ///   - into: `d_{t+1}[S]`, overwritten.
    /// - Complexity: O(S·A·width).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    package func forwardStep(
        _ d: UnsafeBufferPointer<Scalar>, policy pi: UnsafeBufferPointer<Scalar>,
        occupancy: UnsafeMutableBufferPointer<Scalar>?, weight occupancyWeight: Scalar,
        into out: UnsafeMutableBufferPointer<Scalar>
    ) {
        let mu = occupancyWeight != 0 ? occupancy : nil
        guard let dp = d.baseAddress, let pp = pi.baseAddress, let op = out.baseAddress,
            StateBlockKernels.forwardStep(
                storage, states: stateCount, actions: actionCount, width: width, d: dp, policy: pp,
                occupancy: mu?.baseAddress, weight: occupancyWeight, into: op)
        else { preconditionFailure("the fused steps run only on shapes the C kernels take (usesFusedSteps)") }
    }
}

extension StateBlockedTransitions where Scalar: FastExpScalar {
    /// States per block of the backup: the block's `Q` values and exponentials stay in L1.
    package static var backupBlockStates: Int { 128 }

    /// One soft Bellman backup with temperature `α`:
    ///
    ///     Q(s,a) = r(s,a) + γ · Σ_s' P(s'|s,a) · V_{t+1}(s')
    ///     V_t(s) = m + α·log Σ_a exp((Q(s,a) − m)/α),   m = max_a Q(s,a)
    ///     π_t(a|s) = exp((Q(s,a) − m)/α) / Σ_a exp((Q(s,a) − m)/α)
    ///
    /// on the C kernels (``laneBackup(next:reward:discount:temperature:values:policy:qValues:)``),
    /// for the shapes they take (``usesFusedSteps(threads:)``).
    ///
    /// - Parameters:
    ///   - next: `V_{t+1}[S]`; `values`: receives `V_t[S]`.
    ///   - policy: receives `π_t[S, A]`, or `nil`; `qValues`: receives `Q_t[S, A]`, or `nil`.
    /// - Returns: `false` when some state has no finite `Q` (all its actions forbidden): the
    ///   outputs are then incomplete and the caller reruns the library's kernel for the error.
    /// - Complexity: O(S·A·width) and `S·A` exponentials, `S` logarithms.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    package func softBackup(
        next: UnsafeBufferPointer<Scalar>, reward: UnsafeBufferPointer<Scalar>, discount gamma: Scalar,
        temperature alpha: Scalar, values: UnsafeMutableBufferPointer<Scalar>,
        policy: UnsafeMutableBufferPointer<Scalar>?, qValues: UnsafeMutableBufferPointer<Scalar>?
    ) -> Bool {
        guard let v = next.baseAddress, let r = reward.baseAddress else { return false }
        return laneBackup(next: v, reward: r, discount: gamma, temperature: alpha, values: values, policy: policy, qValues: qValues)
            ?? false
    }

    /// ``softBackup(next:reward:discount:temperature:values:policy:qValues:)`` on the C kernels
    /// (``StateBlockKernels``), four states per vector: per block of 32 groups of four states,
    /// the arguments, one array `exp`, the sums and policy, one array `log`.
    /// - Returns: `nil` when the kernels do not take this scalar type, else as `softBackup`.
    /// - Complexity: O(S·A·width) and `S·A` exponentials, `S` logarithms.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    package func laneBackup(
        next v: UnsafePointer<Scalar>, reward r: UnsafePointer<Scalar>, discount gamma: Scalar, temperature alpha: Scalar,
        values: UnsafeMutableBufferPointer<Scalar>, policy: UnsafeMutableBufferPointer<Scalar>?,
        qValues: UnsafeMutableBufferPointer<Scalar>?
    ) -> Bool? {
        withUnsafeTemporaryAllocation(of: Scalar.self, capacity: laneScratchCount) { scratch -> Bool? in
            guard let e = scratch.baseAddress else { return nil }
            return laneBackupBlocks(
                0..<laneBlockCount, next: v, reward: r, discount: gamma, temperature: alpha, values: values,
                policy: policy, qValues: qValues, scratch: e)
        }
    }

    /// Blocks of ``backupBlockStates`` states in a lane backup.
    package var laneBlockCount: Int { (stateCount + Self.backupBlockStates - 1) / Self.backupBlockStates }

    /// Scratch scalars of ``laneBackupBlocks(_:next:reward:discount:temperature:values:policy:qValues:scratch:)``.
    package var laneScratchCount: Int { Self.backupBlockStates * (actionCount + 2) }

    /// The lane backup of the blocks `blocks` only (their states' `V_t`, `π_t`, `Q_t`): every
    /// block is computed the same way whichever call or thread does it.
    /// - Returns: as ``laneBackup(next:reward:discount:temperature:values:policy:qValues:)``.
    @inline(__always)
    package func laneBackupBlocks(
        _ blocks: Range<Int>, next v: UnsafePointer<Scalar>, reward r: UnsafePointer<Scalar>, discount gamma: Scalar,
        temperature alpha: Scalar, values: UnsafeMutableBufferPointer<Scalar>, policy: UnsafeMutableBufferPointer<Scalar>?,
        qValues: UnsafeMutableBufferPointer<Scalar>?, scratch e: UnsafeMutablePointer<Scalar>
    ) -> Bool? {
        let (s, a, w) = (stateCount, actionCount, width)
        let groups = (s + 3) / 4
        let blockGroups = Self.backupBlockStates / 4
        let inverse = 1 / alpha
        let maxima = e + blockGroups * 4 * a
        let sums = maxima + blockGroups * 4
        for block in blocks {
            let firstGroup = block * blockGroups
            let n = Swift.min(blockGroups, groups - firstGroup)
            if let vBase = values.baseAddress,
                let valid = StateBlockKernels.backupFused(
                    storage, states: s, actions: a, width: w, firstGroup: firstGroup, groups: n, next: v, reward: r,
                    discount: gamma, temperature: alpha, values: vBase, policy: policy?.baseAddress,
                    qValues: qValues?.baseAddress)
            {
                if !valid { return false }
                continue
            }
            guard
                let valid = StateBlockKernels.backupArguments(
                    storage, states: s, actions: a, width: w, firstGroup: firstGroup, groups: n, next: v, reward: r,
                    discount: gamma, inverseTemperature: inverse, shifted: e, maxima: maxima,
                    qValues: qValues?.baseAddress)
            else { return nil }
            if !valid { return false }
            FastExp.exp(inPlace: UnsafeMutableBufferPointer(start: e, count: n * 4 * a))
            StateBlockKernels.backupPolicy(
                states: s, actions: a, firstGroup: firstGroup, groups: n, exponentials: e, sums: sums,
                policy: policy?.baseAddress)
            // Each sum is ≥ 1 (its largest term is exp 0).
            FastExp.log(inPlace: UnsafeMutableBufferPointer(start: sums, count: n * 4))
            let first = firstGroup * 4
            for i in 0..<Swift.min(n * 4, s - first) { values[first + i] = maxima[i] + alpha * sums[i] }
        }
        return true
    }
}
