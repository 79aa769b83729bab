import Foundation
import IRL
import Testing

@testable import IRLCommand

/// The CLI's door to the memory budget: huge requests are refused with the library's message
/// (never a trap), and `--memory-budget` / `IMITATION_GAME_MEMORY_MB` set the budget.
@Suite("irl and the memory budget")
struct MemoryBudgetCommandTests {
    @Test(
        arguments: [
            (["experiment", "pareto", "--weights", "1000000000"], "Pareto frontier with 1000000000 weights"),
            (
                ["maxent", "--grid", "100000x100000", "--horizon", "10", "--demonstrations", "absent.npz", "--output", "o.npz"],
                "gridworld 100000x100000 with onehot features (K = 10000000000) (its size overflows 64-bit arithmetic)"
            ),
        ] as [([String], String)])
    func hugeRequestsAreRefused(arguments: [String], mentions: String) throws {
        let failure = try #require(failureOfIRL(arguments))
        #expect(failure.message.contains(mentions), "\(failure.message)")
        #expect(failure.message.contains("over the memory budget of"), "\(failure.message)")
        #expect(failure.exitCode != 0)
    }

    /// The built executable, run as a user would (the budget is process-wide, so not in-process).
    static var executable: URL? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidate = root.appendingPathComponent(".build/debug/irl")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }

    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = try #require(Self.executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(.enabled(if: executable != nil, "needs .build/debug/irl (swift build --build-tests builds it)"))
    func theOptionAndTheEnvironmentSetTheBudget() throws {
        let small = ["experiment", "pareto", "--weights", "50", "--size", "4", "--horizon", "5", "--output", "/nonexistent/never-written"]
        let byOption = try run(small + ["--memory-budget", "0.001"])
        #expect(byOption.status != 0)
        #expect(byOption.output.contains("over the memory budget of 1048 bytes"), "\(byOption.output)")
        let byEnvironment = try run(small, environment: ["IMITATION_GAME_MEMORY_MB": "0.002"])
        #expect(byEnvironment.output.contains("over the memory budget of 2097 bytes"), "\(byEnvironment.output)")
        let bad = try run(small, environment: ["IMITATION_GAME_MEMORY_MB": "lots"])
        #expect(bad.status != 0)
        #expect(bad.output.contains("IMITATION_GAME_MEMORY_MB"), "\(bad.output)")
        let badOption = try run(small + ["--memory-budget=-5"])
        #expect(badOption.output.contains("--memory-budget must be a positive number of MiB"), "\(badOption.output)")
    }
}
