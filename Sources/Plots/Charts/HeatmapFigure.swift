/// Several heatmaps side by side in one figure (e.g. "true reward" | "recovered reward"), with
/// one shared colour scale or one per panel.
public struct HeatmapFigure: Figure {
    /// Whether the panels share one colour scale.
    public enum ColorScaleSharing: Sendable, Hashable {
        /// One scale for all panels (the first panel's scheme over the union of their domains),
        /// shown by one colour bar at the right, so equal colours mean equal values across panels.
        case shared
        /// Each panel has its own scale and colour bar.
        case separate
    }

    /// The title above all panels; empty for none.
    public var title: String
    /// The heatmaps, left to right.
    public var panels: [Heatmap]
    /// Shared or separate colour scales.
    public var colorScaleSharing: ColorScaleSharing
    /// The side of one cell in pixels; `nil` chooses a size from the grid dimensions.
    public var cellSize: Double?

    /// Creates a figure.
    /// - Parameters:
    ///   - title: the figure title.
    ///   - panels: the heatmaps, left to right.
    ///   - colorScaleSharing: shared (default) or separate colour scales.
    ///   - cellSize: the cell side in pixels, or `nil` for automatic.
    public init(
        title: String = "", panels: [Heatmap], colorScaleSharing: ColorScaleSharing = .shared, cellSize: Double? = nil
    ) {
        self.title = title
        self.panels = panels
        self.colorScaleSharing = colorScaleSharing
        self.cellSize = cellSize
    }

    /// The colour scale of each panel: the panel's own, or the shared one.
    ///
    /// Shared: the first panel's scheme over the union of every panel's domain (made symmetric
    /// about the centre for a diverging scheme).
    /// - Returns: one scale per panel.
    public func colorScales() -> [ColorScale] {
        let own = panels.map { $0.colorScale() }
        guard colorScaleSharing == .shared, let first = panels.first else { return own }
        let shared = ColorScale.fitting(own.flatMap { [$0.domain.lowerBound, $0.domain.upperBound] }, scheme: first.scheme)
        return own.map { _ in shared }
    }

    /// The figure as an SVG document.
    /// - Returns: the document.
    /// - Complexity: O(total cells + arrows + marks).
    public func svgDocument() -> SVGDocument {
        let scales = colorScales()
        let size = resolvedCellSize()
        let margin = 16.0
        let hasPanelTitles = panels.contains { !$0.title.isEmpty }
        let top = margin + (title.isEmpty ? 0 : 30) + (hasPanelTitles ? 22 : 0)
        let gridHeights = panels.map { Double($0.rows) * size }
        let tallest = gridHeights.max() ?? 0
        let barMinimum = 90.0

        var x = margin
        var elements: [SVGElement] = []
        var definitions: [SVGElement] = []
        var contentHeight = tallest
        for (i, panel) in panels.enumerated() {
            let renderer = HeatmapPanel(heatmap: panel, scale: scales[i], cellSize: size, left: x, top: top)
            elements.append(renderer.grid())
            let gridWidth = Double(panel.columns) * size
            var blockWidth = gridWidth
            let barHere = colorScaleSharing == .separate || i == panels.count - 1
            if barHere {
                let barHeight = max(colorScaleSharing == .shared ? tallest : gridHeights[i], barMinimum)
                let bar = HeatmapPanel.colorBar(
                    scale: scales[i], id: "colorbar-\(i)", x: x + gridWidth + 14, top: top,
                    height: barHeight)
                definitions.append(bar.gradient)
                elements.append(bar.element)
                blockWidth += 14 + bar.width
                contentHeight = max(contentHeight, barHeight)
            }
            if !panel.title.isEmpty {
                let fontSize = TextMetrics.fittingFontSize(
                    panel.title, preferred: 14, minimum: 8, width: max(blockWidth, gridWidth + 30), bold: true)
                elements.append(
                    .text(
                        panel.title, x: x + gridWidth / 2, y: top - 9, size: fontSize, anchor: "middle",
                        weight: "bold"
                    ).setting("class", "panel-title"))
            }
            x += blockWidth + 36
        }
        let contentRight = x - 36 + margin
        var width = max(contentRight, 120)
        if !title.isEmpty {
            width = max(width, min(TextMetrics.width(of: title, fontSize: 16, bold: true) + 2 * margin, 1600))
        }
        var height = top + contentHeight + margin
        let legend = markLegend()
        if !legend.isEmpty {
            elements.append(HeatmapPanel.markLegend(legend, x: margin, y: height + 2))
            height += 26
        }
        if !title.isEmpty {
            let fontSize = TextMetrics.fittingFontSize(title, preferred: 16, minimum: 9, width: width - 2 * margin, bold: true)
            elements.append(
                .text(title, x: width / 2, y: margin + 16, size: fontSize, anchor: "middle", weight: "bold")
                    .setting("class", "title"))
        }
        return SVGDocument(
            width: width, height: height, title: title.isEmpty ? nil : title, definitions: definitions,
            elements: elements)
    }

    /// The cell size: the chosen one, or one that keeps the figure about 440 pixels tall and
    /// 1000 wide, between 12 and 56 pixels.
    private func resolvedCellSize() -> Double {
        if let cellSize, cellSize.isFinite, cellSize > 0 { return cellSize }
        let tallest = Double(max(panels.map(\.rows).max() ?? 1, 1))
        let totalColumns = Double(max(panels.map(\.columns).reduce(0, +), 1))
        return min(max(min(440 / tallest, 1000 / totalColumns).rounded(.down), 12), 56)
    }

    /// The kinds of special cell present, in a fixed order, for the legend under the panels.
    private func markLegend() -> [HeatmapPanel.LegendItem] {
        var items: [HeatmapPanel.LegendItem] = []
        let kinds = Set(panels.flatMap { $0.marks.map(\.kind) })
        if kinds.contains(.wall) { items.append(.wall) }
        if kinds.contains(.start) { items.append(.start) }
        if kinds.contains(.goal) { items.append(.goal) }
        if panels.contains(where: { $0.values.contains { !$0.isFinite } }) { items.append(.missing) }
        return items
    }
}
