import DenseTensors
import Foundation
import Testing

@testable import IRL

@Suite("metrics")
struct MetricTests {
    /// Two states; action 0 stays, action 1 switches; start in state 0.
    static func twoStates(horizon: Horizon = .finite(3), discount: Double = 1) throws -> TabularMDP<Double> {
        let p = try Tensor<Double>(shape: [2, 2, 2], scalars: [1, 0, 0, 1, 0, 1, 1, 0])
        return try TabularMDP(transitions: p, initialDistribution: Tensor([1, 0]), horizon: horizon, discount: discount)
    }

    static let stay = try! Policy<Double>(stationary: Tensor(shape: [2, 2], scalars: [1, 0, 1, 0]))

    @Test func performanceGapByHand() throws {
        let mdp = try Self.twoStates()
        // Uniform: s0 at t = 0, then either state with probability ½: J = 1 + ½ + ½ = 2; staying earns 3.
        let learners = try Policy<Double>(stationary: Tensor(shape: [2, 2, 2], scalars: [0.5, 1, 0.5, 0, 0.5, 1, 0.5, 0]))
        let gap = try mdp.performanceGap(expert: Self.stay, learner: learners, reward: .state(Tensor([1, 0])))
        #expect(gap.shape == [2] && abs(gap[0] - 1) < 1e-15 && abs(gap[1]) < 1e-15)
        // A batch of rewards: r = 1[s0] and r = 1[s1] (staying in s0 earns nothing under the second).
        let both = try mdp.performanceGap(
            expert: Self.stay, learner: Policy.uniform(on: mdp),
            reward: .state(Tensor(shape: [2, 2], scalars: [1, 0, 0, 1])))
        #expect(abs(both[0] - 1) < 1e-15 && abs(both[1] + 1) < 1e-15)
    }

    @Test func momentMismatchInEachNorm() throws {
        let learner = Tensor<Double>([1, -2, 3])
        let zero = Tensor<Double>(zeros: [3])
        #expect(try Metrics.momentMismatch(learner: learner, expert: zero, norm: .infinity) == Tensor([3]))
        #expect(abs(try Metrics.momentMismatch(learner: learner, expert: zero, norm: .two)[0] - 14.0.squareRoot()) < 1e-15)
        #expect(try Metrics.momentMismatch(learner: learner, expert: zero, norm: .one) == Tensor([6]))
        // A batch of learners against one expert.
        let batch = try Tensor<Double>(shape: [3, 2], scalars: [1, 0, -2, 0, 3, 1])
        let m = try Metrics.momentMismatch(learner: batch, expert: Tensor([1, -2, 3]), norm: .infinity)
        #expect(m == Tensor([0, 2]))  // column 1: [0, 0, 1] − [1, −2, 3]
        #expect(throws: IRLError.shapeMismatch(argument: "learner moments", expected: "2 rows (the expert's K)", actual: [3])) {
            _ = try Metrics.momentMismatch(learner: learner, expert: Tensor([1, 2]), norm: .two)
        }
        #expect(throws: IRLError.nonFinite(argument: "expert moments", index: [1], value: .infinity)) {
            _ = try Metrics.momentMismatch(learner: learner, expert: Tensor([1, .infinity, 0]), norm: .two)
        }
    }

    @Test func rewardErrorUpToAConstantShift() throws {
        let truth = Tensor<Double>([1, 2, 3, 10])
        let zero = Tensor<Double>(zeros: [4])
        // d = r − r̂ = [1, 2, 3, 10]: mean 4, midrange 5.5, lower median 2.
        let l2 = try Metrics.rewardError(learned: zero, truth: truth, norm: .two)
        #expect(l2.shift == 4 && abs(l2.error - (9.0 + 4 + 1 + 36).squareRoot()) < 1e-14)
        let lInf = try Metrics.rewardError(learned: zero, truth: truth, norm: .infinity)
        #expect(lInf.shift == 5.5 && lInf.error == 4.5)
        let l1 = try Metrics.rewardError(learned: zero, truth: truth, norm: .one)
        #expect(l1.shift == 2 && l1.error == 1 + 0 + 1 + 8)
        // A shifted copy has zero error, and the shift undoes it.
        let shifted = Tensor<Double>(shape: [4]) { truth.scalars[$0] - 7.25 }
        for norm in [VectorNorm.one, .two, .infinity] {
            let e = try Metrics.rewardError(learned: shifted, truth: truth, norm: norm)
            #expect(e.error < 1e-14 && abs(e.shift - 7.25) < 1e-14)
        }
        // Forbidden entries (−∞ in both) are skipped; −∞ in one of them is an error.
        let masked = Tensor<Double>([1, -.infinity])
        #expect(try Metrics.rewardError(learned: Tensor<Double>([0, -.infinity]), truth: masked, norm: .two).error == 0)
        #expect(throws: IRLError.nonFinite(argument: "learned reward", index: [1], value: -.infinity)) {
            _ = try Metrics.rewardError(learned: Tensor<Double>([0, -.infinity]), truth: Tensor<Double>([1, 2]), norm: .two)
        }
        #expect(throws: IRLError.shapeMismatch(argument: "learned reward", expected: "[2], non-empty", actual: [3])) {
            _ = try Metrics.rewardError(learned: Tensor([0, 1, 2]), truth: Tensor([1, 2]), norm: .two)
        }
    }

    @Test func expectedValueDifferenceByHand() throws {
        let mdp = try Self.twoStates()
        let truth = Reward<Double>.state(Tensor([1, 0]))
        // Learned rewards: 1[s1] (go to s1 and stay: J = 1 against the optimal 3) and 3·r + 2 (same optimum).
        let learned = Reward<Double>.state(try Tensor(shape: [2, 2], scalars: [0, 5, 1, 2]))
        let evd = try mdp.expectedValueDifference(trueReward: truth, learnedReward: learned)
        #expect(abs(evd[0] - 2) < 1e-15 && abs(evd[1]) < 1e-15)
        // Soft planner: zero for the truth itself, positive for the wrong reward.
        let soft = try mdp.expectedValueDifference(trueReward: truth, learnedReward: learned, planner: .soft(temperature: 1))
        #expect(soft[0] > 0.5)
        #expect(abs(try mdp.expectedValueDifference(trueReward: truth, learnedReward: truth, planner: .soft(temperature: 1))[0]) < 1e-15)
        #expect(throws: IRLError.shapeMismatch(argument: "trueReward", expected: "a single reward (B = 1)", actual: [2, 2, 2])) {
            _ = try mdp.expectedValueDifference(trueReward: learned, learnedReward: truth)
        }
    }

    @Test func policyDivergenceOnTheExpertsStates() throws {
        // Time-indexed learner: at s0 stays with 0.8 then 0.6; at s1 (never visited by the expert) anything.
        let learner = try Policy<Double>(timeIndexed: Tensor(shape: [2, 2, 2], scalars: [0.8, 0.2, 0, 1, 0.6, 0.4, 0, 1]))
        let mdp = try Self.twoStates(horizon: .finite(2), discount: 0.5)
        let d = try mdp.policyDivergence(expert: Self.stay, learner: learner)
        #expect(abs(d.totalVariation[0] - (0.2 + 0.5 * 0.4) / 1.5) < 1e-15)
        #expect(abs(d.kullbackLeibler[0] - (-log(0.8) - 0.5 * log(0.6)) / 1.5) < 1e-15)
        // Infinite horizon: the expert stays in s0, so only s0 counts.
        let infinite = try Self.twoStates(horizon: .infinite, discount: 0.5)
        let stationary = try Policy<Double>(stationary: Tensor(shape: [2, 2], scalars: [0.8, 0.2, 0, 1]))
        let e = try infinite.policyDivergence(expert: Self.stay, learner: stationary)
        #expect(abs(e.totalVariation[0] - 0.2) < 1e-14 && abs(e.kullbackLeibler[0] + log(0.8)) < 1e-14)
        // A learner that never takes the expert's action: TV 1, KL ∞.
        let opposite = try Policy<Double>(stationary: Tensor(shape: [2, 2], scalars: [0, 1, 0, 1]))
        let f = try infinite.policyDivergence(expert: Self.stay, learner: opposite)
        #expect(abs(f.totalVariation[0] - 1) < 1e-14 && f.kullbackLeibler[0] == .infinity)
    }

    @Test func metricsOnAMaskedEnvironment() throws {
        // Risky path: the optimum takes the bridge; a learned reward that pays for the meadow
        // takes the safe route, whose true value is Q(start, safe): EVD = Q_risky − Q_safe.
        let risky = try RiskyPath()
        let env: Environment<Double> = try risky.environment(horizon: 4)
        let truth = try #require(env.reward)
        let learned = Reward<Double>.state(Tensor([0, 0, 5, 10, -10, 0]))
        let q = risky.startQValues()
        let evd = try env.mdp.expectedValueDifference(trueReward: truth, learnedReward: learned)
        #expect(abs(evd[0] - (q.risky - q.safe)) < 1e-12)
        #expect(try env.mdp.expectedValueDifference(trueReward: truth, learnedReward: truth)[0] == 0)
        // The uniform policy over the allowed actions: half bridge, half meadow.
        let gap = try env.mdp.performanceGap(
            expert: HardValueIteration<Double>().solve(env.mdp, reward: truth).policy,
            learner: Policy.uniform(on: env.mdp), reward: truth)
        #expect(abs(gap[0] - (q.risky - (q.risky + q.safe) / 2)) < 1e-12)
    }
}
