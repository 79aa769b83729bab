// The C kernels of `CKernels` in Double: the witnesses of the `_`-prefixed kernel requirements of
// ``BLASScalar`` and ``FastExpScalar``, each a call of the `_f64` function (documented in the C
// headers and at the requirements). No C name leaves this file.
import CKernels

extension Double {
    public static func _stateBlockBackupArguments(
        column: UnsafePointer<Int32>, weight: UnsafePointer<Double>, states: Int, actions: Int, width: Int, firstGroup: Int,
        groups: Int, next: UnsafePointer<Double>, reward: UnsafePointer<Double>, discount: Double, inverseTemperature: Double,
        shifted: UnsafeMutablePointer<Double>, maxima: UnsafeMutablePointer<Double>, qValues: UnsafeMutablePointer<Double>?
    ) -> Bool {
        sbk_backup_arguments_f64(
            column, weight, states, actions, width, firstGroup, groups, next, reward, discount, inverseTemperature, shifted,
            maxima, qValues) != 0
    }

    public static func _stateBlockBackupFused(
        column: UnsafePointer<Int32>, weight: UnsafePointer<Double>, states: Int, actions: Int, width: Int, firstGroup: Int,
        groups: Int, next: UnsafePointer<Double>, reward: UnsafePointer<Double>, discount: Double, temperature: Double,
        values: UnsafeMutablePointer<Double>, policy: UnsafeMutablePointer<Double>?, qValues: UnsafeMutablePointer<Double>?
    ) -> Bool? {
        guard ck_fused_backup_enabled() != 0 else { return nil }
        return sbk_backup_fused_f64(
            column, weight, states, actions, width, firstGroup, groups, next, reward, discount, 1 / temperature, temperature,
            values, policy, qValues) != 0
    }

    public static func _stateBlockBackupPolicy(
        states: Int, actions: Int, firstGroup: Int, groups: Int, exponentials: UnsafePointer<Double>,
        sums: UnsafeMutablePointer<Double>, policy: UnsafeMutablePointer<Double>?
    ) {
        sbk_backup_policy_f64(states, actions, firstGroup, groups, exponentials, sums, policy)
    }

    public static func _stateBlockForwardStep(
        column: UnsafePointer<Int32>, weight: UnsafePointer<Double>, states: Int, actions: Int, width: Int, d: UnsafePointer<Double>,
        policy: UnsafePointer<Double>, occupancy: UnsafeMutablePointer<Double>?, occupancyWeight: Double, out: UnsafeMutablePointer<Double>
    ) {
        sbk_forward_step_f64(column, weight, states, actions, width, d, policy, occupancy, occupancyWeight, out)
    }

    public static func _denseScanRows(
        _ p: UnsafePointer<Double>, columns: Int, rows: Range<Int>, tolerance: Double, limit: Int, collecting: inout Int32,
        next: UnsafeMutablePointer<Int32>?, probability: UnsafeMutablePointer<Double>?, capacity: Int, count: inout Int,
        rowEnds: UnsafeMutablePointer<Int32>?, nonzeros: inout Int, badRow: inout Int32
    ) -> Int {
        sbk_scan_rows_f64(
            p, columns, rows.lowerBound, rows.upperBound, tolerance, limit, &collecting, next, probability, capacity, &count,
            rowEnds, &nonzeros, &badRow)
    }

    public static func _stencilBackwardRun(
        _ run: (lanes: Int, side: Int, vertical: Int, plane: Int, actions: Int), weights: UnsafePointer<Double>,
        eUp: UnsafePointer<Double>, eMid: UnsafePointer<Double>, eDown: UnsafePointer<Double>, next: UnsafePointer<Double>,
        shift: UnsafePointer<Double>, rbar: UnsafePointer<Double>, g1: Double, g2: Double, out: UnsafeMutablePointer<Double>,
        sums: UnsafeMutablePointer<Double>
    ) {
        sk_backward_run_f64(stencilRun(run), weights, eUp, eMid, eDown, next, shift, rbar, g1, g2, out, sums)
    }

    public static func _stencilScaleRun(
        _ run: (lanes: Int, side: Int, vertical: Int, plane: Int, actions: Int), weights: UnsafePointer<Double>,
        eUp: UnsafePointer<Double>, eMid: UnsafePointer<Double>, eDown: UnsafePointer<Double>, d: UnsafePointer<Double>,
        u: UnsafeMutablePointer<Double>
    ) {
        sk_scale_run_f64(stencilRun(run), weights, eUp, eMid, eDown, d, u)
    }

    public static func _stencilGatherRun(
        _ run: (lanes: Int, side: Int, vertical: Int, plane: Int, actions: Int), weights: UnsafePointer<Double>,
        eUp: UnsafePointer<Double>, eMid: UnsafePointer<Double>, eDown: UnsafePointer<Double>, uUp: UnsafePointer<Double>,
        uMid: UnsafePointer<Double>, uDown: UnsafePointer<Double>, d: UnsafePointer<Double>, intended: Double, spread: Double,
        weight: Double, mu: UnsafeMutablePointer<Double>, next: UnsafeMutablePointer<Double>
    ) {
        sk_gather_run_f64(stencilRun(run), weights, eUp, eMid, eDown, uUp, uMid, uDown, d, intended, spread, weight, mu, next)
    }

    public static func _stencilAddLogs(
        out: UnsafeMutablePointer<Double>, partial: UnsafePointer<Double>, logs: UnsafePointer<Double>, count: Int, alpha: Double,
        low: Double, high: Double
    ) -> Bool {
        sk_add_logs_f64(out, partial, logs, count, alpha, low, high) != 0
    }

    public static func _stencilExtrema(
        _ v: UnsafePointer<Double>, cells: Int, batch: Int, high: UnsafeMutablePointer<Double>, low: UnsafeMutablePointer<Double>
    ) {
        sk_extrema_f64(v, cells, batch, high, low)
    }

    public static func _sparsePatternBackward(
        pattern: UnsafePointer<Int32>, offset: UnsafePointer<Int32>, weight: UnsafePointer<Double>, actions: Int, width: Int,
        batch: Int, first: Int, count: Int, next: UnsafePointer<Double>, reward: UnsafePointer<Double>, discount: Double,
        temperature: Double, out: UnsafeMutablePointer<Double>
    ) -> Int {
        spk_backward_f64(pattern, offset, weight, actions, width, batch, first, count, next, reward, discount, temperature, out)
    }

    public static func _sparsePatternForward(
        pattern: UnsafePointer<Int32>, offset: UnsafePointer<Int32>, weight: UnsafePointer<Double>, actions: Int, width: Int,
        batch: Int, first: Int, count: Int, next: UnsafePointer<Double>, reward: UnsafePointer<Double>, discount: Double,
        temperature: Double, d: UnsafePointer<Double>, step: Double, occupancy: UnsafeMutablePointer<Double>,
        out: UnsafeMutablePointer<Double>, ownLow: Int, ownHigh: Int, halo: UnsafeMutablePointer<Double>?, haloLow: Int
    ) {
        spk_forward_f64(
            pattern, offset, weight, actions, width, batch, first, count, next, reward, discount, temperature, d, step,
            occupancy, out, ownLow, ownHigh, halo, haloLow)
    }
}
