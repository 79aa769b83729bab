import DenseTensors
import Testing
@testable import IRL

/// Every validation error of the core, triggered on purpose, with its message checked.
@Suite("input validation")
struct ValidationTests {
    let p = try! Tensor<Double>(shape: [2, 2, 2], scalars: [0.5, 0.5, 1, 0, 0, 1, 0.25, 0.75])
    let rho = Tensor<Double>([0.5, 0.5])

    func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        Issue.record("expected an error")
        return ""
    }

    @Test func transitionErrorsNameTheEntry() throws {
        var bad = p
        bad[1, 0, 1] = -0.1
        #expect(throws: IRLError.negativeProbability(argument: "transitions", index: [1, 0, 1], value: -0.1)) {
            try TabularMDP(transitions: bad, initialDistribution: rho, horizon: .finite(2))
        }
        bad = p
        bad[0, 1, 0] = 0.9
        let m = message { _ = try TabularMDP(transitions: bad, initialDistribution: rho, horizon: .finite(2)) }
        #expect(m.contains("transitions[0, 1]") && m.contains("sum to 0.9"))
        bad = p
        bad[1, 1, 0] = .nan
        #expect(message { _ = try TabularMDP(transitions: bad, initialDistribution: rho, horizon: .finite(2)) }
            .contains("transitions[1, 1, 0]: nan is not a finite number"))
        #expect(message { _ = try TabularMDP(transitions: Tensor<Double>(zeros: [2, 2, 3]), initialDistribution: rho, horizon: .finite(2)) }
            .contains("transitions: expected shape [S, A, S]"))
        // A configurable tolerance lets slightly unnormalised rows through.
        bad = p
        bad[0, 0, 0] = 0.5 + 1e-6
        _ = try TabularMDP(transitions: bad, initialDistribution: rho, horizon: .finite(2), tolerance: 1e-5)
        #expect(throws: IRLError.self) { try TabularMDP(transitions: bad, initialDistribution: rho, horizon: .finite(2)) }
    }

    @Test func initialDistributionErrors() {
        #expect(throws: IRLError.notNormalized(argument: "initialDistribution", index: [], sum: 0.9, tolerance: Double.ulpOfOne.squareRoot())) {
            try TabularMDP(transitions: p, initialDistribution: Tensor([0.4, 0.5]), horizon: .finite(2))
        }
        #expect(throws: IRLError.negativeProbability(argument: "initialDistribution", index: [0], value: -1)) {
            try TabularMDP(transitions: p, initialDistribution: Tensor([-1, 2]), horizon: .finite(2))
        }
        #expect(message { _ = try TabularMDP(transitions: p, initialDistribution: Tensor([1.0]), horizon: .finite(2)) }
            .contains("initialDistribution: expected shape [2], got [1]"))
        #expect(message { _ = try TabularMDP(transitions: p, initialDistribution: Tensor([.nan, 1]), horizon: .finite(2)) }
            .contains("initialDistribution[0]"))
    }

    @Test func horizonAndDiscountErrors() {
        #expect(throws: IRLError.invalidHorizon(0)) { try TabularMDP(transitions: p, initialDistribution: rho, horizon: .finite(0)) }
        #expect(message { _ = try TabularMDP(transitions: p, initialDistribution: rho, horizon: .finite(-3)) }
            .contains("horizon: -3"))
        #expect(message { _ = try TabularMDP(transitions: p, initialDistribution: rho, horizon: .finite(2), discount: 1.5) }
            .contains("discount: 1.5 is outside [0, 1]"))
        #expect(message { _ = try TabularMDP(transitions: p, initialDistribution: rho, horizon: .finite(2), discount: -0.1) }
            .contains("discount: -0.1"))
        #expect(message { _ = try TabularMDP(transitions: p, initialDistribution: rho, horizon: .infinite, discount: 1) }
            .contains("must be below 1 for an infinite horizon"))
        #expect(throws: IRLError.self) { try TabularMDP(transitions: p, initialDistribution: rho, horizon: .finite(2), discount: .nan) }
    }

    @Test func optionalArgumentErrors() {
        #expect(message { _ = try TabularMDP(transitions: p, initialDistribution: rho, horizon: .finite(2), terminalValues: Tensor([1, 2, 3])) }
            .contains("terminalValues: expected shape [2]"))
        #expect(message { _ = try TabularMDP(transitions: p, initialDistribution: rho, horizon: .finite(2), terminalValues: Tensor([1, .infinity])) }
            .contains("terminalValues[1]: inf"))
        #expect(message { _ = try TabularMDP(transitions: p, initialDistribution: rho, horizon: .finite(2), actionMask: [[true], [true, true]]) }
            .contains("actionMask: expected shape [2][2]"))
        #expect(message { _ = try TabularMDP(transitions: p, initialDistribution: rho, horizon: .finite(2), features: Tensor(zeros: [3, 2])) }
            .contains("features: expected shape [2, 2, K] or [2, K]"))
        #expect(message { _ = try TabularMDP(transitions: p, initialDistribution: rho, horizon: .finite(2), features: Tensor([.nan, 1])) }
            .contains("features[0]: nan"))
    }

    @Test func rewardErrors() throws {
        let mdp = try TabularMDP(transitions: p, initialDistribution: rho, horizon: .finite(2))
        #expect(message { _ = try mdp.stateActionRewards(.state(Tensor([1, 2, 3]))) }.contains("state reward: expected shape [2] or [2, B], got [3]"))
        #expect(message { _ = try mdp.stateActionRewards(.stateAction(Tensor(zeros: [2, 3]))) }.contains("state-action reward: expected shape [2, 2]"))
        #expect(message { _ = try mdp.stateActionRewards(.stateAction(try Tensor(shape: [2, 2], scalars: [0, .nan, 0, 0]))) }
            .contains("state-action reward[0, 1]: nan"))
        #expect(message { _ = try mdp.stateActionRewards(.state(Tensor([.infinity, 0]))) }.contains("state reward[0]: inf"))
        #expect(message { _ = try mdp.stateActionRewards(.transition(Tensor(zeros: [2, 2, 2]).withValue(-.infinity, at: 3))) }
            .contains("transition reward[0, 1, 1]: -inf"))
        #expect(throws: IRLError.missing(argument: "features", reason: "a linear reward Φ·λ needs the MDP's features")) {
            try mdp.stateActionRewards(.linear(weights: Tensor([1])))
        }
        let withFeatures = try mdp.with(features: Tensor(zeros: [2, 3]))
        #expect(message { _ = try withFeatures.stateActionRewards(.linear(weights: Tensor([1, 2]))) }.contains("reward weights: expected shape [3] or [3, B]"))
    }

    @Test func solverArgumentErrors() throws {
        let mdp = try TabularMDP(transitions: p, initialDistribution: rho, horizon: .finite(2))
        #expect(message { _ = try SoftValueIteration<Double>(temperature: 0).solve(mdp, reward: .state(Tensor([0, 0]))) }
            .contains("temperature: 0.0 must be positive and finite"))
        #expect(message { _ = try SoftValueIteration<Double>().solve(mdp, stateActionRewards: Tensor(zeros: [2, 2])) }
            .contains("state-action rewards: expected shape [2, 2, B]"))
        let infinite = try mdp.with(horizon: .infinite, discount: 0.999_999)
        #expect(message { _ = try SoftValueIteration<Double>(maxIterations: 3).solve(infinite, reward: .state(Tensor([0, 1]))) }
            .contains("soft value iteration did not converge in 3 iterations"))
        #expect(message { _ = try SoftPolicyIteration<Double>().solve(mdp, reward: .state(Tensor([0, 1]))) }
            .contains("use SoftValueIteration"))
    }

    @Test func policyErrors() throws {
        let mdp = try TabularMDP(transitions: p, initialDistribution: rho, horizon: .finite(3))
        #expect(message { _ = try Policy<Double>(stationary: try Tensor(shape: [2, 2], scalars: [0.5, 0.6, 1, 0])) }
            .contains("policy[0, 0, ·, 0]: probabilities sum to 1.1"))
        #expect(message { _ = try Policy<Double>(stationary: try Tensor(shape: [2, 2], scalars: [1.5, -0.5, 1, 0])) }
            .contains("policy[0, 0, 1, 0]: probability -0.5 is negative"))
        let twoSteps = try Policy<Double>(timeIndexed: Tensor(repeating: 0.5, shape: [2, 2, 2]))
        #expect(message { _ = try mdp.occupancy(of: twoSteps) }.contains("expected shape [1 or 3, 2, 2, B]"))
        let wrongStates = try Policy<Double>(stationary: Tensor(repeating: 0.5, shape: [3, 2]))
        #expect(throws: IRLError.self) { try mdp.evaluate(wrongStates, reward: .state(Tensor([0, 0]))) }
    }

    /// Probability on a forbidden action (masked, or with reward −∞) is refused: its value would
    /// be −∞ (and NaN through 0·(−∞) in the products with P) — no such result is returned.
    @Test func policyMassOnAForbiddenActionIsRefused() throws {
        let masked = try TabularMDP(
            transitions: p, initialDistribution: rho, horizon: .finite(3), actionMask: [[true, false], [true, true]])
        let uniform = try Policy<Double>(stationary: Tensor(repeating: 0.5, shape: [2, 2]))
        #expect(message { _ = try masked.occupancy(of: uniform) }
            .contains("policy[0, 0, 1, 0]: 0.5 is a probability on action 1 in state 0, which is forbidden by the action mask"))
        #expect(message { _ = try masked.evaluate(uniform, reward: .state(Tensor([0, 1]))) }.contains("forbidden by the action mask"))
        let plain = try TabularMDP(transitions: p, initialDistribution: rho, horizon: .infinite, discount: 0.5)
        let minusInfinity = try Tensor<Double>(shape: [2, 2], scalars: [0, 1, -.infinity, 2])
        #expect(message { _ = try plain.evaluate(uniform, reward: .stateAction(minusInfinity)) }
            .contains("policy[0, 1, 0, 0]: 0.5 is a probability on action 0 in state 1, which is forbidden (its reward is −∞)"))
        // Zero mass on the forbidden action: evaluated, finite.
        let allowed = try Policy<Double>(stationary: Tensor(shape: [2, 2], scalars: [0.5, 0.5, 0, 1]))
        let value = try plain.evaluate(allowed, reward: .stateAction(minusInfinity))
        #expect(value.returns.scalars.allSatisfy { $0.isFinite })
    }
}

extension Tensor {
    func withValue(_ value: Scalar, at flat: Int) -> Tensor {
        var copy = self
        copy[multiIndex(flat)] = value
        return copy
    }
}
