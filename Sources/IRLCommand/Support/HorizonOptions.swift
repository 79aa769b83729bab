import ArgumentParser
import IRL

/// `--horizon` and `--discount`: a finite horizon (optionally discounted) or an infinite one.
struct HorizonOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Finite horizon: the number of decisions t = 0 … H−1 (H ≥ 1). Values get H+1 rows, policies H tables.",
            valueName: "H"))
    var horizon: Int?

    @Option(
        help: ArgumentHelp(
            "Discount γ in [0, 1]. With --horizon it defaults to 1; without --horizon it is required, below 1, and selects the infinite horizon (one stationary row).",
            valueName: "γ"))
    var discount: Double?

    func validate() throws {
        if let horizon, horizon < 1 {
            throw ValidationError("--horizon must be at least 1 (the number of decisions), got \(horizon).")
        }
        if let discount, !(discount >= 0 && discount <= 1) {
            throw ValidationError("--discount must be in [0, 1], got \(discount).")
        }
        if horizon == nil {
            guard let discount else { throw ValidationError("Give --horizon H (finite horizon) or --discount γ < 1 (infinite horizon).") }
            guard discount < 1 else {
                throw ValidationError("An infinite horizon (no --horizon) needs --discount below 1, got \(discount).")
            }
        }
    }

    /// The horizon and discount the options select.
    var resolved: (horizon: Horizon, discount: Double) {
        if let horizon { return (.finite(horizon), discount ?? 1) }
        return (.infinite, discount ?? 0)
    }
}
