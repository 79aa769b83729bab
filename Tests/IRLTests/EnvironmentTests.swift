import DenseTensors
import Foundation
import Testing

@testable import IRL

/// Checks what every environment promises: a valid MDP whose rows are distributions, features
/// `[S, A, K]`, a finite true reward `[S, A]`, and `Φ·λ = r` where weights are given.
func checkEnvironment<Scalar: BLASScalar>(_ env: Environment<Scalar>, tolerance: Scalar) throws {
    let (s, a) = (env.mdp.stateCount, env.mdp.actionCount)
    let p = env.mdp.dynamics.denseTransitions()
    for state in 0..<s {
        for action in 0..<a {
            var total: Scalar = 0
            for next in 0..<s {
                #expect(p[state, action, next] >= 0)
                total += p[state, action, next]
            }
            #expect(abs(total - 1) <= tolerance, "row (\(state), \(action)) of \(env.name) sums to \(total)")
        }
    }
    #expect(abs(env.mdp.initialDistribution.scalars.reduce(0, +) - 1) <= tolerance)
    #expect(env.features.shape.count == 3 && env.features.shape[0] == s && env.features.shape[1] == a)
    #expect(env.mdp.features == env.features)
    if let r = env.trueReward {
        #expect(r.shape == [s, a])
        #expect(r.firstNonFinite() == nil)
        if let w = env.trueRewardWeights {
            let k = env.features.shape[2]
            for i in 0..<(s * a) where env.mdp.actionMask?[i] ?? true {
                let linear = (0..<k).reduce(Scalar(0)) { $0 + env.features.scalars[i * k + $1] * w.scalars[$1] }
                #expect(abs(linear - r.scalars[i]) <= tolerance * max(1, abs(r.scalars[i])), "Φ·λ ≠ r at \(i) in \(env.name)")
            }
        }
    }
}

@Suite("environments")
struct EnvironmentTests {
    func allEnvironments<Scalar: BLASScalar>(_: Scalar.Type) throws -> [Environment<Scalar>] {
        var rng = SplitMix64(seed: 11)
        let grid = try Gridworld(width: 5, height: 4, actionCount: 5, slip: 0.2, walls: [(1, 1)], terminals: [(0, 4)])
        let start = Tensor<Scalar>(shape: [20]) { $0 == 15 ? 1 : 0 }
        let weights: Tensor<Scalar> = try Gridworld.randomSparseWeights(featureCount: 6, nonzero: 2, using: &rng)
        return [
            try grid.environment(
                features: grid.oneHotFeatures(Scalar.self),
                trueReward: .state(try grid.goalReward(goals: [(0, 4)], stepCost: 0.1)), horizon: .finite(10), start: start),
            try grid.environment(
                features: try grid.regionFeatures(size: 2, Scalar.self), trueReward: .linear(weights: weights),
                horizon: .infinite, discount: 0.9),
            try Objectworld(size: 6, colorCount: 3, objectCount: 5, using: &rng).environment(horizon: .finite(8)),
            try Objectworld(size: 6, objectCount: 4, using: &rng).environment(features: .discrete, horizon: .infinite, discount: 0.8),
            try CliffWorld(width: 6, height: 3, wind: 0.1).environment(horizon: .finite(20)),
            try CliffWorld(cliff: .terminate).environment(horizon: .infinite, discount: 0.95),
            try Garnet(states: 15, actions: 3, branchingFactor: 4, using: &rng).environment(horizon: .finite(6)),
            try Garnet(states: 10, actions: 2, branchingFactor: 10, featureCount: 3, using: &rng).environment(
                horizon: .infinite, discount: 0.9),
            try CompoundingErrorExample<Scalar>(epsilon: 0.1, horizon: 7).environment,
            try MistakeCostExample<Scalar>(epsilon: 0.2, horizon: 5).environment,
            try RiskyPath().environment(horizon: 4),
        ]
    }

    @Test func everyEnvironmentValidatesInDoubleAndFloat() throws {
        for env in try allEnvironments(Double.self) { try checkEnvironment(env, tolerance: 1e-12) }
        for env in try allEnvironments(Float.self) { try checkEnvironment(env, tolerance: 1e-5) }
    }

    @Test func regionFeaturesAndGoalReward() throws {
        let grid = try Gridworld(width: 5, height: 3)
        let phi: Tensor<Double> = try grid.regionFeatures(size: 2)
        #expect(phi.shape == [15, 6])  // ⌈3/2⌉·⌈5/2⌉ blocks
        for s in 0..<15 {
            let (row, column) = grid.cell(s)
            for k in 0..<6 { #expect(phi[s, k] == (k == (row / 2) * 3 + column / 2 ? 1 : 0)) }
        }
        #expect(try grid.regionFeatures(size: 1, Double.self) == grid.oneHotFeatures(Double.self))
        let r: Tensor<Double> = try grid.goalReward(goals: [(2, 4), (0, 0)], value: 5, stepCost: 0.5)
        for s in 0..<15 { #expect(r[s] == (s == 14 || s == 0 ? 5 : -0.5)) }
        #expect(throws: IRLError.indexOutOfRange(argument: "goal column", index: 5, bound: 5)) {
            let _: Tensor<Double> = try grid.goalReward(goals: [(0, 5)])
        }
        #expect(throws: IRLError.invalidParameter(argument: "region size", value: 0, reason: "must be at least 1")) {
            _ = try grid.regionFeatures(size: 0, Double.self)
        }
    }

    @Test func randomSparseWeightsAreSparseAndSeeded() throws {
        for seed in UInt64(0)..<20 {
            var a = SplitMix64(seed: seed), b = SplitMix64(seed: seed)
            let w1: Tensor<Double> = try Gridworld.randomSparseWeights(featureCount: 10, nonzero: 3, using: &a)
            let w2: Tensor<Double> = try Gridworld.randomSparseWeights(featureCount: 10, nonzero: 3, using: &b)
            #expect(w1 == w2)
            #expect(w1.scalars.filter { $0 != 0 }.count == 3)
            #expect(w1.scalars.allSatisfy { $0 >= -1 && $0 < 1 })
        }
        var rng = SplitMix64(seed: 1)
        #expect(throws: IRLError.invalidParameter(argument: "nonzero", value: 11, reason: "must be in 1…10")) {
            let _: Tensor<Double> = try Gridworld.randomSparseWeights(featureCount: 10, nonzero: 11, using: &rng)
        }
    }

    @Test func garnetBranchingFactorIsExactAndSeeded() throws {
        for (states, actions, branching, seed) in [(20, 3, 1, UInt64(1)), (20, 3, 5, 2), (12, 2, 12, 3), (50, 4, 7, 4)] {
            var rng = SplitMix64(seed: seed)
            let garnet = try Garnet(states: states, actions: actions, branchingFactor: branching, using: &rng)
            let p: Tensor<Double> = garnet.denseTransitions()
            for row in 0..<(states * actions) {
                let nonzero = (0..<states).filter { p.scalars[row * states + $0] > 0 }
                #expect(nonzero.count == branching)
                #expect(nonzero == garnet.successors[row])
            }
            var again = SplitMix64(seed: seed)
            #expect(try Garnet(states: states, actions: actions, branchingFactor: branching, using: &again) == garnet)
        }
        var rng = SplitMix64(seed: 9)
        #expect(throws: IRLError.invalidParameter(argument: "branchingFactor", value: 6, reason: "must be in 1…5")) {
            _ = try Garnet(states: 5, actions: 2, branchingFactor: 6, using: &rng)
        }
    }

    @Test func garnetProbabilitiesAreFlatDirichlet() throws {
        // Dirichlet(1, 1, 1): each component has mean 1/3 and variance 2/36; the successor
        // subsets are uniform, so every state is a successor with probability b/S.
        var rng = SplitMix64(seed: 77)
        let garnet = try Garnet(states: 10, actions: 30, branchingFactor: 3, using: &rng)
        let rows = 300
        let first = garnet.probabilities.map { $0[0] }
        let mean = first.reduce(0, +) / Double(rows)
        #expect(abs(mean - 1.0 / 3) < 5 * (2.0 / 36 / Double(rows)).squareRoot())
        var hits = [Int](repeating: 0, count: 10)
        for row in garnet.successors { for s in row { hits[s] += 1 } }
        let expected = Double(rows) * 3 / 10, sd = (expected * 0.7).squareRoot()
        for h in hits { #expect(abs(Double(h) - expected) < 5 * sd) }
    }

    @Test func objectworldRewardRuleOnHandPlacedObjects() throws {
        let objects = [
            Objectworld.Object(row: 2, column: 2, innerColor: 1, outerColor: 0),
            Objectworld.Object(row: 2, column: 4, innerColor: 0, outerColor: 1),
            Objectworld.Object(row: 6, column: 6, innerColor: 1, outerColor: 2),
        ]
        let world = try Objectworld(size: 8, colorCount: 4, objects: objects)
        let r: Tensor<Double> = world.trueReward()
        // Hand-checked cells: (row, column, reward).
        for (row, column, expected) in [
            (2, 2, 1.0), (2, 3, 1), (2, 0, -1), (5, 2, -1), (4, 4, 1), (0, 5, 0), (7, 7, 0), (4, 2, -1), (5, 4, 0),
        ] {
            #expect(r[world.grid.state(row: row, column: column)] == expected, "cell (\(row), \(column))")
        }
        // Every cell against the rule, with distances recomputed here.
        let phi: Tensor<Double> = world.continuousFeatures()
        #expect(phi.shape == [64, 8])
        for s in 0..<64 {
            let (row, column) = (s / 8, s % 8)
            func nearest(_ keep: (Objectworld.Object) -> Bool) -> Double {
                objects.filter(keep).map { hypot(Double($0.row - row), Double($0.column - column)) }.min() ?? 8 * 2.0.squareRoot()
            }
            let (d0, d1) = (nearest { $0.outerColor == 0 }, nearest { $0.outerColor == 1 })
            #expect(r[s] == (d0 <= 3 ? (d1 <= 2 ? 1 : -1) : 0))
            for c in 0..<4 {
                #expect(abs(phi[s, c] - nearest { $0.innerColor == c }) < 1e-12)
                #expect(abs(phi[s, 4 + c] - nearest { $0.outerColor == c }) < 1e-12)
            }
        }
        // Discrete features: 1[d ≤ j], j = 1 … N, inner colors first.
        let discrete: Tensor<Double> = world.discreteFeatures()
        #expect(discrete.shape == [64, 2 * 4 * 8])
        for s in 0..<64 {
            for f in 0..<8 {
                for j in 1...8 {
                    #expect(discrete[s, f * 8 + j - 1] == (phi[s, f] <= Double(j) ? 1 : 0))
                }
            }
        }
        #expect(
            throws: IRLError.invalidParameter(argument: "objects[1] cell (2, 2)", value: 1, reason: "is already occupied by another object")
        ) {
            _ = try Objectworld(size: 8, objects: [objects[0], Objectworld.Object(row: 2, column: 2, innerColor: 0, outerColor: 0)])
        }
        #expect(throws: IRLError.indexOutOfRange(argument: "objects[0].outerColor", index: 2, bound: 2)) {
            _ = try Objectworld(size: 8, colorCount: 2, objects: [Objectworld.Object(row: 0, column: 0, innerColor: 0, outerColor: 2)])
        }
    }

    @Test func randomObjectworldIsSeeded() throws {
        var a = SplitMix64(seed: 5), b = SplitMix64(seed: 5), c = SplitMix64(seed: 6)
        let w1 = try Objectworld(size: 10, colorCount: 3, objectCount: 12, using: &a)
        #expect(w1 == (try Objectworld(size: 10, colorCount: 3, objectCount: 12, using: &b)))
        #expect(w1 != (try Objectworld(size: 10, colorCount: 3, objectCount: 12, using: &c)))
        #expect(Set(w1.objects.map { $0.row * 10 + $0.column }).count == 12)
    }

    @Test func cliffSemanticsAndWind() throws {
        let reset = try CliffWorld(width: 6, height: 3, wind: 0.25)
        let env: Environment<Double> = try reset.environment(horizon: .finite(10))
        let above = reset.layout.state(row: 1, column: 2)
        // Down from above the cliff: falls (surely), reset to the start.
        #expect(reset.successors(state: above, action: 2).map(\.state) == [reset.start])
        #expect(env.mdp.dynamics.denseTransitions()[above, 2, reset.start] == 1)
        #expect(abs(env.trueReward![above, 2] - (-1 - 100)) < 1e-12)
        // Up: 0.75 up, 0.25 blown into the cliff.
        let p = env.mdp.dynamics.denseTransitions()
        #expect(abs(p[above, 0, reset.layout.state(row: 0, column: 2)] - 0.75) < 1e-15)
        #expect(abs(p[above, 0, reset.start] - 0.25) < 1e-15)
        #expect(abs(env.trueReward![above, 0] - (-1 - 100 * 0.25)) < 1e-12)
        // The goal absorbs at no cost; cliff cells are never entered under reset.
        #expect(p[reset.goal, 1, reset.goal] == 1 && env.trueReward![reset.goal, 1] == 0)
        let terminate = try CliffWorld(width: 6, height: 3, cliff: .terminate)
        let t: Environment<Double> = try terminate.environment(horizon: .finite(10))
        let tp = t.mdp.dynamics.denseTransitions()
        #expect(tp[above, 2, above + 6] == 1)
        #expect(tp[above + 6, 0, above + 6] == 1 && t.trueReward![above + 6, 0] == 0)
        #expect(throws: IRLError.invalidParameter(argument: "wind", value: 1.5, reason: "must be a probability in [0, 1]")) {
            _ = try CliffWorld(wind: 1.5)
        }
    }

    @Test func cliffWalkOptimalReturnIsTheEdgePath() throws {
        // Without wind the optimal path hugs the cliff: up, (width − 1) × right, down.
        for (width, height) in [(12, 4), (5, 2), (7, 5)] {
            let world = try CliffWorld(width: width, height: height)
            let env: Environment<Double> = try world.environment(horizon: .finite(3 * width))
            let plan = try HardValueIteration<Double>().solve(env.mdp, reward: env.reward!)
            #expect(abs(plan.startValue(env.mdp)[0] - Double(-(width + 1))) < 1e-12)
        }
        // With wind, walking the edge risks falls; the optimal policy falls less often.
        let windy = try CliffWorld(wind: 0.1)
        let env: Environment<Double> = try windy.environment(horizon: .finite(40))
        let optimal = try HardValueIteration<Double>().solve(env.mdp, reward: env.reward!).policy
        let edge = try Policy<Double>(
            stationary: Tensor(shape: [48, 4]) { i in
                let (s, a) = (i / 4, i % 4)
                let (row, column) = (s / 12, s % 12)
                let want = row == 3 && column == 0 ? 0 : (row == 2 && column == 11 ? 2 : 1)
                return a == want ? 1 : 0
            })
        let fallFeature = Tensor<Double>(shape: [48, 4, 1]) { env.features.scalars[2 * $0 + 1] }
        let falls = { (pi: Policy<Double>) throws -> Double in try env.mdp.occupancy(of: pi).expectedReward(fallFeature)[0] }
        #expect(try falls(optimal) < falls(edge))
        #expect(try env.mdp.evaluate(optimal, reward: env.reward!).returns[0] >= env.mdp.evaluate(edge, reward: env.reward!).returns[0])
    }

    @Test(arguments: [(RiskyPathCase.defaults, true), (.fewLanes, false), (.discounted, true)])
    func riskyPathHardTakesRiskSoftPrefersSafety(_ c: RiskyPathCase, softSafe: Bool) throws {
        let risky = try c.path()
        let env: Environment<Double> = try risky.environment(horizon: 5, discount: c.discount)
        let hard = try HardValueIteration<Double>(keepsQValues: true).solve(env.mdp, reward: env.reward!)
        let soft = try SoftValueIteration<Double>(keepsQValues: true).solve(env.mdp, reward: env.reward!)
        let hardQ = risky.startQValues(discount: c.discount)
        let softQ = risky.startQValues(discount: c.discount, temperature: 1)
        #expect(abs(hard.qValues![0, RiskyPath.start, RiskyPath.riskyAction, 0] - hardQ.risky) < 1e-12)
        #expect(abs(hard.qValues![0, RiskyPath.start, RiskyPath.safeAction, 0] - hardQ.safe) < 1e-12)
        #expect(abs(soft.qValues![0, RiskyPath.start, RiskyPath.riskyAction, 0] - softQ.risky) < 1e-12)
        #expect(abs(soft.qValues![0, RiskyPath.start, RiskyPath.safeAction, 0] - softQ.safe) < 1e-12)
        // The hard planner takes the risky route.
        #expect(hard.policy.probabilities[0, RiskyPath.start, RiskyPath.riskyAction, 0] == 1)
        // The soft planner's safe probability is the closed form, above ½ when log k > c − γp(G + L).
        let safe = soft.policy.probabilities[0, RiskyPath.start, RiskyPath.safeAction, 0]
        #expect(abs(safe - risky.safeProbability(discount: c.discount)) < 1e-12)
        #expect((safe > 0.5) == softSafe)
        // Masked actions get probability 0, and a MaxEnt expert's demonstrations mostly take the safe route.
        if risky.lanes > 2 { #expect(soft.policy.probabilities[0, RiskyPath.start, 2, 0] == 0) }
        var rng = SplitMix64(seed: 3)
        let demos = try Demonstrations.sample(policy: soft.policy, on: env.mdp, count: 400, using: &rng)
        let safeShare = Double(demos.trajectories.filter { $0.actions[0] == RiskyPath.safeAction }.count) / 400
        #expect((safeShare > 0.5) == softSafe)
    }

    enum RiskyPathCase: Sendable {
        case defaults, fewLanes, discounted
        func path() throws -> RiskyPath {
            switch self {
            case .defaults, .discounted: return try RiskyPath()
            case .fewLanes: return try RiskyPath(lanes: 2)  // log 2 < 3 − 2: soft takes the risk too
            }
        }
        var discount: Double { self == .discounted ? 0.9 : 1 }
    }
}
