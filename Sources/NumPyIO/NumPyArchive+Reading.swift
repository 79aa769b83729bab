public import Foundation
internal import ZIPFoundation

extension NumPyArchive {
    /// Reads every `.npy` member of the `.npz` file at `url`.
    /// - Parameters:
    ///   - url: A file URL.
    ///   - options: Non-finite and size checks, applied to every member; a member whose
    ///     decompressed size exceeds `maximumByteCount` plus 64 KiB for its header is refused.
    /// - Returns: The archive; ``arrays`` maps each name to its array.
    /// - Throws: ``NumPyError`` naming the file (or `file.npz:member.npy`):
    ///   ``NumPyError/Problem/fileSystem(_:)``, ``NumPyError/Problem/invalidArchive(_:)``,
    ///   ``NumPyError/Problem/duplicateMember(name:)``,
    ///   ``NumPyError/Problem/arrayTooLarge(byteCount:limit:)``, and every problem of
    ///   ``NumPyFile/decode(_:source:options:)`` for a member.
    /// - Complexity: O(n) in the decompressed size.
    public static func read(
        contentsOf url: URL, options: NumPyReadOptions = NumPyReadOptions()
    ) throws(NumPyError) -> NumPyArchive {
        let size = try FileIO.regularFileSize(of: url)
        return try readArchive(at: url, byteCount: size, source: url.path, options: options)
    }

    /// Decodes a `.npz` archive held in memory.
    ///
    /// ZIPFoundation's in-memory archives trap on offsets past the end of the data, so the
    /// bytes are written to a temporary file that is read like any other and then removed.
    /// - Parameters:
    ///   - data: The bytes of a whole `.npz` file.
    ///   - source: The name used in error messages.
    ///   - options: Non-finite and size checks, applied to every member.
    /// - Returns: The archive.
    /// - Throws: As ``read(contentsOf:options:)``; ``NumPyError/Problem/fileSystem(_:)`` only if
    ///   the temporary file cannot be written.
    /// - Complexity: O(n) in the decompressed size.
    public static func decode(
        _ data: Data, source: String? = nil, options: NumPyReadOptions = NumPyReadOptions()
    ) throws(NumPyError) -> NumPyArchive {
        // Without the end-of-central-directory signature `PK\5\6` anywhere, ZIPFoundation would
        // refuse the data anyway; say so without a round trip through a file.
        guard data.firstRange(of: Data([0x50, 0x4B, 0x05, 0x06])) != nil else {
            throw NumPyError(file: source, .invalidArchive(describe(Archive.ArchiveError.missingEndOfCentralDirectoryRecord)))
        }
        let url = try FileIO.writeTemporaryFile(data)
        defer { FileIO.remove(url) }
        return try readArchive(at: url, byteCount: data.count, source: source, options: options)
    }

    private static func readArchive(
        at url: URL, byteCount: Int, source: String?, options: NumPyReadOptions
    ) throws(NumPyError) -> NumPyArchive {
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch let error as Archive.ArchiveError {
            throw NumPyError(file: source, .invalidArchive(describe(error)))
        } catch {
            throw NumPyError(file: source, .fileSystem("cannot open the archive: \(error)"))
        }
        let (widened, overflow) = options.maximumByteCount.addingReportingOverflow(headerAllowance)
        let limit = overflow ? Int.max : widened
        var arrays: [String: NumPyArray] = [:]
        for entry in archive where entry.type == .file {
            let path = entry.path
            guard path.hasSuffix(".npy") else { continue }
            let name = String(path.dropLast(4))
            let memberFile = (source.map { $0 + ":" } ?? "") + path
            guard arrays[name] == nil else { throw NumPyError(file: source, .duplicateMember(name: name)) }
            let bytes = try extract(entry, from: archive, archiveSize: byteCount, limit: limit, file: memberFile)
            arrays[name] = try NumPyFile.decode(bytes, source: memberFile, options: options)
        }
        return NumPyArchive(arrays: arrays, source: source)
    }

    /// Member headers are small; the data limit is widened by this much for the whole member.
    private static let headerAllowance = 1 << 16

    private static func extract(
        _ entry: Entry, from archive: Archive, archiveSize: Int, limit: Int, file: String
    ) throws(NumPyError) -> Data {
        let declared = entry.uncompressedSize
        if declared > UInt64(limit) {
            throw NumPyError(file: file, .arrayTooLarge(byteCount: Int(clamping: declared), limit: limit))
        }
        // ZIPFoundation reads a stored member in chunks up to its declared size, even past the
        // end of the file; a stored member cannot be larger than the archive holding it.
        if !entry.isCompressed && declared > UInt64(archiveSize) {
            throw NumPyError(file: file, .truncatedData(expectedBytes: Int(clamping: declared), actualBytes: archiveSize))
        }
        let cap = Int(declared)  // ≤ limit ≤ Int.max, checked above
        var bytes = Data()
        do {
            let checksum = try archive.extract(entry) { chunk in
                // A member may not produce more than it declares (a deflate bomb, a lying header).
                guard chunk.count <= cap - bytes.count else { throw MemberTooLarge() }
                bytes.append(chunk)
            }
            // `extract` computes the CRC-32 but leaves the comparison to the caller.
            guard checksum == entry.checksum else { throw Archive.ArchiveError.invalidCRC32 }
        } catch is MemberTooLarge {
            throw NumPyError(file: file, .invalidArchive("the member inflates to more than its declared \(declared) bytes"))
        } catch {
            throw NumPyError(file: file, .invalidArchive(describe(error)))
        }
        return bytes
    }

    private struct MemberTooLarge: Error {}

    static func describe(_ error: any Error) -> String {
        guard let error = error as? Archive.ArchiveError else { return "\(error)" }
        switch error {
        case .unreadableArchive: return "the ZIP structure is damaged"
        case .missingEndOfCentralDirectoryRecord: return "no ZIP end-of-central-directory record"
        case .invalidCRC32: return "a member's CRC-32 checksum does not match its contents"
        case .invalidCompressionMethod: return "a member uses a compression method other than stored or deflate"
        default: return "ZIP error \(error)"
        }
    }
}
