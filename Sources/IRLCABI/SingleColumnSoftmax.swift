import DenseTensors

/// The soft Bellman reduction for a single reward column (`B = 1`), vectorised across states.
///
/// For each state `s`, with temperature `α`:
///
///     V(s)    = m + α·log Σ_a exp((Q(s,a) − m)/α),   m = max_a Q(s,a)
///     π(a|s)  = exp((Q(s,a) − V(s))/α)
///
/// — the same equations as ``LogSumExp/reduce(_:rows:n:batch:temperature:lse:softmax:threads:)``,
/// whose loops vectorise across the batch axis and so run one lane wide when `B = 1`. Here four
/// neighbouring states share one `SIMD4` and ``FastExp`` (within 2 ulp of the correctly rounded
/// `exp`/`log`) replaces the scalar calls. `−∞` entries get probability exactly 0; a state whose
/// entries are all `−∞` makes the kernel report failure, and the caller reruns the library's
/// kernel, which throws the precise error.
enum SingleColumnSoftmax {
    /// Runs the reduction over `q[S, A]`; returns `false` when some state has no finite entry.
    /// - Complexity: `2·S·A` vector-lane exponentials and `S` logarithms, in blocks of 4 states.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    static func reduce<Scalar: FastExpScalar>(
        _ q: UnsafeBufferPointer<Scalar>, states s: Int, actions a: Int, temperature alpha: Scalar,
        lse: UnsafeMutableBufferPointer<Scalar>, softmax: UnsafeMutableBufferPointer<Scalar>?, threads: Int
    ) -> Bool {
        let blocks = (s + 3) / 4
        let chunks = max(1, min(threads, blocks * a / 16_384))
        var ok = [Bool](repeating: true, count: chunks)
        ok.withUnsafeMutableBufferPointer { flags in
            parallelChunks(count: chunks, threads: chunks, minimumChunk: 1) { range in
                for c in range {
                    flags[c] = reduceBlocks((blocks * c / chunks)..<(blocks * (c + 1) / chunks), q, states: s, actions: a,
                                            temperature: alpha, lse: lse, softmax: softmax)
                }
            }
        }
        return !ok.contains(false)
    }

    @inline(__always)
    static func reduceBlocks<Scalar: FastExpScalar>(
        _ blocks: Range<Int>, _ q: UnsafeBufferPointer<Scalar>, states s: Int, actions a: Int, temperature alpha: Scalar,
        lse: UnsafeMutableBufferPointer<Scalar>, softmax: UnsafeMutableBufferPointer<Scalar>?
    ) -> Bool {
        let inverse = 1 / alpha
        let negativeInfinity = SIMD4<Scalar>(repeating: -.infinity)
        for block in blocks {
            let first = block * 4
            let lanes = min(4, s - first)
            // Lane i holds state first + i; missing lanes of the last block repeat its first state.
            @inline(__always) func load(_ action: Int) -> SIMD4<Scalar> {
                var v = SIMD4<Scalar>()
                for i in 0..<4 { v[i] = q[(first + (i < lanes ? i : 0)) * a + action] }
                return v
            }
            var m = negativeInfinity
            for action in 0..<a { m = pointwiseMax(m, load(action)) }
            if (m .== negativeInfinity) != SIMDMask(repeating: false) { return false }
            var sum = SIMD4<Scalar>()
            for action in 0..<a { sum += FastExp.exp((load(action) - m) * inverse) }
            // sum ≥ 1 (the largest term is exp 0), so the logarithm is of a normal number.
            let v = m + alpha * FastExp.log(sum)
            for i in 0..<lanes { lse[first + i] = v[i] }
            guard let softmax else { continue }
            for action in 0..<a {
                let p = FastExp.exp((load(action) - v) * inverse)
                for i in 0..<lanes { softmax[(first + i) * a + action] = p[i] }
            }
        }
        return true
    }
}
