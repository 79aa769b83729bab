/// Grouped vertical bars for small comparisons: one group per category, one bar per series
/// (e.g. categories = environments, series = expert / IRL / BC), with optional error bars and
/// value labels. The y axis always includes zero; negative values hang below it.
///
/// A non-finite value draws no bar and is labelled `n/a`. A logarithmic ``yAxis`` is drawn as
/// linear, since bar lengths from zero have no meaning on a log scale.
public struct BarChart: Figure {
    /// One set of bars sharing a colour and legend entry, one value per category.
    public struct Series: Sendable, Hashable {
        /// The legend name.
        public var name: String
        /// One value per category.
        public var values: [Double]
        /// Optional half-widths of error bars, one per category (non-finite or `<= 0` draws none).
        public var errors: [Double]?
        /// The colour; `nil` takes the next categorical colour.
        public var color: RGBColor?

        /// Creates a series.
        /// - Parameters:
        ///   - name: the legend name.
        ///   - values: one value per category.
        ///   - errors: optional error-bar half-widths, one per category.
        ///   - color: an explicit colour, or `nil`.
        public init(_ name: String, values: [Double], errors: [Double]? = nil, color: RGBColor? = nil) {
            self.name = name
            self.values = values
            self.errors = errors
            self.color = color
        }
    }

    /// The category names along the x axis.
    public let categories: [String]
    /// The series; each has one value (and error) per category.
    public let series: [Series]
    /// The title above the chart; empty for none.
    public var title: String
    /// The label under the categories; empty for none.
    public var xLabel: String
    /// The value axis.
    public var yAxis: Axis
    /// Whether each bar is labelled with its value.
    public var showsValues: Bool
    /// Whether the legend is drawn.
    public var showsLegend: Bool
    /// The figure width in pixels.
    public var width: Double
    /// The figure height in pixels.
    public var height: Double

    /// Creates a bar chart.
    /// - Parameters:
    ///   - title: the title.
    ///   - categories: the category names.
    ///   - series: the series, each with `categories.count` values.
    ///   - xLabel: the label under the categories.
    ///   - yAxis: the value axis.
    ///   - showsValues: whether to label bars with their values.
    ///   - showsLegend: whether to draw the legend.
    ///   - width: figure width.
    ///   - height: figure height.
    /// - Throws: ``PlotError/shapeMismatch(argument:expected:actual:)`` when a series has a
    ///   different number of values or errors than there are categories.
    public init(
        title: String = "", categories: [String], series: [Series], xLabel: String = "", yAxis: Axis = Axis(),
        showsValues: Bool = true, showsLegend: Bool = true, width: Double = 640, height: Double = 400
    ) throws(PlotError) {
        for s in series {
            guard s.values.count == categories.count else {
                throw .shapeMismatch(
                    argument: "bar series \(s.name) values", expected: "\(categories.count) values",
                    actual: "\(s.values.count)")
            }
            if let errors = s.errors, errors.count != categories.count {
                throw .shapeMismatch(
                    argument: "bar series \(s.name) errors", expected: "\(categories.count) values",
                    actual: "\(errors.count)")
            }
        }
        self.categories = categories
        self.series = series
        self.title = title
        self.xLabel = xLabel
        self.yAxis = yAxis
        self.showsValues = showsValues
        self.showsLegend = showsLegend
        self.width = width
        self.height = height
    }

    /// The chart as an SVG document.
    /// - Returns: the document.
    /// - Complexity: O(categories × series).
    public func svgDocument() -> SVGDocument {
        var valueAxis = yAxis
        valueAxis.scale = .linear
        var extents: [Double] = []
        for s in series {
            for (i, v) in s.values.enumerated() {
                let e = s.errors?[i] ?? 0
                extents += e.isFinite && e > 0 ? [v - e, v + e] : [v]
            }
        }
        let colors = series.indices.map { series[$0].color ?? RGBColor.categorical($0) }
        let legend = showsLegend ? zip(series, colors).map { LegendEntry(name: $0.name, color: $1, symbol: .box) } : []
        let frame = CartesianFrame(
            width: width, height: height, title: title, horizontal: .categories(categories),
            xAxis: Axis(xLabel, showsGrid: false), vertical: ResolvedAxis(valueAxis, values: extents, includeZero: true),
            yAxis: valueAxis, legend: legend)
        // With a fixed range that excludes zero, bars start from the nearer end of the range.
        let baseline = frame.py(0).map { min(max($0, frame.plot.y), frame.plot.bottom) } ?? frame.plot.bottom

        let slot = frame.categoryWidth
        let barWidth = slot * 0.8 / Double(max(series.count, 1))
        var bars: [SVGElement] = []
        var labels: [SVGElement] = []
        for c in categories.indices {
            let groupLeft = frame.plot.x + slot * Double(c) + slot * 0.1
            for (k, s) in series.enumerated() {
                let x = groupLeft + barWidth * Double(k)
                let center = x + barWidth / 2
                let value = s.values[c]
                guard let y = frame.py(value) else {
                    labels.append(.text("n/a", x: center, y: baseline - 4, size: 10, anchor: "middle", fill: "#777777"))
                    continue
                }
                let top = min(max(y, frame.plot.y), frame.plot.bottom)
                var bar = SVGElement.rect(
                    x: x + 1, y: min(top, baseline), width: barWidth - 2, height: Swift.abs(baseline - top),
                    fill: colors[k].hex
                ).setting("class", "bar")
                bar.children = [.title("\(categories[c]), \(s.name): \(NumberLabels.compact(value))")]
                bars.append(bar)
                var labelAnchor = value >= 0 ? min(y, top) - 4 : max(y, top) + 12
                if let e = s.errors?[c], e.isFinite, e > 0, let hi = frame.py(value + e), let lo = frame.py(value - e) {
                    bars.append(Self.errorBar(x: center, from: lo, to: hi, whisker: barWidth * 0.2))
                    labelAnchor = value >= 0 ? min(hi, lo) - 4 : max(hi, lo) + 12
                }
                if showsValues {
                    let size = min(10.0, max(7, barWidth * 0.4))
                    labels.append(
                        .text(NumberLabels.compact(value), x: center, y: labelAnchor, size: size, anchor: "middle")
                            .setting("class", "value-label"))
                }
            }
        }
        var axisLine: [SVGElement] = []
        if frame.py(0).map({ $0 > frame.plot.y && $0 < frame.plot.bottom }) == true {
            axisLine.append(.line(x1: frame.plot.x, y1: baseline, x2: frame.plot.right, y2: baseline, stroke: "#333333"))
        }
        return frame.document(data: [frame.clipped(bars)] + axisLine + [.group(["class": "value-labels"], labels)])
    }

    /// A vertical whisker from `from` to `to` with horizontal caps of half-width `whisker`.
    private static func errorBar(x: Double, from: Double, to: Double, whisker: Double) -> SVGElement {
        var path = SVGPath()
        path.move(toX: x, y: from)
        path.line(toX: x, y: to)
        for y in [from, to] {
            path.move(toX: x - whisker, y: y)
            path.line(toX: x + whisker, y: y)
        }
        return SVGElement.path(path).setting("stroke", "#222222").setting("stroke-width", 1.2).setting("class", "error-bar")
    }
}
