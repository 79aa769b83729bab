"""The memory budget from Python: IMITATION_GAME_MEMORY_MB is read at every call, and a request
beyond it is an ImitationGameError naming the request and the budget (never a killed process)."""

import numpy as np
import pytest
import reference

import imitation_game as ig
from imitation_game import ImitationGameError


def test_environment_budget_refuses_before_allocating(rng, monkeypatch):
    P = reference.random_mdp(rng, 6, 3)
    r = rng.normal(size=(6, 3))
    rho = np.full(6, 1 / 6)
    ig.soft_value_iteration(P, r, horizon=50)  # fits the default budget
    monkeypatch.setenv("IMITATION_GAME_MEMORY_MB", "0.001")
    with pytest.raises(ImitationGameError, match=r"over the memory budget of 1048 bytes") as info:
        ig.soft_value_iteration(P, r, horizon=50, initial_distribution=rho)
    assert info.value.status_name == "IG_ERROR_MEMORY_BUDGET"
    assert "S = 6, A = 3, B = 1, H = 50" in str(info.value)
    monkeypatch.delenv("IMITATION_GAME_MEMORY_MB")
    res = ig.soft_value_iteration(P, r, horizon=50)
    assert np.allclose(res.policy.sum(axis=-1), 1.0)
