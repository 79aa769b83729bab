// The kernels compiled for the baseline instruction set (SSE2 on x86-64, NEON on arm64): no
// contraction, so the results are the scalar loops' own.
#pragma clang fp contract(off)
// Vectors are local to always-inlined helpers or passed through memory: no ABI concern.
#pragma clang diagnostic ignored "-Wpsabi"
#include "state_block_kernels.h"
#define SBK_ATTRIBUTES
#define SBK_T double
#define SBK_FN(name) name##_f64_portable
#include "kernels/state_block_kernels_body.h"
#define SBK_SIGN_MASK 0x7FFFFFFFFFFFFFFFull
#include "kernels/dense_scan_body.h"
#undef SBK_SIGN_MASK
#undef SBK_T
#undef SBK_FN
#define SBK_T float
#define SBK_FN(name) name##_f32_portable
#include "kernels/state_block_kernels_body.h"
#define SBK_SIGN_MASK 0x7FFFFFFF7FFFFFFFull
#include "kernels/dense_scan_body.h"
#undef SBK_SIGN_MASK
