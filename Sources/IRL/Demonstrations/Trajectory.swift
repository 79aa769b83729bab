/// One demonstrated episode: the states `s_0 … s_{T−1}` in which the actions `a_0 … a_{T−1}`
/// were taken, optionally followed by the final state `s_T`.
public struct Trajectory: Sendable, Hashable {
    /// `s_0 … s_{T−1}` (`T` entries) or `s_0 … s_T` (`T + 1` entries).
    public var states: [Int]
    /// `a_0 … a_{T−1}`.
    public var actions: [Int]

    /// Stores the indices as given; ``Demonstrations`` validates them against an MDP's sizes.
    public init(states: [Int], actions: [Int]) {
        self.states = states
        self.actions = actions
    }

    /// `T`, the number of decisions.
    public var length: Int { actions.count }

    /// The `(s_t, a_t)` pairs, `t = 0 … T−1`.
    public var stateActionPairs: [(state: Int, action: Int)] {
        zip(states, actions).map { (state: $0, action: $1) }
    }
}
