import DenseTensors
import Foundation
import Testing
import _TestSupport
@testable import IRL

@Suite("invariants")
struct InvariantTests {
    @Test(arguments: [(1.0, UInt64(1)), (0.9, 2), (0.5, 3), (0.0, 4)])
    func policiesNormaliseAndMassIsExact(discount: Double, seed: UInt64) throws {
        let pr = RandomProblem(states: 12, actions: 4, seed: seed)
        let h = 25
        let mdp = try pr.mdp(horizon: .finite(h), discount: discount)
        let rewards: Tensor<Double> = Tensor(shape: [12, 4, 3]) { i in sin(Double(i)) * 3 }
        let plan = try SoftValueIteration<Double>().solve(mdp, reward: .stateAction(rewards))
        let p = plan.policy.probabilities
        for t in 0..<h { for s in 0..<12 { for b in 0..<3 {
            let total = (0..<4).reduce(0.0) { $0 + p[t, s, $1, b] }
            #expect(abs(total - 1) < 1e-12)
        } } }
        let occ = try mdp.occupancy(of: plan.policy)
        let expected = (0..<h).reduce(0.0) { $0 + pow(discount, Double($1)) }
        #expect(abs(mdp.occupancyMass - expected) < 1e-12)
        for b in 0..<3 { #expect(abs(occ.mass[b] - expected) < 1e-9 * Double(h)) }
        for t in 0...h { for b in 0..<3 {
            #expect(abs((0..<12).reduce(0.0) { $0 + occ.stateDistributions[t, $1, b] } - 1) < 1e-12)
        } }
    }

    @Test func softValueDominatesHardValueAndTemperatureLimit() throws {
        let pr = RandomProblem(states: 10, actions: 4, seed: 9)
        let mdp = try pr.mdp(horizon: .finite(15), discount: 0.95)
        let reward = Reward.stateAction(pr.rewards)
        let hard = try HardValueIteration<Double>().solve(mdp, reward: reward)
        var previousGap = Double.infinity
        for alpha in [1.0, 0.1, 0.01, 0.001] {
            let soft = try SoftValueIteration<Double>(temperature: alpha).solve(mdp, reward: reward)
            var gap = 0.0
            for t in 0...15 { for s in 0..<10 {
                #expect(soft.values[t, s, 0] >= hard.values[t, s, 0] - 1e-12)
                gap = max(gap, soft.values[t, s, 0] - hard.values[t, s, 0])
            } }
            // V_soft − V_hard ≤ α·H·log A, and shrinks with α.
            #expect(gap <= alpha * 15 * log(4.0) + 1e-12)
            #expect(gap < previousGap)
            previousGap = gap
        }
        #expect(previousGap < 0.1)
        // The hard policy is deterministic and greedy.
        for s in 0..<10 {
            let row = (0..<4).map { hard.policy.probabilities[0, s, $0, 0] }
            #expect(row.filter { $0 == 1 }.count == 1 && row.reduce(0, +) == 1)
        }
    }

    @Test func batchColumnsEqualSeparateSolves() throws {
        let pr = RandomProblem(states: 8, actions: 3, seed: 5)
        let mdp = try pr.mdp(horizon: .finite(10), discount: 0.9)
        let batch: Tensor<Double> = Tensor(shape: [8, 3, 4]) { i in cos(Double(i) * 0.7) * 2 }
        let plan = try SoftValueIteration<Double>().solve(mdp, reward: .stateAction(batch))
        let occ = try mdp.occupancy(of: plan.policy)
        for b in 0..<4 {
            let column = Tensor<Double>(shape: [8, 3]) { batch.scalars[$0 * 4 + b] }
            let single = try SoftValueIteration<Double>().solve(mdp, reward: .stateAction(column))
            let singleOcc = try mdp.occupancy(of: single.policy)
            for t in 0...10 { for s in 0..<8 { #expect(abs(plan.values[t, s, b] - single.values[t, s, 0]) < 1e-12) } }
            for s in 0..<8 { for a in 0..<3 {
                #expect(abs(plan.policy.probabilities[3, s, a, b] - single.policy.probabilities[3, s, a, 0]) < 1e-12)
                #expect(abs(occ.stateActionOccupancy[s, a, b] - singleOcc.stateActionOccupancy[s, a, 0]) < 1e-12)
            } }
        }
    }

    @Test func floatAgreesWithDouble() throws {
        let pr = RandomProblem(states: 20, actions: 5, seed: 11)
        let mdpD = try pr.mdp(horizon: .finite(30), discount: 0.95)
        let mdpF = try TabularMDP<Float>(transitions: pr.transitions.converted(), initialDistribution: Tensor(pr.rho).converted(),
                                         horizon: .finite(30), discount: 0.95)
        let planD = try SoftValueIteration<Double>().solve(mdpD, reward: .stateAction(pr.rewards))
        let planF = try SoftValueIteration<Float>().solve(mdpF, reward: .stateAction(pr.rewards.converted()))
        let scale = planD.values.scalars.map(abs).max()!
        #expect(planD.values.maxAbsDifference(planF.values.converted()) < 2e-5 * scale)
        #expect(planD.policy.probabilities.maxAbsDifference(planF.policy.probabilities.converted()) < 1e-4)
        let occD = try mdpD.occupancy(of: planD.policy)
        let occF = try mdpF.occupancy(of: planF.policy)
        #expect(occD.stateActionOccupancy.maxAbsDifference(occF.stateActionOccupancy.converted()) < 1e-4)
    }

    @Test(arguments: [0.0, 0.5, 0.9, 0.99])
    func discountedFixedPointAgreesWithPolicyIteration(discount: Double) throws {
        let pr = RandomProblem(states: 15, actions: 4, seed: 21)
        let mdp = try pr.mdp(horizon: .infinite, discount: discount)
        let batch = Tensor<Double>(shape: [15, 4, 2]) { i in pr.r[i / 8][(i / 2) % 4] * (i % 2 == 0 ? 1 : -0.5) }
        let vi = try SoftValueIteration<Double>(tolerance: 1e-12).solve(mdp, reward: .stateAction(batch))
        let pi = try SoftPolicyIteration<Double>().solve(mdp, reward: .stateAction(batch))
        #expect(vi.values.maxAbsDifference(pi.values) < 1e-10)
        #expect(vi.policy.probabilities.maxAbsDifference(pi.policy.probabilities) < 1e-10)
        #expect(pi.iterations < 50)
        // The residual bound is at the tolerance or at rounding level (γ/(1−γ)·8ε·‖V‖).
        #expect(vi.residual <= 1e-9)
        // Fixed point: V = α log Σ exp(r + γ P V).
        let q = try mdp.dynamics.pull(vi.values.slice(0))
        for s in 0..<15 { for b in 0..<2 {
            let qs = (0..<4).map { batch[s, $0, b] + discount * q[s, $0, b] }
            let m = qs.max()!
            #expect(abs(m + log(qs.reduce(0) { $0 + exp($1 - m) }) - vi.values[0, s, b]) < 1e-10)
        } }
    }

    @Test func discountedOccupancyAndEvaluationAreConsistent() throws {
        let pr = RandomProblem(states: 10, actions: 3, seed: 33)
        let mdp = try pr.mdp(horizon: .infinite, discount: 0.8)
        let plan = try SoftValueIteration<Double>().solve(mdp, reward: .stateAction(pr.rewards))
        let occ = try mdp.occupancy(of: plan.policy)
        #expect(abs(occ.mass[0] - 5) < 1e-10)
        let eval = try mdp.evaluate(plan.policy, reward: .stateAction(pr.rewards))
        let viaMu = try occ.expectedReward(try pr.rewards.reshaped([10, 3, 1]))[0]
        #expect(abs(eval.returns[0] - viaMu) < 1e-10)
        // A long finite horizon approaches the infinite one.
        let long = try mdp.with(horizon: .finite(200))
        let stationary = plan.policy
        let occLong = try long.occupancy(of: stationary)
        #expect(occLong.stateActionOccupancy.maxAbsDifference(occ.stateActionOccupancy) < 1e-10)
        // Hard VI infinite: greedy policy's evaluation equals its values.
        let hard = try HardValueIteration<Double>().solve(mdp, reward: .stateAction(pr.rewards))
        let hardEval = try mdp.evaluate(hard.policy, reward: .stateAction(pr.rewards))
        #expect(hardEval.values.maxAbsDifference(hard.values) < 1e-8)
    }

    @Test func rewardFormsAgree() throws {
        let pr = RandomProblem(states: 5, actions: 2, seed: 3)
        let features = Tensor<Double>(shape: [5, 2, 3]) { Double(($0 * 7) % 5) - 2 }
        let mdp = try TabularMDP(transitions: pr.transitions, initialDistribution: Tensor(pr.rho), horizon: .finite(4),
                                 features: features)
        let weights = Tensor<Double>([0.5, -1, 2])
        let linear = try mdp.stateActionRewards(.linear(weights: weights))
        for s in 0..<5 { for a in 0..<2 {
            let e = (0..<3).reduce(0.0) { $0 + features[s, a, $1] * weights[$1] }
            #expect(abs(linear[s, a, 0] - e) < 1e-14)
        } }
        // r(s, a, s') folds through P.
        let rsas = Tensor<Double>(shape: [5, 2, 5]) { Double($0 % 7) }
        let folded = try mdp.stateActionRewards(.transition(rsas))
        for s in 0..<5 { for a in 0..<2 {
            let e = (0..<5).reduce(0.0) { $0 + pr.p[s][a][$1] * rsas[s, a, $1] }
            #expect(abs(folded[s, a, 0] - e) < 1e-14)
        } }
        // State rewards broadcast over actions; state features broadcast too.
        let state = try mdp.stateActionRewards(.state(Tensor([1, 2, 3, 4, 5])))
        #expect(state[3, 1, 0] == 4 && state[3, 0, 0] == 4)
        let withStateFeatures = try mdp.with(features: Tensor(shape: [5, 2]) { Double($0) })
        #expect(withStateFeatures.features!.shape == [5, 2, 2])
        #expect(withStateFeatures.features![4, 1, 1] == 9)
    }
}
