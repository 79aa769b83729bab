/// One benchmark scenario: a named, self-contained measurement that builds its own data, times
/// it, frees it, and returns a ``ScenarioReport``.
///
/// Scenarios run one after another (never two data sets in memory at once). To add one, write a
/// type conforming to this protocol — or reuse ``SoftVIPassScenario`` with a new
/// ``TransitionModel`` — and add one entry to ``ScenarioRegistry``.
protocol Scenario: Sendable {
    /// A unique, slash-separated name, e.g. `dense/S4096/A5/H100/B64/Double`; `--filter` matches
    /// substrings of it.
    var name: String { get }

    /// Builds the data (untimed), measures, and reports.
    /// - Throws: any library error; the command reports it and goes on with the next scenario.
    func run(_ context: ScenarioContext) throws -> ScenarioReport
}

/// What every scenario gets from the command.
struct ScenarioContext: Sendable {
    /// The largest number of timed repetitions.
    let repetitions: Int
    /// After this many seconds of timed passes a scenario stops repeating, once it has at least
    /// `min(3, repetitions)` samples.
    let timeBudget: Double
    /// The machine calibration of this run.
    let calibration: MachineCalibration
    /// Whether to time the parts of a pass separately (`--breakdown`).
    let breakdown: Bool
    /// Samples of each same-shape BLAS call, and the least seconds of one sample.
    let kernelSamples: Int
    let kernelMinimumSeconds: Double
    let console: Console

    /// Times `pass` repeatedly under the repetition rule documented in the help: the first pass
    /// is discarded as a warm-up when it took under 2 s (otherwise it counts as a repetition);
    /// then passes repeat up to `repetitions`, stopping early once at least `min(3, repetitions)`
    /// are timed and their total exceeds `timeBudget`.
    ///
    /// After each timed pass, `reference` (when given) times the BLAS-only equivalent of a pass,
    /// so every pass has a reference measured under the same load of the shared machine; the
    /// fraction is the median of the per-pass ratios. `check` runs on each pass's result outside
    /// the timed region, and the result is released before the next pass starts (so two passes'
    /// outputs never coexist in memory).
    func timeRepeatedly<R>(
        _ pass: () throws -> R, check: (R) -> Double, reference: (() throws -> Double)?
    ) throws -> RepeatedTiming {
        var worst = -Double.infinity
        func timedPass() throws -> Double {
            let (seconds, result) = try Stopwatch.time(pass)
            worst = max(worst, check(result))
            return seconds
        }
        var passes = [Double](), references = [Double]()
        func record(_ seconds: Double) throws {
            passes.append(seconds)
            if let reference { references.append(try reference()) }
        }
        let first = try timedPass()
        if first >= 2 { try record(first) }
        while passes.count < repetitions {
            if passes.count >= min(3, repetitions) && passes.reduce(0, +) >= timeBudget { break }
            try record(try timedPass())
        }
        return RepeatedTiming(passes: passes, references: references, worstCheck: worst)
    }
}

/// The timings of a scenario's passes and of their BLAS-only references.
struct RepeatedTiming: Sendable {
    /// Seconds per pass.
    let passes: Summary
    /// Seconds the same-shape BLAS calls need for one pass, one measurement after each pass
    /// (`nil` without a reference).
    let references: Summary?
    /// `reference_i / pass_i` per repetition (`nil` without a reference).
    let ratios: Summary?
    /// The largest value the result check returned.
    let worstCheck: Double

    init(passes: [Double], references: [Double], worstCheck: Double) {
        self.passes = Summary(passes)
        self.references = references.isEmpty ? nil : Summary(references)
        self.ratios = references.isEmpty ? nil : Summary(zip(references, passes).map { $0 / $1 })
        self.worstCheck = worstCheck
    }
}
