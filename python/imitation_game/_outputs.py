"""Output arrays backed by transparent huge pages, and caller-provided output arrays.

A fresh NumPy array is faulted in by the kernel one 4 KiB page at a time when the library first
writes it: on the 32×32 gridworld at ``H = 100`` the policy and Q outputs are 4.1 MB each (just
under NumPy's own 4 MiB huge-page threshold), and those ~2000 page faults per call cost more
than the solve. Outputs of at least :data:`HUGE_PAGE_MINIMUM_BYTES` are therefore allocated as
their own anonymous memory map with ``madvise(MADV_HUGEPAGE)``: the kernel fills them with
2 MiB pages (a handful of faults) when the machine's transparent huge pages are ``always`` or
``madvise``. The array keeps its map alive (through ``array.base``); it is unmapped when the last
view of the array is gone. Setting ``IMITATION_GAME_HUGE_PAGES=0`` before import
gives plain ``np.empty`` arrays instead.
"""

from __future__ import annotations

import mmap
import os
from typing import Any, Optional

import numpy as np

__all__ = ["HUGE_PAGE_MINIMUM_BYTES", "empty", "checked_out"]

#: The size of a transparent huge page on x86-64 and of the outputs that get their own map.
HUGE_PAGE_BYTES = 1 << 21
#: Outputs this large or larger are allocated as huge-page memory maps (smaller ones would pay
#: for a whole 2 MiB page they do not use).
HUGE_PAGE_MINIMUM_BYTES = HUGE_PAGE_BYTES

_ENABLED = (
    os.environ.get("IMITATION_GAME_HUGE_PAGES", "1") != "0"
    and hasattr(mmap, "MADV_HUGEPAGE")
    and hasattr(mmap, "MAP_ANONYMOUS")
)


def empty(shape: tuple, dtype: Any) -> np.ndarray:
    """An uninitialised C-contiguous, writeable, aligned array; backed by huge pages when it is
    at least :data:`HUGE_PAGE_MINIMUM_BYTES` (and the platform has ``MADV_HUGEPAGE``)."""
    dtype = np.dtype(dtype)
    count = 1
    for n in shape:
        count *= int(n)
    nbytes = count * dtype.itemsize
    if not _ENABLED or nbytes < HUGE_PAGE_MINIMUM_BYTES:
        return np.empty(shape, dtype)
    # A whole number of huge pages: Linux places such anonymous maps on a 2 MiB boundary, so
    # every page of the array can be a huge page.
    size = -(-nbytes // HUGE_PAGE_BYTES) * HUGE_PAGE_BYTES
    region = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    try:
        region.madvise(mmap.MADV_HUGEPAGE)
    except OSError:  # THP compiled out: still a correct (4 KiB-paged) array
        pass
    return np.frombuffer(region, dtype=dtype, count=count).reshape(shape)


def checked_out(out: Any, shape: tuple, dtype: np.dtype, name: str) -> Optional[np.ndarray]:
    """``out`` as an output buffer of ``shape`` and ``dtype`` for the library to overwrite, or
    ``None`` when ``out`` is ``None``.

    Raises
    ------
    TypeError
        ``out`` is not a NumPy array.
    ValueError
        Its shape or dtype differ, or it is not C-contiguous, aligned and writeable.
    """
    if out is None:
        return None
    if not isinstance(out, np.ndarray):
        raise TypeError(f"{name}: expected a NumPy array to write into, got {type(out).__name__}")
    if out.dtype != dtype:
        raise ValueError(f"{name}: expected dtype {np.dtype(dtype).name}, got {out.dtype.name}")
    if out.shape != tuple(shape):
        raise ValueError(f"{name}: expected shape {tuple(shape)}, got {out.shape}")
    if not out.flags.c_contiguous or not out.flags.aligned:
        raise ValueError(f"{name}: the array must be C-contiguous and aligned (the library writes it in place)")
    if not out.flags.writeable:
        raise ValueError(f"{name}: the array is read-only")
    return out
