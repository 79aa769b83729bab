// Run-time choice between the AVX2 + FMA kernels and the portable ones (see sparse_pattern_kernels.h).
#include "sparse_pattern_kernels.h"
#include "vector_math.h"

#define SPK_DECLARE(T, V)                                                                                             \
    long spk_backward_##V(const int32_t *, const int32_t *, const T *, size_t, size_t, size_t, size_t, size_t, const T *,    \
                          const T *, T, T, T *);                                                                     \
    void spk_forward_##V(const int32_t *, const int32_t *, const T *, size_t, size_t, size_t, size_t, size_t, const T *,     \
                         const T *, T, T, const T *, T, T *, T *, size_t, size_t, T *, size_t);

SPK_DECLARE(double, f64_portable)
SPK_DECLARE(float, f32_portable)
#if defined(__x86_64__)
SPK_DECLARE(double, f64_avx2)
SPK_DECLARE(float, f32_avx2)
#endif

/// A test's choice for the calling thread only (-1: the CPU's).
static _Thread_local int spk_thread_isa = -1;

int spk_active_isa(void) { return vm_resolve_isa(spk_thread_isa); }

int spk_select_isa(int isa) {
    spk_thread_isa = vm_requested_isa(isa);
    return spk_active_isa();
}

#if defined(__x86_64__)
#define SPK_DISPATCH(name, ...)                                                                                       \
    if (spk_active_isa() == 1) return name##_avx2(__VA_ARGS__);                                                      \
    else return name##_portable(__VA_ARGS__)
#else
#define SPK_DISPATCH(name, ...) return name##_portable(__VA_ARGS__)
#endif

long spk_backward_f64(const int32_t *pattern, const int32_t *offset, const double *weight, size_t actions,
                      size_t width, size_t batch, size_t first, size_t count, const double *next, const double *reward,
                      double discount, double temperature, double *out) {
    SPK_DISPATCH(spk_backward_f64, pattern, offset, weight, actions, width, batch, first, count, next, reward, discount,
                 temperature, out);
}

long spk_backward_f32(const int32_t *pattern, const int32_t *offset, const float *weight, size_t actions,
                      size_t width, size_t batch, size_t first, size_t count, const float *next, const float *reward,
                      float discount, float temperature, float *out) {
    SPK_DISPATCH(spk_backward_f32, pattern, offset, weight, actions, width, batch, first, count, next, reward, discount,
                 temperature, out);
}

void spk_forward_f64(const int32_t *pattern, const int32_t *offset, const double *weight, size_t actions,
                     size_t width, size_t batch, size_t first, size_t count, const double *next, const double *reward,
                     double discount, double temperature, const double *d, double step, double *occupancy,
                     double *out, size_t own_low, size_t own_high, double *halo, size_t halo_low) {
    SPK_DISPATCH(spk_forward_f64, pattern, offset, weight, actions, width, batch, first, count, next, reward, discount,
                 temperature, d, step, occupancy, out, own_low, own_high, halo, halo_low);
}

void spk_forward_f32(const int32_t *pattern, const int32_t *offset, const float *weight, size_t actions,
                     size_t width, size_t batch, size_t first, size_t count, const float *next, const float *reward,
                     float discount, float temperature, const float *d, float step, float *occupancy,
                     float *out, size_t own_low, size_t own_high, float *halo, size_t halo_low) {
    SPK_DISPATCH(spk_forward_f32, pattern, offset, weight, actions, width, batch, first, count, next, reward, discount,
                 temperature, d, step, occupancy, out, own_low, own_high, halo, halo_low);
}
