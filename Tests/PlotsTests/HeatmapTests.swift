import Testing

@testable import Plots

@Suite("Heatmaps")
struct HeatmapTests {
    static let grid: [[Double]] = [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]

    @Test("an R×C heatmap draws R×C cells, row 0 at the top, in a regular grid")
    func cellGrid() throws {
        let parsed = try parseSVG(try Heatmap(title: "grid", values: Self.grid).svgText())
        let cells = parsed.withClass("cell")
        #expect(cells.count == 12)
        let origin = (x: cells[0].number("x")!, y: cells[0].number("y")!)
        let size = cells[0].number("width")!
        for r in 0..<3 {
            for c in 0..<4 {
                let cell = cells[r * 4 + c]
                #expect(isClose(cell.number("x")!, origin.x + Double(c) * size, tolerance: 1e-3))
                #expect(isClose(cell.number("y")!, origin.y + Double(r) * size, tolerance: 1e-3))
            }
        }
        let index = try #require(parsed.firstIndex(where: { $0.classes.contains("cell") }))
        #expect(parsed.tooltip(of: index) == "row 0, column 0: 0")
        // Smallest value darkest purple, largest yellow.
        #expect(cells[0].attributes["fill"] == "#440154")
        #expect(cells[11].attributes["fill"] == "#fde725")
    }

    @Test("non-finite values are drawn as missing cells and never written as numbers")
    func missingCells() throws {
        var values = Self.grid
        values[1][2] = .nan
        values[2][0] = .infinity
        values[0][3] = -.infinity
        let text = try Heatmap(values: values, cellLabels: .values()).svgText()
        #expect(!text.lowercased().contains("nan") && !text.lowercased().contains("inf"))
        let parsed = try parseSVG(text)
        #expect(parsed.withClass("cell").count == 12)
        #expect(parsed.withClass("missing").count == 3)
        // The colour scale ignores them: finite values 0…11 still span the whole map.
        #expect(parsed.withClass("cell")[0].attributes["fill"] == "#440154")
        #expect(parsed.withClass("cell")[11].attributes["fill"] == "#fde725")
        #expect(parsed.withClass("cell-label").count == 9)
    }

    @Test("walls are dark, goals and starts outlined, and the key lists them")
    func marks() throws {
        let heatmap = try Heatmap(
            values: Self.grid, cellLabels: .values(),
            arrows: [CellArrow(row: 1, column: 1, dx: 1, dy: 0), CellArrow(row: 0, column: 0, dx: 0, dy: 1)],
            marks: [CellMark(.wall, row: 1, column: 1), CellMark(.goal, row: 2, column: 3), CellMark(.start, row: 0, column: 0)])
        let parsed = try parseSVG(heatmap.svgText())
        let walls = parsed.withClass("wall")
        #expect(walls.count == 1)
        #expect(walls[0].attributes["fill"] == HeatmapPanel.wallFill)
        // No arrow or text on the wall: one arrow, 11 labels.
        #expect(parsed.withClass("arrow").count == 1)
        #expect(parsed.withClass("cell-label").count == 11)
        #expect(parsed.withClass("goal").count == 2)  // on the cell and in the key
        #expect(parsed.withClass("start").count == 2)
        let key = parsed.filter { $0.name == "text" }.map(\.text)
        #expect(key.contains("wall") && key.contains("goal") && key.contains("start"))
    }

    @Test("an arrow points in grid directions: dy = -1 is up, dx = 1 is right")
    func arrowDirection() throws {
        let up = try Heatmap(values: [[0]], arrows: [CellArrow(row: 0, column: 0, dx: 0, dy: -1)])
        let parsed = try parseSVG(up.svgText())
        let cell = try #require(parsed.withClass("cell").first)
        let (cx, cy) = (cell.number("x")! + cell.number("width")! / 2, cell.number("y")! + cell.number("height")! / 2)
        let shaft = try #require(parsed.firstIndex { $0.name == "path" && $0.attributes["stroke-linecap"] != nil })
        let d = parsed[shaft].attributes["d"]!
        let numbers = d.split(whereSeparator: { "ML ".contains($0) }).compactMap { Double($0) }
        #expect(isClose(numbers[0], cx, tolerance: 1e-3) && isClose(numbers[1], cy, tolerance: 1e-3))
        #expect(isClose(numbers[2], cx, tolerance: 1e-3))  // straight up
        #expect(numbers[3] < cy)
    }

    @Test("a shared scale spans every panel; separate scales do not")
    func sharedScale() throws {
        let low = try Heatmap(title: "true", values: [[0, 1]])
        let high = try Heatmap(title: "recovered", values: [[1, 3]])
        let shared = HeatmapFigure(panels: [low, high], colorScaleSharing: .shared)
        #expect(shared.colorScales().allSatisfy { $0.domain == 0...3 })
        let parsedShared = try parseSVG(shared.svgText())
        #expect(parsedShared.withClass("colorbar").count == 1)
        #expect(parsedShared.withClass("cell")[1].attributes["fill"] == parsedShared.withClass("cell")[2].attributes["fill"])

        let separate = HeatmapFigure(panels: [low, high], colorScaleSharing: .separate)
        #expect(separate.colorScales().map(\.domain) == [0...1, 1...3])
        let parsedSeparate = try parseSVG(separate.svgText())
        #expect(parsedSeparate.withClass("colorbar").count == 2)
        #expect(parsedSeparate.withClass("cell")[1].attributes["fill"] != parsedSeparate.withClass("cell")[2].attributes["fill"])
        let labels = parsedSeparate.withClass("colorbar-label").map(\.text)
        #expect(labels == ["1", "0", "3", "1"])
    }

    @Test("a diverging heatmap labels the centre of its colour bar")
    func divergingBar() throws {
        let heatmap = try Heatmap(values: [[-2, 0.5]], scheme: .diverging())
        let labels = try parseSVG(heatmap.svgText()).withClass("colorbar-label").map(\.text)
        #expect(labels == ["2", "-2", "0"])
    }

    @Test("shape problems are thrown errors naming the argument")
    func validation() {
        #expect(throws: PlotError.shapeMismatch(argument: "heatmap values row 1", expected: "2 columns", actual: "1")) {
            try Heatmap(values: [[1, 2], [3]])
        }
        #expect(throws: PlotError.self) { try Heatmap(rows: 2, columns: 2, values: [1, 2, 3]) }
        #expect(throws: PlotError.self) { try Heatmap(values: [[1, 2]], cellLabels: .text([["a"]])) }
        #expect(throws: PlotError.cellOutOfRange(argument: "heatmap mark", row: 1, column: 0, rows: 1, columns: 2)) {
            try Heatmap(values: [[1, 2]], marks: [CellMark(.goal, row: 1, column: 0)])
        }
        #expect(throws: PlotError.self) { try Heatmap(values: [[1]], arrows: [CellArrow(row: 0, column: -1, dx: 1, dy: 0)]) }
    }

    @Test("flat row-major values match rows of values")
    func flatInit() throws {
        let flat = try Heatmap(rows: 3, columns: 4, values: Self.grid.flatMap { $0 })
        let nested = try Heatmap(values: Self.grid)
        #expect(flat.svgText() == nested.svgText())
        #expect(flat.value(row: 2, column: 1) == 9)
    }
}
