/// Labelled points in one or more series, optional connecting lines (e.g. a Pareto frontier),
/// and highlighted points drawn with a distinct symbol (e.g. an equilibrium).
///
/// Points that cannot be drawn (NaN, ±∞, or `<= 0` on a logarithmic axis) are skipped.
public struct ScatterChart: Figure {
    /// One point with an optional text label drawn beside it.
    public struct Point: Sendable, Hashable {
        /// The x value.
        public var x: Double
        /// The y value.
        public var y: Double
        /// A label drawn to the upper right of the point; `nil` for none.
        public var label: String?

        /// Creates a point.
        /// - Parameters:
        ///   - x: the x value.
        ///   - y: the y value.
        ///   - label: an optional label.
        public init(x: Double, y: Double, label: String? = nil) {
            self.x = x
            self.y = y
            self.label = label
        }
    }

    /// Whether and how a series' points are joined by a line.
    public enum Connection: Sendable, Hashable {
        /// Points only.
        case none
        /// A line through the points in the order given (e.g. a frontier already sorted).
        case inGivenOrder
        /// A line through the points sorted by x.
        case sortedByX
    }

    /// One group of points sharing a colour, marker and legend entry.
    public struct Series: Sendable, Hashable {
        /// The legend name.
        public var name: String
        /// The points.
        public var points: [Point]
        /// The colour; `nil` takes the next categorical colour.
        public var color: RGBColor?
        /// The marker; `nil` takes the next shape of ``MarkerShape/seriesCycle``.
        public var marker: MarkerShape?
        /// Whether the points are joined by a line.
        public var connection: Connection

        /// Creates a series.
        /// - Parameters:
        ///   - name: the legend name.
        ///   - points: the points.
        ///   - color: an explicit colour, or `nil`.
        ///   - marker: an explicit marker, or `nil`.
        ///   - connection: whether to join the points.
        public init(
            _ name: String, points: [Point], color: RGBColor? = nil, marker: MarkerShape? = nil,
            connection: Connection = .none
        ) {
            self.name = name
            self.points = points
            self.color = color
            self.marker = marker
            self.connection = connection
        }
    }

    /// A point singled out with a large outlined symbol, its own legend entry and a bold label.
    public struct Highlight: Sendable, Hashable {
        /// The legend name, e.g. `"equilibrium"`.
        public var name: String
        /// The x value.
        public var x: Double
        /// The y value.
        public var y: Double
        /// A label drawn beside the symbol; `nil` for none.
        public var label: String?
        /// The symbol; a star by default.
        public var marker: MarkerShape
        /// The fill colour; gold by default.
        public var color: RGBColor

        /// Creates a highlighted point.
        /// - Parameters:
        ///   - name: the legend name.
        ///   - x: the x value.
        ///   - y: the y value.
        ///   - label: an optional label beside the symbol.
        ///   - marker: the symbol.
        ///   - color: the fill colour.
        public init(
            _ name: String, x: Double, y: Double, label: String? = nil, marker: MarkerShape = .star,
            color: RGBColor = RGBColor(rgb: 0xF5C400)
        ) {
            self.name = name
            self.x = x
            self.y = y
            self.label = label
            self.marker = marker
            self.color = color
        }
    }

    /// The title above the chart; empty for none.
    public var title: String
    /// The point groups.
    public var series: [Series]
    /// Highlighted points, drawn on top of everything else.
    public var highlights: [Highlight]
    /// The x axis.
    public var xAxis: Axis
    /// The y axis.
    public var yAxis: Axis
    /// Dashed lines at fixed values; they are included in the fitted ranges.
    public var referenceLines: [ReferenceLine]
    /// Whether the legend is drawn.
    public var showsLegend: Bool
    /// The figure width in pixels.
    public var width: Double
    /// The figure height in pixels.
    public var height: Double

    /// Creates a scatter chart.
    /// - Parameters:
    ///   - title: the title.
    ///   - series: the point groups.
    ///   - highlights: highlighted points.
    ///   - xAxis: the x axis.
    ///   - yAxis: the y axis.
    ///   - referenceLines: dashed reference lines.
    ///   - showsLegend: whether to draw the legend.
    ///   - width: figure width.
    ///   - height: figure height.
    public init(
        title: String = "", series: [Series], highlights: [Highlight] = [], xAxis: Axis = Axis(), yAxis: Axis = Axis(),
        referenceLines: [ReferenceLine] = [], showsLegend: Bool = true, width: Double = 640, height: Double = 440
    ) {
        self.title = title
        self.series = series
        self.highlights = highlights
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.referenceLines = referenceLines
        self.showsLegend = showsLegend
        self.width = width
        self.height = height
    }

    /// The chart as an SVG document.
    /// - Returns: the document.
    /// - Complexity: O(n log n) in the number of points (for `.sortedByX`).
    public func svgDocument() -> SVGDocument {
        let xs =
            series.flatMap { $0.points.map(\.x) } + highlights.map(\.x)
            + referenceLines.filter { $0.orientation == .vertical }.map(\.value)
        let ys =
            series.flatMap { $0.points.map(\.y) } + highlights.map(\.y)
            + referenceLines.filter { $0.orientation == .horizontal }.map(\.value)
        let styles = series.indices.map { i in
            (
                color: series[i].color ?? RGBColor.categorical(i),
                marker: series[i].marker ?? MarkerShape.seriesCycle[i % MarkerShape.seriesCycle.count]
            )
        }
        var legend: [LegendEntry] = []
        if showsLegend {
            for (s, style) in zip(series, styles) {
                legend.append(
                    LegendEntry(
                        name: s.name, color: style.color,
                        symbol: s.connection == .none ? .marker(style.marker) : .line(dashed: false, marker: style.marker)))
            }
            for h in highlights { legend.append(LegendEntry(name: h.name, color: h.color, symbol: .marker(h.marker))) }
        }
        let frame = CartesianFrame(
            width: width, height: height, title: title, horizontal: .numeric(ResolvedAxis(xAxis, values: xs)),
            xAxis: xAxis, vertical: ResolvedAxis(yAxis, values: ys), yAxis: yAxis, legend: legend)

        var lines: [SVGElement] = []
        var points: [SVGElement] = []
        for (s, style) in zip(series, styles) {
            let placed = s.points.compactMap { p -> (Point, Double, Double)? in
                guard let x = frame.px(p.x), let y = frame.py(p.y) else { return nil }
                return (p, x, y)
            }
            if s.connection != .none {
                let ordered = s.connection == .sortedByX ? placed.sorted { $0.0.x < $1.0.x } : placed
                var path = SVGPath()
                for (_, x, y) in ordered { path.line(toX: x, y: y) }
                lines.append(
                    SVGElement.path(path).setting("stroke", .string(style.color.hex)).setting("stroke-width", 1.5)
                        .setting("class", "connection"))
            }
            for (p, x, y) in placed where frame.contains(x: x, y: y) {
                points.append(style.marker.element(x: x, y: y, size: 8, color: style.color).setting("fill-opacity", 0.85))
                if let label = p.label { points.append(pointLabel(label, x: x, y: y, frame: frame, bold: false)) }
            }
        }
        for h in highlights {
            guard let x = frame.px(h.x), let y = frame.py(h.y), frame.contains(x: x, y: y) else { continue }
            points.append(
                h.marker.element(x: x, y: y, size: 20, color: h.color).setting("stroke", "#222222")
                    .setting("stroke-width", 1.2).setting("class", "highlight"))
            if let label = h.label { points.append(pointLabel(label, x: x, y: y, frame: frame, bold: true, offset: 11)) }
        }
        return frame.document(
            data: frame.referenceLines(referenceLines) + [frame.clipped(lines), .group(["class": "points"], points)])
    }

    /// A label to the upper right of a point, or to its upper left near the right edge.
    private func pointLabel(_ text: String, x: Double, y: Double, frame: CartesianFrame, bold: Bool, offset: Double = 6)
        -> SVGElement
    {
        let size = 11.0
        let fitsRight = x + offset + TextMetrics.width(of: text, fontSize: size, bold: bold) <= frame.plot.right
        let labelY = max(y - offset * 0.7, frame.plot.y + size)
        return .text(
            text, x: fitsRight ? x + offset : x - offset, y: labelY, size: size,
            anchor: fitsRight ? "start" : "end", weight: bold ? "bold" : "normal"
        )
        .setting("class", "point-label")
    }
}
