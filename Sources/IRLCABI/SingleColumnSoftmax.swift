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
    /// Runs the reduction over the first `4·⌊S/4⌋` states of `q[S, A]` (the caller finishes the
    /// remaining `S mod 4` with the library's kernel); returns `false` when some state has no
    /// finite entry.
    /// - Complexity: `S·A` vector-lane exponentials and `S` logarithms, in blocks of 4 states.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    static func reduce<Scalar: FastExpScalar>(
        _ q: UnsafeBufferPointer<Scalar>, states s: Int, actions a: Int, temperature alpha: Scalar,
        lse: UnsafeMutableBufferPointer<Scalar>, softmax: UnsafeMutableBufferPointer<Scalar>?, threads: Int
    ) -> Bool {
        let blocks = s / 4
        let chunks = max(1, min(threads, blocks * a / 16_384))
        var ok = [Bool](repeating: true, count: chunks)
        ok.withUnsafeMutableBufferPointer { flags in
            parallelChunks(count: chunks, threads: chunks, minimumChunk: 1) { range in
                for c in range {
                    flags[c] = reduceBlocks(
                        (blocks * c / chunks)..<(blocks * (c + 1) / chunks), q, actions: a,
                        temperature: alpha, lse: lse, softmax: softmax)
                }
            }
        }
        return !ok.contains(false)
    }

    @inline(__always)
    static func reduceBlocks<Scalar: FastExpScalar>(
        _ blocks: Range<Int>, _ q: UnsafeBufferPointer<Scalar>, actions a: Int, temperature alpha: Scalar,
        lse: UnsafeMutableBufferPointer<Scalar>, softmax: UnsafeMutableBufferPointer<Scalar>?
    ) -> Bool {
        let inverse = 1 / alpha
        return withUnsafeTemporaryAllocation(of: SIMD4<Scalar>.self, capacity: a) { e -> Bool in
            for block in blocks {
                let base = block * 4 * a
                // Lane i holds state 4·block + i.
                @inline(__always) func load(_ action: Int) -> SIMD4<Scalar> {
                    SIMD4(q[base + action], q[base + a + action], q[base + 2 * a + action], q[base + 3 * a + action])
                }
                var m = load(0)
                for action in 1..<a {
                    let x = load(action)
                    m.replace(with: x, where: m .< x)
                }
                if (m .== SIMD4(repeating: -Scalar.infinity)) != SIMDMask(repeating: false) { return false }
                var sum = SIMD4<Scalar>()
                for action in 0..<a {
                    let x = FastExp.exp((load(action) - m) * inverse)
                    e[action] = x
                    sum += x
                }
                // sum ≥ 1 (the largest term is exp 0), so the logarithm is of a normal number.
                let v = m + alpha * FastExp.log(sum)
                for i in 0..<4 { lse[block * 4 + i] = v[i] }
                guard let softmax else { continue }
                // exp((Q − V)/α) = exp((Q − m)/α) / Σ.
                let scale = 1 / sum
                for action in 0..<a {
                    let p = e[action] * scale
                    for i in 0..<4 { softmax[base + i * a + action] = p[i] }
                }
            }
            return true
        }
    }
}
