/// How long the decision process runs.
public enum Horizon: Sendable, Equatable, Hashable {
    /// `H` decisions at `t = 0 … H−1`, then an optional terminal value `V_H(s)` (default 0).
    case finite(Int)
    /// The stationary, discounted problem (needs a discount `γ < 1`).
    case infinite

    /// The number of decisions of a finite horizon, or `nil`.
    public var steps: Int? {
        if case let .finite(h) = self { return h }
        return nil
    }
}
