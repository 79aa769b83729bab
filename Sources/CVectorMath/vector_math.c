// Run-time choice between the AVX2 + FMA kernels and the portable ones (see vector_math.h).
#include "vector_math.h"

void vm_exp_f64_portable(const double *x, double *y, size_t n);
void vm_exp_f32_portable(const float *x, float *y, size_t n);
void vm_log_f64_portable(const double *x, double *y, size_t n);
void vm_log_f32_portable(const float *x, float *y, size_t n);
#if defined(__x86_64__)
void vm_exp_f64_avx2(const double *x, double *y, size_t n);
void vm_exp_f32_avx2(const float *x, float *y, size_t n);
void vm_log_f64_avx2(const double *x, double *y, size_t n);
void vm_log_f32_avx2(const float *x, float *y, size_t n);
#endif

/// The CPU's choice: -1 not known yet, 0 portable, 1 AVX2 + FMA. Every thread that races on the
/// first call computes and stores the same value.
static volatile int vm_cpu_isa = -1;
/// A test's choice for the calling thread only (-1: the CPU's), so that comparing the variants
/// never changes the results of other threads running at the same time.
static _Thread_local int vm_thread_isa = -1;

int vm_cpu_has_avx2_fma(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}

int vm_resolve_isa(int override) {
    if (override >= 0) return override;
    int isa = vm_cpu_isa;
    if (isa < 0) {
        isa = vm_cpu_has_avx2_fma();
        vm_cpu_isa = isa;
    }
    return isa;
}

int vm_requested_isa(int isa) { return isa < 0 ? -1 : (isa == 1 && vm_cpu_has_avx2_fma()); }

int vm_active_isa(void) { return vm_resolve_isa(vm_thread_isa); }

int vm_select_isa(int isa) {
    vm_thread_isa = vm_requested_isa(isa);
    return vm_active_isa();
}

#if defined(__x86_64__)
#define VM_DISPATCH(name, ...)                                                                 \
    if (vm_active_isa() == 1) name##_avx2(__VA_ARGS__);                                        \
    else name##_portable(__VA_ARGS__)
#else
#define VM_DISPATCH(name, ...) name##_portable(__VA_ARGS__)
#endif

void vm_exp_f64(const double *x, double *y, size_t n) { VM_DISPATCH(vm_exp_f64, x, y, n); }
void vm_exp_f32(const float *x, float *y, size_t n) { VM_DISPATCH(vm_exp_f32, x, y, n); }
void vm_log_f64(const double *x, double *y, size_t n) { VM_DISPATCH(vm_log_f64, x, y, n); }
void vm_log_f32(const float *x, float *y, size_t n) { VM_DISPATCH(vm_log_f32, x, y, n); }
