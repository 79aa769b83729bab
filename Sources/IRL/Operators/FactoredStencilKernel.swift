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
/// `E_t` and `u_t` live in per-thread rings of a few grid rows (never in main memory). A step is
/// run this way only when `c·(max V_{t+1} − min V_{t+1}) ≤ safeExponentRange` in every column, so
/// that every `E_t ≥ e^(−safeExponentRange)` is a normal number and `Σ_t` (whose largest-reward
/// term has `R = 1`) keeps full relative precision; a cell whose `Σ_t` still falls outside
/// `[threshold, A + 1]` (non-finite rewards) is recomputed by the exact scalar kernel.
@usableFromInline
struct FactoredStencilKernel<Scalar: FastExpScalar> {
    /// The per-action kernels (exact scalar fallbacks, loads, offsets).
    let base: StencilKernel<Scalar>
    let (width, height, actions, batch, rowLength): (Int, Int, Int, Int, Int)
    /// `S·B`: the stride between actions of the action-major `[A][S][B]` arrays `R` and `μ`.
    let planeLength: Int
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
        (base.muCellStride, base.muActionStride) = (batch, op.stateCount * batch)
        self.base = base
        planeLength = op.stateCount * batch
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
    @inline(__always) func slot(_ row: Int, _ slots: Int) -> Int { (slots == 0 ? row : row & 3) * rowLength }

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
        // The arguments in unit-stride loops, then one call of the array exp (AVX2 where available).
        for i in 0..<rowLength { e[target + i] = c * (v[source + i] - pattern[i]) }
        FastExp.exp(inPlace: UnsafeMutableBufferPointer(rebasing: e[target..<(target + rowLength)]))
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

    /// `E_t` at the five destinations (up, right, down, left, stay) of a regular lane group: four
    /// cells from `(row, column)` when `B = 1`, else columns `col…col+3` of that cell.
    @inline(__always)
    func regularExponentials(_ row: Int, _ column: Int, _ col: Int, _ e: UnsafeBufferPointer<Scalar>, _ slots: Int)
        -> (SIMD4<Scalar>, SIMD4<Scalar>, SIMD4<Scalar>, SIMD4<Scalar>, SIMD4<Scalar>)
    {
        let k = column * batch + col
        let (up, mid, down) = (slot(row - 1, slots) + k, slot(row, slots) + k, slot(row + 1, slots) + k)
        return (base.load(e, up), base.load(e, mid + batch), base.load(e, down), base.load(e, mid - batch), base.load(e, mid))
    }

    /// `Σ_t` of a regular lane group at element `i = s·B + col`, in the order of ``sigma``.
    @inline(__always)
    func regularSigma(
        _ i: Int, _ x: (SIMD4<Scalar>, SIMD4<Scalar>, SIMD4<Scalar>, SIMD4<Scalar>, SIMD4<Scalar>), _ weights: UnsafeBufferPointer<Scalar>
    ) -> SIMD4<Scalar> {
        var sum = SIMD4<Scalar>(repeating: 0) + base.load(weights, 0 * planeLength + i) * x.0
        sum += base.load(weights, 1 * planeLength + i) * x.1
        sum += base.load(weights, 2 * planeLength + i) * x.2
        sum += base.load(weights, 3 * planeLength + i) * x.3
        if actions == 5 { sum += base.load(weights, 4 * planeLength + i) * x.4 }
        return sum
    }

    // MARK: backward

    /// `V_t` for the cells of `row` from the ring of `E_t` (4 slots); returns the flat index of
    /// the first non-finite value (or −1) and whether a cell needed the exact kernel.
    func backwardRow(
        _ row: Int, blocked: UnsafeBufferPointer<UInt8>, irregular: UnsafeBufferPointer<UInt8>,
        rewards r: UnsafeBufferPointer<Scalar>, weights: UnsafeBufferPointer<Scalar>, maxima rbar: UnsafeBufferPointer<Scalar>,
        exponentials e: UnsafeBufferPointer<Scalar>, shift: UnsafeBufferPointer<Scalar>,
        next v: UnsafeBufferPointer<Scalar>, into out: UnsafeMutableBufferPointer<Scalar>
    ) -> (failure: Int, exact: Bool) {
        let first = row * width
        // Pass 1 writes `V_t` without its `α·log Σ_t` term into `out` and `Σ_t` into `sums`;
        // pass 2 takes the logarithms of the whole row with the array kernel and adds them; pass 3
        // sends every lane whose `Σ_t` is out of range to the exact kernel.
        let sums = UnsafeMutableBufferPointer<Scalar>.allocate(capacity: rowLength)
        defer { sums.deallocate() }
        let rowStart = first * batch
        @inline(__always) func finish(_ s: Int, _ col: Int, _ partial: SIMD4<Scalar>, _ sigma: SIMD4<Scalar>, _ count: Int, _ vector: Bool) {
            put(partial, out, s * batch + col, vector)
            put(sigma, sums, s * batch + col - rowStart, vector)
        }
        @inline(__always) func cellBackward(_ s: Int, _ row: Int, _ column: Int, _ col: Int, _ vector: Bool) {
            let bits = blocked[s]
            let sigma = sigma(s, row, column, col, bits, vector, weights, e, 4)
            var total = SIMD4<Scalar>(repeating: 0)
            for a in 0..<actions {
                let n = (bits >> UInt8(a)) & 1 == 1 ? s : s + base.offset(a)
                total += lanes(v, n * batch + col, vector)
            }
            let m = lanes(shift, col, vector)
            finish(s, col, g1 * m + (lanes(rbar, s * batch + col, vector) + g2 * total), sigma, vector ? 4 : 1, vector)
        }
        @inline(__always) func regularBackward(_ s: Int, _ column: Int, _ col: Int, _ m: SIMD4<Scalar>) {
            let i = s * batch + col
            let sigma = regularSigma(i, regularExponentials(row, column, col, e, 4), weights)
            let n = base.neighbours(v, s, col)
            var total = n.0 + n.1 + n.2 + n.3
            if actions == 5 { total += n.4 }
            finish(s, col, g1 * m + (base.load(rbar, i) + g2 * total), sigma, 4, true)
        }
        if batch == 1 {
            var column = 0
            if row > 0 && row < height - 1 {
                let m = SIMD4<Scalar>(repeating: shift[0])
                while column + 4 <= width {
                    let s = first + column
                    if base.regular4(irregular, s) {
                        regularBackward(s, column, 0, m)
                    } else {
                        for k in 0..<4 { cellBackward(first + column + k, row, column + k, 0, false) }
                    }
                    column += 4
                }
            }
            for rest in column..<width { cellBackward(first + rest, row, rest, 0, false) }
        } else {
            let vectorColumns = batch & ~3
            for column in 0..<width {
                if irregular[first + column] == 0 {
                    for col in stride(from: 0, to: vectorColumns, by: 4) {
                        regularBackward(first + column, column, col, base.load(shift, col))
                    }
                } else {
                    for col in stride(from: 0, to: vectorColumns, by: 4) { cellBackward(first + column, row, column, col, true) }
                }
                for col in vectorColumns..<batch { cellBackward(first + column, row, column, col, false) }
            }
        }
        FastExp.log(inPlace: sums)
        var (failed, exact) = (false, false)
        for k in 0..<rowLength {
            let l = sums[k]
            out[rowStart + k] += alpha * l
            // threshold < Σ < ceiling, false for NaN.
            if !(logThreshold < l && l < logCeiling) {
                exact = true
                let (cell, column) = (first + k / batch, k % batch)
                failed = base.exactBackward(cell, column..<(column + 1), blocked, r, v, out) || failed
            }
        }
        guard failed else { return (-1, exact) }
        for i in rowStart..<(rowStart + rowLength) where !out[i].isFinite { return (i, exact) }
        return (-1, exact)
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
        @inline(__always) func regularCell(_ s: Int, _ column: Int, _ col: Int) {
            let i = s * batch + col
            let sigma = regularSigma(i, regularExponentials(row, column, col, e, slots), weights)
            base.store(base.load(d, i) / sigma, u, target + i)
        }
        if batch == 1 {
            var column = 0
            if row > 0 && row < height - 1 {
                while column + 4 <= width {
                    let s = first + column
                    if base.regular4(irregular, s) {
                        regularCell(s, column, 0)
                    } else {
                        for k in 0..<4 { cell(s + k, column + k, 0, false) }
                    }
                    column += 4
                }
            }
            for rest in column..<width { cell(first + rest, rest, 0, false) }
        } else {
            let vectorColumns = batch & ~3
            for column in 0..<width {
                if irregular[first + column] == 0 {
                    for col in stride(from: 0, to: vectorColumns, by: 4) { regularCell(first + column, column, col) }
                } else {
                    for col in stride(from: 0, to: vectorColumns, by: 4) { cell(first + column, column, col, true) }
                }
                for col in vectorColumns..<batch { cell(first + column, column, col, false) }
            }
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
        if batch == 1 {
            var column = 0
            if row > 0 && row < height - 1 {
                while column + 4 <= width {
                    let s = first + column
                    if base.regular4(irregular, s) {
                        regularGather(s, row, column, 0, weights, e, slots, u, d, weight, mu, next)
                    } else {
                        for k in 0..<4 { cellGather(s + k, row, column + k, 0, false, blocked, weights, e, slots, u, d, weight, mu, next) }
                    }
                    column += 4
                }
            }
            for rest in column..<width { cellGather(first + rest, row, rest, 0, false, blocked, weights, e, slots, u, d, weight, mu, next) }
        } else {
            let vectorColumns = batch & ~3
            for column in 0..<width {
                for col in stride(from: 0, to: vectorColumns, by: 4) {
                    if irregular[first + column] == 0 {
                        regularGather(first + column, row, column, col, weights, e, slots, u, d, weight, mu, next)
                    } else {
                        cellGather(first + column, row, column, col, true, blocked, weights, e, slots, u, d, weight, mu, next)
                    }
                }
                for col in vectorColumns..<batch {
                    cellGather(first + column, row, column, col, false, blocked, weights, e, slots, u, d, weight, mu, next)
                }
            }
        }
    }

    /// A regular lane group (four cells from `s` when `B = 1`, else four columns of `s`): every
    /// move is open and every neighbour moves in.
    @inline(__always)
    func regularGather(
        _ s: Int, _ row: Int, _ column: Int, _ col: Int, _ weights: UnsafeBufferPointer<Scalar>, _ e: UnsafeBufferPointer<Scalar>,
        _ slots: Int,
        _ u: UnsafeBufferPointer<Scalar>, _ d: UnsafeBufferPointer<Scalar>, _ weight: Scalar,
        _ mu: UnsafeMutableBufferPointer<Scalar>, _ next: UnsafeMutableBufferPointer<Scalar>
    ) {
        let x = regularExponentials(row, column, col, e, slots)
        let k = column * batch + col
        let (up, mid, down) = (slot(row - 1, 4) + k, slot(row, 4) + k, slot(row + 1, 4) + k)
        let (i, p, wb) = (s * batch + col, planeLength, rowLength)
        let own = base.load(u, mid)
        // The cell above enters by "down", the one to the right by "left", …
        var inflow =
            base.load(u, up) * base.load(weights, 2 * p + i - wb) + base.load(u, mid + batch) * base.load(weights, 3 * p + i + batch)
        inflow += base.load(u, down) * base.load(weights, i + wb) + base.load(u, mid - batch) * base.load(weights, p + i - batch)
        var mass = base.load(d, i - wb) + base.load(d, i + batch) + base.load(d, i + wb) + base.load(d, i - batch)
        let r4 = actions == 5 ? base.load(weights, 4 * p + i) : SIMD4(repeating: 0)
        if actions == 5 {
            inflow += own * r4
            mass += base.load(d, i)
        }
        base.store(intended * x.4 * inflow + spread * mass, next, i)
        let w = weight * own
        let (x0, x1) = (w * base.load(weights, i) * x.0, w * base.load(weights, p + i) * x.1)
        let (x2, x3, x4) = (w * base.load(weights, 2 * p + i) * x.2, w * base.load(weights, 3 * p + i) * x.3, w * r4 * x.4)
        base.store(base.load(UnsafeBufferPointer(mu), i) + x0, mu, i)
        base.store(base.load(UnsafeBufferPointer(mu), p + i) + x1, mu, p + i)
        base.store(base.load(UnsafeBufferPointer(mu), 2 * p + i) + x2, mu, 2 * p + i)
        base.store(base.load(UnsafeBufferPointer(mu), 3 * p + i) + x3, mu, 3 * p + i)
        if actions == 5 { base.store(base.load(UnsafeBufferPointer(mu), 4 * p + i) + x4, mu, 4 * p + i) }
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
    /// Per column, the largest and smallest `V` of `row`: `stats[row·2B + col]` and `stats[row·2B + B + col]`.
    func rowStatistics(_ row: Int, _ v: UnsafeBufferPointer<Scalar>, into stats: UnsafeMutableBufferPointer<Scalar>) {
        let o = row * 2 * batch
        var i = row * rowLength
        if batch == 1 {
            var (hi, lo) = (SIMD4<Scalar>(repeating: -.infinity), SIMD4<Scalar>(repeating: .infinity))
            while i + 4 <= (row + 1) * rowLength {
                let x = base.load(v, i)
                (hi, lo) = (FastExp._maximum(x, hi), FastExp._minimum(x, lo))
                i += 4
            }
            var (top, bottom) = (
                Swift.max(Swift.max(hi[0], hi[1]), Swift.max(hi[2], hi[3])), Swift.min(Swift.min(lo[0], lo[1]), Swift.min(lo[2], lo[3]))
            )
            while i < (row + 1) * rowLength {
                (top, bottom) = (Swift.max(top, v[i]), Swift.min(bottom, v[i]))
                i += 1
            }
            (stats[o], stats[o + 1]) = (top, bottom)
            return
        }
        for col in 0..<batch { (stats[o + col], stats[o + batch + col]) = (-.infinity, .infinity) }
        for _ in 0..<width {
            for col in 0..<batch {
                stats[o + col] = Swift.max(stats[o + col], v[i])
                stats[o + batch + col] = Swift.min(stats[o + batch + col], v[i])
                i += 1
            }
        }
    }
}
