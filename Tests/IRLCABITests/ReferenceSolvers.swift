import Foundation
import DenseTensors
import IRL

// The references the C results are checked against: the header's equations written as plain
// scalar loops over the flat arrays, in Double, with no BLAS and nothing from the library.

/// Soft value iteration's outputs in the header's layouts: `V [T+1, S, B]`, `π` and `Q [T, S, A, B]`
/// (`T = H`, or one row for the infinite horizon, whose `values` are then `[1, S, B]`).
struct SoftReference {
    var values: [Double]
    var policy: [Double]
    var q: [Double]
}

/// One soft Bellman backup for all states and columns: `Q = r + γ P V'`,
/// `V = α log Σ_a exp(Q/α)`, `π = exp((Q − V)/α)`; `−∞` rewards give `π = 0` exactly.
func softBackup(_ pr: CProblem, next: [Double], discount g: Double, temperature alpha: Double)
    -> (v: [Double], pi: [Double], q: [Double])
{
    let (s, a, b) = (pr.states, pr.actions, pr.batch)
    var q = [Double](repeating: 0, count: s * a * b)
    var v = [Double](repeating: 0, count: s * b)
    var pi = q
    for state in 0..<s {
        for col in 0..<b {
            for action in 0..<a {
                var expected = 0.0
                for n in 0..<s { expected += pr.probability(state, action, n) * next[n * b + col] }
                q[(state * a + action) * b + col] = pr.reward[(state * a + action) * b + col] + g * expected
            }
            let row = (0..<a).map { q[($0 + state * a) * b + col] }
            let m = row.max()!
            let lse = m + alpha * log(row.reduce(0) { $0 + exp(($1 - m) / alpha) })
            v[state * b + col] = lse
            for action in 0..<a { pi[(state * a + action) * b + col] = exp((row[action] - lse) / alpha) }
        }
    }
    return (v, pi, q)
}

/// Finite horizon: `H` backups from `V_H` (the terminal values, or 0).
func referenceSoftVI(_ pr: CProblem, horizon h: Int, discount g: Double, temperature alpha: Double = 1, terminal: Bool = false)
    -> SoftReference
{
    let (sb, sab) = (pr.states * pr.batch, pr.states * pr.actions * pr.batch)
    var values = [Double](repeating: 0, count: (h + 1) * sb)
    if terminal {
        for state in 0..<pr.states { for col in 0..<pr.batch { values[h * sb + state * pr.batch + col] = pr.terminal[state] } }
    }
    var policy = [Double](repeating: 0, count: h * sab)
    var q = policy
    for t in stride(from: h - 1, through: 0, by: -1) {
        let step = softBackup(pr, next: Array(values[((t + 1) * sb)..<((t + 2) * sb)]), discount: g, temperature: alpha)
        values.replaceSubrange((t * sb)..<((t + 1) * sb), with: step.v)
        policy.replaceSubrange((t * sab)..<((t + 1) * sab), with: step.pi)
        q.replaceSubrange((t * sab)..<((t + 1) * sab), with: step.q)
    }
    return SoftReference(values: values, policy: policy, q: q)
}

/// Infinite horizon: backups until `V` stops changing (γ < 1 makes it a contraction).
func referenceSoftVIInfinite(_ pr: CProblem, discount g: Double, temperature alpha: Double = 1) -> SoftReference {
    var v = [Double](repeating: 0, count: pr.states * pr.batch)
    for _ in 0..<100_000 {
        let step = softBackup(pr, next: v, discount: g, temperature: alpha)
        let change = zip(step.v, v).map { abs($0 - $1) }.max()!
        v = step.v
        if change == 0 { break }
    }
    let last = softBackup(pr, next: v, discount: g, temperature: alpha)
    return SoftReference(values: last.v, policy: last.pi, q: last.q)
}

/// The forward pass of a policy `[steps, S, A, B]` (`steps` 1 or `H`): `d_0 = ρ₀`,
/// `x_t = d_t π_t`, `d_{t+1} = Σ_{s,a} P x_t`, `μ = Σ_t γᵗ x_t`. Returns `d [H+1, S, B]` and `μ [S, A, B]`.
func referenceForward(_ pr: CProblem, policy: [Double], steps: Int, horizon h: Int, discount g: Double)
    -> (d: [Double], mu: [Double])
{
    let (s, a, b) = (pr.states, pr.actions, pr.batch)
    let (sb, sab) = (s * b, s * a * b)
    var d = [Double](repeating: 0, count: (h + 1) * sb)
    for state in 0..<s { for col in 0..<b { d[state * b + col] = pr.rho[state] } }
    var mu = [Double](repeating: 0, count: sab)
    var weight = 1.0
    for t in 0..<h {
        let table = steps == 1 ? 0 : t
        for state in 0..<s {
            for action in 0..<a {
                for col in 0..<b {
                    let x = d[t * sb + state * b + col] * policy[table * sab + (state * a + action) * b + col]
                    mu[(state * a + action) * b + col] += weight * x
                    for n in 0..<s { d[(t + 1) * sb + n * b + col] += pr.probability(state, action, n) * x }
                }
            }
        }
        weight *= g
    }
    return (d, mu)
}

/// Infinite horizon: `d = Σ_t γᵗ d_t` `[1, S, B]` and `μ = Σ_t γᵗ x_t`, summed until `γᵗ` is negligible.
func referenceForwardInfinite(_ pr: CProblem, stationaryPolicy: [Double], discount g: Double) -> (d: [Double], mu: [Double]) {
    let steps = Int((log(1e-20) / log(g)).rounded(.up))
    let run = referenceForward(pr, policy: stationaryPolicy, steps: 1, horizon: steps, discount: g)
    let sb = pr.states * pr.batch
    var d = [Double](repeating: 0, count: sb)
    var weight = 1.0
    for t in 0..<steps {
        for i in 0..<sb { d[i] += weight * run.d[t * sb + i] }
        weight *= g
    }
    return (d, run.mu)
}

/// Exact evaluation of a policy `[steps, S, A, B]`: `Q_t = r + γ P V_{t+1}`, `V_t = Σ_a π Q_t`
/// (an action of probability 0 adds nothing, even with reward `−∞`), `J = Σ_s ρ₀ V_0`.
/// Returns `Q [H, S, A, B]`, `V [H+1, S, B]`, `J [B]`.
func referenceEvaluation(
    _ pr: CProblem, policy: [Double], steps: Int, horizon h: Int, discount g: Double, terminal: Bool = false
) -> (q: [Double], v: [Double], returns: [Double]) {
    let (s, a, b) = (pr.states, pr.actions, pr.batch)
    let (sb, sab) = (s * b, s * a * b)
    var v = [Double](repeating: 0, count: (h + 1) * sb)
    if terminal { for state in 0..<s { for col in 0..<b { v[h * sb + state * b + col] = pr.terminal[state] } } }
    var q = [Double](repeating: 0, count: h * sab)
    for t in stride(from: h - 1, through: 0, by: -1) {
        let table = steps == 1 ? 0 : t
        for state in 0..<s {
            for col in 0..<b {
                var value = 0.0
                for action in 0..<a {
                    var expected = 0.0
                    for n in 0..<s { expected += pr.probability(state, action, n) * v[(t + 1) * sb + n * b + col] }
                    let i = (state * a + action) * b + col
                    q[t * sab + i] = pr.reward[i] + g * expected
                    let weight = policy[table * sab + i]
                    if weight != 0 { value += weight * q[t * sab + i] }
                }
                v[t * sb + state * b + col] = value
            }
        }
    }
    let returns = (0..<b).map { col in (0..<s).reduce(0.0) { $0 + pr.rho[$1] * v[$1 * b + col] } }
    return (q, v, returns)
}

/// Infinite horizon: the same equations at their fixed point (one row each), by iteration.
func referenceEvaluationInfinite(_ pr: CProblem, stationaryPolicy: [Double], discount g: Double)
    -> (q: [Double], v: [Double], returns: [Double])
{
    let steps = Int((log(1e-20) / log(g)).rounded(.up))
    let run = referenceEvaluation(pr, policy: stationaryPolicy, steps: 1, horizon: steps, discount: g)
    let (sb, sab) = (pr.states * pr.batch, pr.states * pr.actions * pr.batch)
    return (Array(run.q[0..<sab]), Array(run.v[0..<sb]), run.returns)
}

/// A random policy `[steps, S, A, B]`: each row a distribution, with some zeros.
func randomPolicy(_ pr: CProblem, steps: Int, seed: UInt64) -> [Double] {
    var rng = SplitMix64(seed: seed)
    let (a, b) = (pr.actions, pr.batch)
    var pi = [Double](repeating: 0, count: steps * pr.states * a * b)
    for table in 0..<(steps * pr.states) {
        for col in 0..<b {
            var w = (0..<a).map { _ in Double.random(in: 0...1, using: &rng) }
            if a > 1 { w[Int.random(in: 0..<a, using: &rng)] = 0 }
            if w.allSatisfy({ $0 == 0 }) { w[0] = 1 }
            let total = w.reduce(0, +)
            for action in 0..<a { pi[(table * a + action) * b + col] = w[action] / total }
        }
    }
    return pi
}
