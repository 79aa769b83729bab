// The kernels compiled for AVX2 + FMA (x86-64 only); chosen at run time by vector_math.c.
#if defined(__x86_64__)
#pragma clang fp contract(fast)
#define VM_ATTRIBUTES __attribute__((target("avx2,fma")))
#define VM_NAME(name) name##_avx2
#include "kernels/vector_math_kernels.h"
#endif
