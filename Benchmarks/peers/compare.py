#!/usr/bin/env python3
"""Side-by-side comparison: one soft backward + forward pass, NumPy/SciPy vs libimitationgame.

Builds identical problems, runs careful NumPy/SciPy implementations and our solver (through the
Python package, in the same process), checks that they agree, and prints a table of median
times and ratios. Usage (from the repository root, with a release build of the library):

    swift build -c release --product imitationgame
    IMITATION_GAME_LIB=.build/release python3 Benchmarks/peers/compare.py            # the table
    IMITATION_GAME_LIB=.build/release python3 Benchmarks/peers/compare.py --memory   # no-copy check

The pass: finite horizon H, state-action reward r (B = 1), temperature 1, discount γ;
backward `Q_t = r + γ·P·V_{t+1}`, `V_t = logsumexp_a Q_t`, `π_t = exp(Q_t − V_t)`; forward
`d_0 = ρ₀`, `x_t = d_t·π_t`, `d_{t+1} = Pᵀx_t`, `μ = Σ_t γᵗ x_t`. Every implementation returns
V [H+1, S], π [H, S, A], d [H+1, S], μ [S, A].

Two columns: "from dense" starts from the dense (S, A, S) tensor, as research code passes it
(SciPy's CSR conversion, and our handle's validating scan, are inside the timing); "prepared"
starts from dynamics already converted (SciPy CSR and CSC built, our handle built).
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
# Ours


def ours(transitions, r, rho, H, gamma):
    res = ig.soft_value_iteration(transitions, r, horizon=H, discount=gamma, initial_distribution=rho)
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


def max_difference(a, b):
    return max(float(np.max(np.abs(x - y))) for x, y in zip(a, b))


def run_problem(name, P, H, gamma, repeats, rng):
    S, A, _ = P.shape
    r = rng.normal(size=(S, A))
    rho = np.full(S, 1.0 / S)
    handle = ig.Transitions(P)
    prepared = scipy_sparse_prepare(P)
    density = handle.density
    reference = numpy_dense(P, r, rho, H, gamma, lse_scipy)
    rows = []

    def row(label, from_dense, solve, check=True):
        result = solve() if check else None
        if result is not None:
            diff = max_difference(result, reference)
            assert diff < 1e-9, f"{name}/{label}: results differ by {diff}"
        t_dense = median_ms(from_dense, repeats) if from_dense else None
        t_prep = median_ms(solve, repeats)
        rows.append((label, t_dense, t_prep))

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
    row(f"imitation_game ({handle.storage})", lambda: ours(P, r, rho, H, gamma),
        lambda: ours(handle, r, rho, H, gamma))
    return dict(name=name, S=S, A=A, H=H, gamma=gamma, density=density, storage=handle.storage, rows=rows)


def print_table(problem):
    print(f"\n### {problem['name']}: S={problem['S']}, A={problem['A']}, H={problem['H']}, "
          f"γ={problem['gamma']}, density {problem['density']:.3%} → our handle reads it as {problem['storage']}\n")
    rows = problem["rows"]
    numpy_rows = rows[:-1]
    ours_dense, ours_prep = rows[-1][1], rows[-1][2]
    best_dense = min(t for _, t, _ in numpy_rows)
    best_prep = min(t for _, _, t in numpy_rows)
    print("| implementation | from dense (ms) | prepared (ms) |")
    print("| --- | ---: | ---: |")
    for label, t_dense, t_prep in rows:
        print(f"| {label} | {t_dense:.2f} | {t_prep:.2f} |")
    print(f"| **speed-up vs best NumPy/SciPy** | **{best_dense / ours_dense:.1f}×** | **{best_prep / ours_prep:.1f}×** |")
    return best_dense / ours_dense, best_prep / ours_prep


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
    args = parser.parse_args()
    print(f"library: {ig.library_path()}")
    print(f"NumPy {np.__version__}, SciPy {scipy.__version__}, threads: OPENBLAS_NUM_THREADS="
          f"{os.environ.get('OPENBLAS_NUM_THREADS', 'default')}, cores {os.cpu_count()}")
    rng = np.random.default_rng(7)
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


if __name__ == "__main__":
    main()
