import DenseTensors
import IRL

/// A recipe for the dynamics of a ``SoftVIPassScenario``: how to build the transition operator
/// (untimed) and, when the operator is a BLAS product, how fast BLAS alone runs its products.
///
/// The dense model is ``DenseTransitionModel``; sparse-CSR and stencil gridworld models conform
/// the same way (build the operator, return `nil` from the GEMM parts, report `.memory`).
protocol TransitionModel: Sendable {
    associatedtype Scalar: BLASScalar
    associatedtype Operator: TransitionOperator where Operator.Scalar == Scalar

    /// The name prefix, e.g. `dense/S4096/A5`; the scenario appends `/H…/B…/Scalar`.
    var label: String { get }
    var stateCount: Int { get }
    var actionCount: Int { get }

    /// Builds the operator from a seed (the same seed gives the same operator).
    func makeOperator(seed: UInt64) throws -> Operator

    /// Which ceiling the pass is judged against at this batch.
    func bound(batch: Int) -> ScenarioReport.Bound

    /// The flops of one pull (equal to one push) over `batch` columns, or `nil` when the
    /// operator is not a matrix product.
    func flopsPerProduct(batch: Int) -> Double?

    /// The BLAS routine a pull and a push reduce to at this batch ("GEMM", "GEMV"), or `nil` when
    /// there is no BLAS reference to compare with.
    func sameShapeRoutine(batch: Int) -> String?

    /// Times BLAS alone on exactly the pull and push shapes of `op`. Called only when
    /// ``sameShapeRoutine(batch:)`` is not `nil`.
    /// - Parameters:
    ///   - samples: medians are taken over this many samples of each call...
    ///   - minimumSeconds: ...each sample repeating the call for at least this long.
    func sameShapeKernel(_ op: Operator, batch: Int, samples: Int, minimumSeconds: Double) throws -> SameShapeKernel
}

extension TransitionModel {
    /// Operators that are not a BLAS product (sparse, stencil) are memory-bound.
    func bound(batch: Int) -> ScenarioReport.Bound { .memory }
    func flopsPerProduct(batch: Int) -> Double? { nil }
    func sameShapeRoutine(batch: Int) -> String? { nil }
    func sameShapeKernel(_ op: Operator, batch: Int, samples: Int, minimumSeconds: Double) throws -> SameShapeKernel {
        preconditionFailure("\(label) has no BLAS reference (sameShapeRoutine is nil)")
    }
}

/// The time of the BLAS call a pull and a push reduce to, on the scenario's own shapes.
struct SameShapeKernel: Sendable {
    /// Median seconds of one call.
    let pullSeconds: Double
    let pushSeconds: Double

    /// The seconds of the `H` pulls and `H` pushes of one pass.
    func passSeconds(horizon: Int) -> Double { Double(horizon) * (pullSeconds + pushSeconds) }
}
