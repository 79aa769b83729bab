#!/usr/bin/env python3
"""Stand-alone timings of the pieces of compare.py's 32×32 gridworld case (S = 1024, A = 5,
H = 100): the compat pair, the handle, the prepared passes. Medians of 31 calls after one
warm-up. Usage, from the repository root with a release build of the library:

    IMITATION_GAME_LIB=.build/release python3 Benchmarks/peers/pieces.py [name filter ...]
"""

import os
import pathlib
import statistics
import sys
import time
import types

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import compare  # noqa: E402  (puts the package on the path and loads the library)

import imitation_game as ig  # noqa: E402
from imitation_game import compat  # noqa: E402


def median_ms(fn, repeats=31):
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


def main():
    P = compare.gridworld(32, 32, 0.1)
    S, A, _ = P.shape
    H = 100
    rng = np.random.default_rng(7)
    env = types.SimpleNamespace(transition_matrix=P, initial_state_dist=np.full(S, 1.0 / S), horizon=H,
                                reward_matrix=rng.normal(size=S))
    t = ig.Transitions(P)
    r = np.repeat(env.reward_matrix[:, None], A, axis=1)
    _, _, pi = compat.mce_partition_fh(env)
    pieces = {
        "compat pair": lambda: compat.mce_occupancy_measures(env, pi=compat.mce_partition_fh(env)[2]),
        "Transitions(P)": lambda: ig.Transitions(P),
        "P.max() (NumPy reads the tensor)": lambda: P.max(),
        "soft_value_iteration return_q, prepared": lambda: ig.soft_value_iteration(t, r, horizon=H, return_q=True),
        "occupancy_measures, prepared": lambda: ig.occupancy_measures(t, pi, initial_distribution=env.initial_state_dist,
                                                                      horizon=H),
        "compare.py ours, from dense": lambda: compare.ours(P, r, env.initial_state_dist, H, 1.0),
        "compare.py ours, prepared": lambda: compare.ours(t, r, env.initial_state_dist, H, 1.0),
    }
    print(f"library: {ig.library_path()}; load average {os.getloadavg()[0]:.2f}")
    for name, fn in pieces.items():
        if not sys.argv[1:] or any(f in name for f in sys.argv[1:]):
            print(f"{name:45s} {median_ms(fn):7.2f} ms", flush=True)


if __name__ == "__main__":
    main()
