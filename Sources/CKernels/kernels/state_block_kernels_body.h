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

/// Returns `CALL(A, W)` with constant `A` and `W` for the common shapes (so that the inlined
/// loops unroll), else with the run-time `actions` and `width`.
#define SBK_RETURN_FOR_SHAPE(CALL)                                                                              \
    if (actions == 5 && width == 5) return CALL(5, 5);                                                         \
    if (actions == 4 && width == 4) return CALL(4, 4);                                                         \
    if (actions == 4 && width == 5) return CALL(4, 5);                                                         \
    if (actions == 5 && width == 4) return CALL(5, 4);                                                         \
    return CALL(actions, width)

/// Four states' `A` entries each, stored row by row (`rows[j]` holds scalars `4j ..< 4j + 4` of
/// the `4·A` entries `[l·A + a]`), as one vector per action (`lanes[a]` = entry `a` of the four
/// states). Shuffles for 4 and 5 actions (the common counts), scalar by scalar otherwise.
static inline __attribute__((always_inline)) SBK_ATTRIBUTES void SBK_FN(sbk_rows_to_lanes)(const SBK_V *rows, size_t A,
                                                                                          SBK_V *lanes) {
    if (A == 5) {
        const SBK_V o0 = rows[0], o1 = rows[1], o2 = rows[2], o3 = rows[3], o4 = rows[4];
        // Entry a of state l is scalar 5l + a: vector (5l + a) / 4, lane (5l + a) % 4.
        lanes[0] = __builtin_shufflevector(__builtin_shufflevector(o0, o1, 0, 5, -1, -1),
                                           __builtin_shufflevector(o2, o3, -1, -1, 2, 7), 0, 1, 6, 7);
        lanes[1] = __builtin_shufflevector(__builtin_shufflevector(o0, o1, 1, 6, -1, -1),
                                           __builtin_shufflevector(o2, o4, -1, -1, 3, 4), 0, 1, 6, 7);
        lanes[2] = __builtin_shufflevector(__builtin_shufflevector(o0, o1, 2, 7, -1, -1),
                                           __builtin_shufflevector(o3, o4, -1, -1, 0, 5), 0, 1, 6, 7);
        lanes[3] = __builtin_shufflevector(__builtin_shufflevector(o0, o2, 3, 4, -1, -1),
                                           __builtin_shufflevector(o3, o4, -1, -1, 1, 6), 0, 1, 6, 7);
        lanes[4] = __builtin_shufflevector(__builtin_shufflevector(o1, o2, 0, 5, -1, -1),
                                           __builtin_shufflevector(o3, o4, -1, -1, 2, 7), 0, 1, 6, 7);
    } else if (A == 4) {
        const SBK_V lo01 = __builtin_shufflevector(rows[0], rows[1], 0, 4, 1, 5);
        const SBK_V lo23 = __builtin_shufflevector(rows[2], rows[3], 0, 4, 1, 5);
        const SBK_V hi01 = __builtin_shufflevector(rows[0], rows[1], 2, 6, 3, 7);
        const SBK_V hi23 = __builtin_shufflevector(rows[2], rows[3], 2, 6, 3, 7);
        lanes[0] = __builtin_shufflevector(lo01, lo23, 0, 1, 4, 5);
        lanes[1] = __builtin_shufflevector(lo01, lo23, 2, 3, 6, 7);
        lanes[2] = __builtin_shufflevector(hi01, hi23, 0, 1, 4, 5);
        lanes[3] = __builtin_shufflevector(hi01, hi23, 2, 3, 6, 7);
    } else {
        SBK_T flat[4 * SBK_MAXIMUM_ACTIONS], lane[4 * SBK_MAXIMUM_ACTIONS];
        memcpy(flat, rows, A * sizeof(SBK_V));
        for (size_t l = 0; l < 4; l++)
            for (size_t a = 0; a < A; a++) lane[4 * a + l] = flat[l * A + a];
        memcpy(lanes, lane, A * sizeof(SBK_V));
    }
}

/// The inverse of sbk_rows_to_lanes: one vector per action back to four rows of `A` entries.
static inline __attribute__((always_inline)) SBK_ATTRIBUTES void SBK_FN(sbk_lanes_to_rows)(const SBK_V *lanes, size_t A,
                                                                                          SBK_V *rows) {
    if (A == 5) {
        const SBK_V e0 = lanes[0], e1 = lanes[1], e2 = lanes[2], e3 = lanes[3], e4 = lanes[4];
        // Scalar 4j + i of the rows is entry (4j + i) % 5 of state (4j + i) / 5.
        rows[0] = __builtin_shufflevector(__builtin_shufflevector(e0, e1, 0, 4, -1, -1),
                                          __builtin_shufflevector(e2, e3, -1, -1, 0, 4), 0, 1, 6, 7);
        rows[1] = __builtin_shufflevector(__builtin_shufflevector(e4, e0, 0, 5, -1, -1),
                                          __builtin_shufflevector(e1, e2, -1, -1, 1, 5), 0, 1, 6, 7);
        rows[2] = __builtin_shufflevector(__builtin_shufflevector(e3, e4, 1, 5, -1, -1),
                                          __builtin_shufflevector(e0, e1, -1, -1, 2, 6), 0, 1, 6, 7);
        rows[3] = __builtin_shufflevector(__builtin_shufflevector(e2, e3, 2, 6, -1, -1),
                                          __builtin_shufflevector(e4, e0, -1, -1, 2, 7), 0, 1, 6, 7);
        rows[4] = __builtin_shufflevector(__builtin_shufflevector(e1, e2, 3, 7, -1, -1),
                                          __builtin_shufflevector(e3, e4, -1, -1, 3, 7), 0, 1, 6, 7);
    } else if (A == 4) {
        SBK_FN(sbk_rows_to_lanes)(lanes, 4, rows);  // a 4 × 4 transpose is its own inverse
    } else {
        SBK_T flat[4 * SBK_MAXIMUM_ACTIONS], lane[4 * SBK_MAXIMUM_ACTIONS];
        memcpy(lane, lanes, A * sizeof(SBK_V));
        for (size_t l = 0; l < 4; l++)
            for (size_t a = 0; a < A; a++) flat[l * A + a] = lane[4 * a + l];
        memcpy(rows, flat, A * sizeof(SBK_V));
    }
}

/// Entries `[l·A + a]` of `lanes` ≤ 4 states (row-major, `A` per state) as one vector per action;
/// lanes past `lanes` are 0.
static inline __attribute__((always_inline)) SBK_ATTRIBUTES void SBK_FN(sbk_load_lanes)(const SBK_T *p, size_t lanes,
                                                                                       size_t A, SBK_V *out) {
    if (lanes == 4) {
        SBK_V rows[SBK_MAXIMUM_ACTIONS];
        for (size_t j = 0; j < A; j++) rows[j] = SBK_LOAD(p + 4 * j);
        SBK_FN(sbk_rows_to_lanes)(rows, A, out);
        return;
    }
    for (size_t a = 0; a < A; a++) {
        SBK_T lane[4] = {0, 0, 0, 0};
        for (size_t l = 0; l < lanes; l++) lane[l] = p[l * A + a];
        memcpy(out + a, lane, sizeof(SBK_V));
    }
}

/// The inverse of sbk_load_lanes: the real lanes of one vector per action into entries `[l·A + a]`.
static inline __attribute__((always_inline)) SBK_ATTRIBUTES void SBK_FN(sbk_store_lanes)(const SBK_V *in, size_t lanes,
                                                                                        size_t A, SBK_T *p) {
    if (lanes == 4) {
        SBK_V rows[SBK_MAXIMUM_ACTIONS];
        SBK_FN(sbk_lanes_to_rows)(in, A, rows);
        for (size_t j = 0; j < A; j++) memcpy(p + 4 * j, rows + j, sizeof(SBK_V));
        return;
    }
    SBK_T flat[4 * SBK_MAXIMUM_ACTIONS];
    memcpy(flat, in, A * sizeof(SBK_V));
    for (size_t l = 0; l < lanes; l++)
        for (size_t a = 0; a < A; a++) p[l * A + a] = flat[4 * a + l];
}

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
    SBK_V q[SBK_MAXIMUM_ACTIONS], rewards[SBK_MAXIMUM_ACTIONS];
    SBK_FN(sbk_load_lanes)(reward + s0 * A, lanes, A, rewards);
    for (size_t a = 0; a < A; a++) {
        SBK_V acc = SBK_LOAD(block + a * W * 4) * v[0];
        for (size_t k = 1; k < W; k++) acc += SBK_LOAD(block + (a * W + k) * 4) * v[k];
        q[a] = discount * acc + rewards[a];
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
    if (q_values) SBK_FN(sbk_store_lanes)(q, lanes, A, q_values + s0 * A);
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
    SBK_RETURN_FOR_SHAPE(SBK_ARGUMENTS);
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
        const SBK_V scale = 1 / total;
        SBK_V p[SBK_MAXIMUM_ACTIONS];
        for (size_t a = 0; a < A; a++) p[a] = SBK_LOAD(row + 4 * a) * scale;
        if (lanes == 4) SBK_FN(sbk_store_lanes)(p, 4, A, policy + s0 * A);
        else SBK_FN(sbk_store_lanes)(p, lanes, A, policy + s0 * A);
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
    SBK_FN(sbk_load_lanes)(pi, lanes, A, x);
    for (size_t a = 0; a < A; a++) x[a] = ds * x[a];
    if (occupancy) {
        SBK_T *mu = occupancy + s0 * A;
        if (lanes == 4) {
            // μ row by row: the same multiply-add per entry as the lane-by-lane loop below.
            SBK_V rows[SBK_MAXIMUM_ACTIONS];
            SBK_FN(sbk_lanes_to_rows)(x, A, rows);
            for (size_t j = 0; j < A; j++) {
                SBK_V m = SBK_LOAD(mu + 4 * j);
                m += weight * rows[j];
                memcpy(mu + 4 * j, &m, sizeof m);
            }
        } else {
            SBK_T xl[4 * SBK_MAXIMUM_ACTIONS];
            memcpy(xl, x, A * sizeof(SBK_V));
            for (size_t l = 0; l < lanes; l++)
                for (size_t a = 0; a < A; a++) mu[l * A + a] += weight * xl[4 * a + l];
        }
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

#undef SBK_RETURN_FOR_SHAPE
#undef SBK_LOAD
#undef SBK_V
