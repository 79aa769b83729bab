/// The error thrown by every NumPy reader and writer: the file it concerns and what was wrong.
///
/// `file` is the path of the `.npy` / `.npz` file (for an archive member, `archive.npz:name.npy`),
/// or the `source` label given to an in-memory decoder; `nil` when no file is involved (e.g.
/// building a ``NumPyArray`` from a shape and elements that do not fit together).
public struct NumPyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong.
    public enum Problem: Sendable, Equatable {
        /// The file does not start with the `\x93NUMPY` magic string; `found` holds its first bytes.
        case badMagic(found: [UInt8])
        /// The format version is not 1.0, 2.0 or 3.0.
        case unsupportedVersion(major: UInt8, minor: UInt8)
        /// The header is not the dictionary literal NumPy writes; the string says what was wrong.
        case malformedHeader(String)
        /// The header's `descr` names a type this library does not read (e.g. `'<u2'`, `'<c16'`).
        case unsupportedDType(String)
        /// The file ends before the header or the array data does.
        case truncatedData(expectedBytes: Int, actualBytes: Int)
        /// The file has bytes after the array data.
        case trailingData(expectedBytes: Int, actualBytes: Int)
        /// The element count or byte count of a shape does not fit in `Int`.
        case shapeOverflow(shape: [Int], itemSize: Int)
        /// A shape has a negative extent.
        case negativeExtent(shape: [Int])
        /// The array holds a different number of elements than its shape says.
        case elementCountMismatch(shape: [Int], count: Int)
        /// The array's data needs more bytes than ``NumPyReadOptions/maximumByteCount`` allows.
        case arrayTooLarge(byteCount: Int, limit: Int)
        /// The array's dtype is not one the caller accepts.
        case dtypeMismatch(expected: String, actual: NumPyDType)
        /// The array's shape is not the one the caller asked for.
        case shapeMismatch(expected: [Int], actual: [Int])
        /// A value cannot be converted exactly to the requested type.
        case valueNotRepresentable(index: [Int], value: String, target: String)
        /// A NaN or infinity where ``NumPyReadOptions/allowNonFinite`` forbids it.
        case nonFiniteValue(index: [Int], value: Double)
        /// An `.npz` archive has no member `name.npy`.
        case missingMember(name: String, available: [String])
        /// An `.npz` archive holds two members with the same name.
        case duplicateMember(name: String)
        /// An array name cannot be stored as an `.npz` member name (empty, NUL, or too long for ZIP).
        case invalidMemberName(String)
        /// The ZIP container of an `.npz` file cannot be read or written.
        case invalidArchive(String)
        /// The file system refused a read or write; the string gives the system's reason.
        case fileSystem(String)
    }

    /// The file (or in-memory source) the error is about, or `nil` when no file is involved.
    public let file: String?
    /// What was wrong.
    public let problem: Problem

    /// Creates an error about `file`.
    /// - Parameters:
    ///   - file: The path or source label, or `nil`.
    ///   - problem: What was wrong.
    /// - Complexity: O(1).
    public init(file: String?, _ problem: Problem) {
        self.file = file
        self.problem = problem
    }

    /// A sentence naming the file and the problem.
    public var description: String {
        guard let file else { return problemDescription }
        return "\(file): \(problemDescription)"
    }

    private var problemDescription: String {
        switch problem {
        case let .badMagic(found):
            let hex = found.map { String($0, radix: 16, uppercase: false) }.joined(separator: " ")
            return "not a .npy file: expected the magic string 93 4e 55 4d 50 59 (\\x93NUMPY), found [\(hex)]"
        case let .unsupportedVersion(major, minor):
            return "unsupported .npy format version \(major).\(minor) (supported: 1.0, 2.0, 3.0)"
        case let .malformedHeader(reason):
            return "malformed .npy header: \(reason)"
        case let .unsupportedDType(descr):
            return "unsupported dtype \(descr) (supported: float32, float64, int32, int64, bool)"
        case let .truncatedData(expected, actual):
            return "truncated: expected \(expected) bytes, but only \(actual) are present"
        case let .trailingData(expected, actual):
            return "\(actual - expected) unexpected bytes after the array data (expected \(expected) bytes, found \(actual))"
        case let .shapeOverflow(shape, itemSize):
            return "shape \(shape) with \(itemSize)-byte elements overflows the addressable size"
        case let .negativeExtent(shape):
            return "shape \(shape) has a negative extent"
        case let .elementCountMismatch(shape, count):
            return "shape \(shape) does not match the \(count) elements given"
        case let .arrayTooLarge(byteCount, limit):
            return "array data of \(byteCount) bytes exceeds the limit of \(limit) bytes (NumPyReadOptions.maximumByteCount)"
        case let .dtypeMismatch(expected, actual):
            return "dtype is \(actual), expected \(expected)"
        case let .shapeMismatch(expected, actual):
            return "shape is \(actual), expected \(expected)"
        case let .valueNotRepresentable(index, value, target):
            return "value \(value) at index \(index) cannot be represented exactly as \(target)"
        case let .nonFiniteValue(index, value):
            return "non-finite value \(value) at index \(index) (allowNonFinite is false)"
        case let .missingMember(name, available):
            return "no array named '\(name)' (member \(name).npy); the archive holds \(available)"
        case let .duplicateMember(name):
            return "the archive holds more than one member named \(name).npy"
        case let .invalidMemberName(name):
            return "'\(name)' cannot be an .npz member name (it is empty, contains a NUL character, or is longer than 65 531 bytes)"
        case let .invalidArchive(reason):
            return "not a readable .npz (ZIP) archive: \(reason)"
        case let .fileSystem(reason):
            return reason
        }
    }
}
