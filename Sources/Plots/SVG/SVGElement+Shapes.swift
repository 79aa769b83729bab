/// Factories for the SVG shapes the charts draw. Coordinates are in user units (the viewBox).
extension SVGElement {
    /// A `g` group.
    /// - Parameters:
    ///   - attributes: attributes inherited by the children (e.g. `font-size`).
    ///   - children: the grouped elements.
    /// - Returns: the group element.
    public static func group(_ attributes: KeyValuePairs<String, SVGValue> = [:], _ children: [SVGElement])
        -> SVGElement
    {
        SVGElement("g", attributes, children: children)
    }

    /// An axis-aligned rectangle.
    /// - Parameters:
    ///   - x: left edge.
    ///   - y: top edge.
    ///   - width: width, clamped to be non-negative.
    ///   - height: height, clamped to be non-negative.
    ///   - fill: fill paint, e.g. `#440154` or `none`.
    /// - Returns: the `rect` element.
    public static func rect(x: Double, y: Double, width: Double, height: Double, fill: String) -> SVGElement {
        SVGElement(
            "rect",
            [
                "x": .number(x), "y": .number(y), "width": .number(max(width, 0)), "height": .number(max(height, 0)),
                "fill": .string(fill),
            ])
    }

    /// A straight line segment.
    /// - Parameters:
    ///   - x1: start x.
    ///   - y1: start y.
    ///   - x2: end x.
    ///   - y2: end y.
    ///   - stroke: stroke paint.
    ///   - width: stroke width.
    /// - Returns: the `line` element.
    public static func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1)
        -> SVGElement
    {
        SVGElement(
            "line",
            [
                "x1": .number(x1), "y1": .number(y1), "x2": .number(x2), "y2": .number(y2), "stroke": .string(stroke),
                "stroke-width": .number(width),
            ])
    }

    /// A circle.
    /// - Parameters:
    ///   - cx: centre x.
    ///   - cy: centre y.
    ///   - r: radius.
    ///   - fill: fill paint.
    /// - Returns: the `circle` element.
    public static func circle(cx: Double, cy: Double, r: Double, fill: String) -> SVGElement {
        SVGElement("circle", ["cx": .number(cx), "cy": .number(cy), "r": .number(r), "fill": .string(fill)])
    }

    /// A `path` with the given outline.
    /// - Parameters:
    ///   - path: the outline.
    ///   - fill: fill paint (`none` for a stroked line).
    /// - Returns: the `path` element.
    public static func path(_ path: SVGPath, fill: String = "none") -> SVGElement {
        SVGElement("path", ["d": .string(path.data), "fill": .string(fill)])
    }

    /// A line of text.
    /// - Parameters:
    ///   - content: the text; escaped when written.
    ///   - x: anchor x.
    ///   - y: baseline y.
    ///   - size: font size in user units.
    ///   - anchor: `start`, `middle` or `end`.
    ///   - weight: font weight, e.g. `normal` or `bold`.
    ///   - fill: text colour.
    /// - Returns: the `text` element.
    public static func text(
        _ content: String, x: Double, y: Double, size: Double, anchor: String = "start",
        weight: String = "normal", fill: String = "#222222"
    ) -> SVGElement {
        var element = SVGElement(
            "text",
            [
                "x": .number(x), "y": .number(y), "font-size": .number(size), "text-anchor": .string(anchor),
                "fill": .string(fill),
            ],
            text: content)
        if weight != "normal" { element = element.setting("font-weight", .string(weight)) }
        return element
    }

    /// A tooltip: a `title` child that browsers show on hover.
    /// - Parameters:
    ///   - content: the tooltip text.
    /// - Returns: the `title` element.
    public static func title(_ content: String) -> SVGElement {
        SVGElement("title", text: content)
    }
}
