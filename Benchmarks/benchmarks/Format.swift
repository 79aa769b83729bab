import Foundation

/// Number formatting for the human-readable table.
enum Format {
    /// `x` with `digits` decimals ("12.35").
    static func fixed(_ x: Double, _ digits: Int) -> String {
        x.isFinite ? String(format: "%.\(digits)f", x) : "–"
    }

    /// Seconds with a unit that keeps three or four significant digits ("35.21 s", "812.3 ms", "45.1 µs").
    static func seconds(_ x: Double) -> String {
        guard x.isFinite else { return "–" }
        if x >= 1 { return String(format: "%.2f s", x) }
        if x >= 1e-3 { return String(format: "%.1f ms", x * 1e3) }
        return String(format: "%.1f µs", x * 1e6)
    }

    /// `x` in scientific notation with three significant digits ("1.23e9").
    static func scientific(_ x: Double) -> String {
        guard x.isFinite, x > 0 else { return "–" }
        let exponent = Int(log10(x).rounded(.down))
        return String(format: "%.2fe%d", x / pow(10, Double(exponent)), exponent)
    }

    /// A fraction as a percentage ("87.3%"), or "–".
    static func percent(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "–" }
        return String(format: "%.1f%%", 100 * x)
    }

    /// Bytes in MiB ("1234").
    static func mebibytes(_ bytes: Int?) -> String {
        guard let bytes else { return "–" }
        return String(format: "%.0f", Double(bytes) / 1_048_576)
    }

    /// `s` right-aligned in a field of `width` characters (left-aligned when `left`).
    static func pad(_ s: String, _ width: Int, left: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - s.count))
        return left ? s + fill : fill + s
    }
}
