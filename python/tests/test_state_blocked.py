"""Mostly-zero dense tensors whose actions share their successors (gridworlds) are solved on
per-state blocks, with fused single-column (B = 1) passes. Checked against the dense GEMV path
and the NumPy reference, including forbidden actions, Q-values and the no-valid-action error."""

import numpy as np
import pytest
import reference

import imitation_game as ig
from imitation_game import ImitationGameError, Transitions


@pytest.fixture
def grid(rng):
    P = reference.gridworld(16, 16, slip=0.3)
    S, A, _ = P.shape
    return P, rng.normal(size=(S, A)), rng.dirichlet(np.ones(S))


@pytest.mark.parametrize("discount", [1.0, 0.9, 0.0])
@pytest.mark.parametrize("threads", [0, 1])
def test_fused_single_column_passes_equal_dense_and_reference(grid, discount, threads):
    P, r, rho = grid
    r = r.copy()
    r[5, 2] = -np.inf  # a forbidden action
    blocked, dense = Transitions(P), Transitions(P, storage="dense")
    assert blocked.storage == "csr" and blocked.owned_bytes > 0
    H = 30
    a = ig.soft_value_iteration(blocked, r, horizon=H, discount=discount, temperature=0.7, initial_distribution=rho,
                                return_q=True, threads=threads)
    b = ig.soft_value_iteration(dense, r, horizon=H, discount=discount, temperature=0.7, initial_distribution=rho,
                                return_q=True, threads=threads)
    for name in ("values", "policy", "q_values", "state_distributions", "occupancy"):
        np.testing.assert_allclose(getattr(a, name), getattr(b, name), rtol=1e-13, atol=1e-13)
    assert np.all(a.policy[:, 5, 2] == 0)
    V, Q, pi = reference.soft_value_iteration(P, r[..., None], H, discount=discount, temperature=0.7)
    np.testing.assert_allclose(a.values, V[..., 0], rtol=1e-12, atol=1e-12)
    d, mu = reference.occupancy(P, a.policy[..., None], rho, H, discount=discount)
    d, mu = d[..., 0], mu[..., 0]
    np.testing.assert_allclose(a.state_distributions, d, atol=1e-14)
    np.testing.assert_allclose(a.occupancy, mu, atol=1e-14)
    # The forward pass alone (a given policy) takes the fused step too.
    d1, mu1 = ig.occupancy_measures(blocked, a.policy, initial_distribution=rho, horizon=H, discount=discount)
    np.testing.assert_allclose(d1, d, atol=1e-14)
    np.testing.assert_allclose(mu1, mu, atol=1e-14)


def test_state_without_valid_action_is_reported(grid):
    P, r, _ = grid
    r = r.copy()
    r[7, :] = -np.inf
    with pytest.raises(ImitationGameError, match="state 7") as info:
        ig.soft_value_iteration(Transitions(P), r, horizon=3)
    assert info.value.status_name == "IG_ERROR_NO_VALID_ACTION"


@pytest.mark.parametrize("batch,threads", [(3, 0), (64, 2), (64, 1)])
def test_batched_rewards_on_blocks_equal_dense(grid, rng, batch, threads):
    # B = 64 with 2 threads splits the blocked pull over threads and the push into partial sums.
    P, _, rho = grid
    S, A, _ = P.shape
    r = rng.normal(size=(S, A, batch))
    a = ig.soft_value_iteration(Transitions(P), r, horizon=12, discount=0.95, initial_distribution=rho,
                                threads=threads)
    b = ig.soft_value_iteration(Transitions(P, storage="dense"), r, horizon=12, discount=0.95,
                                initial_distribution=rho, threads=threads)
    for name in ("values", "policy", "state_distributions", "occupancy"):
        np.testing.assert_allclose(getattr(a, name), getattr(b, name), rtol=1e-13, atol=1e-13)


def test_float32_fused_passes_equal_float32_dense(grid):
    P, r, rho = (x.astype(np.float32) for x in grid)
    a = ig.soft_value_iteration(Transitions(P), r, horizon=20, discount=0.95, initial_distribution=rho)
    b = ig.soft_value_iteration(Transitions(P, storage="dense"), r, horizon=20, discount=0.95,
                                initial_distribution=rho)
    assert a.values.dtype == np.float32 and a.occupancy.dtype == np.float32
    for name in ("values", "policy", "state_distributions", "occupancy"):
        np.testing.assert_allclose(getattr(a, name), getattr(b, name), rtol=1e-4, atol=1e-5)
