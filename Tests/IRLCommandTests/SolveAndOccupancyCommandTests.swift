import DenseTensors
import Foundation
import IRL
import NumPyIO
import Testing
import _TestSupport

@testable import IRLCommand

/// `irl solve` and `irl occupancy` end to end: files in, files out, numbers equal to the library's.
@Suite("irl solve and irl occupancy")
struct SolveAndOccupancyCommandTests {
    @Test func solveWritesTheValuesOfSoftValueIteration() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let (s, a, b, h) = (5, 3, 2, 4)
        let p = RandomProblem(states: s, actions: a, seed: 1).transitions
        let r: Tensor<Double> = randomTensor([s, a, b], seed: 2)
        let rho = Tensor<Double>([0.4, 0.1, 0.2, 0.2, 0.1])
        try folder.write(p, as: "P.npy")
        try folder.write(r, as: "r.npy")
        try folder.write(rho, as: "rho.npy")
        try runIRL([
            "solve", "--transitions", folder.path("P.npy"), "--initial", folder.path("rho.npy"), "--reward", folder.path("r.npy"),
            "--horizon", "\(h)", "--discount", "0.9", "--temperature", "0.5", "--output", folder.path("out.npz"),
        ])
        let out = try folder.archive("out.npz")
        let v = try out.tensor(named: "V", as: Double.self)
        let q = try out.tensor(named: "Q", as: Double.self)
        let pi = try out.tensor(named: "pi", as: Double.self)
        let start = try out.tensor(named: "start_value", as: Double.self)
        #expect(v.shape == [h + 1, s, b] && q.shape == [h, s, a, b] && pi.shape == [h, s, a, b] && start.shape == [b])
        let mdp = try TabularMDP(transitions: p, initialDistribution: rho, horizon: .finite(h), discount: 0.9)
        let plan = try SoftValueIteration<Double>(temperature: 0.5, keepsQValues: true).solve(mdp, reward: .stateAction(r))
        #expect(v.maxAbsDifference(plan.values) <= 1e-12)
        #expect(q.maxAbsDifference(try #require(plan.qValues)) <= 1e-12)
        #expect(pi.maxAbsDifference(plan.policy.probabilities) <= 1e-12)
        #expect(start.maxAbsDifference(plan.startValue(mdp)) <= 1e-12)
    }

    @Test func solveTakesStateRewardsAndFeatureWeightsOnAnInfiniteHorizon() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let (s, a, k) = (4, 2, 3)
        let p = RandomProblem(states: s, actions: a, seed: 3).transitions
        let phi: Tensor<Double> = randomTensor([s, k], seed: 4, in: 0...1)
        let w: Tensor<Double> = randomTensor([k, 2], seed: 5)
        try folder.write(p, as: "P.npy")
        try folder.write(phi, as: "Phi.npy")
        try folder.write(w, as: "w.npy")
        try folder.write(Tensor([1, 0, -1, 0.5]), as: "r.npy")
        try runIRL([
            "solve", "--transitions", folder.path("P.npy"), "--features", folder.path("Phi.npy"), "--weights", folder.path("w.npy"),
            "--discount", "0.8", "--output", folder.path("linear.npz"),
        ])
        let mdp = try TabularMDP(
            transitions: p, initialDistribution: Tensor(shape: [s]) { _ in 0.25 }, horizon: .infinite,
            discount: 0.8, features: phi)
        let plan = try SoftValueIteration<Double>().solve(mdp, reward: .linear(weights: w))
        let v = try folder.archive("linear.npz").tensor(named: "V", as: Double.self)
        #expect(v.shape == [1, s, 2])
        #expect(v.maxAbsDifference(plan.values) <= 1e-9)
        try runIRL([
            "solve", "--transitions", folder.path("P.npy"), "--reward", folder.path("r.npy"), "--horizon", "3",
            "--output", folder.path("state.npz"),
        ])
        let state = try folder.archive("state.npz")
        #expect(try state.tensor(named: "V", as: Double.self).shape == [4, s, 1])
        #expect(try state.tensor(named: "pi", as: Double.self).shape == [3, s, a, 1])
    }

    @Test func occupancyOfTheSolvedPolicyEqualsTheForwardPass() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let (s, a, b, h, k) = (5, 2, 3, 6, 2)
        let p = RandomProblem(states: s, actions: a, seed: 6).transitions
        let phi: Tensor<Double> = randomTensor([s, a, k], seed: 7, in: 0...1)
        try folder.write(p, as: "P.npy")
        try folder.write(randomTensor([s, a, b], seed: 8), as: "r.npy")
        try folder.write(phi, as: "Phi.npy")
        try folder.write(Tensor([1, 0, 0, 0, 0]), as: "rho.npy")
        try runIRL([
            "solve", "--transitions", folder.path("P.npy"), "--reward", folder.path("r.npy"), "--horizon", "\(h)",
            "--output", folder.path("plan.npz"),
        ])
        try NumPyFile.write(
            try folder.archive("plan.npz").tensor(named: "pi", as: Double.self), to: folder.url.appendingPathComponent("pi.npy"))
        try runIRL([
            "occupancy", "--transitions", folder.path("P.npy"), "--initial", folder.path("rho.npy"), "--features", folder.path("Phi.npy"),
            "--policy", folder.path("pi.npy"), "--horizon", "\(h)", "--output", folder.path("occ.npz"),
        ])
        let out = try folder.archive("occ.npz")
        let d = try out.tensor(named: "d", as: Double.self)
        let mu = try out.tensor(named: "mu", as: Double.self)
        let mass = try out.tensor(named: "mass", as: Double.self)
        let f = try out.tensor(named: "F", as: Double.self)
        #expect(d.shape == [h + 1, s, b] && mu.shape == [s, a, b] && mass.shape == [b] && f.shape == [k, b])
        let mdp = try TabularMDP(transitions: p, initialDistribution: Tensor([1, 0, 0, 0, 0]), horizon: .finite(h), features: phi)
        let policy = try Policy(
            timeIndexed: try NumPyFile.readTensor(contentsOf: folder.url.appendingPathComponent("pi.npy"), as: Double.self))
        let measure = try mdp.occupancy(of: policy)
        #expect(mu.maxAbsDifference(measure.stateActionOccupancy) <= 1e-12)
        #expect(d.maxAbsDifference(measure.stateDistributions) <= 1e-12)
        #expect(f.maxAbsDifference(try measure.featureExpectations(try #require(mdp.features))) <= 1e-12)
        for col in 0..<b { #expect(abs(mass[col] - Double(h)) <= 1e-9 * Double(h)) }
    }

    @Test func occupancyAcceptsStationaryAndTimeIndexedTables() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let (s, a, h) = (3, 2, 4)
        let p = RandomProblem(states: s, actions: a, seed: 9).transitions
        try folder.write(p, as: "P.npy")
        let stationary = Tensor<Double>(shape: [s, a]) { $0 % a == 0 ? 0.7 : 0.3 }
        try folder.write(stationary, as: "pi2.npy")
        try folder.write(Tensor(shape: [h, s, a]) { $0 % a == 0 ? 0.7 : 0.3 }, as: "pi3.npy")
        for name in ["pi2.npy", "pi3.npy"] {
            try runIRL([
                "occupancy", "--transitions", folder.path("P.npy"), "--policy", folder.path(name), "--horizon", "\(h)",
                "--output", folder.path(name + ".npz"),
            ])
        }
        let mu2 = try folder.archive("pi2.npy.npz").tensor(named: "mu", as: Double.self)
        let mu3 = try folder.archive("pi3.npy.npz").tensor(named: "mu", as: Double.self)
        #expect(mu2.shape == [s, a, 1] && mu2.maxAbsDifference(mu3) <= 1e-12)
        let mdp = try TabularMDP(transitions: p, initialDistribution: Tensor(shape: [s]) { _ in 1 / 3 }, horizon: .finite(h))
        #expect(mu2.maxAbsDifference(try mdp.occupancy(of: try Policy(stationary: stationary)).stateActionOccupancy) <= 1e-12)
    }
}
