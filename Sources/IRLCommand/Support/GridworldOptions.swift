import ArgumentParser
import DenseTensors
import IRL

/// A grid size written `WIDTHxHEIGHT`, e.g. `16x16`.
struct GridSize: ExpressibleByArgument, Sendable {
    let width: Int
    let height: Int

    init?(argument: String) {
        let parts = argument.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]), w >= 1, h >= 1 else { return nil }
        (width, height) = (w, h)
    }
}

/// The state features of a gridworld given on the command line.
enum GridFeatures: ExpressibleByArgument, Sendable {
    case oneHot
    case coordinates
    case regions(Int)

    init?(argument: String) {
        switch argument.lowercased() {
        case "onehot", "one-hot": self = .oneHot
        case "coordinates": self = .coordinates
        default:
            let parts = argument.lowercased().split(separator: "=")
            guard parts.count == 2, parts[0] == "regions", let size = Int(parts[1]), size >= 1 else { return nil }
            self = .regions(size)
        }
    }

    static var allValueStrings: [String] { ["onehot", "coordinates", "regions=N"] }

    var description: String {
        switch self {
        case .oneHot: return "onehot"
        case .coordinates: return "coordinates"
        case let .regions(n): return "regions=\(n)"
        }
    }
}

/// `--grid`, `--slip`, `--actions`, `--grid-features`: a gridworld MDP described on the command line.
struct GridworldOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "A gridworld WIDTHxHEIGHT (e.g. 16x16) instead of --transitions: cells numbered row-major s = row·WIDTH + column, uniform start.",
            valueName: "WxH"))
    var grid: GridSize?

    @Option(help: "Gridworld slip probability: a uniformly random action replaces the intended one.")
    var slip: Double = 0.1

    @Option(help: "Gridworld actions: 4 (up, right, down, left) or 5 (… and stay).")
    var actions: Int = 5

    @Option(
        help: ArgumentHelp(
            "Gridworld state features: onehot (K = S), coordinates (K = 2), or regions=N (N×N blocks). Default onehot.",
            valueName: "kind"))
    var gridFeatures: GridFeatures?

    func validate() throws {
        guard slip >= 0, slip <= 1 else { throw ValidationError("--slip must be a probability in [0, 1], got \(slip).") }
        guard actions == 4 || actions == 5 else { throw ValidationError("--actions must be 4 or 5, got \(actions).") }
    }

    /// The gridworld MDP with its features (uniform start).
    func mdp(size: GridSize, horizon: HorizonOptions) throws -> (TabularMDP<Double>, Gridworld) {
        // The features [S, K] and the per-state arrays of a pass, checked (with overflow) before
        // anything is built: a 100000x100000 grid with one-hot features is refused, not a trap.
        let (w, h) = (size.width, size.height)
        let (states, overflow) = w.multipliedReportingOverflow(by: h)
        let k: Int
        switch gridFeatures ?? .oneHot {
        case .oneHot: k = states
        case .coordinates: k = 2
        case let .regions(n): k = n &* n
        }
        try MemoryBudget.default.check(
            "gridworld \(w)x\(h) with \((gridFeatures ?? .oneHot).description) features (K = \(k))",
            bytes: overflow ? nil : MemoryBudget.bytes([[states, k], [4, states, actions]], scalarBytes: 8),
            suggestion: "use a smaller grid, --grid-features coordinates or regions=N, or raise --memory-budget")
        let world = try Gridworld(width: w, height: h, actionCount: actions, slip: slip)
        let phi: Tensor<Double>
        switch gridFeatures ?? .oneHot {
        case .oneHot: phi = world.oneHotFeatures()
        case .coordinates: phi = world.coordinateFeatures()
        case let .regions(n): phi = try world.regionFeatures(size: n)
        }
        let (resolved, gamma) = horizon.resolved
        return (try world.mdp(horizon: resolved, discount: gamma, operator: .stencil, features: phi), world)
    }
}
