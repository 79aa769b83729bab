/// The test overrides of the C kernels: the instruction set of every kernel family
/// (``FastExp/_withInstructionSet(_:_:)``) and the fused state-block backup.
///
/// They hold for the thread that sets them and for the worker threads its passes start: a thread
/// that starts workers takes ``current`` and each worker runs its share in ``adopted(_:)``
/// (``parallelChunks(count:threads:minimumChunk:_:)`` does), so a forced variant computes every
/// row, and other threads (other tests running at the same time) keep the CPU's choice. Without a
/// test they are empty. The C ABI exports the two switches in debug builds only.
package struct KernelOverrides: Sendable {
    let word: Int32

    /// The calling thread's overrides.
    package static var current: KernelOverrides { KernelOverrides(word: _kernelThreadOverrides()) }

    /// Runs `body` on the calling thread with these overrides, then restores the thread's own.
    /// - Returns: what `body` returns.
    package func adopted<R>(_ body: () throws -> R) rethrows -> R {
        let previous = _adoptKernelThreadOverrides(word)
        defer { _ = _adoptKernelThreadOverrides(previous) }
        return try body()
    }

    /// Tests only: forces every kernel family to `isa` — 0 portable, 1 AVX2 + FMA when the CPU has
    /// them, −1 the CPU's choice — for the calling thread and the workers it starts.
    /// - Returns: the instruction set now active (0 or 1).
    package static func overrideInstructionSet(_ isa: Int32) -> Int32 { _kernelOverrideISA(isa) }

    /// Tests only: turns the fused state-block backup off (`false`, so the solvers take the
    /// three-call path) or on, in the same scope.
    /// - Returns: the previous setting.
    package static func enableFusedBackup(_ enabled: Bool) -> Bool { _kernelEnableFusedBackup(enabled) }
}
