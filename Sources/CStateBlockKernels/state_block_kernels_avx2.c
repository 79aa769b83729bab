// The kernels compiled for AVX2 + FMA (x86-64 only); chosen at run time by state_block_kernels.c.
#if defined(__x86_64__)
#pragma clang fp contract(fast)
#include "state_block_kernels.h"
#define SBK_ATTRIBUTES __attribute__((target("avx2,fma")))
#define SBK_T double
#define SBK_FN(name) name##_f64_avx2
#include "kernels/state_block_kernels_body.h"
#define SBK_SIGN_MASK 0x7FFFFFFFFFFFFFFFull
#include "kernels/dense_scan_body.h"
#undef SBK_SIGN_MASK
#undef SBK_T
#undef SBK_FN
#define SBK_T float
#define SBK_FN(name) name##_f32_avx2
#include "kernels/state_block_kernels_body.h"
#define SBK_SIGN_MASK 0x7FFFFFFF7FFFFFFFull
#include "kernels/dense_scan_body.h"
#undef SBK_SIGN_MASK
#endif
