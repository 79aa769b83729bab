/*
 * imitation_game.h — the C API of libimitationgame (the ImitationGame Swift package).
 *
 * Maximum-entropy planning and inverse reinforcement learning on tabular MDPs: soft value
 * iteration, occupancy measures, exact policy evaluation and MaxEnt IRL, on buffers the caller
 * owns. Build the library with `swift build -c release --product imitationgame`; it is
 * .build/release/libimitationgame.so. docs/CABI.md has a worked example.
 *
 * CONVENTIONS (the library's, docs/Conventions.md)
 *   - Every array is C-contiguous (row-major) and unpadded. The batch axis is last.
 *   - S states, A actions in every state, B independent problems (reward columns, policies)
 *     solved in one call on the same dynamics. B = 1 is the common case.
 *   - Transitions P[s, a, s'] (dense [S, A, S], or CSR over the S·A rows (s, a), row s·A + a).
 *   - Finite horizon: H decisions at t = 0 … H−1 and terminal values V_H (default 0):
 *       Q_t(s,a) = r(s,a) + γ Σ_s' P(s'|s,a) V_{t+1}(s')
 *       V_t(s)   = α log Σ_a exp(Q_t(s,a)/α)
 *       π_t(a|s) = exp((Q_t(s,a) − V_t(s))/α)           temperature α > 0
 *     Forward: d_0 = ρ₀, x_t(s,a) = d_t(s) π_t(a|s), d_{t+1}(s') = Σ_{s,a} P(s'|s,a) x_t(s,a),
 *     occupancy μ(s,a) = Σ_{t<H} γ^t x_t(s,a) (mass Σ_{t<H} γ^t).
 *   - Infinite horizon (pass IG_INFINITE_HORIZON, needs γ < 1): the stationary fixed point;
 *     arrays indexed by time have one row (T = 1) and μ = Σ_t γ^t x_t (mass 1/(1−γ)).
 *   - Rewards are state-action rewards r[S, A, B]; −INFINITY marks a forbidden action (its
 *     probability is exactly 0). A state whose actions are all forbidden is an error.
 *
 * SHAPES
 *   reward, r          [S, A, B]
 *   values V           [H+1, S, B]   (row H = terminal values); infinite horizon [1, S, B]
 *   policy π           [T, S, A, B]  T = H (time-indexed) or 1 (stationary; always for infinite)
 *   Q-values           [H, S, A, B]  infinite horizon [1, S, A, B]
 *   state dists d_t    [H+1, S, B]   infinite horizon [1, S, B] = Σ_t γ^t d_t
 *   occupancy μ        [S, A, B]
 *   returns J          [B]
 *   features Φ         [S, A, K]     weights λ [K, B]
 *
 * MEMORY AND OWNERSHIP
 *   Inputs are read, never written or kept — except the transition arrays, which a handle
 *   (ig_transitions) reads in place for as long as it lives: no copy of the transition tensor
 *   is made. Keep them alive and unchanged until ig_transitions_free. Outputs are written
 *   into buffers the caller allocated with the shapes above; an output pointer may be NULL
 *   when that output is not wanted. Buffer sizes are implied by the dimensions: the library
 *   cannot check them. Likewise an ig_transitions pointer must be a live handle from this
 *   library (NULL is reported as IG_ERROR_NULL_ARGUMENT; a freed or foreign pointer is
 *   undefined behaviour), and must not be freed while another thread is using it.
 *
 * ERRORS
 *   Every function that can fail returns an ig_status. On failure nothing useful is in the
 *   outputs and ig_last_error_message() tells what was wrong, naming the argument, the index
 *   and the value ("transitions[3, 1]: probabilities sum to 0.9, not 1 (tolerance 1e-08)").
 *   Bad input never aborts the process. The message belongs to the calling thread and stays
 *   valid until that thread's next call into the library.
 *
 * THREADS
 *   The library has no global mutable state (the error message is thread-local). Handles are
 *   immutable after creation: one handle may serve calls from many threads at once. Each
 *   call may itself use several threads (the log-sum-exp kernel, OpenBLAS).
 */
#ifndef IMITATION_GAME_H
#define IMITATION_GAME_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define IG_VERSION_STRING "0.1.0"

/* The horizon argument for the discounted, stationary problem (needs discount < 1). */
#define IG_INFINITE_HORIZON 0

/* Status codes. The values are stable. */
typedef enum ig_status {
    IG_OK = 0,
    IG_ERROR_NULL_ARGUMENT = 1,         /* a required pointer is NULL */
    IG_ERROR_SHAPE_MISMATCH = 2,        /* sizes that do not fit together */
    IG_ERROR_NON_FINITE = 3,            /* NaN or ±infinity where a finite number is needed */
    IG_ERROR_NEGATIVE_PROBABILITY = 4,  /* a probability below 0 */
    IG_ERROR_NOT_NORMALIZED = 5,        /* a distribution (P row, ρ₀, policy row) not summing to 1 */
    IG_ERROR_INVALID_HORIZON = 6,       /* horizon < 0 */
    IG_ERROR_INVALID_DISCOUNT = 7,      /* γ outside [0, 1], or γ = 1 with an infinite horizon */
    IG_ERROR_INVALID_ARGUMENT = 8,      /* any other argument outside its domain */
    IG_ERROR_INDEX_OUT_OF_RANGE = 9,    /* a CSR column index outside 0..S−1 */
    IG_ERROR_NO_VALID_ACTION = 10,      /* a state where every action has reward −∞ */
    IG_ERROR_DID_NOT_CONVERGE = 11,     /* infinite horizon: max_iterations reached */
    IG_ERROR_MEMORY_BUDGET = 12,        /* sizes beyond 32-bit BLAS or the address space */
    IG_ERROR_SINGULAR_MATRIX = 13,      /* an exact linear solve met a singular system */
    IG_ERROR_WRONG_PRECISION = 14,      /* an _f32 handle passed to an _f64 function or vice versa */
    IG_ERROR_UNAVAILABLE = 15,          /* a feature this build does not have */
    IG_ERROR_INTERNAL = 99
} ig_status;

/* The message of the calling thread's last failed call ("" after a success). */
const char *ig_last_error_message(void);
/* The enumerator's name, e.g. "IG_ERROR_NON_FINITE" ("IG_ERROR_UNKNOWN" for other values). */
const char *ig_status_name(int status);
/* The library version, e.g. "0.1.0". */
const char *ig_version(void);
/* Memory kept between calls for reuse: scratch arrays and the storage of large internal results
 * (at most 2 GiB by default; the environment variable IMITATION_GAME_SCRATCH_MB sets the limit in
 * MiB, 0 keeps nothing). A loop of calls of one size then writes into pages already mapped.
 * ig_scratch_held_bytes reports it; ig_scratch_release gives it back to the system. Thread-safe. */
int64_t ig_scratch_held_bytes(void);
void ig_scratch_release(void);

/* ------------------------------------------------------------------------------------------ */
/* Solver options. Initialise with ig_options_default, then change fields. NULL = defaults.    */

typedef struct ig_options {
    double temperature;           /* α > 0 (default 1) */
    double tolerance;             /* infinite horizon: stop when ‖V − V*‖∞ ≤ tolerance (1e-10) */
    int64_t max_iterations;       /* infinite horizon: sweep limit (100000) */
    double probability_tolerance; /* allowed |Σ − 1| of ρ₀ and policy rows; ≤ 0: √ε (default) */
    int64_t threads;              /* threads of the log-sum-exp kernel; ≤ 0: all cores (default) */
} ig_options;

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
_Static_assert(sizeof(ig_options) == 40, "ig_options is five 8-byte fields");
#endif

void ig_options_default(ig_options *options);

/* ------------------------------------------------------------------------------------------ */
/* Transitions: a validated, immutable handle over the caller's arrays (read in place).         */

typedef struct ig_transitions ig_transitions;

/* How a dense tensor is read by the solvers. */
typedef enum ig_storage {
    /* CSR when at most 5% of the entries are nonzero and S >= 256, otherwise dense.
     * The scan that validates the rows counts the nonzeros and collects them in the same
     * pass; the extracted CSR (and its transpose) holds only the nonzeros. */
    IG_STORAGE_AUTO = 0,
    IG_STORAGE_DENSE = 1, /* always GEMM/GEMV on the caller's tensor */
    IG_STORAGE_CSR = 2    /* always extract the nonzeros (e.g. to compare the two paths) */
} ig_storage;

/*
 * Wraps a dense transition tensor p[S, A, S] (S·A·S scalars). Validates every row in one pass,
 * O(S²·A): entries finite and >= 0, each row summing to 1 within `tolerance` (<= 0: √ε, about
 * 1.5e-8 in double and 3.5e-4 in float). `storage` is an ig_storage. On success *out is a new
 * handle (free it with ig_transitions_free); on failure *out is NULL.
 */
ig_status ig_transitions_dense_f64(const double *p, int64_t state_count, int64_t action_count,
                                   int storage, double tolerance, ig_transitions **out);
ig_status ig_transitions_dense_f32(const float *p, int64_t state_count, int64_t action_count,
                                   int storage, double tolerance, ig_transitions **out);

/*
 * Wraps CSR arrays over the S·A rows (s, a) (SciPy's csr_matrix of P.reshape(S·A, S)):
 * indptr[S·A + 1], indices[nonzero_count], data[nonzero_count]. `index_bits` is 32 or 64 and
 * gives the type of both indptr and indices (int32_t or int64_t). Indices need not be sorted;
 * duplicates add up. Validates in O(nnz): indptr[0] == 0, non-decreasing, indptr[S·A] ==
 * nonzero_count, indices in 0..S−1, data finite and >= 0, rows summing to 1 within `tolerance`.
 */
ig_status ig_transitions_csr_f64(int64_t state_count, int64_t action_count, const void *indptr,
                                 const void *indices, int index_bits, const double *data,
                                 int64_t nonzero_count, double tolerance, ig_transitions **out);
ig_status ig_transitions_csr_f32(int64_t state_count, int64_t action_count, const void *indptr,
                                 const void *indices, int index_bits, const float *data,
                                 int64_t nonzero_count, double tolerance, ig_transitions **out);

/* Frees a handle (NULL is ignored). The caller's arrays may be released afterwards. */
void ig_transitions_free(ig_transitions *transitions);

/*
 * Describes a handle; any output may be NULL. scalar_bits is 64 or 32; storage is
 * IG_STORAGE_DENSE or IG_STORAGE_CSR (what the solvers read); owned_bytes is what the handle
 * allocated itself (0 unless a CSR was extracted from a dense tensor — never a copy of it).
 */
ig_status ig_transitions_describe(const ig_transitions *transitions, int64_t *state_count,
                                  int64_t *action_count, int32_t *scalar_bits, int32_t *storage,
                                  int64_t *nonzero_count, int64_t *owned_bytes);

/* ------------------------------------------------------------------------------------------ */
/* Soft value iteration (the MaxEnt best response), optionally with its forward pass.           */

/*
 * horizon: H >= 1, or IG_INFINITE_HORIZON with discount < 1.  discount: γ in [0, 1].
 * reward [S, A, B] (required; −INFINITY allowed).  terminal_values [S] or NULL (= 0; finite only).
 * Outputs (each may be NULL): values [H+1, S, B], policy [H, S, A, B], q_values [H, S, A, B]
 * (infinite horizon: one time row each).
 * Forward pass, run when state_distributions or occupancy is non-NULL (then
 * initial_distribution [S] is required): state_distributions [H+1, S, B], occupancy [S, A, B].
 * Complexity: H products with P (GEMM/GEMV or CSR) and O(H·S·A·B) exponentials; twice the
 * products with the forward pass.
 */
ig_status ig_soft_value_iteration_f64(const ig_transitions *transitions, int64_t horizon,
                                      double discount, const double *reward, int64_t batch,
                                      const double *terminal_values, const ig_options *options,
                                      double *values, double *policy, double *q_values,
                                      const double *initial_distribution,
                                      double *state_distributions, double *occupancy);
ig_status ig_soft_value_iteration_f32(const ig_transitions *transitions, int64_t horizon,
                                      double discount, const float *reward, int64_t batch,
                                      const float *terminal_values, const ig_options *options,
                                      float *values, float *policy, float *q_values,
                                      const float *initial_distribution,
                                      float *state_distributions, float *occupancy);

/* ------------------------------------------------------------------------------------------ */
/* Occupancy measures of a given policy.                                                        */

/*
 * policy [policy_steps, S, A, B] with policy_steps = 1 (stationary) or H; each row a
 * distribution within options->probability_tolerance. initial_distribution [S] required.
 * Outputs (each may be NULL): state_distributions [H+1, S, B] (infinite: [1, S, B], the
 * discounted state occupancy, by an exact LAPACK solve when S <= 4096), occupancy [S, A, B].
 */
ig_status ig_occupancy_measures_f64(const ig_transitions *transitions, int64_t horizon,
                                    double discount, const double *initial_distribution,
                                    const double *policy, int64_t policy_steps, int64_t batch,
                                    const ig_options *options, double *state_distributions,
                                    double *occupancy);
ig_status ig_occupancy_measures_f32(const ig_transitions *transitions, int64_t horizon,
                                    double discount, const float *initial_distribution,
                                    const float *policy, int64_t policy_steps, int64_t batch,
                                    const ig_options *options, float *state_distributions,
                                    float *occupancy);

/* ------------------------------------------------------------------------------------------ */
/* Exact evaluation of a given policy under a given reward.                                     */

/*
 * Q^π_t = r + γ P V^π_{t+1},  V^π_t(s) = Σ_a π_t(a|s) Q^π_t(s,a),  J = Σ_s ρ₀(s) V^π_0(s).
 * policy [policy_steps, S, A, B], reward [S, A, B] (the same B). Outputs (each may be NULL):
 * q_values [H, S, A, B], values [H+1, S, B] (infinite: one row each, by a LAPACK solve),
 * returns [B].
 */
ig_status ig_evaluate_policy_f64(const ig_transitions *transitions, int64_t horizon,
                                 double discount, const double *initial_distribution,
                                 const double *terminal_values, const double *policy,
                                 int64_t policy_steps, const double *reward, int64_t batch,
                                 const ig_options *options, double *q_values, double *values,
                                 double *returns);
ig_status ig_evaluate_policy_f32(const ig_transitions *transitions, int64_t horizon,
                                 double discount, const float *initial_distribution,
                                 const float *terminal_values, const float *policy,
                                 int64_t policy_steps, const float *reward, int64_t batch,
                                 const ig_options *options, float *q_values, float *values,
                                 float *returns);

/* ------------------------------------------------------------------------------------------ */
/* MaxEnt IRL (the dual solver of the imitation game) from an expert occupancy measure.         */

typedef enum ig_optimizer {
    IG_OPTIMIZER_GRADIENT_DESCENT = 0, /* λ ← λ − η_t ∇g */
    IG_OPTIMIZER_ADAM = 1              /* Adam, β₁ = 0.9, β₂ = 0.999, ε = 1e-8 */
} ig_optimizer;

typedef enum ig_step_schedule {
    IG_STEP_CONSTANT = 0,            /* η_t = η */
    IG_STEP_INVERSE_SQUARE_ROOT = 1, /* η_t = η/√t */
    IG_STEP_INVERSE_TIME = 2         /* η_t = η/t */
} ig_step_schedule;

/* Initialise with ig_maxent_options_default, then change fields. NULL = defaults. */
typedef struct ig_maxent_options {
    int64_t max_iterations;     /* iteration limit >= 1 (default 500) */
    double step_size;           /* η > 0 (0.1) */
    double mismatch_tolerance;  /* stop a column when ‖F_π − F_E‖∞ <= this (1e-6; 0 disables) */
    double gradient_tolerance;  /* stop a column when ‖∇g‖∞ <= this (0: disabled) */
    double l2_regularization;   /* c >= 0 of (c/2)‖λ‖² (0) */
    double temperature;         /* soft-VI temperature α > 0 (1) */
    int64_t optimizer;          /* an ig_optimizer (gradient descent) */
    int64_t schedule;           /* an ig_step_schedule (constant) */
    int64_t threads;            /* <= 0: all cores */
} ig_maxent_options;

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
_Static_assert(sizeof(ig_maxent_options) == 72, "ig_maxent_options is nine 8-byte fields");
#endif

void ig_maxent_options_default(ig_maxent_options *options);

/*
 * Learns reward weights λ [K, B] with r = Φλ such that the soft-optimal policy's feature
 * expectations F_π = Φᵀμ_π match the expert's F_E = Φᵀμ_E (gradient of the dual F_π − F_E + cλ).
 * features Φ [S, A, K] (K = feature_count), expert_occupancy μ_E [S, A, B] (non-negative, with
 * the MDP's occupancy mass Σ_{t<H} γ^t, or 1/(1−γ) for an infinite horizon),
 * initial_distribution ρ₀ [S], initial_weights [K, B] or NULL (zeros).
 * Outputs (each may be NULL): weights [K, B]; reward [S, A, B] = Φλ; policy [H, S, A, B]
 * (infinite horizon [1, S, A, B]); occupancy μ_π [S, A, B]; feature_expectations F_π [K, B];
 * mismatch_history [max_iterations, B] = ‖F_π − F_E‖∞ per iteration (the first
 * *history_length rows are written); iterations [B] = the iteration at which each column stopped.
 * Only the expert's occupancy is accepted (not bare feature expectations F_E): the library's
 * MaxEnt solver takes expert statistics, which carry the occupancy's mass.
 */
ig_status ig_maxent_irl_f64(const ig_transitions *transitions, int64_t horizon, double discount,
                            const double *initial_distribution, const double *features,
                            int64_t feature_count, const double *expert_occupancy, int64_t batch,
                            const double *initial_weights, const ig_maxent_options *options,
                            double *weights, double *reward, double *policy, double *occupancy,
                            double *feature_expectations, double *mismatch_history,
                            int64_t *iterations, int64_t *history_length);
ig_status ig_maxent_irl_f32(const ig_transitions *transitions, int64_t horizon, double discount,
                            const float *initial_distribution, const float *features,
                            int64_t feature_count, const float *expert_occupancy, int64_t batch,
                            const float *initial_weights, const ig_maxent_options *options,
                            float *weights, float *reward, float *policy, float *occupancy,
                            float *feature_expectations, float *mismatch_history,
                            int64_t *iterations, int64_t *history_length);

#ifdef __cplusplus
}
#endif

#endif /* IMITATION_GAME_H */
