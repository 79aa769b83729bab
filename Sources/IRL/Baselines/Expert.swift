import DenseTensors

/// A queryable expert for interactive imitation (``DAgger``): given a time step and a state, it
/// returns its action distribution `π_E(·|s)` at that step.
///
/// Built from a ``Policy`` (one batch column) or from a closure, either deterministic (an
/// action) or stochastic (a distribution over the `A` actions). Closure answers are validated
/// at every query.
public struct Expert<Scalar: BLASScalar>: Sendable {
    /// `A`.
    public let actionCount: Int
    private let query: @Sendable (_ time: Int, _ state: Int) -> Answer

    enum Answer {
        case action(Int)
        case distribution([Scalar])
    }

    /// An expert that follows one column of a policy (time-indexed or stationary; a time-indexed
    /// policy is queried only for `t < H`).
    /// - Throws: ``IRLError/indexOutOfRange(argument:index:bound:)`` for a bad column.
    public init(policy: Policy<Scalar>, column: Int = 0) throws(IRLError) {
        guard column >= 0, column < policy.batch else {
            throw .indexOutOfRange(argument: "expert policy column", index: column, bound: policy.batch)
        }
        actionCount = policy.actionCount
        query = { t, s in
            .distribution(
                (0..<policy.actionCount).map {
                    policy.probability(time: Swift.min(t, policy.steps - 1), state: s, action: $0, column: column)
                })
        }
    }

    /// A deterministic expert: `action(t, s)` is its action in `s` at step `t`.
    public init(actionCount: Int, action: @escaping @Sendable (_ time: Int, _ state: Int) -> Int) {
        self.actionCount = actionCount
        query = { t, s in .action(action(t, s)) }
    }

    /// A stochastic expert: `distribution(t, s)` is `π_E(·|s)` at step `t`, `A` probabilities.
    public init(actionCount: Int, distribution: @escaping @Sendable (_ time: Int, _ state: Int) -> [Scalar]) {
        self.actionCount = actionCount
        query = { t, s in .distribution(distribution(t, s)) }
    }

    /// `π_E(·|s)` at step `t`, validated.
    ///
    /// - Throws: ``IRLError/indexOutOfRange(argument:index:bound:)`` for an action out of range,
    ///   ``IRLError/shapeMismatch(argument:expected:actual:)`` for a distribution of the wrong
    ///   length, and the distribution errors (``IRLError/nonFinite(argument:index:value:)``,
    ///   ``IRLError/negativeProbability(argument:index:value:)``,
    ///   ``IRLError/notNormalized(argument:index:sum:tolerance:)``), each naming `t` and `s`.
    public func distribution(time t: Int, state s: Int) throws(IRLError) -> [Scalar] {
        switch query(t, s) {
        case let .action(a):
            guard a >= 0, a < actionCount else {
                throw .indexOutOfRange(argument: "expert action at t = \(t), state \(s)", index: a, bound: actionCount)
            }
            return (0..<actionCount).map { $0 == a ? 1 : 0 }
        case let .distribution(p):
            guard p.count == actionCount else {
                throw .shapeMismatch(
                    argument: "expert distribution at t = \(t), state \(s)", expected: "[\(actionCount)]", actual: [p.count])
            }
            try TabularMDP<Scalar>.checkDistribution(
                p, argument: "expert distribution at t = \(t), state \(s)", index: [],
                tolerance: Scalar.ulpOfOne.squareRoot())
            return p
        }
    }
}
