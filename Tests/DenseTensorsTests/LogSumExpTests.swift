import DenseTensors
import Testing
import _TestSupport

@Suite("log-sum-exp and softmax")
struct LogSumExpTests {
    /// A direct, unstabilised reference for moderate inputs.
    func naiveLSE(_ xs: [Double], _ alpha: Double) -> Double {
        alpha * Foundation_log(xs.reduce(0) { $0 + Foundation_exp($1 / alpha) })
    }

    @Test(arguments: [0.25, 1.0, 3.0])
    func matchesNaiveReferenceOverEachAxis(alpha: Double) throws {
        let x: Tensor<Double> = randomTensor([3, 4, 5], seed: 11, in: -3...3)
        for axis in 0..<3 {
            let l = try x.logSumExp(alongAxis: axis, temperature: alpha)
            let p = try x.softmax(alongAxis: axis, temperature: alpha)
            var reduced = x.shape
            reduced.remove(at: axis)
            #expect(l.shape == reduced)
            for flat in 0..<l.count {
                let idx = l.multiIndex(flat)
                var entries = [Double]()
                for j in 0..<x.shape[axis] {
                    var full = idx
                    full.insert(j, at: axis)
                    entries.append(x[full])
                }
                #expect(abs(l.scalars[flat] - naiveLSE(entries, alpha)) < 1e-12)
                var total = 0.0
                for j in 0..<x.shape[axis] {
                    var full = idx
                    full.insert(j, at: axis)
                    total += p[full]
                    #expect(abs(p[full] - Foundation_exp((x[full] - l.scalars[flat]) / alpha)) < 1e-12)
                }
                #expect(abs(total - 1) < 1e-12)
            }
        }
    }

    @Test func negativeInfinityGetsExactlyZero() throws {
        let x = try Tensor<Double>(shape: [1, 3, 1], scalars: [-.infinity, 0, 0])
        let p = try x.softmax(alongAxis: 1)
        #expect(p[0, 0, 0] == 0)
        #expect(abs(p[0, 1, 0] - 0.5) < 1e-15)
        let l = try x.logSumExp(alongAxis: 1)
        #expect(abs(l[0, 0] - Foundation_log(2)) < 1e-15)
    }

    @Test func extremeValuesStayFinite() throws {
        let x = try Tensor<Double>(shape: [2, 2], scalars: [1e300, -1e300, 1e300, 1e300])
        let l = try x.logSumExp(alongAxis: 1)
        #expect(l[0] == 1e300)
        #expect(l[1].isFinite && l[1] >= 1e300)
        let p = try x.softmax(alongAxis: 1)
        #expect(p.scalars == [1, 0, 0.5, 0.5])
        let f = try Tensor<Float>(shape: [1, 2], scalars: [1e30, -1e30])
        #expect(try f.softmax(alongAxis: 1).scalars == [1, 0])
    }

    @Test func allNegativeInfinityIsAnError() throws {
        let x = try Tensor<Double>(shape: [2, 2, 2], scalars: [0, 0, 1, -.infinity, 0, -.infinity, 0, -.infinity])
        #expect(throws: TensorError.noFiniteEntry(argument: "log-sum-exp", row: 1, column: 1)) {
            try x.logSumExp(alongAxis: 1)
        }
        let nan = try Tensor<Double>(shape: [1, 2], scalars: [.nan, 0])
        #expect(throws: TensorError.self) { try nan.softmax(alongAxis: 1) }
    }

    @Test func invalidTemperatureAndAxis() throws {
        let x = Tensor<Double>(zeros: [2, 2])
        #expect(throws: TensorError.self) { try x.logSumExp(alongAxis: 1, temperature: 0) }
        #expect(throws: TensorError.axisOutOfRange(argument: "axis", axis: 2, rank: 2)) { try x.logSumExp(alongAxis: 2) }
    }

    @Test func floatAgreesWithDouble() throws {
        let x: Tensor<Double> = randomTensor([50, 5, 7], seed: 3, in: -20...20)
        let ld = try x.logSumExp(alongAxis: 1)
        let lf = try x.converted(to: Float.self).logSumExp(alongAxis: 1)
        #expect(ld.maxAbsDifference(lf.converted(to: Double.self)) < 1e-4)
    }

    @Test func threadedMatchesSerial() throws {
        let x: Tensor<Double> = randomTensor([4000, 5, 3], seed: 9, in: -5...5)
        var serial = [Double](repeating: 0, count: 12000)
        var threaded = serial
        try x.withUnsafeBufferPointer { px in
            try serial.withUnsafeMutableBufferPointer { try LogSumExp.reduce(px, rows: 4000, n: 5, batch: 3, lse: $0, threads: 1) }
            try threaded.withUnsafeMutableBufferPointer { try LogSumExp.reduce(px, rows: 4000, n: 5, batch: 3, lse: $0, threads: 4) }
        }
        #expect(serial == threaded)
    }
}

#if canImport(Glibc)
import Glibc
func Foundation_log(_ x: Double) -> Double { Glibc.log(x) }
func Foundation_exp(_ x: Double) -> Double { Glibc.exp(x) }
#endif
