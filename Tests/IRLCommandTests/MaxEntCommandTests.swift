import DenseTensors
import Foundation
import IRL
import NumPyIO
import Testing

@testable import IRLCommand

/// `irl maxent` end to end, from MDP files and from a gridworld spec.
@Suite("irl maxent")
struct MaxEntCommandTests {
    /// A 3×3 gridworld with 2×2 region features, its soft-optimal expert and 20 demonstrations.
    static func problem(horizon h: Int) throws -> (
        grid: Gridworld, mdp: TabularMDP<Double>, phi: Tensor<Double>, expert: Policy<Double>, demos: Demonstrations<Double>
    ) {
        let grid = try Gridworld(width: 3, height: 3, actionCount: 5, slip: 0.1)
        let phi: Tensor<Double> = try grid.regionFeatures(size: 2)
        let mdp = try grid.denseMDP(horizon: .finite(h), features: phi)
        let expert = try SoftValueIteration<Double>().solve(mdp, reward: .linear(weights: Tensor([0, 0, -1, 1]))).policy
        var generator = SplitMix64(seed: 11)
        let demos = try Demonstrations.sample(policy: expert, on: mdp, count: 20, using: &generator)
        return (grid, mdp, phi, expert, demos)
    }

    static func writeDemonstrations(_ demos: Demonstrations<Double>, horizon h: Int, to url: URL) throws {
        let t = demos.trajectories
        try NumPyArchive.write(
            [
                "states": try NumPyArray(shape: [t.count, h + 1], elements: .int64(t.flatMap(\.states).map(Int64.init))),
                "actions": try NumPyArray(shape: [t.count, h], elements: .int32(t.flatMap(\.actions).map(Int32.init))),
            ], to: url)
    }

    @Test func fromFilesAndDemonstrationsTheOutputIsConsistent() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let h = 5
        let (grid, mdp, phi, _, demos) = try Self.problem(horizon: h)
        try folder.write(grid.denseTransitions(Double.self), as: "P.npy")
        try folder.write(phi, as: "Phi.npy")
        try folder.write(mdp.initialDistribution, as: "rho.npy")
        try Self.writeDemonstrations(demos, horizon: h, to: folder.url.appendingPathComponent("demos.npz"))
        try runIRL([
            "maxent", "--transitions", folder.path("P.npy"), "--features", folder.path("Phi.npy"), "--initial", folder.path("rho.npy"),
            "--horizon", "\(h)", "--demonstrations", folder.path("demos.npz"), "--iterations", "40", "--quiet",
            "--output", folder.path("irl.npz"),
        ])
        let out = try folder.archive("irl.npz")
        let weights = try out.tensor(named: "weights", as: Double.self)
        let reward = try out.tensor(named: "reward", as: Double.self)
        let policy = try out.tensor(named: "policy", as: Double.self)
        let iterations = try out.indices(named: "iterations")
        #expect(weights.shape == [4] && reward.shape == [9, 5] && policy.shape == [h, 9, 5])
        #expect(try out.tensor(named: "values", as: Double.self).shape == [h + 1, 9])
        #expect(iterations.count == 1 && iterations[0] >= 1 && iterations[0] <= 40)
        for name in ["history_mismatch", "history_mismatch_l2", "history_dual_objective", "history_log_likelihood"] {
            #expect(try out.tensor(named: name, as: Double.self).shape == [iterations[0]], "\(name)")
        }
        // reward = Φ·λ, policy = softVI(reward), F_E = the demonstrations' feature expectations.
        let r = try mdp.stateActionRewards(.linear(weights: weights))
        #expect(reward.maxAbsDifference(try r.reshaped([9, 5])) <= 1e-12)
        let plan = try SoftValueIteration<Double>().solve(mdp, stateActionRewards: r)
        #expect(policy.maxAbsDifference(try plan.policy.probabilities.reshaped([h, 9, 5])) <= 1e-12)
        let fE = try out.tensor(named: "expert_feature_expectations", as: Double.self)
        #expect(fE.maxAbsDifference(try demos.featureExpectations(for: mdp)) <= 1e-12)
        // The solver made progress on the moment mismatch.
        let mismatch = try out.tensor(named: "history_mismatch", as: Double.self).scalars
        #expect(try #require(mismatch.last) < mismatch[0])
    }

    @Test func fromAGridSpecAndAnExpertOccupancy() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let grid = try Gridworld(width: 4, height: 3, actionCount: 4, slip: 0.2)
        let phi: Tensor<Double> = grid.coordinateFeatures()
        let mdp = try grid.denseMDP(horizon: .finite(6), features: phi)
        let expert = try SoftValueIteration<Double>().solve(mdp, reward: .linear(weights: Tensor([1, 2]))).policy
        let mu = try mdp.occupancy(of: expert).stateActionOccupancy
        try folder.write(try mu.reshaped([12, 4]), as: "mu.npy")
        try runIRL([
            "maxent", "--grid", "4x3", "--slip", "0.2", "--actions", "4", "--grid-features", "coordinates", "--horizon", "6",
            "--expert-occupancy", folder.path("mu.npy"), "--iterations", "300", "--step-size", "0.1", "--quiet",
            "--output", folder.path("irl.npz"),
        ])
        let out = try folder.archive("irl.npz")
        let weights = try out.tensor(named: "weights", as: Double.self)
        #expect(weights.shape == [2])
        #expect(out.arrays["history_log_likelihood"] == nil)
        // Exact expert statistics on a well-specified problem: the recovered weights are the truth.
        #expect(abs(weights[0] - 1) < 0.05 && abs(weights[1] - 2) < 0.05, "\(weights.scalars)")
        let occupancy = try out.tensor(named: "occupancy", as: Double.self)
        let learned = try SoftValueIteration<Double>().solve(mdp, reward: .linear(weights: weights)).policy
        #expect(occupancy.maxAbsDifference(try mdp.occupancy(of: learned).stateActionOccupancy.reshaped([12, 4])) <= 1e-12)
    }

    @Test func mismatchedDemonstrationsAreAnErrorAndNothingIsWritten() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let (_, _, _, _, demos) = try Self.problem(horizon: 5)
        try Self.writeDemonstrations(demos, horizon: 5, to: folder.url.appendingPathComponent("demos.npz"))
        // The demonstrations have 5 actions per trajectory; the horizon says 7.
        let failure = try #require(
            failureOfIRL([
                "maxent", "--grid", "3x3", "--grid-features", "regions=2", "--horizon", "7",
                "--demonstrations", folder.path("demos.npz"), "--quiet", "--output", folder.path("irl.npz"),
            ]))
        #expect(failure.message.contains("--demonstrations") && failure.exitCode != 0)
        #expect(!folder.exists("irl.npz"))
        // A 2×2 grid has 4 states: state indices up to 8 are out of range.
        let outOfRange = try #require(
            failureOfIRL([
                "maxent", "--grid", "2x2", "--horizon", "5", "--demonstrations", folder.path("demos.npz"),
                "--quiet", "--output", folder.path("irl.npz"),
            ]))
        #expect(outOfRange.message.contains("out of range"))
        #expect(!folder.exists("irl.npz"))
    }
}
