/// One row of a chart legend: a symbol in the series colour and the series name.
struct LegendEntry: Sendable {
    enum Symbol: Sendable {
        case line(dashed: Bool, marker: MarkerShape?)
        case marker(MarkerShape)
        case box
    }

    var name: String
    var color: RGBColor
    var symbol: Symbol

    static let fontSize = 12.0
    static let rowHeight = 18.0
    static let symbolWidth = 24.0

    /// The width of one entry: symbol, gap and name.
    static func width(of entry: LegendEntry) -> Double {
        symbolWidth + 6 + TextMetrics.width(of: entry.name, fontSize: fontSize)
    }

    /// The width a one-column legend needs for these entries (0 for none).
    static func width(of entries: [LegendEntry]) -> Double {
        entries.map { width(of: $0) }.max() ?? 0
    }

    /// Top-left offsets of each entry: one column, or rows that wrap at `maxWidth`.
    static func offsets(of entries: [LegendEntry], wrappingAt maxWidth: Double?) -> [(x: Double, y: Double)] {
        guard let maxWidth else { return entries.indices.map { (0, rowHeight * Double($0)) } }
        var result: [(x: Double, y: Double)] = []
        var (x, y) = (0.0, 0.0)
        for entry in entries {
            let w = width(of: entry)
            if x > 0 && x + w > maxWidth {
                x = 0
                y += rowHeight
            }
            result.append((x, y))
            x += w + 20
        }
        return result
    }

    /// The legend as a group whose top-left corner is at `(x, y)`, entries at `offsets`.
    static func elements(_ entries: [LegendEntry], offsets: [(x: Double, y: Double)], x: Double, y: Double) -> SVGElement {
        var rows: [SVGElement] = []
        for (entry, offset) in zip(entries, offsets) {
            let x = x + offset.x
            let mid = y + offset.y + rowHeight / 2
            let color = entry.color.hex
            switch entry.symbol {
            case .line(let dashed, let marker):
                var line = SVGElement.line(x1: x, y1: mid, x2: x + symbolWidth, y2: mid, stroke: color, width: 2)
                if dashed { line = line.setting("stroke-dasharray", "6 3") }
                rows.append(line)
                if let marker { rows.append(marker.element(x: x + symbolWidth / 2, y: mid, size: 7, color: entry.color)) }
            case .marker(let shape):
                let size = shape == .star ? 14.0 : 8.0
                var symbol = shape.element(x: x + symbolWidth / 2, y: mid, size: size, color: entry.color)
                if shape == .star { symbol = symbol.setting("stroke", "#222222").setting("stroke-width", 0.8) }
                rows.append(symbol)
            case .box:
                rows.append(.rect(x: x + 5, y: mid - 6, width: 14, height: 12, fill: color))
            }
            rows.append(.text(entry.name, x: x + symbolWidth + 6, y: mid + fontSize * 0.35, size: fontSize))
        }
        return .group(["class": "legend"], rows)
    }
}
