import DenseTensors
import IRL

/// One "pass" of MaxEnt-IRL's inner loop on a transition model: finite-horizon soft value
/// iteration (backward, `H` pulls and log-sum-exps) followed by the occupancy measure of its
/// policy (forward, `H` pushes), for a batch of `B` random rewards.
///
/// The timed region is exactly the two library calls
/// `SoftValueIteration(temperature: 1).solve(mdp, stateActionRewards: r)` and
/// `mdp.occupancy(of: plan.policy)`; building and validating `P` and the rewards is not timed.
struct SoftVIPassScenario<Model: TransitionModel>: Scenario {
    typealias Scalar = Model.Scalar

    let model: Model
    /// `H`, the number of decisions.
    let horizon: Int
    /// `B`, the number of reward columns solved together.
    let batch: Int
    /// Seeds the transitions (the rewards use `seed + 1`).
    var seed: UInt64 = 2024

    var name: String { "\(model.label)/H\(horizon)/B\(batch)/\(Scalar.scalarName)" }

    func run(_ context: ScenarioContext) throws -> ScenarioReport {
        let scope = PeakMemory.resetHighWaterMark()
        let dynamics = try model.makeOperator(seed: seed)
        let (s, a, b, h) = (dynamics.stateCount, dynamics.actionCount, batch, horizon)
        let initial = [Scalar](repeating: 1 / Scalar(s), count: s)
        let mdp = try TabularMDP<Scalar>(dynamics: dynamics, initialDistribution: Tensor(initial),
                                         horizon: .finite(h), discount: 1)
        var generator = SplitMix64(seed: seed + 1)
        let rewards = Tensor<Scalar>(shape: [s, a, b]) { _ in Scalar(2 * generator.nextUnitInterval() - 1) }
        let routine = model.sameShapeRoutine(batch: b)
        // Each reference is kept so the report can show the pull and push calls separately.
        var kernels = [SameShapeKernel]()
        let reference: (() throws -> Double)? = routine.map { _ in
            {
                let kernel = try model.sameShapeKernel(dynamics, batch: b, samples: context.kernelSamples,
                                                       minimumSeconds: context.kernelMinimumSeconds)
                kernels.append(kernel)
                return kernel.passSeconds(horizon: h)
            }
        }

        let solver = SoftValueIteration<Scalar>(temperature: 1)
        let timing = try context.timeRepeatedly(
            { () throws -> OccupancyMeasure<Scalar> in
                let plan = try solver.solve(mdp, stateActionRewards: rewards)
                return try mdp.occupancy(of: plan.policy)
            },
            check: { Self.massError($0, horizon: h) }, reference: reference)
        let peak = PeakMemory.highWaterMarkBytes()

        var breakdown: PassBreakdown?
        if context.breakdown {
            breakdown = try PassBreakdown.measure(dynamics, rewards: rewards, initial: initial, horizon: h,
                                                  threads: context.calibration.threads)
        }
        let bytesPerProduct = Double(dynamics.bytesMoved(batch: b))
        return ScenarioReport(
            name: name, operatorKind: dynamics.kind, states: s, actions: a, horizon: h, batch: b,
            scalar: Scalar.scalarName, bound: model.bound(batch: b), timing: timing.passes,
            flops: model.flopsPerProduct(batch: b).map { 2 * Double(h) * $0 },
            sameShapeKernelSeconds: timing.references?.median, sameShapeKernel: routine,
            sameShapeCall: kernels.isEmpty ? nil : SameShapeKernel(
                pullSeconds: Summary(kernels.map(\.pullSeconds)).median,
                pushSeconds: Summary(kernels.map(\.pushSeconds)).median),
            fractionOfGEMM: timing.ratios?.median,
            bytes: 2 * Double(h) * bytesPerProduct, bandwidthGBs: context.calibration.bandwidth.bestGBs,
            squareGEMMGFLOPS: context.calibration.squareGEMM(Scalar.self),
            peakMemoryBytes: peak, peakMemoryScope: scope, massError: timing.worstCheck, breakdown: breakdown)
    }

    /// The largest `|Σ_{s,a} μ[s, a, b] − H| / H` over the batch (the occupancy's mass is exactly
    /// `H` with `γ = 1`): a check that the timed pass computed something sensible.
    static func massError(_ occupancy: OccupancyMeasure<Scalar>, horizon: Int) -> Double {
        let mu = occupancy.stateActionOccupancy
        let b = mu.shape[2]
        var sums = [Double](repeating: 0, count: b)
        mu.withUnsafeBufferPointer { p in
            for i in 0..<p.count { sums[i % b] += Double(p[i]) }
        }
        return sums.map { abs($0 - Double(horizon)) / Double(horizon) }.max() ?? 0
    }
}
