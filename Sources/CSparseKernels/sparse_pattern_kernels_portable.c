// The kernels compiled for the baseline instruction set (SSE2 on x86-64, NEON on arm64): no
// contraction, so the sums are the scalar loops' own.
#pragma clang fp contract(off)
// Vectors are local to always-inlined helpers or passed through memory: no ABI concern.
#pragma clang diagnostic ignored "-Wpsabi"
#include "sparse_pattern_kernels.h"
#include "vector_math.h"
#define SPK_ATTRIBUTES
#define SPK_T double
#define SPK_FN(name) name##_f64_portable
#define SPK_EXP vm_exp_f64
#define SPK_LOG vm_log_f64
#include "kernels/sparse_pattern_kernels_body.h"
#undef SPK_T
#undef SPK_FN
#undef SPK_EXP
#undef SPK_LOG
#define SPK_T float
#define SPK_FN(name) name##_f32_portable
#define SPK_EXP vm_exp_f32
#define SPK_LOG vm_log_f32
#include "kernels/sparse_pattern_kernels_body.h"
