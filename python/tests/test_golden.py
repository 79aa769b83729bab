"""The imitation-compatible functions reproduce imitation 1.0.1's own numbers (shared golden file)."""

import types

import numpy as np
import pytest
import reference

from imitation_game import Transitions
from imitation_game.compat import mce_occupancy_measures, mce_partition_fh
from imitation_game import mce


def test_partition_matches_golden_to_nine_digits(golden, golden_env):
    assert len(golden["cases"]) == 5
    H = golden["horizon"]
    for case in golden["cases"]:
        V, Q, pi = mce_partition_fh(golden_env, discount=case["discount"])
        assert V.shape == (H, 5) and Q.shape == (H, 5, 3) and pi.shape == (H, 5, 3)
        np.testing.assert_allclose(V, np.array(case["V"]), rtol=0, atol=1e-9)
        np.testing.assert_allclose(pi, np.array(case["pi"]), rtol=0, atol=1e-9)
        # Q is not in the file: imitation's recursion defines it from V.
        R = golden_env.reward_matrix
        np.testing.assert_allclose(Q[H - 1], np.repeat(R[:, None], 3, axis=1), atol=1e-12)
        expected = R[:, None] + case["discount"] * (golden_env.transition_matrix @ V[1:].T).transpose(2, 0, 1)
        np.testing.assert_allclose(Q[: H - 1], expected, atol=1e-9)


def test_occupancy_with_given_policy_matches_golden(golden, golden_env):
    H = golden["horizon"]
    for case in golden["cases"]:
        pi = np.array(case["pi"])
        D, Dcum = mce_occupancy_measures(golden_env, pi=pi, discount=case["discount"])
        assert D.shape == (H + 1, 5) and Dcum.shape == (5,)
        np.testing.assert_allclose(D, np.array(case["D"]), rtol=0, atol=1e-9)
        np.testing.assert_allclose(Dcum, np.array(case["Dcum"]), rtol=0, atol=1e-9)


def test_occupancy_without_policy_plans_undiscounted_like_imitation(golden, golden_env):
    # imitation 1.0.1 computes the default pi with mce_partition_fh(env, reward=reward): no discount.
    P, rho, R, H = golden_env.transition_matrix, golden_env.initial_state_dist, golden_env.reward_matrix, golden_env.horizon
    _, _, pi1 = reference.imitation_partition(P, R, H, discount=1.0)
    for case in golden["cases"]:
        D, Dcum = mce_occupancy_measures(golden_env, discount=case["discount"])
        D_ref, Dcum_ref = reference.imitation_occupancy(P, rho, pi1, H, case["discount"])
        np.testing.assert_allclose(D, D_ref, rtol=0, atol=1e-9)
        np.testing.assert_allclose(Dcum, Dcum_ref, rtol=0, atol=1e-9)
    undiscounted = next(c for c in golden["cases"] if c["discount"] == 1.0)
    D, Dcum = mce_occupancy_measures(golden_env)
    np.testing.assert_allclose(D, np.array(undiscounted["D"]), rtol=0, atol=1e-9)
    np.testing.assert_allclose(Dcum, np.array(undiscounted["Dcum"]), rtol=0, atol=1e-9)
    assert Dcum.sum() == pytest.approx(H + 1, abs=1e-9)


def test_reward_argument_overrides_reward_matrix(golden, golden_env):
    other = types.SimpleNamespace(**vars(golden_env))
    other.reward_matrix = np.zeros(5)
    case = golden["cases"][2]
    V, _, pi = mce_partition_fh(other, reward=golden_env.reward_matrix, discount=case["discount"])
    np.testing.assert_allclose(V, np.array(case["V"]), atol=1e-9)
    D, _ = mce_occupancy_measures(other, reward=golden_env.reward_matrix, discount=1.0)
    np.testing.assert_allclose(D, np.array(golden["cases"][-1]["D"]), atol=1e-9)


def test_mce_alias_and_prebuilt_transitions(golden, golden_env):
    case = golden["cases"][3]
    handle = Transitions(golden_env.transition_matrix)
    V, _, pi = mce.mce_partition_fh(golden_env, discount=case["discount"], transitions=handle)
    np.testing.assert_allclose(V, np.array(case["V"]), atol=1e-9)
    D, _ = mce.mce_occupancy_measures(golden_env, pi=pi, discount=case["discount"], transitions=handle)
    np.testing.assert_allclose(D, np.array(case["D"]), atol=1e-9)


def test_sparse_gridworld_env_takes_csr_path_and_matches_imitation_reference():
    P = reference.gridworld(16, 16, slip=0.1)  # S = 256, density ≈ 1.4%
    S = P.shape[0]
    rng = np.random.default_rng(5)
    env = types.SimpleNamespace(transition_matrix=P, initial_state_dist=np.full(S, 1.0 / S), horizon=30,
                                reward_matrix=rng.normal(size=S))
    assert Transitions(P).storage == "csr"
    V, Q, pi = mce_partition_fh(env, discount=0.95)
    V_ref, Q_ref, pi_ref = reference.imitation_partition(P, env.reward_matrix, 30, 0.95)
    np.testing.assert_allclose(V, V_ref, atol=1e-9)
    np.testing.assert_allclose(pi, pi_ref, atol=1e-12)
    D, Dcum = mce_occupancy_measures(env, pi=pi, discount=0.95)
    D_ref, Dcum_ref = reference.imitation_occupancy(P, env.initial_state_dist, pi_ref, 30, 0.95)
    np.testing.assert_allclose(D, D_ref, atol=1e-12)
    np.testing.assert_allclose(Dcum, Dcum_ref, atol=1e-12)


def test_infinite_horizon_env_is_rejected_like_imitation(golden_env):
    env = types.SimpleNamespace(**vars(golden_env))
    env.horizon = None
    with pytest.raises(ValueError, match="finite-horizon"):
        mce_partition_fh(env)
