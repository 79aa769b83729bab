// Every kernel family, in Double and Float, for one instruction set, and its table. The includer
// (kernels_avx2.c, kernels_portable.c) defines CK_ATTRIBUTES (the function attributes) and
// CK_VARIANT (the name suffix: avx2 or portable) and sets the floating-point pragmas, so that the
// two variant files differ only in those.
#include "kernel_table.h"
#define CK_PASTE(name, suffix) name##_##suffix
#define CK_JOIN(name, suffix) CK_PASTE(name, suffix)
/// `name_avx2` or `name_portable`.
#define CK_VARIANT_NAME(name) CK_JOIN(name, CK_VARIANT)
/// `name_f64_avx2` and the like.
#define CK_NAME(name, type) CK_JOIN(name##_##type, CK_VARIANT)

// Array exp and log; their one-vector functions (vector_math_lanes.h) also serve the fused backup.
#define VM_ATTRIBUTES CK_ATTRIBUTES
#define VM_NAME(name) CK_VARIANT_NAME(name)
#include "vector_math_kernels.h"

// The stencil's run kernels.
#define SK_ATTRIBUTES CK_ATTRIBUTES
#define SK_T double
#define SK_I int64_t
#define SK_LANES 4
#define SK_FN(name) CK_NAME(name, f64)
#include "stencil_kernels_template.h"
#undef SK_T
#undef SK_I
#undef SK_LANES
#undef SK_FN
#define SK_T float
#define SK_I int32_t
#define SK_LANES 8
#define SK_FN(name) CK_NAME(name, f32)
#include "stencil_kernels_template.h"

// The sparse operator's per-state-pattern loops (their exp and log: the dispatched array kernels).
#define SPK_ATTRIBUTES CK_ATTRIBUTES
#define SPK_T double
#define SPK_FN(name) CK_NAME(name, f64)
#define SPK_EXP vm_exp_f64
#define SPK_LOG vm_log_f64
#include "sparse_pattern_kernels_body.h"
#undef SPK_T
#undef SPK_FN
#undef SPK_EXP
#undef SPK_LOG
#define SPK_T float
#define SPK_FN(name) CK_NAME(name, f32)
#define SPK_EXP vm_exp_f32
#define SPK_LOG vm_log_f32
#include "sparse_pattern_kernels_body.h"

// The state-block lane passes (the Double one with its fused backup) and the dense scan.
#define SBK_ATTRIBUTES CK_ATTRIBUTES
#define SBK_T double
#define SBK_FN(name) CK_NAME(name, f64)
#define SBK_WITH_FUSED_BACKUP
#include "state_block_kernels_body.h"
#undef SBK_WITH_FUSED_BACKUP
#define SBK_SIGN_MASK 0x7FFFFFFFFFFFFFFFull
#include "dense_scan_body.h"
#undef SBK_SIGN_MASK
#undef SBK_T
#undef SBK_FN
#define SBK_T float
#define SBK_FN(name) CK_NAME(name, f32)
#include "state_block_kernels_body.h"
#define SBK_SIGN_MASK 0x7FFFFFFF7FFFFFFFull
#include "dense_scan_body.h"

#define CK_ENTRY(name) .name = CK_VARIANT_NAME(name),
const ck_kernel_table CK_VARIANT_NAME(ck_kernels) = {CK_KERNELS(CK_ENTRY)};
