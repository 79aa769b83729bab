import Foundation
import Testing

@testable import Plots

/// Every chart kind, with hostile text everywhere and non-finite data mixed in.
@Suite("Well-formed output for every chart kind")
struct WellFormednessTests {
    static let hostileNumbers: [Double] = [1, .nan, 2, .infinity, -3, -.infinity, 1e308, -1e-308, 0]

    static func figures() throws -> [(String, any Figure)] {
        let heatmap = try Heatmap(
            title: hostileText, rows: 3, columns: 3, values: hostileNumbers, scheme: .diverging(),
            cellLabels: .text(Array(repeating: Array(repeating: hostileText, count: 3), count: 3)),
            arrows: [CellArrow(row: 0, column: 0, dx: .nan, dy: 1), CellArrow(row: 1, column: 1, dx: 0, dy: 0, opacity: .infinity)],
            marks: [CellMark(.goal, row: 2, column: 2)])
        let line = LineChart(
            title: hostileText,
            series: [
                .init(hostileText, y: hostileNumbers), try .init("b", x: hostileNumbers, y: hostileNumbers.reversed(), isDashed: true),
            ],
            xAxis: Axis(hostileText), yAxis: Axis(hostileText, scale: .logarithmic), showsMarkers: true,
            referenceLines: [.horizontal(y: .nan, label: hostileText), .vertical(x: 1, label: hostileText)])
        let scatter = ScatterChart(
            title: hostileText,
            series: [
                .init(
                    hostileText, points: zip(hostileNumbers, hostileNumbers.reversed()).map { .init(x: $0, y: $1, label: hostileText) },
                    connection: .sortedByX)
            ],
            highlights: [.init(hostileText, x: .nan, y: 1), .init("eq", x: 1, y: 1, label: hostileText)],
            xAxis: Axis(hostileText, scale: .logarithmic))
        let bars = try BarChart(
            title: hostileText, categories: [hostileText, "b", "c"],
            series: [.init(hostileText, values: [1, .nan, -.infinity], errors: [.nan, 0.1, .infinity])],
            xLabel: hostileText, yAxis: Axis(hostileText))
        let empty = LineChart(series: [])
        let emptyHeatmap = try Heatmap(values: [])
        let figure = HeatmapFigure(title: hostileText, panels: [heatmap, try Heatmap(title: "b", values: [[.nan]])])
        return [
            ("heatmap", heatmap), ("heatmap figure", figure), ("line", line), ("scatter", scatter), ("bar", bars),
            ("empty line", empty), ("empty heatmap", emptyHeatmap),
        ]
    }

    @Test("every chart kind parses as XML and keeps hostile titles intact")
    func parses() throws {
        for (name, figure) in try Self.figures() {
            let text = figure.svgText()
            let parsed = try parseSVG(text)
            #expect(parsed.first?.name == "svg", "\(name)")
            #expect(!text.contains("<b & c>"), "\(name) wrote unescaped text")
            if name != "empty line" && name != "empty heatmap" {
                #expect(parsed.contains { $0.text == hostileText }, "\(name) lost the escaped title")
            }
        }
    }

    @Test("no chart ever writes nan or inf")
    func noNonFinite() throws {
        for (name, figure) in try Self.figures() {
            let text = figure.svgText().lowercased()
            #expect(!text.contains("nan"), "\(name)")
            #expect(!text.contains("inf"), "\(name)")
        }
    }

    @Test("every numeric attribute is a plain finite number")
    func numericAttributes() throws {
        let numeric: Set<String> = ["x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height", "font-size"]
        for (name, figure) in try Self.figures() {
            for element in try parseSVG(figure.svgText()) {
                for (key, value) in element.attributes where numeric.contains(key) {
                    let number = Double(value)
                    #expect(number != nil && number!.isFinite, "\(name): \(element.name) \(key)=\(value)")
                }
            }
        }
    }
}
