import DenseTensors
import IRL

/// A dense `[S, A, S]` transition tensor that belongs to the caller of the C API, used in place:
/// pull is GEMM/GEMV `P·V`, push is `Pᵀ·X`, straight on the caller's memory (no copy).
///
/// The caller keeps the memory alive and unchanged while a handle that wraps it exists (the
/// header states that contract); that is why the pointer may live in a `Sendable` value.
/// Rows were validated by ``DenseTransitionScan`` before the operator was made.
struct BorrowedDenseTransitions<Scalar: BLASScalar>: TransitionOperator, @unchecked Sendable {
    /// `P[s, a, s']`, `S·A·S` scalars, row-major.
    let transitions: UnsafeBufferPointer<Scalar>
    let stateCount: Int
    let actionCount: Int

    var kind: String { "dense (borrowed)" }
    var runsOnThreadedBLAS: Bool { true }
    /// The operator owns nothing: the tensor is the caller's.
    var storageBytes: Int { 0 }

    func pull(
        _ v: UnsafeBufferPointer<Scalar>, batch: Int, into out: UnsafeMutableBufferPointer<Scalar>,
        alpha: Scalar, beta: Scalar
    ) {
        let (m, k) = (stateCount * actionCount, stateCount)
        // Sizes were checked when the handle was made (S·A and S fit 32-bit BLAS) and by the solver.
        if batch == 1 {
            try! BLAS.gemv(.none, transitions, m: m, n: k, v, into: out, alpha: alpha, beta: beta)
        } else {
            try! BLAS.gemm(.none, transitions, .none, v, into: out, m: m, n: batch, k: k, alpha: alpha, beta: beta)
        }
    }

    func push(
        _ x: UnsafeBufferPointer<Scalar>, batch: Int, into out: UnsafeMutableBufferPointer<Scalar>,
        alpha: Scalar, beta: Scalar
    ) {
        let (m, k) = (stateCount * actionCount, stateCount)
        if batch == 1 {
            try! BLAS.gemv(.transpose, transitions, m: m, n: k, x, into: out, alpha: alpha, beta: beta)
        } else {
            try! BLAS.gemm(.transpose, transitions, .none, x, into: out, m: k, n: batch, k: m, alpha: alpha, beta: beta)
        }
    }

    func successors(state: Int, action: Int) -> [(state: Int, probability: Scalar)] {
        let base = (state * actionCount + action) * stateCount
        return (0..<stateCount).compactMap { transitions[base + $0] != 0 ? ($0, transitions[base + $0]) : nil }
    }

    func bytesMoved(batch: Int) -> Int {
        (stateCount * actionCount * stateCount + stateCount * actionCount * batch + stateCount * batch)
            * MemoryLayout<Scalar>.stride
    }
}
