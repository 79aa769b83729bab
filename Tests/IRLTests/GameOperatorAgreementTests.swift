import DenseTensors
import Foundation
import Testing
import _TestSupport

@testable import IRL

/// A game on one random gridworld: its three MDPs (dense, sparse, stencil) with the same random
/// features `Φ[S, A, K]`, and expert statistics from the soft-optimal occupancy of random rewards.
struct GridworldGame {
    let grid: Gridworld
    let mdps: [TabularMDP<Double>]
    let expert: ExpertStatistics<Double>

    init(seed: UInt64, horizon: Horizon, discount: Double, batch: Int, features k: Int = 3) throws {
        grid = randomGridworld(seed: seed, maxSide: 5)
        let (s, a) = (grid.stateCount, grid.actionCount)
        let phi: Tensor<Double> = randomTensor([s, a, k], seed: seed &+ 77)
        let grid = grid
        mdps = try Gridworld.OperatorKind.allCases.map { kind in
            try grid.mdp(horizon: horizon, discount: discount, operator: kind, features: phi, threads: 2)
        }
        let truth = randomRewards(Double.self, states: s, actions: a, batch: batch, seed: seed &+ 99)
        let occupancy = try SoftValueIteration<Double>().occupancy(mdps[0], stateActionRewards: truth, mode: .full)
        expert = try ExpertStatistics(occupancy: occupancy.stateActionOccupancy)
    }
}

/// `‖x − y‖∞ ≤ tolerance · max(1, ‖x‖∞)` for arrays.
func agree(_ x: [Double], _ y: [Double], _ tolerance: Double) -> Bool {
    guard x.count == y.count else { return false }
    let scale = x.reduce(1.0) { Swift.max($0, Swift.abs($1)) }
    return zip(x, y).allSatisfy { Swift.abs($0 - $1) <= tolerance * scale }
}

@Suite("game solvers agree on dense, sparse and stencil operators")
struct GameOperatorAgreementTests {
    static let cases: [(seed: UInt64, batch: Int)] = [(1, 1), (2, 3), (3, 1), (4, 3), (5, 3), (6, 1)]

    @Test(arguments: cases)
    func maxEntAgreesAcrossOperators(seed: UInt64, batch: Int) throws {
        for (horizon, discount) in [(Horizon.finite(6), 0.95), (.infinite, 0.8)] {
            let game = try GridworldGame(seed: seed, horizon: horizon, discount: discount, batch: batch)
            let irl = MaxEntIRL<Double>(
                options: .init(
                    stepSize: 0.05, maxIterations: 25, gapBall: WeightBall(norm: .two, radius: 2)))
            let solutions = try game.mdps.map { try irl.solve($0, expert: game.expert) }
            let reference = solutions[0]
            for other in solutions.dropFirst() {
                #expect(agree(reference.weights, other.weights, 1e-10))
                #expect(agree(reference.featureExpectations, other.featureExpectations, 1e-10))
                #expect(agree(reference.occupancy.stateActionOccupancy, other.occupancy.stateActionOccupancy, 1e-10))
                #expect(agree(reference.plan.policy.probabilities, other.plan.policy.probabilities, 1e-10))
                #expect(reference.iterations == other.iterations)
                for (r, o) in zip(reference.history, other.history) {
                    #expect(agree(r.dualObjective, o.dualObjective, 1e-10))
                    #expect(agree(try #require(r.dualityGap), try #require(o.dualityGap), 1e-10))
                }
            }
        }
    }

    @Test(arguments: cases)
    func primalAgreesAcrossOperators(seed: UInt64, batch: Int) throws {
        for (horizon, discount) in [(Horizon.finite(6), 0.95), (.infinite, 0.8)] {
            let game = try GridworldGame(seed: seed, horizon: horizon, discount: discount, batch: batch)
            let primal = PrimalMomentMatching<Double>(options: .init(iterations: 20, ball: WeightBall(norm: .two, radius: 2)))
            let solutions = try game.mdps.map { try primal.solve($0, expert: game.expert) }
            let reference = solutions[0]
            for other in solutions.dropFirst() {
                #expect(agree(reference.averagedWeights, other.averagedWeights, 1e-10))
                #expect(agree(reference.lastWeights, other.lastWeights, 1e-10))
                #expect(agree(reference.averagedOccupancy.stateActionOccupancy, other.averagedOccupancy.stateActionOccupancy, 1e-10))
                #expect(agree(reference.averagedFeatureExpectations, other.averagedFeatureExpectations, 1e-10))
                #expect(agree(reference.dualityGap, other.dualityGap, 1e-10))
            }
        }
    }
}
