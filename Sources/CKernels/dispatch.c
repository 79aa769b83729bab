// The one run-time choice between the AVX2 + FMA kernels and the portable ones, for every kernel
// family (see kernel_dispatch.h): each public kernel calls its variant through the table of the
// instruction set active in the calling thread.
#include "kernels/kernel_table.h"

/// The CPU's choice: -1 not known yet, 0 portable, 1 AVX2 + FMA. Every thread that races on the
/// first call computes and stores the same value.
static volatile int ck_cpu_isa = -1;

/// The calling thread's test overrides: bits 0–1 the forced instruction set plus one (0: the
/// CPU's), bit 2 set while the fused backup is off. Per thread, so that a test comparing the
/// variants never changes the results of other threads; worker threads adopt their caller's.
static _Thread_local int ck_overrides = 0;
#define CK_ISA_MASK 3
#define CK_UNFUSED 4

static int ck_cpu_has_avx2_fma(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}

int ck_active_isa(void) {
    const int forced = ck_overrides & CK_ISA_MASK;
    if (forced) return forced - 1;
    int isa = ck_cpu_isa;
    if (isa < 0) {
        isa = ck_cpu_has_avx2_fma();
        ck_cpu_isa = isa;
    }
    return isa;
}

int ck_fused_backup_enabled(void) { return !(ck_overrides & CK_UNFUSED); }

int ck_thread_overrides(void) { return ck_overrides; }

int ck_adopt_thread_overrides(int overrides) {
    const int previous = ck_overrides;
    ck_overrides = overrides;
    return previous;
}

int ck_test_override_isa(int isa) {
    const int forced = isa < 0 ? 0 : 1 + (isa == 1 && ck_cpu_has_avx2_fma());
    ck_overrides = (ck_overrides & ~CK_ISA_MASK) | forced;
    return ck_active_isa();
}

int ck_test_enable_fused_backup(int enabled) {
    const int previous = ck_fused_backup_enabled();
    ck_overrides = enabled ? ck_overrides & ~CK_UNFUSED : ck_overrides | CK_UNFUSED;
    return previous;
}

static inline const ck_kernel_table *ck_kernels(void) {
#if defined(__x86_64__)
    return ck_active_isa() == 1 ? &ck_kernels_avx2 : &ck_kernels_portable;
#else
    return &ck_kernels_portable;
#endif
}

// ---- vector_math.h -----------------------------------------------------------------------

void vm_exp_f64(const double *x, double *y, size_t n) { ck_kernels()->vm_exp_f64(x, y, n); }
void vm_exp_f32(const float *x, float *y, size_t n) { ck_kernels()->vm_exp_f32(x, y, n); }
void vm_log_f64(const double *x, double *y, size_t n) { ck_kernels()->vm_log_f64(x, y, n); }
void vm_log_f32(const float *x, float *y, size_t n) { ck_kernels()->vm_log_f32(x, y, n); }

// ---- stencil_kernels.h -------------------------------------------------------------------

void sk_backward_run_f64(sk_run run, const double *w, const double *eUp, const double *eMid, const double *eDown,
                         const double *next, const double *shift, const double *rbar, double g1, double g2, double *out,
                         double *sums) {
    ck_kernels()->sk_backward_run_f64(run, w, eUp, eMid, eDown, next, shift, rbar, g1, g2, out, sums);
}

void sk_backward_run_f32(sk_run run, const float *w, const float *eUp, const float *eMid, const float *eDown,
                         const float *next, const float *shift, const float *rbar, float g1, float g2, float *out,
                         float *sums) {
    ck_kernels()->sk_backward_run_f32(run, w, eUp, eMid, eDown, next, shift, rbar, g1, g2, out, sums);
}

void sk_scale_run_f64(sk_run run, const double *w, const double *eUp, const double *eMid, const double *eDown,
                      const double *d, double *u) {
    ck_kernels()->sk_scale_run_f64(run, w, eUp, eMid, eDown, d, u);
}

void sk_scale_run_f32(sk_run run, const float *w, const float *eUp, const float *eMid, const float *eDown,
                      const float *d, float *u) {
    ck_kernels()->sk_scale_run_f32(run, w, eUp, eMid, eDown, d, u);
}

void sk_gather_run_f64(sk_run run, const double *w, const double *eUp, const double *eMid, const double *eDown,
                       const double *uUp, const double *uMid, const double *uDown, const double *d, double intended,
                       double spread, double weight, double *mu, double *next) {
    ck_kernels()->sk_gather_run_f64(run, w, eUp, eMid, eDown, uUp, uMid, uDown, d, intended, spread, weight, mu, next);
}

void sk_gather_run_f32(sk_run run, const float *w, const float *eUp, const float *eMid, const float *eDown,
                       const float *uUp, const float *uMid, const float *uDown, const float *d, float intended,
                       float spread, float weight, float *mu, float *next) {
    ck_kernels()->sk_gather_run_f32(run, w, eUp, eMid, eDown, uUp, uMid, uDown, d, intended, spread, weight, mu, next);
}

int sk_add_logs_f64(double *out, const double *partial, const double *logs, size_t n, double alpha, double low,
                    double high) {
    return ck_kernels()->sk_add_logs_f64(out, partial, logs, n, alpha, low, high);
}

int sk_add_logs_f32(float *out, const float *partial, const float *logs, size_t n, float alpha, float low, float high) {
    return ck_kernels()->sk_add_logs_f32(out, partial, logs, n, alpha, low, high);
}

void sk_extrema_f64(const double *v, size_t cells, size_t batch, double *high, double *low) {
    ck_kernels()->sk_extrema_f64(v, cells, batch, high, low);
}

void sk_extrema_f32(const float *v, size_t cells, size_t batch, float *high, float *low) {
    ck_kernels()->sk_extrema_f32(v, cells, batch, high, low);
}

// ---- sparse_pattern_kernels.h ------------------------------------------------------------

long spk_backward_f64(const int32_t *pattern, const int32_t *offset, const double *weight, size_t actions,
                      size_t width, size_t batch, size_t first, size_t count, const double *next, const double *reward,
                      double discount, double temperature, double *out) {
    return ck_kernels()->spk_backward_f64(pattern, offset, weight, actions, width, batch, first, count, next, reward,
                                          discount, temperature, out);
}

long spk_backward_f32(const int32_t *pattern, const int32_t *offset, const float *weight, size_t actions,
                      size_t width, size_t batch, size_t first, size_t count, const float *next, const float *reward,
                      float discount, float temperature, float *out) {
    return ck_kernels()->spk_backward_f32(pattern, offset, weight, actions, width, batch, first, count, next, reward,
                                          discount, temperature, out);
}

void spk_forward_f64(const int32_t *pattern, const int32_t *offset, const double *weight, size_t actions,
                     size_t width, size_t batch, size_t first, size_t count, const double *next, const double *reward,
                     double discount, double temperature, const double *d, double step, double *occupancy,
                     double *out, size_t own_low, size_t own_high, double *halo, size_t halo_low) {
    ck_kernels()->spk_forward_f64(pattern, offset, weight, actions, width, batch, first, count, next, reward, discount,
                                  temperature, d, step, occupancy, out, own_low, own_high, halo, halo_low);
}

void spk_forward_f32(const int32_t *pattern, const int32_t *offset, const float *weight, size_t actions,
                     size_t width, size_t batch, size_t first, size_t count, const float *next, const float *reward,
                     float discount, float temperature, const float *d, float step, float *occupancy,
                     float *out, size_t own_low, size_t own_high, float *halo, size_t halo_low) {
    ck_kernels()->spk_forward_f32(pattern, offset, weight, actions, width, batch, first, count, next, reward, discount,
                                  temperature, d, step, occupancy, out, own_low, own_high, halo, halo_low);
}

// ---- state_block_kernels.h ---------------------------------------------------------------

int sbk_backup_arguments_f64(const int32_t *lane_column, const double *lane_weight, size_t states, size_t actions,
                             size_t width, size_t first_group, size_t groups, const double *next, const double *reward,
                             double discount, double inverse_temperature, double *shifted, double *maxima,
                             double *q_values) {
    return ck_kernels()->sbk_backup_arguments_f64(lane_column, lane_weight, states, actions, width, first_group, groups,
                                                  next, reward, discount, inverse_temperature, shifted, maxima,
                                                  q_values);
}

int sbk_backup_arguments_f32(const int32_t *lane_column, const float *lane_weight, size_t states, size_t actions,
                             size_t width, size_t first_group, size_t groups, const float *next, const float *reward,
                             float discount, float inverse_temperature, float *shifted, float *maxima,
                             float *q_values) {
    return ck_kernels()->sbk_backup_arguments_f32(lane_column, lane_weight, states, actions, width, first_group, groups,
                                                  next, reward, discount, inverse_temperature, shifted, maxima,
                                                  q_values);
}

int sbk_backup_fused_f64(const int32_t *lane_column, const double *lane_weight, size_t states, size_t actions,
                         size_t width, size_t first_group, size_t groups, const double *next, const double *reward,
                         double discount, double inverse_temperature, double temperature, double *values,
                         double *policy, double *q_values) {
    return ck_kernels()->sbk_backup_fused_f64(lane_column, lane_weight, states, actions, width, first_group, groups,
                                              next, reward, discount, inverse_temperature, temperature, values, policy,
                                              q_values);
}

void sbk_backup_policy_f64(size_t states, size_t actions, size_t first_group, size_t groups, const double *e,
                           double *sums, double *policy) {
    ck_kernels()->sbk_backup_policy_f64(states, actions, first_group, groups, e, sums, policy);
}

void sbk_backup_policy_f32(size_t states, size_t actions, size_t first_group, size_t groups, const float *e,
                           float *sums, float *policy) {
    ck_kernels()->sbk_backup_policy_f32(states, actions, first_group, groups, e, sums, policy);
}

void sbk_forward_step_f64(const int32_t *lane_column, const double *lane_weight, size_t states, size_t actions,
                          size_t width, const double *d, const double *policy, double *occupancy, double weight,
                          double *out) {
    ck_kernels()->sbk_forward_step_f64(lane_column, lane_weight, states, actions, width, d, policy, occupancy, weight,
                                       out);
}

void sbk_forward_step_f32(const int32_t *lane_column, const float *lane_weight, size_t states, size_t actions,
                          size_t width, const float *d, const float *policy, float *occupancy, float weight,
                          float *out) {
    ck_kernels()->sbk_forward_step_f32(lane_column, lane_weight, states, actions, width, d, policy, occupancy, weight,
                                       out);
}

size_t sbk_scan_rows_f64(const double *p, size_t columns, size_t first, size_t last, double tolerance, size_t limit,
                         int *collecting, int32_t *next, double *probability, size_t capacity, size_t *count,
                         int32_t *row_ends, size_t *nonzeros, int *bad_row) {
    return ck_kernels()->sbk_scan_rows_f64(p, columns, first, last, tolerance, limit, collecting, next, probability,
                                           capacity, count, row_ends, nonzeros, bad_row);
}

size_t sbk_scan_rows_f32(const float *p, size_t columns, size_t first, size_t last, float tolerance, size_t limit,
                         int *collecting, int32_t *next, float *probability, size_t capacity, size_t *count,
                         int32_t *row_ends, size_t *nonzeros, int *bad_row) {
    return ck_kernels()->sbk_scan_rows_f32(p, columns, first, last, tolerance, limit, collecting, next, probability,
                                           capacity, count, row_ends, nonzeros, bad_row);
}
