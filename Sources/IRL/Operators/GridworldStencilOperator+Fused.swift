import DenseTensors

/// The per-action lean backward + forward kernels of the gridworld stencil (the exact fallback
/// and reference of the factored pass in GridworldStencilOperator+Factored.swift).
///
/// Backward, per cell, in one sweep: the ≤ 5 neighbour values `n_a = V_{t+1}[dest(s, a)]` once,
/// `Q_a = r(s, a) + γ(1 − ε)·n_a + γ(ε/A)·Σ_a' n_a'`, and `V_t = M + α·log Σ_a exp((Q_a − M)/α)`
/// (`M = max_a Q_a`), with ``FastExp`` on four lanes: four neighbouring cells when `B = 1`, four
/// batch columns otherwise. Forward, per step: the same `Q_a` from `V_{t+1}`,
/// `x_a = d_t(s)·π_a` with `π_a = exp((Q_a − m)/α) / Σ_a' exp((Q_a' − m)/α)` (`m = max_a Q_a`; not
/// `exp((Q_a − V_t(s))/α)`, which loses every digit when `|Q| ≈ 1e300`), `μ += γᵗ x`, `y_a = (1 − ε)·x_a + (ε/A)·Σ x` into a
/// scratch array; then `d_{t+1}` gathers `y` from the neighbours (the adjoint of the pull).
/// Border, wall and terminal cells and their neighbours take the exact scalar path.
extension GridworldStencilOperator: SingleColumnFusedSteps, BlockBackedFusedSteps where Scalar: FastExpScalar {}

extension GridworldStencilOperator: FusedSoftBackup where Scalar: FastExpScalar {
    /// The factored pass (``factoredOccupancy(_:_:temperature:values:)``), which falls back to
    /// these per-action kernels step by step.
    func fusedOccupancy(_ mdp: TabularMDP<Scalar>, _ r: Tensor<Scalar>, temperature: Scalar, values: inout Tensor<Scalar>)
        throws(IRLError) -> (Tensor<Scalar>, Tensor<Scalar>)
    {
        let (mu, d, _) = try factoredOccupancy(mdp, r, temperature: temperature, values: &values)
        return (mu, d)
    }

    /// The backward pass with `A` exponentials per cell (the reference for the factored pass).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func perActionBackward(_ mdp: TabularMDP<Scalar>, _ r: Tensor<Scalar>, temperature: Scalar, values: inout Tensor<Scalar>) throws(IRLError) {
        guard case let .finite(h) = mdp.horizon else { return }
        let (s, b, height) = (stateCount, r.shape[2], gridworld.height)
        let sb = s * b
        let kernel = StencilKernel(self, discount: mdp.discount, temperature: temperature, batch: b)
        var failures = [Int](repeating: -1, count: height)
        try r.withUnsafeBufferPointer { (pr) throws(IRLError) in
            try values.withUnsafeMutableBufferPointer { (v) throws(IRLError) in
                // Row H in full: after a factored attempt it holds that attempt's E_{H−1}.
                for state in 0..<s {
                    let terminal = mdp.terminalValues?.scalars[state] ?? 0
                    for col in 0..<b { v[h * sb + state * b + col] = terminal }
                }
                try blocked.withUnsafeBufferPointer { (pb) throws(IRLError) in
                    try irregular.withUnsafeBufferPointer { (pi) throws(IRLError) in
                        for t in stride(from: h - 1, through: 0, by: -1) {
                            let (next, out) = (window(UnsafeBufferPointer(v), (t + 1) * sb, sb), window(v, t * sb, sb))
                            failures.withUnsafeMutableBufferPointer { fail in
                                parallelChunks(count: height, threads: threads, minimumChunk: kernel.minimumRows) { rows in
                                    for row in rows {
                                        fail[row] = kernel.backwardRow(row, blocked: pb, irregular: pi, rewards: pr, next: next, into: out)
                                    }
                                }
                            }
                            if let bad = failures.first(where: { $0 >= 0 }) {
                                throw .noValidAction(state: bad / b, column: bad % b, time: t)
                            }
                        }
                    }
                }
            }
        }
    }

    /// The forward pass with `A` exponentials per cell and an `[A][S][B]` outflow array.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func perActionForward(_ mdp: TabularMDP<Scalar>, _ r: Tensor<Scalar>, temperature: Scalar, values: Tensor<Scalar>) throws(IRLError)
        -> (Tensor<Scalar>, Tensor<Scalar>)
    {
        let (s, a, b, height) = (stateCount, actionCount, r.shape[2], gridworld.height)
        let sb = s * b
        let h = values.shape[0] - 1
        let kernel = StencilKernel(self, discount: mdp.discount, temperature: temperature, batch: b)
        var mu = Tensor<Scalar>(recycledZeros: [s, a, b])
        var d = Tensor<Scalar>(shape: [s, b]) { mdp.initialDistribution.scalars[$0 / b] }
        var y = [Scalar](repeating: 0, count: s * a * b)   // [A][S][B]
        r.withUnsafeBufferPointer { pr in
            values.withUnsafeBufferPointer { v in
                mu.withUnsafeMutableBufferPointer { pm in
                    d.withUnsafeMutableBufferPointer { pd in
                        y.withUnsafeMutableBufferPointer { py in
                            blocked.withUnsafeBufferPointer { pb in
                                irregular.withUnsafeBufferPointer { pi in
                                    var weight: Scalar = 1
                                    for t in 0..<h {
                                        let next = window(v, (t + 1) * sb, sb)
                                        parallelChunks(count: height, threads: threads, minimumChunk: kernel.minimumRows) { rows in
                                            for row in rows {
                                                kernel.forwardRow(row, blocked: pb, irregular: pi, rewards: pr, next: next,
                                                                  distribution: UnsafeBufferPointer(pd), weight: weight, occupancy: pm, spread: py)
                                            }
                                        }
                                        parallelChunks(count: height, threads: threads, minimumChunk: kernel.minimumRows) { rows in
                                            for row in rows {
                                                kernel.gatherRow(row, blocked: pb, irregular: pi, spread: UnsafeBufferPointer(py), into: pd)
                                            }
                                        }
                                        weight *= mdp.discount
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (mu, d)
    }
}

/// The constants of one fused sweep and its row kernels.
@usableFromInline
struct StencilKernel<Scalar: FastExpScalar> {
    let (width, height, actions, batch, cells): (Int, Int, Int, Int, Int)
    /// The occupancy `μ[s, a, b]` sits at `s·muCellStride + a·muActionStride + b`: `[S][A][B]`
    /// (`A·B`, `B`) by default, action-major `[A][S][B]` (`B`, `S·B`) in the factored pass.
    var (muCellStride, muActionStride): (Int, Int)
    /// `γ(1 − ε)`, `γ·ε/A`, `1 − ε`, `ε/A`, `α`, `1/α`.
    let (g1, g2, intended, spread, alpha, inverseAlpha): (Scalar, Scalar, Scalar, Scalar, Scalar, Scalar)
    /// Flat offsets of up, right, down, left, stay.
    let offsets: (Int, Int, Int, Int, Int)
    /// Rows per thread below which a sweep stays serial.
    var minimumRows: Int { Swift.max(1, 8_192 / Swift.max(1, width * actions * batch)) }

    init(_ op: GridworldStencilOperator<Scalar>, discount: Scalar, temperature: Scalar, batch: Int) {
        (width, height, actions, self.batch, cells) = (op.gridworld.width, op.gridworld.height, op.actionCount, batch, op.stateCount)
        (g1, g2, intended, spread) = (discount * op.intended, discount * op.spread, op.intended, op.spread)
        (alpha, inverseAlpha) = (temperature, 1 / temperature)
        offsets = (-width, 1, width, -1, 0)
        (muCellStride, muActionStride) = (actions * batch, batch)
    }

    @inline(__always) func offset(_ a: Int) -> Int {
        switch a {
        case 0: return offsets.0
        case 1: return offsets.1
        case 2: return offsets.2
        case 3: return offsets.3
        default: return 0
        }
    }

    @inline(__always) func load(_ p: UnsafeBufferPointer<Scalar>, _ i: Int) -> SIMD4<Scalar> {
        UnsafeRawBufferPointer(p).loadUnaligned(fromByteOffset: i * MemoryLayout<Scalar>.stride, as: SIMD4<Scalar>.self)
    }

    @inline(__always) func store(_ v: SIMD4<Scalar>, _ p: UnsafeMutableBufferPointer<Scalar>, _ i: Int) {
        UnsafeMutableRawBufferPointer(p).storeBytes(of: v, toByteOffset: i * MemoryLayout<Scalar>.stride, as: SIMD4<Scalar>.self)
    }

    /// Whether the four cells from `s` are all regular.
    @inline(__always) func regular4(_ flags: UnsafeBufferPointer<UInt8>, _ s: Int) -> Bool {
        UnsafeRawBufferPointer(flags).loadUnaligned(fromByteOffset: s, as: UInt32.self) == 0
    }

    /// Rewards of four lanes for action `a`: four cells (`B = 1`) or four columns of cell `s`.
    @inline(__always) func rewards(_ r: UnsafeBufferPointer<Scalar>, _ s: Int, _ col: Int, _ a: Int) -> SIMD4<Scalar> {
        if batch == 1 {
            let i = s * actions + a
            return SIMD4(r[i], r[i + actions], r[i + 2 * actions], r[i + 3 * actions])
        }
        return load(r, (s * actions + a) * batch + col)
    }

    /// `Q_a` for the four lanes from the neighbour values `n` (up, right, down, left, stay).
    @inline(__always)
    func qValues(_ n: (SIMD4<Scalar>, SIMD4<Scalar>, SIMD4<Scalar>, SIMD4<Scalar>, SIMD4<Scalar>),
                 _ r: UnsafeBufferPointer<Scalar>, _ s: Int, _ col: Int)
        -> (SIMD4<Scalar>, SIMD4<Scalar>, SIMD4<Scalar>, SIMD4<Scalar>, SIMD4<Scalar>)
    {
        var total = n.0 + n.1 + n.2 + n.3
        if actions == 5 { total += n.4 }
        let common = g2 * total
        let q4 = actions == 5 ? rewards(r, s, col, 4) + g1 * n.4 + common : SIMD4(repeating: -.infinity)
        return (rewards(r, s, col, 0) + g1 * n.0 + common, rewards(r, s, col, 1) + g1 * n.1 + common,
                rewards(r, s, col, 2) + g1 * n.2 + common, rewards(r, s, col, 3) + g1 * n.3 + common, q4)
    }

    /// The neighbour values of four regular lanes: cells `s…s+3` (`B = 1`) or columns `col…col+3` of cell `s`.
    @inline(__always)
    func neighbours(_ v: UnsafeBufferPointer<Scalar>, _ s: Int, _ col: Int)
        -> (SIMD4<Scalar>, SIMD4<Scalar>, SIMD4<Scalar>, SIMD4<Scalar>, SIMD4<Scalar>)
    {
        let o = s * batch + col
        return (load(v, o - width * batch), load(v, o + batch), load(v, o + width * batch), load(v, o - batch), load(v, o))
    }

    /// The same for a cell with blocked moves (`B > 1`): each move's destination from the mask.
    @inline(__always)
    func neighbours(_ v: UnsafeBufferPointer<Scalar>, _ s: Int, _ col: Int, bits: UInt8)
        -> (SIMD4<Scalar>, SIMD4<Scalar>, SIMD4<Scalar>, SIMD4<Scalar>, SIMD4<Scalar>)
    {
        @inline(__always) func n(_ a: Int) -> SIMD4<Scalar> {
            load(v, ((bits >> UInt8(a)) & 1 == 1 ? s : s + offset(a)) * batch + col)
        }
        return (n(0), n(1), n(2), n(3), load(v, s * batch + col))
    }

    // MARK: backward

    /// `V_t` for the cells of one row; returns `s·B + column` of the first failing entry, or −1.
    func backwardRow(
        _ row: Int, blocked: UnsafeBufferPointer<UInt8>, irregular: UnsafeBufferPointer<UInt8>,
        rewards r: UnsafeBufferPointer<Scalar>, next v: UnsafeBufferPointer<Scalar>, into out: UnsafeMutableBufferPointer<Scalar>
    ) -> Int {
        let base = row * width
        var failed = false
        var check = SIMD4<Scalar>(repeating: 0)   // vt − vt is NaN exactly where vt is not finite
        if batch == 1 {
            var c = 0
            if row > 0 && row < height - 1 {
                while c + 4 <= width {
                    let s = base + c
                    if regular4(irregular, s) {
                        let vt = softMax(qValues(neighbours(v, s, 0), r, s, 0))
                        check += vt - vt
                        store(vt, out, s)
                    } else {
                        for k in 0..<4 { failed = exactBackward(s + k, 0..<1, blocked, r, v, out) || failed }
                    }
                    c += 4
                }
            }
            for column in c..<width { failed = exactBackward(base + column, 0..<1, blocked, r, v, out) || failed }
        } else {
            let vectorColumns = batch & ~3
            for s in base..<(base + width) {
                let bits = blocked[s]
                for col in stride(from: 0, to: vectorColumns, by: 4) {
                    let vt = softMax(qValues(neighbours(v, s, col, bits: bits), r, s, col))
                    check += vt - vt
                    store(vt, out, s * batch + col)
                }
                failed = exactBackward(s, vectorColumns..<batch, blocked, r, v, out) || failed
            }
        }
        failed = failed || !(check[0] == 0 && check[1] == 0 && check[2] == 0 && check[3] == 0)
        guard failed else { return -1 }
        for i in (base * batch)..<((base + width) * batch) where !out[i].isFinite { return i }
        return -1
    }

    /// `α·log Σ_a exp(Q_a/α)`, the max subtracted first.
    @inline(__always)
    func softMax(_ q: (SIMD4<Scalar>, SIMD4<Scalar>, SIMD4<Scalar>, SIMD4<Scalar>, SIMD4<Scalar>)) -> SIMD4<Scalar> {
        let m = FastExp._maximum(FastExp._maximum(FastExp._maximum(q.0, q.1), FastExp._maximum(q.2, q.3)), q.4)
        let e = shiftedExponentials(q, m)
        // sum ∈ [1, A] (the largest term is exp(0) = 1) unless Q holds NaN, which propagates.
        var sum = e.0 + e.1 + e.2 + e.3 + e.4
        withUnsafeMutablePointer(to: &sum) { lanes in
            lanes.withMemoryRebound(to: Scalar.self, capacity: 4) { x in Scalar._log(x, x, 4) }
        }
        return m + alpha * sum
    }

    /// `exp((Q_a − m)/α)` for the actions of four lanes (`0` for a fifth action that does not
    /// exist), on the array kernel of `CKernels` — the package's one `exp` — in one call.
    @inline(__always)
    func shiftedExponentials(
        _ q: (SIMD4<Scalar>, SIMD4<Scalar>, SIMD4<Scalar>, SIMD4<Scalar>, SIMD4<Scalar>), _ m: SIMD4<Scalar>
    ) -> (SIMD4<Scalar>, SIMD4<Scalar>, SIMD4<Scalar>, SIMD4<Scalar>, SIMD4<Scalar>) {
        var e = ((q.0 - m) * inverseAlpha, (q.1 - m) * inverseAlpha, (q.2 - m) * inverseAlpha, (q.3 - m) * inverseAlpha,
                 actions == 5 ? (q.4 - m) * inverseAlpha : SIMD4(repeating: 0))
        // Five SIMD4 lanes are 20 contiguous scalars.
        withUnsafeMutablePointer(to: &e) { lanes in
            lanes.withMemoryRebound(to: Scalar.self, capacity: 20) { x in Scalar._exp(x, x, 4 * actions) }
        }
        if actions == 4 { e.4 = SIMD4(repeating: 0) }
        return e
    }

    /// The scalar soft backup of cell `s` for the columns `columns`; returns whether one failed.
    func exactBackward(
        _ s: Int, _ columns: Range<Int>, _ blocked: UnsafeBufferPointer<UInt8>, _ r: UnsafeBufferPointer<Scalar>,
        _ v: UnsafeBufferPointer<Scalar>, _ out: UnsafeMutableBufferPointer<Scalar>
    ) -> Bool {
        let bits = blocked[s]
        var failed = false
        for col in columns {
            var q = (Scalar(0), Scalar(0), Scalar(0), Scalar(0), Scalar(0))
            exactQ(s, col, bits, r, v, &q)
            let m = Swift.max(Swift.max(Swift.max(q.0, q.1), Swift.max(q.2, q.3)), actions == 5 ? q.4 : -.infinity)
            guard m.isFinite else {
                out[s * batch + col] = .nan
                failed = true
                continue
            }
            var sum = Scalar.exp((q.0 - m) * inverseAlpha) + Scalar.exp((q.1 - m) * inverseAlpha)
            sum += Scalar.exp((q.2 - m) * inverseAlpha) + Scalar.exp((q.3 - m) * inverseAlpha)
            if actions == 5 { sum += Scalar.exp((q.4 - m) * inverseAlpha) }
            let value = m + alpha * Scalar.log(sum)
            out[s * batch + col] = value
            failed = failed || !value.isFinite
        }
        return failed
    }

    /// `Q_a(s)` for one column through the blocked-move mask.
    @inline(__always)
    func exactQ(
        _ s: Int, _ col: Int, _ bits: UInt8, _ r: UnsafeBufferPointer<Scalar>, _ v: UnsafeBufferPointer<Scalar>,
        _ q: inout (Scalar, Scalar, Scalar, Scalar, Scalar)
    ) {
        @inline(__always) func n(_ a: Int) -> Scalar { v[((bits >> UInt8(a)) & 1 == 1 ? s : s + offset(a)) * batch + col] }
        let (n0, n1, n2, n3, n4) = (n(0), n(1), n(2), n(3), v[s * batch + col])
        let common = g2 * (actions == 5 ? n0 + n1 + n2 + n3 + n4 : n0 + n1 + n2 + n3)
        let o = s * actions * batch + col
        q = (r[o] + g1 * n0 + common, r[o + batch] + g1 * n1 + common, r[o + 2 * batch] + g1 * n2 + common,
             r[o + 3 * batch] + g1 * n3 + common, actions == 5 ? r[o + 4 * batch] + g1 * n4 + common : -.infinity)
    }

    // MARK: forward

    /// For the cells of one row: `x_a = d·π_a` with `π` the softmax of `Q/α` (local max subtracted), `μ += w·x`, `y_a = (1−ε)x_a + (ε/A)Σx`.
    func forwardRow(
        _ row: Int, blocked: UnsafeBufferPointer<UInt8>, irregular: UnsafeBufferPointer<UInt8>, rewards r: UnsafeBufferPointer<Scalar>,
        next v: UnsafeBufferPointer<Scalar>, distribution d: UnsafeBufferPointer<Scalar>,
        weight: Scalar, occupancy mu: UnsafeMutableBufferPointer<Scalar>, spread y: UnsafeMutableBufferPointer<Scalar>
    ) {
        let base = row * width
        let sb = cells * batch
        @inline(__always) func lanes(_ s: Int, _ col: Int, _ q: (SIMD4<Scalar>, SIMD4<Scalar>, SIMD4<Scalar>, SIMD4<Scalar>, SIMD4<Scalar>)) {
            // π = exp((Q − m)/α) / Σ exp((Q − m)/α) with the local max m: normalised even where
            // Q − V_t would lose every digit (rewards near ±1e300).
            let m = FastExp._maximum(FastExp._maximum(FastExp._maximum(q.0, q.1), FastExp._maximum(q.2, q.3)), q.4)
            let (e0, e1, e2, e3, e4) = shiftedExponentials(q, m)
            let mass = load(d, s * batch + col) / (e0 + e1 + e2 + e3 + e4)
            let (x0, x1, x2, x3, x4) = (mass * e0, mass * e1, mass * e2, mass * e3, mass * e4)
            let common = spread * (x0 + x1 + x2 + x3 + x4)
            let o = s * batch + col
            store(intended * x0 + common, y, o)
            store(intended * x1 + common, y, sb + o)
            store(intended * x2 + common, y, 2 * sb + o)
            store(intended * x3 + common, y, 3 * sb + o)
            if actions == 5 { store(intended * x4 + common, y, 4 * sb + o) }
            if batch == 1 {
                for k in 0..<4 {
                    let (m, step) = ((s + k) * muCellStride, muActionStride)
                    mu[m] += weight * x0[k]
                    mu[m + step] += weight * x1[k]
                    mu[m + 2 * step] += weight * x2[k]
                    mu[m + 3 * step] += weight * x3[k]
                    if actions == 5 { mu[m + 4 * step] += weight * x4[k] }
                }
            } else {
                let (m, step) = (s * muCellStride + col, muActionStride)
                store(load(UnsafeBufferPointer(mu), m) + weight * x0, mu, m)
                store(load(UnsafeBufferPointer(mu), m + step) + weight * x1, mu, m + step)
                store(load(UnsafeBufferPointer(mu), m + 2 * step) + weight * x2, mu, m + 2 * step)
                store(load(UnsafeBufferPointer(mu), m + 3 * step) + weight * x3, mu, m + 3 * step)
                if actions == 5 { store(load(UnsafeBufferPointer(mu), m + 4 * step) + weight * x4, mu, m + 4 * step) }
            }
        }
        if batch == 1 {
            var c = 0
            if row > 0 && row < height - 1 {
                while c + 4 <= width {
                    let s = base + c
                    if regular4(irregular, s) {
                        lanes(s, 0, qValues(neighbours(v, s, 0), r, s, 0))
                    } else {
                        for k in 0..<4 { exactForward(s + k, 0..<1, blocked, r, v, d, weight, mu, y) }
                    }
                    c += 4
                }
            }
            for column in c..<width { exactForward(base + column, 0..<1, blocked, r, v, d, weight, mu, y) }
        } else {
            let vectorColumns = batch & ~3
            for s in base..<(base + width) {
                let bits = blocked[s]
                for col in stride(from: 0, to: vectorColumns, by: 4) { lanes(s, col, qValues(neighbours(v, s, col, bits: bits), r, s, col)) }
                exactForward(s, vectorColumns..<batch, blocked, r, v, d, weight, mu, y)
            }
        }
    }

    func exactForward(
        _ s: Int, _ columns: Range<Int>, _ blocked: UnsafeBufferPointer<UInt8>, _ r: UnsafeBufferPointer<Scalar>,
        _ v: UnsafeBufferPointer<Scalar>, _ d: UnsafeBufferPointer<Scalar>, _ weight: Scalar,
        _ mu: UnsafeMutableBufferPointer<Scalar>, _ y: UnsafeMutableBufferPointer<Scalar>
    ) {
        let bits = blocked[s]
        let sb = cells * batch
        for col in columns {
            var q = (Scalar(0), Scalar(0), Scalar(0), Scalar(0), Scalar(0))
            exactQ(s, col, bits, r, v, &q)
            let top = Swift.max(Swift.max(Swift.max(q.0, q.1), Swift.max(q.2, q.3)), actions == 5 ? q.4 : -.infinity)
            let e = (Scalar.exp((q.0 - top) * inverseAlpha), Scalar.exp((q.1 - top) * inverseAlpha), Scalar.exp((q.2 - top) * inverseAlpha),
                     Scalar.exp((q.3 - top) * inverseAlpha), actions == 5 ? Scalar.exp((q.4 - top) * inverseAlpha) : 0)
            let mass = d[s * batch + col] / (e.0 + e.1 + e.2 + e.3 + e.4)
            let x = (mass * e.0, mass * e.1, mass * e.2, mass * e.3, mass * e.4)
            let common = spread * (x.0 + x.1 + x.2 + x.3 + x.4)
            let (o, m, step) = (s * batch + col, s * muCellStride + col, muActionStride)
            y[o] = intended * x.0 + common
            y[sb + o] = intended * x.1 + common
            y[2 * sb + o] = intended * x.2 + common
            y[3 * sb + o] = intended * x.3 + common
            mu[m] += weight * x.0
            mu[m + step] += weight * x.1
            mu[m + 2 * step] += weight * x.2
            mu[m + 3 * step] += weight * x.3
            if actions == 5 {
                y[4 * sb + o] = intended * x.4 + common
                mu[m + 4 * step] += weight * x.4
            }
        }
    }

    /// `d_{t+1}` for the cells of one row, gathered from `y` (`[A][S][B]`).
    func gatherRow(
        _ row: Int, blocked: UnsafeBufferPointer<UInt8>, irregular: UnsafeBufferPointer<UInt8>, spread y: UnsafeBufferPointer<Scalar>,
        into d: UnsafeMutableBufferPointer<Scalar>
    ) {
        let base = row * width
        let (sb, wb) = (cells * batch, width * batch)
        // A regular cell is entered by the down move of the cell above, the up move of the one below, …
        @inline(__always) func lanes(_ o: Int) {
            var total = load(y, 2 * sb + o - wb) + load(y, o + wb) + load(y, sb + o - batch) + load(y, 3 * sb + o + batch)
            if actions == 5 { total += load(y, 4 * sb + o) }
            store(total, d, o)
        }
        if batch == 1 {
            var c = 0
            if row > 0 && row < height - 1 {
                while c + 4 <= width {
                    let s = base + c
                    if regular4(irregular, s) { lanes(s) } else { for k in 0..<4 { exactGather(s + k, 0..<1, blocked, y, d) } }
                    c += 4
                }
            }
            for column in c..<width { exactGather(base + column, 0..<1, blocked, y, d) }
        } else {
            let vectorColumns = batch & ~3
            for s in base..<(base + width) {
                if irregular[s] == 0 {
                    for col in stride(from: 0, to: vectorColumns, by: 4) { lanes(s * batch + col) }
                    exactGather(s, vectorColumns..<batch, blocked, y, d)
                } else {
                    exactGather(s, 0..<batch, blocked, y, d)
                }
            }
        }
    }

    func exactGather(
        _ s: Int, _ columns: Range<Int>, _ blocked: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<Scalar>,
        _ d: UnsafeMutableBufferPointer<Scalar>
    ) {
        let bits = blocked[s]
        let sb = cells * batch
        let (row, column) = (s / width, s % width)
        // The neighbour that reaches s by move a sits at s − offset(a), if on the grid.
        let inside = (row + 1 < height, column > 0, row > 0, column + 1 < width)
        for col in columns {
            var total: Scalar = 0
            for a in 0..<actions where (bits >> UInt8(a)) & 1 == 1 { total += y[a * sb + s * batch + col] }
            @inline(__always) func add(_ a: Int, _ ok: Bool) {
                guard ok else { return }
                let n = s - offset(a)
                if (blocked[n] >> UInt8(a)) & 1 == 0 { total += y[a * sb + n * batch + col] }
            }
            add(0, inside.0)
            add(1, inside.1)
            add(2, inside.2)
            add(3, inside.3)
            d[s * batch + col] = total
        }
    }
}
