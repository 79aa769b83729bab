// The exp and log kernels, written once with the compiler's vector extensions and included by
// one translation unit per instruction set. The includer defines:
//   VM_ATTRIBUTES  function attributes (e.g. __attribute__((target("avx2,fma"))))
//   VM_NAME(name)  the exported-within-the-library name of a kernel (e.g. name##_avx2)
// and enables floating-point contraction where the target has FMA. See vector_math.h for the
// algorithms and their accuracy.
#include "vector_math_lanes.h"

VM_ATTRIBUTES void VM_NAME(vm_exp_f64)(const double *x, double *y, size_t n) {
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        vm_f64x4 v;
        memcpy(&v, x + i, sizeof v);
        v = VM_NAME(vm_exp4_f64)(v);
        memcpy(y + i, &v, sizeof v);
    }
    if (i < n) {
        vm_f64x4 v = {0, 0, 0, 0};
        memcpy(&v, x + i, (n - i) * sizeof(double));
        v = VM_NAME(vm_exp4_f64)(v);
        memcpy(y + i, &v, (n - i) * sizeof(double));
    }
}

VM_ATTRIBUTES void VM_NAME(vm_log_f64)(const double *x, double *y, size_t n) {
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        vm_f64x4 v;
        memcpy(&v, x + i, sizeof v);
        v = VM_NAME(vm_log4_checked_f64)(v);
        memcpy(y + i, &v, sizeof v);
    }
    if (i < n) {
        vm_f64x4 v = {1, 1, 1, 1};
        memcpy(&v, x + i, (n - i) * sizeof(double));
        v = VM_NAME(vm_log4_checked_f64)(v);
        memcpy(y + i, &v, (n - i) * sizeof(double));
    }
}

VM_ATTRIBUTES void VM_NAME(vm_exp_f32)(const float *x, float *y, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        vm_f32x8 v;
        memcpy(&v, x + i, sizeof v);
        v = VM_NAME(vm_exp8_f32)(v);
        memcpy(y + i, &v, sizeof v);
    }
    if (i < n) {
        vm_f32x8 v = {0, 0, 0, 0, 0, 0, 0, 0};
        memcpy(&v, x + i, (n - i) * sizeof(float));
        v = VM_NAME(vm_exp8_f32)(v);
        memcpy(y + i, &v, (n - i) * sizeof(float));
    }
}

VM_ATTRIBUTES void VM_NAME(vm_log_f32)(const float *x, float *y, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        vm_f32x8 v;
        memcpy(&v, x + i, sizeof v);
        v = VM_NAME(vm_log8_checked_f32)(v);
        memcpy(y + i, &v, sizeof v);
    }
    if (i < n) {
        vm_f32x8 v = {1, 1, 1, 1, 1, 1, 1, 1};
        memcpy(&v, x + i, (n - i) * sizeof(float));
        v = VM_NAME(vm_log8_checked_f32)(v);
        memcpy(y + i, &v, (n - i) * sizeof(float));
    }
}
