import Foundation

/// "Nice" tick positions: multiples of 1, 2, 2.5 or 5 times a power of ten on a linear axis,
/// and powers of ten on a logarithmic axis.
public enum NiceTicks {
    /// The step multipliers tried, in order, within each power of ten.
    static let multipliers: [Double] = [1, 2, 2.5, 5, 10]

    /// The nice step for dividing `span` into about `targetCount − 1` intervals.
    ///
    /// With `raw = span / (targetCount − 1)` and `m = 10^⌊log10 raw⌋`, the step is whichever of
    /// `1m, 2m, 2.5m, 5m, 10m` gives an interval count `span / step` closest to
    /// `targetCount − 1` (ties go to the larger step, i.e. fewer labels).
    /// - Parameters:
    ///   - span: the width of the range, `> 0` and finite (otherwise the step is 1).
    ///   - targetCount: the desired number of ticks, at least 2.
    /// - Returns: the step.
    public static func step(forSpan span: Double, targetCount: Int = 6) -> Double {
        guard span > 0, span.isFinite else { return 1 }
        let intervals = Double(max(targetCount, 2) - 1)
        let magnitude = pow(10, (log10(span / intervals)).rounded(.down))
        var best = 10 * magnitude
        for multiplier in multipliers.reversed() {
            let step = multiplier * magnitude
            if Swift.abs(span / step - intervals) < Swift.abs(span / best - intervals) - 1e-9 { best = step }
        }
        return best
    }

    /// Ticks at multiples of a nice step whose first tick is at or below the range and whose
    /// last is at or above it, so the axis can start and end on a labelled value.
    ///
    /// `0...1` gives `0, 0.2, …, 1`; `3...97` gives `0, 20, …, 100`. A zero-width range `v...v`
    /// is widened to `v ± 0.1|v|` (or `±1` when `v == 0`) first. A range with an infinite bound
    /// is treated as `0...1`.
    /// - Parameters:
    ///   - range: the data range to cover.
    ///   - targetCount: the desired number of ticks (the result has roughly this many).
    /// - Returns: at least two ascending tick values.
    /// - Complexity: O(number of ticks).
    public static func linear(covering range: ClosedRange<Double>, targetCount: Int = 6) -> [Double] {
        let (lower, upper) = widened(range)
        let step = step(forSpan: upper - lower, targetCount: targetCount)
        let first = Int((lower / step + 1e-9).rounded(.down))
        let last = max(Int((upper / step - 1e-9).rounded(.up)), first + 1)
        return (first...last).map { tidy(Double($0) * step, step: step) }
    }

    /// Ticks at multiples of a nice step that lie inside the range, for an axis whose range is
    /// fixed by the caller.
    /// - Parameters:
    ///   - range: the fixed axis range.
    ///   - targetCount: the desired number of ticks.
    /// - Returns: ascending tick values within `range` (possibly a single one for a tiny range).
    /// - Complexity: O(number of ticks).
    public static func linear(within range: ClosedRange<Double>, targetCount: Int = 6) -> [Double] {
        let (lower, upper) = widened(range)
        let step = step(forSpan: upper - lower, targetCount: targetCount)
        let first = Int((lower / step - 1e-9).rounded(.up))
        let last = Int((upper / step + 1e-9).rounded(.down))
        guard first <= last else { return [tidy(lower, step: step)] }
        return (first...last).map { tidy(Double($0) * step, step: step) }
    }

    /// Powers of ten covering a positive range: `1e-3...1e2` gives `1e-3, 1e-2, …, 1e2`.
    ///
    /// The first tick is the decade at or below the lower bound, the last the decade at or above
    /// the upper bound (at least one decade apart). When there are more decades than
    /// `maximumCount` allows, every k-th decade is kept.
    /// - Parameters:
    ///   - range: the data range; a non-positive lower bound is replaced by `upper · 1e-3`, and a
    ///     non-positive or infinite upper bound gives `1, 10`.
    ///   - maximumCount: the most ticks wanted, at least 2.
    /// - Returns: ascending powers of ten.
    /// - Complexity: O(number of decades).
    public static func logarithmic(covering range: ClosedRange<Double>, maximumCount: Int = 10) -> [Double] {
        let upper = range.upperBound
        guard upper > 0, upper.isFinite else { return [1, 10] }
        let lower = range.lowerBound > 0 ? range.lowerBound : upper * 1e-3
        let e0 = Int((log10(lower) + 1e-9).rounded(.down))
        let e1 = max(Int((log10(upper) - 1e-9).rounded(.up)), e0 + 1)
        let stride = max(1, Int((Double(e1 - e0) / Double(max(maximumCount, 2) - 1)).rounded(.up)))
        var exponents = Array(Swift.stride(from: e0, through: e1, by: stride))
        if let last = exponents.last, last < e1 { exponents.append(last + stride) }
        return exponents.map { pow(10, Double($0)) }
    }

    /// Powers of ten inside a fixed positive range (no widening).
    /// - Parameters:
    ///   - range: the fixed range, with a positive lower bound.
    /// - Returns: the decades inside it, possibly none.
    static func logarithmic(within range: ClosedRange<Double>) -> [Double] {
        guard range.lowerBound > 0, range.upperBound.isFinite else { return [] }
        let e0 = Int((log10(range.lowerBound) - 1e-9).rounded(.up))
        let e1 = Int((log10(range.upperBound) + 1e-9).rounded(.down))
        guard e0 <= e1 else { return [] }
        return (e0...e1).map { pow(10, Double($0)) }
    }

    private static func widened(_ range: ClosedRange<Double>) -> (Double, Double) {
        guard range.lowerBound.isFinite, range.upperBound.isFinite else { return (0, 1) }
        if range.upperBound > range.lowerBound { return (range.lowerBound, range.upperBound) }
        let v = range.lowerBound
        let pad = v == 0 ? 1 : Swift.abs(v) * 0.1
        return (v - pad, v + pad)
    }

    /// Rounds away the binary noise of `i · step` (so `3 · 0.2` is `0.6`, not `0.6000000000000001`).
    private static func tidy(_ value: Double, step: Double) -> Double {
        let digits = max(0, 1 - Int(log10(step).rounded(.down)))
        let scale = pow(10, Double(min(digits, 15)))
        let result = (value * scale).rounded() / scale
        return result == 0 ? 0 : result
    }
}
