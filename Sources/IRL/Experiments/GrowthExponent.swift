import RealModule

/// The growth exponent `p` of a curve `y ≈ c·xᵖ`: the least-squares slope of `log y` against
/// `log x`,
///
///     p = Σ (u_i − ū)(v_i − v̄) / Σ (u_i − ū)²,   u = log x,  v = log y,   c = exp(v̄ − p·ū)
///
/// over the points that have a logarithm. Performance gaps can be zero or negative (a learner
/// that matches, or beats, a soft-optimal expert under the true reward at some horizon); such
/// points carry no growth information and have no logarithm, so they are **excluded** from the
/// fit, as are non-finite points, `x ≤ 0`, and points whose `y` is at rounding level (at most
/// `1e-9` times the largest `|y|` of the curve). The fit needs at least two used points with
/// different `x`; otherwise ``exponent`` is `nil` (printed as `–`). ``excludedCount`` says how
/// many points were dropped, so a report can say so.
public struct GrowthExponent: Sendable, Hashable {
    /// `p`, or `nil` when fewer than two usable points remain.
    public let exponent: Double?
    /// `c`, or `nil` with ``exponent``.
    public let coefficient: Double?
    /// The number of points the fit used.
    public let usedCount: Int
    /// The number of points left out (zero, negative, non-finite or rounding-level `y`; `x ≤ 0`).
    public let excludedCount: Int

    /// `exponent`, or NaN when it could not be fitted (for tables).
    public var value: Double { exponent ?? .nan }

    /// Fits `y ≈ c·xᵖ` by least squares in log–log coordinates (see the type's documentation).
    ///
    /// - Parameters:
    ///   - x: the abscissae (e.g. horizons `H`).
    ///   - y: the values (e.g. performance gaps), as many as `x` (extra entries are ignored).
    /// - Returns: the fit and the number of points used and excluded.
    /// - Complexity: O(n).
    public static func fit(x: [Double], y: [Double]) -> GrowthExponent {
        let n = Swift.min(x.count, y.count)
        let scale = (0..<n).reduce(0.0) { y[$1].isFinite ? Swift.max($0, Swift.abs(y[$1])) : $0 }
        let floor = 1e-9 * scale
        var u = [Double]()
        var v = [Double]()
        for i in 0..<n where x[i].isFinite && x[i] > 0 && y[i].isFinite && y[i] > floor {
            u.append(Double.log(x[i]))
            v.append(Double.log(y[i]))
        }
        let excluded = n - u.count
        guard u.count >= 2 else {
            return GrowthExponent(exponent: nil, coefficient: nil, usedCount: u.count, excludedCount: excluded)
        }
        let (uMean, vMean) = (u.reduce(0, +) / Double(u.count), v.reduce(0, +) / Double(v.count))
        var (suv, suu) = (0.0, 0.0)
        for i in u.indices {
            suv += (u[i] - uMean) * (v[i] - vMean)
            suu += (u[i] - uMean) * (u[i] - uMean)
        }
        guard suu > 0 else {
            return GrowthExponent(exponent: nil, coefficient: nil, usedCount: u.count, excludedCount: excluded)
        }
        let p = suv / suu
        return GrowthExponent(
            exponent: p, coefficient: Double.exp(vMean - p * uMean), usedCount: u.count,
            excludedCount: excluded)
    }

    /// Memberwise.
    public init(exponent: Double?, coefficient: Double?, usedCount: Int, excludedCount: Int) {
        self.exponent = exponent
        self.coefficient = coefficient
        self.usedCount = usedCount
        self.excludedCount = excludedCount
    }
}
