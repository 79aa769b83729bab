#!/usr/bin/env python3
"""Side-by-side comparison: one soft backward + forward pass, NumPy/SciPy vs libimitationgame.

Builds identical problems, runs careful NumPy/SciPy implementations and our solver (through the
Python package, in the same process), checks that they agree, and prints a table of median
times and ratios. Usage (from the repository root, with a release build of the library):

    swift build -c release --product imitationgame
    IMITATION_GAME_LIB=.build/release python3 Benchmarks/peers/compare.py            # the table
    IMITATION_GAME_LIB=.build/release python3 Benchmarks/peers/compare.py --memory   # no-copy check
    IMITATION_GAME_LIB=.build/release python3 Benchmarks/peers/compare.py --doors    # Python's doors
    IMITATION_GAME_LIB=.build/release python3 Benchmarks/peers/compare.py --csr128   # vs JAX, SciPy
    IMITATION_GAME_LIB=.build/release python3 Benchmarks/peers/compare.py --maxent   # IRL iterations

The pass: finite horizon H, state-action reward r (B = 1), temperature 1, discount γ;
backward `Q_t = r + γ·P·V_{t+1}`, `V_t = logsumexp_a Q_t`, `π_t = exp(Q_t − V_t)`; forward
`d_0 = ρ₀`, `x_t = d_t·π_t`, `d_{t+1} = Pᵀx_t`, `μ = Σ_t γᵗ x_t`. Every implementation returns
V [H+1, S], π [H, S, A], d [H+1, S], μ [S, A].

Two columns: "from dense" starts from the dense (S, A, S) tensor, as research code passes it
(SciPy's CSR conversion, and our handle's validating scan, are inside the timing); "prepared"
starts from dynamics already converted (SciPy CSR and CSC built, our handle built).

JAX (optional, CPU, `pip install jax`): a jitted pass in float64 — `lax.scan` over the horizon,
the pull a gather over padded successor lists, the push a `segment_sum` or a gather over padded
predecessor lists — timed after compilation with `block_until_ready`. Without JAX its rows are
skipped and the script says so.

Scenarios besides the default table: `--doors` (one 32×32 pass through each door of the Python
package: dense tensor, prepared handle, SciPy CSR, prepared CSR handle; part of the full run),
`--csr128` (a 128×128 gridworld handed over as SciPy CSR: ours vs JAX vs SciPy) and `--maxent`
(50 MaxEnt IRL iterations on the 16×16 gridworld against one pass).
"""

from __future__ import annotations

import argparse
import gc
import os
import pathlib
import statistics
import sys
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "python"))
os.environ.setdefault("IMITATION_GAME_LIB", str(ROOT / ".build" / "release"))

import imitation_game as ig  # noqa: E402

try:
    import scipy.sparse
    import scipy.special
except ImportError:  # pragma: no cover
    sys.exit("compare.py needs SciPy (pip install scipy)")

try:  # optional: only its rows need it
    import jax
    import jax.numpy as jnp

    jax.config.update("jax_enable_x64", True)  # the pass is compared in float64
except ImportError:
    jax = jnp = None


# ----------------------------------------------------------------------------------------------
# Problems


def gridworld(width: int, height: int, slip: float) -> np.ndarray:
    """Dense (S, 5, S): actions up, right, down, left, stay; with probability `slip` a uniformly
    random action happens instead; moves off the grid stay put."""
    S, A = width * height, 5
    P = np.zeros((S, A, S))
    moves = [(0, -1), (1, 0), (0, 1), (-1, 0), (0, 0)]
    ys, xs = np.divmod(np.arange(S), width)
    for b, (dx, dy) in enumerate(moves):
        nx, ny = xs + dx, ys + dy
        off = (nx < 0) | (nx >= width) | (ny < 0) | (ny >= height)
        dest = np.where(off, np.arange(S), ny * width + nx)
        for a in range(A):
            p = (1 - slip) * (a == b) + slip / A
            np.add.at(P, (np.arange(S), a, dest), p)
    return P


def gridworld_csr(width: int, height: int, slip: float) -> "scipy.sparse.csr_matrix":
    """The same dynamics as `gridworld`, built directly as a SciPy CSR matrix of shape (S·5, S)
    (row s·5 + a), never densely: a 128×128 gridworld's dense tensor would be 10 GB."""
    S, A = width * height, 5
    moves = [(0, -1), (1, 0), (0, 1), (-1, 0), (0, 0)]
    ys, xs = np.divmod(np.arange(S), width)
    rows, cols, vals = [], [], []
    for b, (dx, dy) in enumerate(moves):
        nx, ny = xs + dx, ys + dy
        off = (nx < 0) | (nx >= width) | (ny < 0) | (ny >= height)
        dest = np.where(off, np.arange(S), ny * width + nx)
        for a in range(A):
            rows.append(np.arange(S) * A + a)
            cols.append(dest)
            vals.append(np.full(S, (1 - slip) * (a == b) + slip / A))
    coo = scipy.sparse.coo_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                                  shape=(S * A, S))
    csr = coo.tocsr()  # sums the duplicates (moves off the grid that land on the same state)
    csr.sort_indices()
    return csr


def random_mdp(rng: np.random.Generator, S: int, A: int, successors: int | None) -> np.ndarray:
    """Dense (S, A, S); every row a Dirichlet(1) distribution over all states, or over
    `successors` random states (a Garnet-style sparse MDP stored densely)."""
    if successors is None:
        P = rng.random((S, A, S)) + 1e-3
        P /= P.sum(axis=2, keepdims=True)
        return P
    P = np.zeros((S, A, S))
    cols = np.argsort(rng.random((S * A, S)), axis=1)[:, :successors]
    w = rng.random((S * A, successors)) + 0.05
    w /= w.sum(axis=1, keepdims=True)
    P.reshape(S * A, S)[np.arange(S * A)[:, None], cols] = w
    return P


# ----------------------------------------------------------------------------------------------
# NumPy / SciPy implementations (written for speed: views, in-place ufuncs, no Python loops
# over states or actions)


def _backward_forward(pull, push, r, rho, H, gamma, lse):
    S, A = r.shape
    V = np.zeros((H + 1, S))
    pi = np.empty((H, S, A))
    for t in range(H - 1, -1, -1):
        Q = pull(V[t + 1]).reshape(S, A)
        Q *= gamma
        Q += r
        V[t] = lse(Q)
        np.subtract(Q, V[t][:, None], out=pi[t])
        np.exp(pi[t], out=pi[t])
    d = np.empty((H + 1, S))
    d[0] = rho
    mu = np.zeros((S, A))
    x = np.empty((S, A))
    w = 1.0
    for t in range(H):
        np.multiply(d[t][:, None], pi[t], out=x)
        mu += w * x
        d[t + 1] = push(x.reshape(-1))
        w *= gamma
    return V, pi, d, mu


def lse_scipy(Q):
    return scipy.special.logsumexp(Q, axis=1)


def lse_numpy(Q):
    m = Q.max(axis=1)
    return m + np.log(np.exp(Q - m[:, None]).sum(axis=1))


def numpy_dense(P, r, rho, H, gamma, lse):
    S, A, _ = P.shape
    P2 = P.reshape(S * A, S)  # a view
    return _backward_forward(lambda v: P2 @ v, lambda x: x @ P2, r, rho, H, gamma, lse)


def scipy_sparse_prepare(P):
    S, A, _ = P.shape
    csr = scipy.sparse.csr_matrix(P.reshape(S * A, S))
    return csr, csr.T.tocsr()


def scipy_sparse(prepared, r, rho, H, gamma, lse):
    csr, csr_t = prepared
    return _backward_forward(lambda v: csr @ v, lambda x: csr_t @ x, r, rho, H, gamma, lse)


# ----------------------------------------------------------------------------------------------
# JAX (optional): the same pass, jitted, on padded successor / predecessor lists


def padded_rows(csr):
    """(index[n, K], value[n, K]) of a CSR matrix with n rows, K = the longest row; padding has
    index 0 and value 0 (so it adds nothing to a sum)."""
    counts = np.diff(csr.indptr)
    n, k = csr.shape[0], max(int(counts.max()), 1)
    index = np.zeros((n, k), np.int32)
    value = np.zeros((n, k))
    rows = np.repeat(np.arange(n), counts)
    position = np.arange(csr.nnz) - np.repeat(csr.indptr[:-1], counts)
    index[rows, position] = csr.indices
    value[rows, position] = csr.data
    return index, value


def jax_prepare(csr, A):
    """Device arrays for `jax_pass` from the (S·A, S) CSR matrix: padded successor lists
    `next_state`, `prob` (the pull, and the `segment_sum` push) and padded predecessor lists
    `pred` (indices of rows s·A + a), `pred_prob` (the gather push). Each is stored slot-major,
    shape (K, S·A) or (L, S) — the transpose of `next_state[S·A, K]` — so that the pull is K
    one-dimensional gathers: on XLA's CPU backend that took half the time of one gather of
    shape (S·A, K) followed by a sum over K (20 against 30 ms on the 32×32 gridworld, 250
    against 460 ms on the 128×128 one, in alternating calls)."""
    next_state, prob = padded_rows(csr)
    pred, pred_prob = padded_rows(csr.T.tocsr())
    return tuple(jax.device_put(np.ascontiguousarray(x.T)) for x in (next_state, prob, pred, pred_prob))


def _jax_pass(next_state, prob, pred, pred_prob, r, rho, gamma, H, push):
    S, A = r.shape
    mode = "promise_in_bounds"  # the lists hold valid indices by construction

    def gather(values, index, weight):  # Σ_k weight[k] · values[index[k]]
        if index.shape[0] > 16:  # long lists (dense MDPs): one gather, not hundreds of small ones
            return jnp.sum(weight * values.at[index].get(mode=mode), axis=0)
        return sum(weight[k] * values.at[index[k]].get(mode=mode) for k in range(index.shape[0]))

    def backward(v_next, _):
        q = r + gamma * gather(v_next, next_state, prob).reshape(S, A)
        m = jnp.max(q, axis=1)
        z = jnp.exp(q - m[:, None])
        total = jnp.sum(z, axis=1)
        v = m + jnp.log(total)
        return v, (v, z / total[:, None])  # π = exp(Q − V), with the exponentials of the log-sum-exp

    v_h = jnp.zeros(S, r.dtype)
    _, (vs, pi) = jax.lax.scan(backward, v_h, None, length=H, reverse=True)  # vs[t] = V_t
    V = jnp.concatenate([vs, v_h[None]])

    def forward(carry, pi_t):
        d, mu, w = carry
        x = d[:, None] * pi_t
        flat = x.reshape(S * A)
        if push == "segment_sum":
            d_next = jax.ops.segment_sum((prob * flat[None, :]).reshape(-1), next_state.reshape(-1),
                                         num_segments=S)
        else:
            d_next = gather(flat, pred, pred_prob)
        return (d_next, mu + w * x, w * gamma), d_next

    (_, mu, _), ds = jax.lax.scan(forward, (rho, jnp.zeros_like(r), jnp.asarray(1.0, r.dtype)), pi)
    d = jnp.concatenate([rho[None], ds])
    return V, pi, d, mu


if jax is not None:
    jax_pass = jax.jit(_jax_pass, static_argnames=("H", "push"))

JAX_PUSHES = ("segment_sum", "gather")


def jax_solve(prepared, r, rho, H, gamma, push):
    """One jitted pass; blocks until the result is ready (JAX dispatches asynchronously)."""
    out = jax_pass(*prepared, r, rho, gamma, H=H, push=push)
    return jax.block_until_ready(out)


def jax_note():
    return None if jax is not None else "JAX was not found (pip install jax): its rows are skipped."


# ----------------------------------------------------------------------------------------------
# Ours


def ours(transitions, r, rho, H, gamma, threads=0):
    res = ig.soft_value_iteration(transitions, r, horizon=H, discount=gamma, initial_distribution=rho,
                                  threads=threads)
    return res.values, res.policy, res.state_distributions, res.occupancy


def median_ms(fn, repeats):
    """Median wall time in ms of `repeats` back-to-back calls after one warm-up (page faults,
    thread pools, first-call library load), timed as Python's `timeit` does: one collection
    before the calls and the garbage collector off during them, so that no collection pause
    falls inside a timing. (A `gc.collect()` before every call, as this script did until
    2026-11-25, also leaves the caches cold and the other core idle: on these VMs a core that
    idled for a few milliseconds reads memory up to 1.5× slower at first — about 1 ms that a
    5 ms call feels and a 50 ms call does not. docs/Python.md gives both protocols' numbers.)"""
    fn()
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t0) * 1e3)
    finally:
        if was_enabled:
            gc.enable()
    return statistics.median(times)


def interleaved_median_ms(fns, rounds):
    """Median wall time in ms of each of `fns`, called in turn (one call of each per round, after
    one warm-up call of each; garbage collector off as in `median_ms`), so that a change of the
    machine's load during the measurement reaches every function alike."""
    for fn in fns:
        fn()
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    times = [[] for _ in fns]
    try:
        for _ in range(rounds):
            for fn, ts in zip(fns, times):
                t0 = time.perf_counter()
                fn()
                ts.append((time.perf_counter() - t0) * 1e3)
    finally:
        if was_enabled:
            gc.enable()
    return [statistics.median(ts) for ts in times]


def max_difference(a, b):
    return max(float(np.max(np.abs(np.asarray(x) - np.asarray(y)))) for x, y in zip(a, b))


def row_timer(name, reference, repeats, rows):
    """`row(label, unprepared, prepared, kind)`: checks `prepared()` against `reference` (< 1e-9),
    then appends (label, kind, median ms of `unprepared`, median ms of `prepared`) to `rows`."""

    def row(label, unprepared, prepared, kind="numpy"):
        diff = max_difference(prepared(), reference)
        assert diff < 1e-9, f"{name}/{label}: results differ by {diff}"
        rows.append((label, kind, median_ms(unprepared, repeats), median_ms(prepared, repeats)))

    return row


def jax_rows(row, csr_of, P_or_csr, r, rho, H, gamma, A):
    """The JAX rows of a table: `csr_of(P_or_csr)` is the conversion a caller pays ("from …"
    column: conversion to padded lists and the copy to the device included)."""
    if jax is None:
        return
    prepared = jax_prepare(csr_of(P_or_csr), A)
    r_dev, rho_dev = jax.device_put(r), jax.device_put(rho)
    for push in JAX_PUSHES:
        row(f"JAX jit, gather pull + {push.replace('_', ' ')} push",
            lambda push=push: jax_solve(jax_prepare(csr_of(P_or_csr), A), jax.device_put(r), jax.device_put(rho),
                                        H, gamma, push),
            lambda push=push: jax_solve(prepared, r_dev, rho_dev, H, gamma, push), kind="jax")


def run_problem(name, P, H, gamma, repeats, rng):
    S, A, _ = P.shape
    r = rng.normal(size=(S, A))
    rho = np.full(S, 1.0 / S)
    handle = ig.Transitions(P)
    prepared = scipy_sparse_prepare(P)
    density = handle.density
    reference = numpy_dense(P, r, rho, H, gamma, lse_scipy)
    rows = []
    row = row_timer(name, reference, repeats, rows)

    row("NumPy dense matmul + scipy logsumexp", lambda: numpy_dense(P, r, rho, H, gamma, lse_scipy),
        lambda: numpy_dense(P, r, rho, H, gamma, lse_scipy))
    row("NumPy dense matmul + NumPy logsumexp", lambda: numpy_dense(P, r, rho, H, gamma, lse_numpy),
        lambda: numpy_dense(P, r, rho, H, gamma, lse_numpy))
    row("scipy.sparse CSR + scipy logsumexp",
        lambda: scipy_sparse(scipy_sparse_prepare(P), r, rho, H, gamma, lse_scipy),
        lambda: scipy_sparse(prepared, r, rho, H, gamma, lse_scipy))
    row("scipy.sparse CSR + NumPy logsumexp",
        lambda: scipy_sparse(scipy_sparse_prepare(P), r, rho, H, gamma, lse_numpy),
        lambda: scipy_sparse(prepared, r, rho, H, gamma, lse_numpy))
    jax_rows(row, lambda P: scipy.sparse.csr_matrix(P.reshape(S * A, S)), P, r, rho, H, gamma, A)
    row(f"imitation_game ({handle.storage})", lambda: ours(P, r, rho, H, gamma),
        lambda: ours(handle, r, rho, H, gamma), kind="ours")
    return dict(name=name, S=S, A=A, H=H, gamma=gamma, density=density, storage=handle.storage, rows=rows)


def print_table(problem, source="dense"):
    print(f"\n### {problem['name']}: S={problem['S']}, A={problem['A']}, H={problem['H']}, "
          f"γ={problem['gamma']}, density {problem['density']:.3%} → our handle reads it as {problem['storage']}\n")
    rows = problem["rows"]
    ours_rows = [rw for rw in rows if rw[1] == "ours"]
    ours_dense = min(rw[2] for rw in ours_rows)
    ours_prep = min(rw[3] for rw in ours_rows)
    print(f"| implementation | from {source} (ms) | prepared (ms) |")
    print("| --- | ---: | ---: |")
    for label, _, t_dense, t_prep in rows:
        print(f"| {label} | {t_dense:.2f} | {t_prep:.2f} |")
    ratios = {}
    for kind, peer in (("numpy", "NumPy/SciPy"), ("jax", "JAX")):
        peers = [rw for rw in rows if rw[1] == kind]
        if not peers:
            continue
        best_dense = min(rw[2] for rw in peers)
        best_prep = min(rw[3] for rw in peers)
        ratios[kind] = (best_dense / ours_dense, best_prep / ours_prep)
        print(f"| **speed-up vs best {peer}** | **{best_dense / ours_dense:.1f}×** | "
              f"**{best_prep / ours_prep:.1f}×** |")
    return ratios


def imitation_note():
    try:
        import imitation.algorithms.mce_irl  # noqa: F401
    except Exception as error:  # not installed (it pulls torch): skipped, not installed here
        return f"imitation is not importable ({type(error).__name__}); its timing is skipped."
    return None


def time_imitation(P, H, gamma, repeats, rng):
    import types

    from imitation.algorithms import mce_irl

    from imitation_game import compat

    S = P.shape[0]
    env = types.SimpleNamespace(transition_matrix=P, initial_state_dist=np.full(S, 1.0 / S), horizon=H,
                                reward_matrix=rng.normal(size=S), state_dim=S, action_dim=P.shape[1],
                                n_states=S, n_actions=P.shape[1])

    def theirs():
        _, _, pi = mce_irl.mce_partition_fh(env, discount=gamma)
        return mce_irl.mce_occupancy_measures(env, pi=pi, discount=gamma)

    def mine():
        _, _, pi = compat.mce_partition_fh(env, discount=gamma)
        return compat.mce_occupancy_measures(env, pi=pi, discount=gamma)

    a, b = theirs(), mine()
    assert max_difference(a, b) < 1e-9
    return median_ms(theirs, repeats), median_ms(mine, repeats)


# ----------------------------------------------------------------------------------------------
# Scenarios: the doors of the Python package, a large CSR gridworld, MaxEnt IRL iterations


def load():
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def doors(repeats, rng):
    """One backward + forward pass on the 32×32 slip-0.1 gridworld (A = 5, H = 100, γ = 0.99,
    float64) through each door of the Python package."""
    width, H, gamma = 32, 100, 0.99
    P = gridworld(width, width, 0.1)
    S, A, _ = P.shape
    csr = gridworld_csr(width, width, 0.1)
    assert np.array_equal(csr.toarray(), P.reshape(S * A, S)), "gridworld_csr differs from gridworld"
    r = rng.normal(size=(S, A))
    rho = np.full(S, 1.0 / S)
    handle = ig.Transitions(P)
    csr_handle = ig.Transitions.from_scipy(csr, action_count=A)
    reference = scipy_sparse((csr, csr.T.tocsr()), r, rho, H, gamma, lse_scipy)
    cases = [
        (f"dense NumPy tensor, unprepared (`Transitions(P)` inside; reads it as {handle.storage})",
         lambda: ours(P, r, rho, H, gamma)),
        (f"`ig.Transitions(P)`, prepared ({handle.storage})", lambda: ours(handle, r, rho, H, gamma)),
        (f"SciPy CSR, unprepared (`Transitions.from_scipy(csr, action_count=5)` inside; "
         f"copied={csr_handle.copied})",
         lambda: ours(ig.Transitions.from_scipy(csr, action_count=A), r, rho, H, gamma)),
        ("`Transitions.from_scipy(csr, action_count=5)`, prepared", lambda: ours(csr_handle, r, rho, H, gamma)),
    ]
    for label, fn in cases:
        diff = max_difference(fn(), reference)
        assert diff < 1e-9, f"doors/{label}: results differ by {diff}"
    times = interleaved_median_ms([fn for _, fn in cases], 3 * repeats)
    fastest = min(times)
    print(f"\n### Doors: gridworld {width}×{width}, slip 0.1: S={S}, A={A}, H={H}, γ={gamma}, float64 "
          f"(median of {3 * repeats} rounds, the doors alternating call by call; {load()})\n")
    print("| door | one pass (ms) | ratio to the fastest |")
    print("| --- | ---: | ---: |")
    for (label, _), t in zip(cases, times):
        print(f"| {label} | {t:.2f} | {t / fastest:.2f}× |")
    worst = max(times) / fastest
    print(f"\nslowest door / fastest door: {worst:.2f}× (target: all within 1.3×)")
    return dict(times=times, worst=worst)


def csr128(repeats, rng):
    """A 128×128 slip-0.1 gridworld (S = 16384, A = 5, H = 100, γ = 0.99) handed over as a SciPy
    CSR matrix, built as CSR (its dense tensor would be 10 GB): ours vs jitted JAX vs SciPy."""
    width, H, gamma = 128, 100, 0.99
    csr = gridworld_csr(width, width, 0.1)
    S, A = csr.shape[1], 5
    r = rng.normal(size=(S, A))
    rho = np.full(S, 1.0 / S)
    handle = ig.Transitions.from_scipy(csr, action_count=A)
    prepared = (csr, csr.T.tocsr())
    reference = scipy_sparse(prepared, r, rho, H, gamma, lse_scipy)
    rows = []
    row = row_timer("csr128", reference, repeats, rows)
    row("scipy.sparse CSR + scipy logsumexp", lambda: scipy_sparse((csr, csr.T.tocsr()), r, rho, H, gamma, lse_scipy),
        lambda: scipy_sparse(prepared, r, rho, H, gamma, lse_scipy))
    row("scipy.sparse CSR + NumPy logsumexp", lambda: scipy_sparse((csr, csr.T.tocsr()), r, rho, H, gamma, lse_numpy),
        lambda: scipy_sparse(prepared, r, rho, H, gamma, lse_numpy))
    jax_rows(row, lambda c: c, csr, r, rho, H, gamma, A)
    row(f"imitation_game (`Transitions.from_scipy`; {handle.storage})",
        lambda: ours(ig.Transitions.from_scipy(csr, action_count=A), r, rho, H, gamma),
        lambda: ours(handle, r, rho, H, gamma), kind="ours")
    # Not the default, so not in the ratios: above 2^18 stored entries the default (two threads
    # allowed) leaves the single-thread fused kernels for the threaded operator kernels.
    row("imitation_game, `threads=1` (not the default; not in the ratios)",
        lambda: ours(ig.Transitions.from_scipy(csr, action_count=A), r, rho, H, gamma, threads=1),
        lambda: ours(handle, r, rho, H, gamma, threads=1), kind="option")
    problem = dict(name=f"gridworld {width}×{width}, slip 0.1, as SciPy CSR", S=S, A=A, H=H, gamma=gamma,
                   density=csr.nnz / (S * A * S), storage=handle.storage, rows=rows)
    print(f"\nMedian of {repeats} back-to-back repetitions after one warm-up ({load()}); "
          "all implementations agree to < 1e-9.")
    ratios = print_table(problem, source="CSR")
    if "jax" in ratios:
        print(f"\nJAX / ours: {ratios['jax'][0]:.1f}× from CSR, {ratios['jax'][1]:.1f}× prepared (target ≥ 5×)")
    else:
        print("\nJAX / ours: not measured (JAX not found)")
    return ratios


def maxent(repeats, rng, iterations=50):
    """MaxEnt IRL through `ig.maxent_irl`: 16×16 slip-0.1 gridworld, one-hot state features
    (K = 256), H = 100, γ = 0.99, float64, exactly `iterations` gradient steps (both stopping
    tolerances 0; plain gradient descent, step 0.01, which converges here where the default 0.1
    oscillates), against the expert occupancy of a known random reward; compared with one
    backward + forward pass on the same prepared handle."""
    width, H, gamma = 16, 100, 0.99
    P = gridworld(width, width, 0.1)
    S, A, _ = P.shape
    features = np.ascontiguousarray(np.repeat(np.eye(S)[:, None, :], A, axis=1))  # (S, A, K), K = S
    rho = np.full(S, 1.0 / S)
    handle = ig.Transitions(P)
    true_reward = features @ rng.normal(size=S)
    expert = ig.soft_value_iteration(handle, true_reward, horizon=H, discount=gamma, initial_distribution=rho).occupancy

    def irl(n=iterations):
        return ig.maxent_irl(handle, features, expert, initial_distribution=rho, horizon=H, discount=gamma,
                             max_iterations=n, step_size=0.01, mismatch_tolerance=0.0, gradient_tolerance=0.0)

    result = irl()
    assert int(result.iterations) == iterations and len(result.mismatch_history) == iterations, \
        f"maxent ran {result.iterations} iterations ({len(result.mismatch_history)} recorded), not {iterations}"
    assert np.all(np.isfinite(result.mismatch_history))
    # T(50) and T(1) alternate call by call, so that their difference (the marginal iteration)
    # does not move with the load between two blocks.
    total, single = interleaved_median_ms([irl, lambda: irl(1)], repeats)
    # In its own block, back to back: interleaved with the IRL calls the pass took up to twice as
    # long (cold caches; OpenBLAS's threads still spinning after the IRL call's products).
    one_pass = median_ms(lambda: ours(handle, true_reward, rho, H, gamma), 3 * repeats)
    per_iteration = total / iterations
    marginal = (total - single) / (iterations - 1)
    print(f"\n### MaxEnt IRL: gridworld {width}×{width}, slip 0.1: S={S}, A={A}, K={S} (one-hot states), H={H}, "
          f"γ={gamma}, float64, {iterations} iterations (medians of {repeats} calls, T({iterations}) and T(1) "
          f"alternating, {3 * repeats} back-to-back passes; {load()}; handle reads it as "
          f"{handle.storage})\n")
    print("| measurement | ms |")
    print("| --- | ---: |")
    print(f"| `maxent_irl`, {iterations} iterations, prepared handle | {total:.2f} |")
    print(f"| per iteration (total / {iterations}) | {per_iteration:.3f} |")
    print(f"| one backward + forward pass (`soft_value_iteration` with ρ₀), same handle | {one_pass:.3f} |")
    print(f"| `maxent_irl`, 1 iteration | {single:.2f} |")
    print(f"| marginal iteration ((T({iterations}) − T(1)) / {iterations - 1}) | {marginal:.3f} |")
    print(f"| fixed cost of a call (T(1) − marginal iteration) | {single - marginal:.2f} |")
    print(f"\nper iteration / one pass: {per_iteration / one_pass:.2f} passes (target ≤ 2.5); marginal iteration / "
          f"one pass: {marginal / one_pass:.2f}; mismatch ‖F_π − F_E‖∞ {result.mismatch_history[0]:.3g} → "
          f"{result.mismatch_history[-1]:.3g}")
    return dict(total=total, per_iteration=per_iteration, one_pass=one_pass, marginal=marginal,
                ratio=per_iteration / one_pass)


# ----------------------------------------------------------------------------------------------
# Memory: passing a large tensor adds no copy


def rss_kib(field):
    for line in pathlib.Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(field)


def reset_peak():
    # Writing 5 to clear_refs resets the peak RSS (VmHWM) to the current RSS (Linux >= 4.0).
    pathlib.Path("/proc/self/clear_refs").write_text("5")


def memory_check(label, P, H):
    S, A, _ = P.shape
    r = np.zeros((S, A))
    rho = np.full(S, 1.0 / S)
    gc.collect()
    reset_peak()
    before = rss_kib("VmRSS")
    t = ig.Transitions(P)
    after_handle = rss_kib("VmRSS")
    res = ig.soft_value_iteration(t, r, horizon=H, initial_distribution=rho)
    outputs = sum(a.nbytes for a in (res.values, res.policy, res.state_distributions, res.occupancy))
    peak = rss_kib("VmHWM")
    mib = 1024.0
    print(f"| {label} | {P.nbytes / 2**20:.0f} | {t.storage} | {t.copied} | {t.owned_bytes / 2**20:.1f} | "
          f"{(after_handle - before) / mib:.1f} | {(peak - before) / mib:.1f} | {outputs / 2**20:.1f} |")
    del t, res


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--memory", action="store_true", help="run the no-copy memory check instead")
    parser.add_argument("--quick", action="store_true", help="only the 32×32 gridworld")
    parser.add_argument("--doors", action="store_true", help="only the doors of the Python package (32×32)")
    parser.add_argument("--csr128", action="store_true", help="only the 128×128 gridworld as SciPy CSR")
    parser.add_argument("--maxent", action="store_true", help="only 50 MaxEnt IRL iterations (16×16)")
    args = parser.parse_args()
    print(f"library: {ig.library_path()}")
    print(f"NumPy {np.__version__}, SciPy {scipy.__version__}, "
          f"JAX {jax.__version__ + ' (' + jax.default_backend() + ')' if jax else 'not found'}, "
          f"threads: OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'default')}, "
          f"cores {os.cpu_count()}, {load()}")
    note = jax_note()
    if note:
        print(note)
    rng = np.random.default_rng(7)
    if args.doors or args.csr128 or args.maxent:
        if args.doors:
            doors(args.repeats, rng)
        if args.csr128:
            csr128(args.repeats, rng)
        if args.maxent:
            maxent(args.repeats, rng)
        print(f"\n{load()}")
        return
    if args.memory:
        # Warm up first, so that one-time allocations (OpenBLAS's per-thread buffers, thread
        # stacks, the library's code pages) are not counted as the tensor's.
        small = random_mdp(rng, 1024, 5, None)  # large enough for OpenBLAS's threaded GEMV
        ig.soft_value_iteration(ig.Transitions(small), np.zeros((1024, 5)), horizon=2,
                                initial_distribution=np.full(1024, 1 / 1024))
        del small
        ig.soft_value_iteration(ig.Transitions(gridworld(16, 16, 0.1)), np.zeros((256, 5)), horizon=2,
                                initial_distribution=np.full(256, 1 / 256))
        print("\n| tensor | size (MiB) | read as | copied | handle owns (MiB) | RSS added by the handle (MiB) "
              "| peak RSS added by handle + solve (MiB) | outputs (MiB) |")
        print("| --- | ---: | --- | --- | ---: | ---: | ---: | ---: |")
        P = random_mdp(rng, 5120, 5, None)  # 5120·5·5120·8 B = 1.0 GiB, every entry nonzero
        memory_check("random dense MDP S=5120, A=5", P, 3)
        del P
        gc.collect()
        P = gridworld(64, 64, 0.1)  # 4096·5·4096·8 B = 640 MiB, 0.1% nonzero
        memory_check("gridworld 64×64, A=5 (mostly zeros)", P, 3)
        return
    problems = [("gridworld 32×32, slip 0.1", gridworld(32, 32, 0.1), 100, 1.0)]
    if not args.quick:
        problems += [
            ("random dense MDP", random_mdp(rng, 512, 4, None), 100, 0.99),
            ("random sparse MDP (Garnet, 8 successors)", random_mdp(rng, 2048, 4, 8), 100, 0.99),
        ]
    results = []
    for name, P, H, gamma in problems:
        results.append(run_problem(name, P, H, gamma, args.repeats, rng))
    print("\nMedian of", args.repeats, "back-to-back repetitions after one warm-up, garbage collector off (as timeit);"
          " all implementations agree to < 1e-9.")
    for problem in results:
        print_table(problem)
    note = imitation_note()
    if note:
        print(f"\n{note}")
    else:
        theirs, mine = time_imitation(problems[0][1], problems[0][2], problems[0][3], args.repeats, rng)
        print(f"\nimitation mce_partition_fh + mce_occupancy_measures: {theirs:.1f} ms; "
              f"imitation_game.compat: {mine:.1f} ms ({theirs / mine:.0f}×)")
    if not args.quick:
        doors(args.repeats, rng)
    print(f"\n{load()}")


if __name__ == "__main__":
    main()
