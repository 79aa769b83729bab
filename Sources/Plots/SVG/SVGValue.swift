/// The value of an SVG attribute: text, or a number that is written compactly.
///
/// Literals work directly: `"none"` is a string, `3` and `0.5` are numbers.
public enum SVGValue: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByFloatLiteral,
    ExpressibleByIntegerLiteral
{
    /// Text, escaped when written.
    case string(String)
    /// A number, written with ``SVGNumber/format(_:fractionDigits:)`` (two fraction digits).
    case number(Double)

    /// Creates a string value from a literal.
    /// - Parameters:
    ///   - value: the text.
    public init(stringLiteral value: String) { self = .string(value) }

    /// Creates a numeric value from a floating-point literal.
    /// - Parameters:
    ///   - value: the number.
    public init(floatLiteral value: Double) { self = .number(value) }

    /// Creates a numeric value from an integer literal.
    /// - Parameters:
    ///   - value: the number.
    public init(integerLiteral value: Int) { self = .number(Double(value)) }

    /// The text written between the quotes, before XML escaping.
    public var text: String {
        switch self {
        case .string(let s): return s
        case .number(let x): return SVGNumber.format(x)
        }
    }
}
