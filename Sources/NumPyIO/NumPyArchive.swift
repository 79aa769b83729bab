public import DenseTensors
import Foundation

/// A set of named arrays stored as a NumPy `.npz` archive: a ZIP file with one `.npy` member
/// `name.npy` per array, stored (`numpy.savez`) or deflated (`numpy.savez_compressed`).
///
/// The ZIP container is read and written by ZIPFoundation. Reading ignores directories and
/// members whose names do not end in `.npy`.
public struct NumPyArchive: Sendable, Equatable {
    /// How members are stored in the ZIP container.
    public enum Compression: Sendable, Equatable {
        /// Members are stored as they are, like `numpy.savez`.
        case stored
        /// Members are deflated, like `numpy.savez_compressed`.
        case deflated
    }

    /// The arrays, by name (the member name without `.npy`).
    public var arrays: [String: NumPyArray]
    /// The path or label the archive was read from, used in error messages.
    public let source: String?

    /// The array names in ascending order.
    /// - Complexity: O(k log k) for k arrays.
    public var names: [String] { arrays.keys.sorted() }

    /// Creates an archive value from named arrays.
    /// - Parameter arrays: The arrays, by name; each is written as member `name.npy`.
    /// - Complexity: O(1).
    public init(_ arrays: [String: NumPyArray] = [:]) {
        self.arrays = arrays
        self.source = nil
    }

    init(arrays: [String: NumPyArray], source: String?) {
        self.arrays = arrays
        self.source = source
    }

    /// Two archives are equal when they hold equal arrays under the same names.
    public static func == (lhs: NumPyArchive, rhs: NumPyArchive) -> Bool { lhs.arrays == rhs.arrays }

    // MARK: - Accessing arrays

    /// The array stored as member `name.npy`.
    /// - Parameter name: The array name, without `.npy`.
    /// - Returns: The array.
    /// - Throws: ``NumPyError`` with ``NumPyError/Problem/missingMember(name:available:)``.
    /// - Complexity: O(1) on average; O(k log k) to list the names when the member is missing.
    public func array(named name: String) throws(NumPyError) -> NumPyArray {
        guard let array = arrays[name] else {
            throw NumPyError(file: source, .missingMember(name: name, available: names))
        }
        return array
    }

    /// The array `name` as a tensor, with the conversion rules of
    /// ``NumPyArray/tensor(of:convertingIntegers:)`` and an optional shape check.
    /// - Parameters:
    ///   - name: The array name, without `.npy`.
    ///   - type: `Float.self` or `Double.self`.
    ///   - shape: The shape the caller expects, or `nil` to accept any.
    ///   - convertingIntegers: Whether integer and boolean arrays convert (exactly) to scalars.
    /// - Returns: The tensor.
    /// - Throws: ``NumPyError`` with ``NumPyError/Problem/missingMember(name:available:)``,
    ///   ``NumPyError/Problem/shapeMismatch(expected:actual:)``,
    ///   ``NumPyError/Problem/dtypeMismatch(expected:actual:)`` or
    ///   ``NumPyError/Problem/valueNotRepresentable(index:value:target:)``.
    /// - Complexity: O(n) in the number of elements.
    public func tensor<Scalar: BLASScalar>(
        named name: String, as type: Scalar.Type = Scalar.self, shape: [Int]? = nil,
        convertingIntegers: Bool = false
    ) throws(NumPyError) -> Tensor<Scalar> {
        let array = try array(named: name)
        try array.check(shape: shape, file: memberFile(name))
        return try array.tensor(of: type, convertingIntegers: convertingIntegers, file: memberFile(name))
    }

    /// The `int32` or `int64` array `name` as `[Int]`, flattened in row-major order.
    /// - Parameters:
    ///   - name: The array name, without `.npy`.
    ///   - shape: The shape the caller expects, or `nil` to accept any.
    /// - Returns: The indices (not range-checked).
    /// - Throws: ``NumPyError`` with ``NumPyError/Problem/missingMember(name:available:)``,
    ///   ``NumPyError/Problem/shapeMismatch(expected:actual:)`` or
    ///   ``NumPyError/Problem/dtypeMismatch(expected:actual:)``.
    /// - Complexity: O(n) in the number of elements.
    public func indices(named name: String, shape: [Int]? = nil) throws(NumPyError) -> [Int] {
        let array = try array(named: name)
        try array.check(shape: shape, file: memberFile(name))
        return try array.indices(file: memberFile(name))
    }

    private func memberFile(_ name: String) -> String {
        (source.map { $0 + ":" } ?? "") + name + ".npy"
    }

}
