"""Output arrays: huge-page backed allocation of large outputs, and caller-provided ``out=``
arrays (identical results, clear errors for arrays the library cannot write into)."""

import mmap

import numpy as np
import pytest
import reference

import imitation_game as ig
from imitation_game import _outputs
from imitation_game.native import SoftValueIterationResult


def _mapped(a):
    """Whether ``a``'s memory is one of ``_outputs``' maps (the base chain ends in an ``mmap``,
    through the ``memoryview`` that ``np.frombuffer`` keeps)."""
    while isinstance(a, np.ndarray):
        a = a.base
    return isinstance(a, memoryview) and isinstance(a.obj, mmap.mmap)


def _read_only(shape):
    a = np.empty(shape)
    a.flags.writeable = False
    return a


@pytest.fixture
def problem(rng):
    S, A, B = 6, 3, 2
    P = reference.random_mdp(rng, S, A)
    r = rng.normal(size=(S, A, B))
    rho = rng.random(S)
    return P, r, rho / rho.sum()


def _solve(P, r, rho, **kw):
    return ig.soft_value_iteration(P, r, horizon=7, discount=0.9, initial_distribution=rho, return_q=True, **kw)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_large_outputs_are_huge_page_maps_with_numpy_flags(dtype):
    shape = (100, 1024, 5)  # 4.1 MB in float64: the gridworld's policy at H = 100
    a = _outputs.empty(shape, dtype)
    assert a.shape == shape and a.dtype == dtype
    assert a.flags.c_contiguous and a.flags.aligned and a.flags.writeable
    if _outputs._ENABLED and a.nbytes >= _outputs.HUGE_PAGE_MINIMUM_BYTES:
        assert _mapped(a)
    a[...] = 1.5
    assert float(a.sum(dtype=np.float64)) == 1.5 * a.size
    small = _outputs.empty((3, 4), dtype)
    assert not _mapped(small) and small.shape == (3, 4)


def test_huge_page_outputs_equal_plain_outputs_on_a_large_problem(rng, monkeypatch):
    # S·A·H·8 bytes = 4.1 MB: the policy and Q are mapped, values and d are not.
    S, A, H = 1024, 5, 100
    P = np.zeros((S, A, S))
    for a in range(A):
        P[np.arange(S), a, (np.arange(S) + a) % S] = 1.0
    r = rng.normal(size=(S, A))
    rho = np.full(S, 1.0 / S)
    mapped = ig.soft_value_iteration(P, r, horizon=H, initial_distribution=rho, return_q=True)
    monkeypatch.setattr(_outputs, "_ENABLED", False)
    plain = ig.soft_value_iteration(P, r, horizon=H, initial_distribution=rho, return_q=True)
    for field in ("values", "policy", "q_values", "state_distributions", "occupancy"):
        x, y = getattr(mapped, field), getattr(plain, field)
        assert x.shape == y.shape and x.dtype == y.dtype and x.flags.c_contiguous
        np.testing.assert_array_equal(x, y)
    assert _mapped(mapped.policy) and _mapped(mapped.q_values) or not _outputs._ENABLED
    assert not _mapped(plain.policy) and not _mapped(mapped.values)


@pytest.mark.parametrize("batched", [True, False])
def test_out_gives_identical_results_in_the_callers_arrays(problem, batched):
    P, r, rho = problem
    r = r if batched else r[:, :, 0]
    fresh = _solve(P, r, rho)
    out = SoftValueIterationResult(**{k: np.full_like(v, np.nan) for k, v in vars(fresh).items()})
    again = _solve(P, r, rho, out=out)
    for field, expected in vars(fresh).items():
        assert getattr(again, field) is getattr(out, field)
        np.testing.assert_array_equal(getattr(again, field), expected)


def test_out_of_occupancy_measures(problem):
    P, r, rho = problem
    pi = _solve(P, r, rho).policy
    d, mu = ig.occupancy_measures(P, pi, initial_distribution=rho, horizon=7, discount=0.9)
    out = (np.empty_like(d), np.empty_like(mu))
    d2, mu2 = ig.occupancy_measures(P, pi, initial_distribution=rho, horizon=7, discount=0.9, out=out)
    assert d2 is out[0] and mu2 is out[1]
    np.testing.assert_array_equal(d2, d)
    np.testing.assert_array_equal(mu2, mu)
    with pytest.raises(TypeError, match="pair"):
        ig.occupancy_measures(P, pi, initial_distribution=rho, horizon=7, out=[d, mu])


def _fields(problem):
    P, r, rho = problem
    return P, r, rho, {k: np.empty_like(v) for k, v in vars(_solve(P, r, rho)).items()}


@pytest.mark.parametrize(
    "field, bad, message",
    [
        ("policy", lambda a: np.empty(a.shape, np.float32), "dtype float64"),
        ("values", lambda a: np.empty(a.shape[:-1] + (a.shape[-1] + 1,)), "expected shape"),
        ("q_values", lambda a: np.empty(a.shape[::-1]).T, "C-contiguous"),
        ("occupancy", lambda a: np.empty(a.shape + (2,))[..., 0], "C-contiguous"),
        ("state_distributions", lambda a: _read_only(a.shape), "read-only"),
        ("q_values", lambda a: None, "out.q_values"),
    ],
)
def test_out_rejects_arrays_the_library_cannot_write(problem, field, bad, message):
    P, r, rho, arrays = _fields(problem)
    arrays[field] = bad(arrays[field])
    with pytest.raises(ValueError, match=message):
        _solve(P, r, rho, out=SoftValueIterationResult(**arrays))


def test_out_rejects_a_list_and_overlapping_arrays(problem):
    P, r, rho, arrays = _fields(problem)
    listed = dict(arrays, policy=arrays["policy"].tolist())
    with pytest.raises(TypeError, match="out.policy: expected a NumPy array"):
        _solve(P, r, rho, out=SoftValueIterationResult(**listed))
    shared = dict(arrays, q_values=arrays["policy"])
    with pytest.raises(ValueError, match="overlaps"):
        _solve(P, r, rho, out=SoftValueIterationResult(**shared))
    # An output inside the transition tensor would corrupt the validated dynamics.
    t = ig.Transitions(P)
    inside = dict(arrays, occupancy=P.reshape(-1)[: arrays["occupancy"].size].reshape(arrays["occupancy"].shape))
    with pytest.raises(ValueError, match="overlaps"):
        _solve(t, r, rho, out=SoftValueIterationResult(**inside))
    np.testing.assert_array_equal(t._arrays[0], P)
