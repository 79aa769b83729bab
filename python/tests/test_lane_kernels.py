"""The fused single-column passes on per-state blocks run in C kernels (CKernels),
four states per vector, in an AVX2 + FMA variant and a portable one chosen at run time. Both
variants, on a state count that leaves a partial group of four, against the dense GEMV path."""

import ctypes

import numpy as np
import pytest
import reference

import imitation_game as ig
from imitation_game import Transitions
from imitation_game._library import library


def debug_switch(name: str):
    """A test switch of the C ABI, exported by debug builds of the library only: the test that
    needs it is skipped when the loaded library lacks it."""
    lib = library()
    if not hasattr(lib, name):
        pytest.skip(f"{name} is exported by debug builds only")
    fn = getattr(lib, name)
    fn.argtypes, fn.restype = [ctypes.c_int], ctypes.c_int
    return fn


def select_isa(isa: int) -> int:
    """`ig_test_override_isa`: every C kernel family on 0 portable, 1 AVX2 + FMA when the CPU has
    it, -1 automatic (for this thread and the library's worker threads); returns the variant now
    active."""
    return debug_switch("ig_test_override_isa")(isa)


@pytest.mark.parametrize("isa", [0, 1])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("actions", [5, 4, 3])
def test_both_kernel_variants_equal_dense_on_partial_group(rng, isa, dtype, actions):
    """5 and 4 actions take the shuffled transposes between a state's row and the lanes; 3 the
    scalar one."""
    P = reference.gridworld(19, 14, slip=0.2)[:, :actions, :]  # S = 266 = 4·66 + 2
    S, A, _ = P.shape
    r = rng.normal(size=(S, A))
    r[S - 1, 1] = -np.inf  # a forbidden action in the partial group
    rho = rng.dirichlet(np.ones(S))
    P, r, rho = P.astype(dtype), r.astype(dtype), rho.astype(dtype)
    blocked, dense = Transitions(P), Transitions(P, storage="dense")
    assert blocked.storage == "csr"
    H = 25
    try:
        if select_isa(isa) != isa:
            pytest.skip("this CPU has no AVX2 + FMA")
        a = ig.soft_value_iteration(blocked, r, horizon=H, discount=0.95, temperature=0.8, initial_distribution=rho,
                                    return_q=True)
        d1, mu1 = ig.occupancy_measures(blocked, a.policy, initial_distribution=rho, horizon=H, discount=0.95)
    finally:
        select_isa(-1)
    b = ig.soft_value_iteration(dense, r, horizon=H, discount=0.95, temperature=0.8, initial_distribution=rho,
                                return_q=True)
    tol = dict(rtol=1e-12, atol=1e-12) if dtype == np.float64 else dict(rtol=1e-4, atol=1e-5)
    for name in ("values", "policy", "q_values", "state_distributions", "occupancy"):
        np.testing.assert_allclose(getattr(a, name), getattr(b, name), **tol)
    assert np.all(a.policy[:, S - 1, 1] == 0)
    np.testing.assert_allclose(d1, b.state_distributions, **tol)
    np.testing.assert_allclose(mu1, b.occupancy, **tol)


@pytest.mark.parametrize("actions, width", [(18, 3), (4, 20)])
def test_wide_blocks_take_the_swift_loops_and_equal_dense(rng, actions, width):
    """More than 16 actions or successors per state: the four-lane C kernels do not apply and
    the per-state Swift loops run; they must agree with the dense path all the same."""
    S = 400
    P = np.zeros((S, actions, S))
    for s in range(S):
        successors = rng.choice(S, size=width, replace=False)
        P[s][:, successors] = rng.dirichlet(np.ones(width), size=actions)
    r = rng.normal(size=(S, actions))
    rho = rng.dirichlet(np.ones(S))
    blocked, dense = Transitions(P), Transitions(P, storage="dense")
    assert blocked.storage == "csr"
    H = 12
    a = ig.soft_value_iteration(blocked, r, horizon=H, discount=0.9, temperature=0.7, initial_distribution=rho,
                                return_q=True)
    b = ig.soft_value_iteration(dense, r, horizon=H, discount=0.9, temperature=0.7, initial_distribution=rho,
                                return_q=True)
    for name in ("values", "policy", "q_values", "state_distributions", "occupancy"):
        np.testing.assert_allclose(getattr(a, name), getattr(b, name), rtol=1e-12, atol=1e-12)


def enable_fused_backup(enabled: bool) -> bool:
    """`ig_test_enable_fused_backup`; returns the previous setting."""
    return bool(debug_switch("ig_test_enable_fused_backup")(int(enabled)))


@pytest.mark.parametrize("isa", [0, 1])
@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("actions", [5, 4, 3])
def test_fused_backup_equals_the_three_call_path_bit_for_bit(rng, isa, threads, actions):
    """The Double backup runs as one C sweep per block (exp and log inlined); it must give the
    very bits of the path it replaced (arguments kernel, array exp, policy kernel, array log)
    in both variants, with a partial group, a forbidden action, Q values and a temperature ≠ 1,
    on one thread and on two (S ≥ 512 takes the two-thread backward)."""
    P = reference.gridworld(23, 23, slip=0.15)[:, :actions, :]  # S = 529 = 4·132 + 1
    P /= P.sum(axis=2, keepdims=True)
    S, A, _ = P.shape
    r = rng.normal(size=(S, A))
    r[S - 1, 0] = -np.inf
    r[7, A - 1] = -np.inf
    rho = rng.dirichlet(np.ones(S))
    t = Transitions(P)
    assert t.storage == "csr"
    runs = []
    try:
        if select_isa(isa) != isa:
            pytest.skip("this CPU has no AVX2 + FMA")
        for fused in (True, False):
            enable_fused_backup(fused)
            runs.append(ig.soft_value_iteration(t, r, horizon=30, discount=0.97, temperature=0.6,
                                                initial_distribution=rho, return_q=True, threads=threads))
    finally:
        enable_fused_backup(True)
        select_isa(-1)
    for name in ("values", "policy", "q_values", "state_distributions", "occupancy"):
        assert np.array_equal(getattr(runs[0], name), getattr(runs[1], name)), name
    assert np.all(runs[0].policy[:, S - 1, 0] == 0)
