import ArgumentParser
import DenseTensors
import Foundation
import IRL
import NumPyIO
import Plots

/// `irl experiment compounding`: behavioural cloning's gap grows like εH², the game's like εH.
struct CompoundingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compounding",
        abstract: "Compounding errors: gap vs horizon H on Figure 18.1 (exact) and on a gridworld (BC, DAgger, MaxEnt IRL).",
        discussion: """
            Part (a), Figure 18.1: two learners with the same behavioural-cloning loss ε; the exact gaps \
            (by policy evaluation) next to their closed forms, ≈ εH and ≈ εH²/2.

            Part (b), gridworld: a SIZE×SIZE gridworld (slip 0.1, 5 actions, start top-left, 2×2 region \
            features, true reward +1 on the bottom-right block and −1 on the centre block), a soft-optimal \
            expert, and a finite set of sampled demonstrations per H. Each learner's gap J(π_E) − J(π) \
            under the true reward, and its growth exponent: the least-squares slope of log gap against \
            log H over the horizons whose gap is positive (zero or negative gaps — a learner matching \
            or beating the soft expert — have no logarithm and are left out; the exponents table says how many).

            Writes to --output: figure-18-1.svg, figure-18-1.csv, gridworld-gaps.svg, gridworld-gaps.csv, \
            gridworld-exponents.csv and compounding.npz (every number).
            """
    )

    enum Part: String, ExpressibleByArgument, CaseIterable, Sendable {
        case figure, gridworld, both
    }

    @Option(help: "Which part to run: figure (18.1, exact), gridworld, or both.")
    var part: Part = .both

    @Option(help: ArgumentHelp("Horizons H, comma-separated.", valueName: "H,H,…"))
    var horizons: IntegerList = IntegerList(CompoundingErrorExperiment.defaultHorizons)

    @Option(help: "Figure 18.1: the learners' error ε in [0, 1].")
    var epsilon: Double = 0.01

    @Option(help: "Gridworld side (SIZE×SIZE cells).")
    var size: Int = 8

    @Option(help: "Gridworld: demonstrated trajectories per horizon.")
    var demonstrations: Int = 10

    @Option(help: "Gridworld: independent demonstration sets per horizon (the table shows mean gaps).")
    var repetitions: Int = 1

    @Option(help: "Gridworld: the expert's (and MaxEnt IRL's) soft-VI temperature α.")
    var expertTemperature: Double = 0.25

    @Option(help: "Gridworld: MaxEnt IRL iteration limit.")
    var maxentIterations: Int = 300

    @Option(help: "Seed of the demonstrations and DAgger rollouts (same seed, same numbers).")
    var seed: UInt64 = 0

    @Option(help: ArgumentHelp("Output folder (created; files in it are replaced).", valueName: "DIR"))
    var output: String = "irl-compounding-output"

    @Flag(help: "No progress messages on standard error.")
    var quiet = false

    func validate() throws {
        guard epsilon >= 0, epsilon <= 1 else { throw ValidationError("--epsilon must be in [0, 1], got \(epsilon).") }
        guard Set(horizons.values).count == horizons.values.count else { throw ValidationError("--horizons has a repeated value.") }
        guard size >= 2 else { throw ValidationError("--size must be at least 2, got \(size).") }
        guard demonstrations >= 1 else { throw ValidationError("--demonstrations must be at least 1, got \(demonstrations).") }
        guard repetitions >= 1 else { throw ValidationError("--repetitions must be at least 1, got \(repetitions).") }
        guard expertTemperature > 0 else { throw ValidationError("--expert-temperature must be positive, got \(expertTemperature).") }
        guard maxentIterations >= 1 else { throw ValidationError("--maxent-iterations must be at least 1, got \(maxentIterations).") }
    }

    /// The experiment the options describe.
    var experiment: CompoundingErrorExperiment {
        var maxEnt = CompoundingErrorExperiment.GridworldSettings.defaultMaxEntOptions
        maxEnt.maxIterations = maxentIterations
        return CompoundingErrorExperiment(
            figure: .init(epsilon: epsilon, horizons: horizons.values),
            gridworld: .init(width: size, height: size, horizons: horizons.values, demonstrations: demonstrations,
                             expertTemperature: expertTemperature, maxEnt: maxEnt, repetitions: repetitions, seed: seed))
    }

    func run() throws {
        let progress = ProgressLine(enabled: !quiet, every: 1)
        let experiment = experiment
        let figure = part == .gridworld ? nil : try experiment.runFigure()
        let gridworld = part == .figure ? nil : try experiment.runGridworld { step in
            progress.note("H = \(step.horizon), repetition \(step.repetition + 1): \(step.learner.rawValue)  (\(String(format: "%.1f", progress.elapsed)) s)")
        }
        if let figure { print(Self.report(figure)) }
        if let gridworld { print(Self.report(gridworld)) }
        let names = try OutputFolder.write(to: output) { folder in
            var arrays = [String: NumPyArray]()
            if let figure {
                try folder.write(text: figure.table.csv(), as: "figure-18-1.csv")
                try ExperimentCharts.lineChart(title: "Figure 18.1: equal BC loss ε = \(epsilon), different gaps", series: figure.series,
                                               xLabel: "horizon H", yLabel: "J(π_E) − J(π)", logarithmic: true)
                    .write(into: &folder, as: "figure-18-1.svg")
                for (j, name) in figure.table.columns.enumerated() {
                    arrays["figure_" + Self.arrayName(name)] = NumPyArray(Tensor(figure.table.rows.map { $0[j] }))
                }
            }
            if let gridworld {
                try folder.write(text: gridworld.table.csv(), as: "gridworld-gaps.csv")
                try folder.write(text: Self.exponentCSV(gridworld), as: "gridworld-exponents.csv")
                try ExperimentCharts.lineChart(title: "Gridworld: gap vs horizon (\(demonstrations) demonstrations)", series: gridworld.series,
                                               xLabel: "horizon H", yLabel: "J(π_E) − J(π)", logarithmic: true)
                    .write(into: &folder, as: "gridworld-gaps.svg")
                for (j, name) in gridworld.table.columns.enumerated() {
                    arrays["gridworld_" + Self.arrayName(name)] = NumPyArray(Tensor(gridworld.table.rows.map { $0[j] }))
                }
                for learner in gridworld.learners {
                    arrays["gridworld_exponent_" + Self.arrayName(learner.rawValue)] = NumPyArray(Tensor([gridworld.exponents[learner]?.value ?? .nan]))
                }
            }
            try NumPyArchive.write(arrays, to: folder.url("compounding.npz"))
            folder.record("compounding.npz")
        }
        print("wrote \(output)/: \(names.joined(separator: " "))")
    }

    static func report(_ figure: CompoundingErrorExperiment.FigureResult) -> String {
        """
        Figure 18.1 (ε = \(figure.epsilon)): equal behavioural-cloning loss, gaps ≈ εH vs ≈ εH²/2 (exact evaluation)
        \(figure.table.formatted(significantDigits: 5))
        growth exponent (slope of log gap vs log H): π1 \(ExperimentTable.format(figure.exponentRecovering.value, digits: 3)), \
        π2 \(ExperimentTable.format(figure.exponentAbsorbed.value, digits: 3))

        """
    }

    static func report(_ result: CompoundingErrorExperiment.GridworldResult) -> String {
        let s = result.settings
        var text = """
            Gridworld \(s.width)×\(s.height), slip \(s.slip), \(s.demonstrations) demonstrations per H, expert α = \(s.expertTemperature), \
            \(s.repetitions) repetition(s), seed \(s.seed): gap J(π_E) − J(π) under the true reward
            \(result.table.formatted())
            growth exponents (least-squares slope of log gap vs log H; points with gap ≤ 0 are left out):

            """
        for learner in result.learners {
            let fit = result.exponents[learner]
            text += "  \(learner.rawValue): \(ExperimentTable.format(fit?.value ?? .nan, digits: 3))"
            text += "  (\(fit?.usedCount ?? 0) points used, \(fit?.excludedCount ?? 0) left out)\n"
        }
        return text
    }

    static func exponentCSV(_ result: CompoundingErrorExperiment.GridworldResult) -> String {
        var text = "learner,exponent,coefficient,points used,points excluded\n"
        for learner in result.learners {
            let fit = result.exponents[learner]
            let number = { (x: Double?) in x.map { "\($0)" } ?? "nan" }
            text += "\(learner.rawValue),\(number(fit?.exponent)),\(number(fit?.coefficient)),\(fit?.usedCount ?? 0),\(fit?.excludedCount ?? 0)\n"
        }
        return text
    }

    /// A column name as an array name: `gap π1` → `gap_pi1`, `ℓ_BC MaxEnt IRL` → `loss_BC_MaxEnt_IRL`.
    static func arrayName(_ name: String) -> String {
        let replaced = name.replacingOccurrences(of: "π", with: "pi").replacingOccurrences(of: "ℓ", with: "loss")
            .replacingOccurrences(of: "ε", with: "epsilon").replacingOccurrences(of: "²", with: "2")
            .replacingOccurrences(of: "J(pi_E)", with: "expert_return")
        return String(replaced.map { $0.isLetter || $0.isNumber ? $0 : "_" })
            .split(separator: "_", omittingEmptySubsequences: true).joined(separator: "_")
    }
}
