import DenseTensors

/// A tabular Markov decision process without a reward: dynamics, start distribution, horizon,
/// discount, and optionally terminal values, an action mask and features.
///
/// Conventions (docs/Conventions.md): `S` states, `A` actions in every state, transitions
/// `P[s, a, s']`; finite horizon `H` = number of decisions at `t = 0 … H−1`; discount `γ ∈ [0, 1]`
/// (`γ < 1` for the infinite horizon); features `Φ[s, a, k]` for linear rewards `r = Φ·λ`.
/// Rewards are separate (``Reward``), so one MDP serves a batch of `B` reward functions.
///
/// Construction validates everything and throws an ``IRLError`` naming the argument, index and
/// value; an MDP that exists is well formed.
public struct TabularMDP<Scalar: BLASScalar>: Sendable {
    /// The transition model behind the pull/push seam.
    public let dynamics: any TransitionOperator<Scalar>
    /// `ρ₀[s]`, a probability distribution.
    public let initialDistribution: Tensor<Scalar>
    /// Finite (`H` decisions) or infinite.
    public let horizon: Horizon
    /// `γ ∈ [0, 1]` (finite horizon) or `[0, 1)` (infinite horizon).
    public let discount: Scalar
    /// `V_H[s]` added after the last decision of a finite horizon (`nil` means 0).
    public let terminalValues: Tensor<Scalar>?
    /// `mask[s·A + a]` is `false` for a forbidden action (its probability is exactly 0).
    public let actionMask: [Bool]?
    /// `Φ[s, a, k]`, used by linear rewards and feature expectations.
    public let features: Tensor<Scalar>?

    /// `S`.
    public var stateCount: Int { dynamics.stateCount }
    /// `A`.
    public var actionCount: Int { dynamics.actionCount }
    /// `K`, the number of features (0 without features).
    public var featureCount: Int { features?.shape[2] ?? 0 }

    /// Creates an MDP from dense transitions `P[s, a, s']`.
    ///
    /// - Parameters:
    ///   - transitions: `[S, A, S]`, each `P[s, a, ·]` a distribution.
    ///   - initialDistribution: `ρ₀`, shape `[S]`.
    ///   - horizon: `.finite(H)` with `H ≥ 1`, or `.infinite`.
    ///   - discount: `γ ∈ [0, 1]`; `γ < 1` when the horizon is infinite. Default 1.
    ///   - terminalValues: `V_H`, shape `[S]`, finite horizon only.
    ///   - actionMask: `[S][A]`, `true` where the action is allowed; each state needs one.
    ///   - features: `Φ`, shape `[S, A, K]`, or `[S, K]` (state features, broadcast over actions).
    ///   - tolerance: how far probabilities may sum from 1 (default √ε: ≈1.5e-8 Double, ≈3.5e-4 Float).
    ///   - storage: how the solvers store the transitions. `.automatic` (default) finds the
    ///     structure: a large mostly-zero array (a gridworld) runs on per-state blocks or CSR,
    ///     anything else on the dense array (see ``TransitionStorage``).
    /// - Throws: ``IRLError`` naming the argument, index and value.
    /// - Complexity: O(S²·A + S·A·K).
    public init(
        transitions: Tensor<Scalar>, initialDistribution: Tensor<Scalar>, horizon: Horizon,
        discount: Scalar = 1, terminalValues: Tensor<Scalar>? = nil, actionMask: [[Bool]]? = nil,
        features: Tensor<Scalar>? = nil, tolerance: Scalar? = nil, storage: TransitionStorage = .automatic
    ) throws(IRLError) {
        let dense = try DenseTransitionOperator.structured(transitions, storage: storage, tolerance: tolerance)
        try self.init(dynamics: dense, initialDistribution: initialDistribution, horizon: horizon,
                      discount: discount, terminalValues: terminalValues, actionMask: actionMask,
                      features: features, tolerance: tolerance)
    }

    /// Creates an MDP on any transition operator (dense, sparse or stencil).
    ///
    /// The operator validated its own rows; the other arguments are validated here as in
    /// ``init(transitions:initialDistribution:horizon:discount:terminalValues:actionMask:features:tolerance:)``.
    /// - Throws: ``IRLError`` naming the argument, index and value.
    /// - Complexity: O(S·A·K).
    public init(
        dynamics: some TransitionOperator<Scalar>, initialDistribution: Tensor<Scalar>, horizon: Horizon,
        discount: Scalar = 1, terminalValues: Tensor<Scalar>? = nil, actionMask: [[Bool]]? = nil,
        features: Tensor<Scalar>? = nil, tolerance: Scalar? = nil
    ) throws(IRLError) {
        let (s, a) = (dynamics.stateCount, dynamics.actionCount)
        let tol = tolerance ?? Scalar.ulpOfOne.squareRoot()
        // Horizon and discount.
        guard discount.isFinite, discount >= 0, discount <= 1 else {
            throw .invalidDiscount(Double(discount), reason: "is outside [0, 1]")
        }
        switch horizon {
        case let .finite(h):
            guard h >= 1 else { throw .invalidHorizon(h) }
        case .infinite:
            guard discount < 1 else {
                throw .invalidDiscount(Double(discount), reason: "must be below 1 for an infinite horizon")
            }
            guard terminalValues == nil else {
                throw .invalidParameter(argument: "terminalValues", value: .nan, reason: "only apply to a finite horizon")
            }
        }
        // ρ₀.
        guard initialDistribution.shape == [s] else {
            throw .shapeMismatch(argument: "initialDistribution", expected: "[\(s)]", actual: initialDistribution.shape)
        }
        try Self.checkDistribution(initialDistribution.scalars, argument: "initialDistribution", index: [], tolerance: tol)
        // V_H.
        if let v = terminalValues {
            guard v.shape == [s] else {
                throw .shapeMismatch(argument: "terminalValues", expected: "[\(s)]", actual: v.shape)
            }
            if let bad = v.firstNonFinite() {
                throw .nonFinite(argument: "terminalValues", index: bad.index, value: Double(bad.value))
            }
        }
        // Mask.
        var flatMask: [Bool]? = nil
        if let mask = actionMask {
            guard mask.count == s, mask.allSatisfy({ $0.count == a }) else {
                throw .shapeMismatch(argument: "actionMask", expected: "[\(s)][\(a)]",
                                     actual: [mask.count, mask.first(where: { $0.count != a })?.count ?? a])
            }
            for (state, row) in mask.enumerated() where !row.contains(true) {
                throw .noValidAction(state: state, column: 0, time: nil)
            }
            flatMask = mask.flatMap { $0 }
        }
        // Φ.
        var phi: Tensor<Scalar>? = nil
        if let f = features {
            phi = try Self.broadcastFeatures(f, states: s, actions: a)
        }
        self.dynamics = dynamics
        self.initialDistribution = initialDistribution
        self.horizon = horizon
        self.discount = discount
        self.terminalValues = terminalValues
        self.actionMask = flatMask
        self.features = phi
    }

    /// A copy with another horizon and discount (validated as in the initialiser).
    /// - Throws: ``IRLError/invalidHorizon(_:)``, ``IRLError/invalidDiscount(_:reason:)``.
    public func with(horizon: Horizon, discount: Scalar? = nil) throws(IRLError) -> TabularMDP {
        try TabularMDP(dynamics: dynamics, initialDistribution: initialDistribution, horizon: horizon,
                       discount: discount ?? self.discount, terminalValues: horizon == .infinite ? nil : terminalValues,
                       actionMask: maskRows, features: features)
    }

    /// A copy with other features (`[S, A, K]` or `[S, K]`).
    /// - Throws: ``IRLError/shapeMismatch(argument:expected:actual:)``, ``IRLError/nonFinite(argument:index:value:)``.
    public func with(features: Tensor<Scalar>?) throws(IRLError) -> TabularMDP {
        try TabularMDP(dynamics: dynamics, initialDistribution: initialDistribution, horizon: horizon,
                       discount: discount, terminalValues: terminalValues, actionMask: maskRows, features: features)
    }

    /// The action mask as `[S][A]` rows, or `nil`.
    public var maskRows: [[Bool]]? {
        actionMask.map { m in (0..<stateCount).map { Array(m[($0 * actionCount)..<(($0 + 1) * actionCount)]) } }
    }

    /// `Σ_{t<H} γᵗ` (finite) or `1/(1−γ)` (infinite): the total mass of the occupancy measure.
    public var occupancyMass: Scalar {
        switch horizon {
        case let .finite(h):
            var w: Scalar = 1, total: Scalar = 0
            for _ in 0..<h { total += w; w *= discount }
            return total
        case .infinite:
            return 1 / (1 - discount)
        }
    }

    static func checkDistribution(
        _ p: [Scalar], argument: String, index: [Int], tolerance: Scalar
    ) throws(IRLError) {
        var sum: Scalar = 0
        for (i, x) in p.enumerated() {
            guard x.isFinite else { throw .nonFinite(argument: argument, index: index + [i], value: Double(x)) }
            guard x >= 0 else { throw .negativeProbability(argument: argument, index: index + [i], value: Double(x)) }
            sum += x
        }
        guard Swift.abs(sum - 1) <= tolerance else {
            throw .notNormalized(argument: argument, index: index, sum: Double(sum), tolerance: Double(tolerance))
        }
    }

    static func broadcastFeatures(_ f: Tensor<Scalar>, states s: Int, actions a: Int) throws(IRLError) -> Tensor<Scalar> {
        if let bad = f.firstNonFinite() {
            throw .nonFinite(argument: "features", index: bad.index, value: Double(bad.value))
        }
        if f.rank == 3, f.shape[0] == s, f.shape[1] == a { return f }
        guard f.rank == 2, f.shape[0] == s else {
            throw .shapeMismatch(argument: "features", expected: "[\(s), \(a), K] or [\(s), K]", actual: f.shape)
        }
        let k = f.shape[1]
        return Tensor(shape: [s, a, k]) { i in f.scalars[(i / (a * k)) * k + i % k] }
    }
}
