"""The float32 path: same API, float32 outputs, agreement with float64 to float precision."""

import numpy as np
import reference

import imitation_game as ig
from imitation_game import Transitions


def test_float32_agrees_with_float64(rng):
    P = reference.random_mdp(rng, 12, 3)
    r = rng.normal(size=(12, 3, 2))
    rho = np.full(12, 1 / 12)
    P32 = P.astype(np.float32)
    t32 = Transitions(P32)
    assert t32.dtype == np.float32 and not t32.copied
    res32 = ig.soft_value_iteration(t32, r, horizon=15, discount=0.9, initial_distribution=rho, return_q=True)
    res64 = ig.soft_value_iteration(P, r, horizon=15, discount=0.9, initial_distribution=rho, return_q=True)
    for name in ("values", "policy", "q_values", "state_distributions", "occupancy"):
        a, b = getattr(res32, name), getattr(res64, name)
        assert a.dtype == np.float32
        np.testing.assert_allclose(a, b, rtol=2e-4, atol=2e-4 * max(1.0, np.abs(b).max()))
    np.testing.assert_allclose(res32.policy.sum(axis=2), 1, atol=1e-5)
    d, mu = ig.occupancy_measures(t32, res32.policy, initial_distribution=rho, horizon=15, discount=0.9)
    np.testing.assert_allclose(mu, res32.occupancy, atol=1e-5)
    ev = ig.evaluate_policy(t32, res32.policy, r, initial_distribution=rho, horizon=15, discount=0.9)
    ev64 = ig.evaluate_policy(P, res64.policy, r, initial_distribution=rho, horizon=15, discount=0.9)
    assert ev.returns.dtype == np.float32
    np.testing.assert_allclose(ev.returns, ev64.returns, rtol=1e-4)


def test_float32_sparse_equals_float32_dense(rng):
    P = reference.gridworld(16, 16).astype(np.float32)
    r = rng.normal(size=(256, 5)).astype(np.float32)
    a = ig.soft_value_iteration(Transitions(P, storage="csr"), r, horizon=20, discount=0.95)
    b = ig.soft_value_iteration(Transitions(P, storage="dense"), r, horizon=20, discount=0.95)
    np.testing.assert_allclose(a.values, b.values, rtol=1e-5, atol=1e-4)
    indptr, indices, data = reference.to_csr(P.astype(np.float64))
    c = ig.soft_value_iteration(Transitions.from_csr(indptr.astype(np.int32), indices.astype(np.int32),
                                                     data.astype(np.float32), state_count=256, action_count=5),
                                r, horizon=20, discount=0.95)
    np.testing.assert_allclose(c.values, b.values, rtol=1e-5, atol=1e-4)
