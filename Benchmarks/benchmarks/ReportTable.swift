/// The human-readable table: one row per scenario, printed as soon as the scenario finishes.
enum ReportTable {
    private static let widths = [34, 5, 10, 10, 8, 9, 8, 7, 8, 8]

    static var header: String {
        line(["scenario", "reps", "seconds", "backups/s", "GFLOP/s", "same-GF/s", "of GEMM", "GB/s", "of BW", "peak MiB"])
    }

    /// The row of a report; the fraction a scenario is judged by is marked with `*`.
    static func row(_ r: ScenarioReport) -> String {
        let gemm = Format.percent(r.fractionOfGEMM) + (r.bound == .compute ? "*" : " ")
        let bandwidth = Format.percent(r.fractionOfBandwidth) + (r.bound == .memory ? "*" : " ")
        return line([
            r.name, "\(r.timing.count)", Format.seconds(r.seconds), Format.scientific(r.backupsPerSecond),
            r.gflopsPerSecond.map { Format.fixed($0, 1) } ?? "–", r.sameShapeGFLOPS.map { Format.fixed($0, 1) } ?? "–",
            gemm, r.gigabytesPerSecond.map { Format.fixed($0, 1) } ?? "–", bandwidth, Format.mebibytes(r.peakMemoryBytes),
        ])
    }

    /// The largest relative occupancy-mass error accepted as correct.
    static func massTolerance(_ scalar: String) -> Double { scalar == "Float" ? 1e-3 : 1e-9 }

    private static func line(_ cells: [String]) -> String {
        zip(cells, widths).enumerated().map { i, cell in Format.pad(cell.0, cell.1, left: i == 0) }.joined(separator: " ")
    }
}
