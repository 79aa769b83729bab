/// Errors thrown by the dense-tensor layer. Every case names the argument it is about.
public enum TensorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A shape has a negative extent.
    case invalidShape(argument: String, shape: [Int])
    /// The number of scalars does not match the product of the shape.
    case scalarCountMismatch(argument: String, shape: [Int], count: Int)
    /// Two operands do not fit together.
    case shapeMismatch(argument: String, expected: String, actual: [Int])
    /// An axis is outside `0..<rank`.
    case axisOutOfRange(argument: String, axis: Int, rank: Int)
    /// A dimension does not fit the 32-bit integers of the BLAS/LAPACK interface.
    case dimensionTooLarge(argument: String, value: Int)
    /// A log-sum-exp row has no finite entry (every entry is −∞, or one is NaN / +∞).
    case noFiniteEntry(argument: String, row: Int, column: Int)
    /// LAPACK found an exactly zero pivot: the matrix is singular.
    case singularMatrix(routine: String, pivot: Int)
    /// A temperature or other positive parameter is not positive and finite.
    case invalidParameter(argument: String, value: Double, reason: String)

    public var description: String {
        switch self {
        case let .invalidShape(argument, shape):
            return "\(argument): shape \(shape) has a negative extent"
        case let .scalarCountMismatch(argument, shape, count):
            return "\(argument): shape \(shape) holds \(shape.reduce(1, *)) scalars, but \(count) were given"
        case let .shapeMismatch(argument, expected, actual):
            return "\(argument): expected shape \(expected), got \(actual)"
        case let .axisOutOfRange(argument, axis, rank):
            return "\(argument): axis \(axis) is out of range for a tensor of rank \(rank)"
        case let .dimensionTooLarge(argument, value):
            return "\(argument): dimension \(value) exceeds the 32-bit BLAS/LAPACK limit \(Int32.max)"
        case let .noFiniteEntry(argument, row, column):
            return "\(argument): log-sum-exp row \(row), column \(column) has no finite entry (all −∞, or NaN/+∞ present)"
        case let .singularMatrix(routine, pivot):
            return "\(routine): the matrix is singular (U[\(pivot),\(pivot)] is exactly zero)"
        case let .invalidParameter(argument, value, reason):
            return "\(argument) = \(value): \(reason)"
        }
    }
}

/// Narrows an `Int` to the `Int32` of the BLAS/LAPACK interface, or throws.
@inlinable
func blasInt(_ value: Int, _ argument: @autoclosure () -> String) throws(TensorError) -> Int32 {
    guard let narrow = Int32(exactly: value) else {
        throw TensorError.dimensionTooLarge(argument: argument(), value: value)
    }
    return narrow
}
