import DenseTensors
import RealModule

/// A two-route MDP on which the hard-optimal planner takes a short risky route while the
/// maximum-entropy (soft-optimal) planner prefers a longer safe one — so a MaxEnt expert's
/// demonstrations mostly show the safe route.
///
/// **Construction.** States `start = 0`, `bridge = 1`, `meadow = 2`, `goal = 3`, `pit = 4`,
/// `done = 5`; `A = k` actions (the meadow's `k` lanes), with an action mask:
///
/// - `start`: action 0 (risky) → bridge, action 1 (safe) → meadow; the others are masked.
/// - `bridge`: action 0 only → goal with probability `1 − p`, pit with probability `p`.
/// - `meadow`: all `k` lanes allowed, each → goal (the safe route has many equivalent paths).
/// - `goal`, `pit` → `done`; `done` absorbs. One allowed action (0) in each.
///
/// State reward `r = [0, 0, −c, G, −L, 0]` (the meadow costs `c` more to cross), one-hot state
/// features, `ρ₀ = δ(start)`, horizon `H ≥ 3` and discount `γ`. At `start` (any `H ≥ 3`):
///
///     hard:  Q(start, risky) = γ²·((1 − p)·G − p·L),   Q(start, safe) = γ·(γ·G − c)
///     soft:  Q(start, risky) = γ²·((1 − p)·G − p·L),   Q(start, safe) = γ·(γ·G − c + α·log k)
///
/// (the bridge, goal, pit and done have one allowed action, so no entropy bonus; the meadow's
/// `k` lanes add `α·log k`). So the hard planner takes the risky route iff `c > γ·p·(G + L)`,
/// and the soft planner (temperature `α`) puts more than half its probability on the safe route
/// iff `α·log k > c − γ·p·(G + L)`. The defaults (`p = 0.1`, `G = L = 10`, `c = 3`, `k = 8`,
/// `γ = 1`, `α = 1`) give `3 > 2` and `log 8 ≈ 2.08 > 1`: hard risky, soft safe with probability
/// `1/(1 + e^{1 − log 8}) ≈ 0.74`.
public struct RiskyPath: Sendable, Hashable {
    /// `p`, the probability of falling from the bridge.
    public let fallProbability: Double
    /// `G`, the goal's reward.
    public let goalReward: Double
    /// `L`, the pit's cost (reward `−L`).
    public let pitCost: Double
    /// `c`, the meadow's extra cost (reward `−c`).
    public let detourCost: Double
    /// `k ≥ 2`, the meadow's lanes (and the number of actions).
    public let lanes: Int

    /// - Parameters:
    ///   - fallProbability: `p ∈ [0, 1]` (default 0.1).
    ///   - goalReward: `G` (default 10).
    ///   - pitCost: `L` (default 10).
    ///   - detourCost: `c` (default 3).
    ///   - lanes: `k ≥ 2` (default 8).
    /// - Throws: ``IRLError/invalidParameter(argument:value:reason:)`` naming the parameter.
    public init(
        fallProbability: Double = 0.1, goalReward: Double = 10, pitCost: Double = 10, detourCost: Double = 3, lanes: Int = 8
    ) throws(IRLError) {
        guard fallProbability.isFinite, fallProbability >= 0, fallProbability <= 1 else {
            throw .invalidParameter(argument: "fallProbability", value: fallProbability, reason: "must be a probability in [0, 1]")
        }
        for (name, value) in [("goalReward", goalReward), ("pitCost", pitCost), ("detourCost", detourCost)] where !value.isFinite {
            throw .invalidParameter(argument: name, value: value, reason: "must be finite")
        }
        guard lanes >= 2 else { throw .invalidParameter(argument: "lanes", value: Double(lanes), reason: "must be at least 2") }
        self.fallProbability = fallProbability
        self.goalReward = goalReward
        self.pitCost = pitCost
        self.detourCost = detourCost
        self.lanes = lanes
    }

    /// The state indices.
    public static let start = 0, bridge = 1, meadow = 2, goal = 3, pit = 4, done = 5
    /// The actions at the start.
    public static let riskyAction = 0, safeAction = 1

    /// `Q(start, risky)` and `Q(start, safe)` at `t = 0`, hard (`temperature = 0`) or soft
    /// (temperature `α > 0`), from the closed forms of the type's documentation.
    public func startQValues(discount gamma: Double = 1, temperature alpha: Double = 0) -> (risky: Double, safe: Double) {
        let risky = gamma * gamma * ((1 - fallProbability) * goalReward - fallProbability * pitCost)
        let safe = gamma * (gamma * goalReward - detourCost + alpha * Double.log(Double(lanes)))
        return (risky, safe)
    }

    /// The soft-optimal probability of the safe route at the start:
    /// `1/(1 + exp((Q_risky − Q_safe)/α))`.
    public func safeProbability(discount: Double = 1, temperature alpha: Double = 1) -> Double {
        let q = startQValues(discount: discount, temperature: alpha)
        return 1 / (1 + Double.exp((q.risky - q.safe) / alpha))
    }

    /// The benchmark (see the type's documentation).
    ///
    /// - Parameters:
    ///   - horizon: `H ≥ 3` (default 3), so that the goal or pit reward is collected.
    ///   - discount: `γ` (default 1).
    /// - Throws: ``IRLError/invalidParameter(argument:value:reason:)`` for `H < 3`; MDP validation errors.
    public func environment<Scalar: BLASScalar>(horizon: Int = 3, discount: Scalar = 1) throws(IRLError) -> Environment<Scalar> {
        guard horizon >= 3 else {
            throw .invalidParameter(argument: "horizon", value: Double(horizon), reason: "must be at least 3 to reach the goal")
        }
        let (s, a) = (6, lanes)
        var p = Tensor<Scalar>(zeros: [s, a, s])
        for action in 0..<a {
            p[Self.start, action, action == Self.safeAction ? Self.meadow : action == Self.riskyAction ? Self.bridge : Self.start] = 1
            p[Self.bridge, action, Self.goal] += Scalar(1 - fallProbability)
            p[Self.bridge, action, Self.pit] += Scalar(fallProbability)
            p[Self.meadow, action, Self.goal] = 1
            p[Self.goal, action, Self.done] = 1
            p[Self.pit, action, Self.done] = 1
            p[Self.done, action, Self.done] = 1
        }
        let mask: [[Bool]] = (0..<s).map { state in
            (0..<a).map { action in
                switch state {
                case Self.start: return action <= 1
                case Self.meadow: return true
                default: return action == 0
                }
            }
        }
        let rho = Tensor<Scalar>(shape: [s]) { $0 == Self.start ? 1 : 0 }
        let mdp = try TabularMDP(
            transitions: p, initialDistribution: rho, horizon: .finite(horizon), discount: discount,
            actionMask: mask)
        let reward = Tensor<Scalar>([0, 0, Scalar(-detourCost), Scalar(goalReward), Scalar(-pitCost), 0])
        let identity = Tensor<Scalar>(shape: [s, s]) { $0 / s == $0 % s ? 1 : 0 }
        return try Environment(
            name: "risky path (k = \(lanes))", mdp: mdp, features: identity, trueReward: reward,
            trueRewardWeights: reward)
    }
}
