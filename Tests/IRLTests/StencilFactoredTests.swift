import DenseTensors
import Foundation
import Testing
import _TestSupport

@testable import IRL

/// The factored stencil pass (shared exponentials) against the per-action stencil kernels and the
/// sparse full pass, on adversarial rewards, temperatures, discounts, slips and batch sizes.
@Suite("factored stencil pass")
struct StencilFactoredTests {
    struct Pass<Scalar: BLASScalar> {
        let initialValues: Tensor<Scalar>
        let occupancy: Tensor<Scalar>
        let final: Tensor<Scalar>
    }

    /// The per-action fused kernels: `A` exponentials per cell and step.
    func perAction<Scalar: FastExpScalar>(_ mdp: TabularMDP<Scalar>, _ r: Tensor<Scalar>, alpha: Scalar) throws -> Pass<Scalar> {
        let op = try #require(mdp.dynamics as? GridworldStencilOperator<Scalar>)
        var values = Tensor<Scalar>(zeros: [(mdp.horizon.steps ?? 0) + 1, mdp.stateCount, r.shape[2]])
        try op.perActionBackward(mdp, r, temperature: alpha, values: &values)
        let (mu, d) = try op.perActionForward(mdp, r, temperature: alpha, values: values)
        return Pass(initialValues: values.slice(0), occupancy: mu, final: d)
    }

    /// The factored pass and the steps it ran factored.
    func factored<Scalar: FastExpScalar>(_ mdp: TabularMDP<Scalar>, _ r: Tensor<Scalar>, alpha: Scalar) throws -> (Pass<Scalar>, Int) {
        let op = try #require(mdp.dynamics as? GridworldStencilOperator<Scalar>)
        var values = Tensor<Scalar>(zeros: [(mdp.horizon.steps ?? 0) + 1, mdp.stateCount, r.shape[2]])
        let (mu, d, steps) = try op.factoredOccupancy(mdp, r, temperature: alpha, values: &values)
        return (Pass(initialValues: values.slice(0), occupancy: mu, final: d), steps.filter { $0 }.count)
    }

    /// A grid wide enough for the four-cell lanes, with walls, a terminal and a second terminal on the border.
    func grid(seed: UInt64, actions: Int, slip: Double) throws -> Gridworld {
        var rng = SplitMix64(seed: seed)
        let (width, height) = (Int.random(in: 10...15, using: &rng), Int.random(in: 5...8, using: &rng))
        let walls = (0..<3).map { _ in (row: Int.random(in: 0..<height, using: &rng), column: Int.random(in: 1..<width, using: &rng)) }
        return try Gridworld(
            width: width, height: height, actionCount: actions, slip: slip, walls: walls,
            terminals: [(height / 2, width / 2), (0, width - 1)])
    }

    /// Rewards `scale·u` with `u` uniform in [−1, 1], a few `−∞` (never a whole cell).
    func rewards<Scalar: BLASScalar>(_: Scalar.Type, _ g: Gridworld, batch: Int, scale: Double, seed: UInt64) -> Tensor<Scalar> {
        let r = randomRewards(Double.self, states: g.stateCount, actions: g.actionCount, batch: batch, seed: seed)
        var t = Tensor<Double>(shape: r.shape) { scale * r.scalars[$0] }
        for (s, a) in [(0, 0), (g.stateCount / 3, 1), (g.stateCount - 2, 3)] { for col in 0..<batch { t[s, a, col] = -.infinity } }
        return t.converted(to: Scalar.self)
    }

    func check<Scalar: FastExpScalar>(
        _: Scalar.Type, seed: UInt64, actions: Int, slip: Double, discount: Double, alpha: Double, scale: Double, batch: Int,
        tolerance: Scalar
    ) throws -> Int {
        let g = try grid(seed: seed, actions: actions, slip: slip)
        let h = 5
        let mdp: TabularMDP<Scalar> = try g.mdp(horizon: .finite(h), discount: Scalar(discount), operator: .stencil)
        let r = rewards(Scalar.self, g, batch: batch, scale: scale, seed: seed &+ 17)
        let reference = try perAction(mdp, r, alpha: Scalar(alpha))
        let (result, steps) = try factored(mdp, r, alpha: Scalar(alpha))
        let label = "\(Scalar.self) seed \(seed) A \(actions) ε \(slip) γ \(discount) α \(alpha) scale \(scale) B \(batch)"
        #expect(result.initialValues.firstNonFinite() == nil, "finite V_0 \(label)")
        #expect(agree(reference.initialValues, result.initialValues, tolerance), "V_0 \(label)")
        #expect(agree(reference.occupancy, result.occupancy, tolerance), "μ \(label)")
        #expect(agree(reference.final, result.final, tolerance), "d_H \(label)")
        // Forbidden actions get exactly 0; the mass is Σ_t γᵗ (Σ_a π = 1 at every step).
        for col in 0..<batch { #expect(result.occupancy[0, 0, col] == 0, "μ of a −∞ action \(label)") }
        let mass = (0..<h).reduce(0.0) { $0 + pow(discount, Double($1)) }
        let total = result.occupancy.scalars.reduce(0.0) { $0 + Double($1) } / Double(batch)
        #expect(abs(total - mass) <= Double(tolerance) * Double(h), "mass \(label)")
        return steps
    }

    @Test(arguments: [1, 3, 8])
    func doubleAgreesWithThePerActionKernels(batch: Int) throws {
        var factoredSteps = 0
        for (seed, actions, slip) in [(UInt64(1), 5, 0.0), (2, 4, 0.1), (3, 5, 0.1), (4, 5, 1.0)] {
            for (discount, alpha) in [(1.0, 1.0), (0.0, 1.0), (0.9, 1e-3), (0.97, 1e3)] {
                for scale in [1.0, 1e3, 1e300] {
                    factoredSteps += try check(
                        Double.self, seed: seed, actions: actions, slip: slip, discount: discount, alpha: alpha,
                        scale: scale, batch: batch, tolerance: 1e-12)
                }
            }
        }
        // The ordinary cases (moderate rewards and temperatures) must take the factored path.
        #expect(factoredSteps >= 4 * 2 * 5)
    }

    @Test(arguments: [1, 3, 8])
    func floatAgreesWithThePerActionKernels(batch: Int) throws {
        var factoredSteps = 0
        for (seed, actions, slip) in [(UInt64(5), 5, 0.0), (6, 4, 0.1), (7, 5, 1.0)] {
            for (discount, alpha) in [(1.0, 1.0), (0.0, 1.0), (0.9, 1e-2), (0.97, 1e3)] {
                for scale in [1.0, 1e3, 1e30] {
                    factoredSteps += try check(
                        Float.self, seed: seed, actions: actions, slip: slip, discount: discount, alpha: alpha,
                        scale: scale, batch: batch, tolerance: 2e-5)
                }
            }
        }
        #expect(factoredSteps >= 3 * 2 * 5)
    }

    /// A value range too wide for one shared shift: every step falls back, and the result still agrees.
    @Test func wideValueRangesFallBackToThePerActionKernels() throws {
        let g = try grid(seed: 9, actions: 5, slip: 0.1)
        let mdp: TabularMDP<Double> = try g.mdp(horizon: .finite(6), discount: 1, operator: .stencil)
        let r = rewards(Double.self, g, batch: 2, scale: 1e4, seed: 3)
        let (result, steps) = try factored(mdp, r, alpha: 1)
        let reference = try perAction(mdp, r, alpha: 1)
        #expect(steps < 6)
        #expect(agree(reference.initialValues, result.initialValues, 1e-12))
        #expect(agree(reference.occupancy, result.occupancy, 1e-12))
        #expect(agree(reference.final, result.final, 1e-12))
    }

    /// Time blocking: the forward pass runs up to `stepsPerSweep` factored steps per sweep, each
    /// chunk leaving its boundary rows of the later steps to a second phase. Every group length
    /// (horizons 2…9), chunk count and chunk size (down to the `2·m` rows a group needs) must agree
    /// with the per-action kernels and give the same bits for every thread count.
    @Test(arguments: [2, 3, 4, 5, 9])
    func severalStepsPerSweepAgreeForEveryThreadCount(horizon: Int) throws {
        #expect(FactoredStencilKernel<Double>.stepsPerSweep >= 2)
        // Width 128, B = 1: one or two chunks of ≥ 12 rows; width 32, B = 8: up to five chunks of 6–7 rows.
        for (width, batch, height) in [(128, 1, 7), (128, 1, 16), (128, 1, 33), (32, 8, 33), (32, 8, 13)] {
            let g = try Gridworld(width: width, height: height, actionCount: 5, slip: 0.2, walls: [(height / 2, 7)], terminals: [(1, 9)])
            let r = rewards(Double.self, g, batch: batch, scale: 1, seed: UInt64(horizon * 100 + height))
            var results: [Pass<Double>] = []
            for threads in [1, 2, 3, 5] {
                let mdp: TabularMDP<Double> = try g.mdp(horizon: .finite(horizon), discount: 0.9, operator: .stencil, threads: threads)
                let (pass, steps) = try factored(mdp, r, alpha: 0.8)
                #expect(steps == horizon)
                results.append(pass)
            }
            for other in results.dropFirst() {
                #expect(results[0].occupancy.maxAbsDifference(other.occupancy) == 0, "μ H \(horizon) \(width)×\(height) B \(batch)")
                #expect(results[0].final.maxAbsDifference(other.final) == 0, "d_H H \(horizon) \(width)×\(height) B \(batch)")
            }
            let mdp: TabularMDP<Double> = try g.mdp(horizon: .finite(horizon), discount: 0.9, operator: .stencil, threads: 1)
            let reference = try perAction(mdp, r, alpha: 0.8)
            #expect(agree(reference.occupancy, results[0].occupancy, 1e-12), "μ H \(horizon) \(width)×\(height) B \(batch)")
            #expect(agree(reference.final, results[0].final, 1e-12), "d_H H \(horizon) \(width)×\(height) B \(batch)")
        }
    }

    /// Several row chunks: the per-thread rings recompute the rows next to a chunk boundary.
    @Test(arguments: [1, 4])
    func resultsDoNotDependOnTheThreadCount(batch: Int) throws {
        let g = try Gridworld(width: 128 / batch, height: 40, actionCount: 5, slip: 0.1, walls: [(19, 7), (20, 7)], terminals: [(21, 9)])
        let r = rewards(Double.self, g, batch: batch, scale: 1, seed: 5)
        var results: [Pass<Double>] = []
        for threads in [1, 2, 3] {
            let mdp: TabularMDP<Double> = try g.mdp(horizon: .finite(5), discount: 0.95, operator: .stencil, threads: threads)
            let (pass, steps) = try factored(mdp, r, alpha: 0.7)
            #expect(steps == 5)
            results.append(pass)
        }
        for other in results.dropFirst() {
            #expect(results[0].initialValues.maxAbsDifference(other.initialValues) == 0)
            #expect(results[0].occupancy.maxAbsDifference(other.occupancy) == 0)
            #expect(results[0].final.maxAbsDifference(other.final) == 0)
        }
        let mdp: TabularMDP<Double> = try g.mdp(horizon: .finite(5), discount: 0.95, operator: .stencil, threads: 2)
        let reference = try perAction(mdp, r, alpha: 0.7)
        #expect(agree(reference.occupancy, results[0].occupancy, 1e-12))
        #expect(agree(reference.initialValues, results[0].initialValues, 1e-12))
    }

    /// A grid whose interior walls cut the rows into regular runs of every length from 1 to 6
    /// (the C kernels' vector body and scalar tail), with a terminal, `W·H ≥ 4096` cells when
    /// `large` (padded action planes).
    func runGrid(large: Bool) throws -> Gridworld {
        let (width, height) = large ? (73, 57) : (31, 9)
        var walls: [(row: Int, column: Int)] = []
        for row in stride(from: 2, to: height - 2, by: 3) {
            var column = 2
            for gap in 1...6 where column + gap + 2 < width {
                column += gap + 2  // regular run of `gap` cells between the walls' irregular neighbours
                walls.append((row, column))
            }
        }
        return try Gridworld(width: width, height: height, actionCount: 5, slip: 0.1, walls: walls, terminals: [(height - 3, 4)])
    }

    /// The AVX2 + FMA and the portable run kernels agree with each other and with the per-action kernels.
    func checkInstructionSets<Scalar: FastExpScalar>(_: Scalar.Type, batch: Int, large: Bool, tolerance: Scalar) throws {
        let g = try runGrid(large: large)
        let mdp: TabularMDP<Scalar> = try g.mdp(horizon: .finite(4), discount: 0.95, operator: .stencil, threads: 1)
        let r = rewards(Scalar.self, g, batch: batch, scale: 2, seed: 11)
        let reference = try perAction(mdp, r, alpha: 0.8)
        let available: [FastExp.InstructionSet] =
            FastExp._withInstructionSet(.avx2FMA) { () }.1 ? [.portable, .avx2FMA] : [.portable]
        var passes: [Pass<Scalar>] = []
        for set in available {
            let ((pass, steps), _) = try FastExp._withInstructionSet(set) { try factored(mdp, r, alpha: 0.8) }
            let label = "\(Scalar.self) \(set) B \(batch) \(g.width)×\(g.height)"
            #expect(steps == 4, "factored steps \(label)")
            #expect(agree(reference.initialValues, pass.initialValues, tolerance), "V_0 \(label)")
            #expect(agree(reference.occupancy, pass.occupancy, tolerance), "μ \(label)")
            #expect(agree(reference.final, pass.final, tolerance), "d_H \(label)")
            passes.append(pass)
        }
        for other in passes.dropFirst() {
            #expect(agree(passes[0].initialValues, other.initialValues, tolerance))
            #expect(agree(passes[0].occupancy, other.occupancy, tolerance))
            #expect(agree(passes[0].final, other.final, tolerance))
        }
    }

    @Test(arguments: [1, 3, 8])
    func instructionSetsAgreeOnRunsOfEveryLength(batch: Int) throws {
        try checkInstructionSets(Double.self, batch: batch, large: false, tolerance: 1e-12)
        try checkInstructionSets(Float.self, batch: batch, large: false, tolerance: 2e-5)
    }

    @Test func instructionSetsAgreeWithPaddedActionPlanes() throws {
        try checkInstructionSets(Double.self, batch: 1, large: true, tolerance: 1e-12)
        try checkInstructionSets(Float.self, batch: 2, large: true, tolerance: 2e-5)
    }

    @Test func aCellWithNoValidActionIsStillAnError() throws {
        let g = try Gridworld(width: 12, height: 6, actionCount: 5, slip: 0.1)
        let mdp: TabularMDP<Double> = try g.mdp(horizon: .finite(3), operator: .stencil)
        var r = Tensor<Double>(zeros: [72, 5, 1])
        for a in 0..<5 { r[30, a, 0] = -.infinity }
        #expect(throws: IRLError.noValidAction(state: 30, column: 0, time: 2)) {
            _ = try factored(mdp, r, alpha: 1)
        }
    }
}
