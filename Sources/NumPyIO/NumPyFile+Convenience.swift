public import DenseTensors
public import Foundation

extension NumPyFile {
    /// Reads a `.npy` file as a tensor, checking its dtype and, if given, its shape.
    ///
    /// `float32` and `float64` files convert to either precision (see
    /// ``NumPyArray/tensor(of:convertingIntegers:)`` for the rules); `int32`, `int64` and `bool`
    /// files are refused unless `convertingIntegers` is `true`.
    /// - Parameters:
    ///   - url: A file URL.
    ///   - type: `Float.self` or `Double.self`.
    ///   - shape: The shape the caller expects, or `nil` to accept any.
    ///   - convertingIntegers: Whether integer and boolean files convert (exactly) to scalars.
    ///   - options: Non-finite and size checks; pass `NumPyReadOptions(allowNonFinite: false)`
    ///     to refuse NaN and ±∞.
    /// - Returns: The tensor, row-major.
    /// - Throws: ``NumPyError`` naming the file: every problem of
    ///   ``read(contentsOf:options:)``, and ``NumPyError/Problem/dtypeMismatch(expected:actual:)``,
    ///   ``NumPyError/Problem/shapeMismatch(expected:actual:)`` or
    ///   ``NumPyError/Problem/valueNotRepresentable(index:value:target:)``.
    /// - Complexity: O(n) in the file size.
    public static func readTensor<Scalar: BLASScalar>(
        contentsOf url: URL, as type: Scalar.Type = Scalar.self, shape: [Int]? = nil,
        convertingIntegers: Bool = false, options: NumPyReadOptions = NumPyReadOptions()
    ) throws(NumPyError) -> Tensor<Scalar> {
        let array = try read(contentsOf: url, options: options)
        try array.check(shape: shape, file: url.path)
        return try array.tensor(of: type, convertingIntegers: convertingIntegers, file: url.path)
    }

    /// Reads an `int32` or `int64` `.npy` file of indices (states, actions) as `[Int]`,
    /// flattened in row-major order.
    /// - Parameters:
    ///   - url: A file URL.
    ///   - shape: The shape the caller expects, or `nil` to accept any.
    ///   - options: Size checks.
    /// - Returns: The indices. They are not range-checked: the caller knows the valid range.
    /// - Throws: ``NumPyError`` naming the file: every problem of ``read(contentsOf:options:)``,
    ///   and ``NumPyError/Problem/dtypeMismatch(expected:actual:)`` for any other dtype, or
    ///   ``NumPyError/Problem/shapeMismatch(expected:actual:)``.
    /// - Complexity: O(n) in the file size.
    public static func readIndices(
        contentsOf url: URL, shape: [Int]? = nil, options: NumPyReadOptions = NumPyReadOptions()
    ) throws(NumPyError) -> [Int] {
        let array = try read(contentsOf: url, options: options)
        try array.check(shape: shape, file: url.path)
        return try array.indices(file: url.path)
    }

    /// Writes a tensor as a `float32` (`Tensor<Float>`) or `float64` (`Tensor<Double>`) `.npy`
    /// file with the tensor's shape, atomically.
    /// - Parameters:
    ///   - tensor: The tensor.
    ///   - url: The destination file URL; an existing file is replaced.
    ///   - byteOrder: The byte order of the stored elements (default little-endian).
    /// - Throws: ``NumPyError`` with ``NumPyError/Problem/fileSystem(_:)``.
    /// - Complexity: O(n) in the number of scalars.
    public static func write<Scalar: BLASScalar>(
        _ tensor: Tensor<Scalar>, to url: URL, byteOrder: NumPyByteOrder = .littleEndian
    ) throws(NumPyError) {
        try write(NumPyArray(tensor), to: url, byteOrder: byteOrder)
    }

    /// Writes indices as a rank-1 `int64` `.npy` file, atomically.
    /// - Parameters:
    ///   - indices: The indices.
    ///   - url: The destination file URL; an existing file is replaced.
    ///   - byteOrder: The byte order of the stored elements (default little-endian).
    /// - Throws: ``NumPyError`` with ``NumPyError/Problem/fileSystem(_:)``.
    /// - Complexity: O(n).
    public static func write(
        indices: [Int], to url: URL, byteOrder: NumPyByteOrder = .littleEndian
    ) throws(NumPyError) {
        try write(NumPyArray(indices: indices), to: url, byteOrder: byteOrder)
    }

    /// Writes flags as a rank-1 `bool` `.npy` file, atomically.
    /// - Parameters:
    ///   - flags: The flags.
    ///   - url: The destination file URL; an existing file is replaced.
    /// - Throws: ``NumPyError`` with ``NumPyError/Problem/fileSystem(_:)``.
    /// - Complexity: O(n).
    public static func write(flags: [Bool], to url: URL) throws(NumPyError) {
        try write(NumPyArray(flags: flags), to: url)
    }
}

extension NumPyArray {
    /// Throws unless `shape` is `nil` or equals the array's shape.
    func check(shape expected: [Int]?, file: String?) throws(NumPyError) {
        if let expected, expected != shape {
            throw NumPyError(file: file, .shapeMismatch(expected: expected, actual: shape))
        }
    }
}
