// The kernels compiled for the baseline instruction set (SSE2 on x86-64, NEON on arm64): no
// contraction, so the sums are the scalar loops' own.
#pragma clang fp contract(off)
// Vectors are local to always-inlined helpers or passed through memory: no ABI concern.
#pragma clang diagnostic ignored "-Wpsabi"
#define SPK_ATTRIBUTES
#define SPK_VARIANT portable
#include "kernels/sparse_pattern_kernels_instances.h"
