import ArgumentParser
import DenseTensors
import Foundation
import IRL
import NumPyIO

/// `irl solve`: soft value iteration on an MDP given as NumPy files.
struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Soft value iteration: values V, Q-values Q and the soft-optimal policy π of a reward, as an .npz.",
        discussion: """
            Solves Q_t(s, a) = r(s, a) + γ·Σ_s' P(s'|s, a)·V_{t+1}(s'), V_t(s) = α·log Σ_a exp(Q_t(s, a)/α), \
            π_t(a|s) = exp((Q_t(s, a) − V_t(s))/α) with V_H = 0, for a batch of B rewards at once.

            The reward is --reward r.npy of shape [S] (state reward), [S, A] or [S, A, B] (−∞ marks a \
            forbidden action), or --features Phi.npy with --weights w.npy of shape [K] or [K, B] (r = Φ·w).

            The output .npz holds, with the batch axis last even when B = 1:
              V            [H+1, S, B]   (infinite horizon: [1, S, B])
              Q            [H, S, A, B]  (infinite horizon: [1, S, A, B])
              pi           [H, S, A, B]  (infinite horizon: [1, S, A, B]); `irl occupancy --policy` reads it
              start_value  [B]           Σ_s ρ₀(s)·V_0(s)
            It is written atomically: on any error nothing is written.
            """
    )

    @OptionGroup(title: "MDP") var files: MDPFileOptions
    @OptionGroup(title: "Horizon") var horizon: HorizonOptions
    @OptionGroup(title: "Memory") var memory: MemoryBudgetOptions

    @Option(help: ArgumentHelp("Reward as a .npy of shape [S], [S, A] or [S, A, B].", valueName: "r.npy"))
    var reward: String?

    @Option(help: ArgumentHelp("Reward weights w as a .npy of shape [K] or [K, B], with --features (r = Φ·w).", valueName: "w.npy"))
    var weights: String?

    @Option(help: "Temperature α > 0 of the soft maximum (α → 0 approaches hard value iteration).")
    var temperature: Double = 1

    @Option(help: ArgumentHelp("Where to write the .npz (replaced atomically).", valueName: "out.npz"))
    var output: String

    func validate() throws {
        guard files.transitions != nil else { throw ValidationError("--transitions P.npy is required.") }
        guard temperature > 0, temperature.isFinite else { throw ValidationError("--temperature must be positive, got \(temperature).") }
        switch (reward, weights) {
        case (nil, nil): throw ValidationError("Give a reward: --reward r.npy, or --features Phi.npy with --weights w.npy.")
        case (.some, .some): throw ValidationError("Give either --reward or --weights, not both.")
        case (nil, .some) where files.features == nil: throw ValidationError("--weights needs --features Phi.npy.")
        default: break
        }
    }

    func run() throws {
        let solution = try solve()
        try NumPyArchive.write(solution, to: URL(fileURLWithPath: output))
    }

    /// The arrays `irl solve` writes, by name.
    func solve() throws -> [String: NumPyArray] {
        let mdp = try files.mdp(horizon)
        let r: Reward<Double>
        if let reward {
            let t = try ArrayFiles.tensor(reward, option: "--reward", allowNegativeInfinity: true)
            switch t.rank {
            case 1: r = .state(t)
            case 2, 3: r = .stateAction(t)
            default: throw CommandFailure("--reward: expected shape [S], [S, A] or [S, A, B], got \(t.shape)")
            }
        } else if let weights {
            r = .linear(weights: try ArrayFiles.tensor(weights, option: "--weights"))
        } else {
            throw CommandFailure("no reward given")
        }
        let plan = try SoftValueIteration<Double>(temperature: temperature, keepsQValues: true).solve(mdp, reward: r)
        var arrays: [String: NumPyArray] = [
            "V": NumPyArray(plan.values), "pi": NumPyArray(plan.policy.probabilities),
            "start_value": NumPyArray(plan.startValue(mdp)),
        ]
        if let q = plan.qValues { arrays["Q"] = NumPyArray(q) }
        return arrays
    }
}
