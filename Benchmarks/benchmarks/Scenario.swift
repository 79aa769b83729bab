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
    /// Samples for the same-shape kernel calibration.
    let kernelSamples: Int
    let console: Console

    /// Times `pass` repeatedly under the repetition rule documented in the help: the first pass
    /// is discarded as a warm-up when it took under 2 s (otherwise it counts as a repetition);
    /// then passes repeat up to `repetitions`, stopping early once at least `min(3, repetitions)`
    /// are timed and their total exceeds `timeBudget`.
    ///
    /// `check` runs on each pass's result outside the timed region, and the result is released
    /// before the next pass starts (so two passes' outputs never coexist in memory).
    /// - Returns: the per-pass seconds and the largest value `check` returned.
    func timeRepeatedly<R>(_ pass: () throws -> R, check: (R) -> Double) throws -> (summary: Summary, worstCheck: Double) {
        var worst = -Double.infinity
        func timedPass() throws -> Double {
            let (seconds, result) = try Stopwatch.time(pass)
            worst = max(worst, check(result))
            return seconds
        }
        let first = try timedPass()
        var samples = first < 2 ? [Double]() : [first]
        var total = samples.reduce(0, +)
        while samples.count < repetitions {
            if samples.count >= min(3, repetitions) && total >= timeBudget { break }
            let seconds = try timedPass()
            samples.append(seconds)
            total += seconds
        }
        return (Summary(samples), worst)
    }
}
