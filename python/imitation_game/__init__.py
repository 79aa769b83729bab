"""Python bindings of libimitationgame: maximum-entropy planning and IRL on tabular MDPs.

- :mod:`imitation_game.native` — the library's solvers over NumPy arrays (its conventions);
- :mod:`imitation_game.compat` — drop-in ``mce_partition_fh`` / ``mce_occupancy_measures``
  with the conventions of HumanCompatibleAI/imitation 1.0.1;
- :class:`Transitions` — a validated handle that reads the transition tensor in place.

The shared library is found through ``$IMITATION_GAME_LIB`` (the file or its directory), else
in the repository's ``.build/release`` then ``.build/debug`` (see python/README.md).
"""

from ._library import ImitationGameError, library, library_path, release_scratch, scratch_held_bytes
from .native import (
    MaxEntIRLResult,
    PolicyEvaluation,
    SoftValueIterationResult,
    evaluate_policy,
    maxent_irl,
    occupancy_measures,
    soft_value_iteration,
)
from .transitions import SPARSE_DENSITY_THRESHOLD, SPARSE_MINIMUM_STATES, Transitions

__version__ = "0.1.0"

__all__ = [
    "ImitationGameError",
    "MaxEntIRLResult",
    "PolicyEvaluation",
    "SoftValueIterationResult",
    "SPARSE_DENSITY_THRESHOLD",
    "SPARSE_MINIMUM_STATES",
    "Transitions",
    "evaluate_policy",
    "library",
    "library_path",
    "maxent_irl",
    "occupancy_measures",
    "release_scratch",
    "scratch_held_bytes",
    "soft_value_iteration",
]
