import DenseTensors
import Testing
import _TestSupport
@testable import IRL

/// Structure found, not declared: a dense array handed to `TabularMDP(transitions:)` runs on the
/// operator that ``TransitionStructure`` finds, and every solver gives the dense reference's
/// numbers (to rounding) on it.
@Suite("structure detection of dense transitions")
struct StructureDetectionTests {
    /// A 20×20 slip gridworld with walls and terminals: 400 states, about 1 % nonzeros.
    func grid(actions: Int) throws -> Gridworld {
        try Gridworld(
            width: 20, height: 20, actionCount: actions, slip: 0.2, walls: [(3, 4), (3, 5), (10, 10)],
            terminals: [(19, 19), (0, 7)])
    }

    func tolerance<Scalar: BLASScalar>(_: Scalar.Type) -> Scalar { Scalar(MemoryLayout<Scalar>.size == 8 ? 1e-12 : 2e-5) }

    @Test(arguments: [4, 5])
    func gridworldArrayRunsOnStateBlocks(actions: Int) throws {
        try check(Double.self, actions: actions)
        try check(Float.self, actions: actions)
    }

    func check<Scalar: BLASScalar>(_ type: Scalar.Type, actions: Int) throws {
        let g = try grid(actions: actions)
        let p = g.denseTransitions(Scalar.self)
        let rho = g.uniformStart(Scalar.self)
        let found = try TabularMDP(transitions: p, initialDistribution: rho, horizon: .finite(12), discount: Scalar(0.97))
        let dense = try TabularMDP(
            transitions: p, initialDistribution: rho, horizon: .finite(12), discount: Scalar(0.97), storage: .dense)
        #expect(found.dynamics.kind.hasPrefix("state-blocked"), "found \(found.dynamics.kind)")
        #expect(dense.dynamics.kind == "dense")
        let (s, a) = (g.stateCount, g.actionCount)
        for batch in [1, 3] {
            var r = randomRewards(Scalar.self, states: s, actions: a, batch: batch, seed: UInt64(7 * batch + actions))
            // A masked action in state 5 (every column): probability exactly 0 on both.
            for col in 0..<batch { r[5, 1, col] = -.infinity }
            let solver = SoftValueIteration<Scalar>(temperature: Scalar(0.7), keepsQValues: true, threads: 2)
            let (x, y) = (try solver.solve(found, stateActionRewards: r), try solver.solve(dense, stateActionRewards: r))
            #expect(agree(y.values, x.values, tolerance(type)), "V, B = \(batch)")
            #expect(agree(y.policy.probabilities, x.policy.probabilities, tolerance(type)), "π, B = \(batch)")
            #expect(agree(y.qValues!, x.qValues!, tolerance(type)), "Q, B = \(batch)")
            #expect((0..<12).allSatisfy { t in (0..<batch).allSatisfy { x.policy.probability(time: t, state: 5, action: 1, column: $0) == 0 } })
            let (mx, my) = (try found.occupancy(of: x.policy), try dense.occupancy(of: y.policy))
            #expect(agree(my.stateActionOccupancy, mx.stateActionOccupancy, tolerance(type)), "μ, B = \(batch)")
            #expect(agree(my.stateDistributions, mx.stateDistributions, tolerance(type)), "d_t, B = \(batch)")
            for mode in [SoftValueIteration<Scalar>.ForwardMode.full, .lean] {
                let (ox, oy) = (try solver.occupancy(found, stateActionRewards: r, mode: mode),
                                try solver.occupancy(dense, stateActionRewards: r, mode: mode))
                #expect(agree(oy.stateActionOccupancy, ox.stateActionOccupancy, tolerance(type)), "\(mode) μ, B = \(batch)")
                #expect(agree(oy.initialValues, ox.initialValues, tolerance(type)), "\(mode) V_0, B = \(batch)")
            }
        }
    }

    /// A dense random model, or a small one, keeps the dense array; `.sparse` forces the extraction.
    @Test func denseOrSmallArraysStayDense() throws {
        let big = RandomProblem(states: 260, actions: 2, seed: 3, sparse: true)
        let small = RandomProblem(states: 6, actions: 3, seed: 4)
        for pr in [big, small] {
            let mdp = try pr.mdp(horizon: .finite(3), discount: 0.9)
            #expect(mdp.dynamics.kind == "dense", "S = \(pr.s): \(mdp.dynamics.kind)")
        }
        let forced = try DenseTransitionOperator.structured(small.transitions, storage: .sparse)
        #expect(forced.kind != "dense")
        let v = Tensor<Double>(shape: [small.s, 2]) { Double($0 % 5) - 1.5 }
        let reference = try DenseTransitionOperator(transitions: small.transitions)
        #expect(agree(try reference.pull(v), try forced.pull(v), 1e-12))
    }

    /// The one dense-row validator names the entry, whichever storage is asked for.
    @Test func everyStorageValidatesTheSameWay() {
        var p = RandomProblem(states: 5, actions: 2, seed: 9).transitions
        p[3, 1, 2] = -0.25
        for storage in TransitionStorage.allCases {
            do {
                _ = try DenseTransitionOperator.structured(p, storage: storage)
                Issue.record("accepted a negative probability with \(storage)")
            } catch {
                #expect(error.description.contains("transitions[3, 1, 2]: probability -0.25 is negative"), "\(error)")
            }
        }
    }

    /// Every Swift door of a small gridworld — the dense tensor, the sparse operator, the stencil —
    /// keeps per-state blocks for the single-column fused steps, and their full passes (values,
    /// policy, occupancy) equal the dense array's; a large grid keeps only its own kernels.
    @Test func smallGridworldsRunTheFusedStepsFromEveryDoor() throws {
        let g = try grid(actions: 5)
        let rho = g.uniformStart(Double.self)
        let dense = try TabularMDP(
            transitions: g.denseTransitions(Double.self), initialDistribution: rho, horizon: .finite(30), discount: 0.99,
            storage: .dense)
        let sparse: SparseTransitionOperator<Double> = try g.sparseOperator(threads: 2)
        let stencil = GridworldStencilOperator<Double>(g, threads: 2)
        #expect(sparse.fusedBlocks != nil && stencil.fusedBlocks != nil)
        #expect(GridworldStencilOperator<Double>(try Gridworld(width: 300, height: 300, actionCount: 5), threads: 2).fusedBlocks == nil)
        var r = randomRewards(Double.self, states: g.stateCount, actions: 5, batch: 1, seed: 77)
        r[7, 2, 0] = -.infinity
        let solver = SoftValueIteration<Double>(temperature: 0.9, threads: 2)
        let reference = try solver.solve(dense, stateActionRewards: r)
        let referenceOccupancy = try dense.occupancy(of: reference.policy)
        for op in [sparse as any TransitionOperator<Double>, stencil] {
            let mdp = try TabularMDP(dynamics: op, initialDistribution: rho, horizon: .finite(30), discount: 0.99)
            let plan = try solver.solve(mdp, stateActionRewards: r)
            #expect(agree(reference.values, plan.values, 1e-12), "\(op.kind) V")
            #expect(agree(reference.policy.probabilities, plan.policy.probabilities, 1e-12), "\(op.kind) π")
            #expect(agree(referenceOccupancy.stateActionOccupancy, try mdp.occupancy(of: plan.policy).stateActionOccupancy, 1e-12),
                    "\(op.kind) μ")
        }
    }
}
