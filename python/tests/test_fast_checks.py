"""The fast validation paths: the dense scan (a C kernel in an AVX2 and a portable variant,
both tested) with its 64-byte line test inside a nonzero 256-byte block, and the single-column
(B = 1) policy check, which tests `x >= 0` per entry and the row sum only (NaN and −∞ fail the
first, +∞ the second). Each bad entry must still be reported with its index, whatever the line,
the row or the number of actions."""

import numpy as np
import pytest
import reference

import imitation_game as ig
from imitation_game import ImitationGameError, Transitions
from test_lane_kernels import select_isa


@pytest.fixture(params=[0, 1], ids=["portable", "avx2"])
def isa(request):
    """Runs the test on one variant of the C kernels (skipped when the CPU lacks AVX2 + FMA or
    the library is a release build, which has no test switch)."""
    if select_isa(request.param) != request.param:
        select_isa(-1)
        pytest.skip("this CPU has no AVX2 + FMA")
    yield request.param
    select_isa(-1)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_nonzeros_on_every_line_edge_are_collected(rng, dtype, isa):
    S, A = 288, 2
    P = np.zeros((S, A, S), dtype=dtype)
    per_line = 64 // np.dtype(dtype).itemsize
    edges = sorted({c for k in range(S // per_line) for c in (k * per_line, k * per_line + per_line - 1)})
    for s in range(S):
        for a in range(A):
            cols = sorted({edges[(3 * s + a) % len(edges)], edges[(7 * s + 5 * a + 1) % len(edges)], S - 1})
            w = rng.random(len(cols)) + 0.1
            P[s, a, cols] = (w / w.sum()).astype(dtype)
            P[s, a, cols[-1]] += dtype(1) - P[s, a].sum(dtype=dtype)
    csr, dense = Transitions(P), Transitions(P, storage="dense")
    assert csr.storage == "csr" and csr.nonzero_count == dense.nonzero_count == np.count_nonzero(P)
    r = rng.normal(size=(S, A)).astype(dtype)
    a = ig.soft_value_iteration(csr, r, horizon=5).values
    b = ig.soft_value_iteration(dense, r, horizon=5).values
    np.testing.assert_allclose(a, b, rtol=0, atol=1e-12 if dtype == np.float64 else 1e-5)


@pytest.mark.parametrize("column", [7, 8, 15, 16, 17, 23, 24, 39, 40])
def test_bad_entry_on_a_line_edge_of_a_nonzero_block_is_found(rng, column, isa):
    S, A = 300, 2
    P = np.zeros((S, A, S))
    P[:, :, 0] = 0.5  # the first block of every row holds a nonzero: the line test decides
    P[:, :, S - 1] = 0.5
    for value, match in ((np.nan, rf"transitions\[4, 1, {column}\]: nan"),
                         (-0.25, rf"transitions\[4, 1, {column}\]: probability -0\.25"),
                         (1e-3, r"transitions\[4, 1\]: probabilities sum to")):
        bad = P.copy()
        bad[4, 1, column] = value
        for storage in ("auto", "dense", "csr"):
            with pytest.raises(ImitationGameError, match=match):
                Transitions(bad, storage=storage)


@pytest.mark.parametrize("A", [3, 4, 5])
@pytest.mark.parametrize("where", [(0, 0, 0), (2, 5, 2)])
def test_single_column_policy_errors_name_the_entry(rng, A, where):
    S, H = 6, 3
    P = reference.random_mdp(rng, S, A)
    rho = np.full(S, 1.0 / S)
    pi = ig.soft_value_iteration(P, rng.normal(size=(S, A)), horizon=H).policy
    d, mu = ig.occupancy_measures(P, pi, initial_distribution=rho, horizon=H)  # clean: no error
    t, s, a = where
    idx = rf"policy\[{t}, {s}, {a}, 0\]"
    for value, status, match in (
        (np.nan, "IG_ERROR_NON_FINITE", idx + ": nan"),
        (np.inf, "IG_ERROR_NON_FINITE", idx + ": inf"),
        (-np.inf, "IG_ERROR_NON_FINITE", idx + ": -inf"),
        (-0.5, "IG_ERROR_NEGATIVE_PROBABILITY", idx + ": probability -0.5"),
        (pi[t, s, a] + 1e-3, "IG_ERROR_NOT_NORMALIZED", rf"policy\[{t}, {s}, ·, 0\]"),
    ):
        bad = pi.copy()
        bad[t, s, a] = value
        with pytest.raises(ImitationGameError, match=match) as info:
            ig.occupancy_measures(P, bad, initial_distribution=rho, horizon=H)
        assert info.value.status_name == status


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_scan_variants_agree_on_edges_growth_and_errors(rng, dtype, isa):
    # Odd S in float32 (rows not 8-byte aligned), partial blocks and lines, -0.0 zeros, and more
    # nonzeros per row than the scan reserves (the kernel asks for room and resumes).
    S, A = 301, 2
    P = reference.random_mdp(rng, S, A, successors=37).astype(dtype)
    P = P / P.sum(axis=2, keepdims=True, dtype=dtype)
    P[P == 0] = dtype(-0.0)
    t = Transitions(P, storage="csr")
    assert t.nonzero_count == np.count_nonzero(P)
    r = rng.normal(size=(S, A)).astype(dtype)
    a = ig.soft_value_iteration(t, r, horizon=4).values
    b = ig.soft_value_iteration(Transitions(P, storage="dense"), r, horizon=4).values
    np.testing.assert_allclose(a, b, rtol=0, atol=1e-12 if dtype == np.float64 else 1e-5)
    for row, column in ((0, 0), (150, 299), (S - 1, S - 1)):
        for value, match in ((np.inf, "inf"), (-0.25, "probability -0.25"), (np.nan, "nan")):
            bad = P.copy()
            bad[row, 1, column] = value
            with pytest.raises(ImitationGameError, match=rf"transitions\[{row}, 1, {column}\]: {match}"):
                Transitions(bad)


@pytest.mark.parametrize("steps", ["stationary", "time-indexed"])
def test_a_bad_late_table_stops_the_pass_with_the_first_error(rng, steps):
    # The error is the first bad entry in (t, s, a) order, whichever table comes first in the pass.
    S, A, H = 7, 4, 6
    P = reference.random_mdp(rng, S, A)
    rho = np.full(S, 1.0 / S)
    pi = ig.soft_value_iteration(P, rng.normal(size=(S, A)), horizon=H).policy
    if steps == "stationary":
        pi = pi[0].copy()
        pi[5, 1] = -0.5
        match = r"policy\[0, 5, 1, 0\]: probability -0\.5"
    else:
        pi = pi.copy()
        pi[H - 1, 5, 1] = -0.5
        pi[H - 2, 2, 3] = np.nan  # an earlier table: this is the error reported
        match = rf"policy\[{H - 2}, 2, 3, 0\]: nan"
    with pytest.raises(ImitationGameError, match=match):
        ig.occupancy_measures(P, pi, initial_distribution=rho, horizon=H)
    batched = pi[None, ..., None] if steps == "stationary" else pi[..., None]  # (T, S, A, 1)
    with pytest.raises(ImitationGameError, match=match):
        ig.occupancy_measures(P, batched, initial_distribution=rho, horizon=H)
