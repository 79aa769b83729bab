import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whole-file reads and atomic whole-file writes, reporting the system's reason on failure.
enum FileIO {
    /// The contents of the file at `url`.
    static func readContents(of url: URL) throws(NumPyError) -> Data {
        let path = url.path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, "cannot open for reading") }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw failure(path, "cannot stat") }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw NumPyError(file: path, .fileSystem("not a regular file"))
        }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(path, "cannot read")
            }
            if n == 0 { return data }
            data.append(contentsOf: chunk[0..<n])
        }
    }

    /// Writes `bytes` to `url` atomically: to a new temporary file in the same directory,
    /// flushed to disk, then renamed over `url`. On any failure the temporary file is removed
    /// and `url` is left as it was.
    static func writeAtomically(_ data: Data, to url: URL, durable: Bool = true) throws(NumPyError) {
        let path = url.path
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/." + url.lastPathComponent + ".tmp-" + UUID().uuidString
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw failure(path, "cannot create a temporary file in \(directory)") }
        var closed = false
        do throws(NumPyError) {
            let complete = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Bool in
                var written = 0
                while written < raw.count {
                    let n = write(fd, raw.baseAddress.map { $0 + written }, raw.count - written)
                    if n < 0 {
                        if errno == EINTR { continue }
                        return false
                    }
                    written += n
                }
                return true
            }
            guard complete else { throw failure(path, "cannot write the temporary file") }
            guard !durable || fsync(fd) == 0 else { throw failure(path, "cannot flush the temporary file") }
            closed = true
            guard close(fd) == 0 else { throw failure(path, "cannot close the temporary file") }
            guard rename(temporary, path) == 0 else { throw failure(path, "cannot rename the temporary file over") }
        } catch {
            if !closed { close(fd) }
            unlink(temporary)
            throw error
        }
    }

    /// The size of the regular file at `url`.
    static func regularFileSize(of url: URL) throws(NumPyError) -> Int {
        var status = stat()
        guard stat(url.path, &status) == 0 else { throw failure(url.path, "cannot open for reading") }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw NumPyError(file: url.path, .fileSystem("not a regular file"))
        }
        return Int(status.st_size)
    }

    /// Writes `data` to a new file in the temporary directory and returns its URL.
    static func writeTemporaryFile(_ data: Data) throws(NumPyError) -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("NumPyIO-" + UUID().uuidString + ".npz")
        // A scratch copy read back at once: no need to wait for the disk.
        try writeAtomically(data, to: url, durable: false)
        return url
    }

    /// Removes a file, ignoring failure (used for temporary files).
    static func remove(_ url: URL) {
        unlink(url.path)
    }

    private static func failure(_ path: String, _ action: String) -> NumPyError {
        let code = errno
        return NumPyError(file: path, .fileSystem("\(action): \(String(cString: strerror(code))) (errno \(code))"))
    }
}
