import DenseTensors
import Foundation
import Testing
import _TestSupport
@testable import IRL

/// Soft value iteration written the obvious way, with scalar loops and no BLAS: the reference.
func referenceSoftVI(_ pr: RandomProblem, horizon h: Int, discount g: Double, alpha: Double, terminal: [Double]? = nil)
    -> (v: [[Double]], q: [[[Double]]], pi: [[[Double]]])
{
    var v = Array(repeating: Array(repeating: 0.0, count: pr.s), count: h + 1)
    if let t = terminal { v[h] = t }
    var q = Array(repeating: Array(repeating: Array(repeating: 0.0, count: pr.a), count: pr.s), count: h)
    var pi = q
    for t in stride(from: h - 1, through: 0, by: -1) {
        for s in 0..<pr.s {
            for a in 0..<pr.a {
                var ev = 0.0
                for s2 in 0..<pr.s { ev += pr.p[s][a][s2] * v[t + 1][s2] }
                q[t][s][a] = pr.r[s][a] + g * ev
            }
            let m = q[t][s].max()!
            v[t][s] = m + alpha * log(q[t][s].reduce(0) { $0 + exp(($1 - m) / alpha) })
            for a in 0..<pr.a { pi[t][s][a] = exp((q[t][s][a] - v[t][s]) / alpha) }
        }
    }
    return (v, q, pi)
}

/// Every trajectory (s_0, a_0, …, a_{H−1}, s_H) of a time-indexed policy with its probability,
/// visited by brute-force enumeration. `start` fixes s_0 (probability 1) or uses ρ₀.
func enumerateTrajectories(
    _ pr: RandomProblem, policy pi: (Int, Int, Int) -> Double, horizon h: Int, start: Int? = nil,
    _ visit: (_ states: [Int], _ actions: [Int], _ probability: Double) -> Void
) {
    func recurse(_ states: [Int], _ actions: [Int], _ prob: Double) {
        if prob == 0 { return }
        let t = actions.count
        if t == h { visit(states, actions, prob); return }
        let s = states[t]
        for a in 0..<pr.a {
            let pa = pi(t, s, a)
            for s2 in 0..<pr.s where pr.p[s][a][s2] > 0 {
                recurse(states + [s2], actions + [a], prob * pa * pr.p[s][a][s2])
            }
        }
    }
    if let s0 = start {
        recurse([s0], [], 1)
    } else {
        for s0 in 0..<pr.s { recurse([s0], [], pr.rho[s0]) }
    }
}

func loadGolden() throws -> [String: Any] {
    let url = try #require(Bundle.module.url(forResource: "imitation_reasonable_mdp", withExtension: "json", subdirectory: "Golden"))
    return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
}
