// The kernels compiled for AVX2 + FMA (x86-64 only); chosen at run time by sparse_pattern_kernels.c.
#if defined(__x86_64__)
#pragma clang fp contract(fast)
#include "sparse_pattern_kernels.h"
#include "vector_math.h"
#define SPK_ATTRIBUTES __attribute__((target("avx2,fma")))
#define SPK_T double
#define SPK_FN(name) name##_f64_avx2
#define SPK_EXP vm_exp_f64
#define SPK_LOG vm_log_f64
#include "kernels/sparse_pattern_kernels_body.h"
#undef SPK_T
#undef SPK_FN
#undef SPK_EXP
#undef SPK_LOG
#define SPK_T float
#define SPK_FN(name) name##_f32_avx2
#define SPK_EXP vm_exp_f32
#define SPK_LOG vm_log_f32
#include "kernels/sparse_pattern_kernels_body.h"
#endif
