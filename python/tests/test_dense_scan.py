"""The validating scan of a dense tensor: it skips all-zero blocks of 256 bytes (32 float64 or
64 float32 entries) by a bit test, so nonzeros at block edges, rows that end in a partial block,
float32 rows that start unaligned (odd S), -0.0 entries and NaN in an otherwise-zero block are
the cases to get right."""

import numpy as np
import pytest
import reference

import imitation_game as ig
from imitation_game import ImitationGameError, Transitions


def edge_heavy_mdp(rng, S, A, dtype):
    """Rows whose nonzeros sit on block edges (first/last entry of a 32- and 64-entry block) and
    in the partial block at the end of the row, plus a few random ones."""
    P = np.zeros((S, A, S), dtype=dtype)
    edges = [c for c in (0, 31, 32, 63, 64, 127, 128, S - 1) if c < S]
    for s in range(S):
        for a in range(A):
            cols = {edges[(s + a) % len(edges)], int(rng.integers(S)), S - 1 - (s % 7)}
            w = rng.random(len(cols)) + 0.1
            P[s, a, sorted(cols)] = (w / w.sum()).astype(dtype)
            P[s, a, sorted(cols)[-1]] += dtype(1) - P[s, a].sum(dtype=dtype)
    return P


@pytest.mark.parametrize("S,dtype", [(300, np.float64), (301, np.float32), (257, np.float64), (320, np.float32)])
def test_extracted_csr_equals_dense_on_block_edges(rng, S, dtype):
    A = 2
    P = edge_heavy_mdp(rng, S, A, dtype)
    # -0.0 entries are zeros: skipped, not counted, not an error.
    P[P == 0] = -0.0 if dtype == np.float64 else dtype(-0.0)
    csr, dense = Transitions(P), Transitions(P, storage="dense")
    assert csr.storage == "csr" and dense.storage == "dense"
    assert csr.nonzero_count == dense.nonzero_count == np.count_nonzero(P)
    r = rng.normal(size=(S, A)).astype(dtype)
    rho = np.full(S, 1.0 / S, dtype=dtype)
    a = ig.soft_value_iteration(csr, r, horizon=6, discount=0.95, initial_distribution=rho)
    b = ig.soft_value_iteration(dense, r, horizon=6, discount=0.95, initial_distribution=rho)
    tol = 1e-12 if dtype == np.float64 else 1e-5
    for name in ("values", "policy", "state_distributions", "occupancy"):
        np.testing.assert_allclose(getattr(a, name), getattr(b, name), rtol=0, atol=tol)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("column", [0, 31, 32, 63, 64, 200, 299])
def test_bad_entry_anywhere_in_a_row_is_found(rng, dtype, column):
    S, A = 300, 2
    P = reference.random_mdp(rng, S, A, successors=2).astype(dtype)
    P = P / P.sum(axis=2, keepdims=True, dtype=dtype)
    for value, status, match in (
        (np.nan, "IG_ERROR_NON_FINITE", rf"transitions\[7, 1, {column}\]: nan"),
        (np.inf, "IG_ERROR_NON_FINITE", rf"transitions\[7, 1, {column}\]: inf"),
        (-0.5, "IG_ERROR_NEGATIVE_PROBABILITY", rf"transitions\[7, 1, {column}\]: probability -0\.5"),
    ):
        bad = P.copy()
        bad[7, 1, column] = value
        for storage in ("auto", "dense", "csr"):
            with pytest.raises(ImitationGameError, match=match) as info:
                Transitions(bad, storage=storage)
            assert info.value.status_name == status
    # A tiny stray mass in an otherwise-zero block: the row no longer sums to 1.
    bad = P.copy()
    free = [c for c in range(S) if bad[7, 1, c] == 0 and c >= column][0]
    bad[7, 1, free] = 1e-3
    with pytest.raises(ImitationGameError, match=r"transitions\[7, 1\]: probabilities sum to") as info:
        Transitions(bad)
    assert info.value.status_name == "IG_ERROR_NOT_NORMALIZED"


def test_many_nonzeros_per_row_grow_the_collection(rng):
    # More nonzeros per row than the scan reserves room for (it grows its buffers), still sparse.
    S, A = 1024, 1
    P = reference.random_mdp(rng, S, A, successors=40)
    t = Transitions(P, storage="csr")
    assert t.nonzero_count == np.count_nonzero(P)
    r = rng.normal(size=(S, A))
    a = ig.soft_value_iteration(t, r, horizon=3).values
    b = ig.soft_value_iteration(Transitions(P, storage="dense"), r, horizon=3).values
    np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)
