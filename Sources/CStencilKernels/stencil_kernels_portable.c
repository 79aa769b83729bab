// The run kernels compiled for the baseline instruction set of the target (SSE2 on x86-64, NEON
// on arm64): no contraction, so the result is the same on every CPU that runs this variant.
#include "stencil_kernels.h"
#pragma clang fp contract(off)
// The 256-bit vector helpers are static and always inlined, so no vector crosses a call
// boundary and the "changes the ABI" warning for baseline builds does not apply.
#pragma clang diagnostic ignored "-Wpsabi"
#define SK_ATTRIBUTES

#define SK_T double
#define SK_I int64_t
#define SK_LANES 4
#define SK_FN(name) name##_f64_portable
#include "kernels/stencil_kernels_template.h"
#undef SK_T
#undef SK_I
#undef SK_LANES
#undef SK_FN

#define SK_T float
#define SK_I int32_t
#define SK_LANES 8
#define SK_FN(name) name##_f32_portable
#include "kernels/stencil_kernels_template.h"
