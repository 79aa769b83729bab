import DenseTensors
import Foundation
import Testing

@testable import IRL

/// The lecture's Figure 18.1 and 18.2 examples: exact gaps (by `mdp.evaluate`) against the
/// closed forms derived in their doc comments, and equal behavioural-cloning losses.
@Suite("environments: lecture figures")
struct EnvironmentFigureTests {
    static let epsilons = [0.0, 0.001, 0.05, 0.2, 0.5, 1.0]
    static let horizons = [1, 2, 3, 10, 50, 200]

    /// `Σ_{t=1}^{H−1} q_t` by the recursion `q_t = ε(1 − q_{t−1})`, and `Σ (1 − (1−ε)ᵗ)` by a
    /// loop: the closed forms' definitions, summed term by term.
    static func recursiveGaps(epsilon e: Double, horizon h: Int) -> (recovering: Double, absorbed: Double) {
        var (q, stay, g1, g2) = (0.0, 1.0, 0.0, 0.0)
        for _ in 1..<max(h, 1) {
            q = e * (1 - q)
            stay *= 1 - e
            g1 += q
            g2 += 1 - stay
        }
        return (g1, g2)
    }

    @Test(arguments: epsilons)
    func figure18_1GapsMatchTheClosedForms(epsilon: Double) throws {
        for h in Self.horizons {
            let example = try CompoundingErrorExample<Double>(epsilon: epsilon, horizon: h)
            let mdp = example.environment.mdp
            let reward = try #require(example.environment.reward)
            let jE = try mdp.evaluate(example.expert, reward: reward).returns[0]
            #expect(abs(jE - Double(h - 1)) < 1e-12)
            let gap1 = try mdp.performanceGap(expert: example.expert, learner: example.recoveringLearner, reward: reward)[0]
            let gap2 = try mdp.performanceGap(expert: example.expert, learner: example.absorbedLearner, reward: reward)[0]
            let closed1 = CompoundingErrorExample<Double>.recoveringGap(epsilon: epsilon, horizon: h)
            let closed2 = CompoundingErrorExample<Double>.absorbedGap(epsilon: epsilon, horizon: h)
            let tolerance = 1e-12 * Double(h)
            #expect(abs(gap1 - closed1) < tolerance, "ε = \(epsilon), H = \(h): \(gap1) vs \(closed1)")
            #expect(abs(gap2 - closed2) < tolerance, "ε = \(epsilon), H = \(h): \(gap2) vs \(closed2)")
            let recursive = Self.recursiveGaps(epsilon: epsilon, horizon: h)
            #expect(abs(recursive.recovering - closed1) < tolerance && abs(recursive.absorbed - closed2) < tolerance)
            // Orders of growth: gap1 within ε² of ε(H−1)/(1+ε); gap2 ≤ εH(H−1)/2 and ≥ gap1.
            #expect(abs(closed1 - epsilon * Double(h - 1) / (1 + epsilon)) <= epsilon * epsilon + 1e-15)
            #expect(closed2 <= epsilon * Double(h * (h - 1)) / 2 + 1e-9)
            #expect(closed2 >= closed1 - 1e-12)
        }
    }

    @Test func figure18_1CompoundingShowsInTheRatio() throws {
        // For εH ≪ 1 the ratio gap2/gap1 ≈ H/2: quadratic against linear growth.
        let epsilon = 1e-4
        for h in [10, 40, 160] {
            let ratio =
                CompoundingErrorExample<Double>.absorbedGap(epsilon: epsilon, horizon: h)
                / CompoundingErrorExample<Double>.recoveringGap(epsilon: epsilon, horizon: h)
            #expect(abs(ratio / (Double(h) / 2) - 1) < 0.02)
        }
    }

    @Test(arguments: epsilons)
    func figure18_1LearnersHaveTheSameBCLoss(epsilon: Double) throws {
        for h in [1, 5, 40] {
            let example = try CompoundingErrorExample<Double>(epsilon: epsilon, horizon: h)
            let d1 = try example.environment.mdp.policyDivergence(expert: example.expert, learner: example.recoveringLearner)
            let d2 = try example.environment.mdp.policyDivergence(expert: example.expert, learner: example.absorbedLearner)
            #expect(abs(d1.totalVariation[0] - epsilon) < 1e-15)
            #expect(abs(d2.totalVariation[0] - epsilon) < 1e-15)
            #expect(d1.totalVariation[0] == d2.totalVariation[0])
            #expect(d1.kullbackLeibler[0] == d2.kullbackLeibler[0])
            // Behavioural cloning from the expert's own trajectories recovers π_E exactly on
            // its support, and says nothing about s2 (uniform there).
            var rng = SplitMix64(seed: 1)
            let demos = try Demonstrations.sample(policy: example.expert, on: example.environment.mdp, count: 3, using: &rng)
            let cloned = try BehavioralCloning<Double>().fit(demos, on: example.environment.mdp)
            #expect(cloned.probabilities[0, 0, 0, 0] == 1 && cloned.probabilities[0, 1, 0, 0] == (h > 1 ? 1 : 0.5))
            #expect(cloned.probabilities[0, 2, 0, 0] == 0.5)
        }
    }

    @Test(arguments: [0.0, 1.0, 10.0, 100.0])
    func figure18_2GapsMatchTheClosedForms(crashCost: Double) throws {
        for epsilon in Self.epsilons {
            for h in Self.horizons {
                let example = try MistakeCostExample<Double>(epsilon: epsilon, crashCost: crashCost, horizon: h)
                let mdp = example.environment.mdp
                let reward = try #require(example.environment.reward)
                let cheap = try mdp.performanceGap(expert: example.expert, learner: example.cheapMistakeLearner, reward: reward)[0]
                let costly = try mdp.performanceGap(expert: example.expert, learner: example.costlyMistakeLearner, reward: reward)[0]
                let tolerance = 1e-12 * Double(h) * (1 + crashCost)
                #expect(abs(cheap - MistakeCostExample<Double>.cheapMistakeGap(epsilon: epsilon, horizon: h)) < tolerance)
                #expect(
                    abs(costly - MistakeCostExample<Double>.costlyMistakeGap(epsilon: epsilon, crashCost: crashCost, horizon: h))
                        < tolerance)
                #expect(abs(cheap - Self.recursiveGaps(epsilon: epsilon, horizon: h).recovering) < tolerance)
                // Same BC loss, different cost.
                let dA = try mdp.policyDivergence(expert: example.expert, learner: example.cheapMistakeLearner)
                let dB = try mdp.policyDivergence(expert: example.expert, learner: example.costlyMistakeLearner)
                #expect(abs(dA.totalVariation[0] - epsilon) < 1e-15 && dA.totalVariation[0] == dB.totalVariation[0])
            }
        }
    }

    @Test func figureExamplesRejectBadParameters() {
        #expect(throws: IRLError.invalidParameter(argument: "epsilon", value: 1.5, reason: "must be a probability in [0, 1]")) {
            _ = try CompoundingErrorExample<Double>(epsilon: 1.5, horizon: 3)
        }
        #expect(throws: IRLError.invalidHorizon(0)) { _ = try CompoundingErrorExample<Double>(epsilon: 0.1, horizon: 0) }
        #expect(throws: IRLError.invalidParameter(argument: "crashCost", value: -1, reason: "must be finite and non-negative")) {
            _ = try MistakeCostExample<Double>(epsilon: 0.1, crashCost: -1, horizon: 3)
        }
        #expect(throws: IRLError.invalidParameter(argument: "horizon", value: 2, reason: "must be at least 3 to reach the goal")) {
            let _: Environment<Double> = try RiskyPath().environment(horizon: 2)
        }
    }
}
