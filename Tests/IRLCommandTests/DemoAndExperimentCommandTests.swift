import DenseTensors
import Foundation
import IRL
import NumPyIO
import Testing

@testable import IRLCommand

/// `irl demo`, `irl experiment compounding` and `irl experiment pareto` end to end on small sizes.
@Suite("irl demo and irl experiment")
struct DemoAndExperimentCommandTests {
    static func isSVG(_ url: URL) throws -> Bool {
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.contains("<svg") && text.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("</svg>")
    }

    @Test func demoWritesEveryFileAndTheArraysAreConsistent() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let (size, h, n) = (4, 6, 12)
        let arguments = [
            "demo", "--size", "\(size)", "--horizon", "\(h)", "--demonstrations", "\(n)", "--iterations", "30", "--seed", "3",
            "--quiet", "--output", folder.path("out"),
        ]
        try runIRL(arguments)
        let out = folder.url.appendingPathComponent("out")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(
            names == [
                "demo.npz", "demonstrations.npz", "features.npy", "initial.npy", "learning-curve.svg", "occupancy.svg",
                "rewards.svg", "transitions.npy", "true-reward-gap.svg",
            ])
        for svg in names where svg.hasSuffix(".svg") { #expect(try Self.isSVG(out.appendingPathComponent(svg)), "\(svg)") }
        let (s, a, k) = (size * size, 5, 4)
        let demo = try NumPyArchive.read(contentsOf: out.appendingPathComponent("demo.npz"))
        let expectShape = { (name: String, shape: [Int]) throws in
            #expect(try demo.tensor(named: name, as: Double.self).shape == shape, "\(name)")
        }
        try expectShape("true_reward", [s])
        try expectShape("recovered_reward", [s])
        try expectShape("weights", [k])
        try expectShape("features", [s, k])
        try expectShape("policy", [h, s, a])
        try expectShape("expert_occupancy", [s, a])
        try expectShape("returns", [4])
        // The recovered reward is Φ·λ; the policy is its soft value iteration on the written MDP files.
        let phi = try demo.tensor(named: "features", as: Double.self)
        let weights = try demo.tensor(named: "weights", as: Double.self)
        let recovered = try demo.tensor(named: "recovered_reward", as: Double.self)
        for state in 0..<s {
            let value = (0..<k).reduce(0.0) { $0 + phi[state, $1] * weights[$1] }
            #expect(abs(recovered[state] - value) <= 1e-12)
        }
        let p = try NumPyFile.readTensor(contentsOf: out.appendingPathComponent("transitions.npy"), as: Double.self)
        let rho = try NumPyFile.readTensor(contentsOf: out.appendingPathComponent("initial.npy"), as: Double.self)
        let mdp = try TabularMDP(transitions: p, initialDistribution: rho, horizon: .finite(h), features: phi)
        let plan = try SoftValueIteration<Double>().solve(mdp, reward: .linear(weights: weights))
        #expect(
            try demo.tensor(named: "policy", as: Double.self).maxAbsDifference(try plan.policy.probabilities.reshaped([h, s, a])) <= 1e-12)
        let returns = try demo.tensor(named: "returns", as: Double.self)
        let truth = try demo.tensor(named: "true_reward", as: Double.self)
        let j = try mdp.evaluate(plan.policy, reward: .state(truth)).returns[0]
        #expect(abs(returns[1] - j) <= 1e-9 * max(1, abs(j)))
        let demos = try NumPyArchive.read(contentsOf: out.appendingPathComponent("demonstrations.npz"))
        let stateShape = try demos.array(named: "states").shape
        let actionShape = try demos.array(named: "actions").shape
        #expect(stateShape == [n, h + 1] && actionShape == [n, h])
        // Same seed, same arrays.
        try runIRL(Array(arguments.dropLast()) + [folder.path("again")])
        let again = try Data(contentsOf: folder.url.appendingPathComponent("again/demo.npz"))
        let first = try Data(contentsOf: out.appendingPathComponent("demo.npz"))
        #expect(again == first)
    }

    @Test func compoundingWritesTablesPlotsAndNumbers() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        try runIRL([
            "experiment", "compounding", "--horizons", "4,8,16", "--epsilon", "0.05", "--size", "4", "--demonstrations", "3",
            "--learners", "bc,maxent", "--maxent-iterations", "20", "--quiet", "--output", folder.path("out"),
        ])
        let out = folder.url.appendingPathComponent("out")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(
            names == [
                "compounding.npz", "figure-18-1.csv", "figure-18-1.svg", "gridworld-exponents.csv", "gridworld-gaps.csv",
                "gridworld-gaps.svg",
            ])
        #expect(try Self.isSVG(out.appendingPathComponent("figure-18-1.svg")))
        #expect(try Self.isSVG(out.appendingPathComponent("gridworld-gaps.svg")))
        let numbers = try NumPyArchive.read(contentsOf: out.appendingPathComponent("compounding.npz"))
        let gap2 = try numbers.tensor(named: "figure_gap_pi2", as: Double.self)
        #expect(gap2.shape == [3])
        for (i, h) in [4, 8, 16].enumerated() {
            #expect(abs(gap2[i] - CompoundingErrorExample<Double>.absorbedGap(epsilon: 0.05, horizon: h)) <= 1e-12 * Double(h * h))
        }
        #expect(try numbers.tensor(named: "gridworld_gap_BC", as: Double.self).shape == [3])
        #expect(try numbers.tensor(named: "gridworld_exponent_MaxEnt_IRL", as: Double.self).shape == [1])
        let csv = try String(contentsOf: out.appendingPathComponent("figure-18-1.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 4 && csv.hasPrefix("H,J(π_E),"))
    }

    @Test func paretoWritesTheFrontierOfTheLibrary() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        try runIRL([
            "experiment", "pareto", "--size", "4", "--horizon", "6", "--weights", "5", "--rounds", "1", "--batch", "3",
            "--output", folder.path("out"),
        ])
        let out = folder.url.appendingPathComponent("out")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == ["pareto.csv", "pareto.npz", "pareto.svg"])
        #expect(try Self.isSVG(out.appendingPathComponent("pareto.svg")))
        let numbers = try NumPyArchive.read(contentsOf: out.appendingPathComponent("pareto.npz"))
        let experiment = ParetoFrontierExperiment(width: 4, height: 4, horizon: 6, weightCount: 5, searchRounds: 1, searchBatch: 3)
        let (mdp, r1, r2, _) = try experiment.problem()
        let frontier = try ParetoFrontierExperiment.frontier(mdp, first: .state(r1), second: .state(r2), weights: [0, 0.25, 0.5, 0.75, 1])
        #expect(try numbers.tensor(named: "J1", as: Double.self).maxAbsDifference(Tensor(frontier.firstReturns)) <= 1e-12)
        #expect(try numbers.tensor(named: "J2", as: Double.self).maxAbsDifference(Tensor(frontier.secondReturns)) <= 1e-12)
        #expect(try numbers.tensor(named: "equilibrium", as: Double.self).shape == [5])
    }
}
