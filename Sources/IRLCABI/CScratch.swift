import DenseTensors

/// `int64_t ig_scratch_held_bytes(void)`: the bytes the library keeps between calls for reuse —
/// scratch arrays and the storage of large results that were dropped (see `ScratchArrays`,
/// at most 2 GiB by default or `IMITATION_GAME_SCRATCH_MB`). Thread-safe.
@_cdecl("ig_scratch_held_bytes")
public func ig_scratch_held_bytes() -> Int { ScratchArrays.heldBytes }

/// `void ig_scratch_release(void)`: gives the memory counted by `ig_scratch_held_bytes` back to
/// the system (the next call of each size allocates afresh). Thread-safe.
@_cdecl("ig_scratch_release")
public func ig_scratch_release() { ScratchArrays.release() }
