import DenseTensors

/// Random dense row-stochastic transitions `P[s, a, s']`, shape `[S, A, S]`: every entry is
/// `1 − U` with `U` a 53-bit uniform from `SplitMix64(seed)` (so in `(0, 1]`, never 0), and each
/// row is then scaled to sum to 1.
///
/// Drawn with the library's fixed rule (`nextUnitInterval()`), not the standard library's, so a
/// seed gives the same `P` on every platform and Swift version: the benchmarks' dense model.
/// - Parameters:
///   - states: `S`.
///   - actions: `A`.
///   - seed: equal seeds give equal transitions.
/// - Returns: an `[S, A, S]` tensor whose rows sum to 1.
/// - Complexity: `S²·A` draws; memory `S²·A` scalars and one row of `S` doubles
///   (671 MB for S = 4096, A = 5, Double).
@_specialize(where Scalar == Double)
@_specialize(where Scalar == Float)
public func randomDenseTransitions<Scalar: BLASScalar>(states s: Int, actions a: Int, seed: UInt64) -> Tensor<Scalar> {
    var generator = SplitMix64(seed: seed)
    var p = [Scalar](repeating: 0, count: s * a * s)
    var raw = [Double](repeating: 0, count: s)
    p.withUnsafeMutableBufferPointer { buffer in
        for row in 0..<(s * a) {
            var sum = 0.0
            for next in 0..<s {
                raw[next] = 1 - generator.nextUnitInterval()
                sum += raw[next]
            }
            for next in 0..<s { buffer[row * s + next] = Scalar(raw[next] / sum) }
        }
    }
    return try! Tensor(shape: [s, a, s], scalars: p)
}
