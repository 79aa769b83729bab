"""MaxEnt IRL through the C ABI: recovers identifiable weights, and its outputs are consistent
with the other native functions (an independent route through soft VI and the forward pass)."""

import numpy as np
import pytest
import reference

import imitation_game as ig


@pytest.fixture
def expert(rng):
    S, A, K, H = 6, 2, 3, 8
    P = reference.random_mdp(rng, S, A)
    rho = np.full(S, 1.0 / S)
    phi = rng.normal(size=(S, A, K))
    lam = rng.normal(size=(K, 2))
    demo = ig.soft_value_iteration(P, phi @ lam, horizon=H, discount=0.9, initial_distribution=rho)
    return P, rho, phi, lam, demo.occupancy, H


def test_recovers_weights_and_is_self_consistent(expert):
    P, rho, phi, lam, mu_E, H = expert
    res = ig.maxent_irl(P, phi, mu_E, initial_distribution=rho, horizon=H, discount=0.9, optimizer="adam",
                        step_size=0.1, max_iterations=3000, mismatch_tolerance=1e-9)
    assert res.weights.shape == (3, 2) and res.policy.shape == (H, 6, 2, 2) and res.iterations.shape == (2,)
    assert np.all(res.iterations < 3000)
    np.testing.assert_allclose(res.weights, lam, atol=1e-6)
    np.testing.assert_allclose(res.reward, phi @ res.weights, atol=1e-12)
    again = ig.soft_value_iteration(P, res.reward, horizon=H, discount=0.9, initial_distribution=rho)
    np.testing.assert_allclose(res.policy, again.policy, atol=1e-12)
    np.testing.assert_allclose(res.occupancy, again.occupancy, atol=1e-12)
    np.testing.assert_allclose(res.feature_expectations, np.einsum("sak,sab->kb", phi, res.occupancy), atol=1e-12)
    F_E = np.einsum("sak,sab->kb", phi, mu_E)
    assert res.mismatch_history.shape == (res.iterations.max(), 2)
    np.testing.assert_allclose(res.mismatch_history[-1], np.abs(res.feature_expectations - F_E).max(axis=0), atol=1e-12)


def test_batched_call_equals_separate_calls(expert):
    P, rho, phi, _, mu_E, H = expert
    kwargs = dict(initial_distribution=rho, horizon=H, discount=0.9, step_size=0.2, max_iterations=40)
    both = ig.maxent_irl(P, phi, mu_E, **kwargs)
    for col in range(2):
        one = ig.maxent_irl(P, phi, mu_E[:, :, col], **kwargs)
        np.testing.assert_allclose(one.weights, both.weights[:, col], atol=1e-12)
        assert one.mismatch_history.shape == (40,)


def test_bad_expert_occupancy_is_an_error(expert):
    P, rho, phi, _, mu_E, H = expert
    with pytest.raises(ig.ImitationGameError) as info:
        ig.maxent_irl(P, phi, mu_E * 2, initial_distribution=rho, horizon=H, discount=0.9)
    assert "mass" in str(info.value)
    with pytest.raises(ig.ImitationGameError, match="stepSize|step"):
        ig.maxent_irl(P, phi, mu_E, initial_distribution=rho, horizon=H, discount=0.9, step_size=-1)
