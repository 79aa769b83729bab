import ArgumentParser
import DenseTensors
import Foundation
import IRL
import NumPyIO

/// `irl maxent`: MaxEnt IRL on a gridworld spec or on MDP files.
struct MaxEntCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maxent",
        abstract: "MaxEnt IRL: reward weights from demonstrations (or an expert occupancy), on a gridworld or MDP files.",
        discussion: """
            The MDP is either a gridworld (--grid WxH with --slip, --actions, --grid-features; uniform \
            start) or files (--transitions, --features, optional --initial). The expert is either \
            --demonstrations demos.npz with integer arrays `states` [N, H+1] (or [N, H]) and `actions` \
            [N, H], or --expert-occupancy mu.npy of shape [S, A] with the MDP's occupancy mass \
            (Σ_{t<H} γᵗ, or 1/(1−γ)).

            The reward player descends g(λ) = ρ₀·V_soft(Φλ) − λ·F_E + (c/2)‖λ‖² with gradient \
            F_π − F_E + c·λ; the policy player answers with soft value iteration. It stops when \
            ‖F_π − F_E‖∞ ≤ --tolerance or after --iterations.

            The output .npz (written atomically; nothing is written on error) holds:
              weights                     [K]     λ
              reward                      [S, A]  r = Φ·λ
              policy                      [T, S, A]  soft-optimal; T = H (infinite horizon: 1)
              values                      [T+1, S]  (infinite horizon: [1, S])
              occupancy                   [S, A]  μ of the policy
              feature_expectations        [K]     F_π
              expert_feature_expectations [K]     F_E
              history_mismatch            [I]     ‖F_π − F_E‖∞ per iteration
              history_mismatch_l2         [I]
              history_dual_objective      [I]     g(λ_t)
              history_log_likelihood      [I]     with demonstrations only
              iterations                  [1]     I
            """
    )

    enum OptimizerChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
        case gradient, adam
    }

    enum ScheduleChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
        case constant
        case inverseSqrt = "inverse-sqrt"
        case inverseTime = "inverse-time"
    }

    @OptionGroup(title: "Gridworld MDP") var gridworld: GridworldOptions
    @OptionGroup(title: "MDP from files") var files: MDPFileOptions
    @OptionGroup(title: "Memory") var memory: MemoryBudgetOptions
    @OptionGroup(title: "Horizon") var horizon: HorizonOptions

    @Option(help: ArgumentHelp("Demonstrations: .npz with `states` [N, H+1] and `actions` [N, H] (integers).", valueName: "demos.npz"))
    var demonstrations: String?

    @Option(help: ArgumentHelp("The expert's occupancy μ_E as a .npy of shape [S, A].", valueName: "mu.npy"))
    var expertOccupancy: String?

    @Option(help: "Iteration limit.")
    var iterations: Int = 300

    @Option(help: "The reward player's update: gradient (descent) or adam.")
    var optimizer: OptimizerChoice = .adam

    @Option(help: "Base step size η > 0.")
    var stepSize: Double = 0.05

    @Option(help: "Step schedule: constant, inverse-sqrt (η/√t) or inverse-time (η/t).")
    var schedule: ScheduleChoice = .constant

    @Option(help: "Soft-VI temperature α > 0 (the expert's assumed rationality).")
    var temperature: Double = 1

    @Option(help: "L2 regularisation c ≥ 0 on the weights.")
    var l2: Double = 0

    @Option(help: "Stop when ‖F_π − F_E‖∞ ≤ this (0: run all iterations).")
    var tolerance: Double = 1e-4

    @Option(help: ArgumentHelp("Where to write the .npz (replaced atomically).", valueName: "out.npz"))
    var output: String

    @Option(help: "Without a terminal, print a progress line every this many iterations.")
    var progressEvery: Int = 25

    @Flag(help: "No progress line on standard error.")
    var quiet = false

    func validate() throws {
        switch (gridworld.grid, files.transitions) {
        case (nil, nil): throw ValidationError("Give the MDP: --grid WxH, or --transitions P.npy with --features Phi.npy.")
        case (.some, .some): throw ValidationError("Give either --grid or --transitions, not both.")
        case (nil, .some) where files.features == nil:
            throw ValidationError("--transitions needs --features Phi.npy (MaxEnt IRL learns r = Φ·λ).")
        case (.some, _) where files.features != nil || files.initial != nil:
            throw ValidationError("--features and --initial go with --transitions; a --grid uses --grid-features and a uniform start.")
        default: break
        }
        switch (demonstrations, expertOccupancy) {
        case (nil, nil): throw ValidationError("Give the expert: --demonstrations demos.npz or --expert-occupancy mu.npy.")
        case (.some, .some): throw ValidationError("Give either --demonstrations or --expert-occupancy, not both.")
        default: break
        }
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1, got \(iterations).") }
        guard stepSize > 0, stepSize.isFinite else { throw ValidationError("--step-size must be positive, got \(stepSize).") }
        guard temperature > 0, temperature.isFinite else { throw ValidationError("--temperature must be positive, got \(temperature).") }
        guard l2 >= 0 else { throw ValidationError("--l2 must be non-negative, got \(l2).") }
        guard tolerance >= 0 else { throw ValidationError("--tolerance must be non-negative, got \(tolerance).") }
        guard progressEvery >= 1 else { throw ValidationError("--progress-every must be at least 1, got \(progressEvery).") }
    }

    func run() throws {
        let arrays = try solve()
        try NumPyArchive.write(arrays, to: URL(fileURLWithPath: output))
        if !quiet { ProgressLine.write("wrote \(output)\n") }
    }

    /// The arrays `irl maxent` writes, by name.
    func solve() throws -> [String: NumPyArray] {
        let mdp = try gridworld.grid.map { try gridworld.mdp(size: $0, horizon: horizon).0 } ?? files.mdp(horizon)
        let statistics: ExpertStatistics<Double>
        if let demonstrations {
            let demos = try ArrayFiles.demonstrations(
                demonstrations, option: "--demonstrations", stateCount: mdp.stateCount,
                actionCount: mdp.actionCount)
            if let h = mdp.horizon.steps, demos.length != h {
                throw CommandFailure("--demonstrations: trajectories have \(demos.length) actions but the horizon is H = \(h)")
            }
            guard let counts = demos.timeIndexedCounts else { throw CommandFailure("--demonstrations: no counts") }
            var s = try ExpertStatistics(counts: counts, trajectories: [demos.trajectoryCount], discount: mdp.discount)
            if mdp.horizon == .infinite { s = try s.scaled(toMass: mdp.occupancyMass) }
            statistics = s
        } else if let expertOccupancy {
            statistics = try ExpertStatistics(occupancy: try ArrayFiles.tensor(expertOccupancy, option: "--expert-occupancy"))
        } else {
            throw CommandFailure("no expert given")
        }
        let options = MaxEntIRL<Double>.Options(
            optimizer: optimizer == .adam ? .adam() : .gradientDescent, stepSize: stepSize,
            schedule: schedule == .constant ? .constant : schedule == .inverseSqrt ? .inverseSquareRoot : .inverseTime,
            maxIterations: iterations, mismatchTolerance: tolerance, l2Regularization: l2, temperature: temperature)
        let line = ProgressLine(enabled: !quiet, every: progressEvery)
        let solution = try MaxEntIRL<Double>(options: options).solve(mdp, expert: statistics) { p in
            line.update(
                iteration: p.iteration, of: p.maxIterations, mismatch: p.worstMismatch, logLikelihood: p.record.logLikelihood?.first,
                isLast: p.activeColumns == 0 || p.iteration == p.maxIterations)
        }
        line.finish()
        let history = solution.history
        let squeeze = DemoFiles.squeezed
        var arrays: [String: NumPyArray] = [
            "weights": NumPyArray(squeeze(solution.weights)), "reward": NumPyArray(squeeze(solution.rewards)),
            "policy": NumPyArray(squeeze(solution.policy.probabilities)), "values": NumPyArray(squeeze(solution.plan.values)),
            "occupancy": NumPyArray(squeeze(solution.occupancy.stateActionOccupancy)),
            "feature_expectations": NumPyArray(squeeze(solution.featureExpectations)),
            "expert_feature_expectations": NumPyArray(squeeze(solution.expertFeatureExpectations)),
            "history_mismatch": NumPyArray(Tensor(history.map { $0.mismatchInfinity[0] })),
            "history_mismatch_l2": NumPyArray(Tensor(history.map { $0.mismatchTwo[0] })),
            "history_dual_objective": NumPyArray(Tensor(history.map { $0.dualObjective[0] })),
            "iterations": NumPyArray(indices: [solution.iterations.first ?? history.count]),
        ]
        if statistics.counts != nil {
            arrays["history_log_likelihood"] = NumPyArray(Tensor(history.map { $0.logLikelihood?.first ?? .nan }))
        }
        return arrays
    }
}
