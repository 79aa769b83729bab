public import Foundation

/// Reading and writing single arrays in NumPy's `.npy` format (versions 1.0, 2.0 and 3.0).
///
/// Reading accepts little- and big-endian `float32`, `float64`, `int32`, `int64` and `bool`
/// arrays in C or Fortran order, and returns C-order, native-order elements. Writing produces
/// exactly what `numpy.save` produces for the same array (version 1.0 unless the header needs
/// 2.0, the header padded with spaces and `'\n'` so the data starts at a multiple of 64 bytes),
/// and replaces the destination atomically.
public enum NumPyFile {
    /// Reads the array in the `.npy` file at `url`.
    /// - Parameters:
    ///   - url: A file URL.
    ///   - options: Non-finite and size checks (default: accept everything valid).
    /// - Returns: The array, in C order and native byte order.
    /// - Throws: ``NumPyError`` naming the file: ``NumPyError/Problem/fileSystem(_:)`` when it
    ///   cannot be read, and every problem of ``decode(_:source:options:)``.
    /// - Complexity: O(n) in the file size.
    public static func read(
        contentsOf url: URL, options: NumPyReadOptions = NumPyReadOptions()
    ) throws(NumPyError) -> NumPyArray {
        try decode(try FileIO.readContents(of: url), source: url.path, options: options)
    }

    /// Decodes a `.npy` file held in memory.
    /// - Parameters:
    ///   - data: The bytes of a whole `.npy` file.
    ///   - source: The name used in error messages (a path, or `archive.npz:member.npy`).
    ///   - options: Non-finite and size checks.
    /// - Returns: The array, in C order and native byte order.
    /// - Throws: ``NumPyError`` with ``NumPyError/Problem/badMagic(found:)``,
    ///   ``NumPyError/Problem/unsupportedVersion(major:minor:)``,
    ///   ``NumPyError/Problem/malformedHeader(_:)``, ``NumPyError/Problem/unsupportedDType(_:)``,
    ///   ``NumPyError/Problem/negativeExtent(shape:)``,
    ///   ``NumPyError/Problem/shapeOverflow(shape:itemSize:)``,
    ///   ``NumPyError/Problem/arrayTooLarge(byteCount:limit:)``,
    ///   ``NumPyError/Problem/truncatedData(expectedBytes:actualBytes:)``,
    ///   ``NumPyError/Problem/trailingData(expectedBytes:actualBytes:)`` or
    ///   ``NumPyError/Problem/nonFiniteValue(index:value:)``.
    /// - Complexity: O(n) in the size of `data`.
    public static func decode(
        _ data: Data, source: String? = nil, options: NumPyReadOptions = NumPyReadOptions()
    ) throws(NumPyError) -> NumPyArray {
        let result: Result<NumPyArray, NumPyError> = data.withUnsafeBytes { raw in
            do throws(NumPyError) {
                return .success(try decode(raw, file: source, options: options))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func decode(
        _ raw: UnsafeRawBufferPointer, file: String?, options: NumPyReadOptions
    ) throws(NumPyError) -> NumPyArray {
        let (header, dataOffset) = try NPYHeader.parse(raw, file: file)
        let itemSize = header.dtype.itemSize
        let count = try ShapeArithmetic.elementCount(header.shape, itemSize: itemSize, file: file)
        let byteCount = count * itemSize  // checked by elementCount
        guard byteCount <= options.maximumByteCount else {
            throw NumPyError(file: file, .arrayTooLarge(byteCount: byteCount, limit: options.maximumByteCount))
        }
        let available = raw.count - dataOffset
        let (expectedTotal, overflow) = dataOffset.addingReportingOverflow(byteCount)
        guard available >= byteCount else {
            throw NumPyError(
                file: file,
                .truncatedData(
                    expectedBytes: overflow ? Int.max : expectedTotal, actualBytes: raw.count))
        }
        guard available == byteCount else {
            throw NumPyError(file: file, .trailingData(expectedBytes: expectedTotal, actualBytes: raw.count))
        }
        let body = UnsafeRawBufferPointer(rebasing: raw[dataOffset...])
        var elements = ElementCoding.decode(body, dtype: header.dtype, count: count, byteOrder: header.byteOrder)
        if header.fortranOrder {
            elements = ElementCoding.fortranToC(elements, shape: header.shape)
        }
        let array = NumPyArray(unchecked: header.shape, elements: elements)
        if !options.allowNonFinite,
            let (index, value) = array.firstNonFinite(allowNegativeInfinity: options.allowNegativeInfinity)
        {
            throw NumPyError(file: file, .nonFiniteValue(index: index, value: value))
        }
        return array
    }

    /// Encodes an array as the bytes of a `.npy` file, C order.
    /// - Parameters:
    ///   - array: The array.
    ///   - byteOrder: The byte order of the stored elements (default little-endian, as NumPy
    ///     writes on every common platform).
    /// - Returns: The file's bytes: the same bytes `numpy.save` writes for the same array.
    /// - Throws: ``NumPyError`` with ``NumPyError/Problem/malformedHeader(_:)`` only if the header
    ///   would exceed format 2.0's 4 GiB limit (a shape of hundreds of millions of axes).
    /// - Complexity: O(n) in the number of elements.
    public static func encode(
        _ array: NumPyArray, byteOrder: NumPyByteOrder = .littleEndian
    ) throws(NumPyError) -> Data {
        try encode(array, byteOrder: byteOrder, file: nil)
    }

    static func encode(_ array: NumPyArray, byteOrder: NumPyByteOrder, file: String?) throws(NumPyError) -> Data {
        let header = NPYHeader(dtype: array.dtype, byteOrder: byteOrder, fortranOrder: false, shape: array.shape)
        var data = Data(try header.encoded(file: file))
        data.append(contentsOf: ElementCoding.encode(array.elements, byteOrder: byteOrder))
        return data
    }

    /// Writes an array to a `.npy` file, atomically: the bytes go to a temporary file in the
    /// same directory that is then renamed over `url`, so a failed write leaves `url` as it was
    /// and no partial file behind.
    /// - Parameters:
    ///   - array: The array.
    ///   - url: The destination file URL; an existing file is replaced.
    ///   - byteOrder: The byte order of the stored elements (default little-endian).
    /// - Throws: ``NumPyError`` with ``NumPyError/Problem/fileSystem(_:)`` naming the file and the
    ///   system's reason.
    /// - Complexity: O(n) in the number of elements.
    public static func write(
        _ array: NumPyArray, to url: URL, byteOrder: NumPyByteOrder = .littleEndian
    ) throws(NumPyError) {
        try FileIO.writeAtomically(try encode(array, byteOrder: byteOrder, file: url.path), to: url)
    }
}
