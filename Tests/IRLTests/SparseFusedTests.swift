import DenseTensors
import Foundation
import Testing
import _TestSupport

@testable import IRL

/// The sparse operator's fused lean pass (per-state patterns) against the generic lean and full
/// passes on the dense operator, the stencil's fused pass, other thread counts, extreme rewards,
/// and models without compact patterns.
@Suite("fused sparse pass")
struct SparseFusedTests {
    /// One configuration of a random gridworld MDP on the three operators.
    struct Case {
        let g: Gridworld
        let discount: Double
        let batch: Int
        let alpha: Double
        let terminal: Bool
        let mask: Bool
    }

    /// `[S][A]` mask with a random forbidden action in about a third of the states (never all).
    func randomMask(_ g: Gridworld, seed: UInt64) -> [[Bool]] {
        var rng = SplitMix64(seed: seed)
        return (0..<g.stateCount).map { _ in
            var row = [Bool](repeating: true, count: g.actionCount)
            if Double.random(in: 0..<1, using: &rng) < 0.35 { row[Int.random(in: 0..<g.actionCount, using: &rng)] = false }
            return row
        }
    }

    /// The MDP of `c` on an operator of kind `kind` (dense, sparse or stencil) with `threads` threads.
    func mdp<Scalar: BLASScalar>(_ c: Case, _ kind: Gridworld.OperatorKind, _: Scalar.Type, threads: Int = 2, seed: UInt64) throws
        -> TabularMDP<Scalar>
    {
        let dynamics: any TransitionOperator<Scalar>
        switch kind {
        case .dense: dynamics = try DenseTransitionOperator<Scalar>(transitions: c.g.denseTransitions(Scalar.self))
        case .sparse: dynamics = try c.g.sparseOperator(Scalar.self, threads: threads)
        case .stencil: dynamics = c.g.stencilOperator(Scalar.self, threads: threads)
        }
        var rng = SplitMix64(seed: seed &+ 99)
        let terminal = c.terminal ? Tensor<Scalar>(shape: [c.g.stateCount]) { _ in Scalar(Double.random(in: -3...3, using: &rng)) } : nil
        return try TabularMDP(
            dynamics: dynamics, initialDistribution: c.g.uniformStart(Scalar.self), horizon: .finite(7),
            discount: Scalar(c.discount), terminalValues: terminal, actionMask: c.mask ? randomMask(c.g, seed: seed) : nil)
    }

    func cases(seed: UInt64) -> [Case] {
        let g = randomGridworld(seed: seed, maxSide: 9)
        return [
            Case(g: g, discount: 1, batch: 1, alpha: 1, terminal: false, mask: false),
            Case(g: g, discount: 0.9, batch: 3, alpha: 0.5, terminal: true, mask: true),
            Case(g: g, discount: 1, batch: 3, alpha: 2, terminal: true, mask: false),
            Case(g: g, discount: 0.95, batch: 1, alpha: 0.7, terminal: false, mask: true),
            Case(g: g, discount: 0, batch: 1, alpha: 1, terminal: true, mask: false),
        ]
    }

    @Test(arguments: Array(UInt64(1)...12))
    func fusedSparseEqualsGenericPasses(seed: UInt64) throws {
        for (n, c) in cases(seed: seed).enumerated() {
            let dense = try mdp(c, .dense, Double.self, seed: seed)
            let sparse = try mdp(c, .sparse, Double.self, seed: seed)
            let stencil = try mdp(c, .stencil, Double.self, seed: seed)
            let op = try #require(sparse.dynamics as? SparseTransitionOperator<Double>)
            #expect(op.hasFusedKernels(batch: 1))
            let r = try dense.stateActionRewards(
                .stateAction(
                    randomRewards(
                        Double.self, states: c.g.stateCount, actions: c.g.actionCount,
                        batch: c.batch, seed: seed &+ UInt64(n))))
            let vi = SoftValueIteration<Double>(temperature: c.alpha)
            let fused = try vi.occupancy(sparse, stateActionRewards: r, mode: .lean)
            let kind = "seed \(seed) case \(n)"
            for reference in [
                try vi.occupancy(dense, stateActionRewards: r, mode: .lean), try vi.occupancy(dense, stateActionRewards: r, mode: .full),
                try vi.occupancy(stencil, stateActionRewards: r, mode: .lean),
            ] {
                #expect(agree(reference.initialValues, fused.initialValues, 1e-12), "V_0 \(kind)")
                #expect(agree(reference.stateActionOccupancy, fused.stateActionOccupancy, 1e-12), "μ \(kind)")
                #expect(agree(reference.stateOccupancy, fused.stateOccupancy, 1e-12), "d̄ \(kind)")
                #expect(agree(reference.finalDistribution, fused.finalDistribution, 1e-12), "d_H \(kind)")
                #expect(agree(reference.startValues, fused.startValues, 1e-12), "start value \(kind)")
            }
            // Masked actions get exactly zero occupancy.
            if let mask = sparse.actionMask {
                for i in 0..<(c.g.stateCount * c.g.actionCount) where !mask[i] {
                    for col in 0..<c.batch { #expect(fused.stateActionOccupancy.scalars[i * c.batch + col] == 0) }
                }
            }
            // Float through the same kernels, to Float precision.
            let sparseF = try mdp(c, .sparse, Float.self, seed: seed)
            let fusedF = try SoftValueIteration<Float>(temperature: Float(c.alpha))
                .occupancy(sparseF, stateActionRewards: r.converted(to: Float.self), mode: .lean)
            #expect(agree(fused.stateActionOccupancy.converted(to: Float.self), fusedF.stateActionOccupancy, 1e-4), "μ Float \(kind)")
            #expect(agree(fused.initialValues.converted(to: Float.self), fusedF.initialValues, 1e-4), "V_0 Float \(kind)")
        }
    }

    /// Grids large enough to split over threads (the halos of the scatter), B = 1 and 3.
    @Test(arguments: [(UInt64(1), 1), (2, 3)])
    func threadCountsAgree(seed: UInt64, batch: Int) throws {
        var rng = SplitMix64(seed: seed)
        let side = batch == 1 ? 150 : 90
        var cells = Set<Int>()
        while cells.count < 40 { cells.insert(Int.random(in: 1..<(side * side), using: &rng)) }
        cells.remove((side / 2) * side + side / 3)
        let walls = cells.sorted().map { (row: $0 / side, column: $0 % side) }
        let g = try Gridworld(width: side, height: side, actionCount: 5, slip: 0.2, walls: walls, terminals: [(side / 2, side / 3)])
        let r = randomRewards(Double.self, states: g.stateCount, actions: 5, batch: batch, seed: seed)
        let results = try [1, 2, 3].map { threads in
            let mdp: TabularMDP<Double> = try g.mdp(horizon: .finite(6), discount: 0.98, operator: .sparse, threads: threads)
            let op = try #require(mdp.dynamics as? SparseTransitionOperator<Double>)
            // One range with one thread, else four per thread up to 2A + 2 = 12.
            #expect(op.fusedRanges(batch: batch).count == min(4 * threads, 12) || threads == 1)
            #expect(op.fusedRanges(batch: batch).count == 1 || threads > 1)
            return try SoftValueIteration<Double>().occupancy(mdp, stateActionRewards: r, mode: .lean)
        }
        for other in results.dropFirst() {
            #expect(results[0].stateActionOccupancy.maxAbsDifference(other.stateActionOccupancy) <= 1e-12)
            #expect(results[0].finalDistribution.maxAbsDifference(other.finalDistribution) <= 1e-12)
            #expect(agree(results[0].initialValues, other.initialValues, 1e-12))
        }
        let dense: TabularMDP<Double> = try g.mdp(horizon: .finite(6), discount: 0.98, operator: .stencil, threads: 1)
        let reference = try SoftValueIteration<Double>().occupancy(dense, stateActionRewards: r, mode: .lean)
        #expect(agree(reference.stateActionOccupancy, results[2].stateActionOccupancy, 1e-12))
        #expect(agree(reference.finalDistribution, results[2].finalDistribution, 1e-12))
    }

    /// The AVX2 + FMA and portable variants of the C kernels agree, one thread each.
    @Test(arguments: [(UInt64(1), 1), (2, 1), (3, 6), (4, 3)])
    func instructionSetVariantsAgree(seed: UInt64, batch: Int) throws {
        var rng = SplitMix64(seed: seed)
        let (width, height) = (Int.random(in: 9...30, using: &rng), Int.random(in: 5...20, using: &rng))
        let g = try Gridworld(
            width: width, height: height, actionCount: seed == 2 ? 4 : 5, slip: 0.15,
            walls: [(height / 3, width / 3)], terminals: [(height / 2, width / 2)])
        let r = randomRewards(Double.self, states: g.stateCount, actions: g.actionCount, batch: batch, seed: seed)
        for scalar in [0, 1] {
            /// `V_0`, `μ`, `d_H` in Double.
            func run(_ set: FastExp.InstructionSet) throws -> ([Tensor<Double>], Bool) {
                try FastExp._withInstructionSet(set) {
                    if scalar == 0 {
                        let mdp: TabularMDP<Double> = try g.mdp(horizon: .finite(8), discount: 0.95, operator: .sparse, threads: 1)
                        let x = try SoftValueIteration<Double>(temperature: 0.7).occupancy(mdp, stateActionRewards: r, mode: .lean)
                        return [x.initialValues, x.stateActionOccupancy, x.finalDistribution]
                    }
                    let mdp: TabularMDP<Float> = try g.mdp(horizon: .finite(8), discount: 0.95, operator: .sparse, threads: 1)
                    let x = try SoftValueIteration<Float>(temperature: 0.7).occupancy(
                        mdp, stateActionRewards: r.converted(to: Float.self), mode: .lean)
                    return [x.initialValues, x.stateActionOccupancy, x.finalDistribution].map { $0.converted(to: Double.self) }
                }
            }
            let (portable, _) = try run(.portable)
            let (avx, available) = try run(.avx2FMA)
            let tolerance = scalar == 0 ? 1e-12 : 1e-5
            for (x, y) in zip(portable, avx) { #expect(agree(x, y, tolerance), "AVX2 available: \(available)") }
        }
    }

    @Test(arguments: Array(UInt64(1)...4))
    func extremeRewardsGiveFiniteValuesAndExactZeros(seed: UInt64) throws {
        for batch in [1, 2, 5] {
            try checkExtremeRewards(Double.self, huge: 1e300, batch: batch, seed: seed, tolerance: 1e-12)
            try checkExtremeRewards(Float.self, huge: 1e30, batch: batch, seed: seed, tolerance: 1e-5)
        }
    }

    /// Rewards `±huge` on a gridworld: finite values and occupancy, exact zeros for a `−huge`
    /// action next to a `+huge` one, exact mass, agreement with the generic full pass.
    func checkExtremeRewards<Scalar: BLASScalar>(_: Scalar.Type, huge: Scalar, batch: Int, seed: UInt64, tolerance: Scalar) throws {
        let g = try Gridworld(width: 9, height: 7, actionCount: 5, slip: 0.1, walls: [(2, 3)], terminals: [(4, 4)])
        var rng = SplitMix64(seed: seed)
        let r = Tensor<Scalar>(shape: [g.stateCount, 5, batch]) { _ in Bool.random(using: &rng) ? huge : -huge }
        let sparse: TabularMDP<Scalar> = try g.mdp(horizon: .finite(5), operator: .sparse)
        let vi = SoftValueIteration<Scalar>()
        let fused = try vi.occupancy(sparse, stateActionRewards: r, mode: .lean)
        // Q differs between actions by the rounding of ±huge sums, which can decide π: the
        // reference adds in the same order, the generic full pass on the same CSR rows.
        let reference = try vi.occupancy(sparse, stateActionRewards: r, mode: .full)
        let kind = "\(Scalar.self) B \(batch) seed \(seed)"
        #expect(fused.initialValues.firstNonFinite(allowNegativeInfinity: false) == nil, "\(kind)")
        #expect(fused.stateActionOccupancy.firstNonFinite(allowNegativeInfinity: false) == nil, "\(kind)")
        #expect(agree(reference.initialValues, fused.initialValues, tolerance), "V_0 \(kind)")
        #expect(agree(reference.stateActionOccupancy, fused.stateActionOccupancy, tolerance), "μ \(kind)")
        var zeros = 0
        for s in 0..<g.stateCount {
            for col in 0..<batch {
                let row = (0..<5).map { r[s, $0, col] }
                guard row.contains(huge) else { continue }
                for a in 0..<5 where row[a] == -huge {
                    #expect(fused.stateActionOccupancy[s, a, col] == 0, "\(kind)")
                    zeros += 1
                }
            }
        }
        #expect(zeros > 0)
        // The occupancy mass is exact.
        let mass = fused.stateOccupancy.scalars.reduce(0, +) / Scalar(batch)
        #expect(abs(mass - 5) <= (Scalar.self == Double.self ? 1e-9 : 1e-4) * 5, "\(kind)")
    }

    @Test func aStateWithNoValidActionThrowsTheGenericError() throws {
        let g = try Gridworld(width: 8, height: 5, actionCount: 4, slip: 0.1)
        var r = randomRewards(Double.self, states: g.stateCount, actions: 4, batch: 2, seed: 3)
        for a in 0..<4 { r[17, a, 1] = -.infinity }
        for a in 0..<4 { r[29, a, 0] = -.infinity }
        let sparse: TabularMDP<Double> = try g.mdp(horizon: .finite(3), operator: .sparse)
        let dense: TabularMDP<Double> = try g.mdp(horizon: .finite(3), operator: .dense)
        let vi = SoftValueIteration<Double>()
        let expected = IRLError.noValidAction(state: 17, column: 1, time: 2)
        #expect(throws: expected) { try vi.occupancy(dense, stateActionRewards: r, mode: .lean) }
        #expect(throws: expected) { try vi.occupancy(sparse, stateActionRewards: r, mode: .lean) }
    }

    /// A random model: `k` successors per `(s, a)`, shared by the state's actions or not.
    func randomOperator(states s: Int, actions a: Int, successors k: Int, shared: Bool, seed: UInt64) throws -> SparseTransitionOperator<
        Double
    > {
        var rng = SplitMix64(seed: seed)
        var entries: [SparseTransitionOperator<Double>.Entry] = []
        for state in 0..<s {
            let common = Array((0..<s).shuffled(using: &rng).prefix(k))
            for action in 0..<a {
                let next = shared ? common : Array((0..<s).shuffled(using: &rng).prefix(k))
                let w = next.map { _ in Double.random(in: 0.1...1, using: &rng) }
                let total = w.reduce(0, +)
                for (n, p) in zip(next, w) { entries.append(.init(state: state, action: action, next: n, probability: p / total)) }
            }
        }
        return try SparseTransitionOperator(stateCount: s, actionCount: a, entries: entries, threads: 2)
    }

    /// 36 shared successors make patterns wider than the C kernels take: the generic lean pass runs.
    @Test(arguments: [(UInt64(1), true, 4), (2, false, 4), (3, true, 4), (4, false, 4), (5, true, 36)])
    func randomModelsTakeThePatternsOrTheFallback(seed: UInt64, shared: Bool, successors: Int) throws {
        let (s, a) = (40, 4)
        let op = try randomOperator(states: s, actions: a, successors: successors, shared: shared, seed: seed)
        // Shared successors: one pattern per state; separate ones would pad 4× and are refused.
        #expect(op.hasFusedKernels(batch: 1) == (shared && successors <= 32))
        #expect((op.patterns != nil) == shared)
        #expect(!op.hasFusedKernels(batch: 129), "a batch above SPK_MAXIMUM_BATCH takes the generic pass")
        if let patterns = op.patterns { #expect(patterns.patternCount == s) }
        var dense = Tensor<Double>(zeros: [s, a, s])
        for state in 0..<s {
            for action in 0..<a { for (n, p) in op.successors(state: state, action: action) { dense[state, action, n] = p } }
        }
        let rho = Tensor<Double>(shape: [s]) { _ in 1 / Double(s) }
        for batch in [1, 3] {
            let r = randomRewards(Double.self, states: s, actions: a, batch: batch, seed: seed &+ 5)
            let sparse = try TabularMDP(dynamics: op, initialDistribution: rho, horizon: .finite(6), discount: 0.9)
            let reference = try TabularMDP(transitions: dense, initialDistribution: rho, horizon: .finite(6), discount: 0.9)
            let vi = SoftValueIteration<Double>(temperature: 0.8)
            let x = try vi.occupancy(sparse, stateActionRewards: r, mode: .lean)
            let y = try vi.occupancy(reference, stateActionRewards: r, mode: .lean)
            #expect(agree(y.initialValues, x.initialValues, 1e-12))
            #expect(agree(y.stateActionOccupancy, x.stateActionOccupancy, 1e-12))
            #expect(agree(y.finalDistribution, x.finalDistribution, 1e-12))
        }
    }

    /// The patterns hold exactly the CSR rows, and a gridworld needs only a few of them.
    @Test func patternsReproduceTheRowsExactly() throws {
        let g = try Gridworld(width: 23, height: 17, actionCount: 5, slip: 0.1, walls: [(5, 5), (9, 12)], terminals: [(8, 8)])
        let op: SparseTransitionOperator<Double> = try g.sparseOperator()
        let patterns = try #require(op.patterns)
        #expect(patterns.patternCount <= 40)
        #expect(op.storageBytes == 2 * op.nonzeroCount * 12 + 4 * (g.stateCount * 5 + 1 + g.stateCount + 1) + patterns.storageBytes
            + (op.fusedBlocks?.storageBytes ?? 0))
        let w = patterns.width
        for s in 0..<g.stateCount {
            let p = Int(patterns.pattern[s])
            for a in 0..<5 {
                let fromPattern = (0..<w).compactMap { k -> (Int, Double)? in
                    let q = patterns.weight[(p * 5 + a) * w + k]
                    return q == 0 ? nil : (s + Int(patterns.offset[p * w + k]), q)
                }
                let row = op.successors(state: s, action: a)
                #expect(fromPattern.map(\.0) == row.map(\.state))
                #expect(fromPattern.map(\.1) == row.map(\.probability))
            }
        }
    }
}
