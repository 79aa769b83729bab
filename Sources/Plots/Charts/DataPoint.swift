/// One `(x, y)` data point.
public struct DataPoint: Sendable, Hashable {
    /// The x value.
    public var x: Double
    /// The y value.
    public var y: Double

    /// Creates a point.
    /// - Parameters:
    ///   - x: the x value.
    ///   - y: the y value.
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}
