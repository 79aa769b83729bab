// The whole soft Bellman backup of groups of four states in one sweep, in Double (see
// sbk_backup_fused_f64 in state_block_kernels.h): the arguments as sbk_backup_arguments, the
// exponentials and logarithms of vector_math_lanes.h (the same inline vector functions, so the
// same bits as FastExp's array kernels), the sums and the policy as sbk_backup_policy, V = m + α·log Σ as
// the Swift caller wrote it — each scalar gets the expression of the three-call path, but no
// array of shifted arguments goes through memory between the calls.
//
// The includer defines SBK_ATTRIBUTES, SBK_FN (for the f64 instance) and VM_NAME, and has
// included the f64 instance of state_block_kernels_body.h and vector_math_lanes.h.

/// Groups interleaved by sbk_fused_body.
#define SBK_FUSED_GROUPS 2

/// V = m + α·l without a fused multiply-add (the Swift caller's rounding).
static inline __attribute__((always_inline)) SBK_ATTRIBUTES SBK_V SBK_FN(sbk_soft_value)(SBK_V m, SBK_V l, double alpha) {
#pragma clang fp contract(off)
    return m + alpha * l;
}

/// The `N` groups `g ..< g + N`, each with `lanes` real states, `A` actions and width `W`
/// (constants in the specialised callers). Each step runs for all `N` groups before the next, so
/// that the long chain of one group (gather, dot products, maximum, exp, sum, log) overlaps the
/// other's instead of waiting on its latencies. Returns 0 (having written no V or π of these
/// groups) when some state has no finite Q.
static inline __attribute__((always_inline)) SBK_ATTRIBUTES int SBK_FN(sbk_fused_groups)(
    const int32_t *lane_column, const double *lane_weight, size_t g, size_t N, size_t lanes, size_t A, size_t W,
    const double *next, const double *reward, double discount, double inverse, double alpha, double *values,
    double *policy, double *q_values) {
    SBK_V q[SBK_FUSED_GROUPS][SBK_MAXIMUM_ACTIONS], m[SBK_FUSED_GROUPS];
    int valid = 1;
    for (size_t n = 0; n < N; n++) {
        const int32_t *column = lane_column + (g + n) * W * 4;
        const double *block = lane_weight + (g + n) * A * W * 4;
        SBK_V v[SBK_MAXIMUM_WIDTH];
        for (size_t k = 0; k < W; k++) {
            const int32_t *c = column + 4 * k;
            v[k] = (SBK_V){next[c[0]], next[c[1]], next[c[2]], next[c[3]]};
        }
        SBK_V rewards[SBK_MAXIMUM_ACTIONS];
        SBK_FN(sbk_load_lanes)(reward + 4 * (g + n) * A, lanes, A, rewards);
        for (size_t a = 0; a < A; a++) {
            SBK_V acc = SBK_LOAD(block + a * W * 4) * v[0];
            for (size_t k = 1; k < W; k++) acc += SBK_LOAD(block + (a * W + k) * 4) * v[k];
            q[n][a] = discount * acc + rewards[a];
        }
    }
    for (size_t n = 0; n < N; n++) {
        SBK_V mn = q[n][0];
        for (size_t a = 1; a < A; a++) {
            __typeof__(q[n][a] > mn) greater = q[n][a] > mn;
            mn = (SBK_V)(((__typeof__(greater))q[n][a] & greater) | ((__typeof__(greater))mn & ~greater));
        }
        m[n] = mn;
        double ml[4];
        memcpy(ml, &mn, sizeof mn);
        for (size_t l = 0; l < lanes; l++) valid &= ml[l] != -__builtin_inf();
        if (q_values) SBK_FN(sbk_store_lanes)(q[n], lanes, A, q_values + 4 * (g + n) * A);
    }
    if (!valid) return 0;
    SBK_V total[SBK_FUSED_GROUPS];
    for (size_t n = 0; n < N; n++) {
        for (size_t a = 0; a < A; a++) q[n][a] = VM_NAME(vm_exp4_f64)((q[n][a] - m[n]) * inverse);
        total[n] = q[n][0];
        for (size_t a = 1; a < A; a++) total[n] += q[n][a];
    }
    for (size_t n = 0; n < N; n++) {
        if (policy) {
            const SBK_V scale = 1 / total[n];
            SBK_V p[SBK_MAXIMUM_ACTIONS];
            for (size_t a = 0; a < A; a++) p[a] = q[n][a] * scale;
            SBK_FN(sbk_store_lanes)(p, lanes, A, policy + 4 * (g + n) * A);
        }
        // Each sum is ≥ 1 (its largest term is exp 0): a positive normal number.
        SBK_V value = SBK_FN(sbk_soft_value)(m[n], VM_NAME(vm_log4_checked_f64)(total[n]), alpha);
        double vl[4];
        memcpy(vl, &value, sizeof value);
        for (size_t l = 0; l < lanes; l++) values[4 * (g + n) + l] = vl[l];
    }
    return 1;
}

static inline __attribute__((always_inline)) SBK_ATTRIBUTES int SBK_FN(sbk_fused_body)(
    const int32_t *lane_column, const double *lane_weight, size_t states, size_t A, size_t W, size_t first, size_t count,
    const double *next, const double *reward, double discount, double inverse, double alpha, double *values,
    double *policy, double *q_values) {
    // Full groups `SBK_FUSED_GROUPS` at a time, then the rest one by one (the last may be partial).
    const size_t full = states / 4 > first ? (states / 4 - first < count ? states / 4 - first : count) : 0;
    size_t i = 0;
    for (; i + SBK_FUSED_GROUPS <= full; i += SBK_FUSED_GROUPS) {
        if (!SBK_FN(sbk_fused_groups)(lane_column, lane_weight, first + i, SBK_FUSED_GROUPS, 4, A, W, next, reward,
                                      discount, inverse, alpha, values, policy, q_values))
            return 0;
    }
    for (; i < count; i++) {
        const size_t g = first + i, lanes = states - 4 * g < 4 ? states - 4 * g : 4;
        int ok = lanes == 4 ? SBK_FN(sbk_fused_groups)(lane_column, lane_weight, g, 1, 4, A, W, next, reward, discount,
                                                       inverse, alpha, values, policy, q_values)
                            : SBK_FN(sbk_fused_groups)(lane_column, lane_weight, g, 1, lanes, A, W, next, reward,
                                                       discount, inverse, alpha, values, policy, q_values);
        if (!ok) return 0;
    }
    return 1;
}

SBK_ATTRIBUTES int SBK_FN(sbk_backup_fused)(const int32_t *lane_column, const double *lane_weight, size_t states,
                                           size_t actions, size_t width, size_t first_group, size_t groups,
                                           const double *next, const double *reward, double discount,
                                           double inverse_temperature, double temperature, double *values,
                                           double *policy, double *q_values) {
#define SBK_FUSED(A, W)                                                                                          \
    SBK_FN(sbk_fused_body)(lane_column, lane_weight, states, A, W, first_group, groups, next, reward, discount,   \
                           inverse_temperature, temperature, values, policy, q_values)
    SBK_RETURN_FOR_SHAPE(SBK_FUSED);
#undef SBK_FUSED
}
