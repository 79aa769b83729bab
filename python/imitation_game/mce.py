"""Alias of :mod:`imitation_game.compat`, named after imitation's ``mce_irl`` module."""

from .compat import mce_occupancy_measures, mce_partition_fh

__all__ = ["mce_partition_fh", "mce_occupancy_measures"]
