import CKernels
import DenseTensors

/// The state-block kernels of `CKernels` (AVX2 + FMA or portable, chosen at run time) for the
/// fused single-column passes, on the lane layout of ``StateBlockedTransitions/Storage``.
/// Double and Float only; `nil`/`false` results tell the caller to take its Swift loops.
package enum StateBlockKernels {
    /// Whether the kernels take `actions` actions and `width` columns per state.
    package static func supports(actions: Int, width: Int) -> Bool {
        actions >= 1 && width >= 1 && actions <= Int(SBK_MAXIMUM_ACTIONS) && width <= Int(SBK_MAXIMUM_WIDTH)
    }

    /// `sbk_backup_arguments_f64/f32`: `nil` for another scalar type, else whether every state
    /// of the groups has a finite maximum.
    @inline(__always)
    package static func backupArguments<Scalar: BLASScalar>(
        _ storage: StateBlockedTransitions<Scalar>.Storage, states: Int, actions: Int, width: Int, firstGroup: Int,
        groups: Int, next: UnsafePointer<Scalar>, reward: UnsafePointer<Scalar>, discount: Scalar,
        inverseTemperature: Scalar, shifted: UnsafeMutablePointer<Scalar>, maxima: UnsafeMutablePointer<Scalar>,
        qValues: UnsafeMutablePointer<Scalar>?
    ) -> Bool? {
        guard let column = UnsafePointer(storage.laneColumn.baseAddress), let weight = UnsafePointer(storage.laneWeight.baseAddress) else {
            return nil
        }
        if Scalar.self == Double.self {
            return sbk_backup_arguments_f64(
                column, cast(weight), states, actions, width, firstGroup, groups, cast(next), cast(reward),
                unsafeBitCast(discount, to: Double.self), unsafeBitCast(inverseTemperature, to: Double.self),
                cast(shifted), cast(maxima), qValues.map { cast($0) }) != 0
        }
        if Scalar.self == Float.self {
            return sbk_backup_arguments_f32(
                column, cast(weight), states, actions, width, firstGroup, groups, cast(next), cast(reward),
                unsafeBitCast(discount, to: Float.self), unsafeBitCast(inverseTemperature, to: Float.self),
                cast(shifted), cast(maxima), qValues.map { cast($0) }) != 0
        }
        return nil
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
        guard Scalar.self == Double.self, ck_fused_backup_enabled() != 0,
            let column = UnsafePointer(storage.laneColumn.baseAddress), let weight = UnsafePointer(storage.laneWeight.baseAddress)
        else { return nil }
        let alpha = unsafeBitCast(temperature, to: Double.self)
        return sbk_backup_fused_f64(
            column, cast(weight), states, actions, width, firstGroup, groups, cast(next), cast(reward),
            unsafeBitCast(discount, to: Double.self), 1 / alpha, alpha, cast(values), policy.map { cast($0) },
            qValues.map { cast($0) }) != 0
    }

    /// `sbk_backup_policy_f64/f32`: sums of the exponentials and the policy.
    @inline(__always)
    package static func backupPolicy<Scalar: BLASScalar>(
        states: Int, actions: Int, firstGroup: Int, groups: Int, exponentials: UnsafePointer<Scalar>,
        sums: UnsafeMutablePointer<Scalar>, policy: UnsafeMutablePointer<Scalar>?
    ) {
        if Scalar.self == Double.self {
            sbk_backup_policy_f64(states, actions, firstGroup, groups, cast(exponentials), cast(sums), policy.map { cast($0) })
        } else if Scalar.self == Float.self {
            sbk_backup_policy_f32(states, actions, firstGroup, groups, cast(exponentials), cast(sums), policy.map { cast($0) })
        }
    }

    /// `sbk_forward_step_f64/f32`: `false` for another scalar type (nothing done).
    @inline(__always)
    package static func forwardStep<Scalar: BLASScalar>(
        _ storage: StateBlockedTransitions<Scalar>.Storage, states: Int, actions: Int, width: Int,
        d: UnsafePointer<Scalar>, policy: UnsafePointer<Scalar>, occupancy: UnsafeMutablePointer<Scalar>?,
        weight occupancyWeight: Scalar, into out: UnsafeMutablePointer<Scalar>
    ) -> Bool {
        guard let column = UnsafePointer(storage.laneColumn.baseAddress), let weight = UnsafePointer(storage.laneWeight.baseAddress) else {
            return false
        }
        if Scalar.self == Double.self {
            sbk_forward_step_f64(
                column, cast(weight), states, actions, width, cast(d), cast(policy), occupancy.map { cast($0) },
                unsafeBitCast(occupancyWeight, to: Double.self), cast(out))
            return true
        }
        if Scalar.self == Float.self {
            sbk_forward_step_f32(
                column, cast(weight), states, actions, width, cast(d), cast(policy), occupancy.map { cast($0) },
                unsafeBitCast(occupancyWeight, to: Float.self), cast(out))
            return true
        }
        return false
    }

    /// `sbk_scan_rows_f64/f32`, the validating scan of rows `rows` (see ``DenseTransitionScan``):
    /// `nil` for another scalar type, else the chunk (its collected entries in buffers it
    /// allocated, grown by doubling when a row might not fit).
    /// - Complexity: O(rows·S) reads; O(nnz) memory when collecting.
    package static func scanRows<Scalar: BLASScalar>(
        _ rows: Range<Int>, _ p: UnsafePointer<Scalar>, states s: Int, tolerance: Scalar, collectLimit: Int?,
        expectedPerRow: Int
    ) -> DenseTransitionScan.Chunk<Scalar>? {
        guard Scalar.self == Double.self || Scalar.self == Float.self else { return nil }
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
            let stop: Int
            if Scalar.self == Double.self {
                stop = sbk_scan_rows_f64(
                    cast(p), s, row, rows.upperBound, unsafeBitCast(tolerance, to: Double.self), collectLimit ?? Int.max,
                    &flag, next, probability.map { cast($0) }, capacity, &count, ends, &nonzeros, &bad)
            } else {
                stop = sbk_scan_rows_f32(
                    cast(p), s, row, rows.upperBound, unsafeBitCast(tolerance, to: Float.self), collectLimit ?? Int.max,
                    &flag, next, probability.map { cast($0) }, capacity, &count, ends, &nonzeros, &bad)
            }
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

    /// The same memory as another scalar type (only called once the types are known equal).
    @inline(__always)
    private static func cast<From, To>(_ p: UnsafePointer<From>) -> UnsafePointer<To> {
        UnsafeRawPointer(p).assumingMemoryBound(to: To.self)
    }

    @inline(__always)
    private static func cast<From, To>(_ p: UnsafeMutablePointer<From>) -> UnsafeMutablePointer<To> {
        UnsafeMutableRawPointer(p).assumingMemoryBound(to: To.self)
    }
}
