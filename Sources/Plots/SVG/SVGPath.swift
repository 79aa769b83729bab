/// Builds the `d` attribute of an SVG `path` from absolute move / line commands.
///
/// Non-finite coordinates are not representable in SVG: a `move` or `line` with a NaN or
/// infinite coordinate is ignored, and the next valid `line` starts a new sub-path, so a gap
/// appears instead of a corrupt file.
public struct SVGPath: Sendable, Hashable {
    /// The path data, e.g. `M0 0L10 5Z`.
    public private(set) var data: String = ""
    private var needsMove = true

    /// Creates an empty path.
    public init() {}

    /// Starts a new sub-path at `(x, y)`.
    /// - Parameters:
    ///   - x: the x coordinate.
    ///   - y: the y coordinate.
    public mutating func move(toX x: Double, y: Double) {
        guard x.isFinite, y.isFinite else {
            needsMove = true
            return
        }
        data += "M" + SVGNumber.format(x) + " " + SVGNumber.format(y)
        needsMove = false
    }

    /// Draws a straight segment to `(x, y)`, or starts a sub-path there if none is open.
    /// - Parameters:
    ///   - x: the x coordinate.
    ///   - y: the y coordinate.
    public mutating func line(toX x: Double, y: Double) {
        guard x.isFinite, y.isFinite else {
            needsMove = true
            return
        }
        data += (needsMove ? "M" : "L") + SVGNumber.format(x) + " " + SVGNumber.format(y)
        needsMove = false
    }

    /// Closes the current sub-path.
    public mutating func close() {
        guard !needsMove else { return }
        data += "Z"
        needsMove = true
    }

    /// Whether any command has been added.
    public var isEmpty: Bool { data.isEmpty }
}
