import Testing

@testable import Plots

@Suite("Line, scatter and bar charts")
struct CartesianChartTests {
    /// The plot-area rectangle of a parsed chart.
    func plotArea(_ parsed: [ParsedElement]) throws -> (x: Double, y: Double, width: Double, height: Double) {
        let area = try #require(parsed.withClass("plot-area").first)
        return (area.number("x")!, area.number("y")!, area.number("width")!, area.number("height")!)
    }

    @Test("a known point lands at its fraction of the plot area")
    func linearCoordinates() throws {
        let chart = LineChart(
            series: [.init("s", points: [DataPoint(x: 0, y: 0), DataPoint(x: 0.5, y: 0.25), DataPoint(x: 1, y: 1)])],
            showsMarkers: true)
        let parsed = try parseSVG(chart.svgText())
        let area = try plotArea(parsed)
        let markers = parsed.withClass("marker").filter { $0.name == "circle" && parsed[$0.parent!].classes.contains("markers") }
        #expect(markers.count == 3)
        // Axis 0…1 exactly (nice ticks 0, 0.2, …, 1), y grows upwards.
        #expect(isClose(markers[1].number("cx")!, area.x + 0.5 * area.width, tolerance: 1e-4))
        #expect(isClose(markers[1].number("cy")!, area.y + 0.75 * area.height, tolerance: 1e-4))
        #expect(isClose(markers[0].number("cy")!, area.y + area.height, tolerance: 1e-4))
        #expect(isClose(markers[2].number("cx")!, area.x + area.width, tolerance: 1e-4))
        #expect(parsed.withClass("tick-label").map(\.text).prefix(6) == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
    }

    @Test("on log axes, points <= 0 are skipped and decades are evenly spaced")
    func logCoordinates() throws {
        let chart = LineChart(
            series: [
                .init(
                    "s",
                    points: [
                        DataPoint(x: 1, y: 1e-3), DataPoint(x: 0, y: 5), DataPoint(x: 10, y: -1), DataPoint(x: 10, y: 1e-1),
                        DataPoint(x: 100, y: 10),
                    ])
            ],
            xAxis: Axis(scale: .logarithmic), yAxis: Axis(scale: .logarithmic), showsMarkers: true)
        let text = chart.svgText()
        let parsed = try parseSVG(text)
        let area = try plotArea(parsed)
        let markers = parsed.withClass("marker")
        #expect(markers.count == 3 + 1)  // three drawable points and the legend's marker
        #expect(isClose(markers[1].number("cx")!, area.x + 0.5 * area.width, tolerance: 1e-4))
        #expect(isClose(markers[1].number("cy")!, area.y + 0.5 * area.height, tolerance: 1e-4))
        // The skipped points break the line into two pieces.
        let line = try #require(parsed.withClass("series").first?.attributes["d"])
        #expect(line.filter { $0 == "M" }.count == 2)
    }

    @Test("reference lines are drawn and included in the fitted range")
    func referenceLine() throws {
        let chart = LineChart(series: [.init("s", y: [3, 5, 9])], referenceLines: [.horizontal(y: 0, label: "y = 0")])
        let parsed = try parseSVG(chart.svgText())
        let area = try plotArea(parsed)
        let line = try #require(parsed.withClass("reference").first)
        #expect(isClose(line.number("y1")!, area.y + area.height, tolerance: 1e-4))  // 0 is the axis minimum
        #expect(parsed.contains { $0.text == "y = 0" })
    }

    @Test("scatter: highlighted points get a star, frontiers are joined in x order")
    func scatter() throws {
        let chart = ScatterChart(
            series: [
                .init("policies", points: [.init(x: 0.2, y: 0.3, label: "A"), .init(x: .nan, y: 1, label: "lost")]),
                .init("frontier", points: [.init(x: 1, y: 0), .init(x: 0, y: 1), .init(x: 0.5, y: 0.8)], connection: .sortedByX),
            ],
            highlights: [.init("equilibrium", x: 0.4, y: 0.6, label: "equilibrium")])
        let parsed = try parseSVG(chart.svgText())
        let area = try plotArea(parsed)
        #expect(parsed.withClass("highlight").count == 1)
        #expect(parsed.withClass("point-label").map(\.text) == ["A", "equilibrium"])
        let frontier = try #require(parsed.withClass("connection").first?.attributes["d"])
        let numbers = frontier.split(whereSeparator: { "ML ".contains($0) }).compactMap { Double($0) }
        let xs = stride(from: 0, to: numbers.count, by: 2).map { numbers[$0] }
        #expect(xs == xs.sorted())
        #expect(isClose(xs[0], area.x, tolerance: 1e-4))
        // The legend has one entry per series and one per highlight.
        #expect(parsed.withClass("legend").count == 1)
        #expect(["policies", "frontier", "equilibrium"].allSatisfy { name in parsed.contains { $0.text == name } })
    }

    @Test("bars start at zero and their heights are proportional to their values")
    func bars() throws {
        let chart = try BarChart(
            categories: ["expert", "IRL", "BC"],
            series: [.init("gap", values: [0.5, 1, .nan]), .init("std", values: [-0.5, 0.25, 0.75], errors: [0.1, 0.1, 0.1])])
        let parsed = try parseSVG(chart.svgText())
        let bars = parsed.withClass("bar")
        #expect(bars.count == 5)  // the non-finite value draws no bar
        let h = bars.map { $0.number("height")! }
        #expect(isClose(h[2] / h[0], 2, tolerance: 0.01))  // 1 vs 0.5 (series 0 drawn first per category: 0.5, -0.5, 1, …)
        #expect(isClose(h[1], h[0], tolerance: 0.01))  // |-0.5| = |0.5|
        // The negative bar hangs below the positive one's base.
        #expect(isClose(bars[1].number("y")!, bars[0].number("y")! + h[0], tolerance: 1e-3))
        #expect(parsed.withClass("error-bar").count == 3)
        #expect(parsed.contains { $0.text == "n/a" })
    }

    @Test("a bar series of the wrong length is a thrown error")
    func barValidation() {
        #expect(throws: PlotError.shapeMismatch(argument: "bar series b values", expected: "2 values", actual: "1")) {
            try BarChart(categories: ["x", "y"], series: [.init("b", values: [1])])
        }
        #expect(throws: PlotError.self) {
            try BarChart(categories: ["x"], series: [.init("b", values: [1], errors: [1, 2])])
        }
        #expect(throws: PlotError.self) { try LineChart.Series("s", x: [1, 2], y: [1]) }
    }

    @Test("long x labels are thinned so they do not overlap")
    func labelThinning() throws {
        let chart = LineChart(series: [try .init("s", x: [0, 1e5 + 0.123], y: [0, 1])], width: 240)
        let parsed = try parseSVG(chart.svgText())
        let area = try plotArea(parsed)
        let xLabels = parsed.withClass("tick-label").filter {
            isClose($0.number("y")!, area.y + area.height + 5 + 3 + 11 * 0.9, tolerance: 1e-3)
        }
        let positions = xLabels.map { $0.number("x")! }
        let widths = xLabels.map { TextMetrics.width(of: $0.text, fontSize: 11) }
        for i in positions.indices.dropFirst() {
            #expect(positions[i] - positions[i - 1] >= (widths[i] + widths[i - 1]) / 2)
        }
    }
}
