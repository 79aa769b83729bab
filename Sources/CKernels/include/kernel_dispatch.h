// The one run-time choice of instruction set for every kernel family of CKernels (vector_math.h,
// stencil_kernels.h, sparse_pattern_kernels.h, state_block_kernels.h).
//
// Swift cannot compile one function for a wider instruction set than the rest of the program, so
// every kernel is compiled twice, with AVX2 + FMA (kernels_avx2.c) and for the target's baseline
// (kernels_portable.c). dispatch.c tests the CPU once (cached) and calls every kernel through the
// table of the chosen variant. The variants differ only in rounding (fused multiply-adds).
//
// Tests compare the variants through one override, whose scope is the calling thread and the
// worker threads its passes start (they adopt ck_thread_overrides()). The override functions have
// hidden visibility: they link into the package's own code and tests but are not exported from a
// shared library; the C ABI reaches them only in debug builds.
#ifndef CKERNELS_KERNEL_DISPATCH_H
#define CKERNELS_KERNEL_DISPATCH_H

#ifdef __cplusplus
extern "C" {
#endif

#define CK_HIDDEN __attribute__((visibility("hidden")))

/// The instruction set the kernels run on in the calling thread: 0 portable, 1 AVX2 + FMA.
int ck_active_isa(void);
/// Whether the solvers take sbk_backup_fused_f64 (1) rather than the three-call path; 1 unless
/// a test turned it off with ck_test_enable_fused_backup.
int ck_fused_backup_enabled(void);

/// The calling thread's test overrides as one word (0: none), for a worker thread to adopt.
CK_HIDDEN int ck_thread_overrides(void);
/// Adopts `overrides` (from ck_thread_overrides) on the calling thread; returns its previous word.
CK_HIDDEN int ck_adopt_thread_overrides(int overrides);

/// Tests only: forces every kernel family to `isa` — 0 portable, 1 AVX2 + FMA when the CPU has
/// them, -1 the CPU's choice — in the override's scope. Returns the instruction set now active.
CK_HIDDEN int ck_test_override_isa(int isa);
/// Tests only: turns the fused backup off (0) or on (nonzero) in the override's scope; returns
/// the previous setting.
CK_HIDDEN int ck_test_enable_fused_backup(int enabled);

#ifdef __cplusplus
}
#endif

#endif
