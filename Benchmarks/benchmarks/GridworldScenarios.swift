import Foundation
import DenseTensors
import IRL

/// The large-gridworld scenarios (issue 4): one lean soft backward + forward pass,
/// `SoftValueIteration.occupancy(_:stateActionRewards:mode: .lean)`, on the sparse and stencil
/// operators of a `side × side` gridworld with `A = 5`, slip 0.1, one wall and one terminal cell,
/// `H = 100`, random rewards in `[−1, 1]`.
///
/// `bytes` is what a lean pass must move at least: per step, the rewards twice (backward and
/// forward), the occupancy read and written, and six `S·B` arrays (`V_{t+1}` twice, `V_t` written
/// and read, `d_t`, `d_{t+1}`): `H · sizeof(Scalar) · (4·S·A·B + 6·S·B)`; the sparse operator
/// adds its per-state patterns twice per step (its fused pass), or, without patterns, its CSR
/// arrays twice and its CSC arrays once per step.
enum GridworldScenarios {
    /// 64², 256², 1024²; B ∈ {1, 16} (1024² only with B = 1: its lean values alone are 13 GB at
    /// B = 16 in Double); Float and Double; sparse and stencil.
    static var standard: [any Scenario] {
        var list: [any Scenario] = []
        for side in [64, 256, 1024] {
            for batch in [1, 16] where side < 1024 || batch == 1 {
                for kind in [Gridworld.OperatorKind.stencil, .sparse] {
                    list.append(GridworldPassScenario<Float>(side: side, kind: kind, horizon: 100, batch: batch))
                    list.append(GridworldPassScenario<Double>(side: side, kind: kind, horizon: 100, batch: batch))
                }
            }
        }
        return list
    }
}

/// One lean soft-VI + occupancy pass on a gridworld operator.
struct GridworldPassScenario<Scalar: BLASScalar>: Scenario {
    let side: Int
    let kind: Gridworld.OperatorKind
    let horizon: Int
    let batch: Int
    var seed: UInt64 = 2024

    var name: String { "gridworld-\(kind.rawValue)/S\(side)x\(side)/A5/H\(horizon)/B\(batch)/\(Scalar.scalarName)" }

    func run(_ context: ScenarioContext) throws -> ScenarioReport {
        let scope = PeakMemory.resetHighWaterMark()
        let grid = try Gridworld(width: side, height: side, actionCount: 5, slip: 0.1,
                                 walls: [(side / 3, side / 3)], terminals: [(side / 2, side / 2)])
        let mdp: TabularMDP<Scalar> = try grid.mdp(horizon: .finite(horizon), discount: 1, operator: kind,
                                                   threads: context.calibration.threads)
        let (s, a, b, h) = (grid.stateCount, 5, batch, horizon)
        var generator = SplitMix64(seed: seed)
        let rewards = Tensor<Scalar>(shape: [s, a, b]) { _ in Scalar(2 * generator.nextUnitInterval() - 1) }
        let solver = SoftValueIteration<Scalar>(temperature: 1, threads: context.calibration.threads)
        let timing = try context.timeRepeatedly(
            { try solver.occupancy(mdp, stateActionRewards: rewards, mode: .lean) },
            check: { result in
                // The occupancy's mass is exactly H with γ = 1.
                let mass = result.stateOccupancy.scalars.reduce(0.0) { $0 + Double($1) }
                return Swift.abs(mass / Double(b) - Double(h)) / Double(h)
            },
            reference: nil)
        let peak = PeakMemory.highWaterMarkBytes()
        let size = Double(MemoryLayout<Scalar>.stride)
        var bytes = Double(h) * size * Double(4 * s * a * b + 6 * s * b)
        if kind == .sparse {
            if let patterns = (mdp.dynamics as? SparseTransitionOperator<Scalar>)?.statePatternBytes {
                // The fused pass reads the patterns in the backward and in the forward sweep.
                bytes += 2 * Double(h) * Double(patterns)
            } else {
                // Two pulls (CSR) and one push (CSC) per step: 1.5 × the stored arrays.
                bytes += 1.5 * Double(h) * Double(mdp.dynamics.storageBytes)
            }
        }
        return ScenarioReport(
            name: name, operatorKind: mdp.dynamics.kind, states: s, actions: a, horizon: h, batch: b,
            scalar: Scalar.scalarName, bound: .memory, timing: timing.passes, flops: nil,
            sameShapeKernelSeconds: nil, sameShapeKernel: nil, sameShapeCall: nil, fractionOfGEMM: nil,
            bytes: bytes, bandwidthGBs: context.calibration.bandwidth.bestGBs,
            squareGEMMGFLOPS: context.calibration.squareGEMM(Scalar.self),
            peakMemoryBytes: peak, peakMemoryScope: scope, massError: timing.worstCheck, breakdown: nil)
    }
}

/// The same problem through each Swift door (issue 12's "equally fast from every door"): the
/// 32×32 slip-0.1 gridworld of Benchmarks/peers/compare.py (A = 5, no walls), H = 100, γ = 0.99,
/// B = 1, one full pass as the Python package runs it — `SoftValueIteration.solve` (values and
/// policy) then `TabularMDP.occupancy(of:)`. Doors: the dense `[S, A, S]` tensor given to
/// `TabularMDP(transitions:)` (structure found: per-state blocks), the same tensor forced dense,
/// the `SparseTransitionOperator` and the stencil of `Gridworld`; and the dense tensor
/// unprepared (`from-tensor`: building the MDP, with its validating scan, inside the timing).
struct GridworldDoorScenario: Scenario {
    enum Door: String, CaseIterable, Sendable {
        case fromTensor = "from-tensor"
        case tensor, denseStorage = "dense-storage", sparse, stencil
    }

    let door: Door
    let side = 32
    let horizon = 100

    var name: String { "doors/\(door.rawValue)/S\(side)x\(side)/A5/H\(horizon)/B1/Double" }

    func run(_ context: ScenarioContext) throws -> ScenarioReport {
        let scope = PeakMemory.resetHighWaterMark()
        let grid = try Gridworld(width: side, height: side, actionCount: 5, slip: 0.1)
        let (s, a, h, gamma) = (grid.stateCount, 5, horizon, 0.99)
        let tensor = grid.denseTransitions(Double.self)
        let rho = grid.uniformStart(Double.self)
        func mdp() throws -> TabularMDP<Double> {
            switch door {
            case .fromTensor, .tensor:
                return try TabularMDP(transitions: tensor, initialDistribution: rho, horizon: .finite(h), discount: gamma)
            case .denseStorage:
                return try TabularMDP(
                    transitions: tensor, initialDistribution: rho, horizon: .finite(h), discount: gamma, storage: .dense)
            case .sparse, .stencil:
                return try grid.mdp(
                    horizon: .finite(h), discount: gamma, operator: door == .sparse ? .sparse : .stencil,
                    threads: context.calibration.threads)
            }
        }
        let prepared = try mdp()
        var generator = SplitMix64(seed: 7)
        let rewards = Tensor<Double>(shape: [s, a, 1]) { _ in 2 * generator.nextUnitInterval() - 1 }
        let solver = SoftValueIteration<Double>(temperature: 1, threads: context.calibration.threads)
        let timing = try context.timeRepeatedly(
            {
                let problem = door == .fromTensor ? try mdp() : prepared
                let plan = try solver.solve(problem, stateActionRewards: rewards)
                return try problem.occupancy(of: plan.policy)
            },
            check: { result in
                // The occupancy's mass is Σ_{t<H} γᵗ exactly.
                let mass = result.stateActionOccupancy.scalars.reduce(0.0, +)
                let exact = (1 - Foundation.pow(gamma, Double(h))) / (1 - gamma)
                return Swift.abs(mass - exact) / exact
            },
            reference: nil)
        return ScenarioReport(
            name: name, operatorKind: prepared.dynamics.kind, states: s, actions: a, horizon: h, batch: 1,
            scalar: "Double", bound: .memory, timing: timing.passes, flops: nil,
            sameShapeKernelSeconds: nil, sameShapeKernel: nil, sameShapeCall: nil, fractionOfGEMM: nil,
            bytes: nil, bandwidthGBs: context.calibration.bandwidth.bestGBs,
            squareGEMMGFLOPS: context.calibration.squareGEMM(Double.self),
            peakMemoryBytes: PeakMemory.highWaterMarkBytes(), peakMemoryScope: scope, massError: timing.worstCheck,
            breakdown: nil)
    }
}
