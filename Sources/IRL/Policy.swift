import DenseTensors

/// A batch of `B` stochastic policies `π_t(a | s)`, time-indexed (`T = H` tables) or stationary
/// (`T = 1`), stored as `probabilities[t, s, a, b]` (shape `[T, S, A, B]`, batch last).
///
/// A stationary policy is used at every step; a time-indexed one needs `T` equal to the horizon.
public struct Policy<Scalar: BLASScalar>: Sendable, Equatable {
    /// `π[t, s, a, b]`, shape `[T, S, A, B]`.
    public let probabilities: Tensor<Scalar>

    /// The number of tables `T` (1 for a stationary policy).
    public var steps: Int { probabilities.shape[0] }
    /// `S`.
    public var stateCount: Int { probabilities.shape[1] }
    /// `A`.
    public var actionCount: Int { probabilities.shape[2] }
    /// `B`.
    public var batch: Int { probabilities.shape[3] }
    /// Whether one table serves every time step.
    public var isStationary: Bool { steps == 1 }

    /// Wraps probabilities the library computed itself (already `[T, S, A, B]` and normalised).
    init(unchecked probabilities: Tensor<Scalar>) {
        precondition(probabilities.rank == 4)
        self.probabilities = probabilities
    }

    /// A stationary policy from `[S, A]` (B = 1) or `[S, A, B]` probabilities.
    /// - Throws: ``IRLError`` for a wrong shape, NaN, a negative entry or a row not summing to 1.
    /// - Complexity: O(S·A·B).
    public init(stationary p: Tensor<Scalar>, tolerance: Scalar? = nil) throws(IRLError) {
        guard p.rank == 2 || p.rank == 3 else {
            throw .shapeMismatch(argument: "policy", expected: "[S, A] or [S, A, B]", actual: p.shape)
        }
        let shape = [1, p.shape[0], p.shape[1], p.rank == 3 ? p.shape[2] : 1]
        try self.init(validating: try IRLError.wrap("policy") { () throws(TensorError) in try p.reshaped(shape) }, tolerance: tolerance)
    }

    /// A time-indexed policy from `[H, S, A]` (B = 1) or `[H, S, A, B]` probabilities.
    /// - Throws: ``IRLError`` for a wrong shape, NaN, a negative entry or a row not summing to 1.
    /// - Complexity: O(H·S·A·B).
    public init(timeIndexed p: Tensor<Scalar>, tolerance: Scalar? = nil) throws(IRLError) {
        guard p.rank == 3 || p.rank == 4 else {
            throw .shapeMismatch(argument: "policy", expected: "[H, S, A] or [H, S, A, B]", actual: p.shape)
        }
        let shape = p.rank == 4 ? p.shape : p.shape + [1]
        try self.init(validating: try IRLError.wrap("policy") { () throws(TensorError) in try p.reshaped(shape) }, tolerance: tolerance)
    }

    private init(validating p: Tensor<Scalar>, tolerance: Scalar?) throws(IRLError) {
        let (t, s, a, b) = (p.shape[0], p.shape[1], p.shape[2], p.shape[3])
        guard t > 0, s > 0, a > 0, b > 0 else {
            throw .shapeMismatch(argument: "policy", expected: "non-empty [T, S, A, B]", actual: p.shape)
        }
        let tol = tolerance ?? Scalar.ulpOfOne.squareRoot()
        try p.withUnsafeBufferPointer { (buffer) throws(IRLError) in
            try Self.validate(buffer, steps: t, states: s, actions: a, batch: b, tolerance: tol)
        }
        self.probabilities = p
    }

    /// `π_t(a | s)` for batch column `column`; a stationary policy ignores `t`.
    public func probability(time t: Int, state s: Int, action a: Int, column b: Int = 0) -> Scalar {
        probabilities[isStationary ? 0 : t, s, a, b]
    }

    /// The uniform policy over the allowed actions of `mdp` (stationary, batch `batch`).
    public static func uniform(on mdp: TabularMDP<Scalar>, batch: Int = 1) -> Policy {
        let (s, a) = (mdp.stateCount, mdp.actionCount)
        let p = Tensor<Scalar>(shape: [1, s, a, batch]) { i in
            let sa = i / batch
            let state = sa / a
            guard let mask = mdp.actionMask else { return 1 / Scalar(a) }
            let allowed = (0..<a).filter { mask[state * a + $0] }.count
            return mask[sa] ? 1 / Scalar(allowed) : 0
        }
        return Policy(unchecked: p)
    }

    /// Checks that the policy fits `mdp` (states, actions, and `T ∈ {1, H}`), returning `B`.
    func validate(for mdp: TabularMDP<Scalar>) throws(IRLError) {
        guard stateCount == mdp.stateCount, actionCount == mdp.actionCount else {
            throw .shapeMismatch(argument: "policy", expected: "[T, \(mdp.stateCount), \(mdp.actionCount), B]", actual: probabilities.shape)
        }
        switch mdp.horizon {
        case let .finite(h):
            guard steps == 1 || steps == h else {
                throw .shapeMismatch(argument: "policy", expected: "[1 or \(h), \(mdp.stateCount), \(mdp.actionCount), B]", actual: probabilities.shape)
            }
        case .infinite:
            guard steps == 1 else {
                throw .shapeMismatch(argument: "policy", expected: "stationary [1, \(mdp.stateCount), \(mdp.actionCount), B] for an infinite horizon", actual: probabilities.shape)
            }
        }
    }
}
