import DenseTensors
import IRL

/// What `ig_transitions *` points to: a validated transition operator over caller-owned arrays
/// (plus, for a mostly-zero dense tensor, the CSR extracted from it). Immutable once made, so
/// one handle may serve concurrent calls from many threads.
final class TransitionsHandle<Scalar: BLASScalar>: @unchecked Sendable {
    /// The operator the solvers use.
    let dynamics: any TransitionOperator<Scalar>
    /// `IG_STORAGE_DENSE` (1) or `IG_STORAGE_CSR` (2): how the solvers read it.
    let storage: Int32
    /// Nonzero probabilities.
    let nonzeros: Int
    /// Bytes the handle allocated itself (0 unless a CSR was extracted from a dense tensor).
    let ownedBytes: Int

    init(dynamics: any TransitionOperator<Scalar>, storage: Int32, nonzeros: Int) {
        self.dynamics = dynamics
        self.storage = storage
        self.nonzeros = nonzeros
        self.ownedBytes = dynamics.storageBytes
    }

    /// Recovers the handle behind a C pointer.
    /// - Throws: ``CStatus/nullArgument`` for `NULL`, ``CStatus/wrongPrecision`` when the handle
    ///   was made for the other scalar type.
    static func from(_ pointer: OpaquePointer?) throws(CFailure) -> TransitionsHandle<Scalar> {
        guard let pointer else { throw CFailure(.nullArgument, "transitions: the handle is NULL") }
        let object = Unmanaged<AnyObject>.fromOpaque(UnsafeRawPointer(pointer)).takeUnretainedValue()
        guard let handle = object as? TransitionsHandle<Scalar> else {
            let held = (object as? any PrecisionNaming)?.precisionName ?? "other"
            throw CFailure(.wrongPrecision, "transitions: the handle holds \(held) transitions; this function needs \(Scalar.scalarName)")
        }
        return handle
    }

    /// Passes a new handle to C (retained until `ig_transitions_free`).
    func retainedPointer() -> OpaquePointer {
        OpaquePointer(Unmanaged.passRetained(self as AnyObject).toOpaque())
    }
}

/// A handle that names its precision as the C ABI does, for the message of a call that passed it
/// to the functions of the other precision.
private protocol PrecisionNaming: AnyObject {
    /// `"float (…_f32)"` or `"double (…_f64)"`.
    var precisionName: String { get }
}

extension TransitionsHandle: PrecisionNaming {
    var precisionName: String { "\(Scalar.scalarName.lowercased()) (…_f\(MemoryLayout<Scalar>.size * 8))" }
}

/// The `storage` argument of `ig_transitions_dense_*`.
enum StorageRequest: Int32 {
    /// Sparse when density ≤ 5 % and S ≥ 256, else dense (the engine's ``TransitionStructure``).
    case automatic = 0
    case dense = 1
    case csr = 2

    var storage: TransitionStorage {
        switch self {
        case .automatic: return .automatic
        case .dense: return .dense
        case .csr: return .sparse
        }
    }
}

/// Builds handles from the caller's arrays, validating them first.
enum TransitionsFactory {
    /// Checks `S`, `A` and the sizes derived from them, which must fit the 32-bit BLAS interface
    /// and the address space.
    static func checkCounts(states: Int64, actions: Int64) throws(CFailure) -> (Int, Int) {
        guard states >= 1 else { throw CFailure(.invalidArgument, "state_count: \(states) must be at least 1") }
        guard actions >= 1 else { throw CFailure(.invalidArgument, "action_count: \(actions) must be at least 1") }
        let (s, a) = (Int(states), Int(actions))
        let (sa, o1) = s.multipliedReportingOverflow(by: a)
        guard !o1, sa < Int(Int32.max) else {
            throw CFailure(.exceedsMemoryBudget, "state_count·action_count = \(s)·\(a) exceeds 2³¹ − 1 rows")
        }
        return (s, a)
    }

    static func rowTolerance<Scalar: BLASScalar>(_ value: Double, _: Scalar.Type) -> Scalar {
        value > 0 && value.isFinite ? Scalar(value) : Scalar.ulpOfOne.squareRoot()
    }

    /// A handle over a dense `[S, A, S]` tensor.
    static func dense<Scalar: BLASScalar>(
        _ p: UnsafePointer<Scalar>?, states: Int64, actions: Int64, storage: Int32, tolerance: Double
    ) throws(CFailure) -> TransitionsHandle<Scalar> {
        guard let p else { throw CFailure(.nullArgument, "transitions: the dense tensor pointer is NULL") }
        guard let request = StorageRequest(rawValue: storage) else {
            throw CFailure(.invalidArgument, "storage: \(storage) is not IG_STORAGE_AUTO (0), IG_STORAGE_DENSE (1) or IG_STORAGE_CSR (2)")
        }
        let (s, a) = try checkCounts(states: states, actions: actions)
        let (count, overflow) = (s * a).multipliedReportingOverflow(by: s)
        guard !overflow, count <= Int.max / MemoryLayout<Scalar>.stride else {
            throw CFailure(.exceedsMemoryBudget, "transitions: [\(s), \(a), \(s)] does not fit the address space; pass CSR arrays")
        }
        let buffer = UnsafeBufferPointer(start: p, count: count)
        let found = try CFailure.library { () throws(IRLError) in
            try TransitionStructure.operatorFromDense(
                buffer, owner: nil, states: s, actions: a, storage: request.storage,
                tolerance: rowTolerance(tolerance, Scalar.self), threads: CThreads.processDefault)
        }
        return TransitionsHandle(dynamics: found.dynamics, storage: found.storage.rawValue, nonzeros: found.nonzeros)
    }

    /// A handle over caller-owned CSR arrays (`index_bits` 32 or 64).
    static func csr<Scalar: BLASScalar>(
        states: Int64, actions: Int64, indptr: UnsafeRawPointer?, indices: UnsafeRawPointer?, indexBits: Int32,
        data: UnsafePointer<Scalar>?, nonzeros: Int64, tolerance: Double
    ) throws(CFailure) -> TransitionsHandle<Scalar> {
        let (s, a) = try checkCounts(states: states, actions: actions)
        guard nonzeros >= 0 else { throw CFailure(.invalidArgument, "nonzero_count: \(nonzeros) is negative") }
        guard let indptr else { throw CFailure(.nullArgument, "indptr is NULL") }
        guard nonzeros == 0 || (indices != nil && data != nil) else {
            throw CFailure(.nullArgument, "\(indices == nil ? "indices" : "data") is NULL but nonzero_count is \(nonzeros)")
        }
        let tol = rowTolerance(tolerance, Scalar.self)
        let nnz = Int(nonzeros)
        let values = UnsafeBufferPointer(start: data, count: nnz)
        switch indexBits {
        case 32:
            return try csr(
                s, a, UnsafeBufferPointer(start: indptr.assumingMemoryBound(to: Int32.self), count: s * a + 1),
                UnsafeBufferPointer(start: indices?.assumingMemoryBound(to: Int32.self), count: nnz), values, tol)
        case 64:
            return try csr(
                s, a, UnsafeBufferPointer(start: indptr.assumingMemoryBound(to: Int64.self), count: s * a + 1),
                UnsafeBufferPointer(start: indices?.assumingMemoryBound(to: Int64.self), count: nnz), values, tol)
        default:
            throw CFailure(.invalidArgument, "index_bits: \(indexBits) is not 32 or 64")
        }
    }

    @_specialize(where Scalar == Double, Index == Int32)
    @_specialize(where Scalar == Double, Index == Int64)
    @_specialize(where Scalar == Float, Index == Int32)
    @_specialize(where Scalar == Float, Index == Int64)
    static func csr<Scalar: BLASScalar, Index: FixedWidthInteger & Sendable>(
        _ s: Int, _ a: Int, _ indptr: UnsafeBufferPointer<Index>, _ indices: UnsafeBufferPointer<Index>,
        _ data: UnsafeBufferPointer<Scalar>, _ tolerance: Scalar
    ) throws(CFailure) -> TransitionsHandle<Scalar> {
        let rows = s * a
        guard indptr[0] == 0 else { throw CFailure(.invalidArgument, "indptr[0]: \(indptr[0]) must be 0") }
        guard Int(indptr[rows]) == data.count else {
            throw CFailure(.shapeMismatch, "indptr[\(rows)]: \(indptr[rows]) must equal nonzero_count \(data.count)")
        }
        for row in 0..<rows {
            let (lo, hi) = (Int(indptr[row]), Int(indptr[row + 1]))
            guard hi >= lo, hi <= data.count else {
                throw CFailure(
                    .invalidArgument, "indptr[\(row + 1)]: \(hi) is below indptr[\(row)] = \(lo) or above nonzero_count \(data.count)")
            }
        }
        let dynamics = try CFailure.library { () throws(IRLError) in
            try TransitionStructure.operatorFromCSR(
                rowStart: indptr, nextState: indices, probability: data, states: s, actions: a, tolerance: tolerance,
                threads: CThreads.processDefault)
        }
        return TransitionsHandle(dynamics: dynamics, storage: StorageRequest.csr.rawValue, nonzeros: data.count)
    }
}
