// Run-time choice between the AVX2 + FMA kernels and the portable ones (see state_block_kernels.h).
#include "vector_math.h"
#include "state_block_kernels.h"

#define SBK_DECLARE(variant)                                                                                    \
    int sbk_backup_arguments_f64_##variant(const int32_t *, const double *, size_t, size_t, size_t, size_t, size_t, \
                                           const double *, const double *, double, double, double *, double *,  \
                                           double *);                                                          \
    int sbk_backup_arguments_f32_##variant(const int32_t *, const float *, size_t, size_t, size_t, size_t, size_t,  \
                                           const float *, const float *, float, float, float *, float *, float *); \
    int sbk_backup_fused_f64_##variant(const int32_t *, const double *, size_t, size_t, size_t, size_t, size_t,     \
                                       const double *, const double *, double, double, double, double *, double *, \
                                       double *);                                                              \
    void sbk_backup_policy_f64_##variant(size_t, size_t, size_t, size_t, const double *, double *, double *);     \
    void sbk_backup_policy_f32_##variant(size_t, size_t, size_t, size_t, const float *, float *, float *);        \
    void sbk_forward_step_f64_##variant(const int32_t *, const double *, size_t, size_t, size_t, const double *,  \
                                        const double *, double *, double, double *);                            \
    void sbk_forward_step_f32_##variant(const int32_t *, const float *, size_t, size_t, size_t, const float *,    \
                                        const float *, float *, float, float *);                                 \
    size_t sbk_scan_rows_f64_##variant(const double *, size_t, size_t, size_t, double, size_t, int *, int32_t *,  \
                                       double *, size_t, size_t *, int32_t *, size_t *, int *);                  \
    size_t sbk_scan_rows_f32_##variant(const float *, size_t, size_t, size_t, float, size_t, int *, int32_t *,    \
                                       float *, size_t, size_t *, int32_t *, size_t *, int *);
SBK_DECLARE(portable)
#if defined(__x86_64__)
SBK_DECLARE(avx2)
#endif

/// A test's choice for the whole process (-1: the CPU's). Process-wide rather than per thread
/// because the Python tests select a variant and then run passes on worker threads.
static volatile int sbk_override = -1;

int sbk_active_isa(void) { return vm_resolve_isa(sbk_override); }

int sbk_select_isa(int isa) {
    sbk_override = vm_requested_isa(isa);
    return sbk_active_isa();
}

static volatile int sbk_fused = 1;

int sbk_fused_backup_enabled(void) { return sbk_fused; }

int sbk_enable_fused_backup(int enabled) {
    const int previous = sbk_fused;
    sbk_fused = enabled != 0;
    return previous;
}

#if defined(__x86_64__)
#define SBK_DISPATCH(name, ...) (sbk_active_isa() == 1 ? name##_avx2(__VA_ARGS__) : name##_portable(__VA_ARGS__))
#else
#define SBK_DISPATCH(name, ...) name##_portable(__VA_ARGS__)
#endif

int sbk_backup_arguments_f64(const int32_t *lane_column, const double *lane_weight, size_t states, size_t actions,
                             size_t width, size_t first_group, size_t groups, const double *next, const double *reward,
                             double discount, double inverse_temperature, double *shifted, double *maxima,
                             double *q_values) {
    return SBK_DISPATCH(sbk_backup_arguments_f64, lane_column, lane_weight, states, actions, width, first_group, groups,
                        next, reward, discount, inverse_temperature, shifted, maxima, q_values);
}

int sbk_backup_arguments_f32(const int32_t *lane_column, const float *lane_weight, size_t states, size_t actions,
                             size_t width, size_t first_group, size_t groups, const float *next, const float *reward,
                             float discount, float inverse_temperature, float *shifted, float *maxima,
                             float *q_values) {
    return SBK_DISPATCH(sbk_backup_arguments_f32, lane_column, lane_weight, states, actions, width, first_group, groups,
                        next, reward, discount, inverse_temperature, shifted, maxima, q_values);
}

int sbk_backup_fused_f64(const int32_t *lane_column, const double *lane_weight, size_t states, size_t actions,
                         size_t width, size_t first_group, size_t groups, const double *next, const double *reward,
                         double discount, double inverse_temperature, double temperature, double *values,
                         double *policy, double *q_values) {
    return SBK_DISPATCH(sbk_backup_fused_f64, lane_column, lane_weight, states, actions, width, first_group, groups,
                        next, reward, discount, inverse_temperature, temperature, values, policy, q_values);
}

void sbk_backup_policy_f64(size_t states, size_t actions, size_t first_group, size_t groups, const double *e,
                           double *sums, double *policy) {
    SBK_DISPATCH(sbk_backup_policy_f64, states, actions, first_group, groups, e, sums, policy);
}

void sbk_backup_policy_f32(size_t states, size_t actions, size_t first_group, size_t groups, const float *e,
                           float *sums, float *policy) {
    SBK_DISPATCH(sbk_backup_policy_f32, states, actions, first_group, groups, e, sums, policy);
}

void sbk_forward_step_f64(const int32_t *lane_column, const double *lane_weight, size_t states, size_t actions,
                          size_t width, const double *d, const double *policy, double *occupancy, double weight,
                          double *out) {
    SBK_DISPATCH(sbk_forward_step_f64, lane_column, lane_weight, states, actions, width, d, policy, occupancy, weight,
                 out);
}

void sbk_forward_step_f32(const int32_t *lane_column, const float *lane_weight, size_t states, size_t actions,
                          size_t width, const float *d, const float *policy, float *occupancy, float weight,
                          float *out) {
    SBK_DISPATCH(sbk_forward_step_f32, lane_column, lane_weight, states, actions, width, d, policy, occupancy, weight,
                 out);
}

size_t sbk_scan_rows_f64(const double *p, size_t columns, size_t first, size_t last, double tolerance, size_t limit,
                         int *collecting, int32_t *next, double *probability, size_t capacity, size_t *count,
                         int32_t *row_ends, size_t *nonzeros, int *bad_row) {
    return SBK_DISPATCH(sbk_scan_rows_f64, p, columns, first, last, tolerance, limit, collecting, next, probability,
                        capacity, count, row_ends, nonzeros, bad_row);
}

size_t sbk_scan_rows_f32(const float *p, size_t columns, size_t first, size_t last, float tolerance, size_t limit,
                         int *collecting, int32_t *next, float *probability, size_t capacity, size_t *count,
                         int32_t *row_ends, size_t *nonzeros, int *bad_row) {
    return SBK_DISPATCH(sbk_scan_rows_f32, p, columns, first, last, tolerance, limit, collecting, next, probability,
                        capacity, count, row_ends, nonzeros, bad_row);
}
