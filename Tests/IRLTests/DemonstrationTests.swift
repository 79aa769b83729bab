import DenseTensors
import Foundation
import Testing
import _TestSupport

@testable import IRL

@Suite("demonstrations")
struct DemonstrationTests {
    /// A random problem with a random stochastic time-indexed policy.
    static func problem(seed: UInt64, horizon h: Int = 6, discount: Double = 0.9) throws -> (TabularMDP<Double>, Policy<Double>) {
        let pr = RandomProblem(states: 7, actions: 3, seed: seed)
        let mdp = try pr.mdp(horizon: .finite(h), discount: discount)
        let plan = try SoftValueIteration<Double>().solve(mdp, reward: .stateAction(pr.rewards))
        return (mdp, plan.policy)
    }

    @Test func splitMix64MatchesTheReferenceSequence() {
        // The reference outputs of Vigna's splitmix64.c for seed 1234567.
        var rng = SplitMix64(seed: 1_234_567)
        let expected: [UInt64] = [
            6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
            4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
        ]
        #expect((0..<5).map { _ in rng.next() } == expected)
        // Bounded draws are in range and unbiased enough to hit every value.
        var hits = [Int](repeating: 0, count: 7)
        for _ in 0..<700 { hits[rng.nextIndex(below: 7)] += 1 }
        #expect(hits.allSatisfy { $0 > 60 })
        for _ in 0..<1000 { let u = rng.nextUnitInterval(); #expect(u >= 0 && u < 1) }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func fixedSeedsGiveBitIdenticalDemonstrations(seed: UInt64) throws {
        let (mdp, policy) = try Self.problem(seed: seed)
        var a = SplitMix64(seed: seed), b = SplitMix64(seed: seed), c = SplitMix64(seed: seed &+ 100)
        let d1 = try Demonstrations.sample(policy: policy, on: mdp, count: 50, using: &a)
        let d2 = try Demonstrations.sample(policy: policy, on: mdp, count: 50, using: &b)
        let d3 = try Demonstrations.sample(policy: policy, on: mdp, count: 50, using: &c)
        #expect(d1.trajectories == d2.trajectories)
        #expect(d1.timeIndexedCounts == d2.timeIndexedCounts)
        #expect(try d1.empiricalOccupancy(for: mdp) == d2.empiricalOccupancy(for: mdp))
        #expect(d1.trajectories != d3.trajectories)
        #expect(a == b)  // the generators advanced identically
    }

    @Test func sampledTrajectoriesFollowTheModel() throws {
        let (mdp, policy) = try Self.problem(seed: 4)
        var rng = SplitMix64(seed: 4)
        let demos = try Demonstrations.sample(policy: policy, on: mdp, count: 200, using: &rng)
        let p = mdp.dynamics.denseTransitions()
        for trajectory in demos.trajectories {
            #expect(trajectory.states.count == 7 && trajectory.actions.count == 6)
            #expect(mdp.initialDistribution[trajectory.states[0]] > 0)
            for t in 0..<6 {
                #expect(policy.probability(time: t, state: trajectory.states[t], action: trajectory.actions[t]) > 0)
                #expect(p[trajectory.states[t], trajectory.actions[t], trajectory.states[t + 1]] > 0)
            }
        }
    }

    @Test func countsOccupancyAndFeaturesMatchADirectRecount() throws {
        let (mdp0, policy) = try Self.problem(seed: 5)
        let phi = Tensor<Double>(shape: [7, 3, 4]) { sin(Double($0) * 1.3) }
        let mdp = try mdp0.with(features: phi)
        var rng = SplitMix64(seed: 5)
        let demos = try Demonstrations.sample(policy: policy, on: mdp, count: 30, using: &rng)
        var counts = [[[Double]]](repeating: [[Double]](repeating: [0, 0, 0], count: 7), count: 6)
        for trajectory in demos.trajectories { for t in 0..<6 { counts[t][trajectory.states[t]][trajectory.actions[t]] += 1 } }
        let mu = try demos.empiricalOccupancy(for: mdp)
        let features = try demos.featureExpectations(for: mdp)
        var expectedF = [Double](repeating: 0, count: 4)
        for s in 0..<7 {
            for a in 0..<3 {
                var m = 0.0
                for t in 0..<6 {
                    #expect(demos.timeIndexedCounts![t, s, a] == counts[t][s][a])
                    m += pow(0.9, Double(t)) * counts[t][s][a] / 30
                }
                #expect(abs(mu[s, a] - m) < 1e-14)
                for k in 0..<4 { expectedF[k] += m * phi[s, a, k] }
            }
        }
        for k in 0..<4 { #expect(abs(features[k] - expectedF[k]) < 1e-13) }
        #expect(abs(mu.scalars.reduce(0, +) - mdp.occupancyMass) < 1e-13)
        let x = try demos.empiricalDistributions()
        for t in 0..<6 { #expect(abs((0..<21).reduce(0.0) { $0 + x.scalars[t * 21 + $1] } - 1) < 1e-14) }
    }

    @Test func empiricalOccupancyConvergesToTheExactOne() throws {
        let (mdp, policy) = try Self.problem(seed: 6, horizon: 4)
        var rng = SplitMix64(seed: 6)
        let n = 20_000
        let demos = try Demonstrations.sample(policy: policy, on: mdp, count: n, using: &rng)
        let empirical = try demos.empiricalOccupancy(for: mdp)
        let exact = try mdp.occupancy(of: policy).stateActionOccupancy
        // Each μ̂(s, a) is a sum of 4 frequencies: standard error ≤ Σ_t γᵗ·½/√n.
        #expect(empirical.maxAbsDifference(try exact.reshaped([7, 3])) < 5 * 4 * 0.5 / Double(n).squareRoot())
    }

    @Test func deterministicDemonstrationsReproduceTheOccupancyExactly() throws {
        let example = try CompoundingErrorExample<Double>(epsilon: 0, horizon: 9)
        let mdp = try example.environment.mdp.with(horizon: .finite(9), discount: 0.7)
        var rng = SplitMix64(seed: 8)
        let demos = try Demonstrations.sample(policy: example.expert, on: mdp, count: 3, using: &rng)
        let exact = try mdp.occupancy(of: example.expert)
        #expect(try demos.empiricalOccupancy(for: mdp).maxAbsDifference(try exact.stateActionOccupancy.reshaped([3, 2])) < 1e-15)
        #expect(
            try demos.featureExpectations(for: mdp).maxAbsDifference(try exact.featureExpectations(mdp.features!).reshaped([3])) < 1e-15)
    }

    @Test func pairsCountsAndOccupancyForms() throws {
        let mdp = try CompoundingErrorExample<Double>(epsilon: 0, horizon: 2).environment.mdp
        let pairs = try Demonstrations<Double>(pairs: [[(0, 0), (0, 1), (0, 0)], [(1, 0)]], stateCount: 3, actionCount: 2)
        #expect(pairs.form == .pairs && pairs.length == 2 && pairs.stepTotals == [3, 1])
        let mu = try pairs.empiricalOccupancy(for: mdp)
        #expect(abs(mu[0, 0] - 2.0 / 3) < 1e-15 && abs(mu[0, 1] - 1.0 / 3) < 1e-15 && mu[1, 0] == 1)
        let counts = try Demonstrations<Double>(
            timeIndexedCounts: Tensor(shape: [2, 3, 2], scalars: [0.5, 0.5, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0]))
        #expect(counts.stepTotals == [1, 2])
        #expect(try counts.empiricalOccupancy(for: mdp) == (try Tensor(shape: [3, 2], scalars: [0.5, 0.5, 1, 0, 0, 0])))
        let given = try Tensor<Double>(shape: [3, 2], scalars: [1, 0, 0.5, 0, 0.5, 0])
        let occupancy = try Demonstrations(occupancy: given)
        #expect(try occupancy.empiricalOccupancy(for: mdp) == given)
        #expect(
            throws: IRLError.invalidParameter(
                argument: "occupancy mass", value: 2,
                reason: "differs from the MDP's occupancy mass 1.5 (Σ_{t<H} γᵗ, or 1/(1−γ))")
        ) {
            _ = try occupancy.empiricalOccupancy(for: mdp.with(horizon: .finite(2), discount: 0.5))
        }
        #expect(
            throws: IRLError.missing(argument: "time-indexed counts", reason: "demonstrations given as an occupancy have no time index")
        ) {
            _ = try occupancy.empiricalDistributions()
        }
    }

    @Test func invalidDemonstrationsAreNamedErrors() throws {
        func trajectories(_ list: [Trajectory]) throws { _ = try Demonstrations<Double>(trajectories: list, stateCount: 4, actionCount: 2) }
        let good = Trajectory(states: [0, 1, 2], actions: [0, 1, 1])
        #expect(throws: IRLError.empty(argument: "trajectories")) { try trajectories([]) }
        #expect(throws: IRLError.empty(argument: "trajectories[0]")) { try trajectories([Trajectory(states: [], actions: [])]) }
        #expect(throws: IRLError.indexOutOfRange(argument: "trajectories[1].states[2]", index: 4, bound: 4)) {
            try trajectories([good, Trajectory(states: [0, 1, 4], actions: [0, 1, 1])])
        }
        #expect(throws: IRLError.indexOutOfRange(argument: "trajectories[1].actions[0]", index: -1, bound: 2)) {
            try trajectories([good, Trajectory(states: [0, 1, 3, 3], actions: [-1, 1, 1])])
        }
        #expect(
            throws: IRLError.shapeMismatch(
                argument: "trajectories[2].actions",
                expected: "3 actions, like trajectories[0] (ragged trajectories)", actual: [2])
        ) {
            try trajectories([good, good, Trajectory(states: [0, 1], actions: [0, 1])])
        }
        #expect(throws: IRLError.shapeMismatch(argument: "trajectories[1].states", expected: "3 or 4 states for 3 actions", actual: [2])) {
            try trajectories([good, Trajectory(states: [0, 1], actions: [0, 1, 0])])
        }
        #expect(throws: IRLError.empty(argument: "pairs[1]")) {
            _ = try Demonstrations<Double>(pairs: [[(0, 0)], []], stateCount: 4, actionCount: 2)
        }
        #expect(throws: IRLError.indexOutOfRange(argument: "pairs[0][1].action", index: 2, bound: 2)) {
            _ = try Demonstrations<Double>(pairs: [[(0, 0), (3, 2)]], stateCount: 4, actionCount: 2)
        }
        #expect(throws: IRLError.negativeProbability(argument: "timeIndexedCounts", index: [0, 1, 0], value: -1)) {
            _ = try Demonstrations<Double>(timeIndexedCounts: Tensor(shape: [1, 2, 1], scalars: [2, -1]))
        }
        #expect(throws: IRLError.nonFinite(argument: "occupancy", index: [0, 1], value: .infinity)) {
            _ = try Demonstrations<Double>(occupancy: Tensor(shape: [1, 2], scalars: [1, .infinity]))
        }
        #expect(throws: IRLError.empty(argument: "occupancy (its mass is 0)")) {
            _ = try Demonstrations<Double>(occupancy: Tensor(zeros: [2, 2]))
        }
        // Against an MDP: other spaces, too short, no length for an infinite horizon.
        let example = try CompoundingErrorExample<Double>(epsilon: 0.1, horizon: 5)
        let demos = try Demonstrations<Double>(trajectories: [good], stateCount: 4, actionCount: 2)
        #expect(throws: IRLError.shapeMismatch(argument: "demonstrations", expected: "S = 3, A = 2 (the MDP's)", actual: [4, 2])) {
            _ = try demos.empiricalOccupancy(for: example.environment.mdp)
        }
        let short = try Demonstrations<Double>(
            trajectories: [Trajectory(states: [0, 1, 1], actions: [0, 0, 0])], stateCount: 3, actionCount: 2)
        #expect(throws: IRLError.shapeMismatch(argument: "demonstrations", expected: "at least H = 5 time steps", actual: [3])) {
            _ = try short.empiricalOccupancy(for: example.environment.mdp)
        }
        var rng = SplitMix64(seed: 1)
        let infinite = try example.environment.mdp.with(horizon: .infinite, discount: 0.9)
        #expect(throws: IRLError.missing(argument: "length", reason: "an infinite-horizon MDP needs the number of decisions to sample")) {
            _ = try Demonstrations.sample(policy: example.expert, on: infinite, count: 2, using: &rng)
        }
        #expect(throws: IRLError.invalidParameter(argument: "count", value: 0, reason: "must be at least 1")) {
            _ = try Demonstrations.sample(policy: example.expert, on: example.environment.mdp, count: 0, using: &rng)
        }
        // Infinite horizon with a length: the truncated series.
        let sampled = try Demonstrations.sample(policy: example.expert, on: infinite, count: 2, length: 4, using: &rng)
        let mu = try sampled.empiricalOccupancy(for: infinite)
        let truncatedMass: Double = (1 - pow(0.9, 4.0)) / 0.1
        #expect(abs(mu.scalars.reduce(0, +) - truncatedMass) < 1e-13)
    }

    @Test func conversionToExpertStatistics() throws {
        let (mdp, timeIndexed) = try Self.problem(seed: 12)
        // Stationary, so that 8-step demonstrations can be sampled (and truncated to H = 6).
        let policy = try Policy<Double>(stationary: timeIndexed.probabilities.slice(0))
        var rng = SplitMix64(seed: 12)
        let demos = try Demonstrations.sample(policy: policy, on: mdp, count: 25, length: 8, using: &rng)
        let stats = try demos.expertStatistics(for: mdp)
        #expect(stats.trajectories == [25] && stats.counts?.shape == [6, 7, 3, 1] && stats.discount == 0.9)
        #expect(stats.occupancy.maxAbsDifference(try demos.empiricalOccupancy(for: mdp).reshaped([7, 3, 1])) < 1e-14)
        // The log-likelihood of the sampled trajectories, summed by hand (steps t < H = 6).
        var expected = 0.0
        for trajectory in demos.trajectories {
            for t in 0..<6 {
                expected +=
                    pow(0.9, Double(t)) * log(policy.probability(time: t, state: trajectory.states[t], action: trajectory.actions[t]))
            }
        }
        #expect(abs(try stats.logLikelihood(of: policy)[0] - expected / 25) < 1e-12)
        // Pairs with unequal step sizes, and an occupancy.
        let small = try CompoundingErrorExample<Double>(epsilon: 0, horizon: 2).environment.mdp
        let pairs = try Demonstrations<Double>(pairs: [[(0, 0), (0, 1), (0, 0)], [(1, 0)]], stateCount: 3, actionCount: 2)
        let pairStats = try pairs.expertStatistics(for: small)
        #expect(pairStats.trajectories == [3])
        #expect(pairStats.occupancy.maxAbsDifference(try pairs.empiricalOccupancy(for: small).reshaped([3, 2, 1])) < 1e-15)
        let given = try Tensor<Double>(shape: [3, 2], scalars: [1, 0, 0.5, 0, 0.5, 0])
        let occupancyStats = try Demonstrations(occupancy: given).expertStatistics(for: small)
        let reshaped = try given.reshaped([3, 2, 1])
        #expect(occupancyStats.counts == nil)
        #expect(occupancyStats.occupancy == reshaped)
    }
}
