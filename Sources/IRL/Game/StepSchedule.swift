/// How a base step size `η` changes over the iterations `t = 1, 2, …` of a game solver.
///
///     constant:           η_t = η
///     inverseSquareRoot:  η_t = η / √t      (the no-regret rate for online gradient descent)
///     inverseTime:        η_t = η / t       (for strongly convex losses, e.g. with an L2 term)
///     exponential(decay): η_t = η · decayᵗ⁻¹,  0 < decay ≤ 1
public enum StepSchedule: Sendable, Hashable {
    /// `η_t = η`.
    case constant
    /// `η_t = η / √t`.
    case inverseSquareRoot
    /// `η_t = η / t`.
    case inverseTime
    /// `η_t = η · decayᵗ⁻¹` with `0 < decay ≤ 1`.
    case exponential(decay: Double)

    /// The step size at iteration `t ≥ 1` for base step `η`.
    /// - Complexity: O(1) (the exponential schedule: one `pow`).
    public func stepSize<Scalar: BinaryFloatingPoint>(base eta: Scalar, iteration t: Int) -> Scalar {
        let n = Scalar(Swift.max(t, 1))
        switch self {
        case .constant: return eta
        case .inverseSquareRoot: return eta / n.squareRoot()
        case .inverseTime: return eta / n
        case let .exponential(decay):
            var factor = 1.0, base = decay, e = Swift.max(t, 1) - 1
            // Exponentiation by squaring keeps this free of Foundation.
            while e > 0 {
                if e & 1 == 1 { factor *= base }
                base *= base
                e >>= 1
            }
            return eta * Scalar(factor)
        }
    }

    /// Checks the schedule's own parameter; `argument` names it in the error.
    func validate(argument: String) throws(IRLError) {
        if case let .exponential(decay) = self {
            guard decay.isFinite, decay > 0, decay <= 1 else {
                throw .invalidParameter(argument: argument + ".decay", value: decay, reason: "must be in (0, 1]")
            }
        }
    }
}
