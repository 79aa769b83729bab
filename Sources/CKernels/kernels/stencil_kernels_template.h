// The run kernels for one scalar type and one instruction set, written once with the compiler's
// vector extensions (256-bit vectors; on the baseline they become pairs of SSE2 registers). The
// includer defines:
//   SK_T            the scalar type (double or float)
//   SK_LANES        scalars per 256-bit vector (4 or 8)
//   SK_I            the signed integer of the scalar's width (int64_t or int32_t)
//   SK_ATTRIBUTES   function attributes (e.g. __attribute__((target("avx2,fma"))))
//   SK_FN(name)     the library-internal name of a kernel or helper (e.g. name##_f64_avx2)
// See stencil_kernels.h for what each kernel computes.
#include <stdint.h>
#include <string.h>

typedef SK_T SK_FN(sk_vec) __attribute__((vector_size(32), aligned(sizeof(SK_T))));
typedef SK_I SK_FN(sk_mask) __attribute__((vector_size(32), aligned(sizeof(SK_T))));
#define SK_V SK_FN(sk_vec)
#define SK_M SK_FN(sk_mask)
#define SK_INLINE static inline __attribute__((always_inline)) SK_ATTRIBUTES

SK_INLINE SK_V SK_FN(sk_load)(const SK_T *p) {
    SK_V v;
    memcpy(&v, p, sizeof v);
    return v;
}

SK_INLINE void SK_FN(sk_store)(SK_T *p, SK_V v) { memcpy(p, &v, sizeof v); }

/// mask ? a : b, lane by lane (mask lanes are all ones or all zeros).
SK_INLINE SK_V SK_FN(sk_select)(SK_M mask, SK_V a, SK_V b) { return (SK_V)(((SK_M)a & mask) | ((SK_M)b & ~mask)); }

#define LD SK_FN(sk_load)
#define ST SK_FN(sk_store)

// Σ_a R_a·E_a at lane i, for vectors (LD) and for single lanes (the tail); `five` is a constant
// in every caller so that the branch folds.
#define SK_SIGMA(load, i)                                                                                    \
    (five ? ((load(w + i) * load(eUp + i) + load(w + p + i) * load(eMid + i + side)) +                       \
             (load(w + 2 * p + i) * load(eDown + i) + load(w + 3 * p + i) * load(eMid + i - side)) +         \
             load(w + 4 * p + i) * load(eMid + i))                                                           \
          : ((load(w + i) * load(eUp + i) + load(w + p + i) * load(eMid + i + side)) +                       \
             (load(w + 2 * p + i) * load(eDown + i) + load(w + 3 * p + i) * load(eMid + i - side))))
#define SK_SCALAR(q) (*(q))

SK_INLINE void SK_FN(sk_backward_body)(sk_run run, const int five, const SK_T *restrict w, const SK_T *eUp, const SK_T *eMid,
                                       const SK_T *eDown, const SK_T *v, const SK_T *shift, const SK_T *rbar, SK_T g1, SK_T g2,
                                       SK_T *restrict out, SK_T *restrict sums) {
    const ptrdiff_t side = run.side, vert = run.vertical, p = run.plane;
    const size_t n = run.lanes;
    // Two sweeps over the run (Σ, then the value terms), each with few enough pointers to stay in
    // registers; one loop over all thirteen arrays reloaded spilled pointers for every vector.
    size_t i = 0;
    for (; i + SK_LANES <= n; i += SK_LANES) ST(sums + i, SK_SIGMA(LD, i));
    for (; i < n; i++) sums[i] = SK_SIGMA(SK_SCALAR, i);
    for (i = 0; i + SK_LANES <= n; i += SK_LANES) {
        SK_V total = (LD(v + i - vert) + LD(v + i + side)) + (LD(v + i + vert) + LD(v + i - side));
        if (five) total += LD(v + i);
        ST(out + i, g1 * LD(shift + i) + (LD(rbar + i) + g2 * total));
    }
    for (; i < n; i++) {
        SK_T total = (v[i - vert] + v[i + side]) + (v[i + vert] + v[i - side]);
        if (five) total += v[i];
        out[i] = g1 * shift[i] + (rbar[i] + g2 * total);
    }
}

SK_ATTRIBUTES void SK_FN(sk_backward_run)(sk_run run, const SK_T *w, const SK_T *eUp, const SK_T *eMid, const SK_T *eDown,
                                          const SK_T *next, const SK_T *shift, const SK_T *rbar, SK_T g1, SK_T g2, SK_T *out,
                                          SK_T *sums) {
    if (run.actions == 5) SK_FN(sk_backward_body)(run, 1, w, eUp, eMid, eDown, next, shift, rbar, g1, g2, out, sums);
    else SK_FN(sk_backward_body)(run, 0, w, eUp, eMid, eDown, next, shift, rbar, g1, g2, out, sums);
}

SK_INLINE void SK_FN(sk_scale_body)(sk_run run, const int five, const SK_T *restrict w, const SK_T *eUp, const SK_T *eMid,
                                    const SK_T *eDown, const SK_T *d, SK_T *restrict u) {
    const ptrdiff_t side = run.side, p = run.plane;
    const size_t n = run.lanes;
    size_t i = 0;
    for (; i + SK_LANES <= n; i += SK_LANES) ST(u + i, LD(d + i) / SK_SIGMA(LD, i));
    for (; i < n; i++) u[i] = d[i] / SK_SIGMA(SK_SCALAR, i);
}

SK_ATTRIBUTES void SK_FN(sk_scale_run)(sk_run run, const SK_T *w, const SK_T *eUp, const SK_T *eMid, const SK_T *eDown,
                                       const SK_T *d, SK_T *u) {
    if (run.actions == 5) SK_FN(sk_scale_body)(run, 1, w, eUp, eMid, eDown, d, u);
    else SK_FN(sk_scale_body)(run, 0, w, eUp, eMid, eDown, d, u);
}

// The gather in three sweeps over the run, each with few enough pointers to stay in registers
// (one loop over all fourteen arrays spilled a dozen pointers to the stack and reloaded them for
// every vector, which made the loop wait on its loads): μ of actions 0–1, μ of actions 2–4, then
// d_{t+1}. Each scalar gets the same expression as in one loop. `load`/`store` are the vector or
// the scalar accessors; within a sweep every load comes before the first store (the planes of μ
// lie a multiple of 4 KiB apart when S·B is, and a load behind a store to the same address bits
// waits for it).
#define SK_GATHER_MU01(type, load, store, i)                                                                      \
    do {                                                                                                           \
        type x = weight * load(uMid + i);                                                                          \
        type m0 = load(mu + i) + x * load(w + i) * load(eUp + i);                                                  \
        type m1 = load(mu + p + i) + x * load(w + p + i) * load(eMid + i + side);                                  \
        store(mu + i, m0);                                                                                         \
        store(mu + p + i, m1);                                                                                     \
    } while (0)
#define SK_GATHER_MU234(type, load, store, i)                                                                     \
    do {                                                                                                           \
        type x = weight * load(uMid + i);                                                                          \
        type m2 = load(mu + 2 * p + i) + x * load(w + 2 * p + i) * load(eDown + i);                                \
        type m3 = load(mu + 3 * p + i) + x * load(w + 3 * p + i) * load(eMid + i - side);                          \
        type m4 = five ? load(mu + 4 * p + i) + x * load(w + 4 * p + i) * load(eMid + i) : x;                     \
        store(mu + 2 * p + i, m2);                                                                                 \
        store(mu + 3 * p + i, m3);                                                                                 \
        if (five) store(mu + 4 * p + i, m4);                                                                       \
    } while (0)
#define SK_GATHER_NEXT(type, load, store, i)                                                                      \
    do {                                                                                                           \
        type own = load(uMid + i);                                                                                 \
        type inflow = (load(uUp + i) * load(w + 2 * p + i - vert) + load(uMid + i + side) * load(w + 3 * p + i + side)) \
                      + (load(uDown + i) * load(w + i + vert) + load(uMid + i - side) * load(w + p + i - side));   \
        type mass = (load(d + i - vert) + load(d + i + side)) + (load(d + i + vert) + load(d + i - side));         \
        if (five) {                                                                                                \
            inflow += own * load(w + 4 * p + i);                                                                   \
            mass += load(d + i);                                                                                   \
        }                                                                                                          \
        store(next + i, intended * load(eMid + i) * inflow + spread * mass);                                       \
    } while (0)
#define SK_SCALAR_STORE(q, x) (*(q) = (x))

SK_INLINE void SK_FN(sk_gather_body)(sk_run run, const int five, const SK_T *restrict w, const SK_T *eUp, const SK_T *eMid,
                                     const SK_T *eDown, const SK_T *uUp, const SK_T *uMid, const SK_T *uDown, const SK_T *d,
                                     SK_T intended, SK_T spread, SK_T weight, SK_T *restrict mu, SK_T *restrict next) {
    const ptrdiff_t side = run.side, vert = run.vertical, p = run.plane;
    const size_t n = run.lanes;
    size_t i = 0;
    for (; i + SK_LANES <= n; i += SK_LANES) SK_GATHER_MU01(SK_V, LD, ST, i);
    for (; i < n; i++) SK_GATHER_MU01(SK_T, SK_SCALAR, SK_SCALAR_STORE, i);
    for (i = 0; i + SK_LANES <= n; i += SK_LANES) SK_GATHER_MU234(SK_V, LD, ST, i);
    for (; i < n; i++) SK_GATHER_MU234(SK_T, SK_SCALAR, SK_SCALAR_STORE, i);
    for (i = 0; i + SK_LANES <= n; i += SK_LANES) SK_GATHER_NEXT(SK_V, LD, ST, i);
    for (; i < n; i++) SK_GATHER_NEXT(SK_T, SK_SCALAR, SK_SCALAR_STORE, i);
}

SK_ATTRIBUTES void SK_FN(sk_gather_run)(sk_run run, const SK_T *w, const SK_T *eUp, const SK_T *eMid, const SK_T *eDown,
                                        const SK_T *uUp, const SK_T *uMid, const SK_T *uDown, const SK_T *d, SK_T intended,
                                        SK_T spread, SK_T weight, SK_T *mu, SK_T *next) {
    if (run.actions == 5)
        SK_FN(sk_gather_body)(run, 1, w, eUp, eMid, eDown, uUp, uMid, uDown, d, intended, spread, weight, mu, next);
    else SK_FN(sk_gather_body)(run, 0, w, eUp, eMid, eDown, uUp, uMid, uDown, d, intended, spread, weight, mu, next);
}

SK_ATTRIBUTES int SK_FN(sk_add_logs)(SK_T *restrict out, const SK_T *partial, const SK_T *logs, size_t n, SK_T alpha, SK_T low,
                                     SK_T high) {
    int outside = 0;
    for (size_t k = 0; k < n; k++) {
        SK_T l = logs[k];
        out[k] = partial[k] + alpha * l;
        outside |= !(low < l && l < high);
    }
    return outside;
}

SK_ATTRIBUTES void SK_FN(sk_extrema)(const SK_T *v, size_t cells, size_t batch, SK_T *high, SK_T *low) {
    if (batch == 1) {
        // Vector accumulators; a NaN never replaces an accumulator (x > hi is false).
        SK_V hi, lo;
        for (int k = 0; k < SK_LANES; k++) {
            hi[k] = *high;
            lo[k] = *low;
        }
        size_t i = 0;
        for (; i + SK_LANES <= cells; i += SK_LANES) {
            SK_V x = LD(v + i);
            hi = SK_FN(sk_select)(x > hi, x, hi);
            lo = SK_FN(sk_select)(x < lo, x, lo);
        }
        SK_T top = *high, bottom = *low;
        for (int k = 0; k < SK_LANES; k++) {
            top = hi[k] > top ? hi[k] : top;
            bottom = lo[k] < bottom ? lo[k] : bottom;
        }
        for (; i < cells; i++) {
            top = v[i] > top ? v[i] : top;
            bottom = v[i] < bottom ? v[i] : bottom;
        }
        *high = top;
        *low = bottom;
        return;
    }
    for (size_t s = 0; s < cells; s++) {
        const SK_T *x = v + s * batch;
        for (size_t col = 0; col < batch; col++) {
            high[col] = x[col] > high[col] ? x[col] : high[col];
            low[col] = x[col] < low[col] ? x[col] : low[col];
        }
    }
}

#undef SK_V
#undef SK_M
#undef SK_INLINE
#undef LD
#undef ST
#undef SK_SIGMA
#undef SK_SCALAR
#undef SK_GATHER_MU01
#undef SK_GATHER_MU234
#undef SK_GATHER_NEXT
#undef SK_SCALAR_STORE
