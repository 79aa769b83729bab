/// How an axis maps data values to positions.
public enum AxisScale: Sendable, Hashable {
    /// Positions proportional to the value.
    case linear
    /// Positions proportional to `log10` of the value; values `<= 0` cannot be drawn and are skipped.
    case logarithmic
}

/// The description of one chart axis: its label, scale and optional fixed range.
public struct Axis: Sendable, Hashable {
    /// The axis title, e.g. `"iteration"`; empty for none.
    public var label: String
    /// Linear or logarithmic.
    public var scale: AxisScale
    /// A fixed range; `nil` fits the data and widens it to nice tick values. On a logarithmic
    /// axis a range with a non-positive lower bound is ignored.
    public var range: ClosedRange<Double>?
    /// Whether light grid lines are drawn at the ticks.
    public var showsGrid: Bool

    /// Creates an axis description.
    /// - Parameters:
    ///   - label: the axis title.
    ///   - scale: linear (default) or logarithmic.
    ///   - range: a fixed range, or `nil` to fit the data.
    ///   - showsGrid: whether to draw grid lines.
    public init(_ label: String = "", scale: AxisScale = .linear, range: ClosedRange<Double>? = nil, showsGrid: Bool = true) {
        self.label = label
        self.scale = scale
        self.range = range
        self.showsGrid = showsGrid
    }
}
