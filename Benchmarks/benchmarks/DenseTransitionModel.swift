import DenseTensors
import IRL
import _TestSupport

/// Random dense row-stochastic transitions `P[s, a, s']` (`randomDenseTransitions`: every entry
/// uniform in (0, 1], each row scaled to sum to 1) on the library's dense (OpenBLAS) operator.
struct DenseTransitionModel<Scalar: BLASScalar>: TransitionModel {
    let stateCount: Int
    let actionCount: Int

    var label: String { "dense/S\(stateCount)/A\(actionCount)" }

    /// - Complexity: `S²·A` random numbers and the operator's `O(S²·A)` validation;
    ///   memory `S²·A` scalars (671 MB for S = 4096, A = 5, Double).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func makeOperator(seed: UInt64) throws -> DenseTransitionOperator<Scalar> {
        try DenseTransitionOperator(
            transitions: randomDenseTransitions(states: stateCount, actions: actionCount, seed: seed))
    }

    /// B = 1 is a GEMV that streams P once per product: memory-bound. B > 1 is GEMM.
    func bound(batch: Int) -> ScenarioReport.Bound { batch == 1 ? .memory : .compute }

    func flopsPerProduct(batch: Int) -> Double? {
        2 * Double(stateCount * actionCount) * Double(stateCount) * Double(batch)
    }

    func sameShapeRoutine(batch: Int) -> String? { batch == 1 ? "GEMV" : "GEMM" }

    /// Times the exact calls the operator makes — pull `Q ← P·V + Q` (`(S·A)×S · S×B`, β = 1)
    /// and push `D ← Pᵀ·X` (`S×(S·A) · (S·A)×B`) — on the operator's own `P`.
    func sameShapeKernel(
        _ op: DenseTransitionOperator<Scalar>, batch b: Int, samples: Int, minimumSeconds: Double
    ) throws -> SameShapeKernel {
        let (s, a) = (stateCount, actionCount)
        var generator = SplitMix64(seed: 0x5A5E)
        let v = (0..<(s * b)).map { _ in Scalar(generator.nextUnitInterval()) }
        let x = (0..<(s * a * b)).map { _ in Scalar(generator.nextUnitInterval() / Double(s)) }
        var q = [Scalar](repeating: 0, count: s * a * b)
        var d = [Scalar](repeating: 0, count: s * b)
        var pull: Summary?, push: Summary?
        try op.transitions.withUnsafeBufferPointer { p in
            try v.withUnsafeBufferPointer { pv in
                try x.withUnsafeBufferPointer { px in
                    try q.withUnsafeMutableBufferPointer { pq in
                        try d.withUnsafeMutableBufferPointer { pd in
                            pull = try Self.time(samples: samples, minimumSeconds: minimumSeconds) { () throws(TensorError) in
                                if b == 1 {
                                    try BLAS.gemv(.none, p, m: s * a, n: s, pv, into: pq, beta: 1)
                                } else {
                                    try BLAS.gemm(.none, p, .none, pv, into: pq, m: s * a, n: b, k: s, beta: 1)
                                }
                            }
                            push = try Self.time(samples: samples, minimumSeconds: minimumSeconds) { () throws(TensorError) in
                                if b == 1 {
                                    try BLAS.gemv(.transpose, p, m: s * a, n: s, px, into: pd)
                                } else {
                                    try BLAS.gemm(.transpose, p, .none, px, into: pd, m: s, n: b, k: s * a)
                                }
                            }
                        }
                    }
                }
            }
        }
        return SameShapeKernel(pullSeconds: pull!.median, pushSeconds: push!.median)
    }

    /// Per-call seconds of a BLAS call (its shape checks cannot fail here: sizes are exact).
    private static func time(
        samples: Int, minimumSeconds: Double, _ call: () throws(TensorError) -> Void
    ) throws(TensorError) -> Summary {
        try call()
        return Stopwatch.secondsPerCall(samples: samples, minimumSeconds: minimumSeconds) { try! call() }
    }
}
