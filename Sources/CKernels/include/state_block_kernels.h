// The per-state loops of the single-column finite-horizon passes on per-state transition
// blocks (IRL's StateBlockedTransitions), four states side by side.
//
// Swift compiles for the x86-64 baseline (SSE2, mostly scalar code in these loops); these C
// kernels are compiled twice, with AVX2 + FMA and for the baseline, and chosen at run time
// (kernel_dispatch.h).
//
// Lane layout. States are taken in groups of four, `groups = ceil(S / 4)`; state `4g + l` is
// lane `l` of group `g`. Every state has the same `width` columns (padded by the caller):
//   lane_column[(g·width + k)·4 + l]            column k of state 4g + l
//   lane_weight[((g·A + a)·width + k)·4 + l]     P(column k | state 4g + l, action a)
// Lanes past the last state hold column 0 and probability 0; no output is written for them.
//
// Accuracy: the same sums in the same order as the scalar Swift loops, except that the AVX2
// variant fuses multiply-adds (a difference in the last bit of a partial sum).
#ifndef CKERNELS_STATE_BLOCK_KERNELS_H
#define CKERNELS_STATE_BLOCK_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The largest action count and width the kernels take (their per-group scratch lives on the stack).
#define SBK_MAXIMUM_ACTIONS 16
#define SBK_MAXIMUM_WIDTH 16

/// The arguments of a soft Bellman backup for groups `first_group ..< first_group + groups`:
///   Q(s,a) = r(s,a) + γ·Σ_k P(k|s,a)·V(column k of s),  m(s) = max_a Q(s,a),
///   shifted[(i·A + a)·4 + l] = (Q(s,a) − m(s))·inverse_temperature,  maxima[i·4 + l] = m(s)
/// for s = 4(first_group + i) + l. `reward` is `[S, A]`; `q_values` (`[S, A]`, or NULL) receives Q.
/// Returns 0 when some state has m = −∞ (no finite Q), 1 otherwise.
int sbk_backup_arguments_f64(const int32_t *lane_column, const double *lane_weight, size_t states, size_t actions,
                             size_t width, size_t first_group, size_t groups, const double *next, const double *reward,
                             double discount, double inverse_temperature, double *shifted, double *maxima,
                             double *q_values);
int sbk_backup_arguments_f32(const int32_t *lane_column, const float *lane_weight, size_t states, size_t actions,
                             size_t width, size_t first_group, size_t groups, const float *next, const float *reward,
                             float discount, float inverse_temperature, float *shifted, float *maxima,
                             float *q_values);

/// After the exponentials: sums[i·4 + l] = Σ_a e[(i·A + a)·4 + l] and, when `policy` (`[S, A]`)
/// is not NULL, π(a|s) = e·(1/sum) for the real states of groups `first_group ..< first_group + groups`.
void sbk_backup_policy_f64(size_t states, size_t actions, size_t first_group, size_t groups, const double *e,
                           double *sums, double *policy);
void sbk_backup_policy_f32(size_t states, size_t actions, size_t first_group, size_t groups, const float *e,
                           float *sums, float *policy);

/// The whole backup of groups `first_group ..< first_group + groups` in one sweep, in Double:
/// the arguments as sbk_backup_arguments_f64 (Q into `q_values` when not NULL), then
/// e = exp(shifted), Σ = Σ_a e, π(a|s) = e·(1/Σ) into `policy` (`[S, A]`, or NULL) and
/// V(s) = m(s) + temperature·log Σ into `values[s]` (`[S]`), each with the same operations as
/// sbk_backup_arguments + vm_exp_f64 + sbk_backup_policy + log, so with the same results.
/// The solvers take it while ck_fused_backup_enabled() (a test switch, kernel_dispatch.h).
/// Returns 0 at the first group with a state without a finite Q (outputs then incomplete), else 1.
int sbk_backup_fused_f64(const int32_t *lane_column, const double *lane_weight, size_t states, size_t actions,
                         size_t width, size_t first_group, size_t groups, const double *next, const double *reward,
                         double discount, double inverse_temperature, double temperature, double *values,
                         double *policy, double *q_values);

/// One forward step over every state: x(s,a) = d(s)·π(a|s); occupancy[s,a] += weight·x(s,a)
/// when `occupancy` is not NULL; out[s'] = Σ_{s,a} P(s'|s,a)·x(s,a) (`out` overwritten,
/// states added in increasing order).
void sbk_forward_step_f64(const int32_t *lane_column, const double *lane_weight, size_t states, size_t actions,
                          size_t width, const double *d, const double *policy, double *occupancy, double weight,
                          double *out);
void sbk_forward_step_f32(const int32_t *lane_column, const float *lane_weight, size_t states, size_t actions,
                          size_t width, const float *d, const float *policy, float *occupancy, float weight,
                          float *out);

/// The validating scan of rows `first ..< last` of a dense row-major tensor with `columns`
/// entries per row (IRL's DenseTransitionScan): every entry finite and non-negative, every
/// row summing to 1 within `tolerance` (nonzero entries added in column order). All-zero 256-byte
/// blocks and then 64-byte lines (±0 entries; the bytes counted from the row's start) are skipped
/// by a bit test; the entries of the other lines are visited one by one.
///
/// While `*collecting` is nonzero, each nonzero is stored at `next[*count]` (its column) and
/// `probability[*count]`, `*count` advancing, and `row_ends[r − first] = *count` after row `r`;
/// collecting stops (`*collecting = 0`) once `*nonzeros` exceeds `limit`. `*nonzeros` counts the
/// nonzeros of the rows done.
///
/// Returns the row at which the scan stopped: `last` when every row passed; a row `r < last` that
/// failed (`*bad_row = 1`; nothing of it is counted) or that did not start because fewer than
/// `columns` slots were left of `capacity` while collecting (`*bad_row = 0`: grow the buffers and
/// call again from `r`, with `row_ends` advanced to that row).
size_t sbk_scan_rows_f64(const double *p, size_t columns, size_t first, size_t last, double tolerance, size_t limit,
                         int *collecting, int32_t *next, double *probability, size_t capacity, size_t *count,
                         int32_t *row_ends, size_t *nonzeros, int *bad_row);
size_t sbk_scan_rows_f32(const float *p, size_t columns, size_t first, size_t last, float tolerance, size_t limit,
                         int *collecting, int32_t *next, float *probability, size_t capacity, size_t *count,
                         int32_t *row_ends, size_t *nonzeros, int *bad_row);

#ifdef __cplusplus
}
#endif

#endif
