import ArgumentParser
import DenseTensors
import Foundation
import IRL

/// `--transitions`, `--initial`, `--features`: an MDP given as NumPy files.
struct MDPFileOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Transitions P[s, a, s'] as a .npy of shape [S, A, S]; every row P[s, a, ·] is a distribution.",
            valueName: "P.npy"))
    var transitions: String?

    @Option(help: ArgumentHelp("Start distribution ρ₀ as a .npy of shape [S] (default: uniform over the states).", valueName: "rho.npy"))
    var initial: String?

    @Option(
        help: ArgumentHelp(
            "Features Φ as a .npy of shape [S, K] (state features, broadcast over actions) or [S, A, K].",
            valueName: "Phi.npy"))
    var features: String?

    /// The MDP the files describe.
    /// - Throws: a ``CommandFailure`` naming the option for an unreadable file, an ``IRLError`` for invalid contents.
    func mdp(_ horizon: HorizonOptions) throws -> TabularMDP<Double> {
        guard let transitions else { throw CommandFailure("--transitions is required") }
        let p = try ArrayFiles.tensor(transitions, option: "--transitions")
        guard p.rank == 3, p.shape[0] >= 1, p.shape[1] >= 1, p.shape[2] == p.shape[0] else {
            throw CommandFailure("--transitions: expected shape [S, A, S], got \(p.shape)")
        }
        let s = p.shape[0]
        let rho = try initial.map { try ArrayFiles.tensor($0, option: "--initial") } ?? Tensor(shape: [s]) { _ in 1 / Double(s) }
        let phi = try features.map { try ArrayFiles.tensor($0, option: "--features") }
        let (h, gamma) = horizon.resolved
        return try TabularMDP(transitions: p, initialDistribution: rho, horizon: h, discount: gamma, features: phi)
    }
}
