"""The backward pass on per-state blocks split over two threads (S ≥ 512, B = 1, threads ≥ 2):
the blocks of 128 states are shared out step by step, each computed exactly as on one thread,
so every output must equal the one-thread pass bit for bit, and a state without a valid action
must raise the same error."""

import numpy as np
import pytest
import reference

import imitation_game as ig
from imitation_game import ImitationGameError, Transitions


@pytest.fixture(scope="module")
def grid():
    return reference.gridworld(26, 23, slip=0.15)  # S = 598: five blocks of 128 states, the last partial


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_two_threads_equal_one_thread_bit_for_bit(grid, rng, dtype):
    P = grid.astype(dtype)
    S, A, _ = P.shape
    r = rng.normal(size=(S, A)).astype(dtype)
    r[S - 1, 2] = -np.inf  # a forbidden action in the last, partial group
    rho = rng.dirichlet(np.ones(S)).astype(dtype)
    t = Transitions(P)
    assert t.storage == "csr"
    kw = dict(horizon=40, discount=0.97, temperature=0.9, initial_distribution=rho, return_q=True)
    one = ig.soft_value_iteration(t, r, threads=1, **kw)
    for _ in range(3):  # the split differs from run to run; the numbers must not
        two = ig.soft_value_iteration(t, r, threads=2, **kw)
        for field in ("values", "policy", "q_values", "state_distributions", "occupancy"):
            np.testing.assert_array_equal(getattr(two, field), getattr(one, field))
    assert np.all(two.policy[:, S - 1, 2] == 0)


def test_two_threads_raise_the_one_thread_error(grid, rng):
    S, A, _ = grid.shape
    r = rng.normal(size=(S, A))
    r[301, :] = -np.inf
    messages = []
    for threads in (1, 2):
        with pytest.raises(ImitationGameError) as info:
            ig.soft_value_iteration(grid, r, horizon=12, threads=threads)
        assert info.value.status_name == "IG_ERROR_NO_VALID_ACTION"
        messages.append(str(info.value))
    assert messages[0] == messages[1] and "301" in messages[0]


def test_blocks_built_on_two_threads_equal_the_dense_path(grid, rng):
    # S = 598: the per-state blocks are built in two ranges of states, the lanes in two ranges of groups.
    S, A, _ = grid.shape
    r = rng.normal(size=(S, A))
    rho = rng.dirichlet(np.ones(S))
    blocked, dense = Transitions(grid), Transitions(grid, storage="dense")
    assert blocked.storage == "csr" and blocked.nonzero_count == np.count_nonzero(grid)
    kw = dict(horizon=15, discount=0.95, initial_distribution=rho, return_q=True)
    a = ig.soft_value_iteration(blocked, r, **kw)
    b = ig.soft_value_iteration(dense, r, **kw)
    for field in ("values", "policy", "q_values", "state_distributions", "occupancy"):
        np.testing.assert_allclose(getattr(a, field), getattr(b, field), rtol=0, atol=1e-12)
    # Batched (B = 3): the operator's pull and push read the plain per-state layout.
    rb = rng.normal(size=(S, A, 3))
    a = ig.soft_value_iteration(blocked, rb, **kw)
    b = ig.soft_value_iteration(dense, rb, **kw)
    for field in ("values", "policy", "state_distributions", "occupancy"):
        np.testing.assert_allclose(getattr(a, field), getattr(b, field), rtol=0, atol=1e-12)
