import Foundation
import IRLCABI
import Testing

/// `ig_soft_value_iteration_*` against the hand-written reference: finite and infinite horizon,
/// B = 1 and B > 1, masked (−∞) actions, and every optional output present or NULL.
@Suite("C ABI: soft value iteration")
struct SoftValueIterationTests {
    /// Masked actions get probability exactly 0; every policy row sums to 1.
    func expectMaskedAndNormalised<Scalar: CABIScalar>(_ policy: [Scalar]?, _ pr: CProblem, rows: Int, _ label: String) {
        guard let policy else { return }
        let (a, b) = (pr.actions, pr.batch)
        var worst = 0.0
        for t in 0..<rows {
            for state in 0..<pr.states {
                for col in 0..<b {
                    var sum = 0.0
                    for action in 0..<a {
                        let i = (state * a + action) * b + col
                        let x = policy[t * pr.states * a * b + i]
                        if pr.reward[i] == -.infinity { #expect(x == 0, "\(label): masked π[\(t), \(state), \(action), \(col)] = \(x)") }
                        sum += Double(x)
                    }
                    worst = max(worst, abs(sum - 1))
                }
            }
        }
        #expect(worst <= 10 * Scalar.referenceTolerance, "\(label): Σ_a π off by \(worst)")
    }

    func finiteHorizon<Scalar: CABIScalar>(_: Scalar.Type, batch: Int, terminal: Bool) throws {
        let pr = CProblem(states: 5, actions: 4, batch: batch, seed: 100 + UInt64(batch), maskedFraction: 0.4)
        #expect(pr.maskedCount > 0)
        let (h, g) = (6, 0.9)
        let reference = referenceSoftVI(pr, horizon: h, discount: g, terminal: terminal)
        let forward = referenceForward(pr, policy: reference.policy, steps: h, horizon: h, discount: g)
        let label = "\(Scalar.self) B = \(batch) terminal \(terminal)"
        try withDenseTransitions(scalars(pr.p, as: Scalar.self), states: 5, actions: 4) { handle in
            let out = callSoftVI(Scalar.self, handle, pr, horizon: h, discount: g, terminal: terminal)
            #expect(out.status == IGStatus.ok, "\(label): \(lastErrorMessage())")
            expectClose(out.values, reference.values, "\(label) V")
            expectClose(out.policy, reference.policy, "\(label) π")
            expectClose(out.q, reference.q, "\(label) Q")
            expectClose(out.d, forward.d, "\(label) d")
            expectClose(out.mu, forward.mu, "\(label) μ")
            expectMaskedAndNormalised(out.policy, pr, rows: h, label)
            // The occupancy's mass is Σ_{t<H} γᵗ in every column.
            if let mu = out.mu {
                let mass = (0..<h).reduce(0.0) { acc, t in acc + pow(g, Double(t)) }
                for col in 0..<batch {
                    let total = stride(from: col, to: mu.count, by: batch).reduce(0.0) { $0 + Double(mu[$1]) }
                    #expect(abs(total - mass) <= 10 * Scalar.referenceTolerance * mass, "\(label) mass of μ[·, ·, \(col)]")
                }
            }
        }
    }

    @Test(arguments: [1, 3])
    func finiteHorizonMatchesTheReference(batch: Int) throws {
        for terminal in [false, true] {
            try finiteHorizon(Double.self, batch: batch, terminal: terminal)
            try finiteHorizon(Float.self, batch: batch, terminal: terminal)
        }
    }

    func infiniteHorizon<Scalar: CABIScalar>(_: Scalar.Type, batch: Int) throws {
        let pr = CProblem(states: 5, actions: 3, batch: batch, seed: 200 + UInt64(batch), maskedFraction: 0.4)
        #expect(pr.maskedCount > 0)
        let g = 0.7
        let reference = referenceSoftVIInfinite(pr, discount: g)
        let forward = referenceForwardInfinite(pr, stationaryPolicy: reference.policy, discount: g)
        var options = IGOptions.defaults
        options.tolerance = 1e-14
        let label = "\(Scalar.self) infinite B = \(batch)"
        try withDenseTransitions(scalars(pr.p, as: Scalar.self), states: 5, actions: 3) { handle in
            let out = callSoftVI(Scalar.self, handle, pr, horizon: 0, discount: g, options: options)
            #expect(out.status == IGStatus.ok, "\(label): \(lastErrorMessage())")
            expectClose(out.values, reference.values, "\(label) V")
            expectClose(out.policy, reference.policy, "\(label) π")
            expectClose(out.q, reference.q, "\(label) Q")
            expectClose(out.d, forward.d, "\(label) Σγᵗd_t")
            expectClose(out.mu, forward.mu, "\(label) μ")
            expectMaskedAndNormalised(out.policy, pr, rows: 1, label)
        }
    }

    @Test(arguments: [1, 4])
    func infiniteHorizonMatchesTheReference(batch: Int) throws {
        try infiniteHorizon(Double.self, batch: batch)
        try infiniteHorizon(Float.self, batch: batch)
    }

    /// Every subset of the five outputs (the others NULL) gives the same numbers as the reference;
    /// the initial distribution is passed only when the forward pass is asked for.
    func eachOutputOptional<Scalar: CABIScalar>(_: Scalar.Type, batch: Int, horizon h: Int) throws {
        let pr = CProblem(states: 4, actions: 3, batch: batch, seed: 300 + UInt64(batch))
        let g = 0.8
        let reference = h == 0 ? referenceSoftVIInfinite(pr, discount: g) : referenceSoftVI(pr, horizon: h, discount: g)
        let forward =
            h == 0
            ? referenceForwardInfinite(pr, stationaryPolicy: reference.policy, discount: g)
            : referenceForward(pr, policy: reference.policy, steps: h, horizon: h, discount: g)
        var options = IGOptions.defaults
        options.tolerance = 1e-14
        try withDenseTransitions(scalars(pr.p, as: Scalar.self), states: 4, actions: 3) { handle in
            for bits in 0..<32 {
                let wanted = Wanted(rawValue: bits)
                let label = "\(Scalar.self) B = \(batch) H = \(h) outputs \(bits)"
                let out = callSoftVI(Scalar.self, handle, pr, horizon: h, discount: g, options: options, wanted: wanted)
                #expect(out.status == IGStatus.ok, "\(label): \(lastErrorMessage())")
                #expect((out.values != nil) == wanted.contains(.values) && (out.mu != nil) == wanted.contains(.mu))
                if out.values != nil { expectClose(out.values, reference.values, "\(label) V") }
                if out.policy != nil { expectClose(out.policy, reference.policy, "\(label) π") }
                if out.q != nil { expectClose(out.q, reference.q, "\(label) Q") }
                if out.d != nil { expectClose(out.d, forward.d, "\(label) d") }
                if out.mu != nil { expectClose(out.mu, forward.mu, "\(label) μ") }
            }
        }
    }

    @Test(arguments: [1, 2])
    func everyOutputMayBeNull(batch: Int) throws {
        for h in [3, 0] {
            try eachOutputOptional(Double.self, batch: batch, horizon: h)
            try eachOutputOptional(Float.self, batch: batch, horizon: h)
        }
    }

    /// The temperature option: α = 0.25 sharpens the policy, and equals the reference with that α.
    @Test func temperatureOption() throws {
        let pr = CProblem(states: 4, actions: 3, batch: 2, seed: 400)
        var options = IGOptions.defaults
        options.temperature = 0.25
        options.threads = 1
        let reference = referenceSoftVI(pr, horizon: 5, discount: 1, temperature: 0.25)
        try withDenseTransitions(pr.p, states: 4, actions: 3) { handle in
            let out = callSoftVI(Double.self, handle, pr, horizon: 5, discount: 1, options: options, wanted: [.values, .policy])
            #expect(out.status == IGStatus.ok)
            expectClose(out.values, reference.values, "V at α = 0.25")
            expectClose(out.policy, reference.policy, "π at α = 0.25")
        }
    }

    /// γ = 0: each step is the immediate soft maximum, and the forward pass stops after d_0·π_0.
    @Test func zeroDiscount() throws {
        let pr = CProblem(states: 3, actions: 2, batch: 1, seed: 500)
        let reference = referenceSoftVI(pr, horizon: 2, discount: 0)
        let forward = referenceForward(pr, policy: reference.policy, steps: 2, horizon: 2, discount: 0)
        try withDenseTransitions(pr.p, states: 3, actions: 2) { handle in
            let out = callSoftVI(Double.self, handle, pr, horizon: 2, discount: 0)
            #expect(out.status == IGStatus.ok)
            expectClose(out.values, reference.values, "V at γ = 0")
            expectClose(out.mu, forward.mu, "μ at γ = 0")
            expectClose(out.d, forward.d, "d at γ = 0")
        }
    }
}
