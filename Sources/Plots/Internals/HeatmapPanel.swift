import Foundation

/// Draws one heatmap grid (cells, text, arrows, marks) at a given place, and colour bars.
struct HeatmapPanel {
    enum LegendItem: String { case wall, start, goal, missing }

    static let wallFill = "#2e2e2e"
    static let missingFill = "#d4d4d4"
    static let goalStroke = "#ffd400"

    let heatmap: Heatmap
    let scale: ColorScale
    let cellSize: Double
    let left: Double
    let top: Double

    func grid() -> SVGElement {
        let s = cellSize
        var walls = Set<Int>()
        for m in heatmap.marks where m.kind == .wall { walls.insert(m.row * heatmap.columns + m.column) }
        var cells: [SVGElement] = []
        var missingMarks: [SVGElement] = []
        var fills: [RGBColor] = []
        cells.reserveCapacity(heatmap.values.count)
        for r in 0..<heatmap.rows {
            for c in 0..<heatmap.columns {
                let index = r * heatmap.columns + c
                let v = heatmap.values[index]
                let (x, y) = (left + Double(c) * s, top + Double(r) * s)
                var cell: SVGElement
                var tooltip = "row \(r), column \(c): \(NumberLabels.compact(v, significantDigits: 4))"
                if walls.contains(index) {
                    cell = .rect(x: x, y: y, width: s, height: s, fill: Self.wallFill)
                    cell = cell.setting("class", "cell wall")
                    tooltip += " (wall)"
                    fills.append(RGBColor(rgb: 0x2E2E2E))
                } else if let color = scale.color(for: v) {
                    cell = SVGElement.rect(x: x, y: y, width: s, height: s, fill: color.hex).setting("class", "cell")
                    fills.append(color)
                } else {
                    cell = SVGElement.rect(x: x, y: y, width: s, height: s, fill: Self.missingFill).setting("class", "cell missing")
                    tooltip = "row \(r), column \(c): missing"
                    missingMarks.append(
                        .line(x1: x + s * 0.2, y1: y + s * 0.8, x2: x + s * 0.8, y2: y + s * 0.2, stroke: "#8c8c8c", width: 1))
                    fills.append(RGBColor(rgb: 0xD4D4D4))
                }
                cell.children = [.title(tooltip)]
                cells.append(cell)
            }
        }
        var children: [SVGElement] = [.group(["stroke": "#ffffff", "stroke-width": 0.5], cells)]
        if !missingMarks.isEmpty { children.append(.group(["class": "missing-marks"], missingMarks)) }
        children += arrows(fills: fills, walls: walls)
        children += labels(fills: fills, walls: walls)
        children += markOutlines()
        return .group(["class": "heatmap"], children)
    }

    private func labels(fills: [RGBColor], walls: Set<Int>) -> [SVGElement] {
        let s = cellSize
        guard s >= 14 else { return [] }
        var withArrows = Set<Int>()
        for a in heatmap.arrows { withArrows.insert(a.row * heatmap.columns + a.column) }
        var out: [SVGElement] = []
        for r in 0..<heatmap.rows {
            for c in 0..<heatmap.columns {
                let index = r * heatmap.columns + c
                guard !walls.contains(index) else { continue }
                let text: String
                switch heatmap.cellLabels {
                case .none: return []
                case .values(let digits):
                    let v = heatmap.values[index]
                    text = v.isFinite ? NumberLabels.compact(v, significantDigits: max(digits, 1)) : ""
                case .text(let rows): text = rows[r][c]
                }
                guard !text.isEmpty else { continue }
                let shifted = withArrows.contains(index)
                let preferred = min(12, s * (shifted ? 0.24 : 0.3))
                let size = TextMetrics.fittingFontSize(text, preferred: preferred, minimum: 6, width: s - 3)
                let x = left + (Double(c) + 0.5) * s
                let y = shifted ? top + Double(r + 1) * s - 3 : top + (Double(r) + 0.5) * s + size * 0.35
                out.append(
                    .text(text, x: x, y: y, size: size, anchor: "middle", fill: fills[index].contrastingTextColor.hex)
                        .setting("class", "cell-label"))
            }
        }
        return out.isEmpty ? [] : [.group(["class": "cell-labels"], out)]
    }

    private func arrows(fills: [RGBColor], walls: Set<Int>) -> [SVGElement] {
        let s = cellSize
        var out: [SVGElement] = []
        for a in heatmap.arrows {
            let index = a.row * heatmap.columns + a.column
            guard !walls.contains(index), a.dx.isFinite, a.dy.isFinite, a.length.isFinite, a.opacity.isFinite else { continue }
            let ink = fills[index].contrastingTextColor.hex
            let (cx, cy) = (left + (Double(a.column) + 0.5) * s, top + (Double(a.row) + 0.5) * s)
            let opacity = min(max(a.opacity, 0), 1)
            let norm = (a.dx * a.dx + a.dy * a.dy).squareRoot()
            guard norm > 0 else {
                out.append(
                    SVGElement.circle(cx: cx, cy: cy, r: s * 0.08, fill: ink).setting("opacity", .number(opacity))
                        .setting("class", "arrow"))
                continue
            }
            let (ux, uy) = (a.dx / norm, a.dy / norm)
            let length = min(max(a.length, 0), 1) * 0.42 * s
            let head = min(0.16 * s, max(length * 0.55, 0.07 * s))
            let (tipX, tipY) = (cx + ux * length, cy + uy * length)
            let (baseX, baseY) = (tipX - ux * head, tipY - uy * head)
            var shaft = SVGPath()
            shaft.move(toX: cx, y: cy)
            shaft.line(toX: baseX, y: baseY)
            var tip = SVGPath()
            tip.move(toX: tipX, y: tipY)
            tip.line(toX: baseX - uy * head * 0.55, y: baseY + ux * head * 0.55)
            tip.line(toX: baseX + uy * head * 0.55, y: baseY - ux * head * 0.55)
            tip.close()
            out.append(
                .group(
                    ["class": "arrow", "opacity": .number(opacity)],
                    [
                        SVGElement.path(shaft).setting("stroke", .string(ink)).setting("stroke-width", .number(max(1, s * 0.045)))
                            .setting("stroke-linecap", "round"),
                        SVGElement.path(tip, fill: ink),
                    ]))
        }
        return out.isEmpty ? [] : [.group(["class": "arrows"], out)]
    }

    private func markOutlines() -> [SVGElement] {
        let s = cellSize
        let w = max(2, min(3.5, s * 0.08))
        var out: [SVGElement] = []
        for m in heatmap.marks where m.kind != .wall {
            let (x, y) = (left + Double(m.column) * s + w / 2, top + Double(m.row) * s + w / 2)
            out += Self.outline(m.kind, x: x, y: y, side: s - w, width: w)
        }
        return out.isEmpty ? [] : [.group(["class": "marks"], out)]
    }

    /// A goal (solid red) or start (dashed black and white) outline of a square.
    static func outline(_ kind: CellMark.Kind, x: Double, y: Double, side: Double, width: Double) -> [SVGElement] {
        let frame = SVGElement.rect(x: x, y: y, width: side, height: side, fill: "none")
            .setting("stroke-width", .number(width))
        switch kind {
        case .goal:
            // Dark under light, so the outline shows on every colour of every map.
            return [
                frame.setting("stroke", "#111111").setting("class", "mark goal"),
                frame.setting("stroke", .string(goalStroke)).setting("stroke-width", .number(width * 0.45)),
            ]
        case .start:
            let dash = SVGNumber.format(max(3, side / 6))
            return [
                frame.setting("stroke", "#111111").setting("class", "mark start"),
                frame.setting("stroke", "#ffffff").setting("stroke-dasharray", .string("\(dash) \(dash)")),
            ]
        case .wall:
            return []
        }
    }

    /// A vertical colour bar whose top is at `top`, with the domain ends (and the centre of a
    /// diverging scale) labelled to its right.
    static func colorBar(scale: ColorScale, id: String, x: Double, top: Double, height: Double)
        -> (gradient: SVGElement, element: SVGElement, width: Double)
    {
        let barWidth = 14.0
        let font = 11.0
        let (lo, hi) = (scale.domain.lowerBound, scale.domain.upperBound)
        // Stops sampled from the scale itself, so the bar matches the cells exactly for any scheme.
        let stopCount = 33
        let stops = (0..<stopCount).map { k -> SVGElement in
            let f = Double(k) / Double(stopCount - 1)
            let color = scale.color(for: lo + f * (hi - lo)) ?? RGBColor.white
            return SVGElement("stop", ["offset": .number(f), "stop-color": .string(color.hex)])
        }
        let gradient = SVGElement("linearGradient", ["id": .string(id), "x1": 0, "y1": 1, "x2": 0, "y2": 0], children: stops)
        var ticks: [(Double, String)] = [(hi, NumberLabels.compact(hi)), (lo, NumberLabels.compact(lo))]
        if case .diverging(_, let center) = scale.scheme, center > lo, center < hi {
            ticks.append((center, NumberLabels.compact(center)))
        }
        var children: [SVGElement] = [
            SVGElement.rect(x: x, y: top, width: barWidth, height: height, fill: "url(#\(id))").setting("stroke", "#444444")
                .setting("stroke-width", 0.5)
        ]
        var labelWidth = 0.0
        for (value, label) in ticks {
            let y = hi > lo ? top + (hi - value) / (hi - lo) * height : top + height / 2
            children.append(.line(x1: x + barWidth, y1: y, x2: x + barWidth + 4, y2: y, stroke: "#444444"))
            children.append(.text(label, x: x + barWidth + 6, y: y + font * 0.35, size: font).setting("class", "colorbar-label"))
            labelWidth = max(labelWidth, TextMetrics.width(of: label, fontSize: font))
        }
        return (gradient, .group(["class": "colorbar"], children), barWidth + 6 + labelWidth)
    }

    /// The key to walls, starts, goals and missing cells, in one row starting at `(x, y)`.
    static func markLegend(_ items: [LegendItem], x: Double, y: Double) -> SVGElement {
        var children: [SVGElement] = []
        var cursor = x
        let box = 14.0
        for item in items {
            switch item {
            case .wall: children.append(.rect(x: cursor, y: y, width: box, height: box, fill: wallFill))
            case .missing:
                children.append(.rect(x: cursor, y: y, width: box, height: box, fill: missingFill))
                children.append(.line(x1: cursor + 3, y1: y + box - 3, x2: cursor + box - 3, y2: y + 3, stroke: "#8c8c8c"))
            case .goal: children += outline(.goal, x: cursor + 1.25, y: y + 1.25, side: box - 2.5, width: 2.5)
            case .start: children += outline(.start, x: cursor + 1.25, y: y + 1.25, side: box - 2.5, width: 2.5)
            }
            children.append(.text(item.rawValue, x: cursor + box + 5, y: y + box - 3, size: 11))
            cursor += box + 5 + TextMetrics.width(of: item.rawValue, fontSize: 11) + 18
        }
        return .group(["class": "mark-legend"], children)
    }
}
