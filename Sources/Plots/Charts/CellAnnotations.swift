/// An arrow drawn from the centre of a heatmap cell, e.g. a policy's action.
///
/// The direction is in grid terms: `dx` along columns (positive to the right) and `dy` along
/// rows (positive downwards, towards higher row indices, since row 0 is at the top). So
/// `dx: 0, dy: -1` points up, `dx: 1, dy: 0` right. A zero direction (a "stay" action) is drawn
/// as a dot.
public struct CellArrow: Sendable, Hashable {
    /// The cell's row (0 at the top).
    public var row: Int
    /// The cell's column (0 at the left).
    public var column: Int
    /// Direction along columns, positive to the right.
    public var dx: Double
    /// Direction along rows, positive downwards.
    public var dy: Double
    /// Length as a fraction of the distance from the centre to the cell edge, `0...1` (clamped).
    public var length: Double
    /// Opacity, `0...1` (clamped), e.g. an action's probability.
    public var opacity: Double

    /// Creates an arrow. Several arrows may share a cell (e.g. a stochastic policy).
    /// - Parameters:
    ///   - row: the cell's row.
    ///   - column: the cell's column.
    ///   - dx: direction along columns (right positive).
    ///   - dy: direction along rows (down positive).
    ///   - length: fraction of the half-cell, `0...1`.
    ///   - opacity: opacity, `0...1`.
    public init(row: Int, column: Int, dx: Double, dy: Double, length: Double = 1, opacity: Double = 1) {
        self.row = row
        self.column = column
        self.dx = dx
        self.dy = dy
        self.length = length
        self.opacity = opacity
    }
}

/// A heatmap cell singled out: a wall (filled dark), or a goal or start (outlined).
public struct CellMark: Sendable, Hashable {
    /// What the mark means.
    public enum Kind: Sendable, Hashable, CaseIterable {
        /// An obstacle: the cell is filled dark and gets no text or arrows.
        case wall
        /// A goal: a solid gold-on-black outline.
        case goal
        /// A start state: a dashed black-and-white outline.
        case start
    }

    /// The cell's row (0 at the top).
    public var row: Int
    /// The cell's column (0 at the left).
    public var column: Int
    /// The kind of mark.
    public var kind: Kind

    /// Creates a mark.
    /// - Parameters:
    ///   - kind: wall, goal or start.
    ///   - row: the cell's row.
    ///   - column: the cell's column.
    public init(_ kind: Kind, row: Int, column: Int) {
        self.kind = kind
        self.row = row
        self.column = column
    }
}

/// What is written inside heatmap cells.
public enum CellLabels: Sendable, Hashable {
    /// Nothing.
    case none
    /// Each cell's value, with about this many significant digits (missing cells stay blank).
    case values(significantDigits: Int = 2)
    /// Given text, `rows × columns`, row 0 first.
    case text([[String]])
}
