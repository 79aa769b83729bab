// The run kernels compiled for AVX2 + FMA (x86-64 only); chosen at run time by stencil_kernels.c.
#if defined(__x86_64__)
#include "stencil_kernels.h"
#pragma clang fp contract(fast)
#define SK_ATTRIBUTES __attribute__((target("avx2,fma")))

#define SK_T double
#define SK_I int64_t
#define SK_LANES 4
#define SK_FN(name) name##_f64_avx2
#include "kernels/stencil_kernels_template.h"
#undef SK_T
#undef SK_I
#undef SK_LANES
#undef SK_FN

#define SK_T float
#define SK_I int32_t
#define SK_LANES 8
#define SK_FN(name) name##_f32_avx2
#include "kernels/stencil_kernels_template.h"
#endif
