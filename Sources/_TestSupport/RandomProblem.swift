import DenseTensors
import IRL

/// A small random MDP as plain nested arrays (the reference side of a test) and as library types.
///
/// Drawn from `SplitMix64(seed)` with the standard library's `random(in:using:)`, in a fixed
/// order: every transition row (with its sparsity mask), then `ρ₀`, then `r`, then the terminal
/// values. The tests' seeded cases and golden values were written against exactly this sequence.
public struct RandomProblem: Sendable {
    /// `P[s][a][s']`; each row sums to 1.
    public var p: [[[Double]]]
    /// `ρ₀[s]`, a distribution.
    public var rho: [Double]
    /// `r[s][a]` in `[−2, 2]`.
    public var r: [[Double]]
    /// `V_H[s]` in `[−1, 1]` when asked for, otherwise zeros.
    public var terminal: [Double]
    /// `S`, the number of states.
    public var s: Int { rho.count }
    /// `A`, the number of actions.
    public var a: Int { r[0].count }

    /// - Parameters:
    ///   - states: `S ≥ 1`.
    ///   - actions: `A ≥ 1`.
    ///   - seed: equal seeds give equal problems.
    ///   - sparse: zero each transition entry with probability 0.4 (a row left empty gets one
    ///     random successor), so rows have varying support.
    ///   - terminal: draw terminal values `V_H` in `[−1, 1]` instead of zeros.
    /// - Complexity: `O(S²·A)`.
    public init(states: Int, actions: Int, seed: UInt64, sparse: Bool = true, terminal: Bool = false) {
        var rng = SplitMix64(seed: seed)
        p = (0..<states).map { _ in
            (0..<actions).map { _ in
                var row = (0..<states).map { _ in Double.random(in: 0...1, using: &rng) }
                if sparse { for i in 0..<states where Double.random(in: 0...1, using: &rng) < 0.4 { row[i] = 0 } }
                if row.allSatisfy({ $0 == 0 }) { row[Int.random(in: 0..<states, using: &rng)] = 1 }
                let total = row.reduce(0, +)
                return row.map { $0 / total }
            }
        }
        var r0 = (0..<states).map { _ in Double.random(in: 0...1, using: &rng) }
        let total = r0.reduce(0, +)
        r0 = r0.map { $0 / total }
        rho = r0
        r = (0..<states).map { _ in (0..<actions).map { _ in Double.random(in: -2...2, using: &rng) } }
        self.terminal =
            terminal ? (0..<states).map { _ in Double.random(in: -1...1, using: &rng) } : Array(repeating: 0, count: states)
    }

    /// `P` as a `[S, A, S]` tensor.
    public var transitions: Tensor<Double> { try! Tensor(shape: [s, a, s], scalars: p.flatMap { $0.flatMap { $0 } }) }

    /// `r` as an `[S, A]` tensor.
    public var rewards: Tensor<Double> { try! Tensor(shape: [s, a], scalars: r.flatMap { $0 }) }

    /// The problem's dense MDP.
    /// - Parameters:
    ///   - horizon: `.finite(H)` or `.infinite`.
    ///   - discount: `γ`.
    ///   - withTerminal: use ``terminal`` as `V_H` (otherwise none).
    /// - Returns: a `TabularMDP` on `P` and `ρ₀`.
    /// - Throws: the `TabularMDP` initialiser's errors (e.g. `γ ∉ [0, 1]`).
    /// - Complexity: `O(S²·A)` to validate `P`.
    public func mdp(horizon: Horizon, discount: Double, withTerminal: Bool = false) throws -> TabularMDP<Double> {
        try TabularMDP(
            transitions: transitions, initialDistribution: Tensor(rho), horizon: horizon, discount: discount,
            terminalValues: withTerminal ? Tensor(terminal) : nil)
    }
}
