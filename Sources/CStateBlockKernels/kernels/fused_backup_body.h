// The whole soft Bellman backup of groups of four states in one sweep, in Double (see
// sbk_backup_fused_f64 in state_block_kernels.h): the arguments as sbk_backup_arguments, the
// exponentials and logarithms of CVectorMath (the same inline vector functions, so the same bits
// as FastExp's array kernels), the sums and the policy as sbk_backup_policy, V = m + α·log Σ as
// the Swift caller wrote it — each scalar gets the expression of the three-call path, but no
// array of shifted arguments goes through memory between the calls.
//
// The includer defines SBK_ATTRIBUTES, SBK_FN (for the f64 instance) and VM_NAME, and has
// included the f64 instance of state_block_kernels_body.h and vector_math_lanes.h.

/// V = m + α·l without a fused multiply-add (the Swift caller's rounding).
static inline __attribute__((always_inline)) SBK_ATTRIBUTES SBK_V SBK_FN(sbk_soft_value)(SBK_V m, SBK_V l, double alpha) {
#pragma clang fp contract(off)
    return m + alpha * l;
}

/// Group `g` with `lanes` real states, `A` actions and width `W` (constants in the specialised
/// callers). Returns 0 (having written nothing of V or π) when some state has no finite Q.
static inline __attribute__((always_inline)) SBK_ATTRIBUTES int SBK_FN(sbk_fused_group)(
    const int32_t *lane_column, const double *lane_weight, size_t g, size_t lanes, size_t A, size_t W,
    const double *next, const double *reward, double discount, double inverse, double alpha, double *values,
    double *policy, double *q_values) {
    const size_t s0 = 4 * g;
    const int32_t *column = lane_column + g * W * 4;
    const double *block = lane_weight + g * A * W * 4;
    SBK_V v[SBK_MAXIMUM_WIDTH];
    for (size_t k = 0; k < W; k++) {
        const int32_t *c = column + 4 * k;
        v[k] = (SBK_V){next[c[0]], next[c[1]], next[c[2]], next[c[3]]};
    }
    SBK_V q[SBK_MAXIMUM_ACTIONS];
    const double *r = reward + s0 * A;
    for (size_t a = 0; a < A; a++) {
        SBK_V acc = SBK_LOAD(block + a * W * 4) * v[0];
        for (size_t k = 1; k < W; k++) acc += SBK_LOAD(block + (a * W + k) * 4) * v[k];
        double lane[4] = {0, 0, 0, 0};
        for (size_t l = 0; l < lanes; l++) lane[l] = r[l * A + a];
        SBK_V rewards;
        memcpy(&rewards, lane, sizeof rewards);
        q[a] = discount * acc + rewards;
    }
    SBK_V m = q[0];
    for (size_t a = 1; a < A; a++) {
        __typeof__(q[a] > m) greater = q[a] > m;
        m = (SBK_V)(((__typeof__(greater))q[a] & greater) | ((__typeof__(greater))m & ~greater));
    }
    double ml[4];
    memcpy(ml, &m, sizeof m);
    int valid = 1;
    for (size_t l = 0; l < lanes; l++) valid &= ml[l] != -__builtin_inf();
    if (q_values) {
        double ql[4 * SBK_MAXIMUM_ACTIONS];
        memcpy(ql, q, A * sizeof(SBK_V));
        for (size_t l = 0; l < lanes; l++)
            for (size_t a = 0; a < A; a++) q_values[(s0 + l) * A + a] = ql[4 * a + l];
    }
    if (!valid) return 0;
    SBK_V e[SBK_MAXIMUM_ACTIONS];
    for (size_t a = 0; a < A; a++) e[a] = VM_NAME(vm_exp4_f64)((q[a] - m) * inverse);
    SBK_V total = e[0];
    for (size_t a = 1; a < A; a++) total += e[a];
    if (policy) {
        const SBK_V scale = 1 / total;
        double pl[4 * SBK_MAXIMUM_ACTIONS];
        for (size_t a = 0; a < A; a++) {
            SBK_V p = e[a] * scale;
            memcpy(pl + 4 * a, &p, sizeof p);
        }
        for (size_t l = 0; l < lanes; l++)
            for (size_t a = 0; a < A; a++) policy[(s0 + l) * A + a] = pl[4 * a + l];
    }
    // Each sum is ≥ 1 (its largest term is exp 0): a positive normal number.
    SBK_V value = SBK_FN(sbk_soft_value)(m, VM_NAME(vm_log4_checked_f64)(total), alpha);
    double vl[4];
    memcpy(vl, &value, sizeof value);
    for (size_t l = 0; l < lanes; l++) values[s0 + l] = vl[l];
    return 1;
}

static inline __attribute__((always_inline)) SBK_ATTRIBUTES int SBK_FN(sbk_fused_body)(
    const int32_t *lane_column, const double *lane_weight, size_t states, size_t A, size_t W, size_t first, size_t count,
    const double *next, const double *reward, double discount, double inverse, double alpha, double *values,
    double *policy, double *q_values) {
    for (size_t i = 0; i < count; i++) {
        const size_t g = first + i, lanes = states - 4 * g < 4 ? states - 4 * g : 4;
        int ok = lanes == 4 ? SBK_FN(sbk_fused_group)(lane_column, lane_weight, g, 4, A, W, next, reward, discount,
                                                      inverse, alpha, values, policy, q_values)
                            : SBK_FN(sbk_fused_group)(lane_column, lane_weight, g, lanes, A, W, next, reward,
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
    if (actions == 5 && width == 5) return SBK_FUSED(5, 5);
    if (actions == 4 && width == 4) return SBK_FUSED(4, 4);
    if (actions == 4 && width == 5) return SBK_FUSED(4, 5);
    if (actions == 5 && width == 4) return SBK_FUSED(5, 4);
    return SBK_FUSED(actions, width);
#undef SBK_FUSED
}
