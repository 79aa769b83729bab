import IRLCABI
import Testing

/// `ig_occupancy_measures_*` and `ig_evaluate_policy_*` of given policies (stationary and
/// time-indexed, finite and infinite horizon) against the hand-written references.
@Suite("C ABI: occupancy measures and policy evaluation")
struct OccupancyAndEvaluationTests {
    func occupancy<Scalar: CABIScalar>(_: Scalar.Type, batch: Int) throws {
        let pr = CProblem(states: 5, actions: 3, batch: batch, seed: 600 + UInt64(batch), successors: 3)
        let h = 7
        try withDenseTransitions(scalars(pr.p, as: Scalar.self), states: 5, actions: 3) { handle in
            for steps in [1, h] {
                let pi = randomPolicy(pr, steps: steps, seed: 7 + UInt64(steps))
                let reference = referenceForward(pr, policy: pi, steps: steps, horizon: h, discount: 0.95)
                let label = "\(Scalar.self) B = \(batch) steps \(steps)"
                let out = callOccupancy(Scalar.self, handle, pr, policy: pi, steps: steps, horizon: h, discount: 0.95)
                #expect(out.status == IGStatus.ok, "\(label): \(lastErrorMessage())")
                expectClose(out.d, reference.d, "\(label) d")
                expectClose(out.mu, reference.mu, "\(label) μ")
                // Each output alone.
                let dOnly = callOccupancy(Scalar.self, handle, pr, policy: pi, steps: steps, horizon: h, discount: 0.95, wanted: .d)
                #expect(dOnly.status == IGStatus.ok && dOnly.mu == nil)
                expectClose(dOnly.d, reference.d, "\(label) d alone")
                let muOnly = callOccupancy(Scalar.self, handle, pr, policy: pi, steps: steps, horizon: h, discount: 0.95, wanted: .mu)
                #expect(muOnly.status == IGStatus.ok && muOnly.d == nil)
                expectClose(muOnly.mu, reference.mu, "\(label) μ alone")
            }
            // Infinite horizon: a stationary policy, d = Σ γᵗ d_t by the exact solve.
            let pi = randomPolicy(pr, steps: 1, seed: 9)
            let reference = referenceForwardInfinite(pr, stationaryPolicy: pi, discount: 0.6)
            let out = callOccupancy(Scalar.self, handle, pr, policy: pi, steps: 1, horizon: 0, discount: 0.6)
            #expect(out.status == IGStatus.ok, "\(lastErrorMessage())")
            expectClose(out.d, reference.d, "\(Scalar.self) B = \(batch) infinite d")
            expectClose(out.mu, reference.mu, "\(Scalar.self) B = \(batch) infinite μ")
        }
    }

    @Test(arguments: [1, 3])
    func occupancyOfAGivenPolicy(batch: Int) throws {
        try occupancy(Double.self, batch: batch)
        try occupancy(Float.self, batch: batch)
    }

    /// The CSR handle's push (a scatter over the caller's rows, no transpose) gives the same occupancy.
    @Test func occupancyOnCallerCSR() throws {
        let pr = CProblem(states: 6, actions: 2, batch: 2, seed: 650, successors: 2)
        let (indptr, indices, data) = pr.csr(Int64.self)
        let pi = randomPolicy(pr, steps: 4, seed: 651)
        let reference = referenceForward(pr, policy: pi, steps: 4, horizon: 4, discount: 1)
        try withCSRTransitions(indptr: indptr, indices: indices, data: data, states: 6, actions: 2) { handle in
            let out = callOccupancy(Double.self, handle, pr, policy: pi, steps: 4, horizon: 4, discount: 1)
            #expect(out.status == IGStatus.ok)
            expectClose(out.d, reference.d, "CSR d")
            expectClose(out.mu, reference.mu, "CSR μ")
        }
    }

    func evaluation<Scalar: CABIScalar>(_: Scalar.Type, batch: Int) throws {
        // No masked rewards here: a random policy may take any action.
        let pr = CProblem(states: 4, actions: 3, batch: batch, seed: 700 + UInt64(batch), maskedFraction: 0)
        let h = 5
        try withDenseTransitions(scalars(pr.p, as: Scalar.self), states: 4, actions: 3) { handle in
            for (steps, terminal) in [(1, false), (h, false), (h, true)] {
                let pi = randomPolicy(pr, steps: steps, seed: 70 + UInt64(steps))
                let reference = referenceEvaluation(pr, policy: pi, steps: steps, horizon: h, discount: 0.9, terminal: terminal)
                let label = "\(Scalar.self) B = \(batch) steps \(steps) terminal \(terminal)"
                let out = callEvaluate(Scalar.self, handle, pr, policy: pi, steps: steps, horizon: h, discount: 0.9, terminal: terminal)
                #expect(out.status == IGStatus.ok, "\(label): \(lastErrorMessage())")
                expectClose(out.q, reference.q, "\(label) Q")
                expectClose(out.v, reference.v, "\(label) V")
                expectClose(out.returns, reference.returns, "\(label) J")
                let returnsOnly = callEvaluate(
                    Scalar.self, handle, pr, policy: pi, steps: steps, horizon: h, discount: 0.9, terminal: terminal, wanted: .mu)
                #expect(returnsOnly.status == IGStatus.ok && returnsOnly.q == nil && returnsOnly.v == nil)
                expectClose(returnsOnly.returns, reference.returns, "\(label) J alone")
            }
            let pi = randomPolicy(pr, steps: 1, seed: 71)
            let reference = referenceEvaluationInfinite(pr, stationaryPolicy: pi, discount: 0.75)
            let out = callEvaluate(Scalar.self, handle, pr, policy: pi, steps: 1, horizon: 0, discount: 0.75)
            #expect(out.status == IGStatus.ok, "\(lastErrorMessage())")
            expectClose(out.q, reference.q, "\(Scalar.self) B = \(batch) infinite Q")
            expectClose(out.v, reference.v, "\(Scalar.self) B = \(batch) infinite V")
            expectClose(out.returns, reference.returns, "\(Scalar.self) B = \(batch) infinite J")
        }
    }

    @Test(arguments: [1, 2])
    func evaluationOfAGivenPolicy(batch: Int) throws {
        try evaluation(Double.self, batch: batch)
        try evaluation(Float.self, batch: batch)
    }

    /// The soft-optimal policy on masked rewards: its masked actions have probability 0 and
    /// reward −∞, which must add nothing (0·(−∞) is not NaN here). Its return is the soft
    /// value minus the entropy bonus, so J(π*) ≤ Σ ρ₀ V_0.
    @Test(arguments: [1, 3])
    func evaluationOfTheSoftOptimalPolicyWithMaskedActions(batch: Int) throws {
        let pr = CProblem(states: 5, actions: 3, batch: batch, seed: 800 + UInt64(batch), maskedFraction: 0.5)
        #expect(pr.maskedCount > 0)
        let h = 4
        let soft = referenceSoftVI(pr, horizon: h, discount: 1)
        let reference = referenceEvaluation(pr, policy: soft.policy, steps: h, horizon: h, discount: 1)
        try withDenseTransitions(pr.p, states: 5, actions: 3) { handle in
            let out = callEvaluate(Double.self, handle, pr, policy: soft.policy, steps: h, horizon: h, discount: 1)
            #expect(out.status == IGStatus.ok, "\(lastErrorMessage())")
            expectClose(out.q, reference.q, "Q (−∞ where masked)")
            expectClose(out.v, reference.v, "V")
            expectClose(out.returns, reference.returns, "J")
            for col in 0..<batch {
                let softValue = (0..<pr.states).reduce(0.0) { $0 + pr.rho[$1] * soft.values[$1 * batch + col] }
                #expect(reference.returns[col] <= softValue + 1e-12)
            }
        }
    }

    /// A policy that takes a masked action (reward −∞) in state 0, which state 1 cannot reach.
    /// Its value in state 0 is −∞, and the product `P·V` would form 0·(−∞) = NaN (which the
    /// call once returned with IG_OK). Probability on a forbidden action is invalid input: the
    /// one policy check refuses it, naming the entry, before anything is computed.
    @Test(arguments: [2, 0])
    func evaluationWithAnUnreachableMinusInfinityValue(horizon h: Int) throws {
        let p: [Double] = [1, 0, 1, 0, 0, 1, 0, 1]  // every action stays
        let reward: [Double] = [-.infinity, 0, 1, 1]
        let pi: [Double] = [0.5, 0.5, 0.5, 0.5]
        let rho: [Double] = [0, 1]
        let g = h == 0 ? 0.5 : 1.0
        var q = [Double](repeating: 0, count: max(h, 1) * 4)
        var v = [Double](repeating: 0, count: (h == 0 ? 1 : h + 1) * 2)
        var j = [0.0]
        func evaluate(_ pi: [Double]) throws -> Int32 {
            try withDenseTransitions(p, states: 2, actions: 2) { t in
                ig_evaluate_policy_f64(t, Int64(h), g, rho, nil, pi, 1, reward, 1, nil, &q, &v, &j)
            }
        }
        expectFailure(try evaluate(pi), IGStatus.invalidArgument, "policy[0, 0, 0, 0]", "forbidden (its reward is −∞)")
        // The same policy without mass on the forbidden action: finite everywhere. State 1 earns
        // 1 per step: J = V_0(1) = 2 for H = 2 (γ = 1), and 1/(1 − γ) = 2 for the infinite horizon.
        #expect(try evaluate([0, 1, 0.5, 0.5]) == IGStatus.ok, "\(lastErrorMessage())")
        #expect(!(q + v + j).contains { $0.isNaN }, "Q \(q), V \(v), J \(j)")
        expectClose(j, [2], "J")
    }

    /// The scalar arguments are `double` for both precisions; an `_f32` call converts the
    /// discount to float first, so 0.99999999 becomes 1 and the infinite horizon is refused.
    @Test func floatDiscountRoundsBeforeTheInfiniteHorizonCheck() throws {
        let p: [Float] = [1, 0, 0, 1]
        let reward: [Float] = [0, 1]
        var v = [Float](repeating: .nan, count: 2)
        try withDenseTransitions(p, states: 2, actions: 1) { t in
            expectFailure(
                ig_soft_value_iteration_f32(t, 0, 0.99999999, reward, 1, nil, nil, &v, nil, nil, nil, nil, nil), IGStatus.invalidDiscount,
                "below 1 for an infinite horizon")
            #expect(ig_soft_value_iteration_f32(t, 0, 0.99, reward, 1, nil, nil, &v, nil, nil, nil, nil, nil) == IGStatus.ok)
        }
        // V = r/(1 − γ) for a state that stays: 0 and 1/0.01 = 100 (to Float's stopping rule).
        expectClose(v, [0, 100], "V at γ = 0.99", relativeTolerance: 1e-3)
    }
}
