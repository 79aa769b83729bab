import DenseTensors
import Foundation
import Testing

@Suite("vectorised exp and log")
struct FastExpTests {
    /// The distance in units in the last place of the reference (the spacing at `reference`).
    func ulps<T: BinaryFloatingPoint>(_ value: T, _ reference: T) -> T {
        if value == reference { return 0 }
        return Swift.abs(value - reference) / reference.ulp
    }

    /// `n` seeded points spread over `range` (uniform).
    func points<T: BinaryFloatingPoint>(_ range: ClosedRange<Double>, count n: Int, seed: UInt64) -> [T] where T.RawSignificand: FixedWidthInteger {
        var state = seed
        return (0..<n).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return T(range.lowerBound + (range.upperBound - range.lowerBound) * Double(state >> 11) / Double(1 << 53))
        }
    }

    func check<T: FastExpScalar>(_: T.Type, expRange: ClosedRange<Double>, reference: (T) -> T, maxULP: T) {
        var worst: T = 0
        for x in points(expRange, count: 200_000, seed: 7) as [T] {
            let y = FastExp.exp(SIMD4<T>(repeating: x))[0]
            let ref = reference(x)
            if ref >= T.leastNormalMagnitude && ref.isFinite { worst = Swift.max(worst, ulps(y, ref)) }
        }
        #expect(worst <= maxULP, "worst error \(worst) ulp")
    }

    @Test func doubleExpIsWithinTwoULPOverTheWholeRange() {
        check(Double.self, expRange: -708...709.7, reference: { Foundation.exp($0) }, maxULP: 2)
        check(Double.self, expRange: -1...1, reference: { Foundation.exp($0) }, maxULP: 2)
    }

    @Test func floatExpIsWithinTwoULPOverTheWholeRange() {
        check(Float.self, expRange: -87...88.7, reference: { Foundation.expf($0) }, maxULP: 2)
        check(Float.self, expRange: -1...1, reference: { Foundation.expf($0) }, maxULP: 2)
    }

    @Test func expSpecialValues() {
        func specials<T: FastExpScalar>(_: T.Type, huge: T) {
            let x = SIMD4<T>(-.infinity, -huge, .infinity, huge)
            let y = FastExp.exp(x)
            #expect(y[0] == 0 && y[1] == 0 && y[2] == .infinity && y[3] == .infinity)
            let z = FastExp.exp(SIMD4<T>(.nan, 0, -0.0, 1))
            #expect(z[0].isNaN && z[1] == 1 && z[2] == 1)
            #expect(ulps(z[3], T(M_E)) <= 1)
        }
        specials(Double.self, huge: 1e300)
        specials(Float.self, huge: 1e30)
        // Subnormal results are within one subnormal step; far below they are exactly 0.
        for x in stride(from: -745.0, through: -708.5, by: 0.37) {
            let y = FastExp.exp(SIMD4<Double>(repeating: x))[0]
            #expect(Swift.abs(y - Foundation.exp(x)) <= Double.leastNonzeroMagnitude)
        }
        #expect(FastExp.exp(SIMD4<Double>(repeating: -745.5))[0] == 0)
        #expect(FastExp.exp(SIMD4<Float>(repeating: -104))[0] == 0)
    }

    @Test func logIsWithinTwoULP() {
        func run<T: FastExpScalar>(_: T.Type, reference: (T) -> T) {
            var worst: T = 0
            for u in points(-30...30, count: 100_000, seed: 3) as [T] {
                let x = T.exp(u)   // log-uniform over e^±30
                worst = Swift.max(worst, ulps(FastExp.log(SIMD4<T>(repeating: x))[0], reference(x)))
            }
            for x in points(0.5...2, count: 100_000, seed: 4) as [T] {
                worst = Swift.max(worst, ulps(FastExp.log(SIMD4<T>(repeating: x))[0], reference(x)))
            }
            #expect(worst <= 2, "worst log error \(worst) ulp")
            let special = FastExp.log(SIMD4<T>(0, -1, .infinity, T.leastNonzeroMagnitude))
            #expect(special[0] == -.infinity && special[1].isNaN && special[2] == .infinity)
            #expect(special[3] == reference(T.leastNonzeroMagnitude))
            #expect(FastExp.log(SIMD4<T>(repeating: 1))[0] == 0)
        }
        run(Double.self) { Foundation.log($0) }
        run(Float.self) { Foundation.logf($0) }
    }
}
