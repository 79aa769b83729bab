import DenseTensors
import Testing
import _TestSupport
@testable import IRL

/// The lean pass takes its `(H+1)·S·B` values from ``ScratchArrays``: a kept array holds the
/// previous pass's numbers (here: other rewards and terminal values), which must never leak into
/// the next pass — in particular row `H`, which a pass without terminal values must see as zeros.
@Suite("scratch reuse by the lean pass")
struct ScratchReuseTests {
    @Test(arguments: [Gridworld.OperatorKind.stencil, .sparse, .dense])
    func aPassAfterAnotherEqualsTheFullReference(kind: Gridworld.OperatorKind) throws {
        // 20×20 cells, H = 400, B = 1: 1.28 MB of values, above the cache's 1 MiB floor.
        let g = try Gridworld(width: 20, height: 20, actionCount: 5, slip: 0.1, walls: [(3, 4)], terminals: [(10, 10)])
        let h = 400
        let mdp: TabularMDP<Double> = try g.mdp(horizon: .finite(h), discount: 0.99, operator: kind)
        let terminal = Tensor<Double>(shape: [g.stateCount]) { Double($0 % 7) * 3 }
        let polluting = try TabularMDP<Double>(dynamics: mdp.dynamics, initialDistribution: mdp.initialDistribution,
                                               horizon: .finite(h), discount: 0.99, terminalValues: terminal)
        let vi = SoftValueIteration<Double>(temperature: 0.7)
        let other = randomRewards(Double.self, states: g.stateCount, actions: g.actionCount, batch: 1, seed: 99)
        let r = randomRewards(Double.self, states: g.stateCount, actions: g.actionCount, batch: 1, seed: 5)
        let reference = try vi.occupancy(mdp, stateActionRewards: r, mode: .full)
        for _ in 0..<2 {
            _ = try vi.occupancy(polluting, stateActionRewards: other, mode: .lean)
            let lean = try vi.occupancy(mdp, stateActionRewards: r, mode: .lean)
            #expect(agree(reference.initialValues, lean.initialValues, 1e-12), "V_0 \(kind)")
            #expect(agree(reference.stateActionOccupancy, lean.stateActionOccupancy, 1e-12), "μ \(kind)")
            #expect(agree(reference.finalDistribution, lean.finalDistribution, 1e-12), "d_H \(kind)")
        }
        // And the polluting pass itself sees its terminal values, after a pass without them.
        let withTerminal = try vi.occupancy(polluting, stateActionRewards: other, mode: .lean)
        let fullTerminal = try vi.occupancy(polluting, stateActionRewards: other, mode: .full)
        #expect(agree(fullTerminal.initialValues, withTerminal.initialValues, 1e-12), "V_0 with terminal values \(kind)")
    }

    /// The solvers' outputs are recycled tensors: a second solve writes into the storage the first
    /// one's dropped results gave back. An array the caller took out of those results keeps its
    /// numbers, and the second results equal a solve on its own.
    @Test(arguments: [Gridworld.OperatorKind.dense, .sparse, .stencil])
    func outputsReusedAfterTheCallerDropsThemLeaveNothingBehind(kind: Gridworld.OperatorKind) throws {
        let g = try Gridworld(width: 12, height: 12, actionCount: 5, slip: 0.1, walls: [(3, 4)], terminals: [(6, 6)])
        let h = 200  // π is H·S·A·B = 144,000 Doubles: above the 1 MiB floor
        let mdp: TabularMDP<Double> = try g.mdp(horizon: .finite(h), discount: 1, operator: kind)
        let vi = SoftValueIteration<Double>(temperature: 0.8)
        let r1 = randomRewards(Double.self, states: g.stateCount, actions: g.actionCount, batch: 1, seed: 11)
        let r2 = randomRewards(Double.self, states: g.stateCount, actions: g.actionCount, batch: 1, seed: 12)
        func pass(_ r: Tensor<Double>) throws -> (Plan<Double>, OccupancyMeasure<Double>) {
            let plan = try vi.solve(mdp, stateActionRewards: r)
            return (plan, try mdp.occupancy(of: plan.policy))
        }
        let (alone2, aloneOccupancy2) = try pass(r2)
        var first: (Plan<Double>, OccupancyMeasure<Double>)? = try pass(r1)
        let policy1 = first!.0.policy.probabilities.scalars, values1 = first!.0.values.scalars
        let mu1 = first!.1.stateActionOccupancy.scalars
        first = nil
        for _ in 0..<2 {
            let (plan2, occupancy2) = try pass(r2)
            #expect(plan2.policy.probabilities == alone2.policy.probabilities, "π \(kind)")
            #expect(plan2.values == alone2.values, "V \(kind)")
            #expect(occupancy2.stateActionOccupancy == aloneOccupancy2.stateActionOccupancy, "μ \(kind)")
        }
        let again1 = try pass(r1)
        #expect(again1.0.policy.probabilities.scalars == policy1, "π taken out \(kind)")
        #expect(again1.0.values.scalars == values1, "V taken out \(kind)")
        #expect(again1.1.stateActionOccupancy.scalars == mu1, "μ taken out \(kind)")
        #expect(policy1 != alone2.policy.probabilities.scalars)  // the two rewards really differ
    }
}
