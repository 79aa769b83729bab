"""The memory the library keeps between calls (scratch arrays and the storage of dropped internal
results): reported by ``scratch_held_bytes``, given back by ``release_scratch``, and never a
change in the numbers."""

import numpy as np
import reference

import imitation_game as ig


def test_maxent_keeps_its_internal_arrays_until_released(rng):
    # π alone is H·S·A = 60·300·4 Doubles ≈ 576 KB per column; B = 3 columns put it above the
    # 1 MiB floor under which nothing is kept.
    S, A, K, H, B = 300, 4, 3, 60, 3
    P = reference.random_mdp(rng, S, A)
    rho = np.full(S, 1.0 / S)
    phi = rng.normal(size=(S, A, K))
    mu_E = ig.soft_value_iteration(P, phi @ rng.normal(size=(K, B)), horizon=H, initial_distribution=rho).occupancy
    kwargs = dict(initial_distribution=rho, horizon=H, max_iterations=4, storage="dense")
    first = ig.maxent_irl(P, phi, mu_E, **kwargs)
    assert ig.scratch_held_bytes() >= 1 << 20
    ig.release_scratch()
    assert ig.scratch_held_bytes() == 0
    second = ig.maxent_irl(P, phi, mu_E, **kwargs)  # fresh memory after the release
    third = ig.maxent_irl(P, phi, mu_E, **kwargs)   # reused memory
    for a, b in ((first, second), (second, third)):
        np.testing.assert_array_equal(a.weights, b.weights)
        np.testing.assert_array_equal(a.policy, b.policy)
        np.testing.assert_array_equal(a.occupancy, b.occupancy)
    ig.release_scratch()
    assert ig.scratch_held_bytes() == 0
