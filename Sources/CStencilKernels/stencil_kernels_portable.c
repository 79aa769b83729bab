// The run kernels compiled for the baseline instruction set of the target (SSE2 on x86-64, NEON
// on arm64): no contraction, so the result is the same on every CPU that runs this variant.
#pragma clang fp contract(off)
// The 256-bit vector helpers are static and always inlined, so no vector crosses a call
// boundary and the "changes the ABI" warning for baseline builds does not apply.
#pragma clang diagnostic ignored "-Wpsabi"
#define SK_ATTRIBUTES
#define SK_VARIANT portable
#include "kernels/stencil_kernels_instances.h"
