import DenseTensors

/// A naive triple loop: the reference GEMM is checked against.
func naiveMatmul<T: BLASScalar>(_ a: [[T]], _ b: [[T]]) -> [[T]] {
    let (m, k, n) = (a.count, b.count, b[0].count)
    return (0..<m).map { i in (0..<n).map { j in (0..<k).reduce(T(0)) { $0 + a[i][$1] * b[$1][j] } } }
}

func rows<T: BLASScalar>(_ t: Tensor<T>) -> [[T]] {
    (0..<t.shape[0]).map { i in Array(t.scalars[(i * t.shape[1])..<((i + 1) * t.shape[1])]) }
}
