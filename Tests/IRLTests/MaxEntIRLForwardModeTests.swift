import DenseTensors
import Foundation
import Testing
import _TestSupport

@testable import IRL

@Suite("MaxEnt IRL: lean and full forward modes")
struct MaxEntIRLForwardModeTests {
    /// Every mode gives the same iterates, history (with the log-likelihood from counts) and final
    /// plan to 1e-12, on the dense and the stencil operator, for B ∈ {1, 3}.
    @Test(arguments: [(UInt64(11), 1), (12, 3), (13, 1), (14, 3)])
    func modesAgree(seed: UInt64, batch: Int) throws {
        let game = try GridworldGame(seed: seed, horizon: .finite(7), discount: 0.9, batch: batch)
        let (s, a) = (game.grid.stateCount, game.grid.actionCount)
        // Expected counts of a random policy: 40 trajectories per column.
        let policy = try GameFixtures.randomPolicy(tables: 7, states: s, actions: a, batch: batch, seed: seed)
        let counts = try GameFixtures.expectedCounts(game.mdps[0], policy: policy, trajectories: 40)
        let expert = try ExpertStatistics(counts: counts, trajectories: [40], discount: 0.9)
        for mdp in [game.mdps[0], game.mdps[2]] {
            let runs = try SoftValueIteration<Double>.ForwardMode.allCases.map { mode in
                try MaxEntIRL<Double>(options: .init(stepSize: 0.1, maxIterations: 15, forwardMode: mode)).solve(mdp, expert: expert)
            }
            let full = runs[SoftValueIteration<Double>.ForwardMode.allCases.firstIndex(of: .full)!]
            for run in runs {
                #expect(agree(full.weights, run.weights, 1e-12))
                #expect(agree(full.featureExpectations, run.featureExpectations, 1e-12))
                #expect(agree(full.plan.values, run.plan.values, 1e-12))
                #expect(agree(full.plan.policy.probabilities, run.plan.policy.probabilities, 1e-12))
                #expect(agree(full.occupancy.stateDistributions, run.occupancy.stateDistributions, 1e-12))
                #expect(full.history.count == run.history.count)
                for (f, r) in zip(full.history, run.history) {
                    #expect(agree(try #require(f.logLikelihood), try #require(r.logLikelihood), 1e-12))
                    #expect(agree(f.dualObjective, r.dualObjective, 1e-12))
                    #expect(agree(f.mismatchInfinity, r.mismatchInfinity, 1e-12))
                }
            }
        }
    }

    /// The values-only sweep equals `logLikelihood(of:)` on the soft-optimal policy, including a
    /// demonstrated pair with probability zero (`−∞`).
    @Test(arguments: [UInt64(21), 22, 23])
    func softLogLikelihoodMatchesPolicy(seed: UInt64) throws {
        let game = try GridworldGame(seed: seed, horizon: .finite(5), discount: 0.97, batch: 2)
        let mdp = game.mdps[2]
        let (s, a) = (mdp.stateCount, mdp.actionCount)
        let policy = try GameFixtures.randomPolicy(tables: 5, states: s, actions: a, batch: 2, seed: seed)
        let counts = try GameFixtures.expectedCounts(game.mdps[0], policy: policy, trajectories: 10)
        let expert = try ExpertStatistics(counts: counts, trajectories: [10], discount: 0.97)
        var r = randomRewards(Double.self, states: s, actions: a, batch: 2, seed: seed)
        let plan = try SoftValueIteration<Double>(temperature: 0.7).solve(mdp, stateActionRewards: r)
        let sweep = try expert.softLogLikelihood(mdp, stateActionRewards: r, temperature: 0.7, threads: 2)
        #expect(agree(try expert.logLikelihood(of: plan.policy), sweep, 1e-12))
        // Forbid the action demonstrated first: both give −∞ for that column.
        let first = try #require(counts.scalars.indices.first { counts.scalars[$0] > 0 && $0 % 2 == 0 })
        let (state, action) = ((first / 2 % (s * a)) / a, first / 2 % a)
        r[state, action, 0] = -.infinity
        let masked = try expert.softLogLikelihood(mdp, stateActionRewards: r, temperature: 0.7, threads: 2)
        #expect(masked[0] == -.infinity)
        #expect(masked[1].isFinite)
    }

    /// A lean run whose final plan cannot fit the budget is refused before it starts.
    @Test func budgetRefusal() throws {
        let game = try GridworldGame(seed: 31, horizon: .finite(4), discount: 1, batch: 1)
        let small = MemoryBudget(bytes: 1024)
        let irl = MaxEntIRL<Double>(options: .init(maxIterations: 3, forwardMode: .lean, memoryBudget: small))
        #expect {
            _ = try irl.solve(game.mdps[2], expert: game.expert)
        } throws: { error in
            guard case .exceedsMemoryBudget = error as? IRLError else { return false }
            return true
        }
    }
}
