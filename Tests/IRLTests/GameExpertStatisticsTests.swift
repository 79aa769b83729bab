import DenseTensors
import Foundation
import Testing

@testable import IRL

@Suite("expert statistics")
struct GameExpertStatisticsTests {
    /// `μ_E = Σ_t γᵗ counts_t / N` and the discounted log-likelihood against plain loops.
    @Test func countsFoldIntoOccupancyAndLikelihood() throws {
        let (t, s, a, b) = (4, 3, 2, 2)
        var rng = SplitMix64(seed: 161)
        let n = [5, 3]
        // Integer counts with at most N_b pairs per step.
        var counts = Tensor<Double>(zeros: [t, s, a, b])
        for step in 0..<t {
            for col in 0..<b {
                for _ in 0..<n[col] {
                    counts[step, Int.random(in: 0..<s, using: &rng), Int.random(in: 0..<a, using: &rng), col] += 1
                }
            }
        }
        let gamma = 0.8
        let stats = try ExpertStatistics(counts: counts, trajectories: n, discount: gamma)
        for st in 0..<s {
            for ac in 0..<a {
                for col in 0..<b {
                    let expected = (0..<t).reduce(0.0) { $0 + pow(gamma, Double($1)) * counts[$1, st, ac, col] } / Double(n[col])
                    #expect(abs(stats.occupancy[st, ac, col] - expected) < 1e-14)
                }
            }
        }
        let massExpected = (0..<t).reduce(0.0) { $0 + pow(gamma, Double($1)) }
        for m in stats.mass { #expect(abs(m - massExpected) < 1e-12) }

        let policy = try GameFixtures.randomPolicy(tables: t, states: s, actions: a, batch: b, seed: 162)
        let likelihood = try stats.logLikelihood(of: policy)
        for col in 0..<b {
            var expected = 0.0
            for step in 0..<t {
                for st in 0..<s {
                    for ac in 0..<a {
                        expected +=
                            pow(gamma, Double(step)) * counts[step, st, ac, col]
                            * log(policy.probability(time: step, state: st, action: ac, column: col))
                    }
                }
            }
            #expect(abs(likelihood[col] - expected / Double(n[col])) < 1e-12)
        }
        // A demonstrated pair with probability 0 makes the likelihood −∞ (not NaN).
        let p = Tensor<Double>(shape: [1, s, a, 1]) { $0 % a == 0 ? 1 : 0 }
        let hard = try stats.logLikelihood(of: try Policy(timeIndexed: p))
        #expect(hard.allSatisfy { $0 == -.infinity })
    }

    /// Sparse counts (a few trajectories on many pairs, `S·A·B` not a multiple of 8, so the scan
    /// skips zero runs and ends on a partial one) give the plain discounted sum, for a time-indexed
    /// policy of the counts' batch and for a stationary single-column policy.
    @Test(arguments: [(1, false), (2, false), (3, true)])
    func likelihoodOfSparseCountsMatchesPlainSum(batch b: Int, stationary: Bool) throws {
        let (t, s, a) = (6, 13, 5)
        var rng = SplitMix64(seed: 170 &+ UInt64(b))
        let n = Array(repeating: 3, count: b)
        var counts = Tensor<Double>(zeros: [t, s, a, b])
        for step in 0..<t {
            for col in 0..<b {
                for _ in 0..<n[col] {
                    counts[step, Int.random(in: 0..<s, using: &rng), Int.random(in: 0..<a, using: &rng), col] += 1
                }
            }
        }
        let gamma = 0.9
        let stats = try ExpertStatistics(counts: counts, trajectories: n, discount: gamma)
        let policy = try GameFixtures.randomPolicy(tables: stationary ? 1 : t, states: s, actions: a, batch: stationary ? 1 : b, seed: 171)
        let likelihood = try stats.logLikelihood(of: policy)
        for col in 0..<b {
            var expected = 0.0
            for step in 0..<t {
                for st in 0..<s {
                    for ac in 0..<a where counts[step, st, ac, col] != 0 {
                        let p = policy.probability(time: step, state: st, action: ac, column: stationary ? 0 : col)
                        expected += pow(gamma, Double(step)) * counts[step, st, ac, col] * log(p)
                    }
                }
            }
            #expect(abs(likelihood[col] - expected / Double(n[col])) < 1e-12)
        }
    }

    /// Bad statistics are thrown errors naming the argument.
    @Test func invalidStatisticsAreNamedErrors() throws {
        func argument(_ body: () throws -> Void) -> String? {
            do { try body() } catch let error as IRLError {
                switch error {
                case let .invalidParameter(argument, _, _), let .shapeMismatch(argument, _, _), let .nonFinite(argument, _, _),
                    let .negativeProbability(argument, _, _), let .empty(argument), let .missing(argument, _):
                    return argument
                case .invalidDiscount: return "discount"
                default: return "\(error)"
                }
            } catch { return "\(error)" }
            return nil
        }
        let good = Tensor<Double>(shape: [2, 3, 2]) { $0 == 0 || $0 == 7 ? 1 : 0 }
        #expect(argument { _ = try ExpertStatistics(counts: good, trajectories: [1], discount: 1) } == nil)
        #expect(argument { _ = try ExpertStatistics(counts: good, trajectories: [0], discount: 1) } == "trajectories[0]")
        #expect(argument { _ = try ExpertStatistics(counts: good, trajectories: [1, 1], discount: 1) } == "trajectories")
        #expect(argument { _ = try ExpertStatistics(counts: good, trajectories: [1], discount: 1.5) } == "discount")
        #expect(argument { _ = try ExpertStatistics(counts: Tensor<Double>(zeros: [2, 3]), trajectories: [1], discount: 1) } == "counts")
        #expect(
            argument { _ = try ExpertStatistics(counts: Tensor<Double>(zeros: [2, 3, 2]), trajectories: [1], discount: 1) }
                == "counts column 0")
        var negative = good
        negative[1, 2, 1] = -1
        #expect(argument { _ = try ExpertStatistics(counts: negative, trajectories: [1], discount: 1) } == "counts")
        var nan = good
        nan[0, 1, 0] = .nan
        #expect(argument { _ = try ExpertStatistics(counts: nan, trajectories: [1], discount: 1) } == "counts")
        #expect(
            argument {
                _ = try ExpertStatistics(counts: good, trajectories: [1], discount: 1).logLikelihood(
                    of: .uniform(
                        on:
                            try GameFixtures.randomMDP(states: 4, actions: 2, features: 1, horizon: .finite(2), discount: 1, seed: 1)))
            } == "policy")
        let crowded = Tensor<Double>(shape: [2, 3, 2]) { _ in 1 }
        #expect(argument { _ = try ExpertStatistics(counts: crowded, trajectories: [2], discount: 1) } == "counts[0, ·, ·, 0]")
        #expect(argument { _ = try ExpertStatistics(occupancy: Tensor<Double>(zeros: [3, 2])) } == "expert occupancy column 0")
        #expect(argument { _ = try ExpertStatistics(occupancy: Tensor(shape: [3, 2]) { $0 == 1 ? -0.5 : 1 }) } == "expert occupancy")
        #expect(
            argument {
                _ = try ExpertStatistics(occupancy: Tensor(shape: [3, 2]) { _ in 1 }).logLikelihood(
                    of: Policy.uniform(
                        on: try GameFixtures.randomMDP(states: 3, actions: 2, features: 1, horizon: .finite(2), discount: 1, seed: 1)))
            } == "counts")
    }

    /// Truncated demonstrations of an infinite-horizon problem have too little mass; the solvers
    /// refuse them until they are rescaled, after which the log-likelihood is unchanged.
    @Test func truncatedDemonstrationsNeedRescaling() throws {
        let mdp = try GameFixtures.randomMDP(states: 4, actions: 2, features: 2, horizon: .infinite, discount: 0.9, seed: 171)
        let counts = Tensor<Double>(shape: [3, 4, 2]) { $0 % 8 == 1 ? 2 : 0 }
        let truncated = try ExpertStatistics(counts: counts, trajectories: [2], discount: 0.9)
        #expect(throws: IRLError.self) { _ = try MaxEntIRL<Double>(options: .init(maxIterations: 1)).solve(mdp, expert: truncated) }
        let rescaled = try truncated.scaled(toMass: mdp.occupancyMass)
        #expect(abs(rescaled.mass[0] - 10) < 1e-12)
        let run = try MaxEntIRL<Double>(options: .init(maxIterations: 2)).solve(mdp, expert: rescaled)
        let policy = run.policy
        #expect(try rescaled.logLikelihood(of: policy) == (try truncated.logLikelihood(of: policy)))
    }
}
