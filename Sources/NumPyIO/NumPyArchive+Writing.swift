public import Foundation
internal import ZIPFoundation

extension NumPyArchive {
    /// Encodes the arrays as the bytes of a `.npz` archive, members in name order.
    /// - Parameters:
    ///   - compression: Stored (default, like `numpy.savez`) or deflated (like
    ///     `numpy.savez_compressed`).
    ///   - byteOrder: The byte order of the stored elements (default little-endian).
    /// - Returns: The archive's bytes.
    /// - Throws: ``NumPyError`` with ``NumPyError/Problem/invalidMemberName(_:)`` for an empty name
    ///   or one containing NUL, or ``NumPyError/Problem/invalidArchive(_:)`` if ZIPFoundation fails.
    /// - Complexity: O(n) in the total size of the arrays.
    public func encoded(
        compression: Compression = .stored, byteOrder: NumPyByteOrder = .littleEndian
    ) throws(NumPyError) -> Data {
        try encoded(compression: compression, byteOrder: byteOrder, file: nil)
    }

    private func encoded(
        compression: Compression, byteOrder: NumPyByteOrder, file: String?
    ) throws(NumPyError) -> Data {
        for name in names where name.isEmpty || name.utf8.contains(0) || name.utf8.count > Int(UInt16.max) - 4 {
            throw NumPyError(file: file, .invalidMemberName(name))
        }
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            for name in names {
                guard let array = arrays[name] else { continue }
                let member = (file.map { $0 + ":" } ?? "") + name + ".npy"
                let bytes = try NumPyFile.encode(array, byteOrder: byteOrder, file: member)
                try archive.addEntry(
                    with: name + ".npy", type: .file, uncompressedSize: Int64(bytes.count),
                    modificationDate: Self.memberDate,
                    compressionMethod: compression == .deflated ? .deflate : .none
                ) { position, size in
                    let start = Int(position)
                    return bytes.subdata(in: start..<min(bytes.count, start + size))
                }
            }
            guard let data = archive.data else {
                throw NumPyError(file: file, .invalidArchive("ZIPFoundation produced no in-memory archive"))
            }
            return data
        } catch let error as NumPyError {
            throw error
        } catch {
            throw NumPyError(file: file, .invalidArchive(Self.describe(error)))
        }
    }

    /// Writes the arrays to a `.npz` file, atomically (temporary file in the same directory,
    /// then rename), so a failed write leaves `url` as it was and no partial file behind.
    /// - Parameters:
    ///   - url: The destination file URL; an existing file is replaced.
    ///   - compression: Stored (default) or deflated.
    ///   - byteOrder: The byte order of the stored elements (default little-endian).
    /// - Throws: ``NumPyError`` naming the file: the problems of
    ///   ``encoded(compression:byteOrder:)`` and ``NumPyError/Problem/fileSystem(_:)``.
    /// - Complexity: O(n) in the total size of the arrays.
    public func write(
        to url: URL, compression: Compression = .stored, byteOrder: NumPyByteOrder = .littleEndian
    ) throws(NumPyError) {
        let data = try encoded(compression: compression, byteOrder: byteOrder, file: url.path)
        try FileIO.writeAtomically(data, to: url)
    }

    /// Writes named arrays to a `.npz` file, atomically; the same as
    /// `NumPyArchive(arrays).write(to:compression:byteOrder:)`.
    /// - Parameters:
    ///   - arrays: The arrays, by name; each becomes member `name.npy`.
    ///   - url: The destination file URL; an existing file is replaced.
    ///   - compression: Stored (default) or deflated.
    ///   - byteOrder: The byte order of the stored elements (default little-endian).
    /// - Throws: As ``write(to:compression:byteOrder:)``.
    /// - Complexity: O(n) in the total size of the arrays.
    public static func write(
        _ arrays: [String: NumPyArray], to url: URL, compression: Compression = .stored,
        byteOrder: NumPyByteOrder = .littleEndian
    ) throws(NumPyError) {
        try NumPyArchive(arrays).write(to: url, compression: compression, byteOrder: byteOrder)
    }

    /// 1980-01-01 00:00, the earliest ZIP date, on every member, as Python's `zipfile` writes
    /// for NumPy: the same arrays give the same bytes.
    private static var memberDate: Date {
        DateComponents(calendar: Calendar.current, year: 1980, month: 1, day: 1).date ?? Date(timeIntervalSince1970: 315_532_800)
    }
}
