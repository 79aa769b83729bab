/// The element types this library reads and writes, named as NumPy names them.
public enum NumPyDType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// IEEE 754 binary32 (`'<f4'`), Swift `Float`.
    case float32
    /// IEEE 754 binary64 (`'<f8'`), Swift `Double`.
    case float64
    /// Two's-complement 32-bit integer (`'<i4'`), Swift `Int32`.
    case int32
    /// Two's-complement 64-bit integer (`'<i8'`), Swift `Int64`.
    case int64
    /// One byte per element, 0 for false and 1 for true (`'|b1'`), Swift `Bool`.
    case bool

    /// The number of bytes one element occupies in a file.
    /// - Complexity: O(1).
    public var itemSize: Int {
        switch self {
        case .float32, .int32: return 4
        case .float64, .int64: return 8
        case .bool: return 1
        }
    }

    /// The NumPy type string (`descr`) for this dtype in the given byte order, e.g. `"<f8"`,
    /// `">i4"`; booleans have no byte order and are always `"|b1"`.
    /// - Parameter byteOrder: The byte order of the stored elements.
    /// - Returns: The `descr` value NumPy writes in a `.npy` header.
    /// - Complexity: O(1).
    public func descr(byteOrder: NumPyByteOrder) -> String {
        let code: String
        switch self {
        case .float32: code = "f4"
        case .float64: code = "f8"
        case .int32: code = "i4"
        case .int64: code = "i8"
        case .bool: return "|b1"
        }
        return (byteOrder == .littleEndian ? "<" : ">") + code
    }

    /// The NumPy name: `float32`, `float64`, `int32`, `int64` or `bool`.
    public var description: String { rawValue }
}

/// The order of the bytes of a multi-byte element in a file.
public enum NumPyByteOrder: Sendable, Hashable {
    /// Least significant byte first (`'<'`); what NumPy writes on x86-64 and ARM64.
    case littleEndian
    /// Most significant byte first (`'>'`).
    case bigEndian

    /// The byte order of the machine running this code.
    public static var native: NumPyByteOrder {
        1.littleEndian == 1 ? .littleEndian : .bigEndian
    }
}
