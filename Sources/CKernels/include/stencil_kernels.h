// The regular-lane row kernels of the factored gridworld stencil pass (IRL's
// FactoredStencilKernel), in C so that they can run on AVX2 + FMA.
//
// A "run" is a stretch of consecutive lanes i = s·B + col of one grid row whose cells are all
// regular: every move is an open step and every neighbour moves freely into the cell. Its
// neighbours sit at the lane offsets −vertical (up), +side (right), +vertical (down), −side
// (left) and 0 (stay), with side = B and vertical = width·B. This covers both four consecutive
// cells (B = 1) and consecutive columns of one cell (B > 1). Every pointer argument points at the
// run's first lane; the kernels read the neighbours around it.
//
// Like every kernel of CKernels, compiled for AVX2 + FMA and for the baseline and chosen at run
// time (kernel_dispatch.h). The variants differ only in
// rounding (fused multiply-adds); a given lane is always computed by the same code, so results
// do not depend on how rows are split among threads.
#ifndef CKERNELS_STENCIL_KERNELS_H
#define CKERNELS_STENCIL_KERNELS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The shape of a run: its length and the lane offsets of the neighbours and action planes.
typedef struct {
    /// Lanes in the run.
    size_t lanes;
    /// B: the lane offset of the right neighbour (the left one is at −side).
    ptrdiff_t side;
    /// width·B: the lane offset of the neighbour below in whole-grid arrays (above: −vertical).
    ptrdiff_t vertical;
    /// S·B: the stride between the action planes of the action-major arrays R and μ.
    ptrdiff_t plane;
    /// 4 or 5 (the fifth action stays).
    int actions;
} sk_run;

/// Backward: with E at the destinations up, right, down, left, stay
/// (eUp[i], eMid[i + side], eDown[i], eMid[i − side], eMid[i]),
///   sums[i] = Σ_a R_a[i]·E_a
///   out[i]  = g1·shift[i] + (rbar[i] + g2·Σ_a V[n_a(i)])
/// with R_a[i] = weights[a·plane + i] and V[n_a(i)] = next[i − vertical], next[i + side], … .
void sk_backward_run_f64(sk_run run, const double *weights, const double *eUp, const double *eMid, const double *eDown,
                         const double *next, const double *shift, const double *rbar, double g1, double g2, double *out,
                         double *sums);
void sk_backward_run_f32(sk_run run, const float *weights, const float *eUp, const float *eMid, const float *eDown,
                         const float *next, const float *shift, const float *rbar, float g1, float g2, float *out,
                         float *sums);

/// Forward scale: u[i] = d[i] / Σ_a R_a[i]·E_a (E as in the backward kernel).
void sk_scale_run_f64(sk_run run, const double *weights, const double *eUp, const double *eMid, const double *eDown,
                      const double *d, double *u);
void sk_scale_run_f32(sk_run run, const float *weights, const float *eUp, const float *eMid, const float *eDown,
                      const float *d, float *u);

/// Forward gather, with u at uUp[i], uMid[i ± side], uDown[i] (own: uMid[i]) and E as above:
///   next[i] = intended·E_stay·(u_up·R_down[i − vertical] + u_right·R_left[i + side]
///             + u_down·R_up[i + vertical] + u_left·R_right[i − side] + u_own·R_stay[i])
///             + spread·Σ_{n → i} d[n]
///   μ_a[i] += weight·u_own·R_a[i]·E_a          for every action a
/// (the stay terms only when actions = 5).
void sk_gather_run_f64(sk_run run, const double *weights, const double *eUp, const double *eMid, const double *eDown,
                       const double *uUp, const double *uMid, const double *uDown, const double *d, double intended,
                       double spread, double weight, double *mu, double *next);
void sk_gather_run_f32(sk_run run, const float *weights, const float *eUp, const float *eMid, const float *eDown,
                       const float *uUp, const float *uMid, const float *uDown, const float *d, float intended,
                       float spread, float weight, float *mu, float *next);

/// out[k] = partial[k] + alpha·logs[k] for k < n; returns 1 when some logs[k] is not in
/// (low, high) (or is NaN), else 0.
int sk_add_logs_f64(double *out, const double *partial, const double *logs, size_t n, double alpha, double low,
                    double high);
int sk_add_logs_f32(float *out, const float *partial, const float *logs, size_t n, float alpha, float low, float high);

/// For `cells` cells of `batch` columns from v: high[col] = max(high[col], v[·, col]) and
/// low[col] = min(low[col], v[·, col]), NaN entries ignored (the caller initialises high, low).
void sk_extrema_f64(const double *v, size_t cells, size_t batch, double *high, double *low);
void sk_extrema_f32(const float *v, size_t cells, size_t batch, float *high, float *low);

#ifdef __cplusplus
}
#endif

#endif
