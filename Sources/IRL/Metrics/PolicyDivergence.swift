import DenseTensors
import RealModule

/// How far a learner's action choices are from the expert's, averaged over the states the
/// expert visits (see ``TabularMDP/policyDivergence(expert:learner:)``).
public struct PolicyDivergence<Scalar: BLASScalar>: Sendable {
    /// `E_{(t,s) ~ expert}[ ½ Σ_a |π_E,t(a|s) − π_t(a|s)| ]` per learner column, shape `[B]`.
    /// For a deterministic expert this is the probability of disagreeing with it: the
    /// behavioural-cloning 0-1 loss `ℓ_BC`.
    public let totalVariation: Tensor<Scalar>
    /// `E_{(t,s) ~ expert}[ Σ_a π_E,t(a|s)·log(π_E,t(a|s)/π_t(a|s)) ]` per column, shape `[B]`;
    /// `+∞` when the learner gives probability 0 to an action the expert takes in a visited state.
    public let kullbackLeibler: Tensor<Scalar>
}

extension TabularMDP {
    /// Total variation and KL divergence of a learner from the expert on the expert's own
    /// (normalised, discounted) state occupancy:
    ///
    ///     finite H:  E[f] = Σ_{t<H} γᵗ Σ_s d^E_t(s)·f_t(s) / Σ_{t<H} γᵗ
    ///     infinite:  E[f] = (1 − γ)·Σ_s d^E(s)·f(s),      d^E = Σ_t γᵗ d^E_t
    ///
    /// with `f_t(s)` the divergence between `π_E,t(·|s)` and `π_t(·|s)`. States the expert never
    /// visits do not count — the point of the Figure 18.1 example.
    ///
    /// - Parameters:
    ///   - expert: `π_E`, batch 1 or the learner's batch.
    ///   - learner: `π`, batch `B`.
    /// - Returns: both divergences, shape `[B]` each.
    /// - Throws: the forward pass's errors; ``IRLError/shapeMismatch(argument:expected:actual:)``
    ///   when the batches do not match.
    /// - Complexity: one forward pass of the expert plus O(H·S·A·B).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func policyDivergence(expert: Policy<Scalar>, learner: Policy<Scalar>) throws(IRLError) -> PolicyDivergence<Scalar> {
        try learner.validate(for: self)
        let (be, b) = (expert.batch, learner.batch)
        guard be == 1 || be == b else {
            throw .shapeMismatch(argument: "expert policy", expected: "batch 1 or \(b)", actual: expert.probabilities.shape)
        }
        let d = try occupancy(of: expert).stateDistributions  // [H+1, S, be] or [1, S, be]
        let (s, a) = (stateCount, actionCount)
        let tables = horizon.steps ?? 1
        var weight: Scalar = 1
        var tv = [Scalar](repeating: 0, count: b)
        var kl = [Scalar](repeating: 0, count: b)
        for t in 0..<tables where weight > 0 {
            for state in 0..<s {
                for col in 0..<b {
                    let mass = d.scalars[(t * s + state) * be + (be == 1 ? 0 : col)]
                    if mass == 0 { continue }
                    var (tvTerm, klTerm): (Scalar, Scalar) = (0, 0)
                    for action in 0..<a {
                        let p = expert.probability(time: t, state: state, action: action, column: be == 1 ? 0 : col)
                        let q = learner.probability(time: t, state: state, action: action, column: col)
                        tvTerm += Swift.abs(p - q)
                        if p > 0 { klTerm += q > 0 ? p * Scalar.log(p / q) : .infinity }
                    }
                    tv[col] += weight * mass * tvTerm / 2
                    kl[col] += weight * mass * klTerm
                }
            }
            weight *= discount
        }
        // Normalise: the finite weights sum to Σ γᵗ; the infinite d already carries Σ γᵗ = 1/(1−γ).
        let total = occupancyMass
        return PolicyDivergence(totalVariation: Tensor(tv.map { $0 / total }), kullbackLeibler: Tensor(kl.map { $0 / total }))
    }
}
