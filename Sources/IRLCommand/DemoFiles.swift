import DenseTensors
import Foundation
import IRL
import NumPyIO
import Plots

/// The pictures and arrays `irl demo` writes.
enum DemoFiles {
    static func write(_ o: DemoOutcome, into folder: inout OutputFolder) throws {
        let p = o.problem
        let n = p.size
        // Rewards: true vs recovered. IRL identifies r only up to a constant, so the recovered
        // reward is drawn shifted by the median difference, on the same colour scale as the truth.
        let arrows = policyArrows(o.solution.policy, grid: p.grid)
        let shift = o.displayShift
        let rewards = HeatmapFigure(
            title: "Hidden reward vs the reward MaxEnt IRL recovered (arrows: the learner's most likely action at t = 0)",
            panels: [
                try Heatmap(title: "true reward r*", rows: n, columns: n, values: o.trueStateReward, scheme: .diverging()),
                try Heatmap(
                    title: "recovered r̂ = Φ·λ, shifted by c = \(ExperimentTable.format(shift, digits: 3))", rows: n, columns: n,
                    values: o.learnedStateReward.map { $0 + shift }, scheme: .diverging(), arrows: arrows),
            ], colorScaleSharing: .shared)
        try rewards.write(into: &folder, as: "rewards.svg")
        let occupancy = HeatmapFigure(
            title: "State occupancy Σ_t d_t(s) over \(p.horizon) steps",
            panels: [
                try Heatmap(
                    title: "expert (exact)", rows: n, columns: n, values: DemoOutcome.stateOccupancy(o.expertOccupancy.stateActionOccupancy)
                ),
                try Heatmap(
                    title: "demonstrations (empirical)", rows: n, columns: n, values: DemoOutcome.stateOccupancy(o.empiricalOccupancy)),
                try Heatmap(
                    title: "MaxEnt IRL", rows: n, columns: n, values: DemoOutcome.stateOccupancy(o.learnerOccupancy.stateActionOccupancy)),
                try Heatmap(
                    title: "behavioural cloning", rows: n, columns: n,
                    values: DemoOutcome.stateOccupancy(o.clonedOccupancy.stateActionOccupancy)),
            ], colorScaleSharing: .shared)
        try occupancy.write(into: &folder, as: "occupancy.svg")
        let history = o.solution.history
        let iterations = history.map { Double($0.iteration) }
        let curve = LineChart(
            title: "MaxEnt IRL learning curve",
            series: [
                try LineChart.Series("‖F_π − F_E‖∞", x: iterations, y: history.map { $0.mismatchInfinity[0] }),
                try LineChart.Series("‖F_π − F_E‖₂", x: iterations, y: history.map { $0.mismatchTwo[0] }),
            ],
            xAxis: Axis("iteration"), yAxis: Axis("moment mismatch", scale: .logarithmic))
        try curve.write(into: &folder, as: "learning-curve.svg")
        let gapSeries = history.map { $0.performanceGap?.first ?? .nan }
        let gaps = LineChart(
            title: "True-reward gap J(π_E, r*) − J(π_t, r*) of the MaxEnt IRL policy",
            series: [try LineChart.Series("MaxEnt IRL π_t", x: iterations, y: gapSeries)],
            xAxis: Axis("iteration"), yAxis: Axis("gap"),
            referenceLines: [
                .horizontal(y: 0, label: "expert"),
                .horizontal(y: o.expertReturn - o.clonedReturn, label: "behavioural cloning"),
            ])
        try gaps.write(into: &folder, as: "true-reward-gap.svg")
        // Arrays.
        let s = o.solution
        let arrays: [String: NumPyArray] = [
            "true_weights": NumPyArray(p.trueWeights), "weights": NumPyArray(squeezed(s.weights)),
            "true_reward": NumPyArray(Tensor(o.trueStateReward)), "recovered_reward": NumPyArray(Tensor(o.learnedStateReward)),
            "features": NumPyArray(stateFeatures(p)),
            "expert_policy": NumPyArray(squeezed(p.expert.probabilities)), "policy": NumPyArray(squeezed(s.policy.probabilities)),
            "bc_policy": NumPyArray(squeezed(o.cloned.probabilities)),
            "expert_occupancy": NumPyArray(squeezed(o.expertOccupancy.stateActionOccupancy)),
            "occupancy": NumPyArray(squeezed(s.occupancy.stateActionOccupancy)),
            "bc_occupancy": NumPyArray(squeezed(o.clonedOccupancy.stateActionOccupancy)),
            "empirical_occupancy": NumPyArray(o.empiricalOccupancy),
            "history_mismatch": NumPyArray(Tensor(history.map { $0.mismatchInfinity[0] })),
            "history_log_likelihood": NumPyArray(Tensor(history.map { $0.logLikelihood?.first ?? .nan })),
            "history_gap": NumPyArray(Tensor(gapSeries)),
            "returns": NumPyArray(Tensor([o.expertReturn, o.learnerReturn, o.clonedReturn, o.uniformReturn])),
        ]
        try NumPyArchive.write(arrays, to: folder.url("demo.npz"))
        folder.record("demo.npz")
        let trajectories = p.demonstrations.trajectories
        try NumPyArchive.write(
            [
                "states": try NumPyArray(
                    shape: [trajectories.count, p.horizon + 1], elements: .int64(trajectories.flatMap(\.states).map(Int64.init))),
                "actions": try NumPyArray(
                    shape: [trajectories.count, p.horizon], elements: .int64(trajectories.flatMap(\.actions).map(Int64.init))),
            ], to: folder.url("demonstrations.npz"))
        folder.record("demonstrations.npz")
        try NumPyFile.write(p.grid.denseTransitions(Double.self), to: folder.url("transitions.npy"))
        folder.record("transitions.npy")
        try NumPyFile.write(p.mdp.initialDistribution, to: folder.url("initial.npy"))
        folder.record("initial.npy")
        try NumPyFile.write(stateFeatures(p), to: folder.url("features.npy"))
        folder.record("features.npy")
    }

    /// `Φ[s, k]` (the MDP stores `[S, A, K]`; the demo's features are state features).
    static func stateFeatures(_ p: DemoProblem) -> Tensor<Double> {
        let (s, a, k) = (p.mdp.stateCount, p.mdp.actionCount, p.featureCount)
        let phi = p.environment.features
        return Tensor(shape: [s, k]) { i in phi.scalars[((i / k) * a) * k + i % k] }
    }

    /// Drops a trailing batch axis of size 1.
    static func squeezed(_ t: Tensor<Double>) -> Tensor<Double> {
        guard t.rank >= 2, t.shape.last == 1, let r = try? t.reshaped(Array(t.shape.dropLast())) else { return t }
        return r
    }

    /// The most likely action of `π_0` in every cell, as arrows (a dot for "stay").
    static func policyArrows(_ policy: Policy<Double>, grid: Gridworld) -> [CellArrow] {
        (0..<grid.stateCount).map { s in
            let best =
                (0..<policy.actionCount).max {
                    policy.probability(time: 0, state: s, action: $0) < policy.probability(time: 0, state: s, action: $1)
                } ?? 4
            let (r, c) = grid.cell(s)
            let move = Gridworld.moves[best]
            return CellArrow(
                row: r, column: c, dx: Double(move.dc), dy: Double(move.dr), length: 0.8,
                opacity: Double(policy.probability(time: 0, state: s, action: best)))
        }
    }
}
