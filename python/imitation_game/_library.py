"""Finding and loading libimitationgame, and the ctypes prototypes of its C API.

The C API is declared in ``include/imitation_game.h`` at the root of the repository.
"""

from __future__ import annotations

import ctypes
import os
import pathlib
import sys
import threading

__all__ = ["ImitationGameError", "library", "library_path", "check", "scratch_held_bytes", "release_scratch"]

_LIBRARY_NAMES = {
    "darwin": "libimitationgame.dylib",
    "win32": "imitationgame.dll",
}
LIBRARY_FILE = _LIBRARY_NAMES.get(sys.platform, "libimitationgame.so")

#: Status codes of ``ig_status`` (include/imitation_game.h).
STATUS_NAMES = {
    0: "IG_OK",
    1: "IG_ERROR_NULL_ARGUMENT",
    2: "IG_ERROR_SHAPE_MISMATCH",
    3: "IG_ERROR_NON_FINITE",
    4: "IG_ERROR_NEGATIVE_PROBABILITY",
    5: "IG_ERROR_NOT_NORMALIZED",
    6: "IG_ERROR_INVALID_HORIZON",
    7: "IG_ERROR_INVALID_DISCOUNT",
    8: "IG_ERROR_INVALID_ARGUMENT",
    9: "IG_ERROR_INDEX_OUT_OF_RANGE",
    10: "IG_ERROR_NO_VALID_ACTION",
    11: "IG_ERROR_DID_NOT_CONVERGE",
    12: "IG_ERROR_MEMORY_BUDGET",
    13: "IG_ERROR_SINGULAR_MATRIX",
    14: "IG_ERROR_WRONG_PRECISION",
    15: "IG_ERROR_UNAVAILABLE",
    99: "IG_ERROR_INTERNAL",
}


class ImitationGameError(ValueError):
    """A call into libimitationgame failed.

    ``str(error)`` is the library's message, which names the argument, the index and the
    value; ``status`` is the ``ig_status`` code and ``status_name`` its C name.
    """

    def __init__(self, status: int, message: str):
        self.status = int(status)
        self.status_name = STATUS_NAMES.get(self.status, "IG_ERROR_UNKNOWN")
        super().__init__(message or self.status_name)


def _repository_root() -> pathlib.Path:
    # python/imitation_game/_library.py -> the repository root, two levels above the package.
    return pathlib.Path(__file__).resolve().parents[2]


def candidate_paths() -> list[pathlib.Path]:
    """Where the loader looks, in order.

    1. ``$IMITATION_GAME_LIB`` — the library file itself, or a directory holding it;
    2. ``<repository>/.build/release/`` then ``<repository>/.build/debug/``.
    """
    paths: list[pathlib.Path] = []
    override = os.environ.get("IMITATION_GAME_LIB")
    if override:
        p = pathlib.Path(override).expanduser()
        paths.append(p / LIBRARY_FILE if p.is_dir() else p)
        return paths
    root = _repository_root()
    for configuration in ("release", "debug"):
        paths.append(root / ".build" / configuration / LIBRARY_FILE)
    return paths


_lock = threading.Lock()
_library: ctypes.CDLL | None = None
_library_path: pathlib.Path | None = None


def library() -> ctypes.CDLL:
    """The loaded library, with its prototypes declared (loaded once, on first use)."""
    global _library, _library_path
    if _library is not None:
        return _library
    with _lock:
        if _library is None:
            tried = candidate_paths()
            for path in tried:
                if path.is_file():
                    lib = ctypes.CDLL(str(path))
                    _declare(lib)
                    _library_path = path
                    _library = lib
                    break
            else:
                where = "\n  ".join(str(p) for p in tried)
                raise OSError(
                    f"{LIBRARY_FILE} not found; looked in:\n  {where}\n"
                    "Build it with `swift build -c release --product imitationgame` in the "
                    "repository, or set IMITATION_GAME_LIB to the library file."
                )
    return _library


def library_path() -> pathlib.Path:
    """The path of the loaded library."""
    library()
    assert _library_path is not None
    return _library_path


def check(status: int) -> None:
    """Raises :class:`ImitationGameError` with the calling thread's message on failure."""
    if status != 0:
        message = library().ig_last_error_message().decode("utf-8", "replace")
        raise ImitationGameError(status, message)


class Options(ctypes.Structure):
    """``ig_options`` (five 8-byte fields)."""

    _fields_ = [
        ("temperature", ctypes.c_double),
        ("tolerance", ctypes.c_double),
        ("max_iterations", ctypes.c_int64),
        ("probability_tolerance", ctypes.c_double),
        ("threads", ctypes.c_int64),
    ]


def _declare(lib: ctypes.CDLL) -> None:
    P = ctypes.c_void_p
    i64, i32, f64 = ctypes.c_int64, ctypes.c_int, ctypes.c_double
    handle_out = ctypes.POINTER(ctypes.c_void_p)
    options = ctypes.POINTER(Options)
    lib.ig_last_error_message.restype = ctypes.c_char_p
    lib.ig_last_error_message.argtypes = []
    lib.ig_status_name.restype = ctypes.c_char_p
    lib.ig_status_name.argtypes = [i32]
    lib.ig_version.restype = ctypes.c_char_p
    lib.ig_version.argtypes = []
    lib.ig_scratch_held_bytes.restype = i64
    lib.ig_scratch_held_bytes.argtypes = []
    lib.ig_scratch_release.restype = None
    lib.ig_scratch_release.argtypes = []
    lib.ig_options_default.restype = None
    lib.ig_options_default.argtypes = [options]
    for suffix in ("f64", "f32"):
        fn = getattr(lib, f"ig_transitions_dense_{suffix}")
        fn.restype, fn.argtypes = i32, [P, i64, i64, i32, f64, handle_out]
        fn = getattr(lib, f"ig_transitions_csr_{suffix}")
        fn.restype, fn.argtypes = i32, [i64, i64, P, P, i32, P, i64, f64, handle_out]
        fn = getattr(lib, f"ig_soft_value_iteration_{suffix}")
        fn.restype = i32
        fn.argtypes = [P, i64, f64, P, i64, P, options, P, P, P, P, P, P]
        fn = getattr(lib, f"ig_occupancy_measures_{suffix}")
        fn.restype = i32
        fn.argtypes = [P, i64, f64, P, P, i64, i64, options, P, P]
        fn = getattr(lib, f"ig_evaluate_policy_{suffix}")
        fn.restype = i32
        fn.argtypes = [P, i64, f64, P, P, P, i64, P, i64, options, P, P, P]
        if hasattr(lib, f"ig_maxent_irl_{suffix}"):
            fn = getattr(lib, f"ig_maxent_irl_{suffix}")
            fn.restype = i32
    lib.ig_transitions_free.restype = None
    lib.ig_transitions_free.argtypes = [P]
    lib.ig_transitions_describe.restype = i32
    lib.ig_transitions_describe.argtypes = [
        P,
        ctypes.POINTER(i64),
        ctypes.POINTER(i64),
        ctypes.POINTER(ctypes.c_int32),
        ctypes.POINTER(ctypes.c_int32),
        ctypes.POINTER(i64),
        ctypes.POINTER(i64),
    ]


def scratch_held_bytes() -> int:
    """The bytes the library keeps between calls for reuse: scratch arrays and the storage of
    large internal results (at most 2 GiB by default; ``$IMITATION_GAME_SCRATCH_MB`` sets the
    limit in MiB before the library loads, 0 keeps nothing). A loop of calls of one size then
    writes into memory that is already mapped."""
    return int(library().ig_scratch_held_bytes())


def release_scratch() -> None:
    """Gives the memory counted by :func:`scratch_held_bytes` back to the system."""
    library().ig_scratch_release()

