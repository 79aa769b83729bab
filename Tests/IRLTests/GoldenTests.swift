import DenseTensors
import Foundation
import Testing
@testable import IRL

/// The peer library's values (HumanCompatibleAI/imitation 1.0.1, `mce_partition_fh` and
/// `mce_occupancy_measures` on its "reasonable MDP"); see shared/golden/README.md.
@Suite("golden values from imitation 1.0.1")
struct GoldenTests {
    struct Golden {
        var mdp: TabularMDP<Double>
        var reward: [Double]
        var horizon: Int
        var cases: [[String: Any]]
    }

    func load() throws -> Golden {
        let json = try loadGolden()
        let p = try #require(json["transition_matrix"] as? [[[Double]]])
        let rho = try #require(json["initial_state_dist"] as? [Double])
        let r = try #require(json["state_reward"] as? [Double])
        let h = try #require(json["horizon"] as? Int)
        let (s, a) = (p.count, p[0].count)
        let mdp = try TabularMDP(transitions: try Tensor(shape: [s, a, s], scalars: p.flatMap { $0.flatMap { $0 } }),
                                 initialDistribution: Tensor(rho), horizon: .finite(h))
        return Golden(mdp: mdp, reward: r, horizon: h, cases: try #require(json["cases"] as? [[String: Any]]))
    }

    @Test func valuesAndPoliciesMatchToNineDigits() throws {
        let g = try load()
        #expect(g.cases.count == 5)
        for c in g.cases {
            let gamma = try #require(c["discount"] as? Double)
            let v = try #require(c["V"] as? [[Double]])
            let pi = try #require(c["pi"] as? [[[Double]]])
            let mdp = try g.mdp.with(horizon: .finite(g.horizon), discount: gamma)
            let plan = try SoftValueIteration<Double>().solve(mdp, reward: .state(Tensor(g.reward)))
            var worst = 0.0
            for t in 0..<g.horizon {
                for s in 0..<mdp.stateCount {
                    worst = max(worst, abs(plan.values[t, s, 0] - v[t][s]))
                    for a in 0..<mdp.actionCount { worst = max(worst, abs(plan.policy.probabilities[t, s, a, 0] - pi[t][s][a])) }
                }
            }
            #expect(worst < 1e-9, "γ = \(gamma): largest difference \(worst)")
        }
    }

    @Test func occupancyMatchesUpToTheFinalRow() throws {
        // Ours: μ = Σ_{t<H} γᵗ x_t. Theirs: Dcum = Σ_{t≤H} γᵗ D_t. They differ by γᴴ D_H exactly.
        let g = try load()
        for c in g.cases {
            let gamma = try #require(c["discount"] as? Double)
            let d = try #require(c["D"] as? [[Double]])
            let dcum = try #require(c["Dcum"] as? [Double])
            let mdp = try g.mdp.with(horizon: .finite(g.horizon), discount: gamma)
            let plan = try SoftValueIteration<Double>().solve(mdp, reward: .state(Tensor(g.reward)))
            let occ = try mdp.occupancy(of: plan.policy)
            for t in 0...g.horizon {
                for s in 0..<mdp.stateCount { #expect(abs(occ.stateDistributions[t, s, 0] - d[t][s]) < 1e-9) }
            }
            let last = pow(gamma, Double(g.horizon))
            for s in 0..<mdp.stateCount {
                let ours = (0..<mdp.actionCount).reduce(0.0) { $0 + occ.stateActionOccupancy[s, $1, 0] }
                #expect(abs(ours + last * d[g.horizon][s] - dcum[s]) < 1e-9, "γ = \(gamma), s = \(s)")
            }
        }
    }
}
