/// Compact, locale-independent formatting of numbers written into SVG coordinates and attributes.
///
/// The output never contains `nan` or `inf`: the charts drop non-finite data before they reach
/// this point, and as a last line of defence a non-finite value is written as `0`. Magnitudes
/// are clamped to ±1e9, far outside any drawing, so a wild value cannot produce a 300-digit string.
public enum SVGNumber {
    /// The largest magnitude written; larger values are clamped to it.
    public static let maximumMagnitude = 1e9

    /// Formats `value` with at most `fractionDigits` digits after the point, trailing zeros
    /// removed, and no negative zero: `12`, `0.5`, `-3.25`.
    ///
    /// - Parameters:
    ///   - value: the number; a non-finite value is written as `0`.
    ///   - fractionDigits: the maximum number of digits after the decimal point, `0...9`.
    /// - Returns: the shortest decimal string with that precision.
    /// - Complexity: O(1).
    public static func format(_ value: Double, fractionDigits: Int = 2) -> String {
        guard value.isFinite else { return "0" }
        let digits = min(max(fractionDigits, 0), 9)
        let clamped = min(max(value, -maximumMagnitude), maximumMagnitude)
        var scale: Int64 = 1
        for _ in 0..<digits { scale *= 10 }
        // ±1e9 · 1e9 = 1e18 still fits in Int64.
        let scaled = Int64((Swift.abs(clamped) * Double(scale)).rounded())
        if scaled == 0 { return "0" }
        var text = clamped < 0 ? "-" : ""
        text += String(scaled / scale)
        let fraction = scaled % scale
        if fraction != 0 {
            var fractionText = String(fraction)
            fractionText = String(repeating: "0", count: digits - fractionText.count) + fractionText
            while fractionText.hasSuffix("0") { fractionText.removeLast() }
            text += "." + fractionText
        }
        return text
    }
}
