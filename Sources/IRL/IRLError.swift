import DenseTensors

/// Errors thrown by the IRL layer. Every case names the argument, the index and the value, so
/// a message can be acted on without a debugger.
public enum IRLError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An array has the wrong shape. `expected` describes the admissible shapes.
    case shapeMismatch(argument: String, expected: String, actual: [Int])
    /// A NaN or infinity where only finite numbers are allowed.
    case nonFinite(argument: String, index: [Int], value: Double)
    /// A probability below zero.
    case negativeProbability(argument: String, index: [Int], value: Double)
    /// A distribution that does not sum to 1 within `tolerance`.
    case notNormalized(argument: String, index: [Int], sum: Double, tolerance: Double)
    /// A finite horizon below 1.
    case invalidHorizon(Int)
    /// A discount outside `[0, 1]`, or `1` with an infinite horizon.
    case invalidDiscount(Double, reason: String)
    /// A parameter outside its domain (temperature ≤ 0, tolerance ≤ 0, …).
    case invalidParameter(argument: String, value: Double, reason: String)
    /// An index (state, action, time, feature) outside its range.
    case indexOutOfRange(argument: String, index: Int, bound: Int)
    /// A state in which every action is forbidden (masked or with reward −∞).
    case noValidAction(state: Int, column: Int, time: Int?)
    /// Something required by the call is missing (e.g. features for a linear reward).
    case missing(argument: String, reason: String)
    /// An empty collection where at least one element is needed (e.g. demonstrations).
    case empty(argument: String)
    /// An iterative solver stopped at its iteration limit.
    case didNotConverge(solver: String, iterations: Int, residual: Double)
    /// A problem that needs more memory than the budget allows.
    case exceedsMemoryBudget(what: String, bytes: Int, budget: Int, suggestion: String)
    /// A failure in the dense-tensor layer (e.g. a singular matrix), with context.
    case tensor(context: String, TensorError)

    public var description: String {
        switch self {
        case let .shapeMismatch(argument, expected, actual):
            return "\(argument): expected shape \(expected), got \(actual)"
        case let .nonFinite(argument, index, value):
            return "\(argument)\(index): \(value) is not a finite number"
        case let .negativeProbability(argument, index, value):
            return "\(argument)\(index): probability \(value) is negative"
        case let .notNormalized(argument, index, sum, tolerance):
            // An empty index: the argument names the row itself (e.g. `policy[t, s, ·, b]`).
            return "\(argument)\(index.isEmpty ? "" : "\(index)"): probabilities sum to \(sum), not 1 (tolerance \(tolerance))"
        case let .invalidHorizon(h):
            return "horizon: \(h) is not a positive number of decisions (H ≥ 1)"
        case let .invalidDiscount(g, reason):
            return "discount: \(g) \(reason)"
        case let .invalidParameter(argument, value, reason):
            return "\(argument): \(value) \(reason)"
        case let .indexOutOfRange(argument, index, bound):
            return "\(argument): index \(index) is out of range 0..<\(bound)"
        case let .noValidAction(state, column, time):
            let when = time.map { " at t = \($0)" } ?? ""
            return "state \(state) (batch column \(column))\(when) has no valid action: every action is masked or has reward −∞"
        case let .missing(argument, reason):
            return "\(argument) is missing: \(reason)"
        case let .empty(argument):
            return "\(argument) is empty"
        case let .didNotConverge(solver, iterations, residual):
            return "\(solver) did not converge in \(iterations) iterations (residual \(residual))"
        case let .exceedsMemoryBudget(what, bytes, budget, suggestion):
            let needed = bytes == .max ? "more than 2⁶³ − 1" : "\(bytes)"
            return "\(what) needs \(needed) bytes, over the memory budget of \(budget) bytes; \(suggestion)"
        case let .tensor(context, error):
            return "\(context): \(error)"
        }
    }
}

extension IRLError {
    /// Runs a dense-tensor operation, wrapping its error with context.
    @inlinable
    static func wrap<R>(_ context: @autoclosure () -> String, _ body: () throws(TensorError) -> R) throws(IRLError) -> R {
        do { return try body() } catch { throw .tensor(context: context(), error) }
    }
}
