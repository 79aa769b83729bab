import DenseTensors
import Testing
import _TestSupport

@Suite("BLAS wrappers")
struct BLASTests {
    func checkMatmul<T: BLASScalar>(_: T.Type, tolerance: Double) throws {
        for (seed, (m, k, n)) in [(1, 3, 4), (5, 1, 2), (7, 6, 1), (17, 9, 13)].enumerated() {
            let a: Tensor<T> = randomTensor([m, k], seed: UInt64(seed * 2 + 1))
            let b: Tensor<T> = randomTensor([k, n], seed: UInt64(seed * 2 + 2))
            let expected = naiveMatmul(rows(a), rows(b))
            let c = try a.matmul(b)
            #expect(c.shape == [m, n])
            for i in 0..<m { for j in 0..<n { #expect(abs(Double(c[i, j] - expected[i][j])) < tolerance) } }
            // The transposed forms agree with the plain one.
            let at = Tensor<T>(shape: [k, m]) { idx in a[idx % m, idx / m] }
            let bt = Tensor<T>(shape: [n, k]) { idx in b[idx % k, idx / k] }
            let c2 = try at.matmul(bt, transposeSelf: true, transposeOther: true)
            #expect(Double(c2.maxAbsDifference(c)) < tolerance)
        }
    }

    @Test func matmulMatchesNaiveLoops() throws {
        try checkMatmul(Double.self, tolerance: 1e-12)
        try checkMatmul(Float.self, tolerance: 1e-5)
    }

    @Test func matvecBothOrientations() throws {
        let a: Tensor<Double> = randomTensor([5, 3], seed: 3)
        let x: Tensor<Double> = randomTensor([3], seed: 4)
        let y = try a.matvec(x)
        for i in 0..<5 {
            let e = (0..<3).reduce(0.0) { $0 + a[i, $1] * x[$1] }
            #expect(abs(y[i] - e) < 1e-14)
        }
        let z: Tensor<Double> = randomTensor([5], seed: 5)
        let w = try a.matvec(z, transposeSelf: true)
        for j in 0..<3 {
            let e = (0..<5).reduce(0.0) { $0 + a[$1, j] * z[$1] }
            #expect(abs(w[j] - e) < 1e-14)
        }
    }

    @Test func gemmAccumulatesWithBeta() throws {
        let a = Tensor<Double>([1, 2])       // 1×2 as a buffer
        let b = Tensor<Double>([3, 4])       // 2×1
        var c = Tensor<Double>([10])
        try a.withUnsafeBufferPointer { pa in
            try b.withUnsafeBufferPointer { pb in
                try c.withUnsafeMutableBufferPointer { pc in
                    try BLAS.gemm(.none, pa, .none, pb, into: pc, m: 1, n: 1, k: 2, alpha: 2, beta: 1)
                }
            }
        }
        #expect(c[0] == 10 + 2 * (3 + 8))
    }

    @Test func shapeErrorsAreThrown() throws {
        let a = Tensor<Double>(zeros: [2, 3])
        let b = Tensor<Double>(zeros: [4, 2])
        #expect(throws: TensorError.self) { try a.matmul(b) }
        do {
            _ = try a.matmul(b)
        } catch {
            #expect(error.description.contains("inner dimension 3"))
        }
        #expect(throws: TensorError.scalarCountMismatch(argument: "scalars", shape: [2, 2], count: 3)) {
            try Tensor<Double>(shape: [2, 2], scalars: [1, 2, 3])
        }
        #expect(throws: TensorError.invalidShape(argument: "shape", shape: [-1])) {
            try Tensor<Double>(shape: [-1], scalars: [])
        }
    }
}

@Suite("LAPACK solve")
struct LinearSolveTests {
    @Test func solvesAKnownSystem() throws {
        // [[2, 1], [1, 3]] x = [3, 5]  →  x = [0.8, 1.4]
        let a = try Tensor<Double>(shape: [2, 2], scalars: [2, 1, 1, 3])
        let x = try a.solve(Tensor([3, 5]))
        #expect(abs(x[0] - 0.8) < 1e-15 && abs(x[1] - 1.4) < 1e-15)
    }

    func checkRandomSystems<T: BLASScalar>(_: T.Type, tolerance: Double) throws {
        for seed in 0..<5 {
            let n = 2 + seed * 3
            var a: Tensor<T> = randomTensor([n, n], seed: UInt64(100 + seed))
            for i in 0..<n { a[i, i] += T(Double(n)) }    // diagonally dominant: well conditioned
            let x: Tensor<T> = randomTensor([n, 2], seed: UInt64(200 + seed))
            let b = try a.matmul(x)
            let solved = try a.solve(b)
            #expect(Double(solved.maxAbsDifference(x)) < tolerance)
        }
    }

    @Test func recoversRandomSolutions() throws {
        try checkRandomSystems(Double.self, tolerance: 1e-12)
        try checkRandomSystems(Float.self, tolerance: 1e-4)
    }

    @Test func singularMatrixIsATypedError() throws {
        let a = try Tensor<Double>(shape: [2, 2], scalars: [1, 2, 2, 4])
        #expect(throws: TensorError.singularMatrix(routine: "LAPACKE_dgesv", pivot: 1)) { try a.solve(Tensor([1, 1])) }
        let f = try Tensor<Float>(shape: [2, 2], scalars: [0, 0, 0, 0])
        do {
            _ = try f.solve(Tensor([1, 1]))
            Issue.record("expected a singular-matrix error")
        } catch {
            #expect(error.description.contains("LAPACKE_sgesv"))
            #expect(error.description.contains("singular"))
        }
    }

    @Test func nonSquareIsRejected() {
        #expect(throws: TensorError.self) { try Tensor<Double>(zeros: [2, 3]).solve(Tensor([1, 1])) }
    }
}
