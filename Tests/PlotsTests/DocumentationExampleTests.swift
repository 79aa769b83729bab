import Foundation
import Plots
import Testing

/// The example in docs/Plots.md, with data filled in, so the documented calls keep compiling.
@Suite("docs/Plots.md example")
struct DocumentationExampleTests {
    @Test("the documented usage writes both figures")
    func documentedUsage() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("PlotsDocs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let trueReward: [[Double]] = (0..<5).map { r in (0..<5).map { c in r == 4 && c == 4 ? 1 : -0.04 } }
        let recoveredReward = trueReward.map { $0.map { $0 * 0.9 + 0.01 } }
        let policyArrows = (0..<5).flatMap { r in (0..<5).map { c in CellArrow(row: r, column: c, dx: c < 4 ? 1 : 0, dy: c < 4 ? 0 : 1) } }
        let gaps = (0..<50).map { 2 * exp(-Double($0) / 8) }

        let truth = try Heatmap(
            title: "true reward", values: trueReward, scheme: .diverging(),
            marks: [CellMark(.wall, row: 1, column: 1), CellMark(.goal, row: 4, column: 4)])
        let learned = try Heatmap(
            title: "recovered reward", values: recoveredReward, scheme: .diverging(),
            arrows: policyArrows,  // [CellArrow(row:column:dx:dy:length:opacity:)]
            marks: truth.marks)
        try HeatmapFigure(title: "5×5 gridworld", panels: [truth, learned]).write(
            toPath: directory.appendingPathComponent("rewards.svg").path)

        let curve = LineChart(
            title: "Max-ent IRL", series: [.init("feature gap", y: gaps)],
            xAxis: Axis("iteration"), yAxis: Axis("gap", scale: .logarithmic))
        let svg: String = try curve.write(toPath: directory.appendingPathComponent("convergence.svg").path)

        #expect(svg.hasPrefix("<?xml"))
        #expect(try parseSVG(svg).contains { $0.text == "feature gap" })
        let rewards = try String(contentsOf: directory.appendingPathComponent("rewards.svg"), encoding: .utf8)
        #expect(try parseSVG(rewards).withClass("cell").count == 50)
    }
}
