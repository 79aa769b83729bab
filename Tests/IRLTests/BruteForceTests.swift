import DenseTensors
import Foundation
import Testing
import _TestSupport
@testable import IRL

/// Soft value iteration, the forward pass and evaluation against brute-force enumeration of
/// every trajectory on random tiny MDPs.
@Suite("brute force on tiny MDPs")
struct BruteForceTests {
    static let cases: [(states: Int, actions: Int, horizon: Int, discount: Double, alpha: Double, seed: UInt64)] = [
        (2, 2, 1, 1.0, 1.0, 1), (3, 2, 3, 0.9, 1.0, 2), (4, 3, 4, 1.0, 0.5, 3), (4, 2, 4, 0.5, 2.0, 4),
        (3, 3, 2, 0.0, 1.0, 5), (4, 3, 3, 0.99, 1.0, 6), (2, 3, 4, 0.7, 0.3, 7), (4, 3, 4, 1.0, 1.0, 8),
    ]

    @Test(arguments: 0..<cases.count)
    func softValueIterationMatchesEnumeration(caseIndex: Int) throws {
        let c = Self.cases[caseIndex]
        let pr = RandomProblem(states: c.states, actions: c.actions, seed: c.seed, terminal: true)
        let mdp = try pr.mdp(horizon: .finite(c.horizon), discount: c.discount, withTerminal: true)
        let plan = try SoftValueIteration(temperature: c.alpha, keepsQValues: true).solve(mdp, reward: .stateAction(pr.rewards))
        let ref = referenceSoftVI(pr, horizon: c.horizon, discount: c.discount, alpha: c.alpha, terminal: pr.terminal)
        let h = c.horizon
        let pi: (Int, Int, Int) -> Double = { t, s, a in plan.policy.probability(time: t, state: s, action: a) }

        // V and π against the scalar reference recursion.
        for t in 0...h { for s in 0..<pr.s { #expect(abs(plan.values[t, s, 0] - ref.v[t][s]) < 1e-12) } }
        for t in 0..<h { for s in 0..<pr.s { for a in 0..<pr.a {
            #expect(abs(plan.policy.probabilities[t, s, a, 0] - ref.pi[t][s][a]) < 1e-12)
            #expect(abs(plan.qValues![t, s, a, 0] - ref.q[t][s][a]) < 1e-12)
        } } }

        // V_0(s) is the entropy-regularised return of π from s, summed over every trajectory.
        for s0 in 0..<pr.s {
            var total = 0.0
            enumerateTrajectories(pr, policy: pi, horizon: h, start: s0) { states, actions, prob in
                var ret = 0.0, w = 1.0
                for t in 0..<h {
                    let (s, a) = (states[t], actions[t])
                    ret += w * (pr.r[s][a] - c.alpha * log(pi(t, s, a)))
                    w *= c.discount
                }
                ret += w * pr.terminal[states[h]]
                total += prob * ret
            }
            #expect(abs(total - plan.values[0, s0, 0]) < 1e-12)
        }

        // μ, d_t and J against enumeration.
        var mu = Array(repeating: Array(repeating: 0.0, count: pr.a), count: pr.s)
        var d = Array(repeating: Array(repeating: 0.0, count: pr.s), count: h + 1)
        var j = 0.0
        enumerateTrajectories(pr, policy: pi, horizon: h) { states, actions, prob in
            var w = 1.0
            for t in 0..<h {
                mu[states[t]][actions[t]] += w * prob
                d[t][states[t]] += prob
                j += w * prob * pr.r[states[t]][actions[t]]
                w *= c.discount
            }
            d[h][states[h]] += prob
            j += w * prob * pr.terminal[states[h]]
        }
        let occ = try mdp.occupancy(of: plan.policy)
        for s in 0..<pr.s { for a in 0..<pr.a { #expect(abs(occ.stateActionOccupancy[s, a, 0] - mu[s][a]) < 1e-12) } }
        for t in 0...h { for s in 0..<pr.s { #expect(abs(occ.stateDistributions[t, s, 0] - d[t][s]) < 1e-12) } }
        let eval = try mdp.evaluate(plan.policy, reward: .stateAction(pr.rewards))
        #expect(abs(eval.returns[0] - j) < 1e-12)
        // J = Σ μ r + γᴴ Σ d_H V_H (the occupancy identity).
        let viaOccupancy = try occ.expectedReward(try pr.rewards.reshaped([pr.s, pr.a, 1]))[0]
            + pow(c.discount, Double(h)) * (0..<pr.s).reduce(0) { $0 + d[h][$1] * pr.terminal[$1] }
        #expect(abs(viaOccupancy - j) < 1e-12)
    }

    @Test func softOptimalBeatsRandomPolicies() throws {
        // Soft optimality: no other policy has a larger entropy-regularised return.
        let pr = RandomProblem(states: 3, actions: 3, seed: 42)
        let h = 3
        let mdp = try pr.mdp(horizon: .finite(h), discount: 0.9)
        let plan = try SoftValueIteration<Double>().solve(mdp, reward: .stateAction(pr.rewards))
        let best = plan.startValue(mdp)[0]
        var rng = SplitMix64(seed: 7)
        for _ in 0..<20 {
            let table = (0..<h).map { _ in (0..<pr.s).map { _ -> [Double] in
                let w = (0..<pr.a).map { _ in Double.random(in: 0.01...1, using: &rng) }
                let total = w.reduce(0, +)
                return w.map { $0 / total }
            } }
            var value = 0.0
            enumerateTrajectories(pr, policy: { table[$0][$1][$2] }, horizon: h) { states, actions, prob in
                var w = 1.0
                for t in 0..<h {
                    value += prob * w * (pr.r[states[t]][actions[t]] - log(table[t][states[t]][actions[t]]))
                    w *= 0.9
                }
            }
            #expect(value <= best + 1e-12)
        }
    }
}
