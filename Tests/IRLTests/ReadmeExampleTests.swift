import DenseTensors
import IRL
import Testing

/// The README's usage example, compiled and checked so it cannot rot.
@Test func readmeUsageExample() throws {
    // A 5×5 gridworld, 4 actions, 10% slip, 20 decisions.
    let grid = try Gridworld(width: 5, height: 5, actionCount: 4, slip: 0.1)
    let mdp: TabularMDP<Double> = try grid.denseMDP(horizon: .finite(20), discount: 1,
                                                    features: grid.oneHotFeatures())

    // Two reward functions solved in one batched call (batch axis last): [K, B] weights.
    let weights = Tensor<Double>(shape: [25, 2]) { i in
        let (cell, column) = (i / 2, i % 2)
        return column == 0 ? (cell == 24 ? 1 : 0) : (cell == 0 ? 1 : 0)   // goal bottom-right / top-left
    }
    let plan = try SoftValueIteration<Double>(temperature: 1).solve(mdp, reward: .linear(weights: weights))

    // Forward pass: state-action occupancy and expected features of both soft-optimal policies.
    let occupancy = try mdp.occupancy(of: plan.policy)
    let features = try occupancy.featureExpectations(mdp.features!)        // [K, B]
    let returns = try mdp.evaluate(plan.policy, reward: .linear(weights: weights)).returns

    print("V_0 at the centre:", plan.values[0, 12, 0], plan.values[0, 12, 1])
    print("time at the goal:", features[24, 0], "and", features[0, 1])
    print("J(π, r):", returns.scalars)
    #expect(abs(occupancy.mass[0] - 20) < 1e-9)
    #expect(abs(features[24, 0] - returns[0]) < 1e-9)   // J = Σ μ r with r = 1[goal]
}
