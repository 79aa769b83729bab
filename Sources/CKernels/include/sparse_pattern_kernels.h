// The loops of the sparse operator's fused soft pass on its per-state patterns (IRL's
// SparseStatePatterns). With one column (B = 1), four consecutive states per vector where they
// share a pattern: then their successors sit at the same offsets, so V_{t+1} and d_{t+1} are read
// and written with contiguous vector loads and stores, like a stencil. With B > 1, four batch
// columns of one state per vector (a scalar tail for B mod 4).
//
// Swift compiles for the x86-64 baseline (SSE2); these kernels are compiled twice, with AVX2 +
// FMA and for the baseline, and chosen at run time (kernel_dispatch.h).
//
// Layout (S states, A actions, W entries per pattern):
//   pattern[s]                    the pattern p of state s
//   offset[p·W + k]               successor k of a state with pattern p is s + offset[p·W + k]
//   weight[(p·A + a)·W + k]       P(s + offset[p·W + k] | s, a)
//   reward[(s·A + a)·B + b], occupancy[(s·A + a)·B + b], values and distributions [s·B + b]
//
// Formulas, for each state s of first ..< first + count:
//   Q_a = r(s, a) + γ·Σ_k weight[a, k]·next[s + offset_k],  m = max_a Q_a,
//   backward: out[s] = m + α·log Σ_a exp((Q_a − m)/α)
//   forward:  x_a = d[s]·exp((Q_a − m)/α) / Σ_a' exp((Q_a' − m)/α),  occupancy[s, a] += step·x_a,
//             d_{t+1}[s + offset_k] += Σ_a weight[a, k]·x_a
// The exponentials and logarithms are the array kernels of vector_math.h over tiles of states.
#ifndef CKERNELS_SPARSE_PATTERN_KERNELS_H
#define CKERNELS_SPARSE_PATTERN_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The largest action count and pattern width the kernels take (their scratch lives on the stack).
#define SPK_MAXIMUM_ACTIONS 16
#define SPK_MAXIMUM_WIDTH 32
/// The largest batch the kernels take (one state's columns fit a tile).
#define SPK_MAXIMUM_BATCH 128

/// Backward: `out[s·B + b]` for the states `first ..< first + count`. Returns `s·B + b` of the
/// first value that is not finite (all actions −∞, NaN or +∞), or −1.
long spk_backward_f64(const int32_t *pattern, const int32_t *offset, const double *weight, size_t actions,
                      size_t width, size_t batch, size_t first, size_t count, const double *next, const double *reward,
                      double discount, double temperature, double *out);
long spk_backward_f32(const int32_t *pattern, const int32_t *offset, const float *weight, size_t actions,
                      size_t width, size_t batch, size_t first, size_t count, const float *next, const float *reward,
                      float discount, float temperature, float *out);

/// Forward step for the states `first ..< first + count`. Targets `t` in `[own_low, own_high)` are
/// added to `out[t·B + b]`, those below `own_low` to `halo[(t − halo_low)·B + b]`, those at or
/// above `own_high` to `halo[(own_low − halo_low + t − own_high)·B + b]`.
void spk_forward_f64(const int32_t *pattern, const int32_t *offset, const double *weight, size_t actions,
                     size_t width, size_t batch, size_t first, size_t count, const double *next, const double *reward,
                     double discount, double temperature, const double *d, double step, double *occupancy,
                     double *out, size_t own_low, size_t own_high, double *halo, size_t halo_low);
void spk_forward_f32(const int32_t *pattern, const int32_t *offset, const float *weight, size_t actions,
                     size_t width, size_t batch, size_t first, size_t count, const float *next, const float *reward,
                     float discount, float temperature, const float *d, float step, float *occupancy,
                     float *out, size_t own_low, size_t own_high, float *halo, size_t halo_low);

#ifdef __cplusplus
}
#endif

#endif
