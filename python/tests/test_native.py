"""The native functions agree with a plain NumPy implementation of the same equations, the
sparse path equals the dense path, and the transition tensor is read in place."""

import numpy as np
import pytest
import reference

import imitation_game as ig
from imitation_game import Transitions


@pytest.fixture
def problem(rng):
    return reference.random_problem(rng, 7, 3, 4)


@pytest.mark.parametrize("discount", [0.0, 0.7, 1.0])
def test_finite_soft_value_iteration_and_forward_pass(problem, rng, discount):
    P, r, rho = problem
    H, alpha = 9, 0.7
    terminal = rng.normal(size=P.shape[0])
    res = ig.soft_value_iteration(P, r, horizon=H, discount=discount, temperature=alpha, terminal_values=terminal,
                                  initial_distribution=rho, return_q=True)
    V, Q, pi = reference.soft_value_iteration(P, r, H, discount, alpha, terminal)
    np.testing.assert_allclose(res.values, V, atol=1e-12)
    np.testing.assert_allclose(res.q_values, Q, atol=1e-12)
    np.testing.assert_allclose(res.policy, pi, atol=1e-12)
    d, mu = reference.occupancy(P, pi, rho, H, discount)
    np.testing.assert_allclose(res.state_distributions, d, atol=1e-12)
    np.testing.assert_allclose(res.occupancy, mu, atol=1e-12)
    mass = sum(discount**t for t in range(H))
    np.testing.assert_allclose(res.occupancy.sum(axis=(0, 1)), mass, atol=1e-9 * H)


def test_unbatched_shapes_and_state_reward(problem):
    P, r, rho = problem
    S, A, _ = P.shape
    res = ig.soft_value_iteration(P, r[:, :, 0], horizon=5, initial_distribution=rho)
    assert res.values.shape == (6, S) and res.policy.shape == (5, S, A)
    assert res.state_distributions.shape == (6, S) and res.occupancy.shape == (S, A)
    assert res.q_values is None
    state = ig.soft_value_iteration(P, r[:, 0, 0], horizon=5)
    broadcast = ig.soft_value_iteration(P, np.repeat(r[:, :1, 0], A, axis=1), horizon=5)
    np.testing.assert_allclose(state.values, broadcast.values, atol=0)


def test_infinite_horizon(problem):
    P, r, rho = problem
    res = ig.soft_value_iteration(P, r, horizon=None, discount=0.8, initial_distribution=rho, return_q=True)
    V, Q, pi = reference.soft_value_iteration_infinite(P, r, 0.8)
    assert res.values.shape == (1,) + V.shape and res.policy.shape == (1,) + pi.shape
    np.testing.assert_allclose(res.values[0], V, atol=1e-9)
    np.testing.assert_allclose(res.policy[0], pi, atol=1e-9)
    d, mu = reference.occupancy_infinite(P, res.policy, rho, 0.8)
    np.testing.assert_allclose(res.state_distributions[0], d, atol=1e-9)
    np.testing.assert_allclose(res.occupancy, mu, atol=1e-9)
    np.testing.assert_allclose(res.occupancy.sum(axis=(0, 1)), 1 / (1 - 0.8), atol=1e-9)


def test_occupancy_of_given_policies(problem, rng):
    P, _, rho = problem
    S, A, _ = P.shape
    H, B = 6, 3
    pi = rng.random((H, S, A, B))
    pi /= pi.sum(axis=2, keepdims=True)
    d, mu = ig.occupancy_measures(P, pi, initial_distribution=rho, horizon=H, discount=0.9)
    d_ref, mu_ref = reference.occupancy(P, pi, rho, H, 0.9)
    np.testing.assert_allclose(d, d_ref, atol=1e-13)
    np.testing.assert_allclose(mu, mu_ref, atol=1e-13)
    stationary = pi[0, :, :, 0]
    d, mu = ig.occupancy_measures(P, stationary, initial_distribution=rho, horizon=H)
    d_ref, mu_ref = reference.occupancy(P, stationary[None, :, :, None], rho, H)
    np.testing.assert_allclose(d, d_ref[..., 0], atol=1e-13)
    np.testing.assert_allclose(mu, mu_ref[..., 0], atol=1e-13)
    d, mu = ig.occupancy_measures(P, pi[:1], initial_distribution=rho, horizon=None, discount=0.6)
    d_ref, mu_ref = reference.occupancy_infinite(P, pi[:1], rho, 0.6)
    np.testing.assert_allclose(d[0], d_ref, atol=1e-12)
    np.testing.assert_allclose(mu, mu_ref, atol=1e-12)


def test_policy_evaluation(problem, rng):
    P, r, rho = problem
    S, A, B = r.shape
    H = 8
    pi = rng.random((H, S, A, B))
    pi /= pi.sum(axis=2, keepdims=True)
    terminal = rng.normal(size=S)
    ev = ig.evaluate_policy(P, pi, r, initial_distribution=rho, horizon=H, discount=0.9, terminal_values=terminal)
    Q, V, J = reference.evaluate(P, pi, r, rho, H, 0.9, terminal)
    np.testing.assert_allclose(ev.q_values, Q, atol=1e-12)
    np.testing.assert_allclose(ev.values, V, atol=1e-12)
    np.testing.assert_allclose(ev.returns, J, atol=1e-12)
    # J = Σ μ r + γ^H Σ d_H V_H (an independent route through the occupancy).
    d, mu = reference.occupancy(P, pi, rho, H, 0.9)
    np.testing.assert_allclose(ev.returns, np.einsum("sab,sab->b", mu, r) + 0.9**H * terminal @ d[H], atol=1e-12)


def test_soft_optimal_policy_value_identity(problem):
    # For the soft-optimal policy, V_soft = E_π[Q] + α·H(π) at every step: evaluation of π under
    # r − α log π gives back the soft values.
    P, r, rho = problem
    res = ig.soft_value_iteration(P, r, horizon=6, discount=0.9, temperature=0.5, initial_distribution=rho)
    shaped = r[None] - 0.5 * np.log(res.policy)
    Q, V, J = reference.evaluate(P, res.policy, r, rho, 6, 0.9)
    entropy_bonus = -0.5 * np.einsum("tsab,tsab->b", res.policy * np.log(res.policy),
                                     np.broadcast_to(res.state_distributions[:6, :, None, :] * 0.9 ** np.arange(6)[:, None, None, None],
                                                     res.policy.shape))
    np.testing.assert_allclose(rho @ res.values[0], J + entropy_bonus, atol=1e-10)
    assert shaped.shape == res.policy.shape


def test_forbidden_actions_get_zero_probability(problem):
    P, r, rho = problem
    r = r.copy()
    r[2, 1, :] = -np.inf
    res = ig.soft_value_iteration(P, r, horizon=4, initial_distribution=rho)
    assert np.all(res.policy[:, 2, 1, :] == 0)
    assert np.all(np.isfinite(res.values))
    np.testing.assert_allclose(res.policy.sum(axis=2), 1, atol=1e-12)


def test_sparse_path_equals_dense_path(rng):
    P = reference.gridworld(16, 16, slip=0.2)
    S, A, _ = P.shape
    r = rng.normal(size=(S, A, 2))
    rho = np.full(S, 1.0 / S)
    auto, dense, forced = Transitions(P), Transitions(P, storage="dense"), Transitions(P, storage="csr")
    assert auto.storage == "csr" and dense.storage == "dense" and forced.storage == "csr"
    assert auto.density <= ig.SPARSE_DENSITY_THRESHOLD and auto.nonzero_count == np.count_nonzero(P)
    indptr, indices, data = reference.to_csr(P)
    borrowed64 = Transitions.from_csr(indptr, indices, data, state_count=S, action_count=A)
    borrowed32 = Transitions.from_csr(indptr.astype(np.int32), indices.astype(np.int32), data, state_count=S,
                                      action_count=A)
    # The caller's arrays are never copied as they are; the gridworld's rows fit per-state blocks,
    # which the handle builds (and owns) so that CSR runs on the same kernels as the dense tensor.
    assert not borrowed64.copied and not borrowed32.copied
    assert borrowed64.owned_bytes == borrowed32.owned_bytes == auto.owned_bytes > 0
    results = [ig.soft_value_iteration(t, r, horizon=25, discount=0.97, initial_distribution=rho, return_q=True)
               for t in (dense, auto, forced, borrowed64, borrowed32)]
    for other in results[1:]:
        for name in ("values", "policy", "q_values", "state_distributions", "occupancy"):
            np.testing.assert_allclose(getattr(other, name), getattr(results[0], name), rtol=0, atol=1e-12)
    # B = 1 (the GEMV path for dense) too, and the other entry points.
    pi = results[0].policy[..., :1]
    for t in (auto, borrowed32):
        d0, mu0 = ig.occupancy_measures(dense, pi, initial_distribution=rho, horizon=25)
        d1, mu1 = ig.occupancy_measures(t, pi, initial_distribution=rho, horizon=25)
        np.testing.assert_allclose(d1, d0, atol=1e-12)
        np.testing.assert_allclose(mu1, mu0, atol=1e-12)
        e0 = ig.evaluate_policy(dense, pi, r[..., :1], initial_distribution=rho, horizon=25)
        e1 = ig.evaluate_policy(t, pi, r[..., :1], initial_distribution=rho, horizon=25)
        np.testing.assert_allclose(e1.values, e0.values, atol=1e-12)


def test_scipy_matrix_is_wrapped_without_copy(rng):
    sparse = pytest.importorskip("scipy.sparse")
    P = reference.random_mdp(rng, 40, 3, successors=4)
    m = sparse.csr_matrix(P.reshape(120, 40))
    t = Transitions.from_scipy(m, action_count=3)
    assert not t.copied and t.storage == "csr" and t.owned_bytes == 0
    r = rng.normal(size=(40, 3))
    a = ig.soft_value_iteration(t, r, horizon=10).values
    b = ig.soft_value_iteration(P, r, horizon=10).values
    np.testing.assert_allclose(a, b, atol=1e-12)


def test_transition_tensor_is_read_in_place(rng):
    P = reference.random_mdp(rng, 6, 2)
    t = Transitions(P)
    assert not t.copied and t._arrays[0] is P and t.owned_bytes == 0 and t.storage == "dense"
    # A non-contiguous or wrongly typed tensor is converted, and says so.
    assert Transitions(np.asfortranarray(P)).copied
    assert Transitions(P.tolist()).copied


def test_dense_small_problem_stays_dense_even_if_sparse(rng):
    P = reference.random_mdp(rng, 100, 2, successors=1)  # density 1%, but S < 256
    assert Transitions(P).storage == "dense"


def test_single_column_kernel_matches_batched_kernel(problem):
    # B = 1 runs a log-sum-exp vectorised across states; B = 2 the library's batch-vectorised one.
    P, r, rho = problem
    r = r[:, :, :1].copy()
    r[2, 1, 0] = -np.inf
    one = ig.soft_value_iteration(P, r, horizon=7, discount=0.9, temperature=0.3, initial_distribution=rho)
    two = ig.soft_value_iteration(P, np.repeat(r, 2, axis=2), horizon=7, discount=0.9, temperature=0.3,
                                  initial_distribution=rho)
    np.testing.assert_allclose(one.values, two.values[..., :1], rtol=1e-14, atol=1e-13)
    np.testing.assert_allclose(one.policy, two.policy[..., :1], rtol=1e-13, atol=1e-15)
    assert np.all(one.policy[:, 2, 1, 0] == 0)


def test_auto_storage_decides_by_the_exact_count_not_the_sample(rng):
    # The rows the library samples (64, evenly spread) are dense, the tensor as a whole is 3% dense:
    # the exact count decides (CSR), through the second, collecting pass.
    S = 2048
    P = np.zeros((S, 1, S))
    P[np.arange(S), 0, rng.integers(0, S, size=S)] = 1.0
    sampled = [S * k // 64 for k in range(64)]
    P[sampled, 0, :] = 1.0 / S
    t = Transitions(P)
    assert t.storage == "csr" and t.nonzero_count == np.count_nonzero(P)
    r = rng.normal(size=(S, 1))
    a = ig.soft_value_iteration(t, r, horizon=4, initial_distribution=np.full(S, 1.0 / S))
    b = ig.soft_value_iteration(Transitions(P, storage="dense"), r, horizon=4, initial_distribution=np.full(S, 1.0 / S))
    np.testing.assert_allclose(a.occupancy, b.occupancy, atol=1e-12)
    np.testing.assert_allclose(a.values, b.values, atol=1e-12)
