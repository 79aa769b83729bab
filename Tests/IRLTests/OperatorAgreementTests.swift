import DenseTensors
import Foundation
import Testing
import _TestSupport
@testable import IRL

/// `‖x − y‖∞ ≤ tolerance · max(1, ‖x‖∞)`.
func agree<Scalar: BLASScalar>(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>, _ tolerance: Scalar) -> Bool {
    guard x.shape == y.shape else { return false }
    let scale = x.scalars.reduce(Scalar(1)) { Swift.max($0, Swift.abs($1)) }
    return x.maxAbsDifference(y) <= tolerance * scale
}

/// The three MDPs of one grid, dense first.
func threeMDPs<Scalar: BLASScalar>(
    _ g: Gridworld, _: Scalar.Type, horizon: Horizon, discount: Scalar, threads: Int = 2
) throws -> [TabularMDP<Scalar>] {
    try Gridworld.OperatorKind.allCases.map { kind in
        try g.mdp(horizon: horizon, discount: discount, operator: kind, threads: threads)
    }
}

@Suite("dense, sparse and stencil operators agree")
struct OperatorAgreementTests {
    static let seeds: [UInt64] = Array(1...12)

    func tolerance<Scalar: BLASScalar>(_: Scalar.Type) -> Scalar { Scalar.self == Double.self ? Scalar(1e-12) : Scalar(2e-5) }

    @Test(arguments: seeds)
    func pullAndPushMatchDense(seed: UInt64) throws {
        try checkPullPush(Double.self, seed: seed)
        try checkPullPush(Float.self, seed: seed)
    }

    func checkPullPush<Scalar: BLASScalar>(_ type: Scalar.Type, seed: UInt64) throws {
        let g = randomGridworld(seed: seed)
        let dense = try DenseTransitionOperator<Scalar>(transitions: g.denseTransitions(Scalar.self))
        let others: [any TransitionOperator<Scalar>] = [
            try g.sparseOperator(Scalar.self, threads: 2), g.stencilOperator(Scalar.self, threads: 2),
            try SparseTransitionOperator(dense, threads: 3),
        ]
        let (s, a) = (g.stateCount, g.actionCount)
        for batch in [1, 3] {
            let v = randomRewards(Scalar.self, states: s, actions: 1, batch: batch, seed: seed &+ 7)
            let x = randomRewards(Scalar.self, states: s, actions: a, batch: batch, seed: seed &+ 8)
            let v2 = try v.reshaped(batch == 1 ? [s] : [s, batch])
            let x2 = try x.reshaped(batch == 1 ? [s, a] : [s, a, batch])
            let (pullRef, pushRef) = (try dense.pull(v2), try dense.push(x2))
            for op in others {
                #expect(agree(pullRef, try op.pull(v2), tolerance(type)), "pull \(op.kind) seed \(seed) B \(batch)")
                #expect(agree(pushRef, try op.push(x2), tolerance(type)), "push \(op.kind) seed \(seed) B \(batch)")
                // α and β: out ← α·P·V + β·out on a nonzero out.
                var out = x.scalars.map { $0 * 3 }
                var expected = out
                v2.withUnsafeBufferPointer { pv in
                    out.withUnsafeMutableBufferPointer { op.pull(pv, batch: batch, into: $0, alpha: 0.5, beta: 1) }
                    expected.withUnsafeMutableBufferPointer { dense.pull(pv, batch: batch, into: $0, alpha: 0.5, beta: 1) }
                }
                #expect(agree(Tensor(expected), Tensor(out), tolerance(type)), "pull β = 1 \(op.kind)")
            }
        }
        // Successors agree entry by entry.
        for op in others {
            for state in 0..<s {
                for action in 0..<a {
                    let (p, q) = (dense.successors(state: state, action: action), op.successors(state: state, action: action))
                    #expect(p.map(\.state) == q.map(\.state))
                    #expect(zip(p, q).allSatisfy { Swift.abs($0.probability - $1.probability) <= tolerance(type) })
                }
            }
        }
    }

    @Test(arguments: seeds)
    func finitePlannersAndForwardPassAgree(seed: UInt64) throws {
        try checkFinite(Double.self, seed: seed)
        try checkFinite(Float.self, seed: seed)
    }

    func checkFinite<Scalar: BLASScalar>(_ type: Scalar.Type, seed: UInt64) throws {
        let g = randomGridworld(seed: seed)
        let tol = tolerance(type)
        for (discount, batch) in [(Scalar(1), 1), (Scalar(0.9), 3)] {
            let mdps = try threeMDPs(g, Scalar.self, horizon: .finite(7), discount: discount)
            let r = randomRewards(Scalar.self, states: g.stateCount, actions: g.actionCount, batch: batch, seed: seed)
            let soft = try mdps.map { try SoftValueIteration<Scalar>(temperature: 0.7).solve($0, stateActionRewards: r) }
            let hard = try mdps.map { try HardValueIteration<Scalar>().solve($0, stateActionRewards: r) }
            let occupancy = try zip(mdps, soft).map { try $0.occupancy(of: $1.policy) }
            let evaluation = try zip(mdps, soft).map { try $0.evaluate($1.policy, stateActionRewards: r) }
            for i in 1..<3 {
                let kind = mdps[i].dynamics.kind
                #expect(agree(soft[0].values, soft[i].values, tol), "soft VI values \(kind) seed \(seed)")
                #expect(agree(soft[0].policy.probabilities, soft[i].policy.probabilities, tol), "soft VI policy \(kind)")
                #expect(agree(hard[0].values, hard[i].values, tol), "hard VI values \(kind) seed \(seed)")
                #expect(agree(occupancy[0].stateDistributions, occupancy[i].stateDistributions, tol), "d_t \(kind)")
                #expect(agree(occupancy[0].stateActionOccupancy, occupancy[i].stateActionOccupancy, tol), "μ \(kind)")
                #expect(agree(evaluation[0].values, evaluation[i].values, tol), "evaluation \(kind)")
                #expect(agree(evaluation[0].returns, evaluation[i].returns, tol), "returns \(kind)")
            }
        }
    }

    @Test(arguments: seeds.prefix(6))
    func infiniteHorizonSolversAgree(seed: UInt64) throws {
        let g = randomGridworld(seed: seed, maxSide: 5)
        let mdps = try threeMDPs(g, Double.self, horizon: .infinite, discount: 0.8)
        for batch in [1, 3] {
            let r = randomRewards(Double.self, states: g.stateCount, actions: g.actionCount, batch: batch, seed: seed)
            let soft = try mdps.map { try SoftValueIteration<Double>(tolerance: 1e-13).solve($0, stateActionRewards: r) }
            let hard = try mdps.map { try HardValueIteration<Double>(tolerance: 1e-13).solve($0, stateActionRewards: r) }
            let spi = try mdps.map { try SoftPolicyIteration<Double>().solve($0, reward: .stateAction(r)) }
            let occupancy = try zip(mdps, soft).map { try $0.occupancy(of: $1.policy) }
            let evaluation = try zip(mdps, soft).map { try $0.evaluate($1.policy, stateActionRewards: r) }
            for i in 1..<3 {
                let kind = mdps[i].dynamics.kind
                #expect(agree(soft[0].values, soft[i].values, 1e-12), "soft VI \(kind) seed \(seed)")
                #expect(agree(hard[0].values, hard[i].values, 1e-12), "hard VI \(kind) seed \(seed)")
                #expect(agree(spi[0].values, spi[i].values, 1e-12), "soft PI \(kind) seed \(seed)")
                #expect(agree(spi[0].policy.probabilities, spi[i].policy.probabilities, 1e-12), "soft PI policy \(kind)")
                #expect(agree(occupancy[0].stateActionOccupancy, occupancy[i].stateActionOccupancy, 1e-12), "μ \(kind)")
                #expect(agree(evaluation[0].returns, evaluation[i].returns, 1e-12), "returns \(kind)")
            }
        }
    }

    @Test func resultsDoNotDependOnTheThreadCount() throws {
        // Large enough that every operator really splits its rows.
        let g = try Gridworld(width: 90, height: 70, actionCount: 5, slip: 0.2, walls: [(3, 4), (50, 60)], terminals: [(10, 10)])
        let (s, a) = (g.stateCount, g.actionCount)
        for batch in [1, 3] {
            let v = randomRewards(Double.self, states: s, actions: 1, batch: batch, seed: 3)
            let x = randomRewards(Double.self, states: s, actions: a, batch: batch, seed: 4)
            let v2 = try v.reshaped([s, batch]), x2 = x
            var results: [[Tensor<Double>]] = []
            for threads in [1, 2, 3, 7] {
                let ops: [any TransitionOperator<Double>] = [try g.sparseOperator(threads: threads), g.stencilOperator(threads: threads)]
                results.append(try ops.flatMap { [try $0.pull(v2), try $0.push(x2)] })
            }
            for r in results.dropFirst() {
                for (p, q) in zip(results[0], r) { #expect(p.maxAbsDifference(q) <= 1e-12) }
            }
            // Sparse and stencil agree with each other too.
            #expect(agree(results[0][0], results[0][2], 1e-12) && agree(results[0][1], results[0][3], 1e-12))
        }
    }

    @Test func gridworldMDPRefusesADenseMatrixOverBudget() throws {
        let g = try Gridworld(width: 1024, height: 1024, actionCount: 5)
        #expect(throws: IRLError.self) {
            _ = try g.mdp(horizon: .finite(3), operator: .dense) as TabularMDP<Double>
        }
        let stencil: TabularMDP<Double> = try g.mdp(horizon: .finite(3), operator: .stencil)
        #expect(stencil.dynamics.kind == "stencil" && stencil.stateCount == 1 << 20)
    }
}
