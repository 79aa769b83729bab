import IRLCABI
import Testing

/// Handles from dense tensors (each storage mode) and from CSR arrays (32- and 64-bit indices),
/// described with `ig_transitions_describe` and used by a solve checked against the reference.
@Suite("C ABI: transitions handles")
struct TransitionsTests {
    /// What `ig_transitions_describe` reports.
    struct Description: Equatable {
        var states: Int64 = -1, actions: Int64 = -1, bits: Int32 = -1, storage: Int32 = -1, nonzeros: Int64 = -1, owned: Int64 = -1
    }

    func describe(_ handle: OpaquePointer) -> Description {
        var d = Description()
        let status = ig_transitions_describe(handle, &d.states, &d.actions, &d.bits, &d.storage, &d.nonzeros, &d.owned)
        #expect(status == IGStatus.ok)
        return d
    }

    /// A finite-horizon solve with its forward pass on the handle, against the reference.
    func expectSolves<Scalar: CABIScalar>(_: Scalar.Type, _ handle: OpaquePointer, _ pr: CProblem, _ label: String) {
        let (h, g) = (4, 0.95)
        let reference = referenceSoftVI(pr, horizon: h, discount: g)
        let forward = referenceForward(pr, policy: reference.policy, steps: h, horizon: h, discount: g)
        let out = callSoftVI(Scalar.self, handle, pr, horizon: h, discount: g)
        #expect(out.status == IGStatus.ok, "\(label): \(lastErrorMessage())")
        expectClose(out.values, reference.values, "\(label) V")
        expectClose(out.policy, reference.policy, "\(label) π")
        expectClose(out.d, forward.d, "\(label) d")
        expectClose(out.mu, forward.mu, "\(label) μ")
    }

    func denseStorageModes<Scalar: CABIScalar>(_: Scalar.Type) throws {
        let pr = CProblem(states: 6, actions: 3, batch: 2, seed: 1, successors: 4)
        let nonzeros = Int64(pr.p.filter { $0 != 0 }.count)
        let p = scalars(pr.p, as: Scalar.self)
        for (storage, reported) in [(IGStorage.auto, IGStorage.dense), (IGStorage.dense, IGStorage.dense), (IGStorage.csr, IGStorage.csr)] {
            try withDenseTransitions(p, states: 6, actions: 3, storage: storage) { handle in
                let d = describe(handle)
                #expect(d.states == 6 && d.actions == 3 && d.bits == Scalar.bits && d.nonzeros == nonzeros)
                #expect(d.storage == reported, "storage \(storage)")
                // A dense handle owns nothing (it reads the caller's tensor); an extracted CSR owns its arrays.
                #expect(reported == IGStorage.dense ? d.owned == 0 : d.owned > 0)
                expectSolves(Scalar.self, handle, pr, "\(Scalar.self) dense storage \(storage)")
            }
        }
    }

    @Test func denseTensorInEachStorageMode() throws {
        try denseStorageModes(Double.self)
        try denseStorageModes(Float.self)
    }

    /// `IG_STORAGE_AUTO` extracts CSR when at most 5 % of the entries are nonzero and S ≥ 256:
    /// per-state blocks when the actions of a state share successors, CSR with its transpose otherwise.
    @Test(arguments: [false, true])
    func automaticStorageFollowsTheDensityRule(sharedSuccessors: Bool) throws {
        let sparse = CProblem(states: 260, actions: 3, batch: 1, seed: 2, successors: 5, sharedSuccessors: sharedSuccessors)
        try withDenseTransitions(sparse.p, states: 260, actions: 3) { handle in
            let d = describe(handle)
            #expect(d.storage == IGStorage.csr && d.nonzeros == 260 * 3 * 5 && d.owned > 0)
            expectSolves(Double.self, handle, sparse, "auto sparse (shared \(sharedSuccessors))")
        }
        try withDenseTransitions(scalars(sparse.p, as: Float.self), states: 260, actions: 3) { handle in
            #expect(describe(handle).storage == IGStorage.csr)
            expectSolves(Float.self, handle, sparse, "auto sparse f32 (shared \(sharedSuccessors))")
        }
        // 14 successors of 260 is 5.4 %: dense.
        let denser = CProblem(states: 260, actions: 2, batch: 1, seed: 3, successors: 14)
        try withDenseTransitions(denser.p, states: 260, actions: 2) { handle in
            let d = describe(handle)
            #expect(d.storage == IGStorage.dense && d.owned == 0 && d.nonzeros == 260 * 2 * 14)
        }
    }

    func csrHandles<Scalar: CABIScalar, Index: FixedWidthInteger>(_: Scalar.Type, _: Index.Type) throws {
        let pr = CProblem(states: 7, actions: 2, batch: 3, seed: 4, successors: 3)
        let (indptr, indices, data) = pr.csr(Index.self)
        try withCSRTransitions(indptr: indptr, indices: indices, data: scalars(data, as: Scalar.self), states: 7, actions: 2) { handle in
            let d = describe(handle)
            #expect(d.states == 7 && d.actions == 2 && d.bits == Scalar.bits)
            // Duplicates count as entries; the handle reads the arrays in place (owns nothing) or,
            // when the rows fit per-state blocks, owns the blocks it built from them.
            #expect(d.storage == IGStorage.csr && d.nonzeros == Int64(data.count))
            expectSolves(Scalar.self, handle, pr, "\(Scalar.self) CSR \(Index.bitWidth)-bit")
        }
    }

    /// Structure found from CSR too: rows whose actions share their successors become per-state
    /// blocks (the handle owns them), others stay the caller's arrays read in place; both solve
    /// like the reference.
    @Test(arguments: [true, false])
    func csrRowsThatShareSuccessorsBecomeBlocks(shared: Bool) throws {
        let pr = CProblem(states: 40, actions: 4, batch: 2, seed: 8, successors: 3, sharedSuccessors: shared)
        for bits in [32, 64] {
            func check<Index: FixedWidthInteger>(_: Index.Type) throws {
                let (indptr, indices, data) = pr.csr(Index.self)
                try withCSRTransitions(indptr: indptr, indices: indices, data: data, states: 40, actions: 4) { handle in
                    let d = describe(handle)
                    #expect(shared ? d.owned > 0 : d.owned == 0, "shared \(shared), \(bits)-bit: owns \(d.owned) bytes")
                    expectSolves(Double.self, handle, pr, "CSR shared \(shared) \(bits)-bit")
                }
            }
            if bits == 32 { try check(Int32.self) } else { try check(Int64.self) }
        }
    }

    @Test func csrArraysWith32And64BitIndices() throws {
        try csrHandles(Double.self, Int32.self)
        try csrHandles(Double.self, Int64.self)
        try csrHandles(Float.self, Int32.self)
        try csrHandles(Float.self, Int64.self)
    }

    /// Each output of describe may be NULL.
    @Test func describeWithNullOutputs() throws {
        let p: [Float] = [0.5, 0.5, 0, 1, 1, 0, 0.25, 0.75]
        try withDenseTransitions(p, states: 2, actions: 2) { handle in
            #expect(ig_transitions_describe(handle, nil, nil, nil, nil, nil, nil) == IGStatus.ok)
            var bits: Int32 = 0
            var nonzeros: Int64 = 0
            #expect(ig_transitions_describe(handle, nil, nil, &bits, nil, &nonzeros, nil) == IGStatus.ok)
            #expect(bits == 32 && nonzeros == 6)
        }
    }

    /// The tolerance argument: rows off by 1e-6 fail by default (√ε) and pass with 1e-5.
    @Test func rowToleranceIsTheCallers() throws {
        let p: [Double] = [0.5 + 1e-6, 0.5, 0, 1]
        var handle: OpaquePointer?
        expectFailure(
            ig_transitions_dense_f64(p, 2, 1, IGStorage.auto, 0, &handle), IGStatus.notNormalized, "transitions[0, 0]", "1.000001")
        #expect(handle == nil)
        try withDenseTransitions(p, states: 2, actions: 1, tolerance: 1e-5) { handle in
            #expect(describe(handle).nonzeros == 3)
        }
    }
}
