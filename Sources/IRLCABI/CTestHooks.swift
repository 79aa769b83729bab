// The test switches of the C kernels, exported for the Python tests by debug builds only (the
// test script builds the library in debug); a release library has neither symbol, and the tests
// that need them skip.
#if DEBUG
    import DenseTensors

    /// `int ig_test_override_isa(int isa)`: forces every C kernel family to `isa` — 0 portable, 1
    /// AVX2 + FMA when the CPU has them, −1 the CPU's choice — for the calling thread and the worker
    /// threads its later calls start. Returns the instruction set now active (0 or 1).
    @_cdecl("ig_test_override_isa")
    public func ig_test_override_isa(_ isa: Int32) -> Int32 { KernelOverrides.overrideInstructionSet(isa) }

    /// `int ig_test_enable_fused_backup(int enabled)`: 0 makes the solvers take the three-call path
    /// instead of the fused state-block backup, nonzero restores it, in the same scope as
    /// `ig_test_override_isa`. Returns the previous setting.
    @_cdecl("ig_test_enable_fused_backup")
    public func ig_test_enable_fused_backup(_ enabled: Int32) -> Int32 { KernelOverrides.enableFusedBackup(enabled != 0) ? 1 : 0 }
#endif
