/// Escaping of text and attribute values for XML 1.0.
///
/// Characters that XML 1.0 forbids outright (control characters other than tab, line feed and
/// carriage return, and the non-characters U+FFFE / U+FFFF) cannot be escaped, so they are
/// replaced with U+FFFD REPLACEMENT CHARACTER rather than silently producing an ill-formed file.
enum XMLEscaping {
    /// Escapes `&`, `<` and `>` for use as element content.
    static func escapedText(_ text: String) -> String {
        escape(text, quotes: false)
    }

    /// Escapes `&`, `<`, `>`, `"` and `'`, and writes tab / line breaks as character references
    /// so an XML parser's attribute-value normalisation does not turn them into spaces.
    static func escapedAttribute(_ value: String) -> String {
        escape(value, quotes: true)
    }

    private static func escape(_ text: String, quotes: Bool) -> String {
        // The common case (nothing to escape) returns the string unchanged without copying.
        guard text.unicodeScalars.contains(where: { needsWork($0, quotes: quotes) }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            case "'" where quotes: out += "&apos;"
            case "\t" where quotes: out += "&#9;"
            case "\n" where quotes: out += "&#10;"
            case "\r": out += "&#13;"
            default:
                if isForbidden(scalar) {
                    out.unicodeScalars.append("\u{FFFD}")
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    private static func needsWork(_ scalar: Unicode.Scalar, quotes: Bool) -> Bool {
        switch scalar {
        case "&", "<", ">", "\r": return true
        case "\"", "'", "\t", "\n": return quotes
        default: return isForbidden(scalar)
        }
    }

    private static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || v == 0xFFFE || v == 0xFFFF
    }
}
