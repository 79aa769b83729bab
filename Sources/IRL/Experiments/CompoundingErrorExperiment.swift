/// The lecture's compounding-error claim, measured: behavioural cloning's performance gap grows
/// like `εH²` where the game's solutions grow like `εH`.
///
/// Two parts, each runnable alone:
///
/// - **(a) Figure 18.1** (``runFigure()``, settings ``FigureSettings``): on
///   ``CompoundingErrorExample`` two learners with the same behavioural-cloning loss
///   `ℓ_BC(π1) = ℓ_BC(π2) = ε` have gaps `≈ εH` (π1 recovers) and `≈ εH²/2` (π2 is absorbed off
///   the expert's support). Every number is exact: the gaps come from ``TabularMDP/evaluate(_:reward:)``
///   and stand next to the closed forms derived in ``CompoundingErrorExample``.
/// - **(b) Gridworld** (``runGridworld(progress:)``, settings ``GridworldSettings``): from a finite
///   set of sampled expert demonstrations, the gap `J(π_E, r*) − J(π, r*)` of behavioural cloning,
///   DAgger, MaxEnt IRL and the primal game solver for each horizon `H`, and the fitted growth
///   exponent of each (``GrowthExponent``: the least-squares slope of log gap against log H).
///
/// Deterministic: the same settings (including the seed) give bit-identical results.
public struct CompoundingErrorExperiment: Sendable {
    /// Settings of part (a).
    public var figure: FigureSettings
    /// Settings of part (b).
    public var gridworld: GridworldSettings

    /// - Parameters:
    ///   - figure: part (a) (default ``FigureSettings/init(epsilon:horizons:)`` defaults).
    ///   - gridworld: part (b) (default ``GridworldSettings`` defaults).
    public init(figure: FigureSettings = FigureSettings(), gridworld: GridworldSettings = GridworldSettings()) {
        self.figure = figure
        self.gridworld = gridworld
    }

    /// Both parts' results.
    public struct Result: Sendable {
        /// Part (a).
        public let figure: FigureResult
        /// Part (b).
        public let gridworld: GridworldResult
    }

    /// Runs both parts.
    /// - Parameter progress: called before each learner of part (b) runs.
    /// - Returns: both results.
    /// - Throws: the errors of ``runFigure()`` and ``runGridworld(progress:)``.
    /// - Complexity: the sum of the two parts.
    public func run(progress: ((GridworldProgress) -> Void)? = nil) throws(IRLError) -> Result {
        Result(figure: try runFigure(), gridworld: try runGridworld(progress: progress))
    }

    /// The default horizons of both parts, `H ∈ {10, 20, 40, 80, 160}`.
    public static let defaultHorizons = [10, 20, 40, 80, 160]

    /// Throws unless `horizons` is a non-empty list of distinct horizons `≥ 1`.
    static func checkHorizons(_ horizons: [Int], argument: String) throws(IRLError) {
        guard !horizons.isEmpty else { throw .empty(argument: argument) }
        for (i, h) in horizons.enumerated() {
            guard h >= 1 else { throw .invalidParameter(argument: "\(argument)[\(i)]", value: Double(h), reason: "must be at least 1") }
            guard !horizons[..<i].contains(h) else {
                throw .invalidParameter(argument: "\(argument)[\(i)]", value: Double(h), reason: "appears twice")
            }
        }
    }
}
