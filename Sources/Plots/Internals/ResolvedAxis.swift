import Foundation

/// An ``Axis`` fitted to data: its domain (in log10 units on a log axis), ticks and labels.
struct ResolvedAxis: Sendable {
    let scale: AxisScale
    /// Domain ends in transformed units (the value itself, or its log10).
    let lower: Double
    let upper: Double
    let ticks: [Double]
    let labels: [String]
    /// Unlabelled ticks (2…9 × each decade on a short log axis).
    let minorTicks: [Double]

    /// Fits `axis` to `values`; values that cannot be drawn on this scale are ignored.
    init(_ axis: Axis, values: [Double], includeZero: Bool = false) {
        scale = axis.scale
        let usable = values.filter { v in v.isFinite && (axis.scale == .linear || v > 0) }
        switch axis.scale {
        case .linear:
            var ticks: [Double]
            if let range = axis.range, range.lowerBound.isFinite, range.upperBound.isFinite,
                range.upperBound > range.lowerBound
            {
                ticks = NiceTicks.linear(within: range)
                (lower, upper) = (range.lowerBound, range.upperBound)
            } else {
                var low = usable.min() ?? 0
                var high = usable.max() ?? 1
                if includeZero {
                    low = min(low, 0)
                    high = max(high, 0)
                }
                ticks = NiceTicks.linear(covering: low...high)
                (lower, upper) = (ticks[0], ticks[ticks.count - 1])
            }
            self.ticks = ticks
            labels = NumberLabels.linearTicks(ticks)
            minorTicks = []
        case .logarithmic:
            let ticks: [Double]
            if let range = axis.range, range.lowerBound > 0, range.upperBound.isFinite,
                range.upperBound > range.lowerBound
            {
                ticks = NiceTicks.logarithmic(within: range)
                (lower, upper) = (log10(range.lowerBound), log10(range.upperBound))
            } else {
                let low = usable.min() ?? 1
                let high = usable.max() ?? 10
                ticks = NiceTicks.logarithmic(covering: low...high)
                (lower, upper) = (log10(ticks[0]), log10(ticks[ticks.count - 1]))
            }
            self.ticks = ticks
            labels = NumberLabels.logarithmicTicks(ticks)
            var minor: [Double] = []
            let (lo, hi) = (lower, upper)
            if hi - lo <= 6 {
                for e in Int(lo.rounded(.down))...Int(hi.rounded(.up)) {
                    for m in 2...9 {
                        let v = Double(m) * pow(10, Double(e))
                        if log10(v) > lo, log10(v) < hi { minor.append(v) }
                    }
                }
            }
            minorTicks = minor
        }
    }

    /// Whether `value` can be placed on this axis.
    func accepts(_ value: Double) -> Bool {
        value.isFinite && (scale == .linear || value > 0)
    }

    /// The position of `value` as a fraction of the axis length (0 at `lower`, 1 at `upper`),
    /// or `nil` for a value that cannot be drawn. Values outside the domain give fractions
    /// outside `0...1`; the plot area's clip path hides them.
    func fraction(_ value: Double) -> Double? {
        guard accepts(value) else { return nil }
        let t = scale == .linear ? value : log10(value)
        guard upper > lower else { return 0.5 }
        return (t - lower) / (upper - lower)
    }
}
