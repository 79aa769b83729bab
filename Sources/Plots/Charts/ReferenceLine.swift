/// A dashed horizontal or vertical line at a fixed data value, e.g. `y = 0` or a baseline.
public struct ReferenceLine: Sendable, Hashable {
    /// Which axis the value belongs to.
    public enum Orientation: Sendable, Hashable {
        /// A line across the plot at a fixed y.
        case horizontal
        /// A line up the plot at a fixed x.
        case vertical
    }

    /// Horizontal (fixed y) or vertical (fixed x).
    public var orientation: Orientation
    /// The data value; a non-finite value (or one `<= 0` on a log axis) is not drawn.
    public var value: Double
    /// An optional label drawn at the line's end.
    public var label: String?

    /// Creates a reference line.
    /// - Parameters:
    ///   - orientation: horizontal or vertical.
    ///   - value: the data value.
    ///   - label: an optional label.
    public init(_ orientation: Orientation, at value: Double, label: String? = nil) {
        self.orientation = orientation
        self.value = value
        self.label = label
    }

    /// A horizontal line at `y`.
    /// - Parameters:
    ///   - y: the data value.
    ///   - label: an optional label.
    /// - Returns: the reference line.
    public static func horizontal(y: Double, label: String? = nil) -> ReferenceLine {
        ReferenceLine(.horizontal, at: y, label: label)
    }

    /// A vertical line at `x`.
    /// - Parameters:
    ///   - x: the data value.
    ///   - label: an optional label.
    /// - Returns: the reference line.
    public static func vertical(x: Double, label: String? = nil) -> ReferenceLine {
        ReferenceLine(.vertical, at: x, label: label)
    }
}
