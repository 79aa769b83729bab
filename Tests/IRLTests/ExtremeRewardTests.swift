import DenseTensors
import Foundation
import Testing
import _TestSupport
@testable import IRL

@Suite("extreme and forbidden rewards")
struct ExtremeRewardTests {
    @Test(arguments: [1e3, 1e300])
    func hugeRewardsGiveFiniteValuesAndNormalisedPolicies(magnitude: Double) throws {
        let pr = RandomProblem(states: 4, actions: 3, seed: 8)
        let mdp = try pr.mdp(horizon: .finite(4), discount: 1)
        let r = Tensor<Double>(shape: [4, 3]) { i in i % 2 == 0 ? magnitude : -magnitude }
        let plan = try SoftValueIteration<Double>().solve(mdp, reward: .stateAction(r))
        #expect(plan.values.firstNonFinite() == nil)
        #expect(plan.policy.probabilities.firstNonFinite() == nil)
        for t in 0..<4 { for s in 0..<4 {
            let total = (0..<3).reduce(0.0) { $0 + plan.policy.probabilities[t, s, $1, 0] }
            #expect(abs(total - 1) < 1e-12)
            // −magnitude actions lose everything against +magnitude ones.
            for a in 0..<3 where r[s, a] < 0 && magnitude >= 1e3 { #expect(plan.policy.probabilities[t, s, a, 0] == 0) }
        } }
        let occ = try mdp.occupancy(of: plan.policy)
        #expect(occ.stateActionOccupancy.firstNonFinite() == nil)
        // Float: ±1e30.
        let mdpF = try TabularMDP<Float>(transitions: pr.transitions.converted(), initialDistribution: Tensor(pr.rho).converted(),
                                         horizon: .finite(4))
        let rF = Tensor<Float>(shape: [4, 3]) { i in i % 2 == 0 ? 1e30 : -1e30 }
        let planF = try SoftValueIteration<Float>().solve(mdpF, reward: .stateAction(rF))
        #expect(planF.values.firstNonFinite() == nil && planF.policy.probabilities.firstNonFinite() == nil)
    }

    @Test func maskedAndMinusInfinityActionsGetExactZero() throws {
        let pr = RandomProblem(states: 3, actions: 3, seed: 4)
        let mask = [[true, false, true], [false, false, true], [true, true, true]]
        let mdp = try TabularMDP(transitions: pr.transitions, initialDistribution: Tensor(pr.rho), horizon: .finite(3),
                                 actionMask: mask)
        var r = pr.rewards
        r[2, 0] = -.infinity
        let plan = try SoftValueIteration<Double>().solve(mdp, reward: .stateAction(r))
        for t in 0..<3 {
            #expect(plan.policy.probabilities[t, 0, 1, 0] == 0)
            #expect(plan.policy.probabilities[t, 1, 0, 0] == 0 && plan.policy.probabilities[t, 1, 1, 0] == 0)
            #expect(plan.policy.probabilities[t, 1, 2, 0] == 1)
            #expect(plan.policy.probabilities[t, 2, 0, 0] == 0)
        }
        #expect(plan.values.firstNonFinite() == nil)
        let hard = try HardValueIteration<Double>().solve(mdp, reward: .stateAction(r))
        #expect(hard.policy.probabilities[0, 1, 2, 0] == 1)
        let eval = try mdp.evaluate(plan.policy, reward: .stateAction(r))
        #expect(eval.returns[0].isFinite)
        let uniform = Policy.uniform(on: mdp)
        #expect(uniform.probabilities[0, 1, 2, 0] == 1 && uniform.probabilities[0, 0, 0, 0] == 0.5)
    }

    @Test func stateWithEveryActionForbiddenIsAnError() throws {
        let pr = RandomProblem(states: 3, actions: 2, seed: 4)
        let mdp = try pr.mdp(horizon: .finite(2), discount: 1)
        var r = pr.rewards
        r[1, 0] = -.infinity
        r[1, 1] = -.infinity
        #expect(throws: IRLError.noValidAction(state: 1, column: 0, time: nil)) {
            try SoftValueIteration<Double>().solve(mdp, reward: .stateAction(r))
        }
        #expect(throws: IRLError.noValidAction(state: 2, column: 0, time: nil)) {
            try TabularMDP(transitions: pr.transitions, initialDistribution: Tensor(pr.rho), horizon: .finite(2),
                           actionMask: [[true, true], [true, false], [false, false]])
        }
        do {
            _ = try SoftValueIteration<Double>().solve(mdp, reward: .stateAction(r))
        } catch {
            #expect(error.description.contains("state 1") && error.description.contains("no valid action"))
        }
    }
}
