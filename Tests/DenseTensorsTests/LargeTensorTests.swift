import DenseTensors
import Testing

/// Tensors above the huge-page threshold (4 MiB) are built through the same initialisers with
/// `madvise` advice on Linux: the contents must be exactly what was asked for.
@Suite("large tensors")
struct LargeTensorTests {
    @Test func largeZerosAndRepeatedValuesAreExact() {
        let zeros = Tensor<Double>(zeros: [3, 1_000_003])
        #expect(zeros.count == 3_000_009)
        #expect(zeros.scalars.allSatisfy { $0 == 0 })
        let sevens = Tensor<Float>(repeating: 7, shape: [2_500_001])
        #expect(sevens.scalars.allSatisfy { $0 == 7 })
    }

    @Test func largeUninitialisedTensorKeepsWhatTheBodyWrote() {
        let t = Tensor<Double>(shape: [5_000_011]) { buffer in
            for i in 0..<buffer.count { buffer[i] = Double(i % 1_000) * 0.5 }
        }
        var mismatches = 0
        for (i, x) in t.scalars.enumerated() where x != Double(i % 1_000) * 0.5 { mismatches += 1 }
        #expect(mismatches == 0)
    }

    @Test func largeRepeatingArrayIsExact() {
        let a = [Double](largeRepeating: -2.5, count: 1_048_583)
        #expect(a.count == 1_048_583 && a.allSatisfy { $0 == -2.5 })
        let empty = [Float](largeRepeating: 1, count: 0)
        #expect(empty.isEmpty)
    }
}
