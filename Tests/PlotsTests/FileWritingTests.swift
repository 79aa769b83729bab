import Foundation
import Testing

@testable import Plots

@Suite("Writing files")
struct FileWritingTests {
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("PlotsTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("write returns the text, puts exactly it on disk, and leaves no temporary file")
    func writesAtomically() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("chart.svg")
        let first = LineChart(title: "first", series: [.init("s", y: [1, 2])])
        let written = try first.write(to: url)
        #expect(written == first.svgText())
        #expect(try String(contentsOf: url, encoding: .utf8) == written)

        // Overwriting replaces the whole file.
        let second = try Heatmap(title: "second", values: [[1]])
        try second.write(toPath: url.path)
        #expect(try String(contentsOf: url, encoding: .utf8) == second.svgText())
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["chart.svg"])
    }

    @Test("a failed write throws an error naming the path")
    func failureNamesPath() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("no/such/dir/chart.svg")
        do {
            try SVGDocument(width: 10, height: 10).write(to: missing)
            Issue.record("writing into a missing directory succeeded")
        } catch {
            guard case .writeFailed(let path, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(path == missing.path)
            #expect(error.description.contains(missing.path))
        }
        // A directory in the way of the rename: the error names it and no temporary file is left.
        let blocked = directory.appendingPathComponent("blocked.svg")
        try FileManager.default.createDirectory(at: blocked, withIntermediateDirectories: false)
        #expect(throws: PlotError.self) { try SVGDocument(width: 10, height: 10).write(to: blocked) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["blocked.svg"])
    }
}
