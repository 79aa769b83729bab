import DenseTensors
import Foundation
import Testing

@testable import IRL

@Suite("primal moment matching")
struct PrimalMomentMatchingTests {
    /// The exact duality gap of the averaged pair falls like `1/√T` on random MDPs (finite and
    /// infinite horizon, ℓ2, ℓ∞ and ℓ1 balls, two batch columns), and is never negative.
    @Test(arguments: [
        (Horizon.finite(5), 1.0, VectorNorm.two, UInt64(31)), (.finite(5), 1.0, .infinity, 36), (.infinite, 0.8, .one, 37),
    ])
    func averagedDualityGapDecreases(horizon: Horizon, discount: Double, norm: VectorNorm, seed: UInt64) throws {
        let mdp = try GameFixtures.randomMDP(states: 6, actions: 3, features: 4, horizon: horizon, discount: discount, seed: seed)
        let policies = try GameFixtures.randomPolicy(tables: horizon.steps ?? 1, states: 6, actions: 3, batch: 2, seed: seed + 1)
        let expert = try ExpertStatistics(occupancy: try mdp.occupancy(of: policies).stateActionOccupancy)
        let primal = PrimalMomentMatching<Double>(options: .init(iterations: 400, ball: WeightBall(norm: norm, radius: 1), gapInterval: 25))
        let solution = try primal.solve(mdp, expert: expert)
        #expect(solution.iterations == 400)
        let measured = solution.history.filter { $0.dualityGap != nil }
        #expect(measured.map(\.iteration) == Array(stride(from: 25, through: 400, by: 25)))
        for col in 0..<2 {
            let gaps = try measured.map { try #require($0.dualityGap)[col] }
            #expect(gaps.allSatisfy { $0 >= -1e-12 })
            #expect(solution.dualityGap[col] >= -1e-12)
            #expect(gaps[gaps.count - 1] <= gaps[0] / 2, "column \(col): \(gaps[0]) → \(gaps[gaps.count - 1])")
            // Least-squares slope of log gap against log T: −1/2 for the O(1/√T) rate.
            let points = zip(measured, gaps).map { (log(Double($0.iteration)), log($1)) }
            let mx = points.reduce(0.0) { $0 + $1.0 } / Double(points.count)
            let my = points.reduce(0.0) { $0 + $1.1 } / Double(points.count)
            let slope = points.reduce(0.0) { $0 + ($1.0 - mx) * ($1.1 - my) } / points.reduce(0.0) { $0 + ($1.0 - mx) * ($1.0 - mx) }
            #expect(slope <= -0.35, "column \(col): slope \(slope)")
            // The final gap is the gap of the returned averaged pair (its own forward pass).
            #expect(abs(solution.dualityGap[col] - gaps[gaps.count - 1]) < 1e-10)
        }
        #expect(solution.averagedWeights.firstNonFinite() == nil)
        #expect(WeightBall(norm: norm, radius: 1.0).contains(solution.averagedWeights, tolerance: 1e-12).allSatisfy { $0 })
    }

    /// The averaged policy's occupancy is the mean of the iterates' occupancies (finite horizon:
    /// `π̄_t = Σ_k x^k_t / Σ_k d^k_t`; infinite: the same with discounted `d`).
    @Test(arguments: [(Horizon.finite(4), 0.9), (.infinite, 0.7)])
    func averagedPolicyHasTheMeanOccupancy(horizon: Horizon, discount: Double) throws {
        let mdp = try GameFixtures.randomMDP(states: 5, actions: 3, features: 3, horizon: horizon, discount: discount, seed: 81)
        let policy = try GameFixtures.randomPolicy(tables: horizon.steps ?? 1, states: 5, actions: 3, seed: 82)
        let expert = try ExpertStatistics(occupancy: try mdp.occupancy(of: policy).stateActionOccupancy)
        let options = PrimalMomentMatching<Double>.Options(policyStepSize: 2, ball: WeightBall(norm: .two, radius: 2))
        var mean = Tensor<Double>(zeros: [5, 3, 1])
        let rounds = 4
        for t in 1...rounds {
            var o = options
            o.iterations = t
            let run = try PrimalMomentMatching(options: o).solve(mdp, expert: expert)
            let occupancy = try mdp.occupancy(of: run.lastPolicy).stateActionOccupancy
            mean = Tensor(shape: mean.shape) { mean.scalars[$0] + occupancy.scalars[$0] / Double(rounds) }
            if t == rounds {
                #expect(run.averagedOccupancy.stateActionOccupancy.maxAbsDifference(mean) < 1e-12)
            }
        }
    }

    /// One round is the multiplicative-weights step on the exact `Q^π` and projected OGD on `λ`,
    /// against plain-loop references.
    @Test func oneRoundIsMirrorDescentAndProjectedGradient() throws {
        let (s, a, k, h) = (5, 3, 3, 4)
        let mdp = try GameFixtures.randomMDP(states: s, actions: a, features: k, horizon: .finite(h), discount: 0.9, seed: 91)
        let expertPolicy = try GameFixtures.randomPolicy(tables: h, states: s, actions: a, seed: 92)
        let expert = try ExpertStatistics(occupancy: try mdp.occupancy(of: expertPolicy).stateActionOccupancy)
        let start = try GameFixtures.randomPolicy(tables: h, states: s, actions: a, seed: 93)
        let lambda1 = [0.9, -0.5, 0.6]  // ‖λ‖₂ > 1: the solver projects it first
        let (eta, etaR) = (0.7, 0.4)
        for norm in VectorNorm.allCases {
            let ball = WeightBall(norm: norm, radius: 1.0)
            let options = PrimalMomentMatching<Double>.Options(
                iterations: 2, policyStepSize: eta, policySchedule: .constant, rewardStepSize: etaR, rewardSchedule: .constant, ball: ball)
            let run = try PrimalMomentMatching(options: options).solve(
                mdp, expert: expert, initialWeights: Tensor(lambda1), initialPolicy: start)
            let projected = ball.project(Tensor(lambda1)).scalars
            let (q, d) = try GameFixtures.referenceEvaluation(
                mdp, policy: start, rewards: try GameFixtures.linearReward(mdp, weights: projected))
            for t in 0..<h {
                for st in 0..<s {
                    let w = (0..<a).map { start.probability(time: t, state: st, action: $0) * exp(eta * q[t][st][$0]) }
                    let z = w.reduce(0, +)
                    for ac in 0..<a { #expect(abs(run.lastPolicy.probability(time: t, state: st, action: ac) - w[ac] / z) < 1e-12) }
                }
            }
            let f = try GameFixtures.referenceFeatures(mdp, policy: start, d: d)
            let fE = GameFixtures.column(run.expertFeatureExpectations, 0)
            var step = (0..<k).map { projected[$0] - etaR * (f[$0] - fE[$0]) }
            ball.projectColumn(&step)
            for i in 0..<k { #expect(abs(run.lastWeights[i, 0] - step[i]) < 1e-12) }
            #expect(VectorNorm.two((0..<k).map { run.averagedWeights[$0, 0] - (projected[$0] + step[$0]) / 2 }) < 1e-12)
        }
    }

    /// `B` columns in one call give what separate calls give.
    @Test func batchedCallEqualsSeparateCalls() throws {
        let (s, a, h, b) = (5, 3, 4, 3)
        let mdp = try GameFixtures.randomMDP(states: s, actions: a, features: 3, horizon: .finite(h), discount: 1, seed: 101)
        let policies = try GameFixtures.randomPolicy(tables: h, states: s, actions: a, batch: b, seed: 102)
        let batched = try ExpertStatistics(occupancy: try mdp.occupancy(of: policies).stateActionOccupancy)
        let truth = Tensor<Double>(shape: [s, a]) { sin(Double($0)) }
        let primal = PrimalMomentMatching<Double>(
            options: .init(iterations: 30, ball: WeightBall(norm: .infinity, radius: 0.5), gapInterval: 7))
        let together = try primal.solve(mdp, expert: batched, trueReward: TrueReward(.stateAction(truth), expertPolicy: policies))
        for col in 0..<b {
            let single = try ExpertStatistics(occupancy: Tensor(shape: [s, a, 1]) { batched.occupancy.scalars[$0 * b + col] })
            let policy = try Policy(timeIndexed: Tensor(shape: [h, s, a, 1]) { policies.probabilities.scalars[$0 * b + col] })
            let alone = try primal.solve(mdp, expert: single, trueReward: TrueReward(.stateAction(truth), expertPolicy: policy))
            #expect(GameFixtures.maxColumnDifference(together.lastPolicy.probabilities, alone.lastPolicy.probabilities, col) < 1e-10)
            #expect(
                GameFixtures.maxColumnDifference(together.averagedPolicy.probabilities, alone.averagedPolicy.probabilities, col) < 1e-10)
            #expect(GameFixtures.maxColumnDifference(together.averagedWeights, alone.averagedWeights, col) < 1e-10)
            #expect(abs(together.dualityGap[col] - alone.dualityGap[0]) < 1e-10)
            for (x, y) in zip(together.history, alone.history) {
                #expect(abs(x.payoff[col] - y.payoff[0]) < 1e-10)
                let (gx, gy) = (try #require(x.averagedPerformanceGap), try #require(y.averagedPerformanceGap))
                #expect(abs(gx[col] - gy[0]) < 1e-10)
                #expect((x.dualityGap == nil) == (y.dualityGap == nil))
            }
        }
    }

    /// Invalid options are thrown errors naming the field; Float agrees with Double.
    @Test func invalidOptionsAndFloatAgreement() throws {
        let mdp = try GameFixtures.randomMDP(states: 4, actions: 2, features: 3, horizon: .finite(3), discount: 1, seed: 111)
        let policy = try GameFixtures.randomPolicy(tables: 3, states: 4, actions: 2, seed: 112)
        let expert = try ExpertStatistics(occupancy: try mdp.occupancy(of: policy).stateActionOccupancy)
        func argument(_ options: PrimalMomentMatching<Double>.Options, initialPolicy: Policy<Double>? = nil) -> String? {
            do { _ = try PrimalMomentMatching(options: options).solve(mdp, expert: expert, initialPolicy: initialPolicy) } catch {
                switch error {
                case let .invalidParameter(argument, _, _), let .shapeMismatch(argument, _, _): return argument
                default: return "\(error)"
                }
            }
            return nil
        }
        #expect(argument(.init(iterations: 0)) == "iterations")
        #expect(argument(.init(policyStepSize: -1)) == "policyStepSize")
        #expect(argument(.init(rewardStepSize: .nan)) == "rewardStepSize")
        #expect(argument(.init(ball: WeightBall(norm: .two, radius: 0))) == "ball.radius")
        #expect(argument(.init(gapInterval: -1)) == "gapInterval")
        #expect(argument(.init(policySchedule: .exponential(decay: 0))) == "policySchedule.decay")
        #expect(
            argument(.init(), initialPolicy: try GameFixtures.randomPolicy(tables: 2, states: 4, actions: 2, seed: 1)) == "initialPolicy")

        // Early stop once every measured averaged gap is within the tolerance; one progress call per round.
        var calls = [Int]()
        let early = try PrimalMomentMatching<Double>(options: .init(iterations: 50, gapInterval: 5, gapTolerance: 1e9))
            .solve(mdp, expert: expert) { calls.append($0.iteration) }
        #expect(early.iterations == 5 && early.history.count == 5 && calls == [1, 2, 3, 4, 5])

        let options = PrimalMomentMatching<Double>.Options(iterations: 30, gapInterval: 10)
        let double = try PrimalMomentMatching(options: options).solve(mdp, expert: expert)
        let floatMDP = try TabularMDP<Float>(
            transitions: Tensor(shape: [4, 2, 4]) { i in
                Float(
                    mdp.dynamics.successors(state: i / 8, action: (i / 4) % 2)
                        .first { $0.state == i % 4 }?.probability ?? 0)
            },
            initialDistribution: mdp.initialDistribution.converted(), horizon: .finite(3), features: try #require(mdp.features).converted())
        let floatOptions = PrimalMomentMatching<Float>.Options(iterations: 30, gapInterval: 10)
        let single = try PrimalMomentMatching(options: floatOptions)
            .solve(floatMDP, expert: try ExpertStatistics(occupancy: expert.occupancy.converted()))
        #expect(single.averagedPolicy.probabilities.converted(to: Double.self).maxAbsDifference(double.averagedPolicy.probabilities) < 1e-4)
        #expect(single.averagedWeights.converted(to: Double.self).maxAbsDifference(double.averagedWeights) < 1e-4)
        #expect(abs(Double(single.dualityGap[0]) - double.dualityGap[0]) < 1e-4 * max(1, double.dualityGap[0]))
    }
}
