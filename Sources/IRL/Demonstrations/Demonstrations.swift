import DenseTensors

/// Expert demonstrations on an MDP with `S` states and `A` actions, in one of three forms:
///
/// - **trajectories** (``init(trajectories:stateCount:actionCount:)``, or sampled by
///   ``sample(policy:on:count:length:column:using:)``): `n` episodes of equal length `T`;
/// - **pairs per time step** (``init(pairs:stateCount:actionCount:)``): for each `t < T` a
///   non-empty list of `(s_t, a_t)` pairs, possibly of different sizes `n_t`;
/// - **weighted counts** (``init(timeIndexedCounts:)``): `N_t(s, a) ≥ 0`, shape `[T, S, A]`;
/// - **an occupancy measure** (``init(occupancy:)``): `μ(s, a)` directly, shape `[S, A]`.
///
/// The first three are summarised by the time-indexed counts `N_t(s, a)` and the step totals
/// `n_t = Σ_{s,a} N_t(s, a)`; the empirical distribution of step `t` is `x̂_t = N_t / n_t`, from
/// which ``empiricalOccupancy(for:)`` and ``featureExpectations(for:)`` follow
/// (Demonstrations+Statistics.swift).
///
/// Construction validates every index: an out-of-range state or action, an empty or ragged
/// trajectory, an empty step or an empty set is a thrown ``IRLError`` naming the trajectory
/// (or step), the position and the value.
public struct Demonstrations<Scalar: BLASScalar>: Sendable {
    /// How the demonstrations were given.
    public enum Form: Sendable, Hashable {
        /// Equal-length trajectories.
        case trajectories
        /// `(s, a)` pairs per time step.
        case pairs
        /// Weighted counts `N_t(s, a)`.
        case counts
        /// An occupancy measure `μ(s, a)` (no time index).
        case occupancy
    }

    /// `S`.
    public let stateCount: Int
    /// `A`.
    public let actionCount: Int
    /// The form they were given in.
    public let form: Form
    /// The trajectories (``Form/trajectories`` only; empty otherwise).
    public let trajectories: [Trajectory]
    /// `N_t(s, a)`, shape `[T, S, A]` (`nil` for ``Form/occupancy``).
    public let timeIndexedCounts: Tensor<Scalar>?
    /// `n_t = Σ_{s,a} N_t(s, a)` for `t < T` (empty for ``Form/occupancy``).
    public let stepTotals: [Scalar]
    /// `μ(s, a)`, shape `[S, A]` (``Form/occupancy`` only).
    public let occupancy: Tensor<Scalar>?

    /// `T`, the number of time steps covered (0 for an occupancy).
    public var length: Int { stepTotals.count }

    /// The number of trajectories (``Form/trajectories``), or `n_0` rounded for pairs and
    /// counts, or 0 for an occupancy.
    public var trajectoryCount: Int {
        form == .trajectories ? trajectories.count : Int((stepTotals.first ?? 0).rounded())
    }

    /// Demonstrations as `n ≥ 1` trajectories of one common length `T ≥ 1`.
    ///
    /// - Parameters:
    ///   - trajectories: each with `T` actions and `T` or `T + 1` states.
    ///   - stateCount: `S`.
    ///   - actionCount: `A`.
    /// - Throws: ``IRLError/empty(argument:)`` for no trajectories or an empty one;
    ///   ``IRLError/shapeMismatch(argument:expected:actual:)`` for a ragged trajectory or a wrong
    ///   number of states; ``IRLError/indexOutOfRange(argument:index:bound:)`` naming
    ///   `trajectories[i].states[t]` or `trajectories[i].actions[t]` and the value.
    /// - Complexity: O(n·T + T·S·A).
    public init(trajectories: [Trajectory], stateCount: Int, actionCount: Int) throws(IRLError) {
        try Self.checkSizes(stateCount, actionCount)
        guard let first = trajectories.first else { throw .empty(argument: "trajectories") }
        let length = first.length
        var counts = [Scalar](repeating: 0, count: length * stateCount * actionCount)
        for (i, trajectory) in trajectories.enumerated() {
            guard trajectory.length > 0 else { throw .empty(argument: "trajectories[\(i)]") }
            guard trajectory.length == length else {
                throw .shapeMismatch(
                    argument: "trajectories[\(i)].actions",
                    expected: "\(length) actions, like trajectories[0] (ragged trajectories)", actual: [trajectory.length])
            }
            guard trajectory.states.count == length || trajectory.states.count == length + 1 else {
                throw .shapeMismatch(
                    argument: "trajectories[\(i)].states",
                    expected: "\(length) or \(length + 1) states for \(length) actions", actual: [trajectory.states.count])
            }
            for (t, state) in trajectory.states.enumerated() where state < 0 || state >= stateCount {
                throw .indexOutOfRange(argument: "trajectories[\(i)].states[\(t)]", index: state, bound: stateCount)
            }
            for (t, action) in trajectory.actions.enumerated() {
                guard action >= 0, action < actionCount else {
                    throw .indexOutOfRange(argument: "trajectories[\(i)].actions[\(t)]", index: action, bound: actionCount)
                }
                counts[(t * stateCount + trajectory.states[t]) * actionCount + action] += 1
            }
        }
        self.stateCount = stateCount
        self.actionCount = actionCount
        self.form = .trajectories
        self.trajectories = trajectories
        self.timeIndexedCounts = try IRLError.wrap("trajectory counts") { () throws(TensorError) in
            try Tensor(shape: [length, stateCount, actionCount], scalars: counts)
        }
        self.stepTotals = Array(repeating: Scalar(trajectories.count), count: length)
        self.occupancy = nil
    }

    /// Demonstrations as `(s_t, a_t)` pairs per time step: `pairs[t]` lists the pairs seen at
    /// step `t` (from any number of episodes; the lists may differ in size).
    ///
    /// - Throws: ``IRLError/empty(argument:)`` for no steps or an empty `pairs[t]`;
    ///   ``IRLError/indexOutOfRange(argument:index:bound:)`` naming `pairs[t][j].state` or
    ///   `pairs[t][j].action` and the value.
    /// - Complexity: O(Σ_t n_t + T·S·A).
    public init(pairs: [[(state: Int, action: Int)]], stateCount: Int, actionCount: Int) throws(IRLError) {
        try Self.checkSizes(stateCount, actionCount)
        guard !pairs.isEmpty else { throw .empty(argument: "pairs") }
        var counts = [Scalar](repeating: 0, count: pairs.count * stateCount * actionCount)
        for (t, step) in pairs.enumerated() {
            guard !step.isEmpty else { throw .empty(argument: "pairs[\(t)]") }
            for (j, pair) in step.enumerated() {
                guard pair.state >= 0, pair.state < stateCount else {
                    throw .indexOutOfRange(argument: "pairs[\(t)][\(j)].state", index: pair.state, bound: stateCount)
                }
                guard pair.action >= 0, pair.action < actionCount else {
                    throw .indexOutOfRange(argument: "pairs[\(t)][\(j)].action", index: pair.action, bound: actionCount)
                }
                counts[(t * stateCount + pair.state) * actionCount + pair.action] += 1
            }
        }
        self.stateCount = stateCount
        self.actionCount = actionCount
        self.form = .pairs
        self.trajectories = []
        self.timeIndexedCounts = try IRLError.wrap("pair counts") { () throws(TensorError) in
            try Tensor(shape: [pairs.count, stateCount, actionCount], scalars: counts)
        }
        self.stepTotals = pairs.map { Scalar($0.count) }
        self.occupancy = nil
    }

    /// Demonstrations as (possibly fractional) counts `N_t(s, a)`, shape `[T, S, A]` — e.g. the
    /// expert's action distributions accumulated over visited states (DAgger's soft labels).
    ///
    /// - Throws: ``IRLError/shapeMismatch(argument:expected:actual:)`` unless rank 3 and non-empty;
    ///   ``IRLError/nonFinite(argument:index:value:)`` and
    ///   ``IRLError/negativeProbability(argument:index:value:)`` naming `[t, s, a]`;
    ///   ``IRLError/empty(argument:)`` naming a step whose counts are all zero.
    /// - Complexity: O(T·S·A).
    public init(timeIndexedCounts counts: Tensor<Scalar>) throws(IRLError) {
        guard counts.rank == 3, counts.count > 0 else {
            throw .shapeMismatch(argument: "timeIndexedCounts", expected: "non-empty [T, S, A]", actual: counts.shape)
        }
        let (steps, s, a) = (counts.shape[0], counts.shape[1], counts.shape[2])
        var totals = [Scalar](repeating: 0, count: steps)
        for (i, x) in counts.scalars.enumerated() {
            guard x.isFinite else { throw .nonFinite(argument: "timeIndexedCounts", index: counts.multiIndex(i), value: Double(x)) }
            guard x >= 0 else { throw .negativeProbability(argument: "timeIndexedCounts", index: counts.multiIndex(i), value: Double(x)) }
            totals[i / (s * a)] += x
        }
        for (t, total) in totals.enumerated() where total <= 0 {
            throw .empty(argument: "timeIndexedCounts[\(t)] (no demonstrated pair at step \(t))")
        }
        self.stateCount = s
        self.actionCount = a
        self.form = .counts
        self.trajectories = []
        self.timeIndexedCounts = counts
        self.stepTotals = totals
        self.occupancy = nil
    }

    /// Demonstrations given directly as a state-action occupancy `μ(s, a)`, shape `[S, A]`
    /// (e.g. the expert's exact occupancy from ``TabularMDP/occupancy(of:tolerance:)``).
    ///
    /// Its mass is checked against the MDP's when it is used (``empiricalOccupancy(for:)``).
    /// - Throws: ``IRLError/shapeMismatch(argument:expected:actual:)`` unless `[S, A]` with
    ///   `S, A ≥ 1`; ``IRLError/nonFinite(argument:index:value:)`` and
    ///   ``IRLError/negativeProbability(argument:index:value:)`` naming `[s, a]`;
    ///   ``IRLError/empty(argument:)`` for zero mass.
    /// - Complexity: O(S·A).
    public init(occupancy mu: Tensor<Scalar>) throws(IRLError) {
        guard mu.rank == 2, mu.shape[0] >= 1, mu.shape[1] >= 1 else {
            throw .shapeMismatch(argument: "occupancy", expected: "[S, A] with S, A ≥ 1", actual: mu.shape)
        }
        var mass: Scalar = 0
        for (i, x) in mu.scalars.enumerated() {
            guard x.isFinite else { throw .nonFinite(argument: "occupancy", index: mu.multiIndex(i), value: Double(x)) }
            guard x >= 0 else { throw .negativeProbability(argument: "occupancy", index: mu.multiIndex(i), value: Double(x)) }
            mass += x
        }
        guard mass > 0 else { throw .empty(argument: "occupancy (its mass is 0)") }
        self.stateCount = mu.shape[0]
        self.actionCount = mu.shape[1]
        self.form = .occupancy
        self.trajectories = []
        self.timeIndexedCounts = nil
        self.stepTotals = []
        self.occupancy = mu
    }

    static func checkSizes(_ s: Int, _ a: Int) throws(IRLError) {
        guard s >= 1 else { throw .invalidParameter(argument: "stateCount", value: Double(s), reason: "must be at least 1") }
        guard a >= 1 else { throw .invalidParameter(argument: "actionCount", value: Double(a), reason: "must be at least 1") }
    }

    /// Checks that the demonstrations are on `mdp`'s state and action spaces.
    func checkSpaces(_ mdp: TabularMDP<Scalar>) throws(IRLError) {
        guard stateCount == mdp.stateCount, actionCount == mdp.actionCount else {
            throw .shapeMismatch(
                argument: "demonstrations", expected: "S = \(mdp.stateCount), A = \(mdp.actionCount) (the MDP's)",
                actual: [stateCount, actionCount])
        }
    }
}
