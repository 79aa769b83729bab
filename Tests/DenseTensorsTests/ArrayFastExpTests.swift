import DenseTensors
import Foundation
import Testing

/// The array kernels (`FastExp.exp(_:into:)`, `FastExp.log(_:into:)`) on both instruction sets
/// this CPU has, against the C library, with lengths that leave every possible tail.
@Suite("array exp and log kernels", .serialized)
struct ArrayFastExpTests {
    func ulps<T: BinaryFloatingPoint>(_ value: T, _ reference: T) -> T {
        if value == reference || (value.isNaN && reference.isNaN) { return 0 }
        return Swift.abs(value - reference) / reference.ulp
    }

    func points<T: BinaryFloatingPoint>(_ range: ClosedRange<Double>, count n: Int, seed: UInt64) -> [T] {
        var state = seed
        return (0..<n).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return T(range.lowerBound + (range.upperBound - range.lowerBound) * Double(state >> 11) / Double(1 << 53))
        }
    }

    /// Every instruction set available here (the portable one always).
    var sets: [FastExp.InstructionSet] {
        FastExp._withInstructionSet(.avx2FMA) { () }.1 ? [.portable, .avx2FMA] : [.portable]
    }

    /// The worst ulp error of `kernel` over `xs` against `reference`, counting normal finite
    /// references only, and every element of a tail-length prefix too.
    func worstError<T: FastExpScalar>(
        _ xs: [T], kernel: (UnsafeBufferPointer<T>, UnsafeMutableBufferPointer<T>) -> Void, reference: (T) -> T
    ) -> T {
        var ys = [T](repeating: .nan, count: xs.count)
        xs.withUnsafeBufferPointer { x in ys.withUnsafeMutableBufferPointer { y in kernel(x, y) } }
        var worst: T = 0
        for (x, y) in zip(xs, ys) {
            let ref = reference(x)
            if ref.isNaN { if !y.isNaN { return .infinity } ; continue }
            if Swift.abs(ref) >= T.leastNormalMagnitude && ref.isFinite { worst = Swift.max(worst, ulps(y, ref)) }
            else if ref != y && Swift.abs(y - ref) > T.leastNonzeroMagnitude { return .infinity }
        }
        return worst
    }

    @Test func expIsWithinTwoULPOnEveryInstructionSet() {
        for set in sets {
            let ((d1, d2, f1, f2), _) = FastExp._withInstructionSet(set) {
                let exp: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void = { FastExp.exp($0, into: $1) }
                let expf: (UnsafeBufferPointer<Float>, UnsafeMutableBufferPointer<Float>) -> Void = { FastExp.exp($0, into: $1) }
                return (
                    worstError(points(-708...709.7, count: 100_003, seed: 11) as [Double], kernel: exp, reference: { Foundation.exp($0) }),
                    worstError(points(-1...1, count: 50_001, seed: 12) as [Double], kernel: exp, reference: { Foundation.exp($0) }),
                    worstError(points(-87...88.7, count: 100_005, seed: 13) as [Float], kernel: expf, reference: { Foundation.expf($0) }),
                    worstError(points(-1...1, count: 50_007, seed: 14) as [Float], kernel: expf, reference: { Foundation.expf($0) })
                )
            }
            #expect(d1 <= 2 && d2 <= 2, "\(set): Double exp worst \(d1), \(d2) ulp")
            #expect(f1 <= 2 && f2 <= 2, "\(set): Float exp worst \(f1), \(f2) ulp")
        }
    }

    @Test func logIsWithinTwoULPOnEveryInstructionSet() {
        for set in sets {
            let ((d, f), _) = FastExp._withInstructionSet(set) {
                let xd = (points(-700...700, count: 100_001, seed: 21) as [Double]).map { Foundation.exp($0) }
                let xf = (points(-80...80, count: 100_003, seed: 22) as [Float]).map { Foundation.expf($0) }
                return (
                    worstError(xd, kernel: { FastExp.log($0, into: $1) }, reference: { Foundation.log($0) }),
                    worstError(xf, kernel: { FastExp.log($0, into: $1) }, reference: { Foundation.logf($0) })
                )
            }
            #expect(d <= 2, "\(set): Double log worst \(d) ulp")
            #expect(f <= 2, "\(set): Float log worst \(f) ulp")
        }
    }

    @Test func specialValuesAndEveryTailLength() {
        for set in sets {
            _ = FastExp._withInstructionSet(set) {
                let specials: [Double] = [-.infinity, -1e300, .infinity, 1e300, .nan, 0, -0.0, 1, -745.5, -740, 709.8, 710]
                for length in 0...specials.count {
                    var y = [Double](repeating: 42, count: specials.count)
                    let x = Array(specials.prefix(length))
                    x.withUnsafeBufferPointer { xb in y.withUnsafeMutableBufferPointer { FastExp.exp(xb, into: $0) } }
                    for i in 0..<length {
                        let ref = Foundation.exp(x[i])
                        #expect(ref.isNaN ? y[i].isNaN : y[i] == ref || Swift.abs(y[i] - ref) <= Swift.max(2 * ref.ulp, Double.leastNonzeroMagnitude),
                                "\(set) exp(\(x[i])) = \(y[i]), length \(length)")
                    }
                    // Nothing past the end is written.
                    #expect(y[length...].allSatisfy { $0 == 42 }, "\(set) wrote past \(length)")
                }
                let logSpecials: [Float] = [0, -1, .infinity, .leastNonzeroMagnitude, .nan, 1, 2, .greatestFiniteMagnitude, 1e-40]
                for length in 0...logSpecials.count {
                    var y = Array(logSpecials.prefix(length))
                    y.withUnsafeMutableBufferPointer { FastExp.log(inPlace: $0) }
                    for i in 0..<length {
                        let ref = Foundation.logf(logSpecials[i])
                        #expect(ref.isNaN ? y[i].isNaN : ulps(y[i], ref) <= 2, "\(set) log(\(logSpecials[i])) = \(y[i])")
                    }
                }
            }
        }
    }

    @Test func inPlaceEqualsOutOfPlaceAndTheCLibrary() {
        let xs = points(-30...5, count: 1_001, seed: 5) as [Double]
        var inPlace = xs
        inPlace.withUnsafeMutableBufferPointer { FastExp.exp(inPlace: $0) }
        var outOfPlace = [Double](repeating: 0, count: xs.count)
        xs.withUnsafeBufferPointer { x in outOfPlace.withUnsafeMutableBufferPointer { FastExp.exp(x, into: $0) } }
        #expect(inPlace == outOfPlace)
        for (x, y) in zip(xs, inPlace) { #expect(ulps(y, Foundation.exp(x)) <= 2) }
    }
}
