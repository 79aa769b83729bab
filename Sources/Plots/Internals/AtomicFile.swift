import Foundation

/// Write-to-temporary-then-rename, so a reader sees either the old file or the whole new one.
enum AtomicFile {
    static func write(_ data: Data, to url: URL) throws(PlotError) {
        let path = url.path
        let directory = url.deletingLastPathComponent()
        // Same directory, so rename(2) stays on one file system and is atomic.
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try data.write(to: temporary)
        } catch {
            throw .writeFailed(path: path, reason: error.localizedDescription)
        }
        if rename(temporary.path, path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw .writeFailed(path: path, reason: reason)
        }
    }
}
