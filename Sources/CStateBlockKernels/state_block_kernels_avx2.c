// The kernels compiled for AVX2 + FMA (x86-64 only); chosen at run time by state_block_kernels.c.
#if defined(__x86_64__)
#pragma clang fp contract(fast)
#define SBK_ATTRIBUTES __attribute__((target("avx2,fma")))
#define SBK_VARIANT avx2
#include "kernels/state_block_kernels_instances.h"
#endif
