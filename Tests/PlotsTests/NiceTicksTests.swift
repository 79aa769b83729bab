import Testing

@testable import Plots

@Suite("Nice ticks and labels")
struct NiceTicksTests {
    @Test("0…1 gives 0, 0.2, …, 1")
    func unitRange() {
        let ticks = NiceTicks.linear(covering: 0...1)
        #expect(areClose(ticks, [0, 0.2, 0.4, 0.6, 0.8, 1]))
        // Tidied: exactly the decimal values, not 0.6000000000000001.
        #expect(ticks[3] == 0.6)
        #expect(NumberLabels.linearTicks(ticks) == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
    }

    @Test("3…97 widens to 0…100 in steps of 20")
    func widenedRange() {
        #expect(areClose(NiceTicks.linear(covering: 3...97), [0, 20, 40, 60, 80, 100]))
        #expect(NiceTicks.step(forSpan: 94) == 20)
    }

    @Test("the step whose tick count is nearest the target wins: 0…59 goes by 10")
    func nearestCount() {
        #expect(areClose(NiceTicks.linear(covering: 0...59), [0, 10, 20, 30, 40, 50, 60]))
    }

    @Test("negative and offset ranges are covered by multiples of the step")
    func negativeRange() {
        let ticks = NiceTicks.linear(covering: -7.3 ... -0.2)
        #expect(ticks.first! <= -7.3 && ticks.last! >= -0.2)
        let step = ticks[1] - ticks[0]
        #expect(isClose(step, 2))
        for t in ticks { #expect(isClose((t / step).rounded(), t / step)) }
    }

    @Test("a zero-width range is widened around its value", arguments: [5.0, 0, -1234, 1e-7])
    func zeroWidth(value: Double) {
        let ticks = NiceTicks.linear(covering: value...value)
        #expect(ticks.count >= 2)
        #expect(ticks.first! < value && value < ticks.last!)
        #expect(zip(ticks, ticks.dropFirst()).allSatisfy { $0 < $1 })
        #expect(Set(NumberLabels.linearTicks(ticks)).count == ticks.count)
    }

    @Test("a very narrow range still gets distinct labels")
    func narrowRange() {
        let ticks = NiceTicks.linear(covering: 1.0001...1.0003)
        #expect(ticks.first! <= 1.0001 && ticks.last! >= 1.0003)
        #expect(Set(NumberLabels.linearTicks(ticks)).count == ticks.count)
    }

    @Test("ticks within a fixed range stay inside it")
    func withinRange() {
        let ticks = NiceTicks.linear(within: 0.05...0.95)
        #expect(areClose(ticks, [0.2, 0.4, 0.6, 0.8]))
    }

    @Test("a log axis 1e-3…1e2 gets one tick per decade")
    func logDecades() {
        let ticks = NiceTicks.logarithmic(covering: 1e-3...1e2)
        #expect(areClose(ticks, [1e-3, 1e-2, 1e-1, 1, 10, 100], tolerance: 1e-12))
        #expect(NumberLabels.logarithmicTicks(ticks) == ["0.001", "0.01", "0.1", "1", "10", "100"])
    }

    @Test("a log axis that does not start on a decade widens to whole decades")
    func logWidening() {
        #expect(areClose(NiceTicks.logarithmic(covering: 0.02...350), [0.01, 0.1, 1, 10, 100, 1000], tolerance: 1e-12))
        #expect(areClose(NiceTicks.logarithmic(covering: 2...8), [1, 10], tolerance: 1e-12))
    }

    @Test("many decades are thinned to at most the maximum count, still covering the range")
    func logThinning() {
        let ticks = NiceTicks.logarithmic(covering: 1e-12...1e12, maximumCount: 10)
        #expect(ticks.count <= 10)
        #expect(ticks.first! <= 1e-12 && ticks.last! >= 1e12)
        #expect(NumberLabels.logarithmicTicks([1e-4, 1e-2, 1]) == ["10⁻⁴", "10⁻²", "10⁰"])
    }

    @Test("number labels are short and never say nan or inf")
    func compactLabels() {
        #expect(NumberLabels.compact(0.532) == "0.532")
        #expect(NumberLabels.compact(12.345) == "12.3")
        #expect(NumberLabels.compact(1234) == "1234")
        #expect(NumberLabels.compact(-4.1e-5) == "-4.1e-5")
        #expect(NumberLabels.compact(.nan) == "n/a")
        #expect(NumberLabels.scientific(2.5e6) == "2.5e6")
        #expect(NumberLabels.scientific(9.999e3) == "1e4")
        #expect(NumberLabels.linearTicks([0, 2e6, 4e6]) == ["0", "2e6", "4e6"])
    }
}
