import DenseTensors

extension Demonstrations {
    /// Samples `count` trajectories of `length` decisions from one column of a policy.
    ///
    /// Each trajectory draws `s_0 ~ ρ₀`, then for `t = 0 … T−1` `a_t ~ π_t(·|s_t)` and
    /// `s_{t+1} ~ P(·|s_t, a_t)`, in that order, each draw by inversion of the cumulative sum
    /// with one ``SplitMix64``-style 53-bit uniform from `generator` (entries of probability 0
    /// are never drawn). The trajectories keep the final state `s_T`. A fixed seed gives
    /// bit-identical demonstrations.
    ///
    /// - Parameters:
    ///   - policy: stationary or time-indexed (`T = H`) on `mdp`.
    ///   - mdp: the dynamics and start distribution.
    ///   - count: `n ≥ 1` trajectories.
    ///   - length: `T` decisions; default the MDP's finite horizon `H` (required for an infinite
    ///     horizon). At most `H` for a time-indexed policy.
    ///   - column: the policy's batch column.
    ///   - generator: the source of randomness, e.g. ``SplitMix64``.
    /// - Throws: ``IRLError/shapeMismatch(argument:expected:actual:)`` when the policy does not fit
    ///   `mdp`; ``IRLError/invalidParameter(argument:value:reason:)`` for a bad count or length;
    ///   ``IRLError/missing(argument:reason:)`` for an infinite horizon without a length;
    ///   ``IRLError/indexOutOfRange(argument:index:bound:)`` for a bad column.
    /// - Complexity: O(n·T·(A + successors)) after caching each visited `(s, a)` row once.
    public static func sample(
        policy: Policy<Scalar>, on mdp: TabularMDP<Scalar>, count: Int, length: Int? = nil, column: Int = 0,
        using generator: inout some RandomNumberGenerator
    ) throws(IRLError) -> Demonstrations {
        try policy.validate(for: mdp)
        guard column >= 0, column < policy.batch else {
            throw .indexOutOfRange(argument: "policy column", index: column, bound: policy.batch)
        }
        guard count >= 1 else { throw .invalidParameter(argument: "count", value: Double(count), reason: "must be at least 1") }
        let steps = try TrajectorySampler.checkedLength(length, mdp: mdp, policy: policy)
        var sampler = TrajectorySampler(mdp: mdp)
        var trajectories = [Trajectory]()
        trajectories.reserveCapacity(count)
        for _ in 0..<count {
            trajectories.append(
                sampler.trajectory(length: steps, using: &generator) { t, s, g in
                    TrajectorySampler.sampleAction(policy, time: t, state: s, column: column, using: &g)
                })
        }
        return try Demonstrations(trajectories: trajectories, stateCount: mdp.stateCount, actionCount: mdp.actionCount)
    }
}

/// Draws trajectories on an MDP, caching the cumulative successor distribution of each
/// visited `(s, a)`.
struct TrajectorySampler<Scalar: BLASScalar> {
    let mdp: TabularMDP<Scalar>
    let startCumulative: [Double]
    private var rows: [Int: (states: [Int], cumulative: [Double])] = [:]

    init(mdp: TabularMDP<Scalar>) {
        self.mdp = mdp
        self.startCumulative = Self.cumulative(mdp.initialDistribution.scalars.map(Double.init))
    }

    /// The number of decisions to sample: `length`, or the finite horizon.
    static func checkedLength(_ length: Int?, mdp: TabularMDP<Scalar>, policy: Policy<Scalar>) throws(IRLError) -> Int {
        guard let steps = length ?? mdp.horizon.steps else {
            throw .missing(argument: "length", reason: "an infinite-horizon MDP needs the number of decisions to sample")
        }
        guard steps >= 1 else { throw .invalidParameter(argument: "length", value: Double(steps), reason: "must be at least 1") }
        if !policy.isStationary, steps > policy.steps {
            throw .invalidParameter(
                argument: "length", value: Double(steps),
                reason: "exceeds the \(policy.steps) tables of the time-indexed policy")
        }
        return steps
    }

    /// One trajectory with `T + 1` states; `action(t, s, &generator)` picks `a_t`.
    mutating func trajectory<G: RandomNumberGenerator>(
        length: Int, using generator: inout G, action: (Int, Int, inout G) -> Int
    ) -> Trajectory {
        var states = [Int]()
        var actions = [Int]()
        states.reserveCapacity(length + 1)
        actions.reserveCapacity(length)
        var s = Self.draw(startCumulative, using: &generator)
        for t in 0..<length {
            let a = action(t, s, &generator)
            states.append(s)
            actions.append(a)
            s = next(state: s, action: a, using: &generator)
        }
        states.append(s)
        return Trajectory(states: states, actions: actions)
    }

    /// `s' ~ P(·|s, a)`.
    mutating func next<G: RandomNumberGenerator>(state s: Int, action a: Int, using generator: inout G) -> Int {
        let key = s * mdp.actionCount + a
        let row: (states: [Int], cumulative: [Double])
        if let cached = rows[key] {
            row = cached
        } else {
            let successors = mdp.dynamics.successors(state: s, action: a)
            row = (successors.map(\.state), Self.cumulative(successors.map { Double($0.probability) }))
            rows[key] = row
        }
        return row.states[Self.draw(row.cumulative, using: &generator)]
    }

    /// `a ~ π_t(·|s)` for one batch column.
    static func sampleAction<G: RandomNumberGenerator>(
        _ policy: Policy<Scalar>, time t: Int, state s: Int, column: Int, using generator: inout G
    ) -> Int {
        let (a, b) = (policy.actionCount, policy.batch)
        let base = ((policy.isStationary ? 0 : t) * policy.stateCount + s) * a * b + column
        return policy.probabilities.withUnsafeBufferPointer { p in
            draw(count: a, using: &generator) { Double(p[base + $0 * b]) }
        }
    }

    static func cumulative(_ weights: [Double]) -> [Double] {
        var total = 0.0
        return weights.map {
            total += Swift.max($0, 0); return total
        }
    }

    /// The first index whose cumulative weight exceeds `u·total` (a zero-weight index never
    /// qualifies; rounding past the end returns the last positive index).
    static func draw<G: RandomNumberGenerator>(_ cumulative: [Double], using generator: inout G) -> Int {
        let target = generator.nextUnitInterval() * (cumulative.last ?? 0)
        for (i, c) in cumulative.enumerated() where c > target { return i }
        return lastPositive(count: cumulative.count) { i in i == 0 ? cumulative[0] : cumulative[i] - cumulative[i - 1] }
    }

    /// As ``draw(_:using:)`` for weights given by a function (no allocation).
    static func draw<G: RandomNumberGenerator>(count: Int, using generator: inout G, weight: (Int) -> Double) -> Int {
        var total = 0.0
        for i in 0..<count { total += Swift.max(weight(i), 0) }
        let target = generator.nextUnitInterval() * total
        var running = 0.0
        for i in 0..<count {
            running += Swift.max(weight(i), 0)
            if running > target { return i }
        }
        return lastPositive(count: count, weight)
    }

    static func lastPositive(count: Int, _ weight: (Int) -> Double) -> Int {
        for i in stride(from: count - 1, through: 0, by: -1) where weight(i) > 0 { return i }
        return 0
    }
}
