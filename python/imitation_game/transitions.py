"""Transition models handed to the library without copying them."""

from __future__ import annotations

import ctypes
from typing import Any

import numpy as np

from ._library import check, library

__all__ = ["Transitions", "as_transitions", "SPARSE_DENSITY_THRESHOLD", "SPARSE_MINIMUM_STATES"]

#: The documented rule of ``storage="auto"`` (applied inside the library, in the same pass that
#: validates the rows): a dense tensor is solved through CSR when at most this fraction of its
#: entries is nonzero ...
SPARSE_DENSITY_THRESHOLD = 0.05
#: ... and it has at least this many states.
SPARSE_MINIMUM_STATES = 256

_STORAGE = {"auto": 0, "dense": 1, "csr": 2}
_STORAGE_NAMES = {1: "dense", 2: "csr"}


def _scalar_type(dtype: np.dtype) -> type:
    """float32 stays float32; every other dtype is computed in float64."""
    return np.float32 if np.dtype(dtype) == np.float32 else np.float64


class Transitions:
    """A validated handle on a transition model ``P[s, a, s']`` that the library reads in place.

    Make one when the same dynamics serve many calls (an IRL loop): the rows are validated
    (finite, non-negative, summing to 1 within ``tolerance``) once, here, in O(S²·A) for a dense
    tensor or O(nnz) for CSR arrays.

    Parameters
    ----------
    matrix:
        The dense tensor, shape ``(S, A, S)``. A C-contiguous ``float64`` or ``float32`` array is
        used **in place, never copied** (the handle keeps a reference to it: do not modify it
        while the handle lives). Any other dtype or layout is converted to a C-contiguous
        ``float64`` array first — a copy, reported by :attr:`copied`.
    storage:
        ``"auto"`` (default): solve through CSR when ``nnz/(S·A·S) <= 5%`` and ``S >= 256``
        (:data:`SPARSE_DENSITY_THRESHOLD`, :data:`SPARSE_MINIMUM_STATES`) — the library counts
        the nonzeros and extracts them in the same pass that validates the rows, and keeps only
        the nonzeros; ``"dense"``: always GEMM/GEMV on the tensor; ``"csr"``: always extract.
    tolerance:
        Allowed ``|Σ_s' P(s'|s,a) − 1|``; ``None`` means √ε (1.5e-8 in float64, 3.5e-4 in float32).
    """

    def __init__(self, matrix: Any, *, storage: str = "auto", tolerance: float | None = None):
        if storage not in _STORAGE:
            raise ValueError(f"storage: {storage!r} is not one of 'auto', 'dense', 'csr'")
        p = np.asarray(matrix)
        if p.ndim != 3 or p.shape[0] != p.shape[2] or p.shape[0] == 0 or p.shape[1] == 0:
            raise ValueError(f"transitions: expected shape (S, A, S) with S, A >= 1, got {p.shape}")
        scalar = _scalar_type(p.dtype)
        if not (p.dtype == scalar and p.flags.c_contiguous):
            p = np.ascontiguousarray(p, dtype=scalar)
        #: Whether the library reads a converted copy rather than the caller's array itself.
        self.copied = p is not matrix
        self._init_handle(scalar)
        self._arrays = (p,)
        fn = library().ig_transitions_dense_f32 if scalar is np.float32 else library().ig_transitions_dense_f64
        handle = ctypes.c_void_p()
        check(fn(p.ctypes.data, p.shape[0], p.shape[1], _STORAGE[storage], _tolerance(tolerance), ctypes.byref(handle)))
        self._handle = handle
        self._describe()

    @classmethod
    def from_csr(
        cls,
        indptr: Any,
        indices: Any,
        data: Any,
        *,
        state_count: int,
        action_count: int,
        tolerance: float | None = None,
    ) -> "Transitions":
        """Wraps CSR arrays over the ``S·A`` rows ``(s, a)`` (row ``s·A + a``).

        ``indptr`` (``S·A + 1``) and ``indices`` (``nnz``) must share one dtype, int32 or int64,
        and ``data`` be float64 or float32, all C-contiguous — then Python copies nothing; other
        dtypes are converted (int64 indices, float64 data). Indices need not be sorted. When the
        actions of each state share their successors (a gridworld), the library builds per-state
        blocks from the arrays (reported in ``owned_bytes``); otherwise it reads them in place.
        """
        self = cls.__new__(cls)
        indptr = np.asarray(indptr)
        indices = np.asarray(indices)
        data = np.asarray(data)
        index_type = indptr.dtype if indptr.dtype in (np.int32, np.int64) and indices.dtype == indptr.dtype else np.int64
        scalar = _scalar_type(data.dtype)
        self.copied = False
        converted = []
        for a, t in ((indptr, index_type), (indices, index_type), (data, scalar)):
            if a.ndim != 1:
                raise ValueError(f"CSR arrays must be one-dimensional, got shape {a.shape}")
            if a.dtype != t or not a.flags.c_contiguous:
                a = np.ascontiguousarray(a, dtype=t)
                self.copied = True
            converted.append(a)
        indptr, indices, data = converted
        s, n_actions = int(state_count), int(action_count)
        if indptr.shape[0] != s * n_actions + 1:
            raise ValueError(f"indptr: expected {s * n_actions + 1} offsets (S·A + 1), got {indptr.shape[0]}")
        if indices.shape[0] != data.shape[0]:
            raise ValueError(f"indices ({indices.shape[0]}) and data ({data.shape[0]}) differ in length")
        self._init_handle(scalar)
        self._arrays = (indptr, indices, data)
        fn = library().ig_transitions_csr_f32 if scalar is np.float32 else library().ig_transitions_csr_f64
        handle = ctypes.c_void_p()
        bits = 32 if index_type == np.int32 else 64
        check(
            fn(
                s,
                n_actions,
                indptr.ctypes.data,
                indices.ctypes.data,
                bits,
                data.ctypes.data,
                data.shape[0],
                _tolerance(tolerance),
                ctypes.byref(handle),
            )
        )
        self._handle = handle
        self._describe()
        return self

    @classmethod
    def from_scipy(cls, matrix: Any, *, action_count: int, tolerance: float | None = None) -> "Transitions":
        """Wraps a SciPy sparse matrix of shape ``(S·A, S)`` (converted to CSR if it is not)."""
        csr = matrix.tocsr()
        s = csr.shape[1]
        if csr.shape[0] != s * action_count:
            raise ValueError(f"sparse transitions: expected shape ({s * action_count}, {s}), got {csr.shape}")
        return cls.from_csr(csr.indptr, csr.indices, csr.data, state_count=s, action_count=action_count, tolerance=tolerance)

    def _init_handle(self, scalar: type) -> None:
        self._handle = ctypes.c_void_p()
        self.dtype = np.dtype(scalar)

    def _describe(self) -> None:
        s, a, nnz, owned = ctypes.c_int64(), ctypes.c_int64(), ctypes.c_int64(), ctypes.c_int64()
        bits, storage = ctypes.c_int32(), ctypes.c_int32()
        check(
            library().ig_transitions_describe(
                self._handle,
                ctypes.byref(s),
                ctypes.byref(a),
                ctypes.byref(bits),
                ctypes.byref(storage),
                ctypes.byref(nnz),
                ctypes.byref(owned),
            )
        )
        #: ``S``.
        self.state_count = s.value
        #: ``A``.
        self.action_count = a.value
        #: ``"dense"`` or ``"csr"``: how the solvers read the model.
        self.storage = _STORAGE_NAMES[storage.value]
        #: The number of nonzero probabilities.
        self.nonzero_count = nnz.value
        #: Bytes the library allocated for this handle (the extracted CSR, if any; never a copy
        #: of the dense tensor).
        self.owned_bytes = owned.value

    @property
    def density(self) -> float:
        """``nnz / (S·A·S)``."""
        return self.nonzero_count / float(self.state_count * self.action_count * self.state_count)

    @property
    def pointer(self) -> ctypes.c_void_p:
        """The ``ig_transitions *`` handle."""
        if not self._handle:
            raise ValueError("transitions: the handle was closed")
        return self._handle

    def close(self) -> None:
        """Frees the library handle now (it is also freed when the object is collected)."""
        handle, self._handle = getattr(self, "_handle", None), ctypes.c_void_p()
        if handle:
            library().ig_transitions_free(handle)

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # interpreter shutdown: the library may already be gone
            pass

    def __repr__(self) -> str:
        return (
            f"Transitions(S={self.state_count}, A={self.action_count}, dtype={self.dtype}, "
            f"storage={self.storage!r}, nnz={self.nonzero_count}, copied={self.copied})"
        )


def as_transitions(p: Any, *, storage: str = "auto", tolerance: float | None = None) -> Transitions:
    """``p`` itself when it is a :class:`Transitions`, else a new handle on the dense tensor ``p``
    (SciPy sparse matrices go through :meth:`Transitions.from_scipy`, which needs ``A``)."""
    if isinstance(p, Transitions):
        return p
    return Transitions(p, storage=storage, tolerance=tolerance)


def _tolerance(value: float | None) -> float:
    return 0.0 if value is None else float(value)
