import DenseTensors
import Foundation
import Testing

@testable import IRL

/// The Pareto-frontier experiment: one batched solve equals per-weight solves, and the marked
/// equilibrium is the max–min point.
@Suite("experiments: Pareto frontier")
struct ExperimentParetoTests {
    static let small = ParetoFrontierExperiment(width: 4, height: 4, horizon: 8, weightCount: 6, searchRounds: 2, searchBatch: 4)

    @Test func batchedSolveEqualsPerWeightSolves() throws {
        let (mdp, r1, r2, _) = try Self.small.problem()
        let weights = [0, 0.2, 0.35, 0.5, 0.9, 1]
        let frontier = try ParetoFrontierExperiment.frontier(mdp, first: .state(r1), second: .state(r2), weights: weights)
        #expect(frontier.policy.batch == weights.count)
        for (i, w) in weights.enumerated() {
            let r = Tensor<Double>(shape: [mdp.stateCount]) { w * r1.scalars[$0] + (1 - w) * r2.scalars[$0] }
            let plan = try SoftValueIteration<Double>().solve(mdp, reward: .state(r))
            let single = plan.policy.probabilities
            var worst = 0.0
            for t in 0..<8 {
                for s in 0..<mdp.stateCount {
                    for a in 0..<mdp.actionCount {
                        worst = max(worst, abs(frontier.policy.probabilities[t, s, a, i] - single[t, s, a, 0]))
                    }
                }
            }
            #expect(worst <= 1e-12, "w = \(w)")
            let j1 = try mdp.evaluate(plan.policy, reward: .state(r1)).returns[0]
            let j2 = try mdp.evaluate(plan.policy, reward: .state(r2)).returns[0]
            #expect(abs(frontier.firstReturns[i] - j1) <= 1e-12 * max(1, abs(j1)))
            #expect(abs(frontier.secondReturns[i] - j2) <= 1e-12 * max(1, abs(j2)))
        }
    }

    @Test func frontierTradesOneRewardForTheOther() throws {
        let result = try Self.small.run()
        let points = result.points
        #expect(points.count == 6 && points.first?.weight == 0 && points.last?.weight == 1)
        // Scalarisation: J1 − J2 never decreases with w (optimality of each π_w against the others).
        for (p, q) in zip(points, points.dropFirst()) {
            #expect(q.firstReturn - q.secondReturn >= p.firstReturn - p.secondReturn - 1e-9)
        }
        #expect(abs(points[0].firstNormalized) < 1e-12 && abs(points[5].firstNormalized - 1) < 1e-12)
        #expect(abs(points[0].secondNormalized - 1) < 1e-12 && abs(points[5].secondNormalized) < 1e-12)
    }

    @Test func equilibriumIsTheBestMaxMinPointEvaluated() throws {
        let result = try Self.small.run()
        let e = result.equilibrium
        for p in result.points + result.searchPoints { #expect(e.gameValue >= p.gameValue) }
        #expect(result.batchedSolves == 3 && result.searchPoints.count == 8)
        // Near the crossing the two normalised returns are close.
        #expect(abs(e.firstNormalized - e.secondNormalized) < 0.1)
        // Its returns are those of the soft best response to its weight.
        let (mdp, r1, r2, _) = try Self.small.problem()
        let check = try ParetoFrontierExperiment.frontier(mdp, first: .state(r1), second: .state(r2), weights: [e.weight])
        #expect(abs(check.firstReturns[0] - e.firstReturn) < 1e-12 && abs(check.secondReturns[0] - e.secondReturn) < 1e-12)
        #expect(result.table.rows.count == result.points.count + 1)
    }

    @Test func badSettingsAreThrown() {
        var bad = Self.small
        bad.weightCount = 1
        #expect(throws: IRLError.self) { try bad.run() }
        bad = Self.small
        bad.searchBatch = 0
        #expect(throws: IRLError.self) { try bad.run() }
        #expect(throws: IRLError.self) {
            let (mdp, r1, r2, _) = try Self.small.problem()
            _ = try ParetoFrontierExperiment.frontier(mdp, first: .state(r1), second: .state(r2), weights: [])
        }
        #expect(throws: IRLError.self) {
            let (mdp, r1, r2, _) = try Self.small.problem()
            _ = try ParetoFrontierExperiment.frontier(mdp, first: .state(r1), second: .state(r2), weights: [.nan])
        }
    }
}
