import DenseTensors

/// The result of a planner (soft or hard value iteration, soft policy iteration) for a batch of
/// `B` rewards.
///
/// Finite horizon `H`: `values` is `[H+1, S, B]` (row `H` holds the terminal values `V_H`),
/// `qValues` (when kept) is `[H, S, A, B]`, and the policy is time-indexed with `H` tables.
/// Infinite horizon: `values` is `[1, S, B]`, `qValues` `[1, S, A, B]`, the policy stationary.
public struct Plan<Scalar: BLASScalar>: Sendable {
    /// `V_t[s, b]`: `[H+1, S, B]` (finite) or `[1, S, B]` (infinite).
    public let values: Tensor<Scalar>
    /// `Q_t[s, a, b]` when the planner was asked to keep them (`nil` otherwise).
    public let qValues: Tensor<Scalar>?
    /// The (soft-)greedy policy with respect to `Q`.
    public let policy: Policy<Scalar>
    /// Sweeps performed (`H` for a finite horizon).
    public let iterations: Int
    /// Infinite horizon: an upper bound on `‖V − V*‖∞` at stop; finite horizon: 0.
    public let residual: Scalar

    /// `V_0[s, b]`, shape `[S, B]`.
    public var initialValues: Tensor<Scalar> { values.slice(0) }

    /// `Σ_s ρ₀(s)·V_0(s, b)` for each batch column: the (soft) value of the start, shape `[B]`.
    public func startValue(_ mdp: TabularMDP<Scalar>) -> Tensor<Scalar> {
        let v0 = values.slice(0)
        let b = v0.shape[1]
        return Tensor(shape: [b]) { col in
            var total: Scalar = 0
            for s in 0..<mdp.stateCount where mdp.initialDistribution.scalars[s] != 0 {
                total += mdp.initialDistribution.scalars[s] * v0.scalars[s * b + col]
            }
            return total
        }
    }
}
