import DenseTensors

/// The single-column (`B = 1`) steps of the finite-horizon passes fused on per-state blocks:
/// no `Q` array between the pull and the log-sum-exp, no `x` array between the policy weighting
/// and the push.
extension StateBlockedTransitions: SingleColumnFusedSteps where Scalar: FastExpScalar {
    /// Above this many stored entries (`S·A·width`), and when more than one thread is allowed,
    /// the solvers take the threaded operator kernels instead of the single-thread fused passes.
    /// (Splitting the fused steps over 2 threads was slower than 1 thread on the 32×32
    /// gridworld, 25 600 entries: waking the second thread every step costs more than it saves.)
    package static var fusedMaximumEntries: Int { 1 << 18 }

    /// Whether the fused single-column passes suit these blocks: small enough for one thread
    /// (or only one is allowed).
    package func usesFusedSteps(threads: Int) -> Bool {
        threads <= 1 || stateCount * actionCount * width <= Self.fusedMaximumEntries
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
        let (s, a, w, column, weight) = (stateCount, actionCount, width, storage.column, storage.weight)
        let mu = occupancyWeight != 0 ? occupancy : nil
        if StateBlockKernels.supports(actions: a, width: w), let dp = d.baseAddress, let pp = pi.baseAddress,
            let op = out.baseAddress,
            StateBlockKernels.forwardStep(
                storage, states: s, actions: a, width: w, d: dp, policy: pp, occupancy: mu?.baseAddress,
                weight: occupancyWeight, into: op)
        {
            return
        }
        // The states of `range`, scattered into `acc` (zeroed here).
        @inline(__always) func sweep(_ range: Range<Int>, into acc: UnsafeMutableBufferPointer<Scalar>) {
            for i in 0..<s { acc[i] = 0 }
            withUnsafeTemporaryAllocation(of: Scalar.self, capacity: a + w) { scratch in
                let x = UnsafeMutableBufferPointer(rebasing: scratch[0..<a])
                let y = UnsafeMutableBufferPointer(rebasing: scratch[a...])
                // Constant `ca` actions and width `cw` unroll the inner loops.
                @inline(__always) func run(_ ca: Int, _ cw: Int) {
                    for state in range {
                        let ds = d[state]
                        for action in 0..<ca { x[action] = ds * pi[state &* ca &+ action] }
                        if let mu { for action in 0..<ca { mu[state &* ca &+ action] += occupancyWeight * x[action] } }
                        for k in 0..<cw { y[k] = 0 }
                        for action in 0..<ca {
                            let (row, xa) = (state &* ca &+ action, x[action])
                            for k in 0..<cw { y[k] += weight[row &* cw &+ k] * xa }
                        }
                        for k in 0..<cw { acc[Int(column[state &* cw &+ k])] += y[k] }
                    }
                }
                switch (a, w) {
                case (4, 4): run(4, 4)
                case (4, 5): run(4, 5)
                case (5, 5): run(5, 5)
                case (5, 4): run(5, 4)
                case (_, 3): run(a, 3)
                case (_, 4): run(a, 4)
                case (_, 5): run(a, 5)
                case (_, 6): run(a, 6)
                case (_, 8): run(a, 8)
                default: run(a, w)
                }
            }
        }
        sweep(0..<s, into: out)
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
    /// per block of states: the pull and the shifted arguments in one sweep, then one array
    /// ``FastExp`` `exp` and one `log` for the block.
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
        let (s, a, w) = (stateCount, actionCount, width)
        let block = Self.backupBlockStates
        let inverse = 1 / alpha
        guard let column = UnsafePointer(storage.column.baseAddress), let weight = UnsafePointer(storage.weight.baseAddress),
            let v = next.baseAddress, let r = reward.baseAddress
        else { return false }
        if StateBlockKernels.supports(actions: a, width: w) {
            if let done = laneBackup(
                next: v, reward: r, discount: gamma, temperature: alpha, values: values, policy: policy, qValues: qValues)
            {
                return done
            }
        }
        // Blocks `range` of `block` states each; `false` at a state without a finite Q.
        @inline(__always) func sweep(_ blocks: Range<Int>) -> Bool {
            withUnsafeTemporaryAllocation(of: Scalar.self, capacity: block * a + 2 * block + w) { scratch in
                guard let e = scratch.baseAddress else { return false }
                let maxima = e + block * a
                let sums = maxima + block
                let g = sums + block
                // Constant `ca` actions and width `cw` let the compiler unroll the gather and the dot
                // products. Indices are below S·A·width, which fits (the blocks were allocated):
                // wrapping arithmetic skips the overflow checks in the innermost loops. Two passes
                // (all Q of the block, then maxima and shifts) keep each loop's dependencies short.
                @inline(__always) func arguments(_ ca: Int, _ cw: Int, _ first: Int, _ n: Int) -> Bool {
                    for i in 0..<n {
                        let state = first &+ i
                        let columns = column + state &* cw
                        for k in 0..<cw { g[k] = v[Int(columns[k])] }
                        let (block, rewards, q) = (weight + state &* ca &* cw, r + state &* ca, e + i &* ca)
                        for action in 0..<ca {
                            let probabilities = block + action &* cw
                            var acc: Scalar = 0
                            for k in 0..<cw { acc += probabilities[k] * g[k] }
                            // The same rounding as `q = r; q += γ·P·V` (α·acc + β·out with β = 1).
                            q[action] = gamma * acc + rewards[action]
                        }
                    }
                    if let out = qValues?.baseAddress { (out + first &* ca).update(from: e, count: n &* ca) }
                    var valid = true
                    for i in 0..<n {
                        let q = e + i &* ca
                        var m = q[0]
                        for action in 1..<ca { m = q[action] > m ? q[action] : m }
                        valid = valid && m != -Scalar.infinity
                        maxima[i] = m
                        for action in 0..<ca { q[action] = (q[action] - m) * inverse }
                    }
                    return valid
                }
                // The sums of the exponentials and the policy `e/Σ` of a block (`ca` actions).
                @inline(__always) func normalise(_ ca: Int, _ first: Int, _ n: Int) {
                    for i in 0..<n {
                        var total: Scalar = 0
                        for action in 0..<ca { total += e[i &* ca &+ action] }
                        sums[i] = total
                    }
                    guard let out = policy?.baseAddress else { return }
                    for i in 0..<n {
                        let (scale, p) = (1 / sums[i], out + (first &+ i) &* ca)
                        for action in 0..<ca { p[action] = e[i &* ca &+ action] * scale }
                    }
                }
                for blockIndex in blocks {
                    let first = blockIndex * block
                    let n = Swift.min(block, s - first)
                    let ok: Bool
                    switch (a, w) {
                    case (4, 4): ok = arguments(4, 4, first, n)
                    case (4, 5): ok = arguments(4, 5, first, n)
                    case (5, 5): ok = arguments(5, 5, first, n)
                    case (5, 4): ok = arguments(5, 4, first, n)
                    case (_, 3): ok = arguments(a, 3, first, n)
                    case (_, 4): ok = arguments(a, 4, first, n)
                    case (_, 5): ok = arguments(a, 5, first, n)
                    case (_, 6): ok = arguments(a, 6, first, n)
                    case (_, 8): ok = arguments(a, 8, first, n)
                    default: ok = arguments(a, w, first, n)
                    }
                    if !ok { return false }
                    FastExp.exp(inPlace: UnsafeMutableBufferPointer(start: e, count: n * a))
                    switch a {
                    case 4: normalise(4, first, n)
                    case 5: normalise(5, first, n)
                    default: normalise(a, first, n)
                    }
                    // Each sum is ≥ 1 (its largest term is exp 0).
                    let logs = UnsafeMutableBufferPointer(start: sums, count: n)
                    FastExp.log(inPlace: logs)
                    for i in 0..<n { values[first + i] = maxima[i] + alpha * logs[i] }
                }
                return true
            }
        }
        return sweep(0..<((s + block - 1) / block))
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
