import Testing

@testable import Plots

@Suite("Colour maps and scales")
struct ColorScaleTests {
    @Test("viridis runs from #440154 to #fde725")
    func viridisEndpoints() {
        #expect(ColorMap.viridis.color(at: 0).hex == "#440154")
        #expect(ColorMap.viridis.color(at: 1).hex == "#fde725")
        #expect(ColorMap.viridis.color(at: 0.5).hex == "#21908d")
        // Outside 0…1 and NaN clamp to the ends.
        #expect(ColorMap.viridis.color(at: -3) == ColorMap.viridis.color(at: 0))
        #expect(ColorMap.viridis.color(at: 7) == ColorMap.viridis.color(at: 1))
        #expect(ColorMap.viridis.color(at: .nan) == ColorMap.viridis.color(at: 0))
    }

    @Test("sequential luminance rises monotonically", arguments: [ColorMap.viridis, ColorMap.blackToWhite])
    func sequentialLuminance(map: ColorMap) {
        let luminance = (0...256).map { map.color(at: Double($0) / 256).relativeLuminance }
        #expect(zip(luminance, luminance.dropFirst()).allSatisfy { $0 < $1 })
        #expect(luminance.last! - luminance.first! > 0.7)
    }

    @Test("the diverging map is lightest in the middle and darkens towards both ends")
    func divergingLuminance() {
        let luminance = (0...256).map { ColorMap.blueWhiteRed.color(at: Double($0) / 256).relativeLuminance }
        let lower = luminance[0...128]
        let upper = luminance[128...]
        #expect(zip(lower, lower.dropFirst()).allSatisfy { $0 < $1 })
        #expect(zip(upper, upper.dropFirst()).allSatisfy { $0 > $1 })
    }

    @Test("a sequential scale maps its domain ends to the map ends and clamps outside")
    func sequentialScale() {
        let scale = ColorScale(scheme: .sequential(), domain: 2...5)
        #expect(scale.color(for: 2) == ColorMap.viridis.color(at: 0))
        #expect(scale.color(for: 5) == ColorMap.viridis.color(at: 1))
        #expect(isClose(scale.fraction(for: 3.5)!, 0.5))
        #expect(scale.fraction(for: -100) == 0)
        #expect(scale.fraction(for: 100) == 1)
        #expect(scale.color(for: .nan) == nil)
        #expect(scale.color(for: .infinity) == nil)
        #expect(scale.color(for: -.infinity) == nil)
    }

    @Test("fitting ignores non-finite values; a constant grid maps to the middle colour")
    func fitting() {
        let scale = ColorScale.fitting([3, .nan, -1, .infinity, 7])
        #expect(scale.domain == -1...7)
        let constant = ColorScale.fitting([4, 4, 4])
        #expect(constant.fraction(for: 4) == 0.5)
        #expect(ColorScale.fitting([Double.nan]).domain == 0...1)
    }

    @Test("a fitted diverging scale is symmetric about its centre")
    func divergingFit() {
        let scale = ColorScale.fitting([-1, 0.25, 0.5], scheme: .diverging())
        #expect(scale.domain == -1...1)
        #expect(scale.fraction(for: 0) == 0.5)
        #expect(scale.fraction(for: 0.5) == 0.75)
        let shifted = ColorScale.fitting([1, 4], scheme: .diverging(center: 2))
        #expect(shifted.domain == 0...4)
        #expect(shifted.fraction(for: 2) == 0.5)
        // A scale given an asymmetric domain still keeps equal distances equally strong.
        let asymmetric = ColorScale(scheme: .diverging(), domain: -1...3)
        #expect(isClose(asymmetric.fraction(for: -1)!, 0.5 - 0.5 / 3))
        #expect(asymmetric.fraction(for: 3) == 1)
    }

    @Test("text on a cell contrasts with its colour")
    func contrast() {
        #expect(ColorMap.viridis.color(at: 0).contrastingTextColor == RGBColor(rgb: 0xFFFFFF))
        #expect(ColorMap.viridis.color(at: 1).contrastingTextColor == RGBColor(rgb: 0x111111))
        #expect(RGBColor(rgb: 0x0072B2).hex == "#0072b2")
        #expect(isClose(RGBColor.white.relativeLuminance, 1) && RGBColor.black.relativeLuminance == 0)
    }
}

extension ColorMap {
    /// Greys from black to white, for a second rising-luminance map.
    static var blackToWhite: ColorMap { ColorMap(anchors: greys.anchors.reversed()) }
}
