/// Errors thrown by the plotting layer. Every case names what it is about.
public enum PlotError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be written; `path` is the destination that was asked for.
    case writeFailed(path: String, reason: String)
    /// An input's size does not match what it must pair with.
    case shapeMismatch(argument: String, expected: String, actual: String)
    /// A cell index lies outside the grid.
    case cellOutOfRange(argument: String, row: Int, column: Int, rows: Int, columns: Int)

    /// A sentence describing the error.
    public var description: String {
        switch self {
        case let .writeFailed(path, reason):
            return "could not write plot to \(path): \(reason)"
        case let .shapeMismatch(argument, expected, actual):
            return "\(argument): expected \(expected), got \(actual)"
        case let .cellOutOfRange(argument, row, column, rows, columns):
            return "\(argument): cell (\(row), \(column)) is outside the \(rows) × \(columns) grid"
        }
    }
}
