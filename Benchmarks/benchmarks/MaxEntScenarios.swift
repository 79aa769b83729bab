import DenseTensors
import IRL

/// MaxEnt IRL at scale (issue 4's target: a 512×512 gridworld, 8 features, 50 iterations in
/// ≤ 2 minutes).
enum MaxEntScenarios {
    /// `maxent/gridworld512/K8/H100/iterations50/Double` on the stencil operator.
    static var standard: [any Scenario] {
        [MaxEntGridworldScenario<Double>(side: 512, features: 8, horizon: 100, iterations: 50)]
    }
}

/// A full MaxEnt IRL run on a `side × side` gridworld (A = 5, slip 0.1, one wall, one terminal
/// cell, `H` steps, γ = 1, stencil operator) with `K` features: the indicators of `K` vertical
/// bands of the grid. The expert statistics are the exact soft-optimal occupancy of a reward in
/// the span of the features (built untimed); MaxEnt IRL runs exactly `iterations` iterations
/// (tolerances off) with the default `.automatic` forward mode, which on the stencil takes the
/// fused lean pass every iteration and solves the final plan once.
///
/// `seconds` is the whole `solve` call. One run takes tens of seconds, so the scenario runs
/// under the command's repetition rule like any other (a single run above 2 s counts as a
/// repetition; `--repetitions 1` gives one). `massError` is the final occupancy's relative mass
/// error `|Σ μ − H| / H`.
struct MaxEntGridworldScenario<Scalar: BLASScalar>: Scenario {
    let side: Int
    let features: Int
    let horizon: Int
    let iterations: Int
    var seed: UInt64 = 2024

    var name: String { "maxent/gridworld\(side)/K\(features)/H\(horizon)/iterations\(iterations)/\(Scalar.scalarName)" }

    func run(_ context: ScenarioContext) throws -> ScenarioReport {
        let scope = PeakMemory.resetHighWaterMark()
        let grid = try Gridworld(
            width: side, height: side, actionCount: 5, slip: 0.1,
            walls: [(side / 3, side / 3)], terminals: [(side / 2, side / 2)])
        let (s, a, k, h) = (grid.stateCount, 5, features, horizon)
        // Band indicators: feature j is 1 on the columns [j·side/K, (j+1)·side/K).
        let phi = Tensor<Scalar>(shape: [s, k]) { i in
            let (state, j) = (i / k, i % k)
            return (state % side) * k / side == j ? 1 : 0
        }
        let mdp: TabularMDP<Scalar> = try grid.mdp(
            horizon: .finite(h), discount: 1, operator: .stencil, features: phi,
            threads: context.calibration.threads)
        var generator = SplitMix64(seed: seed)
        let truth = Tensor<Scalar>(shape: [k]) { _ in Scalar(2 * generator.nextUnitInterval() - 1) }
        let planner = SoftValueIteration<Scalar>(temperature: 1, threads: context.calibration.threads)
        let expertPass = try planner.occupancy(mdp, stateActionRewards: try mdp.stateActionRewards(.linear(weights: truth)))
        let expert = try ExpertStatistics(occupancy: expertPass.stateActionOccupancy)
        let irl = MaxEntIRL<Scalar>(
            options: .init(
                stepSize: Scalar(0.5) / Scalar(h), maxIterations: iterations, mismatchTolerance: 0, threads: context.calibration.threads))
        let timing = try context.timeRepeatedly(
            { try irl.solve(mdp, expert: expert) },
            check: { solution in
                let mass = solution.occupancy.stateActionOccupancy.scalars.reduce(0.0) { $0 + Double($1) }
                return Swift.abs(mass - Double(h)) / Double(h)
            },
            reference: nil)
        let peak = PeakMemory.highWaterMarkBytes()
        return ScenarioReport(
            name: name, operatorKind: mdp.dynamics.kind, states: s, actions: a, horizon: h, batch: 1,
            scalar: Scalar.scalarName, bound: .memory, timing: timing.passes, flops: nil,
            sameShapeKernelSeconds: nil, sameShapeKernel: nil, sameShapeCall: nil, fractionOfGEMM: nil,
            bytes: nil, bandwidthGBs: context.calibration.bandwidth.bestGBs,
            squareGEMMGFLOPS: context.calibration.squareGEMM(Scalar.self),
            peakMemoryBytes: peak, peakMemoryScope: scope, massError: timing.worstCheck, breakdown: nil)
    }
}
