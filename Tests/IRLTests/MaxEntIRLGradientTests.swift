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
}
