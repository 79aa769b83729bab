import Foundation

/// An sRGB colour with components in `0...1`.
public struct RGBColor: Sendable, Hashable {
    /// Red, `0...1`.
    public var red: Double
    /// Green, `0...1`.
    public var green: Double
    /// Blue, `0...1`.
    public var blue: Double

    /// Creates a colour; components are clamped to `0...1` and NaN becomes 0.
    /// - Parameters:
    ///   - red: red component.
    ///   - green: green component.
    ///   - blue: blue component.
    public init(red: Double, green: Double, blue: Double) {
        self.red = Self.unit(red)
        self.green = Self.unit(green)
        self.blue = Self.unit(blue)
    }

    /// Creates a colour from 8-bit components written as a 24-bit integer, e.g. `0x440154`.
    /// - Parameters:
    ///   - rgb: `0xRRGGBB`.
    public init(rgb: UInt32) {
        self.init(
            red: Double((rgb >> 16) & 0xFF) / 255, green: Double((rgb >> 8) & 0xFF) / 255,
            blue: Double(rgb & 0xFF) / 255)
    }

    /// The colour as `#rrggbb`.
    public var hex: String {
        let bytes = [red, green, blue].map { Int(($0 * 255).rounded()) }
        return "#" + bytes.map { b in (b < 16 ? "0" : "") + String(b, radix: 16) }.joined()
    }

    /// The WCAG relative luminance, `0.2126 R + 0.7152 G + 0.0722 B` of the linearised
    /// components (`c/12.92` below 0.04045, else `((c + 0.055)/1.055)^2.4`); 0 is black, 1 white.
    public var relativeLuminance: Double {
        func linear(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// Black or near-white, whichever reads better on top of this colour.
    ///
    /// The threshold 0.179 is where black and white text have equal WCAG contrast.
    public var contrastingTextColor: RGBColor {
        relativeLuminance > 0.179 ? RGBColor(rgb: 0x111111) : RGBColor(rgb: 0xFFFFFF)
    }

    /// Linear interpolation in sRGB component space.
    /// - Parameters:
    ///   - other: the colour at `fraction == 1`.
    ///   - fraction: `0...1` (clamped).
    /// - Returns: `self` at 0, `other` at 1.
    public func interpolated(to other: RGBColor, fraction: Double) -> RGBColor {
        let t = Self.unit(fraction)
        return RGBColor(
            red: red + (other.red - red) * t, green: green + (other.green - green) * t,
            blue: blue + (other.blue - blue) * t)
    }

    /// White, `#ffffff`.
    public static let white = RGBColor(red: 1, green: 1, blue: 1)
    /// Black, `#000000`.
    public static let black = RGBColor(red: 0, green: 0, blue: 0)

    /// Distinguishable colours for series, after the Okabe–Ito palette (safe for the common
    /// colour-vision deficiencies); its yellow is left out because it vanishes on white.
    public static let categorical: [RGBColor] = [
        RGBColor(rgb: 0x0072B2), RGBColor(rgb: 0xD55E00), RGBColor(rgb: 0x009E73), RGBColor(rgb: 0xCC79A7),
        RGBColor(rgb: 0xE69F00), RGBColor(rgb: 0x56B4E9), RGBColor(rgb: 0x000000),
    ]

    /// The `index`-th categorical colour, cycling through ``categorical``.
    /// - Parameters:
    ///   - index: a series index, `>= 0`.
    /// - Returns: the colour.
    public static func categorical(_ index: Int) -> RGBColor {
        categorical[((index % categorical.count) + categorical.count) % categorical.count]
    }

    private static func unit(_ x: Double) -> Double { x.isNaN ? 0 : min(max(x, 0), 1) }
}
