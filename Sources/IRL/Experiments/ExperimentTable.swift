import RealModule

/// The numbers of an experiment as a table: named columns and rows of numbers, for printing,
/// for CSV files and for tests. Experiments also return typed rows; this is their common view.
///
/// Missing entries (a learner that was not run, an exponent that could not be fitted) are NaN.
public struct ExperimentTable: Sendable, Hashable {
    /// The column names, e.g. `["H", "gap BC", "gap MaxEnt"]`.
    public let columns: [String]
    /// One array per row, `columns.count` numbers each.
    public let rows: [[Double]]

    /// - Parameters:
    ///   - columns: the column names.
    ///   - rows: the rows; a row shorter than `columns` is padded with NaN, a longer one truncated.
    public init(columns: [String], rows: [[Double]]) {
        self.columns = columns
        self.rows = rows.map { row in
            (0..<columns.count).map { $0 < row.count ? row[$0] : .nan }
        }
    }

    /// The values of one column, top to bottom (empty for an unknown name).
    /// - Complexity: O(rows).
    public func column(_ name: String) -> [Double] {
        guard let j = columns.firstIndex(of: name) else { return [] }
        return rows.map { $0[j] }
    }

    /// The table as comma-separated values: a header line, then one line per row. Numbers are
    /// written with Swift's shortest round-tripping representation (`nan` for a missing entry,
    /// which Python's `float()` and NumPy read back); names containing a comma or a quote are quoted.
    /// - Complexity: O(rows × columns).
    public func csv() -> String {
        let header = columns.map(Self.quoted).joined(separator: ",")
        let lines = rows.map { $0.map { $0.isNaN ? "nan" : "\($0)" }.joined(separator: ",") }
        return ([header] + lines).joined(separator: "\n") + "\n"
    }

    /// The table as aligned text for a terminal: right-aligned columns, each number with
    /// `significantDigits` significant digits (integers as integers, NaN as `–`).
    /// - Parameter significantDigits: at least 1 (default 4).
    /// - Complexity: O(rows × columns).
    public func formatted(significantDigits: Int = 4) -> String {
        let cells = rows.map { $0.map { Self.format($0, digits: Swift.max(1, significantDigits)) } }
        let widths = columns.indices.map { j in
            ([columns[j].count] + cells.map { $0[j].count }).max() ?? 0
        }
        func line(_ items: [String]) -> String {
            items.indices.map { String(repeating: " ", count: widths[$0] - items[$0].count) + items[$0] }
                .joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(columns), rule] + cells.map(line)).joined(separator: "\n") + "\n"
    }

    /// A number for the terminal: integers exactly, others with `digits` significant digits.
    public static func format(_ x: Double, digits: Int = 4) -> String {
        if x.isNaN { return "–" }
        if x.isInfinite { return x > 0 ? "∞" : "−∞" }
        if x == x.rounded(), Swift.abs(x) < 1e15 { return String(Int64(x)) }
        let magnitude = Swift.abs(x)
        if magnitude >= 1e-4, magnitude < 1e6 {
            // Fixed notation with `digits` significant digits, counted after rounding (9.99996 → 10.00).
            var decimals = digits - 1 - Int(Double.log10(magnitude).rounded(.down))
            if decimals > 0, (magnitude * Double.pow(10, decimals)).rounded() >= Double.pow(10, digits) { decimals -= 1 }
            return fixed(x, decimals: Swift.max(0, decimals))
        }
        return scientific(x, digits: digits)
    }

    static func fixed(_ x: Double, decimals: Int) -> String {
        var factor = 1.0
        for _ in 0..<decimals { factor *= 10 }
        let scaled = (Swift.abs(x) * factor).rounded()
        let integerPart = Int64(scaled / factor)
        var fraction = String(Int64(scaled - Double(integerPart) * factor))
        while fraction.count < decimals { fraction = "0" + fraction }
        let sign = x < 0 && scaled != 0 ? "-" : ""
        return decimals == 0 ? "\(sign)\(integerPart)" : "\(sign)\(integerPart).\(fraction)"
    }

    static func scientific(_ x: Double, digits: Int) -> String {
        var exponent = 0
        var mantissa = Swift.abs(x)
        while mantissa >= 10 { mantissa /= 10; exponent += 1 }
        while mantissa < 1 { mantissa *= 10; exponent -= 1 }
        var text = fixed(mantissa, decimals: digits - 1)
        if text.hasPrefix("10") {
            // Rounding carried into a new digit: 9.9995 → 10.00.
            exponent += 1
            text = fixed(mantissa / 10, decimals: digits - 1)
        }
        return (x < 0 ? "-" : "") + text + "e" + (exponent < 0 ? "-" : "+") + String(Swift.abs(exponent))
    }

    static func quoted(_ name: String) -> String {
        guard name.contains(",") || name.contains("\"") || name.contains("\n") else { return name }
        return "\"" + name.map { $0 == "\"" ? "\"\"" : String($0) }.joined() + "\""
    }
}
