/// A JSON value written with its object keys in insertion order, so every line of `--json`
/// output lists its fields in the same, documented order (Foundation's encoder does not promise
/// an order).
enum JSONValue: Sendable {
    case string(String)
    case integer(Int)
    /// Non-finite numbers are written as `null` (JSON has no NaN or infinity).
    case number(Double)
    case bool(Bool)
    case null
    case object([(String, JSONValue)])

    /// The value as compact JSON text.
    var text: String {
        switch self {
        case let .string(s): return Self.quoted(s)
        case let .integer(i): return String(i)
        case let .number(x): return x.isFinite ? "\(x)" : "null"
        case let .bool(b): return b ? "true" : "false"
        case .null: return "null"
        case let .object(fields):
            return "{" + fields.map { "\(Self.quoted($0.0)):\($0.1.text)" }.joined(separator: ",") + "}"
        }
    }

    /// A JSON string literal, escaping quotes, backslashes and control characters.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// One line of JSON Lines output: an object built field by field.
struct JSONLine: Sendable {
    private(set) var fields: [(String, JSONValue)] = []

    /// Appends a field; `nil` values are left out, so absent metrics have no key.
    mutating func add(_ key: String, _ value: JSONValue?) {
        if let value { fields.append((key, value)) }
    }

    /// The object as one line of text (no trailing newline).
    var text: String { JSONValue.object(fields).text }
}
