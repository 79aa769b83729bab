"""Output arrays that do not pay for fresh pages on every call, and caller-provided outputs.

A fresh NumPy array is faulted in by the kernel one 4 KiB page at a time when the library first
writes it, and a freed one is usually handed back to the kernel: on the 32×32 gridworld at
``H = 100`` the policy and Q outputs are 4.1 MB each and the values and state distributions
0.8 MB each, and their page faults (about 2 500 per call, each zeroing a page) cost more than
the solve. So outputs of at least :data:`CACHED_MINIMUM_BYTES` live in anonymous memory maps
that are reused:

- a map of 2 MiB or more is advised ``MADV_HUGEPAGE``: the kernel backs it with 2 MiB pages
  when the machine's transparent huge pages are ``always`` or ``madvise`` (a few faults instead
  of hundreds);
- the array keeps its map alive (``array.base`` is a small owner object); when the last view of
  the array is gone, the map goes back to a cache of at most :data:`cache_capacity` bytes
  (least recently returned maps are unmapped first) and the next output of the same size
  reuses it without a page fault.

This is what ``malloc`` does for small blocks; the contents of a new output are undefined, as
with ``np.empty``, and every output the library returns is written in full. Environment
variables read at import: ``IMITATION_GAME_OUTPUT_CACHE_MB`` (default 64; ``0`` keeps no map
after its array is gone) and ``IMITATION_GAME_HUGE_PAGES=0`` (no ``MADV_HUGEPAGE``).
"""

from __future__ import annotations

import ctypes
import mmap
import os
import threading
from typing import Any, Optional

import numpy as np

__all__ = ["CACHED_MINIMUM_BYTES", "HUGE_PAGE_BYTES", "empty", "checked_out", "cache_capacity", "cached_bytes"]

#: The size of a transparent huge page on x86-64: maps at least this large are advised to use them.
HUGE_PAGE_BYTES = 1 << 21
#: Outputs this large or larger get a reusable map; smaller ones are ``np.empty`` (the C heap
#: reuses small blocks without page faults).
CACHED_MINIMUM_BYTES = 1 << 18

_MAPS = hasattr(mmap, "MAP_ANONYMOUS") and hasattr(mmap, "MAP_PRIVATE")
_HUGE_PAGES = os.environ.get("IMITATION_GAME_HUGE_PAGES", "1") != "0" and hasattr(mmap, "MADV_HUGEPAGE")


def _capacity_from_environment() -> int:
    try:
        return max(0, int(float(os.environ.get("IMITATION_GAME_OUTPUT_CACHE_MB", "64")) * (1 << 20)))
    except ValueError:
        return 64 << 20


class _Map:
    """One anonymous map and its address (``anchor`` pins the buffer export that gave it)."""

    __slots__ = ("region", "anchor", "address", "size")

    def __init__(self, size: int):
        self.size = size
        self.region = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
        if _HUGE_PAGES and size >= HUGE_PAGE_BYTES:
            try:
                self.region.madvise(mmap.MADV_HUGEPAGE)
            except OSError:  # THP compiled out: a correct array on 4 KiB pages
                pass
        self.anchor = ctypes.c_char.from_buffer(self.region)
        self.address = ctypes.addressof(self.anchor)


class _Cache:
    """Maps whose arrays are gone, most recently returned last, at most ``capacity`` bytes."""

    def __init__(self, capacity: int):
        self.capacity = capacity
        self.free: list[_Map] = []
        self.held = 0
        # Re-entrant: a garbage collection inside `take` may free an output of this thread.
        self.lock = threading.RLock()
        self.depth = 0

    def take(self, size: int) -> _Map:
        with self.lock:
            self.depth += 1
            try:
                for i in range(len(self.free) - 1, -1, -1):
                    if self.free[i].size == size:
                        self.held -= size
                        return self.free.pop(i)
            finally:
                self.depth -= 1
        return _Map(size)

    def give_back(self, block: _Map) -> None:
        with self.lock:
            if self.depth or block.size > self.capacity:
                return  # re-entered from this thread's own `take`, or too large: unmapped
            self.depth += 1
            try:
                self.free.append(block)
                self.held += block.size
                while self.held > self.capacity:
                    self.held -= self.free.pop(0).size
            finally:
                self.depth -= 1


_CACHE = _Cache(_capacity_from_environment())


class _Owner:
    """The base of one output array: lends it a map and returns the map when the array is gone."""

    __slots__ = ("block", "__array_interface__")

    def __init__(self, block: _Map, shape: tuple, dtype: np.dtype):
        self.block = block
        self.__array_interface__ = {"data": (block.address, False), "shape": shape, "typestr": dtype.str,
                                    "version": 3}

    def __del__(self) -> None:
        try:
            _CACHE.give_back(self.block)
        except Exception:  # interpreter shutdown: the map is simply unmapped
            pass


def cache_capacity(capacity_bytes: Optional[int] = None) -> int:
    """The cache's capacity in bytes; with an argument, sets it (``0``: cache nothing) first,
    unmapping the least recently returned maps beyond it. Returns the capacity."""
    if capacity_bytes is not None:
        with _CACHE.lock:
            _CACHE.capacity = max(0, int(capacity_bytes))
            while _CACHE.held > _CACHE.capacity:
                _CACHE.held -= _CACHE.free.pop(0).size
    return _CACHE.capacity


def cached_bytes() -> int:
    """Bytes held in maps whose arrays are gone, kept for reuse."""
    return _CACHE.held


def empty(shape: tuple, dtype: Any) -> np.ndarray:
    """An uninitialised C-contiguous, writeable, aligned array of ``shape`` and ``dtype``: in a
    reusable (and, from 2 MiB, huge-page advised) map when it is at least
    :data:`CACHED_MINIMUM_BYTES`, else from ``np.empty``."""
    dtype = np.dtype(dtype)
    shape = tuple(int(n) for n in shape)
    count = 1
    for n in shape:
        count *= n
    nbytes = count * dtype.itemsize
    if not _MAPS or nbytes < CACHED_MINIMUM_BYTES:
        return np.empty(shape, dtype)
    # Whole huge pages from 2 MiB (Linux places such maps on a 2 MiB boundary, so every page of
    # the array can be a huge page), whole pages below.
    unit = HUGE_PAGE_BYTES if nbytes >= HUGE_PAGE_BYTES else mmap.PAGESIZE
    size = -(-nbytes // unit) * unit
    return np.asarray(_Owner(_CACHE.take(size), shape, dtype))


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
