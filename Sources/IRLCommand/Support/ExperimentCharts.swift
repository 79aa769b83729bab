import IRL
import Plots

/// Turns experiment series into charts.
enum ExperimentCharts {
    /// A line chart of series, references dashed.
    static func lineChart(title: String, series: [ExperimentSeries], xLabel: String, yLabel: String, logarithmic: Bool) -> LineChart {
        let lines = series.map { s in
            LineChart.Series(s.name, points: zip(s.x, s.y).map { DataPoint(x: $0, y: $1) }, isDashed: s.isReference)
        }
        let scale: AxisScale = logarithmic ? .logarithmic : .linear
        return LineChart(
            title: title, series: lines, xAxis: Axis(xLabel, scale: scale), yAxis: Axis(yLabel, scale: scale),
            showsMarkers: true)
    }
}

extension Figure {
    /// Writes the chart into an output folder as `name`.
    func write(into folder: inout OutputFolder, as name: String) throws {
        _ = try write(to: folder.url(name))
        folder.record(name)
    }
}
