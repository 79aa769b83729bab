// Run-time choice between the AVX2 + FMA kernels and the portable ones (see stencil_kernels.h).
#include "vector_math.h"
#include "stencil_kernels.h"

// The signatures of every kernel, for one scalar type T and one variant suffix V.
#define SK_DECLARE(T, V)                                                                                              \
    void sk_backward_run_##V(sk_run, const T *, const T *, const T *, const T *, const T *, const T *, const T *, T, \
                             T, T *, T *);                                                                           \
    void sk_scale_run_##V(sk_run, const T *, const T *, const T *, const T *, const T *, T *);                       \
    void sk_gather_run_##V(sk_run, const T *, const T *, const T *, const T *, const T *, const T *, const T *,      \
                           const T *, T, T, T, T *, T *);                                                            \
    int sk_add_logs_##V(T *, const T *, const T *, size_t, T, T, T);                                                            \
    void sk_extrema_##V(const T *, size_t, size_t, T *, T *);

SK_DECLARE(double, f64_portable)
SK_DECLARE(float, f32_portable)
#if defined(__x86_64__)
SK_DECLARE(double, f64_avx2)
SK_DECLARE(float, f32_avx2)
#endif

/// A test's choice for the calling thread only (-1: the CPU's), so that the variants can be
/// compared while other threads run the kernels.
static _Thread_local int sk_thread_isa = -1;

int sk_active_isa(void) { return vm_resolve_isa(sk_thread_isa); }

int sk_select_isa(int isa) {
    sk_thread_isa = vm_requested_isa(isa);
    return sk_active_isa();
}

#if defined(__x86_64__)
#define SK_DISPATCH(name, ...)                                                                                         \
    if (sk_active_isa() == 1) return name##_avx2(__VA_ARGS__);                                                         \
    else return name##_portable(__VA_ARGS__)
#else
#define SK_DISPATCH(name, ...) return name##_portable(__VA_ARGS__)
#endif

void sk_backward_run_f64(sk_run run, const double *w, const double *eUp, const double *eMid, const double *eDown,
                         const double *next, const double *shift, const double *rbar, double g1, double g2, double *out,
                         double *sums) {
    SK_DISPATCH(sk_backward_run_f64, run, w, eUp, eMid, eDown, next, shift, rbar, g1, g2, out, sums);
}

void sk_backward_run_f32(sk_run run, const float *w, const float *eUp, const float *eMid, const float *eDown,
                         const float *next, const float *shift, const float *rbar, float g1, float g2, float *out,
                         float *sums) {
    SK_DISPATCH(sk_backward_run_f32, run, w, eUp, eMid, eDown, next, shift, rbar, g1, g2, out, sums);
}

void sk_scale_run_f64(sk_run run, const double *w, const double *eUp, const double *eMid, const double *eDown,
                      const double *d, double *u) {
    SK_DISPATCH(sk_scale_run_f64, run, w, eUp, eMid, eDown, d, u);
}

void sk_scale_run_f32(sk_run run, const float *w, const float *eUp, const float *eMid, const float *eDown,
                      const float *d, float *u) {
    SK_DISPATCH(sk_scale_run_f32, run, w, eUp, eMid, eDown, d, u);
}

void sk_gather_run_f64(sk_run run, const double *w, const double *eUp, const double *eMid, const double *eDown,
                       const double *uUp, const double *uMid, const double *uDown, const double *d, double intended,
                       double spread, double weight, double *mu, double *next) {
    SK_DISPATCH(sk_gather_run_f64, run, w, eUp, eMid, eDown, uUp, uMid, uDown, d, intended, spread, weight, mu, next);
}

void sk_gather_run_f32(sk_run run, const float *w, const float *eUp, const float *eMid, const float *eDown,
                       const float *uUp, const float *uMid, const float *uDown, const float *d, float intended,
                       float spread, float weight, float *mu, float *next) {
    SK_DISPATCH(sk_gather_run_f32, run, w, eUp, eMid, eDown, uUp, uMid, uDown, d, intended, spread, weight, mu, next);
}

int sk_add_logs_f64(double *out, const double *partial, const double *logs, size_t n, double alpha, double low,
                    double high) {
    SK_DISPATCH(sk_add_logs_f64, out, partial, logs, n, alpha, low, high);
}

int sk_add_logs_f32(float *out, const float *partial, const float *logs, size_t n, float alpha, float low, float high) {
    SK_DISPATCH(sk_add_logs_f32, out, partial, logs, n, alpha, low, high);
}

void sk_extrema_f64(const double *v, size_t cells, size_t batch, double *high, double *low) {
    SK_DISPATCH(sk_extrema_f64, v, cells, batch, high, low);
}

void sk_extrema_f32(const float *v, size_t cells, size_t batch, float *high, float *low) {
    SK_DISPATCH(sk_extrema_f32, v, cells, batch, high, low);
}
