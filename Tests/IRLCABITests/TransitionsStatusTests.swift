import IRLCABI
import Testing

/// Every failure of the transitions constructors and of describe: the status, its name, and a
/// message naming the argument, the index and the value. On failure `*out` is NULL.
@Suite("C ABI: transitions status codes")
struct TransitionsStatusTests {
    /// A non-NULL value the library must overwrite with NULL when it fails.
    static var stale: OpaquePointer? { OpaquePointer(bitPattern: 0xDEAD_BEE8) }

    /// `ig_transitions_dense_*` of `p` (2 states, 2 actions unless given), expecting a failure.
    func dense<Scalar: CABIScalar>(
        _ p: [Scalar]?, states: Int64 = 2, actions: Int64 = 2, storage: Int32 = IGStorage.auto, _ expected: Int32,
        _ fragments: String..., sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var handle = Self.stale
        let status = withOptionalPointer(p) { Scalar.transitionsDense($0, states, actions, storage, 0, &handle) }
        let message = lastErrorMessage()
        #expect(status == expected, "\(statusName(status)): \(message)", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(message.contains(fragment), "\"\(message)\" lacks \"\(fragment)\"", sourceLocation: sourceLocation)
        }
        #expect(handle == nil, "*out after a failure", sourceLocation: sourceLocation)
    }

    func denseFailures<Scalar: CABIScalar>(_: Scalar.Type) {
        let good: [Scalar] = [0.5, 0.5, 1, 0, 0, 1, 0.25, 0.75]
        dense(nil as [Scalar]?, IGStatus.nullArgument, "dense tensor pointer is NULL")
        let nullOut = good.withUnsafeBufferPointer { Scalar.transitionsDense($0.baseAddress, 2, 2, IGStorage.auto, 0, nil) }
        expectFailure(nullOut, IGStatus.nullArgument, "out")
        dense(good, storage: 7, IGStatus.invalidArgument, "storage: 7", "IG_STORAGE_AUTO")
        dense(good, states: 0, IGStatus.invalidArgument, "state_count: 0")
        dense(good, actions: -1, IGStatus.invalidArgument, "action_count: -1")
        // Checked before the tensor is read: a C caller's sizes, not a buffer, are wrong.
        dense(good, states: 65536, actions: 65536, IGStatus.memoryBudget, "65536·65536", "2³¹ − 1")
        dense(good, states: (1 << 31) - 2, actions: 1, IGStatus.memoryBudget, "[2147483646, 1, 2147483646]", "address space")
        for storage in [IGStorage.auto, IGStorage.dense, IGStorage.csr] {
            var bad = good
            bad[5] = .nan  // [1, 0, 1]
            dense(bad, storage: storage, IGStatus.nonFinite, "transitions[1, 0, 1]", "nan is not a finite number")
            bad = good
            bad[2] = .infinity  // [0, 1, 0]
            dense(bad, storage: storage, IGStatus.nonFinite, "transitions[0, 1, 0]", "inf")
            bad = good
            (bad[6], bad[7]) = (-0.25, 1.25)  // [1, 1, 0]
            dense(bad, storage: storage, IGStatus.negativeProbability, "transitions[1, 1, 0]", "probability -0.25 is negative")
            bad = good
            bad[7] = 0.5  // row [1, 1] sums to 0.75
            dense(bad, storage: storage, IGStatus.notNormalized, "transitions[1, 1]", "sum to 0.75", "not 1")
        }
    }

    @Test func denseTensorFailures() {
        denseFailures(Double.self)
        denseFailures(Float.self)
    }

    /// `ig_transitions_csr_*` with arrays changed by `edit` from a valid 3-state, 2-action CSR.
    func csr<Scalar: CABIScalar, Index: FixedWidthInteger>(
        _: Scalar.Type, _: Index.Type, states: Int64 = 3, actions: Int64 = 2, indexBits: Int32? = nil, nullIndptr: Bool = false,
        nullIndices: Bool = false, nullData: Bool = false, nonzeros: Int64? = nil,
        edit: (inout [Index], inout [Index], inout [Scalar]) -> Void = { _, _, _ in }, _ expected: Int32, _ fragments: String...,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        // Rows (s, a): 0→{1}, 0→{0, 2}, 1→{1}, 1→{2, 0}, 2→{2}, 2→{0}.
        var indptr: [Index] = [0, 1, 3, 4, 6, 7, 8]
        var indices: [Index] = [1, 0, 2, 1, 2, 0, 2, 0]
        var data: [Scalar] = [1, 0.5, 0.5, 1, 0.75, 0.25, 1, 1]
        edit(&indptr, &indices, &data)
        var handle = Self.stale
        let bits = indexBits ?? Int32(Index.bitWidth)
        let status = withOptionalPointer(nullIndptr ? nil : indptr) { rowStart in
            withOptionalPointer(nullIndices ? nil : indices) { columns in
                withOptionalPointer(nullData ? nil : data) { values in
                    Scalar.transitionsCSR(
                        states, actions, rowStart.map { UnsafeRawPointer($0) }, columns.map { UnsafeRawPointer($0) }, bits, values,
                        nonzeros ?? Int64(data.count), 0, &handle)
                }
            }
        }
        expectFailure(status, expected, sourceLocation: sourceLocation)
        let message = lastErrorMessage()
        for fragment in fragments {
            #expect(message.contains(fragment), "\"\(message)\" lacks \"\(fragment)\"", sourceLocation: sourceLocation)
        }
        #expect(handle == nil, "*out after a failure", sourceLocation: sourceLocation)
    }

    func csrFailures<Scalar: CABIScalar, Index: FixedWidthInteger>(_ s: Scalar.Type, _ i: Index.Type) {
        csr(s, i, nullIndptr: true, IGStatus.nullArgument, "indptr is NULL")
        csr(s, i, nullIndices: true, IGStatus.nullArgument, "indices is NULL", "nonzero_count is 8")
        csr(s, i, nullData: true, IGStatus.nullArgument, "data is NULL")
        csr(s, i, indexBits: 16, IGStatus.invalidArgument, "index_bits: 16")
        csr(s, i, nonzeros: -1, IGStatus.invalidArgument, "nonzero_count: -1")
        csr(s, i, states: 0, IGStatus.invalidArgument, "state_count: 0")
        csr(s, i, states: 1 << 20, actions: 1 << 12, IGStatus.memoryBudget, "1048576·4096")
        csr(s, i, edit: { p, _, _ in p[0] = 1 }, IGStatus.invalidArgument, "indptr[0]: 1 must be 0")
        csr(s, i, edit: { p, _, _ in p[2] = 0 }, IGStatus.invalidArgument, "indptr[2]: 0 is below indptr[1] = 1")
        csr(s, i, edit: { p, _, _ in p[6] = 7 }, IGStatus.shapeMismatch, "indptr[6]: 7 must equal nonzero_count 8")
        csr(s, i, edit: { _, c, _ in c[4] = 3 }, IGStatus.indexOutOfRange, "indices[4]", "row [1, 1]", "index 3 is out of range 0..<3")
        csr(s, i, edit: { _, c, _ in c[7] = -1 }, IGStatus.indexOutOfRange, "indices[7]", "index -1")
        csr(s, i, edit: { _, _, d in d[3] = .nan }, IGStatus.nonFinite, "transitions data[3][1, 0, 1]", "nan")
        csr(s, i, edit: { _, _, d in (d[4], d[5]) = (1.5, -0.5) }, IGStatus.negativeProbability, "data[5][1, 1, 0]", "-0.5")
        csr(s, i, edit: { _, _, d in d[2] = 0.25 }, IGStatus.notNormalized, "transitions[0, 1]", "sum to 0.75")
        // No entries at all: every row sums to 0.
        csr(
            s, i, nullIndices: true, nullData: true, nonzeros: 0, edit: { p, _, _ in p = p.map { _ in 0 } }, IGStatus.notNormalized,
            "transitions[0, 0]", "sum to 0")
    }

    @Test func csrArrayFailures() {
        csrFailures(Double.self, Int32.self)
        csrFailures(Double.self, Int64.self)
        csrFailures(Float.self, Int32.self)
        csrFailures(Float.self, Int64.self)
    }

    @Test func describeFailures() {
        var states: Int64 = -7
        expectFailure(ig_transitions_describe(nil, &states, nil, nil, nil, nil, nil), IGStatus.nullArgument, "transitions", "NULL")
        #expect(states == -7)
    }
}
