/// A continuous colour map: colours interpolated linearly between evenly spaced anchors.
public struct ColorMap: Sendable, Hashable {
    /// The anchor colours at fractions `0, 1/(n-1), …, 1`.
    public let anchors: [RGBColor]

    /// Creates a colour map from evenly spaced anchors.
    /// - Parameters:
    ///   - anchors: at least one colour; one colour gives a constant map.
    /// - Precondition: `anchors` is not empty (a programming error).
    public init(anchors: [RGBColor]) {
        precondition(!anchors.isEmpty, "a colour map needs at least one anchor")
        self.anchors = anchors
    }

    /// The colour at `fraction` of the way along the map.
    /// - Parameters:
    ///   - fraction: `0...1`; values outside are clamped and NaN is treated as 0.
    /// - Returns: the interpolated colour.
    /// - Complexity: O(1).
    public func color(at fraction: Double) -> RGBColor {
        guard anchors.count > 1 else { return anchors[0] }
        let t = fraction.isNaN ? 0 : min(max(fraction, 0), 1)
        let position = t * Double(anchors.count - 1)
        let lower = min(Int(position), anchors.count - 2)
        return anchors[lower].interpolated(to: anchors[lower + 1], fraction: position - Double(lower))
    }

    /// A sequential map from dark purple through blue and green to yellow, with luminance rising
    /// monotonically, read from nine evenly spaced samples of matplotlib's viridis.
    public static let viridis = ColorMap(
        anchors: [0x440154, 0x472C7A, 0x3B518B, 0x2C718E, 0x21908D, 0x27AD81, 0x5CC863, 0xAADC32, 0xFDE725]
            .map(RGBColor.init(rgb:)))

    /// A diverging map from dark blue through a light neutral to dark red, for signed values
    /// around a centre (luminance peaks at the middle and falls symmetrically).
    public static let blueWhiteRed = ColorMap(
        anchors: [0x2166AC, 0x67A9CF, 0xD1E5F0, 0xF7F7F7, 0xFDDBC7, 0xEF8A62, 0xB2182B].map(RGBColor.init(rgb:)))

    /// A sequential map from white to near-black.
    public static let greys = ColorMap(anchors: [RGBColor(rgb: 0xFFFFFF), RGBColor(rgb: 0x111111)])
}
