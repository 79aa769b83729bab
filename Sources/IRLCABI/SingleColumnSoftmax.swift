import DenseTensors

/// The soft Bellman reduction for a single reward column (`B = 1`), with the exponentials of a
/// block of states computed over one contiguous buffer.
///
/// For each state `s`, with temperature `α`:
///
///     V(s)    = m + α·log Σ_a exp((Q(s,a) − m)/α),   m = max_a Q(s,a)
///     π(a|s)  = exp((Q(s,a) − V(s))/α) = exp((Q(s,a) − m)/α) / Σ_a exp((Q(s,a) − m)/α)
///
/// — the same equations as ``LogSumExp/reduce(_:rows:n:batch:temperature:lse:softmax:threads:)``,
/// whose loops vectorise across the batch axis and so run one lane wide when `B = 1`. Here the
/// arguments `(Q − m)/α` of `blockStates` states are written to a buffer, exponentiated in one
/// sweep (``exponentiate(_:)``, ``FastExp``: within 2 ulp of the correctly rounded `exp`), then
/// summed per state. `−∞` entries get probability exactly 0; a state whose entries are all `−∞`
/// makes the kernel report failure, and the caller reruns the library's kernel, which throws
/// the precise error.
enum SingleColumnSoftmax {
    /// States per block: the block's arguments stay in the L1 cache between the sweeps.
    static var blockStates: Int { 128 }

    /// Runs the reduction over the states of `q[S, A]`; returns `false` when some state has no
    /// finite entry (then the outputs are partly written and must be recomputed).
    /// - Complexity: `S·A` exponentials and `S` logarithms, in blocks of ``blockStates`` states.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    static func reduce<Scalar: FastExpScalar>(
        _ q: UnsafeBufferPointer<Scalar>, states s: Int, actions a: Int, temperature alpha: Scalar,
        lse: UnsafeMutableBufferPointer<Scalar>, softmax: UnsafeMutableBufferPointer<Scalar>?, threads: Int
    ) -> Bool {
        let blocks = (s + blockStates - 1) / blockStates
        let chunks = max(1, min(threads, blocks, s * a / 16_384))
        return withUnsafeTemporaryAllocation(of: Bool.self, capacity: chunks) { ok -> Bool in
            ok.initialize(repeating: true)
            parallelChunks(count: chunks, threads: chunks, minimumChunk: 1) { range in
                for c in range {
                    ok[c] = reduceBlocks(
                        (blocks * c / chunks)..<(blocks * (c + 1) / chunks), q, states: s, actions: a,
                        temperature: alpha, lse: lse, softmax: softmax)
                }
            }
            return !ok.contains(false)
        }
    }

    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    static func reduceBlocks<Scalar: FastExpScalar>(
        _ blocks: Range<Int>, _ q: UnsafeBufferPointer<Scalar>, states s: Int, actions a: Int, temperature alpha: Scalar,
        lse: UnsafeMutableBufferPointer<Scalar>, softmax: UnsafeMutableBufferPointer<Scalar>?
    ) -> Bool {
        let inverse = 1 / alpha
        // Arguments then exponentials of one block (padded to whole SIMD4 vectors), and per
        // state its maximum then its sum.
        let capacity = (blockStates * a + 3) / 4 * 4
        return withUnsafeTemporaryAllocation(of: Scalar.self, capacity: capacity + 2 * (blockStates + 4)) { scratch in
            let e = UnsafeMutableBufferPointer(rebasing: scratch[0..<capacity])
            let maximum = UnsafeMutableBufferPointer(rebasing: scratch[capacity..<(capacity + blockStates + 4)])
            let sum = UnsafeMutableBufferPointer(rebasing: scratch[(capacity + blockStates + 4)...])
            for block in blocks {
                let first = block * blockStates
                let n = Swift.min(blockStates, s - first)
                let base = first * a
                for i in 0..<n {
                    var m = q[base + i * a]
                    for action in 1..<a where m < q[base + i * a + action] { m = q[base + i * a + action] }
                    if m == -Scalar.infinity { return false }
                    maximum[i] = m
                    for action in 0..<a { e[i * a + action] = (q[base + i * a + action] - m) * inverse }
                }
                let padded = (n * a + 3) / 4 * 4
                for k in (n * a)..<padded { e[k] = 0 }
                exponentiate(UnsafeMutableBufferPointer(rebasing: e[0..<padded]))
                for i in 0..<n {
                    var total: Scalar = 0
                    for action in 0..<a { total += e[i * a + action] }
                    sum[i] = total
                }
                // sum ≥ 1 (the largest term is exp 0), so the logarithm is of a normal number.
                var i = 0
                while i < n {
                    let v = SIMD4(maximum[i], i + 1 < n ? maximum[i + 1] : 0, i + 2 < n ? maximum[i + 2] : 0, i + 3 < n ? maximum[i + 3] : 0)
                        + alpha * FastExp.log(SIMD4(sum[i], i + 1 < n ? sum[i + 1] : 1, i + 2 < n ? sum[i + 2] : 1, i + 3 < n ? sum[i + 3] : 1))
                    for lane in 0..<Swift.min(4, n - i) { lse[first + i + lane] = v[lane] }
                    i += 4
                }
                guard let softmax else { continue }
                for i in 0..<n {
                    let scale = 1 / sum[i]
                    for action in 0..<a { softmax[base + i * a + action] = e[i * a + action] * scale }
                }
            }
            return true
        }
    }

    /// `x[i] = e^{x[i]}` in place; `x.count` is a multiple of 4.
    @inline(__always)
    static func exponentiate<Scalar: FastExpScalar>(_ x: UnsafeMutableBufferPointer<Scalar>) {
        guard let base = x.baseAddress else { return }
        let raw = UnsafeMutableRawPointer(base)
        let stride = MemoryLayout<SIMD4<Scalar>>.stride
        for k in 0..<(x.count / 4) {
            let v = raw.loadUnaligned(fromByteOffset: k * stride, as: SIMD4<Scalar>.self)
            raw.storeBytes(of: FastExp.exp(v), toByteOffset: k * stride, as: SIMD4<Scalar>.self)
        }
    }
}
