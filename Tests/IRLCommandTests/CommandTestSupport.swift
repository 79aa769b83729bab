import ArgumentParser
import DenseTensors
import Foundation
import IRL
import NumPyIO

@testable import IRLCommand

/// A fresh folder under the system's temporary directory, removed by the caller with `remove()`.
struct ScratchFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("irl-command-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }

    func write(_ tensor: Tensor<Double>, as name: String) throws {
        try NumPyFile.write(tensor, to: url.appendingPathComponent(name))
    }

    func archive(_ name: String) throws -> NumPyArchive {
        try NumPyArchive.read(contentsOf: url.appendingPathComponent(name))
    }

    func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Parses `arguments` as the `irl` command line and runs the selected subcommand, as the
/// executable's `main` does (validation happens while parsing).
func runIRL(_ arguments: [String]) throws {
    var command = try ImitationCommand.parseAsRoot(arguments)
    try command.run()
}

/// The message and exit code the executable would print for the error `arguments` cause, or
/// `nil` if they succeed.
func failureOfIRL(_ arguments: [String]) -> (message: String, exitCode: Int32)? {
    do {
        try runIRL(arguments)
        return nil
    } catch {
        return (ImitationCommand.message(for: error), ImitationCommand.exitCode(for: error).rawValue)
    }
}
