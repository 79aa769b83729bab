import DenseTensors

/// A tensor of independent uniform entries from `SplitMix64(seed)`, in row-major order.
///
/// Each entry is `Double.random(in: range, using:)` converted to `T` (the standard library's rule,
/// which the tests' seeded cases were written against), so Float and Double tensors of one seed
/// hold the same numbers up to rounding.
/// - Parameters:
///   - shape: the tensor's shape.
///   - seed: equal seeds give equal tensors.
///   - range: where the entries lie; `[−1, 1]` by default.
/// - Returns: a tensor of `shape`.
/// - Complexity: `O(n)` for `n` entries.
public func randomTensor<T: BLASScalar>(_ shape: [Int], seed: UInt64, in range: ClosedRange<Double> = -1...1) -> Tensor<T> {
    var rng = SplitMix64(seed: seed)
    return Tensor(shape: shape) { _ in T(Double.random(in: range, using: &rng)) }
}

/// Random state-action rewards `r[s, a, b]` in `[−2, 2]`: ``randomTensor(_:seed:in:)`` of shape
/// `[S, A, B]`.
/// - Parameters:
///   - states: `S`.
///   - actions: `A`.
///   - batch: `B`, the number of reward columns.
///   - seed: equal seeds give equal rewards.
/// - Returns: an `[S, A, B]` tensor.
/// - Complexity: `O(S·A·B)`.
public func randomRewards<Scalar: BLASScalar>(
    _: Scalar.Type, states: Int, actions: Int, batch: Int, seed: UInt64
) -> Tensor<Scalar> {
    randomTensor([states, actions, batch], seed: seed, in: -2...2)
}
