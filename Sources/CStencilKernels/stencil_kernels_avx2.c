// The run kernels compiled for AVX2 + FMA (x86-64 only); chosen at run time by stencil_kernels.c.
#if defined(__x86_64__)
#pragma clang fp contract(fast)
#define SK_ATTRIBUTES __attribute__((target("avx2,fma")))
#define SK_VARIANT avx2
#include "kernels/stencil_kernels_instances.h"
#endif
