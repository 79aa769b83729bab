import ArgumentParser
import DenseTensors
import Foundation
import IRL
import NumPyIO

/// `irl occupancy`: the forward pass of a policy on an MDP given as NumPy files.
struct OccupancyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "occupancy",
        abstract: "Forward pass: per-step state distributions, the occupancy measure μ and feature expectations.",
        discussion: """
            Computes d_0 = ρ₀, x_t(s, a) = d_t(s)·π_t(a|s), d_{t+1}(s') = Σ_{s,a} P(s'|s, a)·x_t(s, a) and \
            μ(s, a) = Σ_{t<H} γᵗ·x_t(s, a) (mass Σ_{t<H} γᵗ; infinite horizon: 1/(1−γ), solved exactly).

            The policy is --policy pi.npy of shape [S, A] (stationary), [H, S, A] (time-indexed) or \
            [T, S, A, B] with T = 1 or H (the `pi` array `irl solve` writes).

            The output .npz holds, batch axis last:
              d      [H+1, S, B]  undiscounted state distributions d_0 … d_H
                                  (infinite horizon: [1, S, B], the discounted Σ_t γᵗ d_t)
              mu     [S, A, B]    the discounted state-action occupancy
              mass   [B]          Σ_{s,a} μ
              F      [K, B]       feature expectations Φᵀμ (only with --features)
            It is written atomically: on any error nothing is written.
            """
    )

    @OptionGroup(title: "MDP") var files: MDPFileOptions
    @OptionGroup(title: "Horizon") var horizon: HorizonOptions
    @OptionGroup(title: "Memory") var memory: MemoryBudgetOptions

    @Option(help: ArgumentHelp("Policy as a .npy of shape [S, A], [H, S, A] or [T, S, A, B].", valueName: "pi.npy"))
    var policy: String

    @Option(help: ArgumentHelp("Where to write the .npz (replaced atomically).", valueName: "out.npz"))
    var output: String

    func validate() throws {
        guard files.transitions != nil else { throw ValidationError("--transitions P.npy is required.") }
    }

    func run() throws {
        try NumPyArchive.write(try occupancy(), to: URL(fileURLWithPath: output))
    }

    /// The arrays `irl occupancy` writes, by name.
    func occupancy() throws -> [String: NumPyArray] {
        let mdp = try files.mdp(horizon)
        let p = try ArrayFiles.tensor(policy, option: "--policy")
        let pi: Policy<Double>
        switch p.rank {
        case 2: pi = try Policy(stationary: p)
        case 3, 4: pi = try Policy(timeIndexed: p)
        default: throw CommandFailure("--policy: expected shape [S, A], [H, S, A] or [T, S, A, B], got \(p.shape)")
        }
        let measure = try mdp.occupancy(of: pi)
        var arrays: [String: NumPyArray] = [
            "d": NumPyArray(measure.stateDistributions), "mu": NumPyArray(measure.stateActionOccupancy),
            "mass": NumPyArray(measure.mass),
        ]
        if let phi = mdp.features { arrays["F"] = NumPyArray(try measure.featureExpectations(phi)) }
        return arrays
    }
}
