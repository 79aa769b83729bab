// Vectorised exp and log over arrays, for the hot loops of the DenseTensors and IRL targets.
//
// Swift cannot compile one function for a wider instruction set than the rest of the program,
// so the baseline x86-64 build runs Swift SIMD code on 128-bit SSE2 registers only. These C
// kernels are compiled twice: with AVX2 + FMA (4 doubles / 8 floats per instruction, fused
// multiply-add) and for the baseline, and chosen at run time (kernel_dispatch.h).
//
// Algorithms (the same in every variant):
//   exp: Cody–Waite reduction x = k·ln2 + r, |r| ≤ ln2/2, Taylor polynomial of degree 13 (double)
//        or 7 (float) in Estrin's scheme, scaling by 2^k built from exponent bits in two halves so
//        that subnormal results and overflow come out right. Within 2 ulp of the correctly
//        rounded result for normal results; exp(-inf) = 0, large negatives give exactly 0,
//        overflow gives +inf, NaN stays NaN.
//   log: x = 2^e·m, m in [sqrt(1/2), sqrt(2)), log m = 2·atanh(f/(2+f)) by its odd series.
//        Within 2 ulp for positive normal x; elements that are zero, subnormal, negative,
//        infinite or NaN are computed by the C library's log.
//
// All functions accept `y == x` (in place); otherwise the arrays must not overlap.
#ifndef CKERNELS_VECTOR_MATH_H
#define CKERNELS_VECTOR_MATH_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// y[i] = exp(x[i]) for i < n.
void vm_exp_f64(const double *x, double *y, size_t n);
/// y[i] = expf(x[i]) for i < n.
void vm_exp_f32(const float *x, float *y, size_t n);
/// y[i] = log(x[i]) for i < n.
void vm_log_f64(const double *x, double *y, size_t n);
/// y[i] = logf(x[i]) for i < n.
void vm_log_f32(const float *x, float *y, size_t n);

#ifdef __cplusplus
}
#endif

#endif
