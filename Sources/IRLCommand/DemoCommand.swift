import ArgumentParser
import Foundation
import IRL

/// `irl demo`: the whole story on a gridworld with a hidden reward, no input needed.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Recover a hidden gridworld reward from expert demonstrations with MaxEnt IRL, and compare with behavioural cloning.",
        discussion: """
            A SIZE×SIZE gridworld (5 actions, slip 0.1, uniform start) has a hidden reward on a few 2×2 \
            region features. Demonstrations are sampled from the soft-optimal expert (seeded). MaxEnt IRL \
            (Adam on the reward weights, soft value iteration as the policy player) recovers the weights; \
            a progress line on standard error shows iteration, moment mismatch ‖F_π − F_E‖∞, the \
            demonstrations' log-likelihood and the elapsed time. Then a summary table on standard output \
            compares the expert, MaxEnt IRL and behavioural cloning under the true reward.

            Output folder: rewards.svg (true vs recovered reward), occupancy.svg (expert vs learners), \
            learning-curve.svg, true-reward-gap.svg, demo.npz (every array), demonstrations.npz \
            (states [N, H+1], actions [N, H]) and transitions.npy, initial.npy, features.npy — the inputs \
            `irl maxent` takes.
            """
    )

    @OptionGroup(title: "Memory") var memory: MemoryBudgetOptions

    @Option(help: "Grid side: SIZE×SIZE cells (2…64).")
    var size: Int = 10

    @Option(help: "Seed of the sampled demonstrations (same seed, same output).")
    var seed: UInt64 = 0

    @Option(help: "MaxEnt IRL iteration limit (it stops earlier once ‖F_π − F_E‖∞ ≤ 1e-3).")
    var iterations: Int = 300

    @Option(name: .customLong("demonstrations"), help: ArgumentHelp("Number of demonstrated trajectories.", valueName: "N"))
    var demonstrationCount: Int = 100

    @Option(help: ArgumentHelp("Horizon: decisions per trajectory.", valueName: "H"))
    var horizon: Int = 30

    @Option(help: "Without a terminal, print a progress line every this many iterations.")
    var progressEvery: Int = 25

    @Option(help: ArgumentHelp("Output folder (created; files in it are replaced).", valueName: "DIR"))
    var output: String = "irl-demo-output"

    @Flag(help: "No progress line on standard error.")
    var quiet = false

    func validate() throws {
        guard (2...64).contains(size) else { throw ValidationError("--size must be between 2 and 64, got \(size).") }
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1, got \(iterations).") }
        guard demonstrationCount >= 1 else { throw ValidationError("--demonstrations must be at least 1, got \(demonstrationCount).") }
        guard horizon >= 1 else { throw ValidationError("--horizon must be at least 1, got \(horizon).") }
        guard progressEvery >= 1 else { throw ValidationError("--progress-every must be at least 1, got \(progressEvery).") }
    }

    func run() throws {
        let line = ProgressLine(enabled: !quiet, every: progressEvery)
        let problem = try DemoProblem(size: size, horizon: horizon, demonstrations: demonstrationCount, seed: seed)
        line.note(
            "irl demo: \(size)×\(size) gridworld, \(demonstrationCount) demonstrations of \(horizon) steps (seed \(seed)); MaxEnt IRL:")
        let outcome = try DemoOutcome.run(
            problem, iterations: iterations,
            progress: { p in
                line.update(
                    iteration: p.iteration, of: p.maxIterations, mismatch: p.worstMismatch, logLikelihood: p.record.logLikelihood?.first,
                    isLast: p.activeColumns == 0 || p.iteration == p.maxIterations)
            }, clock: { line.elapsed })
        line.finish()
        print(DemoSummary.text(outcome))
        let names = try OutputFolder.write(to: output) { folder in try DemoFiles.write(outcome, into: &folder) }
        print("wrote \(OutputFolder.displayName(output)): \(names.joined(separator: " "))")
    }
}
