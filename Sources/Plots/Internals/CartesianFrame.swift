import Foundation

/// The shared layout of the x–y charts: margins, plot area, grid, axes, tick labels, title and
/// legend. A chart asks it where data values land (``px(_:)``, ``py(_:)``) and hands it the data
/// elements to wrap into a document.
struct CartesianFrame: Sendable {
    /// The horizontal dimension: a numeric axis, or named categories (bar charts).
    enum Horizontal: Sendable {
        case numeric(ResolvedAxis)
        case categories([String])
    }

    struct Rect: Sendable {
        var x, y, width, height: Double
        var right: Double { x + width }
        var bottom: Double { y + height }
    }

    static let tickFont = 11.0
    static let labelFont = 13.0
    static let titleFont = 16.0
    static let tickLength = 5.0
    static let clipID = "plot-area-clip"

    let width: Double
    let height: Double
    let title: String
    let horizontal: Horizontal
    let xLabel: String
    let xGrid: Bool
    let vertical: ResolvedAxis
    let yLabel: String
    let yGrid: Bool
    let legend: [LegendEntry]
    let plot: Rect
    /// Every `xLabelStride`-th x tick is labelled, so labels do not overlap.
    let xLabelStride: Int
    /// Category labels are rotated when they do not fit side by side.
    let rotatesCategories: Bool
    /// The widest y tick label, so the y-axis title sits just left of the labels.
    let yTickLabelWidth: Double
    /// Where each legend entry goes, relative to ``legendOrigin``.
    let legendOffsets: [(x: Double, y: Double)]
    /// The legend's top-left corner: right of the plot, or under the x-axis label when it is wide.
    let legendOrigin: (x: Double, y: Double)
    /// The height taken by a legend under the plot (0 when it is at the right).
    let legendBelowHeight: Double

    init(
        width: Double, height: Double, title: String, horizontal: Horizontal, xAxis: Axis, vertical: ResolvedAxis,
        yAxis: Axis, legend: [LegendEntry]
    ) {
        self.width = max(width, 120)
        self.height = max(height, 100)
        self.title = title
        self.horizontal = horizontal
        self.xLabel = xAxis.label
        self.xGrid = xAxis.showsGrid
        self.vertical = vertical
        self.yLabel = yAxis.label
        self.yGrid = yAxis.showsGrid
        self.legend = legend

        let tick = Self.tickFont
        let yTickWidth = vertical.labels.map { TextMetrics.width(of: $0, fontSize: tick) }.max() ?? 0
        var left = 10 + (yAxis.label.isEmpty ? 0 : Self.labelFont + 8) + yTickWidth + Self.tickLength + 4
        let top = title.isEmpty ? 16 : Self.titleFont + 26
        // A wide legend would squeeze the plot; it goes underneath, wrapped into rows, instead.
        let legendBelow = LegendEntry.width(of: legend) > self.width * 0.3
        let legendWidth = legendBelow ? 0 : LegendEntry.width(of: legend)
        let offsets = LegendEntry.offsets(of: legend, wrappingAt: legendBelow ? self.width - 40 : nil)
        let belowHeight = legendBelow ? (offsets.map(\.y).max() ?? 0) + LegendEntry.rowHeight + 6 : 0
        var xLabels: [String] = []
        switch horizontal {
        case .numeric(let axis): xLabels = axis.labels
        case .categories(let names): xLabels = names
        }
        let lastHalf = (xLabels.last.map { TextMetrics.width(of: $0, fontSize: tick) } ?? 0) / 2
        let right = legendWidth > 0 ? legendWidth + 28 : max(20, lastHalf + 6)
        var plotWidth = max(self.width - left - right, 40)
        let widest = xLabels.map { TextMetrics.width(of: $0, fontSize: tick) }.max() ?? 0

        let labelLayout = Self.xLabelLayout(horizontal, widest: widest, plotWidth: plotWidth, left: left)
        left += labelLayout.shift
        plotWidth = max(plotWidth - labelLayout.shift, 40)
        let extraBottom = labelLayout.rotates ? widest * 0.5 : 0
        let bottom =
            12 + Self.tickLength + 4 + tick + extraBottom + (xAxis.label.isEmpty ? 0 : Self.labelFont + 10)
            + belowHeight
        plot = Rect(x: left, y: top, width: plotWidth, height: max(self.height - top - bottom, 40))
        legendOffsets = offsets
        yTickLabelWidth = yTickWidth
        legendBelowHeight = belowHeight
        legendOrigin = legendBelow ? (20, self.height - belowHeight) : (plot.right + 16, plot.y + 4)
        xLabelStride = labelLayout.stride
        rotatesCategories = labelLayout.rotates
    }

    /// How x labels avoid overlapping: numeric labels are thinned to every `stride`-th; category
    /// labels that do not fit their slot are rotated by 30°, and the plot moves right by `shift`
    /// so the first rotated label stays inside the figure.
    private static func xLabelLayout(_ horizontal: Horizontal, widest: Double, plotWidth: Double, left: Double)
        -> (stride: Int, rotates: Bool, shift: Double)
    {
        switch horizontal {
        case .numeric(let axis):
            let slot = plotWidth / Double(max(axis.labels.count - 1, 1))
            return (max(1, Int(((widest + 10) / slot).rounded(.up))), false, 0)
        case .categories(let names):
            let slot = plotWidth / Double(max(names.count, 1))
            guard widest > slot - 4, let firstName = names.first else { return (1, false, 0) }
            let first = TextMetrics.width(of: firstName, fontSize: tickFont) * 0.87  // cos 30°
            return (1, true, max(0, first - slot / 2 + 10 - left))
        }
    }

    /// The x pixel of a data value on a numeric x axis.
    func px(_ value: Double) -> Double? {
        guard case .numeric(let axis) = horizontal, let t = axis.fraction(value) else { return nil }
        return plot.x + t * plot.width
    }

    /// The y pixel of a data value (larger values are higher up).
    func py(_ value: Double) -> Double? {
        vertical.fraction(value).map { plot.bottom - $0 * plot.height }
    }

    /// Whether a pixel position lies in the plot area (with half a pixel of slack for rounding).
    func contains(x: Double, y: Double) -> Bool {
        x >= plot.x - 0.5 && x <= plot.right + 0.5 && y >= plot.y - 0.5 && y <= plot.bottom + 0.5
    }

    /// The width of one category slot on a categorical x axis.
    var categoryWidth: Double {
        guard case .categories(let names) = horizontal else { return plot.width }
        return plot.width / Double(max(names.count, 1))
    }

    /// The clip path that keeps data inside the plot area.
    var definitions: [SVGElement] {
        [
            SVGElement(
                "clipPath", ["id": .string(Self.clipID)],
                children: [
                    .rect(x: plot.x, y: plot.y, width: plot.width, height: plot.height, fill: "#ffffff")
                ])
        ]
    }

    /// Wraps data elements in a group clipped to the plot area.
    func clipped(_ elements: [SVGElement], class name: String = "data") -> SVGElement {
        .group(["class": .string(name), "clip-path": .string("url(#\(Self.clipID))")], elements)
    }

    /// The finished document: frame, grid, `data` (already clipped or not), axes, labels, legend.
    func document(data: [SVGElement]) -> SVGDocument {
        var elements: [SVGElement] = [
            SVGElement.rect(x: plot.x, y: plot.y, width: plot.width, height: plot.height, fill: "#ffffff")
                .setting("class", "plot-area")
        ]
        elements.append(grid())
        elements += data
        elements += axes()
        if !title.isEmpty {
            let size = TextMetrics.fittingFontSize(title, preferred: Self.titleFont, minimum: 9, width: width - 20, bold: true)
            elements.append(.text(title, x: width / 2, y: 26, size: size, anchor: "middle", weight: "bold").setting("class", "title"))
        }
        if !legend.isEmpty {
            elements.append(LegendEntry.elements(legend, offsets: legendOffsets, x: legendOrigin.x, y: legendOrigin.y))
        }
        return SVGDocument(
            width: width, height: height, title: title.isEmpty ? nil : title, definitions: definitions,
            elements: elements)
    }

    /// Dashed reference lines with their labels (drawn over the grid, under the data).
    func referenceLines(_ lines: [ReferenceLine]) -> [SVGElement] {
        var out: [SVGElement] = []
        for line in lines {
            switch line.orientation {
            case .horizontal:
                guard let y = py(line.value), y >= plot.y - 0.5, y <= plot.bottom + 0.5 else { continue }
                out.append(
                    SVGElement.line(x1: plot.x, y1: y, x2: plot.right, y2: y, stroke: "#555555", width: 1)
                        .setting("stroke-dasharray", "5 4").setting("class", "reference"))
                if let label = line.label {
                    out.append(.text(label, x: plot.right - 4, y: y - 4, size: Self.tickFont, anchor: "end", fill: "#555555"))
                }
            case .vertical:
                guard let x = px(line.value), x >= plot.x - 0.5, x <= plot.right + 0.5 else { continue }
                out.append(
                    SVGElement.line(x1: x, y1: plot.y, x2: x, y2: plot.bottom, stroke: "#555555", width: 1)
                        .setting("stroke-dasharray", "5 4").setting("class", "reference"))
                if let label = line.label {
                    out.append(.text(label, x: x + 4, y: plot.y + Self.tickFont + 2, size: Self.tickFont, fill: "#555555"))
                }
            }
        }
        return out
    }

    private func grid() -> SVGElement {
        var lines: [SVGElement] = []
        if yGrid {
            for t in vertical.ticks {
                guard let y = py(t) else { continue }
                lines.append(.line(x1: plot.x, y1: y, x2: plot.right, y2: y, stroke: "#e3e3e3", width: 1))
            }
        }
        if xGrid, case .numeric(let axis) = horizontal {
            for t in axis.ticks {
                guard let x = px(t) else { continue }
                lines.append(.line(x1: x, y1: plot.y, x2: x, y2: plot.bottom, stroke: "#e3e3e3", width: 1))
            }
        }
        return .group(["class": "grid"], lines)
    }

    private func axes() -> [SVGElement] {
        var out: [SVGElement] = []
        let ink = "#333333"
        let tick = Self.tickFont
        out.append(.line(x1: plot.x, y1: plot.bottom, x2: plot.right, y2: plot.bottom, stroke: ink))
        out.append(.line(x1: plot.x, y1: plot.y, x2: plot.x, y2: plot.bottom, stroke: ink))
        for (t, label) in zip(vertical.ticks, vertical.labels) {
            guard let y = py(t) else { continue }
            out.append(.line(x1: plot.x - Self.tickLength, y1: y, x2: plot.x, y2: y, stroke: ink))
            out.append(
                .text(label, x: plot.x - Self.tickLength - 3, y: y + tick * 0.35, size: tick, anchor: "end")
                    .setting("class", "tick-label"))
        }
        for t in vertical.minorTicks {
            guard let y = py(t) else { continue }
            out.append(.line(x1: plot.x - 3, y1: y, x2: plot.x, y2: y, stroke: ink, width: 0.7))
        }
        let labelY = plot.bottom + Self.tickLength + 3 + tick * 0.9
        switch horizontal {
        case .numeric(let axis):
            for (i, (t, label)) in zip(axis.ticks, axis.labels).enumerated() {
                guard let x = px(t) else { continue }
                out.append(.line(x1: x, y1: plot.bottom, x2: x, y2: plot.bottom + Self.tickLength, stroke: ink))
                if i % xLabelStride == 0 {
                    out.append(.text(label, x: x, y: labelY, size: tick, anchor: "middle").setting("class", "tick-label"))
                }
            }
            for t in axis.minorTicks {
                guard let x = px(t) else { continue }
                out.append(.line(x1: x, y1: plot.bottom, x2: x, y2: plot.bottom + 3, stroke: ink, width: 0.7))
            }
        case .categories(let names):
            for (i, name) in names.enumerated() {
                let x = plot.x + categoryWidth * (Double(i) + 0.5)
                var text = SVGElement.text(name, x: x, y: labelY, size: tick, anchor: rotatesCategories ? "end" : "middle")
                    .setting("class", "tick-label")
                if rotatesCategories {
                    text = text.setting("transform", .string("rotate(-30 \(SVGNumber.format(x)) \(SVGNumber.format(labelY - tick * 0.5)))"))
                }
                out.append(text)
            }
        }
        if !xLabel.isEmpty {
            out.append(
                .text(
                    xLabel, x: plot.x + plot.width / 2, y: height - 10 - legendBelowHeight, size: Self.labelFont,
                    anchor: "middle"
                )
                .setting("class", "axis-label"))
        }
        if !yLabel.isEmpty {
            // Rotated by −90°, the glyphs extend to the left of the baseline at x.
            let (x, y) = (plot.x - Self.tickLength - 3 - yTickLabelWidth - 9, plot.y + plot.height / 2)
            out.append(
                .text(yLabel, x: x, y: y, size: Self.labelFont, anchor: "middle")
                    .setting("transform", .string("rotate(-90 \(SVGNumber.format(x)) \(SVGNumber.format(y)))"))
                    .setting("class", "axis-label"))
        }
        return out
    }
}
