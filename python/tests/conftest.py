import json
import pathlib
import sys
import types

import numpy as np
import pytest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # reference.py
sys.path.insert(0, str(HERE.parent))  # the package, when not pip-installed


@pytest.fixture(scope="session")
def golden():
    return json.loads((HERE / "data" / "imitation_reasonable_mdp.json").read_text())


@pytest.fixture(scope="session")
def golden_env(golden):
    return types.SimpleNamespace(
        transition_matrix=np.array(golden["transition_matrix"]),
        initial_state_dist=np.array(golden["initial_state_dist"]),
        horizon=golden["horizon"],
        reward_matrix=np.array(golden["state_reward"]),
    )


@pytest.fixture
def rng():
    return np.random.default_rng(20240611)
