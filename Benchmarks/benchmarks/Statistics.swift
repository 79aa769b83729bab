/// The summary of repeated timings of one thing: the median is what the benchmarks report
/// (robust to the other developers' jobs on the shared machine); min and max show the spread.
struct Summary: Sendable {
    /// The sorted samples.
    let samples: [Double]

    /// - Precondition: at least one sample (an internal invariant: every measurement runs once).
    init(_ samples: [Double]) {
        precondition(!samples.isEmpty, "a summary needs at least one sample")
        self.samples = samples.sorted()
    }

    var count: Int { samples.count }
    var minimum: Double { samples[0] }
    var maximum: Double { samples[samples.count - 1] }

    /// The middle sample, or the mean of the two middle ones for an even count.
    var median: Double {
        let n = samples.count
        return n % 2 == 1 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2
    }
}
