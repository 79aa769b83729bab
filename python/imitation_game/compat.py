"""Drop-in replacements for ``imitation.algorithms.mce_irl.mce_partition_fh`` and
``mce_occupancy_measures`` (HumanCompatibleAI/imitation 1.0.1), solved by libimitationgame.

Change only the import::

    # from imitation.algorithms.mce_irl import mce_partition_fh, mce_occupancy_measures
    from imitation_game.compat import mce_partition_fh, mce_occupancy_measures

``env`` is any object with the attributes imitation's functions read: ``transition_matrix``
``(S, A, S)``, ``initial_state_dist`` ``(S,)``, ``horizon`` (int) and ``reward_matrix``
``(S,)`` (read only when ``reward`` is not given). The results have imitation's shapes and
conventions, which differ from the library's own (see :mod:`imitation_game.native`):

- the reward is a state reward ``R[s]``, and ``V``, ``Q``, ``pi`` have ``H`` rows with
  ``Q[H-1] = R`` (no terminal value), temperature 1;
- ``D`` has ``H + 1`` rows, ``D[0] = initial_state_dist``, and
  ``Dcum = Σ_{t=0..H} discount^t · D[t]`` (the final row counts: its mass is ``H + 1`` at
  ``discount = 1``);
- when ``pi`` is not given, ``mce_occupancy_measures`` computes it as imitation does, with
  ``mce_partition_fh(env, reward=reward)`` — that is, **undiscounted** whatever ``discount``
  is; ``discount`` then only weighs ``Dcum``.

Sparse dynamics: every gridworld's dense ``(S, A, S)`` tensor is mostly zeros. The tensor is
validated and its nonzeros counted in one pass inside the library; when at most 5% of the
entries are nonzero and ``S >= 256`` the solve runs on the extracted CSR
(:data:`imitation_game.transitions.SPARSE_DENSITY_THRESHOLD`). A C-contiguous float64/float32
tensor is never copied. To validate the dynamics once for many calls (an IRL loop), pass
``transitions=Transitions(env.transition_matrix)`` — an extension of imitation's signature.

Differences from imitation that are errors rather than silent results: transition rows or a
``pi`` whose rows do not sum to 1 (within √ε), NaN anywhere, and a reward that is not ``(S,)``
raise :class:`~imitation_game.ImitationGameError` / ``ValueError``.
"""

from __future__ import annotations

from typing import Any, Optional, Tuple

import numpy as np

from .native import _occupancy_measures, _reward, _soft_value_iteration
from .transitions import Transitions

__all__ = ["mce_partition_fh", "mce_occupancy_measures"]


def _problem(env: Any, reward: Optional[np.ndarray], transitions: Optional[Transitions]):
    horizon = env.horizon
    if horizon is None:
        raise ValueError("Only finite-horizon environments are supported.")
    t = transitions if transitions is not None else Transitions(env.transition_matrix)
    if reward is None:
        reward = env.reward_matrix
    r = np.asarray(reward)
    if r.shape != (t.state_count,):
        raise ValueError(f"reward: imitation's functions take a state reward of shape ({t.state_count},), got {r.shape}")
    return int(horizon), t, r


def mce_partition_fh(
    env: Any,
    *,
    reward: Optional[np.ndarray] = None,
    discount: float = 1.0,
    transitions: Optional[Transitions] = None,
) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""The soft Bellman backup of a finite-horizon MDP, as imitation computes it.

    Returns ``(V, Q, pi)``: ``V[t, s]`` of shape ``(H, S)``, ``Q[t, s, a]`` and ``pi[t, s, a]``
    of shape ``(H, S, A)``, with ``Q[H-1] = R``, ``Q[t] = R + discount·P·V[t+1]``,
    ``V[t] = log Σ_a exp Q[t]``, ``pi = exp(Q − V)``.
    """
    horizon, t, r = _problem(env, reward, transitions)
    rewards, squeeze = _reward(r, t)
    result = _soft_value_iteration(t, rewards, squeeze, horizon=horizon, discount=discount, temperature=1.0,
                                   terminal_values=None, initial_distribution=None, return_q=True,
                                   want_occupancy=False)
    # Ours has H+1 value rows (row H is the terminal value 0); imitation reports the first H.
    return result.values[:horizon], result.q_values, result.policy


def mce_occupancy_measures(
    env: Any,
    *,
    reward: Optional[np.ndarray] = None,
    pi: Optional[np.ndarray] = None,
    discount: float = 1.0,
    transitions: Optional[Transitions] = None,
) -> Tuple[np.ndarray, np.ndarray]:
    """State visitation frequencies of ``pi``, as imitation computes them.

    Returns ``(D, Dcum)``: ``D[t, s]`` of shape ``(H+1, S)`` with ``D[0] = initial_state_dist``
    and ``D[t+1] = Σ_{s,a} D[t, s]·pi[t, s, a]·P[s, a, :]``; ``Dcum = Σ_{t≤H} discount^t·D[t]``.
    ``pi`` defaults to imitation's choice, ``mce_partition_fh(env, reward=reward)`` (undiscounted).
    """
    horizon, t, r = _problem(env, reward, transitions)
    rho = env.initial_state_dist
    # Only d is returned: the library is asked for no state-action occupancy μ.
    if pi is None:
        # imitation calls mce_partition_fh(env, reward=reward) here, without the discount.
        rewards, squeeze = _reward(r, t)
        result = _soft_value_iteration(t, rewards, squeeze, horizon=horizon, discount=1.0, temperature=1.0,
                                       terminal_values=None, initial_distribution=rho, return_q=False,
                                       want_occupancy=False)
        d = result.state_distributions
    else:
        d, _ = _occupancy_measures(t, pi, initial_distribution=rho, horizon=horizon, discount=1.0,
                                   probability_tolerance=None, want_occupancy=False)
    dcum = np.polynomial.polynomial.polyval(float(discount), d) if discount != 1.0 else d.sum(axis=0)
    return d, dcum
