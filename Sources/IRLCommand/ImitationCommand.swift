import ArgumentParser

/// `irl`: imitation learning as a game on tabular MDPs, from the command line.
@main
struct ImitationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "irl",
        abstract: "Imitation learning as a game on tabular MDPs: MaxEnt IRL, soft value iteration, experiments.",
        discussion: """
            Start with `irl demo` (no input needed). The file subcommands read and write NumPy \
            .npy/.npz files (float32 or float64; integer arrays for states and actions).

            Conventions: arrays are row-major; transitions are P[s, a, s'] of shape [S, A, S]; \
            state-action arrays are [S, A, B] with the batch of B problems last; a finite horizon H \
            is the number of decisions t = 0 … H−1, so values have H+1 rows (row H is the terminal \
            value, 0) and time-indexed policies H tables; an infinite horizon needs a discount γ < 1 \
            and gives one stationary row. Soft value iteration: Q_t = r + γ·P·V_{t+1}, \
            V_t = α·log Σ_a exp(Q_t/α), π_t = exp((Q_t − V_t)/α). Occupancy μ = Σ_{t<H} γᵗ·x_t with \
            x_t(s, a) = d_t(s)·π_t(a|s).
            """,
        subcommands: [DemoCommand.self, ExperimentCommand.self, MaxEntCommand.self, SolveCommand.self, OccupancyCommand.self]
    )
}
