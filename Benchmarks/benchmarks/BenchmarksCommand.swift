import ArgumentParser
import Foundation
import DenseTensors

/// `swift run -c release benchmarks`: throughput of the library's hot core against this
/// machine's own GEMM rate and memory bandwidth, measured in the same run.
struct BenchmarksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmarks",
        abstract: "Time soft value iteration + occupancy passes against this machine's GEMM rate and memory bandwidth.",
        discussion: """
            A pass is one backward finite-horizon soft value iteration (SoftValueIteration.solve) plus \
            one forward occupancy pass (TabularMDP.occupancy) for a batch of B random rewards on random \
            dense row-stochastic transitions. Building P and the rewards is not timed. The first pass is \
            a warm-up when it takes under 2 s; then passes repeat up to --repetitions, stopping early \
            (after at least 3) once --time-budget seconds are spent. Times are medians.

            Columns (JSON fields in parentheses):

            seconds (seconds): median wall time of one pass.

            backups/s (backups_per_second): 2·S·A·H·B / seconds. A state-action backup is one \
            (t, s, a, b) entry of the backward pass (Q = r + P·V, log-sum-exp over actions) or of the \
            forward pass (x = d·π, pushed through Pᵀ); a pass does S·A·H·B of each.

            GFLOP/s (gflops_per_second): flops / seconds, flops = 2·(S·A)·S·B·H for the pulls plus the \
            same for the pushes.

            same-GF/s (same_shape_gflops_per_second): the same flops / the time OpenBLAS alone needs for \
            them on exactly the pass's shapes ((S·A)×S times S×B, and Pᵀ·X; GEMV when B = 1).

            of GEMM (fraction_of_gemm): that BLAS-only time / the pass time, the BLAS calls being timed \
            right after each pass (same machine load); median over passes. Target for B = 64: ≥ 85%.

            GB/s, of BW (gigabytes_per_second, fraction_of_bandwidth): bytes = 2H·bytesMoved(batch:) of \
            the operator, / seconds, / the best STREAM-style bandwidth (read, copy, triad over 3 × 64 MiB) \
            of the header. Judged for memory-bound scenarios (B = 1, marked *); above 100% means the \
            data stayed in cache.

            peak MiB (peak_memory_bytes): VmHWM after the scenario, reset before it through \
            /proc/self/clear_refs (if refused: the process's high-water mark so far, and \
            peak_memory_scope says "process").
            """)

    @Option(help: "Run only the scenarios whose name contains this substring (e.g. 'S4096', '/B64/').")
    var filter: String?

    @Flag(help: "Print one JSON object per scenario per line on stdout; human-readable text goes to stderr.")
    var json = false

    @Option(help: "The largest number of timed passes per scenario (default 5; 1 with --smoke).")
    var repetitions: Int?

    @Option(help: "Stop repeating a scenario once its timed passes total this many seconds (never below 3 passes).")
    var timeBudget: Double = 60

    @Flag(help: "Tiny sizes and 1 repetition, for CI (a few seconds).")
    var smoke = false

    @Flag(help: "Print the scenario names (after --filter) and exit.")
    var list = false

    @Flag(help: "Also time the parts of a pass separately (pull, log-sum-exp, push, …) in one instrumented pass.")
    var breakdown = false

    func validate() throws {
        if let repetitions, repetitions < 1 {
            throw ValidationError("--repetitions must be at least 1 (got \(repetitions)).")
        }
        guard timeBudget.isFinite, timeBudget >= 0 else {
            throw ValidationError("--time-budget must be a non-negative number of seconds (got \(timeBudget)).")
        }
        if let filter, filter.isEmpty {
            throw ValidationError("--filter needs a non-empty substring.")
        }
    }

    func run() throws {
        let console = Console(jsonMode: json)
        let scenarios = (smoke ? ScenarioRegistry.smoke : ScenarioRegistry.standard)
            .filter { filter == nil || $0.name.contains(filter!) }
        if list {
            for scenario in scenarios { print(scenario.name) }
            return
        }
        guard !scenarios.isEmpty else {
            throw ValidationError("no scenario matches --filter '\(filter ?? "")'; see --list.")
        }
        let calibration = try MachineCalibration.measure(smoke ? .smoke : .standard)
        for line in calibration.headerLines() { console.text(line) }
        let context = ScenarioContext(
            repetitions: repetitions ?? (smoke ? 1 : 5), timeBudget: timeBudget, calibration: calibration,
            breakdown: breakdown, kernelSamples: smoke ? 1 : 3, kernelMinimumSeconds: smoke ? 0 : 0.1,
            console: console)
        console.text(ReportTable.header)
        var failures = 0
        for scenario in scenarios {
            // Each scenario's peak memory is its own: no scratch array kept from the previous one.
            ScratchArrays.release()
            do {
                let report = try scenario.run(context)
                console.text(ReportTable.row(report))
                if let parts = report.breakdown {
                    for line in parts.lines(passSeconds: report.seconds, reference: report.sameShapeCall, horizon: report.horizon) {
                        console.text(line)
                    }
                }
                if json { console.json(report.jsonLine) }
                if !(report.massError <= ReportTable.massTolerance(report.scalar)) {
                    console.error("\(scenario.name): occupancy mass off by \(report.massError) (relative)")
                    failures += 1
                }
            } catch {
                console.error("\(scenario.name) failed: \(error)")
                failures += 1
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }
}
