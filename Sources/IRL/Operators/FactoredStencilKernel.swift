import DenseTensors
import RealModule

/// The row kernels of the factored soft backward + forward pass on a gridworld stencil.
///
/// With `n(s, a)` the destination of move `a`, slip `ε` and `A` actions, the Q-values factor as
///
///     Q_t(s, a) = r(s, a) + γ(1 − ε)·V_{t+1}(n(s, a)) + γ(ε/A)·Σ_a' V_{t+1}(n(s, a'))
///
/// so that, with `c = γ(1 − ε)/α`, a per-step, per-column shift `M_t`, `r̄(s) = max_a r(s, a)`,
/// `R(s, a) = exp((r(s, a) − r̄(s))/α)` (computed once per solve) and
/// `E_t(n) = exp(c·(V_{t+1}(n) − M_t))` (one exponential per cell and step, shared by the ≤ 5
/// cells that move into `n`):
///
///     Σ_t(s) = Σ_a R(s, a)·E_t(n(s, a))
///     V_t(s) = γ(1 − ε)·M_t + α·log Σ_t(s) + r̄(s) + γ(ε/A)·Σ_a V_{t+1}(n(s, a))
///     π_t(a | s) = R(s, a)·E_t(n(s, a)) / Σ_t(s)
///
/// The forward pass is a gather: with `u_t(s) = d_t(s)/Σ_t(s)`,
/// `x_t(s, a) = u_t(s)·R(s, a)·E_t(n(s, a))` and
/// `d_{t+1}(s') = (1 − ε)·E_t(s')·Σ_{(n, a) → s'} u_t(n)·R(n, a) + (ε/A)·Σ_{(n, a) → s'} d_t(n)`.
///
/// `E_t` and `u_t` live in per-thread rings of a few grid rows (never in main memory). The runs
/// of regular cells of a row (see ``irregularCellFlags(_:)``) go to the C kernels of
/// `CKernels` (AVX2 + FMA where the CPU has them); the other cells take the Swift code
/// here, through the blocked-move masks. A step is run this way only when
/// `c·(max V_{t+1} − min V_{t+1}) ≤ safeExponentRange` in every column, so that every
/// `E_t ≥ e^(−safeExponentRange)` is a normal number and `Σ_t` (whose largest-reward term has
/// `R = 1`) keeps full relative precision; a cell whose `Σ_t` still falls outside
/// `[threshold, A + 1]` (non-finite rewards) is recomputed by the exact scalar kernel.
@usableFromInline
struct FactoredStencilKernel<Scalar: FastExpScalar> {
    /// The per-action kernels (exact scalar fallbacks, loads, offsets).
    let base: StencilKernel<Scalar>
    let (width, height, actions, batch, rowLength): (Int, Int, Int, Int, Int)
    /// `S·B + planePadding`: the stride between actions of the action-major `[A][S][B]` arrays
    /// `R` and `μ`.
    let planeLength: Int
    /// Scalars between consecutive action planes when `S·B ≥ 4096`: with `S·B` a multiple of
    /// 4 KiB the ten planes a gather reads would otherwise map to one set of the L1 cache and
    /// alias in the store buffer. (`2·A·planePadding ≤ S·B`: within the lean pass's budget.)
    static var planePadding: Int { 320 / MemoryLayout<Scalar>.stride }
    /// `c = γ(1 − ε)/α`, `γ(1 − ε)`, `γ·ε/A`, `α`, `1/α`, `1 − ε`, `ε/A`.
    let (c, g1, g2, alpha, inverseAlpha, intended, spread): (Scalar, Scalar, Scalar, Scalar, Scalar, Scalar, Scalar)
    /// `Σ_t` outside `(threshold, ceiling)` sends a cell to the exact kernel.
    let (threshold, ceiling): (Scalar, Scalar)
    /// `log threshold`, `log ceiling`: the same test on `log Σ_t`.
    let (logThreshold, logCeiling): (Scalar, Scalar)

    /// The largest `c·(max V − min V)` a factored step accepts: `E` then stays a normal number
    /// with a margin of `e⁸` (Double ≈ 700, Float ≈ 79).
    static var safeExponentRange: Scalar { -Scalar.log(Scalar.leastNormalMagnitude) - 8 }

    init(_ op: GridworldStencilOperator<Scalar>, discount: Scalar, temperature: Scalar, batch: Int) {
        var base = StencilKernel(op, discount: discount, temperature: temperature, batch: batch)
        planeLength = op.stateCount * batch + (op.stateCount * batch >= 4_096 ? Self.planePadding : 0)
        (base.muCellStride, base.muActionStride) = (batch, planeLength)
        self.base = base
        (width, height, actions, self.batch) = (op.gridworld.width, op.gridworld.height, op.actionCount, batch)
        rowLength = width * batch
        (g1, g2, alpha, inverseAlpha) = (base.g1, base.g2, temperature, 1 / temperature)
        (intended, spread) = (op.intended, op.spread)
        c = g1 / temperature
        threshold = Scalar.exp(-(Self.safeExponentRange + 1))
        ceiling = Scalar(op.actionCount) + 1
        (logThreshold, logCeiling) = (-(Self.safeExponentRange + 1), Scalar.log(ceiling))
    }

    // MARK: lanes

    /// Four lanes from `p[i]` (`vector`), or lane 0 only.
    @inline(__always) func lanes(_ p: UnsafeBufferPointer<Scalar>, _ i: Int, _ vector: Bool) -> SIMD4<Scalar> {
        vector ? base.load(p, i) : SIMD4(p[i], 0, 0, 0)
    }

    @inline(__always) func put(_ x: SIMD4<Scalar>, _ p: UnsafeMutableBufferPointer<Scalar>, _ i: Int, _ vector: Bool) {
        if vector { base.store(x, p, i) } else { p[i] = x[0] }
    }

    /// The offset of row `row` in a ring of four rows (`slots = 4`) or in a whole `[S, B]` array (`slots = 0`).
    @inline(__always) func slot(_ row: Int, _ slots: Int) -> Int { slots == 0 ? row &* rowLength : (row & 3) &* ringStride }

    /// The stride of the rows of a ring: a row and `planePadding` scalars, so that the rows of a
    /// ring do not share their L1 sets when a row is a multiple of 4 KiB.
    var ringStride: Int { rowLength + Self.planePadding }

    /// The scalars of a ring of four rows.
    var ringCapacity: Int { 4 * ringStride + 4 }

    /// The ring index (without the column lane) of `n(s, a)` for the cell at `(row, column)`.
    @inline(__always) func ringIndex(_ a: Int, _ bits: UInt8, _ row: Int, _ column: Int, _ slots: Int) -> Int {
        if (bits >> UInt8(a)) & 1 == 1 { return slot(row, slots) + column * batch }
        switch a {
        case 0: return slot(row - 1, slots) + column * batch
        case 1: return slot(row, slots) + (column + 1) * batch
        case 2: return slot(row + 1, slots) + column * batch
        case 3: return slot(row, slots) + (column - 1) * batch
        default: return slot(row, slots) + column * batch
        }
    }

    // MARK: shared pieces

    /// `E_t(n) = exp(c·(V_{t+1}(n) − M))` for the cells of `row`, into its ring slot.
    /// `pattern[i] = M[i mod B]` for one row.
    func fillExponentials(
        _ row: Int, next v: UnsafeBufferPointer<Scalar>, pattern: UnsafeBufferPointer<Scalar>,
        into e: UnsafeMutableBufferPointer<Scalar>, slots: Int
    ) {
        let (source, target) = (row * rowLength, slot(row, slots))
        let slice = UnsafeMutableBufferPointer(rebasing: e[target..<(target + rowLength)])
        // The arguments in a unit-stride loop, then one call of the array exp (AVX2 where available).
        if let out = slice.baseAddress, let next = v.baseAddress, let shift = pattern.baseAddress, pattern.count >= rowLength {
            for i in 0..<rowLength { out[i] = c * (next[source &+ i] - shift[i]) }
        } else {
            for i in 0..<rowLength { slice[i] = c * (v[source + i] - pattern[i]) }
        }
        FastExp.exp(inPlace: slice)
    }

    /// `Σ_t(s) = Σ_a R(s, a)·E_t(n(s, a))` for four lanes of cell `s` (`B > 1`) or lane 0.
    @inline(__always)
    func sigma(
        _ s: Int, _ row: Int, _ column: Int, _ col: Int, _ bits: UInt8, _ vector: Bool,
        _ weights: UnsafeBufferPointer<Scalar>, _ e: UnsafeBufferPointer<Scalar>, _ slots: Int
    ) -> SIMD4<Scalar> {
        var sum = SIMD4<Scalar>(repeating: 0)
        for a in 0..<actions {
            sum +=
                lanes(weights, a * planeLength + s * batch + col, vector) * lanes(e, ringIndex(a, bits, row, column, slots) + col, vector)
        }
        return sum
    }

    // MARK: backward

    /// `V_t` for the cells of `row` from the ring of `E_t` (4 slots); returns the flat index of
    /// the first non-finite value (or −1) and whether a cell needed the exact kernel.
    /// `pattern[k] = M_t[k mod B]` for one row.
    func backwardRow(
        _ row: Int, blocked: UnsafeBufferPointer<UInt8>, irregular: UnsafeBufferPointer<UInt8>,
        rewards r: UnsafeBufferPointer<Scalar>, weights: UnsafeBufferPointer<Scalar>, maxima rbar: UnsafeBufferPointer<Scalar>,
        exponentials e: UnsafeBufferPointer<Scalar>, shift: UnsafeBufferPointer<Scalar>, pattern: UnsafeBufferPointer<Scalar>,
        next v: UnsafeBufferPointer<Scalar>, into out: UnsafeMutableBufferPointer<Scalar>
    ) -> (failure: Int, exact: Bool) {
        let first = row * width
        // Pass 1 writes `V_t` without its `α·log Σ_t` term into `partial` and `Σ_t` into `sums`
        // (a row scratch, a padding apart: stores into `V_t`'s own row would alias the loads of
        // `V_{t+1}` in the store buffer); pass 2 takes the logarithms of the whole row with the
        // array kernel and writes `partial + α·log Σ_t` into `out`; pass 3 sends every lane whose
        // `Σ_t` is out of range to the exact kernel.
        let scratch = UnsafeMutableBufferPointer<Scalar>.allocate(capacity: 2 * rowLength + Self.planePadding)
        defer { scratch.deallocate() }
        let sums = UnsafeMutableBufferPointer(rebasing: scratch[0..<rowLength])
        let partial = UnsafeMutableBufferPointer(
            rebasing: scratch[(rowLength + Self.planePadding)..<(2 * rowLength + Self.planePadding)])
        let rowStart = first * batch
        @inline(__always) func cellBackward(_ s: Int, _ column: Int, _ col: Int, _ vector: Bool) {
            let bits = blocked[s]
            let sigma = sigma(s, row, column, col, bits, vector, weights, e, 4)
            var total = SIMD4<Scalar>(repeating: 0)
            for a in 0..<actions {
                let n = (bits >> UInt8(a)) & 1 == 1 ? s : s + base.offset(a)
                total += lanes(v, n * batch + col, vector)
            }
            let m = lanes(shift, col, vector)
            put(g1 * m + (lanes(rbar, s * batch + col, vector) + g2 * total), partial, s * batch + col - rowStart, vector)
            put(sigma, sums, s * batch + col - rowStart, vector)
        }
        forEachRun(row, irregular) { from, to in
            guard backwardRun(row, from, to, weights, e, v, pattern, rbar, partial, sums) else {
                for column in from..<to { eachLaneGroup { col, vector in cellBackward(first + column, column, col, vector) } }
                return
            }
        } single: { column in
            eachLaneGroup { col, vector in cellBackward(first + column, column, col, vector) }
        }
        FastExp.log(inPlace: sums)
        guard addLogs(out, rowStart, partial, sums) else { return (-1, false) }
        var failed = false
        for k in 0..<rowLength {
            let l = sums[k]
            // threshold < Σ < ceiling, false for NaN.
            if !(logThreshold < l && l < logCeiling) {
                let (cell, column) = (first + k / batch, k % batch)
                failed = base.exactBackward(cell, column..<(column + 1), blocked, r, v, out) || failed
            }
        }
        guard failed else { return (-1, true) }
        for i in rowStart..<(rowStart + rowLength) where !out[i].isFinite { return (i, true) }
        return (-1, true)
    }

    // MARK: forward

    /// `u_t = d_t/Σ_t` for the cells of `row`, into its slot of the ring `u`; `e` is a ring (`slots = 4`) or whole (`0`).
    func scaleRow(
        _ row: Int, blocked: UnsafeBufferPointer<UInt8>, irregular: UnsafeBufferPointer<UInt8>,
        weights: UnsafeBufferPointer<Scalar>, exponentials e: UnsafeBufferPointer<Scalar>,
        slots: Int, distribution d: UnsafeBufferPointer<Scalar>, into u: UnsafeMutableBufferPointer<Scalar>
    ) {
        let first = row * width
        let target = slot(row, 4) - first * batch  // u index of cell s, column col: target + s·B + col
        @inline(__always) func cell(_ s: Int, _ column: Int, _ col: Int, _ vector: Bool) {
            let sigma = sigma(s, row, column, col, blocked[s], vector, weights, e, slots)
            put(lanes(d, s * batch + col, vector) / sigma, u, target + s * batch + col, vector)
        }
        forEachRun(row, irregular) { from, to in
            guard scaleRun(row, from, to, weights, e, slots, d, u) else {
                for column in from..<to { eachLaneGroup { col, vector in cell(first + column, column, col, vector) } }
                return
            }
        } single: { column in
            eachLaneGroup { col, vector in cell(first + column, column, col, vector) }
        }
    }

    /// For the cells of `row`: `μ += w·x_t` and `d_{t+1}` gathered from the neighbours' `u_t`.
    func gatherRow(
        _ row: Int, blocked: UnsafeBufferPointer<UInt8>, irregular: UnsafeBufferPointer<UInt8>,
        weights: UnsafeBufferPointer<Scalar>, exponentials e: UnsafeBufferPointer<Scalar>, slots: Int,
        scaled u: UnsafeBufferPointer<Scalar>,
        distribution d: UnsafeBufferPointer<Scalar>, weight: Scalar,
        occupancy mu: UnsafeMutableBufferPointer<Scalar>, into next: UnsafeMutableBufferPointer<Scalar>
    ) {
        let first = row * width
        @inline(__always) func cell(_ column: Int) {
            eachLaneGroup { col, vector in
                cellGather(first + column, row, column, col, vector, blocked, weights, e, slots, u, d, weight, mu, next)
            }
        }
        forEachRun(row, irregular) { from, to in
            guard gatherRun(row, from, to, weights, e, slots, u, d, weight, mu, next) else {
                for column in from..<to { cell(column) }
                return
            }
        } single: { column in
            cell(column)
        }
    }

    /// One cell, four columns (`vector`) or one, through the blocked-move masks.
    @inline(__always)
    func cellGather(
        _ s: Int, _ row: Int, _ column: Int, _ col: Int, _ vector: Bool, _ blocked: UnsafeBufferPointer<UInt8>,
        _ weights: UnsafeBufferPointer<Scalar>, _ e: UnsafeBufferPointer<Scalar>, _ slots: Int, _ u: UnsafeBufferPointer<Scalar>,
        _ d: UnsafeBufferPointer<Scalar>, _ weight: Scalar, _ mu: UnsafeMutableBufferPointer<Scalar>,
        _ next: UnsafeMutableBufferPointer<Scalar>
    ) {
        let bits = blocked[s]
        let own = lanes(u, slot(row, 4) + column * batch + col, vector)
        let mass0 = lanes(d, s * batch + col, vector)
        var (inflow, mass) = (SIMD4<Scalar>(repeating: 0), SIMD4<Scalar>(repeating: 0))
        let w = weight * own
        for a in 0..<actions {
            let o = a * planeLength + s * batch + col
            let ra = lanes(weights, o, vector)
            put(
                lanes(UnsafeBufferPointer(mu), o, vector) + w * ra * lanes(e, ringIndex(a, bits, row, column, slots) + col, vector), mu, o,
                vector)
            if (bits >> UInt8(a)) & 1 == 1 {
                inflow += own * ra
                mass += mass0
            }
        }
        // The neighbour that reaches s by move a sits at s − offset(a), if on the grid and not blocked.
        let inside = (row + 1 < height, column > 0, row > 0, column + 1 < width)
        @inline(__always) func add(_ a: Int, _ ok: Bool, _ nRow: Int, _ nColumn: Int) {
            guard ok else { return }
            let n = s - base.offset(a)
            guard (blocked[n] >> UInt8(a)) & 1 == 0 else { return }
            inflow += lanes(u, slot(nRow, 4) + nColumn * batch + col, vector) * lanes(weights, a * planeLength + n * batch + col, vector)
            mass += lanes(d, n * batch + col, vector)
        }
        add(0, inside.0, row + 1, column)
        add(1, inside.1, row, column - 1)
        add(2, inside.2, row - 1, column)
        add(3, inside.3, row, column + 1)
        let ownExponential = lanes(e, slot(row, slots) + column * batch + col, vector)
        put(intended * ownExponential * inflow + spread * mass, next, s * batch + col, vector)
    }
}

extension FactoredStencilKernel {
    /// Per column, the largest and smallest `V` of `row`: `stats[row·2B + col]` and
    /// `stats[row·2B + B + col]` (NaN entries are ignored).
    func rowStatistics(_ row: Int, _ v: UnsafeBufferPointer<Scalar>, into stats: UnsafeMutableBufferPointer<Scalar>) {
        let o = row * 2 * batch
        for col in 0..<batch { (stats[o + col], stats[o + batch + col]) = (-.infinity, .infinity) }
        guard let pv = v.baseAddress, let ps = stats.baseAddress else { return }
        Scalar._stencilExtrema(pv + row * rowLength, cells: width, batch: batch, high: ps + o, low: ps + o + batch)
    }
}

// MARK: runs of regular cells (the C kernels)

extension FactoredStencilKernel {
    /// Calls `regular(from, to)` for every maximal run `from..<to` of regular columns of `row` and
    /// `single(column)` for every other column, left to right.
    @inline(__always)
    func forEachRun(_ row: Int, _ irregular: UnsafeBufferPointer<UInt8>, regular: (Int, Int) -> Void, single: (Int) -> Void) {
        let first = row * width
        var column = 0
        while column < width {
            guard irregular[first &+ column] == 0 else {
                single(column)
                column &+= 1
                continue
            }
            let start = column
            // Eight flags at a time through the long regular stretches.
            let flags = UnsafeRawBufferPointer(irregular)
            while column &+ 8 <= width && flags.loadUnaligned(fromByteOffset: first &+ column, as: UInt64.self) == 0 { column &+= 8 }
            while column < width && irregular[first &+ column] == 0 { column &+= 1 }
            regular(start, column)
        }
    }

    /// Calls `body(col, vector)` for the lane groups of one cell: columns `col…col+3` (`vector`)
    /// while four remain, then one column at a time.
    @inline(__always) func eachLaneGroup(_ body: (Int, Bool) -> Void) {
        let vectorColumns = batch == 1 ? 0 : batch & ~3
        for col in stride(from: 0, to: vectorColumns, by: 4) { body(col, true) }
        for col in vectorColumns..<batch { body(col, false) }
    }

    /// The description of a run of `lanes` consecutive regular lanes for the C kernels (`sk_run`).
    @inline(__always) func run(_ lanes: Int) -> (lanes: Int, side: Int, vertical: Int, plane: Int, actions: Int) {
        (lanes: lanes, side: batch, vertical: rowLength, plane: planeLength, actions: actions)
    }

    /// `V_t` without its log term and `Σ_t` (into `partial` and `sums`, row-relative) for the regular columns
    /// `from..<to` of `row`; false when a buffer is empty.
    @inline(__always)
    func backwardRun(
        _ row: Int, _ from: Int, _ to: Int, _ weights: UnsafeBufferPointer<Scalar>, _ e: UnsafeBufferPointer<Scalar>,
        _ v: UnsafeBufferPointer<Scalar>, _ pattern: UnsafeBufferPointer<Scalar>, _ rbar: UnsafeBufferPointer<Scalar>,
        _ partial: UnsafeMutableBufferPointer<Scalar>, _ sums: UnsafeMutableBufferPointer<Scalar>
    ) -> Bool {
        guard let w = weights.baseAddress, let pe = e.baseAddress, let pv = v.baseAddress, let pp = pattern.baseAddress,
            let pr = rbar.baseAddress, let po = partial.baseAddress, let ps = sums.baseAddress
        else { return false }
        let k = from * batch
        let (i, lanes) = (row * rowLength + k, (to - from) * batch)
        let (up, mid, down) = (pe + slot(row - 1, 4) + k, pe + slot(row, 4) + k, pe + slot(row + 1, 4) + k)
        Scalar._stencilBackwardRun(
            run(lanes), weights: w + i, eUp: up, eMid: mid, eDown: down, next: pv + i, shift: pp + k, rbar: pr + i, g1: g1, g2: g2,
            out: po + k, sums: ps + k)
        return true
    }

    /// `out[start + k] = partial[k] + α·logs[k]` for the row; whether some `logs[k]` is outside
    /// `(log threshold, log ceiling)`.
    @inline(__always)
    func addLogs(
        _ out: UnsafeMutableBufferPointer<Scalar>, _ start: Int, _ partial: UnsafeMutableBufferPointer<Scalar>,
        _ logs: UnsafeMutableBufferPointer<Scalar>
    ) -> Bool {
        guard let po = out.baseAddress, let pp = partial.baseAddress, let pl = logs.baseAddress else { return false }
        return Scalar._stencilAddLogs(
            out: po + start, partial: pp, logs: pl, count: rowLength, alpha: alpha, low: logThreshold, high: logCeiling)
    }

    /// `u_t = d_t/Σ_t` for the regular columns `from..<to` of `row`; false when a buffer is empty.
    @inline(__always)
    func scaleRun(
        _ row: Int, _ from: Int, _ to: Int, _ weights: UnsafeBufferPointer<Scalar>, _ e: UnsafeBufferPointer<Scalar>, _ slots: Int,
        _ d: UnsafeBufferPointer<Scalar>, _ u: UnsafeMutableBufferPointer<Scalar>
    ) -> Bool {
        guard let w = weights.baseAddress, let pe = e.baseAddress, let pd = d.baseAddress, let pu = u.baseAddress else { return false }
        let k = from * batch
        let (i, lanes) = (row * rowLength + k, (to - from) * batch)
        let (up, mid, down) = (pe + slot(row - 1, slots) + k, pe + slot(row, slots) + k, pe + slot(row + 1, slots) + k)
        let target = pu + slot(row, 4) + k
        Scalar._stencilScaleRun(run(lanes), weights: w + i, eUp: up, eMid: mid, eDown: down, d: pd + i, u: target)
        return true
    }

    /// `μ += w·x_t` and `d_{t+1}` for the regular columns `from..<to` of `row`; false when a
    /// buffer is empty.
    @inline(__always)
    func gatherRun(
        _ row: Int, _ from: Int, _ to: Int, _ weights: UnsafeBufferPointer<Scalar>, _ e: UnsafeBufferPointer<Scalar>, _ slots: Int,
        _ u: UnsafeBufferPointer<Scalar>, _ d: UnsafeBufferPointer<Scalar>, _ weight: Scalar,
        _ mu: UnsafeMutableBufferPointer<Scalar>, _ next: UnsafeMutableBufferPointer<Scalar>
    ) -> Bool {
        guard let w = weights.baseAddress, let pe = e.baseAddress, let pu = u.baseAddress, let pd = d.baseAddress,
            let pm = mu.baseAddress, let pn = next.baseAddress
        else { return false }
        let k = from * batch
        let (i, lanes) = (row * rowLength + k, (to - from) * batch)
        let (up, mid, down) = (pe + slot(row - 1, slots) + k, pe + slot(row, slots) + k, pe + slot(row + 1, slots) + k)
        let (uUp, uMid, uDown) = (pu + slot(row - 1, 4) + k, pu + slot(row, 4) + k, pu + slot(row + 1, 4) + k)
        Scalar._stencilGatherRun(
            run(lanes), weights: w + i, eUp: up, eMid: mid, eDown: down, uUp: uUp, uMid: uMid, uDown: uDown, d: pd + i,
            intended: intended, spread: spread, weight: weight, mu: pm + i, next: pn + i)
        return true
    }
}
