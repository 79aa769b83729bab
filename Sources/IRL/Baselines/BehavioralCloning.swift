import DenseTensors

/// Behavioural cloning: the tabular maximum-likelihood policy of the demonstrations.
///
/// With counts `N_t(s, a)` (``Demonstrations/timeIndexedCounts``), Laplace smoothing `κ ≥ 0`
/// and `A(s)` the actions the MDP allows in `s` (all of them without an action mask):
///
///     time-indexed:  π̂_t(a|s) = (N_t(s, a) + κ) / (N_t(s) + κ·|A(s)|)      t < H
///     stationary:    π̂(a|s)   = (N(s, a) + κ)   / (N(s) + κ·|A(s)|),   N(s, a) = Σ_t N_t(s, a)
///
/// for `a ∈ A(s)` and `π̂ = 0` for forbidden actions, where `N_t(s) = Σ_a N_t(s, a)`. With
/// `κ = 0` this is exactly the empirical action frequency of each state (the MLE).
///
/// **Unseen states** (`N_t(s) = 0`, or `N(s) = 0`) follow ``UnseenStateRule``: uniform over
/// `A(s)` (the default), or — for a time-indexed policy — the stationary estimate of that state
/// (itself uniform if the state was never visited at any step).
///
/// The stationary estimate pools every demonstrated step; the time-indexed one uses steps
/// `t < H` of the MDP's finite horizon (steps the demonstrations do not reach are unseen).
/// Demonstrations given as an occupancy `μ` support the stationary estimate with `N(s, a) = μ(s, a)`.
public struct BehavioralCloning<Scalar: BLASScalar>: Sendable {
    /// What the cloned policy does in a state the demonstrations never visited.
    public enum UnseenStateRule: Sendable, Hashable {
        /// Uniform over the allowed actions.
        case uniform
        /// Time-indexed policies: the state's stationary estimate (uniform if never visited).
        /// Stationary policies: the same as ``uniform``.
        case stationaryEstimate
    }

    /// Whether to fit one table per time step (`H` tables) or one for all steps.
    public var isTimeIndexed: Bool
    /// `κ ≥ 0`, the pseudo-count added to every allowed action of a visited state.
    public var smoothing: Scalar
    /// The rule for unvisited states.
    public var unseenStates: UnseenStateRule

    /// - Parameters:
    ///   - timeIndexed: fit `H` tables (finite horizon only); default `false` (stationary).
    ///   - smoothing: `κ ≥ 0`, default 0 (the exact MLE).
    ///   - unseenStates: default ``UnseenStateRule/uniform``.
    public init(timeIndexed: Bool = false, smoothing: Scalar = 0, unseenStates: UnseenStateRule = .uniform) {
        self.isTimeIndexed = timeIndexed
        self.smoothing = smoothing
        self.unseenStates = unseenStates
    }

    /// Fits the cloned policy on `mdp`'s spaces.
    ///
    /// - Parameters:
    ///   - demonstrations: on `mdp`'s states and actions.
    ///   - mdp: gives `S`, `A`, the action mask and (time-indexed) the horizon `H`.
    /// - Returns: a stationary (`[1, S, A, 1]`) or time-indexed (`[H, S, A, 1]`) policy.
    /// - Throws: ``IRLError/shapeMismatch(argument:expected:actual:)`` for other spaces;
    ///   ``IRLError/invalidParameter(argument:value:reason:)`` for a negative or non-finite `κ`,
    ///   a time-indexed fit on an infinite horizon, or a demonstrated action the mask forbids
    ///   (naming the step, state and action); ``IRLError/missing(argument:reason:)`` for a
    ///   time-indexed fit from an occupancy.
    /// - Complexity: O(T·S·A) to pool the counts plus O(tables·S·A).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func fit(_ demonstrations: Demonstrations<Scalar>, on mdp: TabularMDP<Scalar>) throws(IRLError) -> Policy<Scalar> {
        try demonstrations.checkSpaces(mdp)
        guard smoothing.isFinite, smoothing >= 0 else {
            throw .invalidParameter(argument: "smoothing", value: Double(smoothing), reason: "must be finite and non-negative")
        }
        let (s, a) = (mdp.stateCount, mdp.actionCount)
        let block = s * a
        let allowed = mdp.actionMask ?? Array(repeating: true, count: block)
        // Pooled counts N(s, a) and, per step, N_t(s, a).
        var pooled = [Scalar](repeating: 0, count: block)
        let counts = demonstrations.timeIndexedCounts?.scalars ?? []
        if let mu = demonstrations.occupancy {
            pooled = mu.scalars
        } else {
            for t in 0..<demonstrations.length {
                for i in 0..<block where counts[t * block + i] != 0 {
                    guard allowed[i] else {
                        throw .invalidParameter(
                            argument: "demonstrated action \(i % a) in state \(i / a) at t = \(t)",
                            value: Double(counts[t * block + i]), reason: "is forbidden by the MDP's action mask")
                    }
                    pooled[i] += counts[t * block + i]
                }
            }
        }
        let stationary = estimate(pooled, allowed: allowed, states: s, actions: a, fallback: nil)
        guard isTimeIndexed else {
            return try Policy(
                stationary: try IRLError.wrap("cloned policy") { () throws(TensorError) in
                    try Tensor(shape: [s, a], scalars: stationary)
                })
        }
        guard let h = mdp.horizon.steps else {
            throw .invalidParameter(argument: "timeIndexed", value: 1, reason: "needs a finite horizon (use a stationary fit)")
        }
        guard demonstrations.timeIndexedCounts != nil else {
            throw .missing(
                argument: "time-indexed counts", reason: "a time-indexed fit needs trajectories, pairs or counts, not an occupancy")
        }
        var tables = [Scalar]()
        tables.reserveCapacity(h * block)
        let fallback = unseenStates == .stationaryEstimate ? stationary : nil
        let empty = [Scalar](repeating: 0, count: block)
        for t in 0..<h {
            let step = t < demonstrations.length ? Array(counts[(t * block)..<((t + 1) * block)]) : empty
            tables += estimate(step, allowed: allowed, states: s, actions: a, fallback: fallback)
        }
        return try Policy(
            timeIndexed: try IRLError.wrap("cloned policy") { () throws(TensorError) in
                try Tensor(shape: [h, s, a], scalars: tables)
            })
    }

    /// `(N(s, a) + κ)/(N(s) + κ|A(s)|)` per visited state; `fallback` or uniform for unvisited ones.
    func estimate(_ n: [Scalar], allowed: [Bool], states s: Int, actions a: Int, fallback: [Scalar]?) -> [Scalar] {
        var pi = [Scalar](repeating: 0, count: s * a)
        for state in 0..<s {
            let row = (state * a)..<((state + 1) * a)
            var total: Scalar = 0
            var choices: Scalar = 0
            for i in row where allowed[i] {
                total += n[i]
                choices += 1
            }
            if total > 0 {
                let denominator = total + smoothing * choices
                for i in row where allowed[i] { pi[i] = (n[i] + smoothing) / denominator }
            } else if let fallback {
                for i in row { pi[i] = fallback[i] }
            } else {
                for i in row where allowed[i] { pi[i] = 1 / choices }
            }
        }
        return pi
    }
}
