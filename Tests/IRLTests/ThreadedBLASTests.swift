import DenseTensors
import Testing
import _TestSupport
@testable import IRL

/// Dense dynamics run their products on OpenBLAS's threads, so the solvers keep their
/// elementwise kernels on the calling thread; the other operators use the threads they are given.
@Suite("elementwise threads next to a threaded BLAS")
struct ThreadedBLASTests {
    @Test func onlyBLASBackedDynamicsAskForOneElementwiseThread() throws {
        let g = try Gridworld(width: 6, height: 5, actionCount: 5, slip: 0.1)
        let dense: TabularMDP<Double> = try g.mdp(horizon: .finite(8), operator: .dense)
        let sparse: TabularMDP<Double> = try g.mdp(horizon: .finite(8), operator: .sparse)
        let stencil: TabularMDP<Double> = try g.mdp(horizon: .finite(8), operator: .stencil)
        #expect(dense.dynamics.runsOnThreadedBLAS && dense.dynamics.elementwiseThreads(4) == 1)
        #expect(!sparse.dynamics.runsOnThreadedBLAS && sparse.dynamics.elementwiseThreads(4) == 4)
        #expect(!stencil.dynamics.runsOnThreadedBLAS && stencil.dynamics.elementwiseThreads(3) == 3)
        // The plan does not depend on it: dense with any thread setting equals the sparse operator.
        let r = randomRewards(Double.self, states: g.stateCount, actions: g.actionCount, batch: 3, seed: 11)
        let onDense = try SoftValueIteration<Double>(temperature: 0.8, threads: 2).solve(dense, stateActionRewards: r)
        let onSparse = try SoftValueIteration<Double>(temperature: 0.8, threads: 2).solve(sparse, stateActionRewards: r)
        #expect(agree(onDense.values, onSparse.values, 1e-12))
        #expect(agree(onDense.policy.probabilities, onSparse.policy.probabilities, 1e-12))
        let occupancy = try dense.occupancy(of: onDense.policy)
        let reference = try sparse.occupancy(of: onSparse.policy)
        #expect(agree(occupancy.stateActionOccupancy, reference.stateActionOccupancy, 1e-12))
    }
}
