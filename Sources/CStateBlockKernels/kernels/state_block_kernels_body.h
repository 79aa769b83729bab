// The kernels for one scalar type and one instruction set, written once with the compiler's
// vector extensions (four states per vector). The includer defines:
//   SBK_ATTRIBUTES  function attributes (e.g. __attribute__((target("avx2,fma"))))
//   SBK_T           the scalar type (double or float)
//   SBK_FN(name)    the library-internal name of a kernel (e.g. name##_f64_avx2)
// See state_block_kernels.h for the layout and the formulas.
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define SBK_V SBK_FN(sbk_vector)
typedef SBK_T SBK_V __attribute__((vector_size(4 * sizeof(SBK_T)), aligned(sizeof(SBK_T))));

/// Loads four contiguous scalars.
#define SBK_LOAD(p) (*(const SBK_V *)(p))

/// Group `g` (the `i`-th of the call) of the backup arguments with `lanes` real states, `A`
/// actions and width `W` (constants in the specialised callers, so the loops unroll).
static inline __attribute__((always_inline)) SBK_ATTRIBUTES int SBK_FN(sbk_arguments_group)(
    const int32_t *lane_column, const SBK_T *lane_weight, size_t g, size_t i, size_t lanes, size_t A, size_t W,
    const SBK_T *next, const SBK_T *reward, SBK_T discount, SBK_T inverse, SBK_T *shifted, SBK_T *maxima,
    SBK_T *q_values) {
    const size_t s0 = 4 * g;
    const int32_t *column = lane_column + g * W * 4;
    const SBK_T *block = lane_weight + g * A * W * 4;
    SBK_V v[SBK_MAXIMUM_WIDTH];
    for (size_t k = 0; k < W; k++) {
        const int32_t *c = column + 4 * k;
        v[k] = (SBK_V){next[c[0]], next[c[1]], next[c[2]], next[c[3]]};
    }
    SBK_V q[SBK_MAXIMUM_ACTIONS];
    const SBK_T *r = reward + s0 * A;
    for (size_t a = 0; a < A; a++) {
        SBK_V acc = SBK_LOAD(block + a * W * 4) * v[0];
        for (size_t k = 1; k < W; k++) acc += SBK_LOAD(block + (a * W + k) * 4) * v[k];
        SBK_T lane[4] = {0, 0, 0, 0};
        for (size_t l = 0; l < lanes; l++) lane[l] = r[l * A + a];
        SBK_V rewards;
        memcpy(&rewards, lane, sizeof rewards);
        q[a] = discount * acc + rewards;
    }
    SBK_V m = q[0];
    for (size_t a = 1; a < A; a++) {
        // m = q > m ? q : m, lane by lane (the order of the scalar loop).
        __typeof__(q[a] > m) greater = q[a] > m;
        m = (SBK_V)(((__typeof__(greater))q[a] & greater) | ((__typeof__(greater))m & ~greater));
    }
    SBK_T ml[4];
    memcpy(ml, &m, sizeof m);
    int valid = 1;
    for (size_t l = 0; l < lanes; l++) valid &= ml[l] != -(SBK_T)__builtin_inf();
    memcpy(maxima + 4 * i, &m, sizeof m);
    if (q_values) {
        SBK_T ql[4 * SBK_MAXIMUM_ACTIONS];
        memcpy(ql, q, A * sizeof(SBK_V));
        for (size_t l = 0; l < lanes; l++)
            for (size_t a = 0; a < A; a++) q_values[(s0 + l) * A + a] = ql[4 * a + l];
    }
    SBK_T *e = shifted + i * A * 4;
    for (size_t a = 0; a < A; a++) {
        SBK_V x = (q[a] - m) * inverse;
        memcpy(e + 4 * a, &x, sizeof x);
    }
    return valid;
}

static inline __attribute__((always_inline)) SBK_ATTRIBUTES int SBK_FN(sbk_arguments_body)(
    const int32_t *lane_column, const SBK_T *lane_weight, size_t states, size_t A, size_t W, size_t first, size_t count,
    const SBK_T *next, const SBK_T *reward, SBK_T discount, SBK_T inverse, SBK_T *shifted, SBK_T *maxima,
    SBK_T *q_values) {
    int valid = 1;
    for (size_t i = 0; i < count; i++) {
        const size_t g = first + i, lanes = states - 4 * g < 4 ? states - 4 * g : 4;
        if (lanes == 4)
            valid &= SBK_FN(sbk_arguments_group)(lane_column, lane_weight, g, i, 4, A, W, next, reward, discount,
                                                 inverse, shifted, maxima, q_values);
        else
            valid &= SBK_FN(sbk_arguments_group)(lane_column, lane_weight, g, i, lanes, A, W, next, reward, discount,
                                                 inverse, shifted, maxima, q_values);
    }
    return valid;
}

SBK_ATTRIBUTES int SBK_FN(sbk_backup_arguments)(const int32_t *lane_column, const SBK_T *lane_weight, size_t states,
                                                size_t actions, size_t width, size_t first_group, size_t groups,
                                                const SBK_T *next, const SBK_T *reward, SBK_T discount,
                                                SBK_T inverse_temperature, SBK_T *shifted, SBK_T *maxima,
                                                SBK_T *q_values) {
#define SBK_ARGUMENTS(A, W)                                                                                    \
    SBK_FN(sbk_arguments_body)(lane_column, lane_weight, states, A, W, first_group, groups, next, reward, discount, \
                               inverse_temperature, shifted, maxima, q_values)
    if (actions == 5 && width == 5) return SBK_ARGUMENTS(5, 5);
    if (actions == 4 && width == 4) return SBK_ARGUMENTS(4, 4);
    if (actions == 4 && width == 5) return SBK_ARGUMENTS(4, 5);
    if (actions == 5 && width == 4) return SBK_ARGUMENTS(5, 4);
    return SBK_ARGUMENTS(actions, width);
#undef SBK_ARGUMENTS
}

static inline __attribute__((always_inline)) SBK_ATTRIBUTES void SBK_FN(sbk_policy_body)(
    size_t states, size_t A, size_t first, size_t count, const SBK_T *e, SBK_T *sums, SBK_T *policy) {
    for (size_t i = 0; i < count; i++) {
        const SBK_T *row = e + i * A * 4;
        SBK_V total = SBK_LOAD(row);
        for (size_t a = 1; a < A; a++) total += SBK_LOAD(row + 4 * a);
        memcpy(sums + 4 * i, &total, sizeof total);
        if (!policy) continue;
        const size_t s0 = 4 * (first + i);
        const size_t lanes = states - s0 < 4 ? states - s0 : 4;
        SBK_T scale[4];
        for (size_t l = 0; l < 4; l++) scale[l] = 1 / sums[4 * i + l];
        if (lanes == 4) {
            for (size_t l = 0; l < 4; l++)
                for (size_t a = 0; a < A; a++) policy[(s0 + l) * A + a] = row[4 * a + l] * scale[l];
        } else {
            for (size_t l = 0; l < lanes; l++)
                for (size_t a = 0; a < A; a++) policy[(s0 + l) * A + a] = row[4 * a + l] * scale[l];
        }
    }
}

SBK_ATTRIBUTES void SBK_FN(sbk_backup_policy)(size_t states, size_t actions, size_t first_group, size_t groups,
                                             const SBK_T *e, SBK_T *sums, SBK_T *policy) {
    if (actions == 5) SBK_FN(sbk_policy_body)(states, 5, first_group, groups, e, sums, policy);
    else if (actions == 4) SBK_FN(sbk_policy_body)(states, 4, first_group, groups, e, sums, policy);
    else SBK_FN(sbk_policy_body)(states, actions, first_group, groups, e, sums, policy);
}

/// One group of the forward step with `lanes` real states (a constant 4 for all groups but the
/// last, so that the lane loops unroll and no vector goes through the stack lane by lane).
static inline __attribute__((always_inline)) SBK_ATTRIBUTES void SBK_FN(sbk_forward_group)(
    const int32_t *lane_column, const SBK_T *lane_weight, size_t g, size_t lanes, size_t A, size_t W, const SBK_T *d,
    const SBK_T *policy, SBK_T *occupancy, SBK_T weight, SBK_T *out) {
    const size_t s0 = 4 * g;
    const SBK_T *pi = policy + s0 * A;
    SBK_T dl[4] = {0, 0, 0, 0};
    for (size_t l = 0; l < lanes; l++) dl[l] = d[s0 + l];
    SBK_V ds;
    memcpy(&ds, dl, sizeof ds);
    SBK_V x[SBK_MAXIMUM_ACTIONS];
    for (size_t a = 0; a < A; a++) {
        SBK_T pl[4] = {0, 0, 0, 0};
        for (size_t l = 0; l < lanes; l++) pl[l] = pi[l * A + a];
        SBK_V p;
        memcpy(&p, pl, sizeof p);
        x[a] = ds * p;
    }
    if (occupancy) {
        SBK_T xl[4 * SBK_MAXIMUM_ACTIONS];
        memcpy(xl, x, A * sizeof(SBK_V));
        SBK_T *mu = occupancy + s0 * A;
        for (size_t l = 0; l < lanes; l++)
            for (size_t a = 0; a < A; a++) mu[l * A + a] += weight * xl[4 * a + l];
    }
    const SBK_T *block = lane_weight + g * A * W * 4;
    const int32_t *column = lane_column + g * W * 4;
    SBK_V y[SBK_MAXIMUM_WIDTH];
    for (size_t k = 0; k < W; k++) {
        SBK_V acc = SBK_LOAD(block + k * 4) * x[0];
        for (size_t a = 1; a < A; a++) acc += SBK_LOAD(block + (a * W + k) * 4) * x[a];
        y[k] = acc;
    }
    SBK_T yl[4 * SBK_MAXIMUM_WIDTH];
    memcpy(yl, y, W * sizeof(SBK_V));
    // States in increasing order, each state's columns in order (the scalar loop's order).
    for (size_t l = 0; l < lanes; l++)
        for (size_t k = 0; k < W; k++) out[column[4 * k + l]] += yl[4 * k + l];
}

static inline __attribute__((always_inline)) SBK_ATTRIBUTES void SBK_FN(sbk_forward_body)(
    const int32_t *lane_column, const SBK_T *lane_weight, size_t states, size_t A, size_t W, const SBK_T *d,
    const SBK_T *policy, SBK_T *occupancy, SBK_T weight, SBK_T *out) {
    for (size_t i = 0; i < states; i++) out[i] = 0;
    const size_t full = states / 4;
    for (size_t g = 0; g < full; g++)
        SBK_FN(sbk_forward_group)(lane_column, lane_weight, g, 4, A, W, d, policy, occupancy, weight, out);
    if (states % 4)
        SBK_FN(sbk_forward_group)(lane_column, lane_weight, full, states % 4, A, W, d, policy, occupancy, weight, out);
}

SBK_ATTRIBUTES void SBK_FN(sbk_forward_step)(const int32_t *lane_column, const SBK_T *lane_weight, size_t states,
                                            size_t actions, size_t width, const SBK_T *d, const SBK_T *policy,
                                            SBK_T *occupancy, SBK_T weight, SBK_T *out) {
#define SBK_FORWARD(A, W) SBK_FN(sbk_forward_body)(lane_column, lane_weight, states, A, W, d, policy, occupancy, weight, out)
    if (actions == 5 && width == 5) SBK_FORWARD(5, 5);
    else if (actions == 4 && width == 4) SBK_FORWARD(4, 4);
    else if (actions == 4 && width == 5) SBK_FORWARD(4, 5);
    else if (actions == 5 && width == 4) SBK_FORWARD(5, 4);
    else SBK_FORWARD(actions, width);
#undef SBK_FORWARD
}

#ifdef SBK_WITH_FUSED_BACKUP
#include "fused_backup_body.h"
#endif

#undef SBK_LOAD
#undef SBK_V
