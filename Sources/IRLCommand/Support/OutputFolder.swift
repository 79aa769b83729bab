import Foundation

/// Writes the files of one run into a folder without ever leaving half-written output.
///
/// Every file is first written into a hidden staging folder next to the destination
/// (`.<name>.tmp-<UUID>`, same file system); only when all of them are written are they renamed
/// into the destination one by one (`rename(2)` replaces an existing file atomically). A failure
/// while computing or writing removes the staging folder and leaves the destination untouched.
struct OutputFolder {
    /// The folder the files end up in.
    let destination: URL
    /// Where they are written first.
    let staging: URL
    /// The names written so far.
    private(set) var names: [String] = []

    /// Runs `body` with a staging folder, then moves its files into `path`.
    /// - Returns: the names of the files written, in order.
    /// - Throws: `body`'s error (nothing is moved), or a ``CommandFailure`` naming the folder.
    static func write(to path: String, _ body: (inout OutputFolder) throws -> Void) throws -> [String] {
        var folder = try OutputFolder(path: path)
        do {
            try body(&folder)
            try folder.commit()
        } catch {
            folder.discard()
            throw error
        }
        return folder.names
    }

    private init(path: String) throws {
        destination = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
        let parent = destination.deletingLastPathComponent()
        staging = parent.appendingPathComponent(".\(destination.lastPathComponent).tmp-\(UUID().uuidString)", isDirectory: true)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: destination.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw CommandFailure("--output \(path): exists and is not a folder")
        }
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure("--output \(path): cannot create a folder next to it (\(error.localizedDescription))")
        }
    }

    /// `path` with exactly one trailing slash, for messages (`out//` → `out/`).
    static func displayName(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        return trimmed == "/" ? "/" : trimmed + "/"
    }

    /// The staging location of file `name`; call ``record(_:)`` after writing it.
    func url(_ name: String) -> URL { staging.appendingPathComponent(name) }

    /// Notes that `name` was written into the staging folder.
    mutating func record(_ name: String) { names.append(name) }

    /// Writes text (UTF-8) as file `name`.
    mutating func write(text: String, as name: String) throws {
        do {
            try Data(text.utf8).write(to: url(name))
        } catch {
            throw CommandFailure("cannot write \(name): \(error.localizedDescription)")
        }
        record(name)
    }

    private func commit() throws {
        do {
            try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure("--output \(destination.path): cannot create the folder (\(error.localizedDescription))")
        }
        for name in names where rename(url(name).path, destination.appendingPathComponent(name).path) != 0 {
            let reason = String(cString: strerror(errno))
            throw CommandFailure("cannot move \(name) into \(destination.path): \(reason)")
        }
        try? FileManager.default.removeItem(at: staging)
    }

    private func discard() {
        try? FileManager.default.removeItem(at: staging)
    }
}
