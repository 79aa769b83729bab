import DenseTensors
import Foundation
import Testing
import _TestSupport

@testable import IRL

/// Small random games for the MaxEnt IRL and primal-solver tests.
enum GameFixtures {
    /// A random MDP (``RandomProblem`` dynamics) with random features `Φ[S, A, K]` in [−1, 1].
    static func randomMDP(
        states: Int, actions: Int, features k: Int, horizon: Horizon, discount: Double,
        seed: UInt64
    ) throws -> TabularMDP<Double> {
        let pr = RandomProblem(states: states, actions: actions, seed: seed)
        let phi: Tensor<Double> = randomTensor([states, actions, k], seed: seed &+ 1000)
        return try TabularMDP(
            transitions: pr.transitions, initialDistribution: Tensor(pr.rho), horizon: horizon,
            discount: discount, features: phi)
    }

    /// A random full-support policy with `tables` tables and `batch` columns.
    static func randomPolicy(tables: Int, states: Int, actions: Int, batch: Int = 1, seed: UInt64) throws -> Policy<Double> {
        var rng = SplitMix64(seed: seed)
        var p = Tensor<Double>(shape: [tables, states, actions, batch]) { _ in Double.random(in: 0.05...1, using: &rng) }
        for t in 0..<tables {
            for s in 0..<states {
                for b in 0..<batch {
                    let total = (0..<actions).reduce(0.0) { $0 + p[t, s, $1, b] }
                    for a in 0..<actions { p[t, s, a, b] /= total }
                }
            }
        }
        return try Policy(timeIndexed: p)
    }

    /// Expected demonstration counts `N·x_t(s, a) = N·d_t(s)·π_t(a|s)`, `[H, S, A, B]`: counts that
    /// are consistent with the dynamics.
    static func expectedCounts(_ mdp: TabularMDP<Double>, policy: Policy<Double>, trajectories n: Double) throws -> Tensor<Double> {
        let h = try #require(mdp.horizon.steps)
        let occupancy = try mdp.occupancy(of: policy)
        let (s, a, b) = (mdp.stateCount, mdp.actionCount, policy.batch)
        return Tensor(shape: [h, s, a, b]) { i in
            let (t, rest) = (i / (s * a * b), i % (s * a * b))
            let (state, action, col) = (rest / (a * b), (rest / b) % a, rest % b)
            return n * occupancy.stateDistributions[t, state, col] * policy.probability(time: t, state: state, action: action, column: col)
        }
    }

    /// Sampled demonstration counts `[H, S, A, 1]` of `n` trajectories (a plain reference sampler).
    static func sampledCounts(_ mdp: TabularMDP<Double>, policy: Policy<Double>, trajectories n: Int, seed: UInt64) throws -> Tensor<Double>
    {
        let h = try #require(mdp.horizon.steps)
        let (s, a) = (mdp.stateCount, mdp.actionCount)
        var rng = SplitMix64(seed: seed)
        func draw(_ weights: [Double]) -> Int {
            var u = Double.random(in: 0..<1, using: &rng)
            for (i, w) in weights.enumerated() { u -= w; if u < 0 { return i } }
            return weights.lastIndex(where: { $0 > 0 }) ?? 0
        }
        var counts = Tensor<Double>(zeros: [h, s, a, 1])
        for _ in 0..<n {
            var state = draw(mdp.initialDistribution.scalars)
            for t in 0..<h {
                let action = draw((0..<a).map { policy.probability(time: t, state: state, action: $0) })
                counts[t, state, action, 0] += 1
                var next = [Double](repeating: 0, count: s)
                for (s2, p) in mdp.dynamics.successors(state: state, action: action) { next[s2] = p }
                state = draw(next)
            }
        }
        return counts
    }

    /// `Φλ` as `[S, A]` for one weight column, written as a plain loop (the test's reference).
    static func linearReward(_ mdp: TabularMDP<Double>, weights: [Double]) throws -> [[Double]] {
        let phi = try #require(mdp.features)
        return (0..<mdp.stateCount).map { s in
            (0..<mdp.actionCount).map { a in (0..<weights.count).reduce(0.0) { $0 + phi[s, a, $1] * weights[$1] } }
        }
    }

    /// Column `col` of a `[K, B]` tensor.
    static func column(_ t: Tensor<Double>, _ col: Int) -> [Double] {
        (0..<t.shape[0]).map { t[$0, col] }
    }

    /// A 4×4 gridworld with 5 actions, slip 0.1, one-hot state features, finite horizon.
    static func gridworld(horizon: Int) throws -> (grid: Gridworld, mdp: TabularMDP<Double>) {
        let grid = try Gridworld(width: 4, height: 4, actionCount: 5, slip: 0.1)
        let mdp = try grid.denseMDP(horizon: .finite(horizon), discount: 1.0, features: grid.oneHotFeatures(Double.self))
        return (grid, mdp)
    }
}

extension GameFixtures {
    /// `Σ_t γᵗ Σ_s d^E_t(s)·½Σ_a |π_t(a|s) − π^E_t(a|s)| / Σ_t γᵗ`: the expected total variation
    /// between two time-indexed policies on the expert's (normalised) state occupancy, column `col`.
    static func totalVariationOnExpert(
        _ mdp: TabularMDP<Double>, expert: Policy<Double>, learner: Policy<Double>,
        column col: Int = 0
    ) throws -> Double {
        let h = try #require(mdp.horizon.steps)
        let d = try mdp.occupancy(of: expert).stateDistributions
        var total = 0.0, weight = 1.0, mass = 0.0
        for t in 0..<h {
            for s in 0..<mdp.stateCount {
                let tv =
                    (0..<mdp.actionCount).reduce(0.0) {
                        $0
                            + abs(
                                expert.probability(time: t, state: s, action: $1, column: col)
                                    - learner.probability(time: t, state: s, action: $1, column: col))
                    } / 2
                total += weight * d[t, s, expert.batch == 1 ? 0 : col] * tv
            }
            mass += weight
            weight *= mdp.discount
        }
        return total / mass
    }

    /// The soft-optimal expert of a random linear reward on `mdp`, with its exact statistics.
    static func softExpert(_ mdp: TabularMDP<Double>, weights: Tensor<Double>, temperature: Double = 1)
        throws -> (policy: Policy<Double>, statistics: ExpertStatistics<Double>)
    {
        let plan = try SoftValueIteration<Double>(temperature: temperature).solve(mdp, reward: .linear(weights: weights))
        return (plan.policy, try ExpertStatistics(occupancy: try mdp.occupancy(of: plan.policy).stateActionOccupancy))
    }
}

extension GameFixtures {
    /// Plain-loop finite-horizon evaluation of column `col` of `policy` under `r[s][a]`:
    /// `Q^π_t(s, a)` and the state distributions `d_t(s)`, `t = 0 … H` (the test's reference).
    static func referenceEvaluation(_ mdp: TabularMDP<Double>, policy: Policy<Double>, rewards r: [[Double]], column col: Int = 0)
        throws -> (q: [[[Double]]], d: [[Double]])
    {
        let h = try #require(mdp.horizon.steps)
        let (s, a, g) = (mdp.stateCount, mdp.actionCount, mdp.discount)
        var v = Array(repeating: 0.0, count: s)
        var q = Array(repeating: Array(repeating: Array(repeating: 0.0, count: a), count: s), count: h)
        for t in stride(from: h - 1, through: 0, by: -1) {
            var next = v
            for st in 0..<s {
                var value = 0.0
                for ac in 0..<a {
                    let ev = mdp.dynamics.successors(state: st, action: ac).reduce(0.0) { $0 + $1.probability * v[$1.state] }
                    q[t][st][ac] = r[st][ac] + g * ev
                    value += policy.probability(time: t, state: st, action: ac, column: col) * q[t][st][ac]
                }
                next[st] = value
            }
            v = next
        }
        var d = [mdp.initialDistribution.scalars]
        for t in 0..<h {
            var next = Array(repeating: 0.0, count: s)
            for st in 0..<s {
                for ac in 0..<a {
                    let x = d[t][st] * policy.probability(time: t, state: st, action: ac, column: col)
                    for (s2, p) in mdp.dynamics.successors(state: st, action: ac) { next[s2] += x * p }
                }
            }
            d.append(next)
        }
        return (q, d)
    }

    /// `F[k] = Σ_t γᵗ Σ_{s,a} d_t(s)·π_t(a|s)·Φ[s, a, k]` by plain loops.
    static func referenceFeatures(_ mdp: TabularMDP<Double>, policy: Policy<Double>, d: [[Double]], column col: Int = 0) throws -> [Double]
    {
        let phi = try #require(mdp.features)
        let h = try #require(mdp.horizon.steps)
        var f = Array(repeating: 0.0, count: mdp.featureCount)
        var w = 1.0
        for t in 0..<h {
            for s in 0..<mdp.stateCount {
                for a in 0..<mdp.actionCount {
                    let x = w * d[t][s] * policy.probability(time: t, state: s, action: a, column: col)
                    for k in 0..<f.count { f[k] += x * phi[s, a, k] }
                }
            }
            w *= mdp.discount
        }
        return f
    }
}

extension GameFixtures {
    /// The largest difference between column `col` of a batched tensor and a single-column tensor.
    static func maxColumnDifference(_ batched: Tensor<Double>, _ single: Tensor<Double>, _ col: Int) -> Double {
        let b = batched.shape.last ?? 1
        return (0..<single.count).reduce(0.0) { max($0, abs(batched.scalars[$1 * b + col] - single.scalars[$1])) }
    }
}
