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

/// A small random MDP: `P[s, a, s']` with rows on a few successors, seeded.
func randomTransitions(states s: Int, actions a: Int, seed: UInt64) -> Tensor<Double> {
    var generator = SplitMix64(seed: seed)
    var p = [Double](repeating: 0, count: s * a * s)
    for row in 0..<(s * a) {
        var total = 0.0
        for next in 0..<s {
            let u = Double(generator.next() >> 11) * 0x1p-53
            if u < 0.5 || next == row % s {
                p[row * s + next] = u + 0.1
                total += u + 0.1
            }
        }
        for next in 0..<s { p[row * s + next] /= total }
    }
    return try! Tensor(shape: [s, a, s], scalars: p)
}

/// A seeded tensor with entries in `[lo, hi)`.
func randomTensor(_ shape: [Int], seed: UInt64, lo: Double = -1, hi: Double = 1) -> Tensor<Double> {
    var generator = SplitMix64(seed: seed)
    return Tensor(shape: shape) { _ in lo + (hi - lo) * Double(generator.next() >> 11) * 0x1p-53 }
}
