"""Bad input raises an exception carrying the library's message (never a crash)."""

import ctypes
import threading

import numpy as np
import pytest
import reference

import imitation_game as ig
from imitation_game import ImitationGameError, Transitions
from imitation_game._library import library


@pytest.fixture
def mdp(rng):
    P = reference.random_mdp(rng, 5, 2)
    return P, rng.normal(size=(5, 2)), np.full(5, 0.2)


def raises(status_name, match, fn, *args, **kwargs):
    with pytest.raises(ImitationGameError, match=match) as info:
        fn(*args, **kwargs)
    assert info.value.status_name == status_name
    assert isinstance(info.value, ValueError)
    return info.value


def test_transition_rows_are_validated(mdp):
    P, _, _ = mdp
    bad = P.copy()
    bad[3, 1, 0] += 0.1
    raises("IG_ERROR_NOT_NORMALIZED", r"transitions\[3, 1\]: probabilities sum to 1\.1", Transitions, bad)
    bad = P.copy()
    bad[2, 0, 4] = -0.25
    bad[2, 0, 3] += 0.25
    raises("IG_ERROR_NEGATIVE_PROBABILITY", r"transitions\[2, 0, 4\]: probability -0\.25", Transitions, bad)
    bad = P.copy()
    bad[1, 1, 2] = np.nan
    raises("IG_ERROR_NON_FINITE", r"transitions\[1, 1, 2\]: nan", Transitions, bad)
    # The tolerance is the caller's to choose.
    loose = P * (1 + 1e-6)
    raises("IG_ERROR_NOT_NORMALIZED", "tolerance", Transitions, loose)
    assert Transitions(loose, tolerance=1e-5).state_count == 5


def test_csr_arrays_are_validated(mdp):
    P, _, _ = mdp
    indptr, indices, data = reference.to_csr(P)
    bad = indices.copy()
    bad[7] = 5
    raises("IG_ERROR_INDEX_OUT_OF_RANGE", r"indices\[7\].*index 5 is out of range 0..<5", Transitions.from_csr,
           indptr, bad, data, state_count=5, action_count=2)
    bad = indptr.copy()
    bad[-1] -= 1
    raises("IG_ERROR_SHAPE_MISMATCH", "nonzero_count", Transitions.from_csr, bad, indices, data, state_count=5,
           action_count=2)
    bad = indptr.copy()
    bad[4] = bad[3] - 1  # row 3 ends before it starts
    raises("IG_ERROR_INVALID_ARGUMENT", r"indptr\[4\]", Transitions.from_csr, bad, indices, data, state_count=5,
           action_count=2)


def test_arguments_are_validated(mdp):
    P, r, rho = mdp
    bad_r = r.copy()
    bad_r[4, 1] = np.nan
    raises("IG_ERROR_NON_FINITE", r"reward\[4, 1, 0\]: nan", ig.soft_value_iteration, P, bad_r, horizon=3)
    raises("IG_ERROR_INVALID_DISCOUNT", "discount: 1.5", ig.soft_value_iteration, P, r, horizon=3, discount=1.5)
    raises("IG_ERROR_INVALID_DISCOUNT", "below 1", ig.soft_value_iteration, P, r, horizon=None, discount=1.0)
    raises("IG_ERROR_INVALID_ARGUMENT", "temperature", ig.soft_value_iteration, P, r, horizon=3, temperature=0.0)
    raises("IG_ERROR_NOT_NORMALIZED", "initial_distribution", ig.soft_value_iteration, P, r, horizon=3,
           initial_distribution=rho * 2)
    forbidden = r.copy()
    forbidden[3, :] = -np.inf
    raises("IG_ERROR_NO_VALID_ACTION", "state 3", ig.soft_value_iteration, P, forbidden, horizon=3)
    pi = np.full((3, 5, 2), 0.5)
    pi[1, 2] = [0.7, 0.7]
    raises("IG_ERROR_NOT_NORMALIZED", r"policy\[1, 2, ·, 0\]", ig.occupancy_measures, P, pi, initial_distribution=rho, horizon=3)
    pi[1, 2] = [1.5, -0.5]
    raises("IG_ERROR_NEGATIVE_PROBABILITY", r"policy\[1, 2, 1, 0\]: probability -0.5", ig.occupancy_measures, P, pi,
           initial_distribution=rho, horizon=3)
    pi[1, 2] = [np.nan, 0.5]
    raises("IG_ERROR_NON_FINITE", r"policy\[1, 2, 0, 0\]: nan", ig.evaluate_policy, P, pi, r, initial_distribution=rho,
           horizon=3)
    with pytest.raises(ValueError, match="horizon"):
        ig.soft_value_iteration(P, r, horizon=0)
    with pytest.raises(ValueError, match="reward"):
        ig.soft_value_iteration(P, r[:4], horizon=3)


def test_c_level_errors_without_python_checks(mdp):
    P, r, _ = mdp
    lib = library()
    out = ctypes.c_void_p()
    assert lib.ig_transitions_dense_f64(None, 5, 2, 0, 0.0, ctypes.byref(out)) == 1
    assert b"NULL" in lib.ig_last_error_message() and not out
    assert lib.ig_transitions_dense_f64(P.ctypes.data, 0, 2, 0, 0.0, ctypes.byref(out)) == 8
    assert lib.ig_transitions_dense_f64(P.ctypes.data, 5, 2, 7, 0.0, ctypes.byref(out)) == 8
    assert b"storage" in lib.ig_last_error_message()
    # A float handle given to a double function.
    t32 = Transitions(P.astype(np.float32))
    r3 = np.ascontiguousarray(r.reshape(5, 2, 1))
    status = lib.ig_soft_value_iteration_f64(t32.pointer, 3, 1.0, r3.ctypes.data, 1, None, None, None, None, None,
                                             None, None, None)
    assert status == 14 and b"float" in lib.ig_last_error_message()
    assert lib.ig_soft_value_iteration_f64(None, 3, 1.0, r3.ctypes.data, 1, None, None, None, None, None, None, None,
                                           None) == 1
    assert lib.ig_status_name(5) == b"IG_ERROR_NOT_NORMALIZED" and lib.ig_status_name(1234) == b"IG_ERROR_UNKNOWN"
    assert lib.ig_version() == ig.__version__.encode()
    # A success clears the thread's message.
    t = Transitions(P)
    assert lib.ig_last_error_message() == b"" and t.storage == "dense"


def test_error_messages_are_per_thread(mdp):
    P, r, _ = mdp
    barrier = threading.Barrier(2)
    seen = {}

    def fail(name, discount):
        t = Transitions(P)
        r3 = np.ascontiguousarray(r.reshape(5, 2, 1))
        lib = library()
        for _ in range(200):
            status = lib.ig_soft_value_iteration_f64(t.pointer, 3, discount, r3.ctypes.data, 1, None, None, None,
                                                     None, None, None, None, None)
            barrier.wait()
            seen.setdefault(name, set()).add((status, lib.ig_last_error_message()))
            barrier.wait()

    threads = [threading.Thread(target=fail, args=("a", 2.0)), threading.Thread(target=fail, args=("b", -1.0))]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert seen["a"] == {(7, b"discount: 2.0 is outside [0, 1]")}
    assert seen["b"] == {(7, b"discount: -1.0 is outside [0, 1]")}


def test_library_can_be_located():
    assert ig.library_path().name.startswith("libimitationgame")


def test_one_handle_serves_concurrent_calls(rng):
    # ctypes releases the GIL during the call, so these solves run at the same time on one handle.
    P = reference.gridworld(16, 16, slip=0.2)
    t = Transitions(P)
    rewards = [rng.normal(size=(256, 5)) for _ in range(4)]
    rho = np.full(256, 1 / 256)
    expected = [ig.soft_value_iteration(t, r, horizon=40, initial_distribution=rho).occupancy for r in rewards]
    results = {}

    def solve(i):
        for _ in range(5):
            results[i] = ig.soft_value_iteration(t, rewards[i], horizon=40, initial_distribution=rho).occupancy

    threads = [threading.Thread(target=solve, args=(i,)) for i in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    for i in range(4):
        np.testing.assert_array_equal(results[i], expected[i])
