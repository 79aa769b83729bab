/// A Python literal as it appears in a `.npy` header: NumPy writes `repr()` of a dict and reads
/// it back with `ast.literal_eval`, so the header is parsed as the subset of Python literal
/// syntax that can occur there.
indirect enum PythonLiteral: Equatable {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case none
    case tuple([PythonLiteral])
    case list([PythonLiteral])
    case dictionary([(key: PythonLiteral, value: PythonLiteral)])

    static func == (lhs: PythonLiteral, rhs: PythonLiteral) -> Bool {
        switch (lhs, rhs) {
        case let (.string(a), .string(b)): return a == b
        case let (.integer(a), .integer(b)): return a == b
        case let (.boolean(a), .boolean(b)): return a == b
        case (.none, .none): return true
        case let (.tuple(a), .tuple(b)), let (.list(a), .list(b)): return a == b
        case let (.dictionary(a), .dictionary(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// A short name of the literal's kind for error messages.
    var kindName: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .boolean: return "a boolean"
        case .none: return "None"
        case .tuple: return "a tuple"
        case .list: return "a list"
        case .dictionary: return "a dict"
        }
    }

    /// Parses one literal filling `text` (surrounding whitespace allowed).
    /// - Throws: A message saying what was wrong and at which byte offset.
    static func parse(_ text: String) throws(PythonLiteralError) -> PythonLiteral {
        var parser = Parser(bytes: Array(text.utf8))
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.position == parser.bytes.count else {
            throw parser.error("unexpected \(parser.describeCurrent()) after the literal")
        }
        return value
    }
}

/// Why a header literal did not parse.
struct PythonLiteralError: Error {
    let message: String
}

private struct Parser {
    let bytes: [UInt8]
    var position = 0
    /// Deeper nesting is refused, so a hostile header cannot exhaust the stack.
    static let maximumDepth = 16

    init(bytes: [UInt8]) { self.bytes = bytes }

    func error(_ message: String) -> PythonLiteralError {
        PythonLiteralError(message: "\(message) (at byte \(position) of the header)")
    }

    func describeCurrent() -> String {
        guard position < bytes.count else { return "end of header" }
        let byte = bytes[position]
        if byte >= 0x20 && byte < 0x7F { return "character '\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16))"
    }

    mutating func skipWhitespace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D, 0x0C].contains(bytes[position]) {
            position += 1
        }
    }

    mutating func parseValue(depth: Int) throws(PythonLiteralError) -> PythonLiteral {
        guard depth < Self.maximumDepth else { throw error("literal nested deeper than \(Self.maximumDepth) levels") }
        skipWhitespace()
        guard position < bytes.count else { throw error("expected a value, found end of header") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseDictionary(depth: depth)
        case UInt8(ascii: "("): return try parseSequence(close: UInt8(ascii: ")"), depth: depth)
        case UInt8(ascii: "["): return try parseSequence(close: UInt8(ascii: "]"), depth: depth)
        case UInt8(ascii: "'"), UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .integer(try parseInteger())
        default:
            if consumeWord("True") { return .boolean(true) }
            if consumeWord("False") { return .boolean(false) }
            if consumeWord("None") { return .none }
            throw error("expected a value, found \(describeCurrent())")
        }
    }

    mutating func consumeWord(_ word: String) -> Bool {
        let w = Array(word.utf8)
        guard bytes.count - position >= w.count, Array(bytes[position..<(position + w.count)]) == w else { return false }
        let end = position + w.count
        if end < bytes.count, isIdentifierByte(bytes[end]) { return false }
        position = end
        return true
    }

    func isIdentifierByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_")
    }

    mutating func parseDictionary(depth: Int) throws(PythonLiteralError) -> PythonLiteral {
        position += 1  // '{'
        var entries: [(key: PythonLiteral, value: PythonLiteral)] = []
        while true {
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                position += 1
                return .dictionary(entries)
            }
            let key = try parseValue(depth: depth + 1)
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                throw error("expected ':' after a dict key, found \(describeCurrent())")
            }
            position += 1
            let value = try parseValue(depth: depth + 1)
            entries.append((key, value))
            skipWhitespace()
            guard position < bytes.count else { throw error("unterminated dict: expected '}'") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
            } else if bytes[position] != UInt8(ascii: "}") {
                throw error("expected ',' or '}' in a dict, found \(describeCurrent())")
            }
        }
    }

    /// A tuple `( … )` or list `[ … ]`. A parenthesised single value without a comma is that
    /// value, as in Python: `(3)` is `3`, `(3,)` is a 1-tuple.
    mutating func parseSequence(close: UInt8, depth: Int) throws(PythonLiteralError) -> PythonLiteral {
        let isTuple = close == UInt8(ascii: ")")
        position += 1
        var items: [PythonLiteral] = []
        var sawComma = false
        while true {
            skipWhitespace()
            if position < bytes.count, bytes[position] == close {
                position += 1
                if isTuple && items.count == 1 && !sawComma { return items[0] }
                return isTuple ? .tuple(items) : .list(items)
            }
            items.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard position < bytes.count else {
                throw error("unterminated \(isTuple ? "tuple" : "list"): expected '\(Character(Unicode.Scalar(close)))'")
            }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                sawComma = true
            } else if bytes[position] != close {
                throw error("expected ',' or '\(Character(Unicode.Scalar(close)))', found \(describeCurrent())")
            }
        }
    }

    /// A decimal integer with optional sign and Python 2's `L` suffix (old NumPy wrote `(3L, 4L)`).
    mutating func parseInteger() throws(PythonLiteralError) -> Int {
        let start = position
        var negative = false
        if bytes[position] == UInt8(ascii: "-") || bytes[position] == UInt8(ascii: "+") {
            negative = bytes[position] == UInt8(ascii: "-")
            position += 1
            skipWhitespace()
        }
        var value = 0
        var digits = 0
        while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
            let digit = Int(bytes[position] - UInt8(ascii: "0"))
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = negative ? times10.subtractingReportingOverflow(digit) : times10.addingReportingOverflow(digit)
            guard !o1 && !o2 else {
                position = start
                throw error("integer literal does not fit in 64 bits")
            }
            value = next
            digits += 1
            position += 1
        }
        guard digits > 0 else { throw error("expected digits after a sign, found \(describeCurrent())") }
        if position < bytes.count, bytes[position] == UInt8(ascii: "L") || bytes[position] == UInt8(ascii: "l") {
            position += 1
        }
        if position < bytes.count, isIdentifierByte(bytes[position]) || bytes[position] == UInt8(ascii: ".") {
            throw error("expected an integer, found \(describeCurrent()) in a number")
        }
        return value
    }

    /// A single- or double-quoted string with the escapes `\\ \' \" \n \t \r \0`.
    mutating func parseString() throws(PythonLiteralError) -> String {
        let quote = bytes[position]
        position += 1
        var content: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if byte == quote {
                guard let string = String(validating: content, as: UTF8.self) else {
                    throw error("string literal is not valid UTF-8")
                }
                return string
            }
            if byte == 0x0A { throw error("newline inside a string literal") }
            if byte == UInt8(ascii: "\\") {
                guard position < bytes.count else { break }
                let escaped = bytes[position]
                position += 1
                switch escaped {
                case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""): content.append(escaped)
                case UInt8(ascii: "n"): content.append(0x0A)
                case UInt8(ascii: "t"): content.append(0x09)
                case UInt8(ascii: "r"): content.append(0x0D)
                case UInt8(ascii: "0"): content.append(0x00)
                default:
                    position -= 2
                    throw error("unsupported escape sequence in a string literal")
                }
            } else {
                content.append(byte)
            }
        }
        throw error("unterminated string literal")
    }
}
