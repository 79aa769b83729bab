"""Output arrays: large outputs in reusable (huge-page advised) maps, and caller-provided
``out=`` arrays (identical results, clear errors for arrays the library cannot write into)."""

import gc

import numpy as np
import pytest
import reference

import imitation_game as ig
from imitation_game import _outputs
from imitation_game.native import SoftValueIterationResult


def _mapped(a):
    """Whether ``a``'s memory is one of ``_outputs``' maps (its base chain ends in an owner)."""
    while isinstance(a, np.ndarray):
        a = a.base
    return isinstance(a, _outputs._Owner)


def _read_only(shape):
    a = np.empty(shape)
    a.flags.writeable = False
    return a


@pytest.fixture
def problem(rng):
    return reference.random_problem(rng, 6, 3, 2)


@pytest.fixture
def cache():
    """A private, empty output cache for the test (64 MiB)."""
    saved = _outputs._CACHE
    _outputs._CACHE = _outputs._Cache(64 << 20)
    yield _outputs._CACHE
    _outputs._CACHE = saved


def _solve(P, r, rho, **kw):
    return ig.soft_value_iteration(P, r, horizon=7, discount=0.9, initial_distribution=rho, return_q=True, **kw)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("shape", [(100, 1024, 5), (101, 1024), (3, 4), (0, 70000)])
def test_outputs_have_numpy_shapes_flags_and_values(cache, dtype, shape):
    a = _outputs.empty(shape, dtype)
    assert a.shape == shape and a.dtype == dtype
    assert a.flags.c_contiguous and a.flags.aligned and a.flags.writeable
    assert _mapped(a) == (a.nbytes >= _outputs.CACHED_MINIMUM_BYTES and _outputs._MAPS) != a.flags.owndata
    a[...] = np.arange(a.size, dtype=dtype).reshape(shape)
    np.testing.assert_array_equal(a.ravel(), np.arange(a.size, dtype=dtype))


def test_a_map_is_reused_only_after_its_last_view_is_gone(cache):
    if not _outputs._MAPS:
        pytest.skip("no anonymous maps on this platform")
    a = _outputs.empty((100, 1024, 5), np.float64)
    view = a[3:7]
    address = a.ctypes.data
    del a
    gc.collect()
    assert _outputs.cached_bytes() == 0  # `view` still holds the map
    b = _outputs.empty((100, 1024, 5), np.float64)
    assert b.ctypes.data != address
    view[...] = 1.0
    assert not np.any(b[3:7] == 1.0) or b.ctypes.data != address
    del view
    gc.collect()
    size = 2 * _outputs.HUGE_PAGE_BYTES  # 4.1 MB rounded up to whole huge pages
    assert _outputs.cached_bytes() == size
    c = _outputs.empty((100, 5, 1024), np.float64)  # the same size: the returned map
    assert c.ctypes.data == address and _outputs.cached_bytes() == 0


def test_cache_capacity_bounds_what_is_kept(cache):
    if not _outputs._MAPS:
        pytest.skip("no anonymous maps on this platform")
    arrays = [_outputs.empty((1 << 20,), np.float64) for _ in range(5)]  # 8 MiB each
    assert _outputs.cache_capacity(3 * (8 << 20)) == 3 * (8 << 20)
    del arrays
    gc.collect()
    assert _outputs.cached_bytes() == 3 * (8 << 20)
    _outputs.cache_capacity(0)
    assert _outputs.cached_bytes() == 0
    a = _outputs.empty((1 << 20,), np.float64)
    del a
    assert _outputs.cached_bytes() == 0


def test_mapped_outputs_equal_plain_outputs_on_a_large_problem(rng, monkeypatch, cache):
    # S·A·H·8 bytes = 4.1 MB for the policy and Q, 0.8 MB for V and d: all mapped.
    S, A, H = 1024, 5, 100
    P = np.zeros((S, A, S))
    for a in range(A):
        P[np.arange(S), a, (np.arange(S) + a) % S] = 1.0
    r = rng.normal(size=(S, A))
    rho = np.full(S, 1.0 / S)
    mapped = ig.soft_value_iteration(P, r, horizon=H, initial_distribution=rho, return_q=True)
    del mapped
    gc.collect()
    reused = ig.soft_value_iteration(P, r, horizon=H, initial_distribution=rho, return_q=True)
    monkeypatch.setattr(_outputs, "_MAPS", False)
    plain = ig.soft_value_iteration(P, r, horizon=H, initial_distribution=rho, return_q=True)
    for field in ("values", "policy", "q_values", "state_distributions", "occupancy"):
        x, y = getattr(reused, field), getattr(plain, field)
        assert x.shape == y.shape and x.dtype == y.dtype and x.flags.c_contiguous
        np.testing.assert_array_equal(x, y)
        assert not _mapped(y)
    assert all(_mapped(getattr(reused, f)) for f in ("values", "policy", "q_values", "state_distributions"))


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
