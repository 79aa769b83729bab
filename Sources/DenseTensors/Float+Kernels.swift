// The C kernels of `CKernels` in Float: the witnesses of the `_`-prefixed kernel requirements of
// ``BLASScalar`` and ``FastExpScalar``, each a call of the `_f32` function (documented in the C
// headers and at the requirements). No C name leaves this file.
import CKernels

extension Float {
    public static func _stateBlockBackupArguments(
        column: UnsafePointer<Int32>, weight: UnsafePointer<Float>, states: Int, actions: Int, width: Int, firstGroup: Int,
        groups: Int, next: UnsafePointer<Float>, reward: UnsafePointer<Float>, discount: Float, inverseTemperature: Float,
        shifted: UnsafeMutablePointer<Float>, maxima: UnsafeMutablePointer<Float>, qValues: UnsafeMutablePointer<Float>?
    ) -> Bool {
        sbk_backup_arguments_f32(
            column, weight, states, actions, width, firstGroup, groups, next, reward, discount, inverseTemperature, shifted,
            maxima, qValues) != 0
    }

    /// No fused kernel in Float: the solvers take the three-call path.
    public static func _stateBlockBackupFused(
        column: UnsafePointer<Int32>, weight: UnsafePointer<Float>, states: Int, actions: Int, width: Int, firstGroup: Int,
        groups: Int, next: UnsafePointer<Float>, reward: UnsafePointer<Float>, discount: Float, temperature: Float,
        values: UnsafeMutablePointer<Float>, policy: UnsafeMutablePointer<Float>?, qValues: UnsafeMutablePointer<Float>?
    ) -> Bool? { nil }

    public static func _stateBlockBackupPolicy(
        states: Int, actions: Int, firstGroup: Int, groups: Int, exponentials: UnsafePointer<Float>,
        sums: UnsafeMutablePointer<Float>, policy: UnsafeMutablePointer<Float>?
    ) {
        sbk_backup_policy_f32(states, actions, firstGroup, groups, exponentials, sums, policy)
    }

    public static func _stateBlockForwardStep(
        column: UnsafePointer<Int32>, weight: UnsafePointer<Float>, states: Int, actions: Int, width: Int, d: UnsafePointer<Float>,
        policy: UnsafePointer<Float>, occupancy: UnsafeMutablePointer<Float>?, occupancyWeight: Float, out: UnsafeMutablePointer<Float>
    ) {
        sbk_forward_step_f32(column, weight, states, actions, width, d, policy, occupancy, occupancyWeight, out)
    }

    public static func _denseScanRows(
        _ p: UnsafePointer<Float>, columns: Int, rows: Range<Int>, tolerance: Float, limit: Int, collecting: inout Int32,
        next: UnsafeMutablePointer<Int32>?, probability: UnsafeMutablePointer<Float>?, capacity: Int, count: inout Int,
        rowEnds: UnsafeMutablePointer<Int32>?, nonzeros: inout Int, badRow: inout Int32
    ) -> Int {
        sbk_scan_rows_f32(
            p, columns, rows.lowerBound, rows.upperBound, tolerance, limit, &collecting, next, probability, capacity, &count,
            rowEnds, &nonzeros, &badRow)
    }

    public static func _stencilBackwardRun(
        _ run: (lanes: Int, side: Int, vertical: Int, plane: Int, actions: Int), weights: UnsafePointer<Float>,
        eUp: UnsafePointer<Float>, eMid: UnsafePointer<Float>, eDown: UnsafePointer<Float>, next: UnsafePointer<Float>,
        shift: UnsafePointer<Float>, rbar: UnsafePointer<Float>, g1: Float, g2: Float, out: UnsafeMutablePointer<Float>,
        sums: UnsafeMutablePointer<Float>
    ) {
        sk_backward_run_f32(stencilRun(run), weights, eUp, eMid, eDown, next, shift, rbar, g1, g2, out, sums)
    }

    public static func _stencilScaleRun(
        _ run: (lanes: Int, side: Int, vertical: Int, plane: Int, actions: Int), weights: UnsafePointer<Float>,
        eUp: UnsafePointer<Float>, eMid: UnsafePointer<Float>, eDown: UnsafePointer<Float>, d: UnsafePointer<Float>,
        u: UnsafeMutablePointer<Float>
    ) {
        sk_scale_run_f32(stencilRun(run), weights, eUp, eMid, eDown, d, u)
    }

    public static func _stencilGatherRun(
        _ run: (lanes: Int, side: Int, vertical: Int, plane: Int, actions: Int), weights: UnsafePointer<Float>,
        eUp: UnsafePointer<Float>, eMid: UnsafePointer<Float>, eDown: UnsafePointer<Float>, uUp: UnsafePointer<Float>,
        uMid: UnsafePointer<Float>, uDown: UnsafePointer<Float>, d: UnsafePointer<Float>, intended: Float, spread: Float,
        weight: Float, mu: UnsafeMutablePointer<Float>, next: UnsafeMutablePointer<Float>
    ) {
        sk_gather_run_f32(stencilRun(run), weights, eUp, eMid, eDown, uUp, uMid, uDown, d, intended, spread, weight, mu, next)
    }

    public static func _stencilAddLogs(
        out: UnsafeMutablePointer<Float>, partial: UnsafePointer<Float>, logs: UnsafePointer<Float>, count: Int, alpha: Float,
        low: Float, high: Float
    ) -> Bool {
        sk_add_logs_f32(out, partial, logs, count, alpha, low, high) != 0
    }

    public static func _stencilExtrema(
        _ v: UnsafePointer<Float>, cells: Int, batch: Int, high: UnsafeMutablePointer<Float>, low: UnsafeMutablePointer<Float>
    ) {
        sk_extrema_f32(v, cells, batch, high, low)
    }

    public static func _sparsePatternBackward(
        pattern: UnsafePointer<Int32>, offset: UnsafePointer<Int32>, weight: UnsafePointer<Float>, actions: Int, width: Int,
        batch: Int, first: Int, count: Int, next: UnsafePointer<Float>, reward: UnsafePointer<Float>, discount: Float,
        temperature: Float, out: UnsafeMutablePointer<Float>
    ) -> Int {
        spk_backward_f32(pattern, offset, weight, actions, width, batch, first, count, next, reward, discount, temperature, out)
    }

    public static func _sparsePatternForward(
        pattern: UnsafePointer<Int32>, offset: UnsafePointer<Int32>, weight: UnsafePointer<Float>, actions: Int, width: Int,
        batch: Int, first: Int, count: Int, next: UnsafePointer<Float>, reward: UnsafePointer<Float>, discount: Float,
        temperature: Float, d: UnsafePointer<Float>, step: Float, occupancy: UnsafeMutablePointer<Float>,
        out: UnsafeMutablePointer<Float>, ownLow: Int, ownHigh: Int, halo: UnsafeMutablePointer<Float>?, haloLow: Int
    ) {
        spk_forward_f32(
            pattern, offset, weight, actions, width, batch, first, count, next, reward, discount, temperature, d, step,
            occupancy, out, ownLow, ownHigh, halo, haloLow)
    }
}
