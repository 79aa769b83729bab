// The kernels of one instruction set as a table of pointers: kernels_avx2.c and kernels_portable.c
// each define one (ck_kernels_avx2, ck_kernels_portable); dispatch.c calls through the chosen one.
// Each entry has the type of the public function of the same name, so a variant whose signature
// differs does not compile.
#ifndef CKERNELS_KERNEL_TABLE_H
#define CKERNELS_KERNEL_TABLE_H

#include "kernel_dispatch.h"
#include "sparse_pattern_kernels.h"
#include "state_block_kernels.h"
#include "stencil_kernels.h"
#include "vector_math.h"

/// Every kernel of every family, by its public name (a variant's is `name_avx2` / `name_portable`).
#define CK_KERNELS(X)                                                                                  \
    X(vm_exp_f64) X(vm_exp_f32) X(vm_log_f64) X(vm_log_f32)                                            \
    X(sk_backward_run_f64) X(sk_backward_run_f32) X(sk_scale_run_f64) X(sk_scale_run_f32)              \
    X(sk_gather_run_f64) X(sk_gather_run_f32) X(sk_add_logs_f64) X(sk_add_logs_f32)                    \
    X(sk_extrema_f64) X(sk_extrema_f32)                                                                \
    X(spk_backward_f64) X(spk_backward_f32) X(spk_forward_f64) X(spk_forward_f32)                      \
    X(sbk_backup_arguments_f64) X(sbk_backup_arguments_f32) X(sbk_backup_fused_f64)                    \
    X(sbk_backup_policy_f64) X(sbk_backup_policy_f32) X(sbk_forward_step_f64) X(sbk_forward_step_f32)  \
    X(sbk_scan_rows_f64) X(sbk_scan_rows_f32)

typedef struct {
#define CK_FIELD(name) __typeof__(name) *name;
    CK_KERNELS(CK_FIELD)
#undef CK_FIELD
} ck_kernel_table;

extern CK_HIDDEN const ck_kernel_table ck_kernels_portable;
#if defined(__x86_64__)
extern CK_HIDDEN const ck_kernel_table ck_kernels_avx2;
#endif

#endif
