/// Several named series of `(x, y)` points drawn as lines, with nice axes, an optional log scale
/// on either axis, optional markers, reference lines and a legend.
///
/// Points that cannot be drawn (NaN, ±∞, or `<= 0` on a logarithmic axis) are skipped and the
/// line is broken there, so a gap shows where data are missing.
public struct LineChart: Figure {
    /// One named line.
    public struct Series: Sendable, Hashable {
        /// The legend name.
        public var name: String
        /// The points, drawn in this order.
        public var points: [DataPoint]
        /// The colour; `nil` takes the next categorical colour.
        public var color: RGBColor?
        /// Whether the line is dashed (series past the seventh are dashed anyway when they
        /// reuse a categorical colour).
        public var isDashed: Bool
        /// The marker; `nil` takes the chart's default (see ``LineChart/showsMarkers``).
        public var marker: MarkerShape?

        /// Creates a series from points.
        /// - Parameters:
        ///   - name: the legend name.
        ///   - points: the points.
        ///   - color: an explicit colour, or `nil`.
        ///   - isDashed: whether to dash the line.
        ///   - marker: an explicit marker, or `nil`.
        public init(
            _ name: String, points: [DataPoint], color: RGBColor? = nil, isDashed: Bool = false,
            marker: MarkerShape? = nil
        ) {
            self.name = name
            self.points = points
            self.color = color
            self.isDashed = isDashed
            self.marker = marker
        }

        /// Creates a series from matching x and y arrays.
        /// - Parameters:
        ///   - name: the legend name.
        ///   - x: the x values.
        ///   - y: the y values, as many as `x`.
        ///   - color: an explicit colour, or `nil`.
        ///   - isDashed: whether to dash the line.
        ///   - marker: an explicit marker, or `nil`.
        /// - Throws: ``PlotError/shapeMismatch(argument:expected:actual:)`` when the counts differ.
        public init(
            _ name: String, x: [Double], y: [Double], color: RGBColor? = nil, isDashed: Bool = false,
            marker: MarkerShape? = nil
        ) throws(PlotError) {
            guard x.count == y.count else {
                throw .shapeMismatch(argument: "series \(name) y", expected: "\(x.count) values", actual: "\(y.count)")
            }
            self.init(
                name, points: zip(x, y).map { DataPoint(x: $0, y: $1) }, color: color, isDashed: isDashed,
                marker: marker)
        }

        /// Creates a series whose x values are `0, 1, 2, …` (e.g. a learning curve by iteration).
        /// - Parameters:
        ///   - name: the legend name.
        ///   - y: the y values.
        ///   - color: an explicit colour, or `nil`.
        ///   - isDashed: whether to dash the line.
        ///   - marker: an explicit marker, or `nil`.
        public init(_ name: String, y: [Double], color: RGBColor? = nil, isDashed: Bool = false, marker: MarkerShape? = nil) {
            self.init(
                name, points: y.enumerated().map { DataPoint(x: Double($0.offset), y: $0.element) }, color: color,
                isDashed: isDashed, marker: marker)
        }
    }

    /// The title above the chart; empty for none.
    public var title: String
    /// The lines, drawn in order (later on top).
    public var series: [Series]
    /// The x axis.
    public var xAxis: Axis
    /// The y axis.
    public var yAxis: Axis
    /// Whether every series gets markers (shapes cycle through ``MarkerShape/seriesCycle``).
    public var showsMarkers: Bool
    /// Dashed lines at fixed values, e.g. `.horizontal(y: 0)`; they are included in the fitted ranges.
    public var referenceLines: [ReferenceLine]
    /// Whether the legend is drawn (to the right of the plot).
    public var showsLegend: Bool
    /// The figure width in pixels.
    public var width: Double
    /// The figure height in pixels.
    public var height: Double

    /// Creates a line chart.
    /// - Parameters:
    ///   - title: the title.
    ///   - series: the lines.
    ///   - xAxis: the x axis.
    ///   - yAxis: the y axis.
    ///   - showsMarkers: whether to draw markers on every series.
    ///   - referenceLines: dashed reference lines.
    ///   - showsLegend: whether to draw the legend.
    ///   - width: figure width.
    ///   - height: figure height.
    public init(
        title: String = "", series: [Series], xAxis: Axis = Axis(), yAxis: Axis = Axis(), showsMarkers: Bool = false,
        referenceLines: [ReferenceLine] = [], showsLegend: Bool = true, width: Double = 640, height: Double = 400
    ) {
        self.title = title
        self.series = series
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.showsMarkers = showsMarkers
        self.referenceLines = referenceLines
        self.showsLegend = showsLegend
        self.width = width
        self.height = height
    }

    /// The chart as an SVG document.
    /// - Returns: the document.
    /// - Complexity: O(total number of points).
    public func svgDocument() -> SVGDocument {
        let xs = series.flatMap { $0.points.map(\.x) } + referenceLines.filter { $0.orientation == .vertical }.map(\.value)
        let ys = series.flatMap { $0.points.map(\.y) } + referenceLines.filter { $0.orientation == .horizontal }.map(\.value)
        let styles = series.indices.map(style(of:))
        let legend =
            showsLegend
            ? zip(series, styles).map { s, style in
                LegendEntry(name: s.name, color: style.color, symbol: .line(dashed: style.dashed, marker: style.marker))
            } : []
        let frame = CartesianFrame(
            width: width, height: height, title: title, horizontal: .numeric(ResolvedAxis(xAxis, values: xs)),
            xAxis: xAxis, vertical: ResolvedAxis(yAxis, values: ys), yAxis: yAxis, legend: legend)

        var lines: [SVGElement] = []
        var markers: [SVGElement] = []
        for (s, style) in zip(series, styles) {
            var path = SVGPath()
            for p in s.points {
                // A point that cannot be placed breaks the line (the path starts a new sub-path).
                guard let x = frame.px(p.x), let y = frame.py(p.y) else {
                    path.move(toX: .nan, y: .nan)
                    continue
                }
                path.line(toX: x, y: y)
                if let marker = style.marker, frame.contains(x: x, y: y) {
                    markers.append(marker.element(x: x, y: y, size: 7, color: style.color))
                }
            }
            var line = SVGElement.path(path).setting("stroke", .string(style.color.hex)).setting("stroke-width", 2)
                .setting("stroke-linejoin", "round").setting("class", "series")
            if style.dashed { line = line.setting("stroke-dasharray", "6 3") }
            lines.append(.group(["class": "series-group"], [.title(s.name), line]))
        }
        // Markers are not clipped, so one on the plot's edge is drawn whole; those outside are dropped.
        return frame.document(
            data: frame.referenceLines(referenceLines) + [frame.clipped(lines), .group(["class": "markers"], markers)])
    }

    private func style(of index: Int) -> (color: RGBColor, marker: MarkerShape?, dashed: Bool) {
        let s = series[index]
        let marker = s.marker ?? (showsMarkers ? MarkerShape.seriesCycle[index % MarkerShape.seriesCycle.count] : nil)
        // Once the categorical colours repeat, the repeats are dashed so no two lines look alike.
        let repeatsColor = s.color == nil && index >= RGBColor.categorical.count
        return (s.color ?? RGBColor.categorical(index), marker, s.isDashed || repeatsColor)
    }
}
