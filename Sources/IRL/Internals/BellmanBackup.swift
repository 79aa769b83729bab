import DenseTensors

/// `q[s, a, b] = r[s, a, b] + γ · Σ_s' P(s'|s,a) · v[s', b]` — the one backup every planner and
/// evaluator shares. With `γ = 0` the pull is skipped (so `v` never matters).
@inlinable
func bellmanBackup<Scalar: BLASScalar>(
    _ dynamics: any TransitionOperator<Scalar>, rewards: UnsafeBufferPointer<Scalar>, discount: Scalar,
    next v: UnsafeBufferPointer<Scalar>, batch: Int, into q: UnsafeMutableBufferPointer<Scalar>
) {
    _ = q.update(fromContentsOf: rewards)
    if discount != 0 {
        dynamics.pull(v, batch: batch, into: q, alpha: discount, beta: 1)
    }
}

/// Rebases `count` scalars at `offset` of a buffer.
@inlinable
func window<Scalar>(_ buffer: UnsafeMutableBufferPointer<Scalar>, _ offset: Int, _ count: Int) -> UnsafeMutableBufferPointer<Scalar> {
    UnsafeMutableBufferPointer(rebasing: buffer[offset..<(offset + count)])
}

/// Rebases `count` scalars at `offset` of a buffer.
@inlinable
func window<Scalar>(_ buffer: UnsafeBufferPointer<Scalar>, _ offset: Int, _ count: Int) -> UnsafeBufferPointer<Scalar> {
    UnsafeBufferPointer(rebasing: buffer[offset..<(offset + count)])
}

/// Maps a log-sum-exp failure to the state that has no valid action.
func noValidAction(_ error: TensorError, time: Int?) -> IRLError {
    if case let .noFiniteEntry(_, row, column) = error {
        return .noValidAction(state: row, column: column, time: time)
    }
    return .tensor(context: "soft Bellman backup", error)
}
