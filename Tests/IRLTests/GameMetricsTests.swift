import DenseTensors
import Foundation
import Testing

@testable import IRL

@Suite("game metrics")
struct GameMetricsTests {
    /// `max_π λ·F_π` by hard VI equals the maximum over all deterministic time-indexed policies
    /// (the vertices of the occupancy polytope), enumerated with plain loops.
    @Test func bestResponseValueMatchesEnumeration() throws {
        let (s, a, h, k) = (3, 2, 3, 2)
        let mdp = try GameFixtures.randomMDP(states: s, actions: a, features: k, horizon: .finite(h), discount: 0.9, seed: 121)
        let weights = try Tensor<Double>(shape: [k, 2], scalars: [0.7, -1.3, -0.4, 0.5])
        let values = try GameMetrics.bestResponseValue(mdp, weights: weights)
        var best = [-Double.infinity, -Double.infinity]
        for code in 0..<(1 << (h * s)) {
            let p = Tensor<Double>(shape: [h, s, a]) { i in
                let (t, st, ac) = (i / (s * a), (i / a) % s, i % a)
                return (code >> (t * s + st)) & 1 == ac ? 1 : 0
            }
            let policy = try Policy(timeIndexed: p)
            let (_, d) = try GameFixtures.referenceEvaluation(
                mdp, policy: policy, rewards: Array(repeating: Array(repeating: 0, count: a), count: s))
            let f = try GameFixtures.referenceFeatures(mdp, policy: policy, d: d)
            for col in 0..<2 { best[col] = max(best[col], (0..<k).reduce(0.0) { $0 + weights[$1, col] * f[$1] }) }
        }
        for col in 0..<2 { #expect(abs(values[col] - best[col]) < 1e-12) }
    }

    /// `min_{‖λ‖≤R} λ·v = −R‖v‖_dual`: attained by the explicit minimiser, and below the value at
    /// random points of the ball; the projection is the nearest point of the ball.
    @Test(arguments: VectorNorm.allCases)
    func ballMinimumAndProjection(norm: VectorNorm) throws {
        var rng = SplitMix64(seed: 131)
        let (k, radius) = (5, 1.5)
        let ball = WeightBall(norm: norm, radius: radius)
        let v = (0..<k).map { _ in Double.random(in: -2...2, using: &rng) }
        let minimum = ball.minimumInnerProduct(with: Tensor(v))[0]
        let minimiser: [Double]
        switch norm {
        case .two: minimiser = v.map { -radius * $0 / VectorNorm.two(v) }
        case .infinity: minimiser = v.map { $0 > 0 ? -radius : radius }
        case .one:
            let j = v.indices.max { abs(v[$0]) < abs(v[$1]) } ?? 0
            minimiser = v.indices.map { $0 == j ? (v[j] > 0 ? -radius : radius) : 0 }
        }
        #expect(abs(zip(minimiser, v).reduce(0.0) { $0 + $1.0 * $1.1 } - minimum) < 1e-12)
        #expect(norm(minimiser) <= radius * (1 + 1e-12))
        let outside = v.map { 3 * $0 }
        let projected = ball.project(Tensor(outside)).scalars
        #expect(norm(projected) <= radius * (1 + 1e-12) && norm(projected) >= radius * (1 - 1e-12))
        let distance = VectorNorm.two(zip(outside, projected).map { $0 - $1 })
        for _ in 0..<2000 {
            var q = (0..<k).map { _ in Double.random(in: -radius...radius, using: &rng) }
            ball.projectColumn(&q)
            #expect(zip(q, v).reduce(0.0) { $0 + $1.0 * $1.1 } >= minimum - 1e-12)
            #expect(VectorNorm.two(zip(outside, q).map { $0 - $1 }) >= distance - 1e-12)
        }
        let inside = v.map { $0 * 1e-3 }
        #expect(ball.project(Tensor(inside)).scalars == inside)
    }

    /// The gap is the sum of its two documented terms, is ≥ 0 for a realizable expert and a
    /// weight inside the ball, and is exactly 0 at the equilibrium (π_E, λ = 0).
    @Test func dualityGapTermsAndEquilibrium() throws {
        let mdp = try GameFixtures.randomMDP(states: 5, actions: 3, features: 3, horizon: .finite(4), discount: 1, seed: 141)
        let expertPolicy = try GameFixtures.randomPolicy(tables: 4, states: 5, actions: 3, seed: 142)
        let other = try GameFixtures.randomPolicy(tables: 4, states: 5, actions: 3, seed: 143)
        let phi = try #require(mdp.features)
        let fE = try mdp.occupancy(of: expertPolicy).featureExpectations(phi)
        let fPi = try mdp.occupancy(of: other).featureExpectations(phi)
        let lambda = try Tensor<Double>(shape: [3, 1], scalars: [0.2, -0.5, 0.4])
        for norm in VectorNorm.allCases {
            let ball = WeightBall(norm: norm, radius: 1.0)
            let gap = try GameMetrics.dualityGap(mdp, expertFeatures: fE, weights: lambda, policyFeatures: fPi, ball: ball)[0]
            let best = try GameMetrics.bestResponseValue(mdp, weights: lambda)[0]
            let expected =
                best - (0..<3).reduce(0.0) { $0 + lambda[$1, 0] * fE[$1, 0] }
                + 1.0 * norm.dual((0..<3).map { fPi[$0, 0] - fE[$0, 0] })
            #expect(abs(gap - expected) < 1e-12)
            #expect(gap > 0)
            let zero = try GameMetrics.dualityGap(mdp, expertFeatures: fE, weights: Tensor(zeros: [3, 1]), policyFeatures: fE, ball: ball)
            #expect(zero == [0])
        }
        #expect(throws: IRLError.self) {
            _ = try GameMetrics.momentMismatch(fPi, Tensor(zeros: [2, 1]), norm: .two)
        }
    }

    /// The performance gap takes the expert's return from `expertReturn`, else the expert policy's
    /// exact evaluation, else `Σ μ_E·r*`, and matches exact evaluations.
    @Test func performanceGapSources() throws {
        let mdp = try GameFixtures.randomMDP(states: 5, actions: 3, features: 2, horizon: .infinite, discount: 0.9, seed: 151)
        let expertPolicy = try Policy(
            stationary: try GameFixtures.randomPolicy(tables: 1, states: 5, actions: 3, seed: 152)
                .probabilities.reshaped([5, 3]))
        let learner = Policy.uniform(on: mdp)
        let expert = try ExpertStatistics(occupancy: try mdp.occupancy(of: expertPolicy).stateActionOccupancy)
        let reward = Reward<Double>.stateAction(Tensor(shape: [5, 3]) { cos(Double($0)) })
        let jE = try mdp.evaluate(expertPolicy, reward: reward).returns[0]
        let jPi = try mdp.evaluate(learner, reward: reward).returns[0]
        for truth in [TrueReward(reward), TrueReward(reward, expertPolicy: expertPolicy)] {
            let gap = try GameMetrics.performanceGap(mdp, policy: learner, trueReward: truth, expert: expert)[0]
            #expect(abs(gap - (jE - jPi)) < 1e-10)
        }
        let given = try GameMetrics.performanceGap(
            mdp, policy: learner,
            trueReward: TrueReward(
                reward, expertPolicy: learner,
                expertReturn: Tensor([42])), expert: expert)[0]
        #expect(abs(given - (42 - jPi)) < 1e-10)
    }

    /// The step schedules' closed forms.
    @Test func stepSchedules() {
        for t in [1, 2, 7, 100] {
            #expect(StepSchedule.constant.stepSize(base: 0.3, iteration: t) == 0.3)
            #expect(abs(StepSchedule.inverseSquareRoot.stepSize(base: 0.3, iteration: t) - 0.3 / sqrt(Double(t))) < 1e-15)
            #expect(abs(StepSchedule.inverseTime.stepSize(base: 0.3, iteration: t) - 0.3 / Double(t)) < 1e-15)
            #expect(abs(StepSchedule.exponential(decay: 0.97).stepSize(base: 0.3, iteration: t) - 0.3 * pow(0.97, Double(t - 1))) < 1e-14)
        }
    }
}
