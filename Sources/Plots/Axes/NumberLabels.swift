import Foundation

/// Human-readable number labels for ticks, colour bars and bar values.
public enum NumberLabels {
    /// Labels for linear-axis ticks, all with the same number of decimals: the fewest that
    /// show every tick exactly (`0, 0.2, 0.4` or `0, 25, 50`). Very large or very small
    /// magnitudes are written in scientific notation (`2.5e6`).
    /// - Parameters:
    ///   - ticks: tick values.
    /// - Returns: one label per tick.
    public static func linearTicks(_ ticks: [Double]) -> [String] {
        let largest = ticks.map { Swift.abs($0) }.filter(\.isFinite).max() ?? 0
        if largest >= 1e6 || (largest > 0 && largest < 1e-3) { return ticks.map(scientific) }
        let digits =
            (0...9).first { d in
                let scale = pow(10, Double(d))
                return ticks.allSatisfy { t in Swift.abs(t * scale - (t * scale).rounded()) < 1e-9 * max(1, Swift.abs(t * scale)) }
            } ?? 9
        return ticks.map { SVGNumber.format($0, fractionDigits: digits) }
    }

    /// Labels for logarithmic-axis ticks: plain decimals (`0.001` … `10000`) when every tick is
    /// in that range, otherwise powers of ten with superscript exponents (`10⁻⁵`, `10⁰`, `10⁶`),
    /// so one axis never mixes the two styles. A tick that is not a power of ten falls back to
    /// ``scientific(_:)``.
    /// - Parameters:
    ///   - ticks: positive tick values.
    /// - Returns: one label per tick.
    public static func logarithmicTicks(_ ticks: [Double]) -> [String] {
        let plain = ticks.allSatisfy { Swift.abs($0) >= 1e-3 * (1 - 1e-9) && Swift.abs($0) <= 1e4 }
        return ticks.map { plain ? compact($0, significantDigits: 3) : powerOfTen($0) ?? scientific($0) }
    }

    /// `10` with a superscript exponent when `value` is (to rounding) a positive power of ten.
    static func powerOfTen(_ value: Double) -> String? {
        guard value > 0, value.isFinite else { return nil }
        let exponent = log10(value).rounded()
        guard Swift.abs(value / pow(10, exponent) - 1) < 1e-9 else { return nil }
        let superscripts: [Character: Character] = [
            "-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹",
        ]
        return "10" + String(String(Int(exponent)).compactMap { superscripts[$0] })
    }

    /// A short label with about `significantDigits` significant digits: `0.532`, `12.3`, `1234`,
    /// `-4.1e-5`. Non-finite values are written as `n/a`.
    /// - Parameters:
    ///   - value: the number.
    ///   - significantDigits: digits kept, at least 1.
    /// - Returns: the label.
    public static func compact(_ value: Double, significantDigits: Int = 3) -> String {
        guard value.isFinite else { return "n/a" }
        let a = Swift.abs(value)
        if a == 0 { return "0" }
        if a < 1e-3 || a >= 1e6 { return scientific(value) }
        let exponent = Int(log10(a).rounded(.down))
        let digits = min(max(significantDigits - 1 - exponent, 0), 6)
        return SVGNumber.format(value, fractionDigits: digits)
    }

    /// Scientific notation with at most three significant digits: `2.5e6`, `1e-4`.
    /// - Parameters:
    ///   - value: the number.
    /// - Returns: the label; `0` for zero and `n/a` for a non-finite value.
    public static func scientific(_ value: Double) -> String {
        guard value.isFinite else { return "n/a" }
        if value == 0 { return "0" }
        var exponent = Int(log10(Swift.abs(value)).rounded(.down))
        var mantissa = ((value / pow(10, Double(exponent))) * 100).rounded() / 100
        if Swift.abs(mantissa) >= 10 {
            mantissa /= 10
            exponent += 1
        }
        return SVGNumber.format(mantissa, fractionDigits: 2) + "e" + String(exponent)
    }
}
