/// How data values are turned into colours: a sequential map, or a diverging map around a centre.
public enum ColorScheme: Sendable, Hashable {
    /// Low values at the start of the map, high values at its end.
    case sequential(ColorMap = .viridis)
    /// Values below `center` on the first half of the map, above it on the second half, with
    /// equal distances from the centre getting equally strong colours.
    case diverging(ColorMap = .blueWhiteRed, center: Double = 0)

    /// The colour map used.
    public var map: ColorMap {
        switch self {
        case .sequential(let map), .diverging(let map, _): return map
        }
    }
}

/// A colour scheme fixed to a domain of data values: maps a value to a colour.
public struct ColorScale: Sendable, Hashable {
    /// The scheme.
    public let scheme: ColorScheme
    /// The data values shown at the ends of the colour bar; values outside are clamped.
    public let domain: ClosedRange<Double>

    /// Creates a scale over a given domain.
    /// - Parameters:
    ///   - scheme: sequential or diverging.
    ///   - domain: the values at the ends of the colour bar; must be finite.
    /// - Precondition: the domain bounds are finite (a programming error).
    public init(scheme: ColorScheme, domain: ClosedRange<Double>) {
        precondition(domain.lowerBound.isFinite && domain.upperBound.isFinite, "colour domain must be finite")
        self.scheme = scheme
        self.domain = domain
    }

    /// A scale whose domain spans the finite values given.
    ///
    /// For a diverging scheme the domain is made symmetric about the centre,
    /// `center ± max |v − center|`, so the colour bar shows what the colours mean. With no
    /// finite value the domain is `0...1` (sequential) or `center − 1 ... center + 1` (diverging).
    /// - Parameters:
    ///   - values: the data; NaN and ±∞ are ignored.
    ///   - scheme: the scheme.
    /// - Returns: the fitted scale.
    /// - Complexity: O(n).
    public static func fitting(_ values: some Sequence<Double>, scheme: ColorScheme = .sequential()) -> ColorScale {
        var low = Double.infinity
        var high = -Double.infinity
        for v in values where v.isFinite {
            low = min(low, v)
            high = max(high, v)
        }
        switch scheme {
        case .sequential:
            return ColorScale(scheme: scheme, domain: low <= high ? low...high : 0...1)
        case .diverging(_, let center):
            let c = center.isFinite ? center : 0
            var half = low <= high ? max(Swift.abs(low - c), Swift.abs(high - c)) : 1
            if half == 0 { half = 1 }
            return ColorScale(scheme: scheme, domain: (c - half)...(c + half))
        }
    }

    /// Where `value` falls along the colour map.
    ///
    /// Sequential: `(v − lo) / (hi − lo)`; a zero-width domain maps everything to 0.5.
    /// Diverging: `0.5 + 0.5 · (v − c) / h` with `h = max(c − lo, hi − c)`.
    /// - Parameters:
    ///   - value: a data value.
    /// - Returns: a fraction in `0...1`, or `nil` when `value` is NaN or infinite.
    public func fraction(for value: Double) -> Double? {
        guard value.isFinite else { return nil }
        let lo = domain.lowerBound
        let hi = domain.upperBound
        let t: Double
        switch scheme {
        case .sequential:
            t = hi > lo ? (value - lo) / (hi - lo) : 0.5
        case .diverging(_, let center):
            let half = max(center - lo, hi - center)
            t = half > 0 ? 0.5 + 0.5 * (value - center) / half : 0.5
        }
        return min(max(t, 0), 1)
    }

    /// The colour of `value`.
    /// - Parameters:
    ///   - value: a data value.
    /// - Returns: the colour, or `nil` when `value` is NaN or infinite (drawn as a missing cell).
    public func color(for value: Double) -> RGBColor? {
        fraction(for: value).map { scheme.map.color(at: $0) }
    }
}
