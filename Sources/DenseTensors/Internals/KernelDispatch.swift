// The file of DenseTensors that sees the dispatch of the CKernels target (besides the Float and
// Double conformances, which call their kernels); no C name leaves it.
import CKernels

@usableFromInline func _vectorExp(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
    vm_exp_f64(x, y, n)
}

@usableFromInline func _vectorExp(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
    vm_exp_f32(x, y, n)
}

@usableFromInline func _vectorLog(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
    vm_log_f64(x, y, n)
}

@usableFromInline func _vectorLog(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
    vm_log_f32(x, y, n)
}

/// The instruction set every C kernel runs on in the calling thread: 0 portable, 1 AVX2 + FMA.
func _kernelActiveISA() -> Int32 { ck_active_isa() }

/// Tests only: forces every kernel family to `isa` (0, 1, or −1 for the CPU's choice).
func _kernelOverrideISA(_ isa: Int32) -> Int32 { ck_test_override_isa(isa) }

/// Tests only: turns the fused state-block backup on or off; returns the previous setting.
func _kernelEnableFusedBackup(_ enabled: Bool) -> Bool { ck_test_enable_fused_backup(enabled ? 1 : 0) != 0 }

/// The calling thread's test overrides (0: none), for a worker thread to adopt.
@usableFromInline func _kernelThreadOverrides() -> Int32 { ck_thread_overrides() }

/// Adopts `overrides` on the calling thread; returns its previous ones.
@usableFromInline func _adoptKernelThreadOverrides(_ overrides: Int32) -> Int32 { ck_adopt_thread_overrides(overrides) }

/// The C description of a run of regular stencil lanes.
func stencilRun(_ run: (lanes: Int, side: Int, vertical: Int, plane: Int, actions: Int)) -> sk_run {
    sk_run(lanes: run.lanes, side: run.side, vertical: run.vertical, plane: run.plane, actions: Int32(run.actions))
}
