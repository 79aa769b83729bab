import Foundation

/// The symbol drawn at a data point.
public enum MarkerShape: Sendable, Hashable, CaseIterable {
    /// A filled circle.
    case circle
    /// A filled square.
    case square
    /// A filled triangle pointing up.
    case triangle
    /// A filled diamond.
    case diamond
    /// A five-pointed star, used for highlighted points.
    case star
    /// An ×.
    case cross

    /// The shapes given to successive series, so they differ in shape as well as colour.
    public static let seriesCycle: [MarkerShape] = [.circle, .square, .triangle, .diamond, .cross]

    /// The marker as an SVG element.
    /// - Parameters:
    ///   - x: centre x.
    ///   - y: centre y.
    ///   - size: the marker's diameter (the star is drawn this wide across its points).
    ///   - color: the fill (the stroke for `cross`).
    /// - Returns: a `circle` or a `path` element with class `marker`.
    public func element(x: Double, y: Double, size: Double, color: RGBColor) -> SVGElement {
        let r = size / 2
        var path = SVGPath()
        switch self {
        case .circle:
            return SVGElement.circle(cx: x, cy: y, r: r, fill: color.hex).setting("class", "marker")
        case .square:
            let h = r * 0.88
            path.move(toX: x - h, y: y - h)
            path.line(toX: x + h, y: y - h)
            path.line(toX: x + h, y: y + h)
            path.line(toX: x - h, y: y + h)
            path.close()
        case .triangle:
            path.move(toX: x, y: y - r * 1.1)
            path.line(toX: x + r, y: y + r * 0.75)
            path.line(toX: x - r, y: y + r * 0.75)
            path.close()
        case .diamond:
            path.move(toX: x, y: y - r * 1.2)
            path.line(toX: x + r, y: y)
            path.line(toX: x, y: y + r * 1.2)
            path.line(toX: x - r, y: y)
            path.close()
        case .star:
            for k in 0..<10 {
                let radius = k.isMultiple(of: 2) ? r : r * 0.45
                let angle = -Double.pi / 2 + Double(k) * Double.pi / 5
                let (px, py) = (x + radius * cos(angle), y + radius * sin(angle))
                if k == 0 { path.move(toX: px, y: py) } else { path.line(toX: px, y: py) }
            }
            path.close()
        case .cross:
            let h = r * 0.8
            path.move(toX: x - h, y: y - h)
            path.line(toX: x + h, y: y + h)
            path.move(toX: x - h, y: y + h)
            path.line(toX: x + h, y: y - h)
            return SVGElement.path(path).setting("stroke", .string(color.hex)).setting("stroke-width", .number(max(1.5, size / 5)))
                .setting("class", "marker")
        }
        return SVGElement.path(path, fill: color.hex).setting("class", "marker")
    }
}
