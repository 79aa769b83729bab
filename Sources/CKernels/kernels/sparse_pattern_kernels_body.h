// The kernels for one scalar type and one instruction set, written once with the compiler's
// vector extensions (four states per vector). The includer defines:
//   SPK_ATTRIBUTES  function attributes (e.g. __attribute__((target("avx2,fma"))))
//   SPK_T           the scalar type (double or float)
//   SPK_FN(name)    the library-internal name of a kernel (e.g. name##_f64_avx2)
//   SPK_EXP, SPK_LOG  the array exp and log of vector_math.h for SPK_T
// See sparse_pattern_kernels.h for the layout and the formulas.
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define SPK_V SPK_FN(spk_vector)
typedef SPK_T SPK_V __attribute__((vector_size(4 * sizeof(SPK_T)), aligned(sizeof(SPK_T))));
#define SPK_INLINE static inline __attribute__((always_inline)) SPK_ATTRIBUTES
/// States (B = 1) or lanes (B > 1) per tile: the tile's scratch stays in L1 and within a
/// worker thread's stack.
#define SPK_TILE 128

SPK_INLINE SPK_V SPK_FN(spk_load)(const SPK_T *p) {
    SPK_V v;
    memcpy(&v, p, sizeof v);
    return v;
}

SPK_INLINE void SPK_FN(spk_store)(SPK_T *p, SPK_V v) { memcpy(p, &v, sizeof v); }

/// `q > m ? q : m` lane by lane (the order of the scalar loop, so a NaN in q is skipped like there).
SPK_INLINE SPK_V SPK_FN(spk_max)(SPK_V q, SPK_V m) {
    __typeof__(q > m) greater = q > m;
    return (SPK_V)(((__typeof__(greater))q & greater) | ((__typeof__(greater))m & ~greater));
}

/// `e[k] = exp(e[k])` for the `A·n` arguments of a tile (action-major: `e[a·n + i]`), then
/// `sums[i] = log Σ_a e[a·n + i]` (in that order of `a`) — the shared middle of both backward bodies.
SPK_INLINE void SPK_FN(spk_log_sums)(SPK_T *e, size_t A, size_t n, SPK_T *sums) {
    SPK_EXP(e, e, A * n);
    for (size_t i = 0; i < n; i++) {
        SPK_T sum = e[i];
        for (size_t a = 1; a < A; a++) sum += e[a * n + i];
        sums[i] = sum;
    }
    SPK_LOG(sums, sums, n);
}

/// `e[a·n + i] = (Q_a − m)/α` and `m[i]` for the `n` states from `first`; four at a time where
/// they share a pattern. `A` and `W` are constants in the specialised callers.
SPK_INLINE void SPK_FN(spk_arguments)(const int32_t *pattern, const int32_t *offset, const SPK_T *weight, size_t A,
                                      size_t W, size_t first, size_t n, const SPK_T *next, const SPK_T *reward,
                                      SPK_T discount, SPK_T inverse, SPK_T *e, SPK_T *m) {
    size_t i = 0;
    while (i < n) {
        const size_t s = first + i;
        const int32_t p = pattern[s];
        const int32_t *off = offset + (size_t)p * W;
        const SPK_T *w = weight + (size_t)p * A * W;
        const SPK_T *r = reward + s * A;
        if (i + 4 <= n && pattern[s + 1] == p && pattern[s + 2] == p && pattern[s + 3] == p) {
            SPK_V g[SPK_MAXIMUM_WIDTH];
            for (size_t k = 0; k < W; k++) g[k] = SPK_FN(spk_load)(next + (ptrdiff_t)s + off[k]);
            SPK_V q[SPK_MAXIMUM_ACTIONS];
            for (size_t a = 0; a < A; a++) {
                SPK_V acc = w[a * W] * g[0];
                for (size_t k = 1; k < W; k++) acc += w[a * W + k] * g[k];
                SPK_V rv = {r[a], r[A + a], r[2 * A + a], r[3 * A + a]};
                q[a] = discount * acc + rv;
            }
            SPK_V mv = q[0];
            for (size_t a = 1; a < A; a++) mv = SPK_FN(spk_max)(q[a], mv);
            for (size_t a = 0; a < A; a++) SPK_FN(spk_store)(e + a * n + i, (q[a] - mv) * inverse);
            SPK_FN(spk_store)(m + i, mv);
            i += 4;
        } else {
            SPK_T g[SPK_MAXIMUM_WIDTH];
            for (size_t k = 0; k < W; k++) g[k] = next[(ptrdiff_t)s + off[k]];
            SPK_T q[SPK_MAXIMUM_ACTIONS];
            for (size_t a = 0; a < A; a++) {
                SPK_T acc = w[a * W] * g[0];
                for (size_t k = 1; k < W; k++) acc += w[a * W + k] * g[k];
                q[a] = discount * acc + r[a];
            }
            SPK_T mv = q[0];
            for (size_t a = 1; a < A; a++) mv = q[a] > mv ? q[a] : mv;
            for (size_t a = 0; a < A; a++) e[a * n + i] = (q[a] - mv) * inverse;
            m[i] = mv;
            i += 1;
        }
    }
}

SPK_INLINE long SPK_FN(spk_backward_body)(const int32_t *pattern, const int32_t *offset, const SPK_T *weight, size_t A,
                                          size_t W, size_t first, size_t count, const SPK_T *next, const SPK_T *reward,
                                          SPK_T discount, SPK_T temperature, SPK_T *out) {
    SPK_T e[SPK_MAXIMUM_ACTIONS * SPK_TILE], m[SPK_TILE], sums[SPK_TILE];
    const SPK_T inverse = 1 / temperature;
    long failed = -1;
    for (size_t lo = 0; lo < count; lo += SPK_TILE) {
        const size_t n = count - lo < SPK_TILE ? count - lo : SPK_TILE;
        SPK_FN(spk_arguments)(pattern, offset, weight, A, W, first + lo, n, next, reward, discount, inverse, e, m);
        SPK_FN(spk_log_sums)(e, A, n, sums);
        for (size_t i = 0; i < n; i++) {
            // All −∞ gives m = −∞ and NaN; NaN or +∞ entries give NaN: all caught here.
            const SPK_T value = m[i] + temperature * sums[i];
            out[first + lo + i] = value;
            if (!(value - value == 0) && failed < 0) failed = (long)(first + lo + i);
        }
    }
    return failed;
}

/// `d_{t+1}[t·B + column] += y`, in the thread's own states or its halo.
SPK_INLINE void SPK_FN(spk_add)(SPK_T *out, size_t own_low, size_t own_high, SPK_T *halo, size_t halo_low, size_t B,
                                ptrdiff_t t, size_t column, SPK_T y) {
    if (t < (ptrdiff_t)own_low) halo[(size_t)(t - (ptrdiff_t)halo_low) * B + column] += y;
    else if (t >= (ptrdiff_t)own_high) halo[(own_low - halo_low + (size_t)t - own_high) * B + column] += y;
    else out[(size_t)t * B + column] += y;
}

SPK_INLINE void SPK_FN(spk_forward_body)(const int32_t *pattern, const int32_t *offset, const SPK_T *weight, size_t A,
                                         size_t W, size_t first, size_t count, const SPK_T *next, const SPK_T *reward,
                                         SPK_T discount, SPK_T temperature, const SPK_T *d, SPK_T step,
                                         SPK_T *occupancy, SPK_T *out, size_t own_low, size_t own_high, SPK_T *halo,
                                         size_t halo_low) {
    // y[k·TILE + i] stages the outflow of state i to successor k over a run of states that share
    // a pattern; each successor's run is then added to d_{t+1} in one contiguous sweep. Adding
    // four states' outflows straight into d_{t+1} would make every vector load overlap the
    // previous vector store in part (neighbouring successors), which the CPU cannot forward.
    SPK_T e[SPK_MAXIMUM_ACTIONS * SPK_TILE], m[SPK_TILE], y[SPK_MAXIMUM_WIDTH * SPK_TILE];
    const SPK_T inverse = 1 / temperature;
    for (size_t lo = 0; lo < count; lo += SPK_TILE) {
        const size_t n = count - lo < SPK_TILE ? count - lo : SPK_TILE;
        SPK_FN(spk_arguments)(pattern, offset, weight, A, W, first + lo, n, next, reward, discount, inverse, e, m);
        SPK_EXP(e, e, A * n);
        size_t i = 0;
        while (i < n) {
            const int32_t p = pattern[first + lo + i];
            size_t end = i + 1;
            while (end < n && pattern[first + lo + end] == p) end++;
            const int32_t *off = offset + (size_t)p * W;
            const SPK_T *w = weight + (size_t)p * A * W;
            for (size_t j = i; j < end;) {
                const size_t s = first + lo + j;
                SPK_T *mu = occupancy + s * A;
                if (j + 4 <= end) {
                    const SPK_V dv = SPK_FN(spk_load)(d + s);
                    SPK_V x[SPK_MAXIMUM_ACTIONS];
                    SPK_V sum = SPK_FN(spk_load)(e + j);
                    for (size_t a = 1; a < A; a++) sum += SPK_FN(spk_load)(e + a * n + j);
                    // d = 0 gives x = 0 exactly (the sum is at least 1).
                    const SPK_V scale = dv / sum;
                    for (size_t a = 0; a < A; a++) x[a] = scale * SPK_FN(spk_load)(e + a * n + j);
                    SPK_T xl[4 * SPK_MAXIMUM_ACTIONS];
                    memcpy(xl, x, A * sizeof(SPK_V));
                    for (size_t l = 0; l < 4; l++)
                        for (size_t a = 0; a < A; a++) mu[l * A + a] += step * xl[4 * a + l];
                    for (size_t k = 0; k < W; k++) {
                        SPK_V yk = w[k] * x[0];
                        for (size_t a = 1; a < A; a++) yk += w[a * W + k] * x[a];
                        SPK_FN(spk_store)(y + k * SPK_TILE + j, yk);
                    }
                    j += 4;
                } else {
                    SPK_T x[SPK_MAXIMUM_ACTIONS];
                    SPK_T sum = e[j];
                    for (size_t a = 1; a < A; a++) sum += e[a * n + j];
                    const SPK_T scale = d[s] / sum;
                    for (size_t a = 0; a < A; a++) {
                        x[a] = scale * e[a * n + j];
                        mu[a] += step * x[a];
                    }
                    for (size_t k = 0; k < W; k++) {
                        SPK_T yk = w[k] * x[0];
                        for (size_t a = 1; a < A; a++) yk += w[a * W + k] * x[a];
                        y[k * SPK_TILE + j] = yk;
                    }
                    j += 1;
                }
            }
            // The run's outflows, successor by successor, states in increasing order.
            const size_t length = end - i;
            for (size_t k = 0; k < W; k++) {
                const ptrdiff_t t = (ptrdiff_t)(first + lo + i) + off[k];
                const SPK_T *yk = y + k * SPK_TILE + i;
                if (t >= (ptrdiff_t)own_low && t + (ptrdiff_t)length <= (ptrdiff_t)own_high) {
                    SPK_T *o = out + t;
                    size_t j = 0;
                    for (; j + 4 <= length; j += 4)
                        SPK_FN(spk_store)(o + j, SPK_FN(spk_load)(o + j) + SPK_FN(spk_load)(yk + j));
                    for (; j < length; j++) o[j] += yk[j];
                } else {
                    for (size_t j = 0; j < length; j++)
                        SPK_FN(spk_add)(out, own_low, own_high, halo, halo_low, 1, t + (ptrdiff_t)j, 0, yk[j]);
                }
            }
            i = end;
        }
    }
}

/// The `B > 1` arguments: lanes `i = j·B + b` for the `ns` states `first + j`, four columns of a
/// state per vector; `e[a·ns·B + i] = (Q_a − m)/α` and `m[i]`.
SPK_INLINE void SPK_FN(spk_arguments_batch)(const int32_t *pattern, const int32_t *offset, const SPK_T *weight,
                                            size_t A, size_t W, size_t B, size_t first, size_t ns, const SPK_T *next,
                                            const SPK_T *reward, SPK_T discount, SPK_T inverse, SPK_T *e, SPK_T *m) {
    const size_t nl = ns * B;
    for (size_t j = 0; j < ns; j++) {
        const size_t s = first + j;
        const int32_t p = pattern[s];
        const int32_t *off = offset + (size_t)p * W;
        const SPK_T *w = weight + (size_t)p * A * W;
        const SPK_T *r = reward + s * A * B;
        size_t c = 0;
        for (; c + 4 <= B; c += 4) {
            SPK_V g[SPK_MAXIMUM_WIDTH];
            for (size_t k = 0; k < W; k++) g[k] = SPK_FN(spk_load)(next + ((ptrdiff_t)s + off[k]) * (ptrdiff_t)B + (ptrdiff_t)c);
            SPK_V q[SPK_MAXIMUM_ACTIONS];
            for (size_t a = 0; a < A; a++) {
                SPK_V acc = w[a * W] * g[0];
                for (size_t k = 1; k < W; k++) acc += w[a * W + k] * g[k];
                q[a] = discount * acc + SPK_FN(spk_load)(r + a * B + c);
            }
            SPK_V mv = q[0];
            for (size_t a = 1; a < A; a++) mv = SPK_FN(spk_max)(q[a], mv);
            for (size_t a = 0; a < A; a++) SPK_FN(spk_store)(e + a * nl + j * B + c, (q[a] - mv) * inverse);
            SPK_FN(spk_store)(m + j * B + c, mv);
        }
        for (; c < B; c++) {
            SPK_T q[SPK_MAXIMUM_ACTIONS];
            for (size_t a = 0; a < A; a++) {
                SPK_T acc = w[a * W] * next[((ptrdiff_t)s + off[0]) * (ptrdiff_t)B + (ptrdiff_t)c];
                for (size_t k = 1; k < W; k++) acc += w[a * W + k] * next[((ptrdiff_t)s + off[k]) * (ptrdiff_t)B + (ptrdiff_t)c];
                q[a] = discount * acc + r[a * B + c];
            }
            SPK_T mv = q[0];
            for (size_t a = 1; a < A; a++) mv = q[a] > mv ? q[a] : mv;
            for (size_t a = 0; a < A; a++) e[a * nl + j * B + c] = (q[a] - mv) * inverse;
            m[j * B + c] = mv;
        }
    }
}

SPK_INLINE long SPK_FN(spk_backward_batch_body)(const int32_t *pattern, const int32_t *offset, const SPK_T *weight,
                                                size_t A, size_t W, size_t B, size_t first, size_t count,
                                                const SPK_T *next, const SPK_T *reward, SPK_T discount,
                                                SPK_T temperature, SPK_T *out) {
    SPK_T e[SPK_MAXIMUM_ACTIONS * SPK_TILE], m[SPK_TILE], sums[SPK_TILE];
    const SPK_T inverse = 1 / temperature;
    const size_t tile = SPK_TILE / B;
    long failed = -1;
    for (size_t lo = 0; lo < count; lo += tile) {
        const size_t ns = count - lo < tile ? count - lo : tile, nl = ns * B;
        SPK_FN(spk_arguments_batch)(pattern, offset, weight, A, W, B, first + lo, ns, next, reward, discount, inverse, e, m);
        SPK_FN(spk_log_sums)(e, A, nl, sums);
        SPK_T *o = out + (first + lo) * B;
        for (size_t i = 0; i < nl; i++) {
            const SPK_T value = m[i] + temperature * sums[i];
            o[i] = value;
            if (!(value - value == 0) && failed < 0) failed = (long)((first + lo) * B + i);
        }
    }
    return failed;
}

SPK_INLINE void SPK_FN(spk_forward_batch_body)(const int32_t *pattern, const int32_t *offset, const SPK_T *weight,
                                               size_t A, size_t W, size_t B, size_t first, size_t count,
                                               const SPK_T *next, const SPK_T *reward, SPK_T discount,
                                               SPK_T temperature, const SPK_T *d, SPK_T step, SPK_T *occupancy,
                                               SPK_T *out, size_t own_low, size_t own_high, SPK_T *halo,
                                               size_t halo_low) {
    SPK_T e[SPK_MAXIMUM_ACTIONS * SPK_TILE], m[SPK_TILE];
    const SPK_T inverse = 1 / temperature;
    const size_t tile = SPK_TILE / B;
    for (size_t lo = 0; lo < count; lo += tile) {
        const size_t ns = count - lo < tile ? count - lo : tile, nl = ns * B;
        SPK_FN(spk_arguments_batch)(pattern, offset, weight, A, W, B, first + lo, ns, next, reward, discount, inverse, e, m);
        SPK_EXP(e, e, A * nl);
        for (size_t j = 0; j < ns; j++) {
            const size_t s = first + lo + j;
            const int32_t p = pattern[s];
            const int32_t *off = offset + (size_t)p * W;
            const SPK_T *w = weight + (size_t)p * A * W;
            const SPK_T *ej = e + j * B;
            size_t c = 0;
            for (; c + 4 <= B; c += 4) {
                const SPK_V dv = SPK_FN(spk_load)(d + s * B + c);
                SPK_T dl[4];
                memcpy(dl, &dv, sizeof dl);
                if (dl[0] == 0 && dl[1] == 0 && dl[2] == 0 && dl[3] == 0) continue;
                SPK_V x[SPK_MAXIMUM_ACTIONS];
                SPK_V sum = SPK_FN(spk_load)(ej + c);
                for (size_t a = 1; a < A; a++) sum += SPK_FN(spk_load)(ej + a * nl + c);
                const SPK_V scale = dv / sum;
                for (size_t a = 0; a < A; a++) {
                    x[a] = scale * SPK_FN(spk_load)(ej + a * nl + c);
                    SPK_T *pm = occupancy + (s * A + a) * B + c;
                    SPK_FN(spk_store)(pm, SPK_FN(spk_load)(pm) + step * x[a]);
                }
                for (size_t k = 0; k < W; k++) {
                    SPK_V y = w[k] * x[0];
                    for (size_t a = 1; a < A; a++) y += w[a * W + k] * x[a];
                    const ptrdiff_t t = (ptrdiff_t)s + off[k];
                    if (t >= (ptrdiff_t)own_low && t < (ptrdiff_t)own_high) {
                        SPK_T *po = out + (size_t)t * B + c;
                        SPK_FN(spk_store)(po, SPK_FN(spk_load)(po) + y);
                    } else {
                        SPK_T yl[4];
                        memcpy(yl, &y, sizeof yl);
                        for (size_t l = 0; l < 4; l++) SPK_FN(spk_add)(out, own_low, own_high, halo, halo_low, B, t, c + l, yl[l]);
                    }
                }
            }
            for (; c < B; c++) {
                const SPK_T ds = d[s * B + c];
                if (ds == 0) continue;
                SPK_T x[SPK_MAXIMUM_ACTIONS];
                SPK_T sum = ej[c];
                for (size_t a = 1; a < A; a++) sum += ej[a * nl + c];
                const SPK_T scale = ds / sum;
                for (size_t a = 0; a < A; a++) {
                    x[a] = scale * ej[a * nl + c];
                    occupancy[(s * A + a) * B + c] += step * x[a];
                }
                for (size_t k = 0; k < W; k++) {
                    SPK_T y = w[k] * x[0];
                    for (size_t a = 1; a < A; a++) y += w[a * W + k] * x[a];
                    SPK_FN(spk_add)(out, own_low, own_high, halo, halo_low, B, (ptrdiff_t)s + off[k], c, y);
                }
            }
        }
    }
}

SPK_ATTRIBUTES long SPK_FN(spk_backward)(const int32_t *pattern, const int32_t *offset, const SPK_T *weight,
                                         size_t actions, size_t width, size_t batch, size_t first, size_t count,
                                         const SPK_T *next, const SPK_T *reward, SPK_T discount, SPK_T temperature,
                                         SPK_T *out) {
    if (batch > 1) {
        if (actions == 5 && width == 5)
            return SPK_FN(spk_backward_batch_body)(pattern, offset, weight, 5, 5, batch, first, count, next, reward,
                                                   discount, temperature, out);
        return SPK_FN(spk_backward_batch_body)(pattern, offset, weight, actions, width, batch, first, count, next,
                                               reward, discount, temperature, out);
    }
#define SPK_BACKWARD(A, W)                                                                                            \
    SPK_FN(spk_backward_body)(pattern, offset, weight, A, W, first, count, next, reward, discount, temperature, out)
    if (actions == 5 && width == 5) return SPK_BACKWARD(5, 5);
    if (actions == 4 && width == 5) return SPK_BACKWARD(4, 5);
    if (actions == 4 && width == 4) return SPK_BACKWARD(4, 4);
    return SPK_BACKWARD(actions, width);
#undef SPK_BACKWARD
}

SPK_ATTRIBUTES void SPK_FN(spk_forward)(const int32_t *pattern, const int32_t *offset, const SPK_T *weight,
                                        size_t actions, size_t width, size_t batch, size_t first, size_t count,
                                        const SPK_T *next, const SPK_T *reward, SPK_T discount, SPK_T temperature,
                                        const SPK_T *d, SPK_T step, SPK_T *occupancy, SPK_T *out, size_t own_low,
                                        size_t own_high, SPK_T *halo, size_t halo_low) {
    if (batch > 1) {
        if (actions == 5 && width == 5)
            SPK_FN(spk_forward_batch_body)(pattern, offset, weight, 5, 5, batch, first, count, next, reward, discount,
                                           temperature, d, step, occupancy, out, own_low, own_high, halo, halo_low);
        else
            SPK_FN(spk_forward_batch_body)(pattern, offset, weight, actions, width, batch, first, count, next, reward,
                                           discount, temperature, d, step, occupancy, out, own_low, own_high, halo,
                                           halo_low);
        return;
    }
#define SPK_FORWARD(A, W)                                                                                             \
    SPK_FN(spk_forward_body)(pattern, offset, weight, A, W, first, count, next, reward, discount, temperature, d,    \
                             step, occupancy, out, own_low, own_high, halo, halo_low)
    if (actions == 5 && width == 5) SPK_FORWARD(5, 5);
    else if (actions == 4 && width == 5) SPK_FORWARD(4, 5);
    else if (actions == 4 && width == 4) SPK_FORWARD(4, 4);
    else SPK_FORWARD(actions, width);
#undef SPK_FORWARD
}

#undef SPK_INLINE
#undef SPK_LOAD
#undef SPK_V
