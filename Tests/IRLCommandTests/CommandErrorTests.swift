import DenseTensors
import Foundation
import IRL
import NumPyIO
import Testing

@testable import IRLCommand

/// Bad options and bad files: a one-line message, a non-zero exit code, and no output written.
@Suite("irl errors")
struct CommandErrorTests {
    @Test(
        arguments: [
            (["solve", "--transitions", "P.npy", "--horizon", "3", "--output", "o.npz"], "reward"),
            (["solve", "--reward", "r.npy", "--horizon", "3", "--output", "o.npz"], "--transitions"),
            (["solve", "--transitions", "P.npy", "--reward", "r.npy", "--output", "o.npz"], "--horizon"),
            (["solve", "--transitions", "P.npy", "--reward", "r.npy", "--discount", "1", "--output", "o.npz"], "below 1"),
            (["solve", "--transitions", "P.npy", "--reward", "r.npy", "--horizon", "0", "--output", "o.npz"], "at least 1"),
            (
                ["solve", "--transitions", "P.npy", "--reward", "r.npy", "--horizon", "2", "--temperature", "0", "--output", "o.npz"],
                "--temperature"
            ),
            (
                [
                    "maxent", "--grid", "3x3", "--transitions", "P.npy", "--horizon", "3", "--expert-occupancy", "m.npy", "--output",
                    "o.npz",
                ], "either"
            ),
            (["maxent", "--grid", "3x3", "--horizon", "3", "--output", "o.npz"], "expert"),
            (["maxent", "--grid", "3x3", "--slip", "2", "--horizon", "3", "--expert-occupancy", "m.npy", "--output", "o.npz"], "--slip"),
            (["demo", "--size", "1"], "--size"),
            (["demo", "--demonstrations", "0"], "--demonstrations"),
            (["experiment", "compounding", "--horizons", "10,10"], "repeated"),
            (["experiment", "compounding", "--learners", "bc,gail"], "--learners"),
            (["experiment", "pareto", "--weights", "1"], "--weights"),
        ] as [([String], String)])
    func badOptionsAreValidationErrors(arguments: [String], mentions: String) throws {
        let failure = try #require(failureOfIRL(arguments))
        #expect(failure.message.contains(mentions), "\(failure.message)")
        #expect(!failure.message.contains("\n"), "one line: \(failure.message)")
        #expect(failure.exitCode != 0)
    }

    @Test(arguments: [
        ["maxent", "--grid", "3by3"], ["demo", "--seed", "-1"], ["experiment", "compounding", "--horizons", "0,5"], ["solve", "--bogus"],
    ])
    func unparsableValuesAreErrors(arguments: [String]) throws {
        let failure = try #require(failureOfIRL(arguments))
        #expect(failure.exitCode != 0 && !failure.message.isEmpty)
    }

    @Test func libraryErrorsNameTheProblemAndWriteNothing() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        // A missing file.
        let missing = try #require(
            failureOfIRL([
                "solve", "--transitions", folder.path("none.npy"), "--reward", folder.path("r.npy"),
                "--horizon", "2", "--output", folder.path("out.npz"),
            ]))
        #expect(missing.message.hasPrefix("--transitions:") && !missing.message.contains("\n"))
        // Rows of P that do not sum to 1.
        try folder.write(Tensor(shape: [2, 1, 2]) { _ in 0.3 }, as: "P.npy")
        try folder.write(Tensor([1, 0]), as: "r.npy")
        let unnormalised = try #require(
            failureOfIRL([
                "solve", "--transitions", folder.path("P.npy"), "--reward", folder.path("r.npy"),
                "--horizon", "2", "--output", folder.path("out.npz"),
            ]))
        #expect(unnormalised.message.contains("sum") && unnormalised.exitCode != 0)
        // A reward of the wrong shape.
        try folder.write(Tensor([0.5, 0.5, 0.5, 0.5]).reshaped([2, 1, 2]), as: "P.npy")
        try folder.write(Tensor([1, 0, 3]), as: "r3.npy")
        let shape = try #require(
            failureOfIRL([
                "solve", "--transitions", folder.path("P.npy"), "--reward", folder.path("r3.npy"),
                "--horizon", "2", "--output", folder.path("out.npz"),
            ]))
        #expect(shape.message.contains("shape"))
        // A NaN in the reward.
        try folder.write(Tensor([1, .nan]), as: "rnan.npy")
        let nan = try #require(
            failureOfIRL([
                "solve", "--transitions", folder.path("P.npy"), "--reward", folder.path("rnan.npy"),
                "--horizon", "2", "--output", folder.path("out.npz"),
            ]))
        #expect(nan.message.contains("--reward"))
        let left = try folder.contents()
        #expect(left == ["P.npy", "r.npy", "r3.npy", "rnan.npy"])
    }

    @Test func aFailedRunLeavesTheOutputFolderUntouched() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            _ = try OutputFolder.write(to: folder.path("out")) { output in
                try output.write(text: "partial", as: "a.csv")
                throw Stop()
            }
        }
        let empty = try folder.contents()
        #expect(empty.isEmpty)
        let names = try OutputFolder.write(to: folder.path("out")) { output in try output.write(text: "done", as: "a.csv") }
        let contents = try folder.contents()
        #expect(names == ["a.csv"] && contents == ["out"])
        #expect(try String(contentsOfFile: folder.path("out/a.csv"), encoding: .utf8) == "done")
    }
}
