// Every kernel compiled for AVX2 + FMA (x86-64 only); chosen at run time by dispatch.c.
#if defined(__x86_64__)
#pragma clang fp contract(fast)
#define CK_ATTRIBUTES __attribute__((target("avx2,fma")))
#define CK_VARIANT avx2
#include "kernels/instances.h"
#endif
