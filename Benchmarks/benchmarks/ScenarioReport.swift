/// What a scenario measured: the row of the table and the line of `--json`.
///
/// Definitions (also in `--help` and docs/Benchmarks.md):
/// - `seconds`: median wall time of one pass (backward soft VI + forward occupancy).
/// - `backupsPerSecond`: `2·S·A·H·B / seconds` — a state-action backup is one `(t, s, a, b)`
///   entry of the backward pass (`Q_t = r + P·V_{t+1}`, then log-sum-exp) or of the forward pass
///   (`x_t = d_t·π_t`, pushed through `Pᵀ`); a pass does `S·A·H·B` of each.
/// - `flops`: the multiply-adds the products must do, `2·(S·A)·S·B` per pull and per push, `H`
///   of each (dense only).
/// - `fractionOfGEMM`: the time OpenBLAS alone needs for the pass's `2H` products, measured on
///   exactly the same shapes (`(S·A)×S · S×B` and `Pᵀ·X`; GEMV when `B = 1`) right after each
///   pass, divided by that pass's time; the median over repetitions. 1 means the soft-VI
///   bookkeeping costs nothing.
/// - `bytes`: `2H · bytesMoved(batch:)` of the transition operator (its data plus input and output).
/// - `fractionOfBandwidth`: `bytes / seconds / bandwidth`, for memory-bound scenarios (`B = 1`,
///   sparse, stencil). Above 1 means the data stayed in cache.
/// - `peakMemoryBytes`: `VmHWM` after the scenario (see ``PeakMemory``).
struct ScenarioReport: Sendable {
    /// Which ceiling a scenario is judged against.
    enum Bound: String, Sendable {
        /// GEMM-bound: judged by `fractionOfGEMM`.
        case compute
        /// Memory-bound: judged by `fractionOfBandwidth`.
        case memory
    }

    var name: String
    var operatorKind: String
    var states: Int
    var actions: Int
    var horizon: Int
    var batch: Int
    var scalar: String
    var bound: Bound
    var timing: Summary
    var flops: Double?
    /// Seconds the same-shape BLAS calls need for one pass (`H` pulls + `H` pushes).
    var sameShapeKernelSeconds: Double?
    /// "GEMM" or "GEMV": what the same-shape reference called.
    var sameShapeKernel: String?
    /// Median seconds of one same-shape pull call and one push call.
    var sameShapeCall: SameShapeKernel?
    /// The median over repetitions of (same-shape BLAS seconds / pass seconds), each pair
    /// measured back to back.
    var fractionOfGEMM: Double?
    var bytes: Double?
    var bandwidthGBs: Double
    var squareGEMMGFLOPS: Double
    var peakMemoryBytes: Int?
    var peakMemoryScope: PeakMemory.Scope
    /// The largest `|Σ μ − H| / H` over the batch: a correctness check of the timed pass.
    var massError: Double
    var breakdown: PassBreakdown?

    var seconds: Double { timing.median }
    var backupsPerSecond: Double { 2 * Double(states * actions * horizon * batch) / seconds }
    var gflopsPerSecond: Double? { flops.map { $0 / seconds / 1e9 } }
    var sameShapeGFLOPS: Double? {
        guard let flops, let k = sameShapeKernelSeconds else { return nil }
        return flops / k / 1e9
    }
    var gigabytesPerSecond: Double? { bytes.map { $0 / seconds / 1e9 } }
    var fractionOfBandwidth: Double? {
        guard bound == .memory, let gbs = gigabytesPerSecond else { return nil }
        return gbs / bandwidthGBs
    }
    /// The fraction the scenario is judged by.
    var headlineFraction: Double? { bound == .compute ? fractionOfGEMM : fractionOfBandwidth }

    /// The `--json` line; fields in this order, absent metrics left out.
    var jsonLine: JSONLine {
        var line = JSONLine()
        line.add("name", .string(name))
        line.add("operator", .string(operatorKind))
        line.add("states", .integer(states))
        line.add("actions", .integer(actions))
        line.add("horizon", .integer(horizon))
        line.add("batch", .integer(batch))
        line.add("scalar", .string(scalar))
        line.add("bound", .string(bound.rawValue))
        line.add("repetitions", .integer(timing.count))
        line.add("seconds", .number(seconds))
        line.add("seconds_min", .number(timing.minimum))
        line.add("seconds_max", .number(timing.maximum))
        line.add("backups_per_second", .number(backupsPerSecond))
        line.add("flops", flops.map { .number($0) })
        line.add("gflops_per_second", gflopsPerSecond.map { .number($0) })
        line.add("same_shape_kernel", sameShapeKernel.map { .string($0) })
        line.add("same_shape_gflops_per_second", sameShapeGFLOPS.map { .number($0) })
        line.add("same_shape_pull_seconds", sameShapeCall.map { .number($0.pullSeconds) })
        line.add("same_shape_push_seconds", sameShapeCall.map { .number($0.pushSeconds) })
        line.add("fraction_of_gemm", fractionOfGEMM.map { .number($0) })
        line.add("bytes", bytes.map { .number($0) })
        line.add("gigabytes_per_second", gigabytesPerSecond.map { .number($0) })
        line.add("fraction_of_bandwidth", fractionOfBandwidth.map { .number($0) })
        line.add("bandwidth_gigabytes_per_second", .number(bandwidthGBs))
        line.add("square_gemm_gflops_per_second", .number(squareGEMMGFLOPS))
        line.add("peak_memory_bytes", peakMemoryBytes.map { .integer($0) })
        line.add("peak_memory_scope", .string(peakMemoryScope.rawValue))
        line.add("mass_error", .number(massError))
        line.add("breakdown", breakdown.map { $0.json })
        return line
    }
}
