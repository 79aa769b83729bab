import CKernels
import DenseTensors

/// The state-block kernels of `CKernels` (AVX2 + FMA or portable, chosen at run time) for the
/// fused single-column passes, on the lane layout of ``StateBlockedTransitions/Storage``, each
/// reached through the `_stateBlock…` requirements of the scalar's ``BLASScalar`` conformance;
/// `nil`/`false` results (no lane storage; no fused kernel) tell the caller to take its Swift loops.
package enum StateBlockKernels {
    /// Whether the kernels take `actions` actions and `width` columns per state.
    package static func supports(actions: Int, width: Int) -> Bool {
        actions >= 1 && width >= 1 && actions <= Int(SBK_MAXIMUM_ACTIONS) && width <= Int(SBK_MAXIMUM_WIDTH)
    }

    /// `sbk_backup_arguments`: `nil` without lane storage, else whether every state of the groups
    /// has a finite maximum.
    @inline(__always)
    package static func backupArguments<Scalar: BLASScalar>(
        _ storage: StateBlockedTransitions<Scalar>.Storage, states: Int, actions: Int, width: Int, firstGroup: Int,
        groups: Int, next: UnsafePointer<Scalar>, reward: UnsafePointer<Scalar>, discount: Scalar,
        inverseTemperature: Scalar, shifted: UnsafeMutablePointer<Scalar>, maxima: UnsafeMutablePointer<Scalar>,
        qValues: UnsafeMutablePointer<Scalar>?
    ) -> Bool? {
        guard let (column, weight) = storage.lanes else { return nil }
        return Scalar._stateBlockBackupArguments(
            column: column, weight: weight, states: states, actions: actions, width: width, firstGroup: firstGroup, groups: groups,
            next: next, reward: reward, discount: discount, inverseTemperature: inverseTemperature, shifted: shifted,
            maxima: maxima, qValues: qValues)
    }

    /// `sbk_backup_fused_f64`, the whole backup of the groups in one sweep: `nil` when it does
    /// not apply (Float; or a test turned it off, ``KernelOverrides/enableFusedBackup(_:)``), else
    /// whether every state of the groups has a finite maximum (`values` is `V_t[S]`).
    @inline(__always)
    package static func backupFused<Scalar: BLASScalar>(
        _ storage: StateBlockedTransitions<Scalar>.Storage, states: Int, actions: Int, width: Int, firstGroup: Int,
        groups: Int, next: UnsafePointer<Scalar>, reward: UnsafePointer<Scalar>, discount: Scalar,
        temperature: Scalar, values: UnsafeMutablePointer<Scalar>, policy: UnsafeMutablePointer<Scalar>?,
        qValues: UnsafeMutablePointer<Scalar>?
    ) -> Bool? {
        guard let (column, weight) = storage.lanes else { return nil }
        return Scalar._stateBlockBackupFused(
            column: column, weight: weight, states: states, actions: actions, width: width, firstGroup: firstGroup, groups: groups,
            next: next, reward: reward, discount: discount, temperature: temperature, values: values, policy: policy,
            qValues: qValues)
    }

    /// `sbk_backup_policy`: sums of the exponentials and the policy.
    @inline(__always)
    package static func backupPolicy<Scalar: BLASScalar>(
        states: Int, actions: Int, firstGroup: Int, groups: Int, exponentials: UnsafePointer<Scalar>,
        sums: UnsafeMutablePointer<Scalar>, policy: UnsafeMutablePointer<Scalar>?
    ) {
        Scalar._stateBlockBackupPolicy(
            states: states, actions: actions, firstGroup: firstGroup, groups: groups, exponentials: exponentials, sums: sums,
            policy: policy)
    }

    /// `sbk_forward_step`: `false` without lane storage (nothing done).
    @inline(__always)
    package static func forwardStep<Scalar: BLASScalar>(
        _ storage: StateBlockedTransitions<Scalar>.Storage, states: Int, actions: Int, width: Int,
        d: UnsafePointer<Scalar>, policy: UnsafePointer<Scalar>, occupancy: UnsafeMutablePointer<Scalar>?,
        weight occupancyWeight: Scalar, into out: UnsafeMutablePointer<Scalar>
    ) -> Bool {
        guard let (column, weight) = storage.lanes else { return false }
        Scalar._stateBlockForwardStep(
            column: column, weight: weight, states: states, actions: actions, width: width, d: d, policy: policy,
            occupancy: occupancy, occupancyWeight: occupancyWeight, out: out)
        return true
    }

    /// `sbk_scan_rows`, the validating scan of rows `rows` (see ``DenseTransitionScan``): the
    /// chunk, its collected entries in buffers it allocated, grown by doubling when a row might
    /// not fit.
    /// - Complexity: O(rows·S) reads; O(nnz) memory when collecting.
    package static func scanRows<Scalar: BLASScalar>(
        _ rows: Range<Int>, _ p: UnsafePointer<Scalar>, states s: Int, tolerance: Scalar, collectLimit: Int?,
        expectedPerRow: Int
    ) -> DenseTransitionScan.Chunk<Scalar> {
        var chunk = DenseTransitionScan.Chunk<Scalar>()
        guard !rows.isEmpty else { return chunk }
        let collecting = collectLimit != nil
        var capacity = collecting ? max(64, rows.count * max(1, expectedPerRow), s) : 0
        var next = collecting ? ScratchArrays.takeBuffer(Int32.self, count: capacity).baseAddress : nil
        var probability = collecting ? ScratchArrays.takeBuffer(Scalar.self, count: capacity).baseAddress : nil
        if collecting { chunk.rowEnds = ScratchArrays.takeBuffer(Int32.self, count: rows.count) }
        var flag: Int32 = collecting ? 1 : 0
        var (count, nonzeros, bad): (Int, Int, Int32) = (0, 0, 0)
        var row = rows.lowerBound
        while row < rows.upperBound {
            let ends = chunk.rowEnds.baseAddress.map { $0 + (row - rows.lowerBound) }
            let stop = Scalar._denseScanRows(
                p, columns: s, rows: row..<rows.upperBound, tolerance: tolerance, limit: collectLimit ?? Int.max,
                collecting: &flag, next: next, probability: probability, capacity: capacity, count: &count, rowEnds: ends,
                nonzeros: &nonzeros, badRow: &bad)
            if bad != 0 {
                chunk.firstBadRow = stop
                break
            }
            row = stop
            guard row < rows.upperBound, let oldNext = next, let oldProbability = probability else { break }
            // Room for at least one more whole row.
            let grown = max(2 * capacity, count + s)
            let (n, q) = (ScratchArrays.takeBuffer(Int32.self, count: grown), ScratchArrays.takeBuffer(Scalar.self, count: grown))
            n.baseAddress?.update(from: oldNext, count: count)
            q.baseAddress?.update(from: oldProbability, count: count)
            ScratchArrays.giveBack(buffer: UnsafeMutableBufferPointer(start: oldNext, count: capacity))
            ScratchArrays.giveBack(buffer: UnsafeMutableBufferPointer(start: oldProbability, count: capacity))
            (next, probability, capacity) = (n.baseAddress, q.baseAddress, grown)
        }
        chunk.capacity = capacity
        chunk.nonzeros = nonzeros
        chunk.collecting = flag != 0 && chunk.firstBadRow < 0
        chunk.next = next
        chunk.probability = probability
        return chunk
    }
}
