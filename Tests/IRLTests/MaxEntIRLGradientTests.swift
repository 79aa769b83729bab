import DenseTensors
import Foundation
import Testing

@testable import IRL

@Suite("MaxEnt IRL gradient")
struct MaxEntIRLGradientTests {
    /// `∇_λ L = (F_E − F_π)/α`, i.e. `L'` by central differences equals `−gradient/α`, for the
    /// demonstrations' (discounted) log-likelihood with counts consistent with the dynamics.
    @Test(arguments: [(1.0, 1.0, UInt64(11)), (0.9, 0.5, 12), (0.7, 2.0, 13)])
    func gradientIsFiniteDifferenceOfLogLikelihood(discount: Double, temperature: Double, seed: UInt64) throws {
        let (s, a, k, h) = (6, 3, 4, 5)
        let mdp = try GameFixtures.randomMDP(states: s, actions: a, features: k, horizon: .finite(h), discount: discount, seed: seed)
        let expertPolicy = try GameFixtures.randomPolicy(tables: h, states: s, actions: a, seed: seed &+ 1)
        let counts = try GameFixtures.expectedCounts(mdp, policy: expertPolicy, trajectories: 7)
        let expert = try ExpertStatistics(counts: counts, trajectories: [7], discount: discount)
        var rng = SplitMix64(seed: seed &+ 2)
        let lambda = Tensor<Double>(shape: [k, 1]) { _ in Double.random(in: -1...1, using: &rng) }
        let irl = MaxEntIRL<Double>(options: .init(temperature: temperature))
        let at = try irl.evaluate(mdp, expert: expert, weights: lambda)
        let step = 1e-5
        for i in 0..<k {
            var plus = lambda, minus = lambda
            plus[i, 0] += step
            minus[i, 0] -= step
            let lPlus = try #require(try irl.evaluate(mdp, expert: expert, weights: plus).logLikelihood)[0]
            let lMinus = try #require(try irl.evaluate(mdp, expert: expert, weights: minus).logLikelihood)[0]
            let numeric = (lPlus - lMinus) / (2 * step)
            let analytic = -at.gradient[i, 0] / temperature
            #expect(abs(numeric - analytic) <= 1e-6 * max(1, abs(analytic)), "k = \(i): \(numeric) vs \(analytic)")
        }
    }

    /// The dual objective `g(λ) = ρ₀·V^soft − λ·F_E` has gradient `F_π − F_E` (exact occupancy,
    /// infinite horizon), and `α·L + g` does not depend on `λ`.
    @Test func dualObjectiveGradientAndLikelihoodIdentity() throws {
        let (s, a, k) = (5, 3, 3)
        let mdp = try GameFixtures.randomMDP(states: s, actions: a, features: k, horizon: .infinite, discount: 0.8, seed: 21)
        let expertPolicy = try Policy(
            stationary: try GameFixtures.randomPolicy(tables: 1, states: s, actions: a, seed: 22)
                .probabilities.reshaped([s, a, 1]))
        let expert = try ExpertStatistics(occupancy: try mdp.occupancy(of: expertPolicy).stateActionOccupancy)
        let irl = MaxEntIRL<Double>()
        let lambda = try Tensor<Double>(shape: [k, 1], scalars: [0.3, -0.7, 1.1])
        let at = try irl.evaluate(mdp, expert: expert, weights: lambda)
        let step = 1e-5
        for i in 0..<k {
            var plus = lambda, minus = lambda
            plus[i, 0] += step
            minus[i, 0] -= step
            let numeric =
                (try irl.evaluate(mdp, expert: expert, weights: plus).dualObjective[0]
                    - (try irl.evaluate(mdp, expert: expert, weights: minus).dualObjective[0])) / (2 * step)
            #expect(abs(numeric - at.gradient[i, 0]) <= 1e-6 * max(1, abs(numeric)))
        }
        // With finite-horizon expected counts: α·L(λ) + g(λ) is the same at two different λ.
        let fh = try GameFixtures.randomMDP(states: s, actions: a, features: k, horizon: .finite(4), discount: 0.9, seed: 23)
        let policy = try GameFixtures.randomPolicy(tables: 4, states: s, actions: a, seed: 24)
        let counted = try ExpertStatistics(
            counts: try GameFixtures.expectedCounts(fh, policy: policy, trajectories: 3),
            trajectories: [3], discount: 0.9)
        let hot = MaxEntIRL<Double>(options: .init(temperature: 0.5))
        let e1 = try hot.evaluate(fh, expert: counted, weights: lambda)
        let e2 = try hot.evaluate(fh, expert: counted, weights: Tensor(shape: [k, 1]) { Double($0) - 1 })
        let c1 = 0.5 * (try #require(e1.logLikelihood))[0] + e1.dualObjective[0]
        let c2 = 0.5 * (try #require(e2.logLikelihood))[0] + e2.dualObjective[0]
        #expect(abs(c1 - c2) < 1e-10)
    }
    /// With *sampled* counts the log-likelihood's gradient is `(F_E − F_π + Δ)/α`, where the
    /// sampling term (zero in expectation) is, with `G_t(s) = E_π[Σ_{u≥t} γ^{u−t} φ | s_t = s]`
    /// and `n_t(s) = Σ_a c_t(s, a)`:
    ///
    ///     Δ = (1/N) Σ_{t<H−1} γ^{t+1} [Σ_{s,a} c_t(s,a)·(P G_{t+1})(s,a) − Σ_s n_{t+1}(s)·G_{t+1}(s)]
    ///         − Σ_s (n_0(s)/N − ρ₀(s))·G_0(s)
    @Test func sampledCountsGradientHasTheSamplingTerm() throws {
        let (s, a, k, h, n) = (5, 3, 3, 4, 40)
        let (gamma, alpha) = (0.9, 0.8)
        let mdp = try GameFixtures.randomMDP(states: s, actions: a, features: k, horizon: .finite(h), discount: gamma, seed: 14)
        let expertPolicy = try GameFixtures.randomPolicy(tables: h, states: s, actions: a, seed: 15)
        let counts = try GameFixtures.sampledCounts(mdp, policy: expertPolicy, trajectories: n, seed: 16)
        let expert = try ExpertStatistics(counts: counts, trajectories: [n], discount: gamma)
        let lambda = try Tensor<Double>(shape: [k, 1], scalars: [0.4, -0.9, 0.2])
        let irl = MaxEntIRL<Double>(options: .init(temperature: alpha))
        let at = try irl.evaluate(mdp, expert: expert, weights: lambda)
        // G_t(s) by a plain backward pass under the soft-optimal policy.
        let phi = try #require(mdp.features)
        var g = Array(repeating: Array(repeating: Array(repeating: 0.0, count: k), count: s), count: h + 1)
        func pg(_ t: Int, _ st: Int, _ ac: Int) -> [Double] {
            (0..<k).map { i in mdp.dynamics.successors(state: st, action: ac).reduce(0.0) { $0 + $1.probability * g[t][$1.state][i] } }
        }
        for t in stride(from: h - 1, through: 0, by: -1) {
            for st in 0..<s {
                for ac in 0..<a {
                    let p = at.policy.probability(time: t, state: st, action: ac)
                    let next = pg(t + 1, st, ac)
                    for i in 0..<k { g[t][st][i] += p * (phi[st, ac, i] + gamma * next[i]) }
                }
            }
        }
        var delta = Array(repeating: 0.0, count: k)
        for t in 0..<(h - 1) {
            let w = pow(gamma, Double(t + 1)) / Double(n)
            for st in 0..<s {
                for ac in 0..<a where counts[t, st, ac, 0] > 0 {
                    let next = pg(t + 1, st, ac)
                    for i in 0..<k { delta[i] += w * counts[t, st, ac, 0] * next[i] }
                }
            }
            for st in 0..<s {
                let visits = (0..<a).reduce(0.0) { $0 + counts[t + 1, st, $1, 0] }
                for i in 0..<k { delta[i] -= w * visits * g[t + 1][st][i] }
            }
        }
        for st in 0..<s {
            let visits = (0..<a).reduce(0.0) { $0 + counts[0, st, $1, 0] } / Double(n)
            for i in 0..<k { delta[i] -= (visits - mdp.initialDistribution[st]) * g[0][st][i] }
        }
        let step = 1e-5
        var largest = 0.0
        for i in 0..<k {
            var plus = lambda, minus = lambda
            plus[i, 0] += step
            minus[i, 0] -= step
            let lPlus = try #require(try irl.evaluate(mdp, expert: expert, weights: plus).logLikelihood)[0]
            let lMinus = try #require(try irl.evaluate(mdp, expert: expert, weights: minus).logLikelihood)[0]
            let numeric = (lPlus - lMinus) / (2 * step)
            let predicted = (-at.gradient[i, 0] + delta[i]) / alpha
            #expect(abs(numeric - predicted) <= 1e-6 * max(1, abs(predicted)), "k = \(i): \(numeric) vs \(predicted)")
            largest = max(largest, abs(delta[i]))
        }
        // The term is real: sampled counts are not consistent with the dynamics.
        #expect(largest > 1e-3)
    }
}
