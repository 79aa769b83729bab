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

            Part (b), gridworld: a SIZE×SIZE gridworld (slip 0.1, 5 actions, every episode starting in the \
            top-left cell, 2×2 region features; the true reward is +1 on the block holding cell \
            (SIZE/2−1, SIZE/2−1) and −1 on the block holding (0, SIZE/2−1), above it). For each H, \
            --demonstrations trajectories are sampled from the expert (optimal by default). Learners: \
            behavioural cloning (one table per step, uniform where no demonstration went at that step), \
            DAgger (querying the expert), MaxEnt IRL and the primal game solver (averaged policy). Each \
            learner's gap J(π_E) − J(π) under the true reward, and its growth exponent: the least-squares \
            slope of log gap against log H over the horizons whose gap is positive (zero or negative gaps \
            — possible with a soft expert, which a learner can beat — have no logarithm and are left out; \
            the exponents table says how many).

            Writes to --output: figure-18-1.svg, figure-18-1.csv, gridworld-gaps.svg, gridworld-gaps.csv, \
            gridworld-exponents.csv and compounding.npz (every number).
            """
    )

    /// `optimal` or `soft=α`.
    struct ExpertChoice: ExpressibleByArgument, Sendable {
        let kind: CompoundingErrorExperiment.GridworldSettings.ExpertKind

        init(kind: CompoundingErrorExperiment.GridworldSettings.ExpertKind) {
            self.kind = kind
        }

        init?(argument: String) {
            if argument == "optimal" {
                kind = .optimal
                return
            }
            let parts = argument.split(separator: "=")
            guard parts.count == 2, parts[0] == "soft", let alpha = Double(parts[1]), alpha > 0, alpha.isFinite else { return nil }
            kind = .soft(temperature: alpha)
        }

        var defaultValueDescription: String {
            if case let .soft(alpha) = kind { return "soft=\(alpha)" }
            return "optimal"
        }
    }

    enum Part: String, ExpressibleByArgument, CaseIterable, Sendable {
        case figure, gridworld, both
    }

    @OptionGroup(title: "Memory") var memory: MemoryBudgetOptions

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

    @Option(help: "Gridworld: slip probability.")
    var slip: Double = 0.1

    @Option(help: ArgumentHelp("Gridworld: learners to run, comma-separated (bc, dagger, maxent, primal).", valueName: "list"))
    var learners: String = "bc,dagger,maxent,primal"

    @Flag(help: "Gridworld: fit one stationary behavioural-cloning table instead of one per step.")
    var stationaryCloning = false

    @Option(
        help: ArgumentHelp(
            "Gridworld: the demonstrator, optimal (deterministic: every gap ≥ 0) or soft=α (soft-optimal at temperature α).",
            valueName: "optimal|soft=α"))
    var expert: ExpertChoice = ExpertChoice(kind: .optimal)

    @Option(help: "Gridworld: MaxEnt IRL's soft-VI temperature α (its model of the expert's rationality).")
    var maxentTemperature: Double = 0.25

    @Option(help: "Gridworld: MaxEnt IRL iteration limit.")
    var maxentIterations: Int = 300

    @Option(help: "Gridworld: primal solver rounds.")
    var primalIterations: Int = 500

    @Option(help: "Gridworld: primal solver base step of both players (divided by H when run).")
    var primalStep: Double = 30

    @Option(help: "Gridworld: DAgger iterations.")
    var daggerIterations: Int = 5

    @Option(help: "Seed of the demonstrations and DAgger rollouts (same seed, same numbers).")
    var seed: UInt64 = 0

    @Option(help: ArgumentHelp("Output folder (created; files in it are replaced).", valueName: "DIR"))
    var output: String = "irl-compounding-output"

    @Flag(help: "No progress messages on standard error.")
    var quiet = false

    func validate() throws {
        guard epsilon >= 0, epsilon <= 1 else { throw ValidationError("--epsilon must be in [0, 1], got \(epsilon).") }
        guard Set(horizons.values).count == horizons.values.count else { throw ValidationError("--horizons has a repeated value.") }
        guard size >= 4 else { throw ValidationError("--size must be at least 4, got \(size).") }
        guard demonstrations >= 1 else { throw ValidationError("--demonstrations must be at least 1, got \(demonstrations).") }
        guard repetitions >= 1 else { throw ValidationError("--repetitions must be at least 1, got \(repetitions).") }
        guard maxentTemperature > 0 else { throw ValidationError("--maxent-temperature must be positive, got \(maxentTemperature).") }
        guard slip >= 0, slip <= 1 else { throw ValidationError("--slip must be a probability in [0, 1], got \(slip).") }
        guard (try? parsedLearners()) != nil else {
            throw ValidationError("--learners must list some of bc, dagger, maxent, primal, got '\(learners)'.")
        }
        guard primalIterations >= 1 else { throw ValidationError("--primal-iterations must be at least 1, got \(primalIterations).") }
        guard primalStep > 0, primalStep.isFinite else { throw ValidationError("--primal-step must be positive, got \(primalStep).") }
        guard daggerIterations >= 1 else { throw ValidationError("--dagger-iterations must be at least 1, got \(daggerIterations).") }
        guard maxentIterations >= 1 else { throw ValidationError("--maxent-iterations must be at least 1, got \(maxentIterations).") }
    }

    /// The learners named by `--learners`.
    func parsedLearners() throws -> [CompoundingErrorExperiment.Learner] {
        let names: [String: CompoundingErrorExperiment.Learner] = [
            "bc": .behavioralCloning, "dagger": .dagger, "maxent": .maxEntIRL, "primal": .primal,
        ]
        let list = try learners.split(separator: ",").map { name in
            guard let learner = names[name.trimmingCharacters(in: .whitespaces).lowercased()] else {
                throw CommandFailure("unknown learner \(name)")
            }
            return learner
        }
        guard !list.isEmpty else { throw CommandFailure("no learner") }
        return Array(Set(list)).sorted()
    }

    /// The experiment the options describe.
    func experiment() throws -> CompoundingErrorExperiment {
        var maxEnt = CompoundingErrorExperiment.GridworldSettings.defaultMaxEntOptions
        maxEnt.maxIterations = maxentIterations
        maxEnt.temperature = maxentTemperature
        var primal = CompoundingErrorExperiment.GridworldSettings.defaultPrimalOptions
        primal.iterations = primalIterations
        primal.policyStepSize = primalStep
        primal.rewardStepSize = primalStep
        return CompoundingErrorExperiment(
            figure: .init(epsilon: epsilon, horizons: horizons.values),
            gridworld: .init(
                width: size, height: size, slip: slip, horizons: horizons.values, demonstrations: demonstrations,
                expert: expert.kind, timeIndexedCloning: !stationaryCloning,
                daggerIterations: daggerIterations, maxEnt: maxEnt, primal: primal, learners: try parsedLearners(),
                repetitions: repetitions, seed: seed))
    }

    func run() throws {
        let progress = ProgressLine(enabled: !quiet, every: 1)
        let experiment = try experiment()
        let figure = part == .gridworld ? nil : try experiment.runFigure()
        let gridworld =
            part == .figure
            ? nil
            : try experiment.runGridworld { step in
                progress.note(
                    "H = \(step.horizon), repetition \(step.repetition + 1): \(step.learner.rawValue)  (\(String(format: "%.1f", progress.elapsed)) s)"
                )
            }
        if let figure { print(Self.report(figure)) }
        if let gridworld { print(Self.report(gridworld)) }
        let names = try OutputFolder.write(to: output) { folder in
            var arrays = [String: NumPyArray]()
            if let figure {
                try folder.write(text: figure.table.csv(), as: "figure-18-1.csv")
                try ExperimentCharts.lineChart(
                    title: "Figure 18.1: equal BC loss ε = \(epsilon), different gaps", series: figure.series,
                    xLabel: "horizon H", yLabel: "J(π_E) − J(π)", logarithmic: true
                )
                .write(into: &folder, as: "figure-18-1.svg")
                for (j, name) in figure.table.columns.enumerated() {
                    arrays["figure_" + Self.arrayName(name)] = NumPyArray(Tensor(figure.table.rows.map { $0[j] }))
                }
            }
            if let gridworld {
                try folder.write(text: gridworld.table.csv(), as: "gridworld-gaps.csv")
                try folder.write(text: Self.exponentCSV(gridworld), as: "gridworld-exponents.csv")
                try ExperimentCharts.lineChart(
                    title: "Gridworld: gap vs horizon (\(demonstrations) demonstrations)", series: gridworld.series,
                    xLabel: "horizon H", yLabel: "J(π_E) − J(π)", logarithmic: true
                )
                .write(into: &folder, as: "gridworld-gaps.svg")
                for (j, name) in gridworld.table.columns.enumerated() {
                    arrays["gridworld_" + Self.arrayName(name)] = NumPyArray(Tensor(gridworld.table.rows.map { $0[j] }))
                }
                for learner in gridworld.learners {
                    arrays["gridworld_exponent_" + Self.arrayName(learner.rawValue)] = NumPyArray(
                        Tensor([gridworld.exponents[learner]?.value ?? .nan]))
                }
            }
            try NumPyArchive.write(arrays, to: folder.url("compounding.npz"))
            folder.record("compounding.npz")
        }
        print("wrote \(OutputFolder.displayName(output)): \(names.joined(separator: " "))")
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
        let expert: String
        switch s.expert {
        case .optimal: expert = "optimal expert"
        case let .soft(alpha): expert = "soft-optimal expert (α = \(alpha))"
        }
        var text = """
            Gridworld \(s.width)×\(s.height), slip \(s.slip), \(expert), \(s.demonstrations) demonstrations per H, \
            \(s.timeIndexedCloning ? "time-indexed" : "stationary") BC, MaxEnt α = \(s.maxEnt.temperature), \
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
            text +=
                "\(learner.rawValue),\(number(fit?.exponent)),\(number(fit?.coefficient)),\(fit?.usedCount ?? 0),\(fit?.excludedCount ?? 0)\n"
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
