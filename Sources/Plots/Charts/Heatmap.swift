/// A grid of values drawn as coloured cells, row 0 at the top (as a gridworld is drawn), with
/// a colour bar, and optionally per-cell text, arrows (a policy) and marked cells.
///
/// NaN and ±∞ values are drawn as grey "missing" cells and never reach the SVG text. To show
/// several heatmaps side by side with a shared colour scale, put them in a ``HeatmapFigure``.
public struct Heatmap: Figure {
    /// The number of rows.
    public let rows: Int
    /// The number of columns.
    public let columns: Int
    /// The values in row-major order (`values[row * columns + column]`).
    public let values: [Double]
    /// What is written inside the cells.
    public let cellLabels: CellLabels
    /// Arrows drawn from cell centres.
    public let arrows: [CellArrow]
    /// Walls, goals and starts.
    public let marks: [CellMark]
    /// The title above the grid; empty for none.
    public var title: String
    /// Sequential or diverging colouring.
    public var scheme: ColorScheme
    /// A fixed colour domain; `nil` fits the finite values (symmetric about the centre when diverging).
    public var colorDomain: ClosedRange<Double>?

    /// Creates a heatmap from rows of values.
    /// - Parameters:
    ///   - title: the title.
    ///   - values: `rows × columns` values, row 0 (drawn at the top) first; every row the same length.
    ///   - scheme: sequential (default, viridis) or diverging.
    ///   - colorDomain: a fixed colour domain, or `nil` to fit the data.
    ///   - cellLabels: text inside the cells.
    ///   - arrows: arrows drawn from cell centres.
    ///   - marks: walls, goals and starts.
    /// - Throws: ``PlotError/shapeMismatch(argument:expected:actual:)`` for ragged rows or cell
    ///   text of the wrong shape; ``PlotError/cellOutOfRange(argument:row:column:rows:columns:)``
    ///   for an arrow or mark outside the grid.
    public init(
        title: String = "", values: [[Double]], scheme: ColorScheme = .sequential(),
        colorDomain: ClosedRange<Double>? = nil, cellLabels: CellLabels = .none, arrows: [CellArrow] = [],
        marks: [CellMark] = []
    ) throws(PlotError) {
        let columns = values.first?.count ?? 0
        if let bad = values.firstIndex(where: { $0.count != columns }) {
            throw .shapeMismatch(
                argument: "heatmap values row \(bad)", expected: "\(columns) columns",
                actual: "\(values[bad].count)")
        }
        try self.init(
            title: title, rows: values.count, columns: columns, values: values.flatMap { $0 }, scheme: scheme,
            colorDomain: colorDomain, cellLabels: cellLabels, arrows: arrows, marks: marks)
    }

    /// Creates a heatmap from row-major values.
    /// - Parameters:
    ///   - title: the title.
    ///   - rows: the number of rows, `>= 0`.
    ///   - columns: the number of columns, `>= 0`.
    ///   - values: `rows · columns` values in row-major order.
    ///   - scheme: sequential (default, viridis) or diverging.
    ///   - colorDomain: a fixed colour domain, or `nil` to fit the data.
    ///   - cellLabels: text inside the cells.
    ///   - arrows: arrows drawn from cell centres.
    ///   - marks: walls, goals and starts.
    /// - Throws: ``PlotError/shapeMismatch(argument:expected:actual:)`` when the counts do not
    ///   match; ``PlotError/cellOutOfRange(argument:row:column:rows:columns:)`` for an arrow or
    ///   mark outside the grid.
    public init(
        title: String = "", rows: Int, columns: Int, values: [Double], scheme: ColorScheme = .sequential(),
        colorDomain: ClosedRange<Double>? = nil, cellLabels: CellLabels = .none, arrows: [CellArrow] = [],
        marks: [CellMark] = []
    ) throws(PlotError) {
        guard rows >= 0, columns >= 0, rows * columns == values.count else {
            throw .shapeMismatch(
                argument: "heatmap values", expected: "\(rows) × \(columns) values",
                actual: "\(values.count)")
        }
        if case .text(let text) = cellLabels {
            guard text.count == rows, text.allSatisfy({ $0.count == columns }) else {
                throw .shapeMismatch(
                    argument: "heatmap cell text", expected: "\(rows) × \(columns)",
                    actual: "\(text.count) rows of \(text.map(\.count))")
            }
        }
        let inside = { (r: Int, c: Int) in r >= 0 && r < rows && c >= 0 && c < columns }
        if let a = arrows.first(where: { !inside($0.row, $0.column) }) {
            throw .cellOutOfRange(argument: "heatmap arrow", row: a.row, column: a.column, rows: rows, columns: columns)
        }
        if let m = marks.first(where: { !inside($0.row, $0.column) }) {
            throw .cellOutOfRange(argument: "heatmap mark", row: m.row, column: m.column, rows: rows, columns: columns)
        }
        self.rows = rows
        self.columns = columns
        self.values = values
        self.cellLabels = cellLabels
        self.arrows = arrows
        self.marks = marks
        self.title = title
        self.scheme = scheme
        self.colorDomain = colorDomain
    }

    /// The value in a cell.
    /// - Parameters:
    ///   - row: the row, `0..<rows`.
    ///   - column: the column, `0..<columns`.
    /// - Returns: the value.
    /// - Precondition: the cell is inside the grid.
    public func value(row: Int, column: Int) -> Double {
        precondition(row >= 0 && row < rows && column >= 0 && column < columns, "cell (\(row), \(column)) is outside the grid")
        return values[row * columns + column]
    }

    /// The colour scale this heatmap uses on its own: ``colorDomain`` if set (and finite),
    /// otherwise fitted to the finite values.
    /// - Returns: the scale.
    /// - Complexity: O(rows × columns).
    public func colorScale() -> ColorScale {
        if let domain = colorDomain, domain.lowerBound.isFinite, domain.upperBound.isFinite {
            return ColorScale(scheme: scheme, domain: domain)
        }
        return ColorScale.fitting(values, scheme: scheme)
    }

    /// The heatmap alone, with its own colour bar, as an SVG document.
    /// - Returns: the document.
    /// - Complexity: O(rows × columns + arrows + marks).
    public func svgDocument() -> SVGDocument {
        HeatmapFigure(panels: [self], colorScaleSharing: .separate).svgDocument()
    }
}
