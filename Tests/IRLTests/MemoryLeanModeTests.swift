import DenseTensors
import Foundation
import Testing
import _TestSupport
@testable import IRL

@Suite("lean forward mode and memory budget")
struct MemoryLeanModeTests {
    @Test(arguments: Array(UInt64(1)...8))
    func leanEqualsFullOnEveryOperator(seed: UInt64) throws {
        let g = randomGridworld(seed: seed)
        for (discount, batch, alpha) in [(1.0, 1, 1.0), (0.9, 3, 0.6)] {
            let mdps = try threeMDPs(g, Double.self, horizon: .finite(9), discount: discount)
            let r = randomRewards(Double.self, states: g.stateCount, actions: g.actionCount, batch: batch, seed: seed &+ 1)
            let vi = SoftValueIteration<Double>(temperature: alpha)
            // The reference: the plan's policy through the ordinary forward pass.
            let plan = try vi.solve(mdps[0], stateActionRewards: r)
            let reference = try mdps[0].occupancy(of: plan.policy)
            let h = 9
            for mdp in mdps {
                for mode in [SoftValueIteration<Double>.ForwardMode.full, .lean] {
                    let result = try vi.occupancy(mdp, stateActionRewards: r, mode: mode)
                    #expect(result.mode == mode)
                    let kind = "\(mdp.dynamics.kind) \(mode) seed \(seed)"
                    #expect(agree(reference.stateActionOccupancy, result.stateActionOccupancy, 1e-12), "μ \(kind)")
                    #expect(agree(reference.stateDistributions.slice(h), result.finalDistribution, 1e-12), "d_H \(kind)")
                    #expect(agree(plan.initialValues, result.initialValues, 1e-12), "V_0 \(kind)")
                    #expect(agree(plan.startValue(mdps[0]), result.startValues, 1e-12), "start value \(kind)")
                    // d̄ = Σ_t γᵗ d_t, straight from the stored distributions.
                    let dbar = Tensor<Double>(shape: [g.stateCount, batch]) { i in
                        (0..<h).reduce(0.0) { $0 + pow(discount, Double($1)) * reference.stateDistributions.scalars[$1 * g.stateCount * batch + i] }
                    }
                    #expect(agree(dbar, result.stateOccupancy, 1e-12), "d̄ \(kind)")
                }
            }
        }
    }

    /// Grids wide enough for the vectorised interior lanes (4 cells, or 4 batch columns plus a tail).
    @Test(arguments: [(UInt64(1), 1), (2, 3), (3, 5), (4, 8), (5, 1)])
    func fusedStencilPassMatchesTheSparseFullPass(seed: UInt64, batch: Int) throws {
        var rng = SplitMix64(seed: seed)
        let (width, height) = (Int.random(in: 9...23, using: &rng), Int.random(in: 5...14, using: &rng))
        let walls = (0..<3).map { _ in (row: Int.random(in: 0..<height, using: &rng), column: Int.random(in: 1..<width, using: &rng)) }
        let g = try Gridworld(width: width, height: height, actionCount: seed % 2 == 0 ? 4 : 5, slip: 0.15,
                              walls: walls, terminals: [(height / 2, width / 2)])
        let h = 12
        let sparse: TabularMDP<Double> = try g.mdp(horizon: .finite(h), discount: 0.97, operator: .sparse)
        let stencil: TabularMDP<Double> = try g.mdp(horizon: .finite(h), discount: 0.97, operator: .stencil)
        var r = randomRewards(Double.self, states: g.stateCount, actions: g.actionCount, batch: batch, seed: seed)
        r[0, 0, 0] = -.infinity   // a forbidden action gets probability 0 in both
        for alpha in [1.0, 0.3] {
            let vi = SoftValueIteration<Double>(temperature: alpha)
            let full = try vi.occupancy(sparse, stateActionRewards: r, mode: .full)
            let lean = try vi.occupancy(stencil, stateActionRewards: r, mode: .lean)
            #expect(agree(full.initialValues, lean.initialValues, 1e-12), "V_0 seed \(seed) B \(batch)")
            #expect(agree(full.stateActionOccupancy, lean.stateActionOccupancy, 1e-12), "μ seed \(seed) B \(batch)")
            #expect(agree(full.finalDistribution, lean.finalDistribution, 1e-12), "d_H seed \(seed) B \(batch)")
            #expect(lean.stateActionOccupancy[0, 0, 0] == 0)
            // Float through the same kernels, to Float precision.
            let stencilF: TabularMDP<Float> = try g.mdp(horizon: .finite(h), discount: 0.97, operator: .stencil)
            let leanF = try SoftValueIteration<Float>(temperature: Float(alpha)).occupancy(stencilF, stateActionRewards: r.converted(to: Float.self))
            #expect(agree(full.stateActionOccupancy.converted(to: Float.self), leanF.stateActionOccupancy, 1e-4))
            #expect(agree(full.initialValues.converted(to: Float.self), leanF.initialValues, 1e-4))
        }
        // Thread-count independence of the fused passes.
        let results = try [1, 2, 3].map { threads in
            let mdp: TabularMDP<Double> = try g.mdp(horizon: .finite(h), discount: 0.97, operator: .stencil, threads: threads)
            return try SoftValueIteration<Double>().occupancy(mdp, stateActionRewards: r, mode: .lean)
        }
        for other in results.dropFirst() {
            #expect(results[0].stateActionOccupancy.maxAbsDifference(other.stateActionOccupancy) <= 1e-12)
            #expect(results[0].initialValues.maxAbsDifference(other.initialValues) <= 1e-12)
        }
    }

    @Test func fusedPassReportsAStateWithNoValidAction() throws {
        let g = try Gridworld(width: 12, height: 6, actionCount: 4)
        let mdp: TabularMDP<Double> = try g.mdp(horizon: .finite(3), operator: .stencil)
        var r = Tensor<Double>(zeros: [72, 4, 1])
        for a in 0..<4 { r[30, a, 0] = -.infinity }
        #expect(throws: IRLError.noValidAction(state: 30, column: 0, time: 2)) {
            try SoftValueIteration<Double>().occupancy(mdp, stateActionRewards: r, mode: .lean)
        }
    }

    @Test func terminalValuesAndFeatureExpectationsInLeanMode() throws {
        let g = try Gridworld(width: 5, height: 4, actionCount: 5, slip: 0.2, walls: [(1, 1)], terminals: [(3, 4)])
        let features = g.coordinateFeatures(Double.self)
        let terminal = Tensor<Double>(shape: [g.stateCount]) { Double($0 % 3) - 1 }
        for kind in Gridworld.OperatorKind.allCases {
            let base: TabularMDP<Double> = try g.mdp(horizon: .finite(6), discount: 0.95, operator: kind, features: features)
            let mdp = try TabularMDP(dynamics: base.dynamics, initialDistribution: base.initialDistribution, horizon: .finite(6),
                                     discount: 0.95, terminalValues: terminal, features: features)
            let r = try mdp.stateActionRewards(.linear(weights: Tensor([0.5, -1.0])))
            let full = try SoftValueIteration<Double>().occupancy(mdp, stateActionRewards: r, mode: .full)
            let lean = try SoftValueIteration<Double>().occupancy(mdp, stateActionRewards: r, mode: .lean)
            #expect(agree(full.initialValues, lean.initialValues, 1e-12), "\(kind)")
            #expect(agree(full.stateActionOccupancy, lean.stateActionOccupancy, 1e-12), "\(kind)")
            let phi = try #require(mdp.features)
            #expect(agree(try full.featureExpectations(phi), try lean.featureExpectations(phi), 1e-12), "\(kind)")
            // Mass is exact: Σ_{t<H} γᵗ.
            #expect(abs(lean.stateOccupancy.scalars.reduce(0, +) - mdp.occupancyMass) < 1e-12)
        }
    }

    @Test func floatLeanPathAgreesWithDouble() throws {
        let g = randomGridworld(seed: 21)
        for kind in [Gridworld.OperatorKind.sparse, .stencil] {
            let md: TabularMDP<Double> = try g.mdp(horizon: .finite(8), discount: 0.9, operator: kind)
            let mf: TabularMDP<Float> = try g.mdp(horizon: .finite(8), discount: 0.9, operator: kind)
            let rd = randomRewards(Double.self, states: g.stateCount, actions: g.actionCount, batch: 2, seed: 5)
            let rf = rd.converted(to: Float.self)
            let d = try SoftValueIteration<Double>().occupancy(md, stateActionRewards: rd, mode: .lean)
            let f = try SoftValueIteration<Float>().occupancy(mf, stateActionRewards: rf, mode: .lean)
            #expect(agree(d.stateActionOccupancy.converted(to: Float.self), f.stateActionOccupancy, 1e-4))
            #expect(agree(d.initialValues.converted(to: Float.self), f.initialValues, 1e-4))
        }
    }

    @Test func requiredBytesFollowTheFormulas() throws {
        let g = try Gridworld(width: 8, height: 8, actionCount: 5)
        let mdp: TabularMDP<Double> = try g.mdp(horizon: .finite(10), operator: .sparse)
        let vi = SoftValueIteration<Double>()
        let (s, a, b, h) = (64, 5, 3, 10)
        #expect(vi.requiredBytes(mdp, batch: b, mode: .full) == 8 * (2 * (h + 1) * s * b + h * s * a * b + 4 * s * a * b))
        #expect(vi.requiredBytes(mdp, batch: b, mode: .lean) == 8 * ((h + 1) * s * b + 3 * s * a * b + 6 * s * b))
        #expect(vi.requiredBytes(mdp, batch: b, mode: .lean) < vi.requiredBytes(mdp, batch: b, mode: .full))
        // The reported figure is the one the pass allocates for.
        let r = randomRewards(Double.self, states: s, actions: a, batch: b, seed: 1)
        let result = try vi.occupancy(mdp, stateActionRewards: r, mode: .lean)
        #expect(result.allocatedBytes == vi.requiredBytes(mdp, batch: b, mode: .lean))
    }

    @Test func automaticModeFallsBackToLeanThenRefuses() throws {
        let g = try Gridworld(width: 8, height: 8, actionCount: 4, slip: 0.1)
        // The dense operator has no fused lean kernel, so automatic mode prefers full when it fits.
        let mdp: TabularMDP<Double> = try g.mdp(horizon: .finite(50), operator: .dense)
        let vi = SoftValueIteration<Double>()
        let r = randomRewards(Double.self, states: 64, actions: 4, batch: 2, seed: 2)
        let (full, lean) = (vi.requiredBytes(mdp, batch: 2, mode: .full), vi.requiredBytes(mdp, batch: 2, mode: .lean))
        #expect(try vi.occupancy(mdp, stateActionRewards: r, budget: MemoryBudget(bytes: full)).mode == .full)
        #expect(try vi.occupancy(mdp, stateActionRewards: r, budget: MemoryBudget(bytes: full - 1)).mode == .lean)
        #expect(throws: IRLError.self) { try vi.occupancy(mdp, stateActionRewards: r, mode: .full, budget: MemoryBudget(bytes: full - 1)) }
        #expect {
            _ = try vi.occupancy(mdp, stateActionRewards: r, budget: MemoryBudget(bytes: lean - 1))
        } throws: { error in
            guard case let .exceedsMemoryBudget(what, bytes, budget, _) = error as? IRLError else { return false }
            return bytes == lean && budget == lean - 1 && what.contains("lean")
        }
        // The stencil and the sparse operator have fused lean kernels: automatic mode picks them
        // even when full mode fits.
        let stencil: TabularMDP<Double> = try g.mdp(horizon: .finite(50), operator: .stencil)
        #expect(try vi.occupancy(stencil, stateActionRewards: r).mode == .lean)
        let sparse: TabularMDP<Double> = try g.mdp(horizon: .finite(50), operator: .sparse)
        #expect(try vi.occupancy(sparse, stateActionRewards: r, budget: MemoryBudget(bytes: full)).mode == .lean)
    }

    @Test func aMillionStateProblemOverBudgetIsAnErrorNotAnAllocation() throws {
        let g = try Gridworld(width: 1024, height: 1024, actionCount: 5, slip: 0.1)
        let mdp: TabularMDP<Float> = try g.mdp(horizon: .finite(100_000), operator: .stencil)
        let r = Tensor<Float>(zeros: [1, 1, 1])
        // Shape errors come first; then the budget: 100 001 · 2²⁰ · 4 bytes of values is 400 GB.
        #expect(throws: IRLError.self) { try SoftValueIteration<Float>().occupancy(mdp, stateActionRewards: r) }
        let vi = SoftValueIteration<Float>()
        #expect(vi.requiredBytes(mdp, batch: 1, mode: .lean) > 400_000_000_000)
        #expect(throws: IRLError.exceedsMemoryBudget(
            what: "soft value iteration + occupancy (lean mode, S = 1048576, A = 5, B = 1, H = 100000)",
            bytes: vi.requiredBytes(mdp, batch: 1, mode: .lean), budget: 1 << 30,
            suggestion: "reduce the horizon or the batch, use Float, or raise the budget")) {
            try vi.chooseMode(mdp, batch: 1, mode: .automatic, budget: .gibibytes(1))
        }
    }

    @Test func infiniteHorizonRunsFullAndMatchesTheOccupancy() throws {
        let g = randomGridworld(seed: 4, maxSide: 4)
        let mdp: TabularMDP<Double> = try g.mdp(horizon: .infinite, discount: 0.7, operator: .stencil)
        let r = randomRewards(Double.self, states: g.stateCount, actions: g.actionCount, batch: 1, seed: 9)
        let vi = SoftValueIteration<Double>(tolerance: 1e-13)
        let result = try vi.occupancy(mdp, stateActionRewards: r)
        let reference = try mdp.occupancy(of: try vi.solve(mdp, stateActionRewards: r).policy)
        #expect(result.mode == .full)
        #expect(agree(reference.stateActionOccupancy, result.stateActionOccupancy, 1e-12))
    }
}
