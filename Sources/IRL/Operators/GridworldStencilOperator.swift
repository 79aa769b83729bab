import DenseTensors

/// The dynamics of a ``Gridworld`` computed from the grid itself, with no stored matrix.
///
/// With `dest(s, a)` the cell the deterministic move `a` reaches (`s` itself when blocked by the
/// edge or a wall, and always from a wall or terminal cell), slip `ε` and `A` actions,
///
///     P(s' | s, a) = (1 − ε)·[dest(s, a) = s'] + (ε/A)·Σ_a' [dest(s, a') = s']
///
/// - pull gathers the ≤ 5 neighbours of each cell once:
///   `EV[s, a] = (1 − ε)·V[dest(s, a)] + (ε/A)·Σ_a' V[dest(s, a')]`;
/// - push is its exact adjoint, also as a gather (so it parallelises deterministically): with
///   `y[s, a] = (1 − ε)·x[s, a] + (ε/A)·Σ_a' x[s, a']`,
///   `d'[s'] = Σ_{a: dest(s', a) = s'} y[s', a] + Σ_{a, n ≠ s': dest(n, a) = s'} y[n, a]`,
///   where the second sum runs over the ≤ 4 neighbours `n` whose move `a` points at `s'`.
///
/// Memory: two bytes per cell (which moves are blocked; whether the cell is irregular), plus the
/// gridworld's own flags.
/// Each output element is written by one thread in a fixed order: results are bitwise
/// independent of ``threads``.
public struct GridworldStencilOperator<Scalar: BLASScalar>: TransitionOperator {
    /// The grid whose dynamics this is.
    public let gridworld: Gridworld
    public var stateCount: Int { gridworld.stateCount }
    public var actionCount: Int { gridworld.actionCount }
    /// Threads for pull, push and the fused passes. Results do not depend on it.
    public var threads: Int
    public var kind: String { "stencil" }
    public var storageBytes: Int { blocked.count + irregular.count + (fusedBlocks?.storageBytes ?? 0) }
    /// Per-state blocks of a small grid, for the single-column fused steps of the finite passes
    /// (``BlockBackedFusedSteps``; `nil` for large grids, which the stencil kernels serve).
    package let fusedBlocks: StateBlockedTransitions<Scalar>?

    /// `1 − ε`: the weight of the intended move.
    @usableFromInline let intended: Scalar
    /// `ε / A`: the weight of each uniformly drawn move.
    @usableFromInline let spread: Scalar
    /// Bit `a` of `blocked[s]` is set when move `a` from `s` stays in `s` (edge, wall, terminal, stay).
    @usableFromInline let blocked: [UInt8]
    /// `irregular[s] = 1` for the cells the fused kernels treat one by one (see ``irregularCellFlags(_:)``).
    @usableFromInline let irregular: [UInt8]

    /// The flat offset of each move: up, right, down, left, stay.
    @usableFromInline var moveOffsets: [Int] { [-gridworld.width, 1, gridworld.width, -1, 0] }

    /// - Parameters:
    ///   - gridworld: the grid (its dynamics are used as they are).
    ///   - threads: default: the number of cores.
    /// - Complexity: O(S·A) time, S bytes.
    public init(_ gridworld: Gridworld, threads: Int = defaultThreadCount) {
        self.gridworld = gridworld
        self.threads = threads
        let a = gridworld.actionCount
        self.intended = Scalar(1 - gridworld.slip)
        self.spread = Scalar(gridworld.slip) / Scalar(a)
        var blocked = [UInt8](repeating: 0, count: gridworld.stateCount)
        for s in 0..<gridworld.stateCount {
            var bits: UInt8 = 0
            for action in 0..<a where gridworld.destination(of: s, action) == s { bits |= 1 << UInt8(action) }
            blocked[s] = bits
        }
        self.blocked = blocked
        self.irregular = irregularCellFlags(gridworld)
        self.fusedBlocks = StateBlockedTransitions.forFusedSteps(states: gridworld.stateCount, actions: a) { s, action in
            gridworld.successors(state: s, action: action).map { ($0.state, Scalar($0.probability)) }
        }
    }

    /// `dest(s, a)` for every action of `s`, from the blocked bits.
    @inlinable @inline(__always)
    func destinations(_ s: Int, _ offsets: UnsafeBufferPointer<Int>, into dest: UnsafeMutableBufferPointer<Int>) {
        let bits = blocked[s]
        for a in 0..<dest.count { dest[a] = (bits >> UInt8(a)) & 1 == 1 ? s : s + offsets[a] }
    }

    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func pull(
        _ v: UnsafeBufferPointer<Scalar>, batch: Int, into out: UnsafeMutableBufferPointer<Scalar>,
        alpha: Scalar, beta: Scalar
    ) {
        let a = actionCount
        let (intended, spread) = (intended, spread)
        moveOffsets.withUnsafeBufferPointer { offsets in
            parallelChunks(count: stateCount, threads: threads, minimumChunk: max(64, 8_192 / batch)) { range in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: a) { dest in
                    for s in range {
                        destinations(s, offsets, into: dest)
                        for b in 0..<batch {
                            var total: Scalar = 0
                            for j in 0..<a { total += v[dest[j] * batch + b] }
                            let common = spread * total
                            for j in 0..<a {
                                let o = (s * a + j) * batch + b
                                let ev = intended * v[dest[j] * batch + b] + common
                                out[o] = beta == 0 ? alpha * ev : alpha * ev + beta * out[o]
                            }
                        }
                    }
                }
            }
        }
    }

    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func push(
        _ x: UnsafeBufferPointer<Scalar>, batch: Int, into out: UnsafeMutableBufferPointer<Scalar>,
        alpha: Scalar, beta: Scalar
    ) {
        let (a, width, height) = (actionCount, gridworld.width, gridworld.height)
        let (intended, spread) = (intended, spread)
        // y[n, j, b] = (1 − ε)·x[n, j, b] + (ε/A)·Σ_j' x[n, j', b].
        @inline(__always) func y(_ n: Int, _ j: Int, _ b: Int) -> Scalar {
            var total: Scalar = 0
            for k in 0..<a { total += x[(n * a + k) * batch + b] }
            return intended * x[(n * a + j) * batch + b] + spread * total
        }
        parallelChunks(count: stateCount, threads: threads, minimumChunk: max(64, 8_192 / batch)) { range in
            for s in range {
                let bits = blocked[s]
                let (row, column) = (s / width, s % width)
                for b in 0..<batch {
                    var acc: Scalar = 0
                    for j in 0..<a where (bits >> UInt8(j)) & 1 == 1 { acc += y(s, j, b) }
                    // Neighbour n = s − move(j) reaches s by move j unless that move is blocked at n.
                    for j in 0..<min(a, 4) {
                        let (dr, dc) = Gridworld.moves[j]
                        let (r2, c2) = (row - dr, column - dc)
                        guard r2 >= 0, r2 < height, c2 >= 0, c2 < width else { continue }
                        let n = r2 * width + c2
                        if (blocked[n] >> UInt8(j)) & 1 == 0 { acc += y(n, j, b) }
                    }
                    let o = s * batch + b
                    out[o] = beta == 0 ? alpha * acc : alpha * acc + beta * out[o]
                }
            }
        }
    }

    public func successors(state: Int, action: Int) -> [(state: Int, probability: Scalar)] {
        gridworld.successors(state: state, action: action).map { ($0.state, Scalar($0.probability)) }
    }

    /// Per product: the input and output arrays and one mask byte per cell.
    public func bytesMoved(batch: Int) -> Int {
        (stateCount * batch + stateCount * actionCount * batch) * MemoryLayout<Scalar>.stride + stateCount
    }
}

/// Per-cell flags marking the cells the vectorised stencil kernels must treat one by one: the
/// grid's border, walls, terminals and the 4-neighbours of walls and terminals. Everywhere else
/// every move is an open step and every neighbour moves freely into the cell.
@usableFromInline
func irregularCellFlags(_ g: Gridworld) -> [UInt8] {
    var flag = [UInt8](repeating: 0, count: g.stateCount)
    for s in 0..<g.stateCount {
        let (row, column) = g.cell(s)
        if row == 0 || row == g.height - 1 || column == 0 || column == g.width - 1 { flag[s] = 1 }
        guard g.isWall[s] || g.isTerminal[s] else { continue }
        flag[s] = 1
        for (dr, dc) in Gridworld.moves.prefix(4) {
            let (r2, c2) = (row + dr, column + dc)
            if r2 >= 0, r2 < g.height, c2 >= 0, c2 < g.width { flag[r2 * g.width + c2] = 1 }
        }
    }
    return flag
}
