import DenseTensors

/// The lean soft backward + forward pass of the gridworld stencil with shared exponentials
/// (see ``FactoredStencilKernel`` for the algebra).
///
/// Per cell and step: one exponential and one logarithm in the backward pass, one exponential and
/// one division in the forward pass (instead of `A` exponentials in each), and the forward pass
/// gathers `d_{t+1}` directly, without an `S·A·B` outflow array. A step whose value range is
/// too wide for the shared shift (or that has a cell with non-finite rewards) runs the exact
/// per-action kernels of ``StencilKernel`` instead, in both passes.
extension GridworldStencilOperator where Scalar: FastExpScalar {
    /// Fills `values` (`[H+1, S, B]`) and returns `μ` `[S, A, B]`, `d_H` `[S, B]` and which steps ran factored.
    /// Uses at most `3·S·A·B + 6·S·B` scalars besides `values` (`R`, `μ` and the per-action
    /// kernels' outflow or the transposed `μ`; `r̄` or `stepsPerSweep + 1` distributions and `d_H`), the
    /// ``SoftValueIteration/requiredBytes(_:batch:mode:)`` of the lean pass, plus the paddings
    /// between the action planes of `R` and `μ` and between the distributions
    /// (``FactoredStencilKernel/planePadding``, 320 bytes each). The large arrays
    /// come from ``ScratchArrays`` and go back there.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func factoredOccupancy(_ mdp: TabularMDP<Scalar>, _ r: Tensor<Scalar>, temperature: Scalar, values: inout Tensor<Scalar>)
        throws(IRLError) -> (Tensor<Scalar>, Tensor<Scalar>, [Bool])
    {
        guard case let .finite(h) = mdp.horizon else { preconditionFailure("the lean pass has a finite horizon") }
        let (s, a, b) = (stateCount, actionCount, r.shape[2])
        let kernel = FactoredStencilKernel(self, discount: mdp.discount, temperature: temperature, batch: b)
        // Scratch from `ScratchArrays` (mapped pages in a loop of passes): `R` is written below
        // except for the paddings between planes, which are zeroed here.
        var weights = Self.scratch(count: a * kernel.planeLength, zeroing: .paddings(planeLength: kernel.planeLength, used: s * b))
        defer { ScratchArrays.giveBack(&weights) }  // action-major [A][S][B], planes padded
        var factored = [Bool](repeating: false, count: h)
        do {
            var maxima = [Scalar](repeating: 0, count: s * b)
            r.withUnsafeBufferPointer { pr in
                weights.withUnsafeMutableBufferPointer { pw in
                    maxima.withUnsafeMutableBufferPointer { pm in prepareWeights(kernel, pr, weights: pw, maxima: pm) }
                }
            }
            guard try factoredBackward(mdp, r, kernel, weights: weights, maxima: maxima, values: &values, factored: &factored) else {
                try perActionBackward(mdp, r, temperature: temperature, values: &values)
                let (mu, d) = try perActionForward(mdp, r, temperature: temperature, values: values)
                return (mu, d, [Bool](repeating: false, count: h))
            }
        }
        var (mu, d) = factoredForward(mdp, r, kernel, weights: weights, values: values, factored: factored)
        ScratchArrays.giveBack(&weights)  // R is not needed for the transposition
        let occupancy = transposed(mu, batch: b, planeLength: kernel.planeLength)
        ScratchArrays.giveBack(&mu)
        return (occupancy, d, factored)
    }

    /// Which scalars of a scratch array from ``ScratchArrays`` (old numbers) to zero first.
    enum Zeroing {
        /// All of them.
        case all
        /// The `planeLength − used` scalars at the end of each plane.
        case paddings(planeLength: Int, used: Int)
    }

    /// A scratch array of `count` scalars from ``ScratchArrays``, zeroed as asked.
    static func scratch(count: Int, zeroing: Zeroing) -> [Scalar] {
        var array = ScratchArrays.take(Scalar.self, count: count)
        array.withUnsafeMutableBufferPointer { p in
            switch zeroing {
            case .all:
                p.update(repeating: 0)
            case let .paddings(planeLength, used):
                for start in stride(from: 0, to: p.count, by: planeLength) where start + used < start + planeLength {
                    UnsafeMutableBufferPointer(rebasing: p[(start + used)..<min(p.count, start + planeLength)]).update(repeating: 0)
                }
            }
        }
        return array
    }

    /// `r̄(s) = max_a r(s, a)` (NaN if a reward is NaN) and `R(s, a) = exp((r(s, a) − r̄(s))/α)`,
    /// action-major (`[A][S][B]`) so that four cells or four columns load as one vector.
    func prepareWeights(
        _ kernel: FactoredStencilKernel<Scalar>, _ r: UnsafeBufferPointer<Scalar>,
        weights: UnsafeMutableBufferPointer<Scalar>, maxima: UnsafeMutableBufferPointer<Scalar>
    ) {
        let (a, b) = (actionCount, kernel.batch)
        parallelChunks(count: stateCount, threads: threads, minimumChunk: 4_096) { cells in
            for s in cells {
                for col in 0..<b {
                    var top = -Scalar.infinity
                    for action in 0..<a {
                        let x = r[(s * a + action) * b + col]
                        top = x.isNaN || top.isNaN ? .nan : Swift.max(top, x)
                    }
                    maxima[s * b + col] = top
                    for action in 0..<a {
                        weights[action * kernel.planeLength + s * b + col] = (r[(s * a + action) * b + col] - top) * kernel.inverseAlpha
                    }
                }
            }
            // The exponentials by the array kernel over the chunk's contiguous slice of each action plane.
            for action in 0..<a {
                let start = action * kernel.planeLength
                FastExp.exp(inPlace: UnsafeMutableBufferPointer(rebasing: weights[(start + cells.lowerBound * b)..<(start + cells.upperBound * b)]))
            }
        }
    }

    /// `V_t` for `t = H−1 … 0`. A factored step `t` replaces `V_{t+1}` in `values[t+1]` by `E_t`
    /// once no row needs it, so the forward pass reads `E_t` instead of recomputing it (only
    /// `values[0]` is returned). Returns false when a factored step met a cell the factored
    /// formula could not take and that did not fail either (then `values` is spoiled and the
    /// caller reruns the per-action kernels).
    func factoredBackward(
        _ mdp: TabularMDP<Scalar>, _ r: Tensor<Scalar>, _ kernel: FactoredStencilKernel<Scalar>, weights: [Scalar], maxima: [Scalar],
        values: inout Tensor<Scalar>, factored: inout [Bool]
    ) throws(IRLError) -> Bool {
        let (s, b, height, rowLength, h) = (stateCount, kernel.batch, gridworld.height, kernel.rowLength, factored.count)
        let sb = s * b
        let range = FactoredStencilKernel<Scalar>.safeExponentRange
        var failures = [Int](repeating: -1, count: height)
        var exactRows = [Bool](repeating: false, count: height)
        var pending = [Bool](repeating: false, count: height)  // chunk-boundary rows whose E_t is written after the sweep
        var stats = [Scalar](repeating: 0, count: height * 2 * b)
        var shift = [Scalar](repeating: 0, count: b)
        var pattern = [Scalar](repeating: 0, count: rowLength + 4)
        let (pr, pw, pm, pb, pi) = (r.scalars, weights, maxima, blocked, irregular)
        var consistent = true
        try values.withUnsafeMutableBufferPointer { (v) throws(IRLError) in
            if let terminal = mdp.terminalValues {
                for state in 0..<s { for col in 0..<b { v[h * sb + state * b + col] = terminal.scalars[state] } }
            }
            stats.withUnsafeMutableBufferPointer { st in
                let last = window(UnsafeBufferPointer(v), h * sb, sb)
                parallelChunks(count: height, threads: threads, minimumChunk: 64) { rows in
                    for row in rows { kernel.rowStatistics(row, last, into: st) }
                }
            }
            for t in stride(from: h - 1, through: 0, by: -1) {
                let (next, out) = (window(UnsafeBufferPointer(v), (t + 1) * sb, sb), window(v, t * sb, sb))
                let store = window(v, (t + 1) * sb, sb)
                var safe = true
                for col in 0..<b {
                    var (top, bottom) = (-Scalar.infinity, Scalar.infinity)
                    for row in 0..<height {
                        top = Swift.max(top, stats[row * 2 * b + col])
                        bottom = Swift.min(bottom, stats[row * 2 * b + b + col])
                    }
                    shift[col] = top
                    safe = safe && top.isFinite && bottom.isFinite && kernel.c * (top - bottom) <= range
                }
                for i in 0..<rowLength { pattern[i] = shift[i % b] }
                pr.withUnsafeBufferPointer { r in
                    pw.withUnsafeBufferPointer { w in
                        pm.withUnsafeBufferPointer { m in
                            pb.withUnsafeBufferPointer { pb in
                                pi.withUnsafeBufferPointer { pi in
                                    shift.withUnsafeBufferPointer { shift in
                                        pattern.withUnsafeBufferPointer { pattern in
                                            failures.withUnsafeMutableBufferPointer { fail in
                                                exactRows.withUnsafeMutableBufferPointer { exact in
                                                    pending.withUnsafeMutableBufferPointer { pending in
                                                        stats.withUnsafeMutableBufferPointer { st in
                                                            parallelChunks(
                                                                count: height, threads: threads, minimumChunk: kernel.base.minimumRows
                                                            ) { rows in
                                                                guard safe else {
                                                                    for row in rows {
                                                                        fail[row] = kernel.base.backwardRow(
                                                                            row, blocked: pb, irregular: pi, rewards: r, next: next,
                                                                            into: out)
                                                                        exact[row] = true
                                                                        kernel.rowStatistics(row, UnsafeBufferPointer(out), into: st)
                                                                    }
                                                                    return
                                                                }
                                                                kernel.backwardRows(
                                                                    rows, blocked: pb, irregular: pi, rewards: r, weights: w, maxima: m,
                                                                    shift: shift,
                                                                    pattern: pattern, next: next, into: out, exponentials: store,
                                                                    failures: fail, exact: exact, pending: pending, statistics: st)
                                                            }
                                                        }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                if let bad = failures.first(where: { $0 >= 0 }) {
                    throw .noValidAction(state: bad / b, column: bad % b, time: t)
                }
                if safe {
                    // The rows next to a chunk boundary, now that no chunk reads V_{t+1} any more (in place).
                    pattern.withUnsafeBufferPointer { pattern in
                        for row in 0..<height where pending[row] {
                            kernel.fillExponentials(row, next: next, pattern: pattern, into: store, slots: 0)
                            pending[row] = false
                        }
                    }
                    if exactRows.contains(true) { consistent = false }
                }
                factored[t] = safe
                guard consistent else { return }
            }
        }
        return consistent
    }

    /// `μ` (action-major `[A][S][B]`) and `d_H`: factored steps read `E_t` from `values[t+1]` and gather; the others run the per-action kernels.
    func factoredForward(
        _ mdp: TabularMDP<Scalar>, _ r: Tensor<Scalar>, _ kernel: FactoredStencilKernel<Scalar>, weights: [Scalar], values: Tensor<Scalar>,
        factored: [Bool]
    ) -> ([Scalar], Tensor<Scalar>) {
        let (s, a, b, height, h) = (stateCount, actionCount, kernel.batch, gridworld.height, factored.count)
        let sb = s * b
        var mu = Self.scratch(count: a * kernel.planeLength, zeroing: .all)  // action-major [A][S][B], planes padded (caller gives it back)
        // Distribution slots d_t … d_{t+K} (K = stepsPerSweep), rotated by the factored steps; each
        // starts a padding after the previous so that the stores of one do not alias the loads of another.
        let second = sb + FactoredStencilKernel<Scalar>.planePadding
        let distributionSlots = FactoredStencilKernel<Scalar>.stepsPerSweep + 1
        var both = Self.scratch(count: (distributionSlots - 1) * second + sb, zeroing: .all)
        defer { ScratchArrays.giveBack(&both) }
        for i in 0..<sb { both[i] = mdp.initialDistribution.scalars[i / b] }
        var current = 0
        var outflow = [Scalar]()  // the per-action kernels' [A][S][B] scratch, only if a step needs it
        var weight: Scalar = 1
        let (pb, pi) = (blocked, irregular)
        let chunks = kernel.rowChunks(threads: threads)
        let smallestChunk = chunks.map(\.count).min() ?? 0
        var t = 0
        while t < h {
            // Up to `stepsPerSweep` factored steps in a row run as one sweep (R and μ read once for all).
            // (A chunk needs 2·m rows: step t + m − 1 skips m − 1 rows at each end.)
            var m = 0
            while m < Swift.min(FactoredStencilKernel<Scalar>.stepsPerSweep, smallestChunk / 2) && t + m < h && factored[t + m] { m += 1 }
            if m >= 2 {
                let slots = (0...m).map { (current + $0) % distributionSlots }
                let weightsOfSteps = (0..<m).map { k in (0..<k).reduce(weight) { w, _ in w * mdp.discount } }
                values.withUnsafeBufferPointer { v in
                    weights.withUnsafeBufferPointer { w in
                        mu.withUnsafeMutableBufferPointer { pm in
                            both.withUnsafeMutableBufferPointer { pd in
                                pb.withUnsafeBufferPointer { pb in
                                    pi.withUnsafeBufferPointer { pi in
                                        let e = (0..<m).map { k in window(v, (t + 1 + k) * sb, sb) }  // E_{t+k}
                                        let d = slots.map { window(pd, $0 * second, sb) }             // d_{t+k}, k = 0…m
                                        parallelChunks(count: chunks.count, threads: threads, minimumChunk: 1) { cs in
                                            for c in cs {
                                                kernel.forwardSteps(
                                                    chunks[c], blocked: pb, irregular: pi, weights: w, exponentials: e,
                                                    distributions: d, stepWeights: weightsOfSteps, occupancy: pm)
                                            }
                                        }
                                        // Step t + k skipped the k rows at each end of a chunk: they read
                                        // d_{t+k} of the neighbouring chunk, complete once step t + k − 1 is.
                                        for k in 1..<m {
                                            parallelChunks(count: chunks.count, threads: threads, minimumChunk: 1) { cs in
                                                for c in cs {
                                                    let rows = chunks[c]
                                                    for part in [rows.lowerBound..<(rows.lowerBound + k), (rows.upperBound - k)..<rows.upperBound] {
                                                        kernel.forwardRows(
                                                            part, blocked: pb, irregular: pi, weights: w, exponentials: e[k],
                                                            distribution: UnsafeBufferPointer(d[k]), weight: weightsOfSteps[k],
                                                            occupancy: pm, into: d[k + 1])
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                current = slots[m]
                weight = weightsOfSteps[m - 1] * mdp.discount
                t += m
                continue
            }
            let step = factored[t]
            if !step && outflow.isEmpty { outflow = Self.scratch(count: s * a * b, zeroing: .all) }
            r.withUnsafeBufferPointer { r in
                values.withUnsafeBufferPointer { v in
                    weights.withUnsafeBufferPointer { w in
                        mu.withUnsafeMutableBufferPointer { pm in
                            both.withUnsafeMutableBufferPointer { pd in
                                outflow.withUnsafeMutableBufferPointer { py in
                                    pb.withUnsafeBufferPointer { pb in
                                        pi.withUnsafeBufferPointer { pi in
                                            let next = window(v, (t + 1) * sb, sb)  // E_t on factored steps, V_{t+1} otherwise
                                            let d = window(pd, current * second, sb)
                                            if step {
                                                let target = window(pd, ((current + 1) % distributionSlots) * second, sb)
                                                parallelChunks(count: height, threads: threads, minimumChunk: kernel.base.minimumRows) {
                                                    rows in
                                                    kernel.forwardRows(
                                                        rows, blocked: pb, irregular: pi, weights: w, exponentials: next,
                                                        distribution: UnsafeBufferPointer(d), weight: weight, occupancy: pm, into: target)
                                                }
                                            } else {
                                                parallelChunks(count: height, threads: threads, minimumChunk: kernel.base.minimumRows) {
                                                    rows in
                                                    for row in rows {
                                                        kernel.base.forwardRow(
                                                            row, blocked: pb, irregular: pi, rewards: r, next: next,
                                                            distribution: UnsafeBufferPointer(d), weight: weight, occupancy: pm, spread: py)
                                                    }
                                                }
                                                parallelChunks(count: height, threads: threads, minimumChunk: kernel.base.minimumRows) {
                                                    rows in
                                                    for row in rows {
                                                        kernel.base.gatherRow(
                                                            row, blocked: pb, irregular: pi, spread: UnsafeBufferPointer(py), into: d)
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if step { current = (current + 1) % distributionSlots }
            weight *= mdp.discount
            t += 1
        }
        ScratchArrays.giveBack(&outflow)
        let final = Tensor<Scalar>(recycledShape: [s, b], uninitializedScalars: { out in
            both.withUnsafeBufferPointer { pd in _ = out.update(fromContentsOf: UnsafeBufferPointer(rebasing: pd[(current * second)..<(current * second + sb)])) }
        })
        return (mu, final)
    }

    /// The action-major `[A][S][B]` occupancy (planes `planeLength` apart) as the `[S, A, B]`
    /// tensor (built in this specialised code: the generic tensor initialisers copy one scalar at a time).
    func transposed(_ mu: [Scalar], batch b: Int, planeLength: Int) -> Tensor<Scalar> {
        let (s, a) = (stateCount, actionCount)
        return Tensor(recycledShape: [s, a, b], uninitializedScalars: { occupancy in
            mu.withUnsafeBufferPointer { mu in
                for state in 0..<s {
                    for action in 0..<a {
                        for col in 0..<b { occupancy[(state * a + action) * b + col] = mu[action * planeLength + state * b + col] }
                    }
                }
            }
        })
    }
}

extension FactoredStencilKernel {
    /// One factored backward step for the rows `rows`: `E_t` for rows `rows ± 1` in a private ring,
    /// `V_t` row by row, and `E_t` copied into `V_{t+1}`'s place one row behind (the first and
    /// last rows, which the neighbouring chunks still read, are marked `pending`).
    func backwardRows(
        _ rows: Range<Int>, blocked: UnsafeBufferPointer<UInt8>, irregular: UnsafeBufferPointer<UInt8>,
        rewards r: UnsafeBufferPointer<Scalar>, weights: UnsafeBufferPointer<Scalar>, maxima: UnsafeBufferPointer<Scalar>,
        shift: UnsafeBufferPointer<Scalar>, pattern: UnsafeBufferPointer<Scalar>, next: UnsafeBufferPointer<Scalar>,
        into out: UnsafeMutableBufferPointer<Scalar>, exponentials store: UnsafeMutableBufferPointer<Scalar>,
        failures: UnsafeMutableBufferPointer<Int>, exact: UnsafeMutableBufferPointer<Bool>, pending: UnsafeMutableBufferPointer<Bool>,
        statistics: UnsafeMutableBufferPointer<Scalar>
    ) {
        let ring = UnsafeMutableBufferPointer<Scalar>.allocate(capacity: ringCapacity)
        defer { ring.deallocate() }
        for row in Swift.max(0, rows.lowerBound - 1)...rows.lowerBound {
            fillExponentials(row, next: next, pattern: pattern, into: ring, slots: 4)
        }
        for row in rows {
            if row + 1 < height { fillExponentials(row + 1, next: next, pattern: pattern, into: ring, slots: 4) }
            (failures[row], exact[row]) = backwardRow(
                row, blocked: blocked, irregular: irregular, rewards: r, weights: weights, maxima: maxima,
                exponentials: UnsafeBufferPointer(ring), shift: shift, pattern: pattern, next: next, into: out)
            rowStatistics(row, UnsafeBufferPointer(out), into: statistics)
            if row - 1 > rows.lowerBound {
                let (from, to) = (slot(row - 1, 4), (row - 1) * rowLength)
                UnsafeMutableBufferPointer(rebasing: store[to..<(to + rowLength)]).update(
                    fromContentsOf: UnsafeBufferPointer(rebasing: ring[from..<(from + rowLength)]))
            }
        }
        pending[rows.lowerBound] = true
        pending[rows.upperBound - 1] = true
    }

    /// The row chunks the threads of a sweep take (as ``parallelChunks`` splits the rows).
    func rowChunks(threads: Int) -> [Range<Int>] {
        let n = Swift.max(1, Swift.min(threads, height / Swift.max(1, base.minimumRows)))
        return (0..<n).map { c in (height * c / n)..<(height * (c + 1) / n) }
    }

    /// Steps per forward sweep (time blocking; see ``forwardSteps(_:blocked:irregular:weights:exponentials:distributions:stepWeights:occupancy:)``).
    static var stepsPerSweep: Int { 4 }

    /// `m` factored forward steps, `t … t+m−1`, in one sweep over `rows` (time blocking): step
    /// `t + k` runs `k` rows behind step `t`, reading `E_{t+k}` (`exponentials[k]`) and `d_{t+k}`
    /// (`distributions[k]`) and writing `d_{t+k+1}`, with occupancy weight `stepWeights[k]`.
    /// The rows of `R` and `μ` that the later steps touch are still in the cache, so both come
    /// from memory once per sweep instead of once per step. Step `t + k` skips the first and the
    /// last `k` rows of `rows`: they need `d_{t+k}` of the neighbouring chunks, so the caller runs
    /// them (step by step) after every chunk has finished. `rows` must have at least `2·m` rows.
    func forwardSteps(
        _ rows: Range<Int>, blocked: UnsafeBufferPointer<UInt8>, irregular: UnsafeBufferPointer<UInt8>,
        weights: UnsafeBufferPointer<Scalar>, exponentials e: [UnsafeBufferPointer<Scalar>],
        distributions d: [UnsafeMutableBufferPointer<Scalar>], stepWeights: [Scalar],
        occupancy mu: UnsafeMutableBufferPointer<Scalar>
    ) {
        let m = e.count
        let rings = (0..<m).map { _ in UnsafeMutableBufferPointer<Scalar>.allocate(capacity: ringCapacity) }
        defer { for u in rings { u.deallocate() } }
        let (lo, hi) = (Swift.max(rows.lowerBound - 1, 0), Swift.min(rows.upperBound + 1, height))
        for j in lo...(hi + m - 1) {
            for k in 0..<m {
                // Step t + k scales the rows it has d_{t+k} for (all of step t's halo; rows.lowerBound + k − 1
                // ..< rows.upperBound − k + 1 later) and gathers one row behind.
                let (scaleLow, scaleHigh) = k == 0 ? (lo, hi) : (rows.lowerBound + k - 1, rows.upperBound - k + 1)
                let row = j - k
                if row >= scaleLow && row < scaleHigh {
                    scaleRow(
                        row, blocked: blocked, irregular: irregular, weights: weights, exponentials: e[k], slots: 0,
                        distribution: UnsafeBufferPointer(d[k]), into: rings[k])
                }
                let g = row - 1
                if g >= rows.lowerBound + k && g < rows.upperBound - k {
                    gatherRow(
                        g, blocked: blocked, irregular: irregular, weights: weights, exponentials: e[k], slots: 0,
                        scaled: UnsafeBufferPointer(rings[k]), distribution: UnsafeBufferPointer(d[k]), weight: stepWeights[k],
                        occupancy: mu, into: d[k + 1])
                }
            }
        }
    }

    /// One factored forward step for the rows `rows`, with `E_t` whole: `u_t` for rows `rows ± 1`
    /// in a private ring, then `μ` and `d_{t+1}` for `rows`, one row behind.
    func forwardRows(
        _ rows: Range<Int>, blocked: UnsafeBufferPointer<UInt8>, irregular: UnsafeBufferPointer<UInt8>,
        weights: UnsafeBufferPointer<Scalar>, exponentials e: UnsafeBufferPointer<Scalar>,
        distribution d: UnsafeBufferPointer<Scalar>, weight: Scalar,
        occupancy mu: UnsafeMutableBufferPointer<Scalar>, into target: UnsafeMutableBufferPointer<Scalar>
    ) {
        let u = UnsafeMutableBufferPointer<Scalar>.allocate(capacity: ringCapacity)
        defer { u.deallocate() }
        let (lo, hi) = (Swift.max(rows.lowerBound - 1, 0), Swift.min(rows.upperBound + 1, height))
        for j in lo...hi {
            if j < hi {
                scaleRow(j, blocked: blocked, irregular: irregular, weights: weights, exponentials: e, slots: 0, distribution: d, into: u)
            }
            let g = j - 1
            if g >= rows.lowerBound && g < rows.upperBound {
                gatherRow(
                    g, blocked: blocked, irregular: irregular, weights: weights, exponentials: e, slots: 0,
                    scaled: UnsafeBufferPointer(u), distribution: d, weight: weight, occupancy: mu, into: target)
            }
        }
    }
}
