import ArgumentParser
import DenseTensors
import Foundation
import IRL
import NumPyIO
import Plots

/// `irl experiment pareto`: the frontier of two rewards and the game's equilibrium on it.
struct ParetoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pareto",
        abstract: "Pareto frontier of two rewards (one batched soft-VI call over the weights) and the max–min equilibrium.",
        discussion: """
            A SIZE×SIZE gridworld (slip 0.1, 5 actions, start top-left); r1(s) = 1 − d(s, bottom-right \
            corner)/(2·SIZE − 2) and r2(s) = 1 − d(s, top-right corner)/(2·SIZE − 2), with d the Manhattan \
            distance: two conflicting goals. For weights w = 0, 1/(W−1), …, 1 the soft best responses \
            to w·r1 + (1−w)·r2 are computed in one batched soft value iteration (B = W), and each is \
            scored by its exact returns (J1, J2).

            The equilibrium is the max–min point of the game max_π min(Ĵ1, Ĵ2) over these policies, with \
            returns normalised to [0, 1] by the two single-reward best responses; it is found by a 1-D \
            search over w (each round one more batched call of --batch weights around the best one).

            Writes to --output: pareto.svg, pareto.csv and pareto.npz.
            """
    )

    @OptionGroup(title: "Memory") var memory: MemoryBudgetOptions

    @Option(help: "Gridworld side (SIZE×SIZE cells).")
    var size: Int = 8

    @Option(help: ArgumentHelp("Horizon: the number of decisions.", valueName: "H"))
    var horizon: Int = 30

    @Option(help: "Soft-VI temperature α > 0.")
    var temperature: Double = 1

    @Option(help: ArgumentHelp("Number of weights W ≥ 2 on the grid w = i/(W−1).", valueName: "W"))
    var weights: Int = 21

    @Option(help: "Rounds of the equilibrium search (0: the best grid weight).")
    var rounds: Int = 4

    @Option(help: "Weights solved per search round (one batched call each).")
    var batch: Int = 8

    @Option(help: ArgumentHelp("Output folder (created; files in it are replaced).", valueName: "DIR"))
    var output: String = "irl-pareto-output"

    func validate() throws {
        guard size >= 2 else { throw ValidationError("--size must be at least 2, got \(size).") }
        guard horizon >= 1 else { throw ValidationError("--horizon must be at least 1, got \(horizon).") }
        guard temperature > 0 else { throw ValidationError("--temperature must be positive, got \(temperature).") }
        guard weights >= 2 else { throw ValidationError("--weights must be at least 2 (w = 0 and w = 1), got \(weights).") }
        guard rounds >= 0 else { throw ValidationError("--rounds must be non-negative, got \(rounds).") }
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1, got \(batch).") }
    }

    var experiment: ParetoFrontierExperiment {
        ParetoFrontierExperiment(
            width: size, height: size, horizon: horizon, temperature: temperature, weightCount: weights,
            searchRounds: rounds, searchBatch: batch)
    }

    func run() throws {
        let result = try experiment.run()
        let e = result.equilibrium
        print(
            """
            Pareto frontier of r1 (near the bottom-right corner) and r2 (near the top-right corner), \(size)×\(size) gridworld, H = \(horizon), α = \(temperature)
            \(result.table.formatted())
            (last row: the equilibrium.) Equilibrium: w* = \(ExperimentTable.format(e.weight, digits: 6)), \
            J1 = \(ExperimentTable.format(e.firstReturn)), J2 = \(ExperimentTable.format(e.secondReturn)), \
            min(Ĵ1, Ĵ2) = \(ExperimentTable.format(e.gameValue)) (\(result.batchedSolves) batched soft-VI calls)

            """)
        let names = try OutputFolder.write(to: output) { folder in
            try folder.write(text: result.table.csv(), as: "pareto.csv")
            let chart = ScatterChart(
                title: "Pareto frontier: soft best responses to w·r1 + (1−w)·r2",
                series: result.series.map { s in
                    ScatterChart.Series(
                        s.name,
                        points: zip(zip(s.x, s.y), result.points).map { xy, p in
                            ScatterChart.Point(x: xy.0, y: xy.1, label: Self.weightLabel(p.weight, count: result.points.count))
                        }, connection: .sortedByX)
                },
                highlights: [
                    ScatterChart.Highlight(
                        "equilibrium (max–min)", x: e.firstReturn, y: e.secondReturn,
                        label: "w* = \(ExperimentTable.format(e.weight, digits: 3))")
                ],
                xAxis: Axis("J1 = J(π, r1)"), yAxis: Axis("J2 = J(π, r2)"))
            try chart.write(into: &folder, as: "pareto.svg")
            let p = result.points
            let arrays: [String: NumPyArray] = [
                "w": NumPyArray(Tensor(p.map(\.weight))), "J1": NumPyArray(Tensor(p.map(\.firstReturn))),
                "J2": NumPyArray(Tensor(p.map(\.secondReturn))), "J1_normalized": NumPyArray(Tensor(p.map(\.firstNormalized))),
                "J2_normalized": NumPyArray(Tensor(p.map(\.secondNormalized))),
                "equilibrium": NumPyArray(Tensor([e.weight, e.firstReturn, e.secondReturn, e.firstNormalized, e.secondNormalized])),
            ]
            try NumPyArchive.write(arrays, to: folder.url("pareto.npz"))
            folder.record("pareto.npz")
        }
        print("wrote \(OutputFolder.displayName(output)): \(names.joined(separator: " "))")
    }

    /// Labels every fifth grid point (and the ends) with its weight.
    static func weightLabel(_ w: Double, count: Int) -> String? {
        let i = Int((w * Double(count - 1)).rounded())
        return i % 5 == 0 || i == count - 1 ? "w=\(ExperimentTable.format(w, digits: 2))" : nil
    }
}
