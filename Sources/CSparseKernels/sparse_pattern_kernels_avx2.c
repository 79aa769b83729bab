// The kernels compiled for AVX2 + FMA (x86-64 only); chosen at run time by sparse_pattern_kernels.c.
#if defined(__x86_64__)
#pragma clang fp contract(fast)
#define SPK_ATTRIBUTES __attribute__((target("avx2,fma")))
#define SPK_VARIANT avx2
#include "kernels/sparse_pattern_kernels_instances.h"
#endif
