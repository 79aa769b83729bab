/// One named curve of an experiment, `(x, y)` pairs in order, ready for a line or scatter chart
/// (the `Plots` module draws it; the IRL layer does not depend on it).
public struct ExperimentSeries: Sendable, Hashable {
    /// The legend name, e.g. `"BC"` or `"closed form εH²/2"`.
    public let name: String
    /// The x values (e.g. horizons).
    public let x: [Double]
    /// The y values, as many as `x`; NaN where there is no value.
    public let y: [Double]
    /// Whether the curve is a reference (a closed form or an approximation) rather than a measurement.
    public let isReference: Bool

    /// - Parameters:
    ///   - name: the legend name.
    ///   - x: the x values.
    ///   - y: the y values; pairs beyond the shorter array are dropped.
    ///   - isReference: `true` for closed forms and approximations (drawn dashed by the `irl` command).
    public init(_ name: String, x: [Double], y: [Double], isReference: Bool = false) {
        let n = Swift.min(x.count, y.count)
        self.name = name
        self.x = Array(x.prefix(n))
        self.y = Array(y.prefix(n))
        self.isReference = isReference
    }
}
