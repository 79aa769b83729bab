"""The library's solvers over NumPy arrays, in the library's own conventions.

Shapes (``B`` = batch of independent problems, last axis; omit it for a single problem):

============================  =======================================================
reward ``r``                  ``(S, A)`` or ``(S, A, B)``; a state reward ``(S,)`` is
                              broadcast over actions; ``-inf`` forbids an action
values ``V``                  ``(H+1, S[, B])`` (row ``H`` = terminal values);
                              infinite horizon ``(1, S[, B])``
policy ``π``                  ``(H, S, A[, B])``; stationary ``(1, S, A[, B])``
Q-values                      like the policy
state distributions ``d_t``   ``(H+1, S[, B])``; infinite horizon ``(1, S[, B])``
occupancy ``μ``               ``(S, A[, B])``, ``μ = Σ_{t<H} γᵗ d_t(s) π_t(a|s)``
============================  =======================================================

``horizon=None`` is the infinite-horizon discounted problem (``discount < 1``).

Arrays: outputs have the transitions' dtype (float64, or float32 when the transition tensor is
float32). Inputs of that dtype and C-contiguous are passed to the library as they are; others
are converted (a copy) — the transition tensor is never copied when it is C-contiguous float64
or float32. Bad input raises :class:`~imitation_game.ImitationGameError` (a ``ValueError``)
with the library's message.
"""

from __future__ import annotations

import ctypes
import dataclasses
from typing import Any, Optional

import numpy as np

from . import _outputs
from ._library import Options, check, library
from .transitions import Transitions, as_transitions

__all__ = [
    "SoftValueIterationResult",
    "PolicyEvaluation",
    "soft_value_iteration",
    "occupancy_measures",
    "evaluate_policy",
    "maxent_irl",
    "MaxEntIRLResult",
]


@dataclasses.dataclass
class SoftValueIterationResult:
    """What :func:`soft_value_iteration` returns (``None`` for what was not asked for)."""

    values: np.ndarray
    policy: np.ndarray
    q_values: Optional[np.ndarray] = None
    state_distributions: Optional[np.ndarray] = None
    occupancy: Optional[np.ndarray] = None


@dataclasses.dataclass
class PolicyEvaluation:
    """What :func:`evaluate_policy` returns."""

    q_values: np.ndarray
    values: np.ndarray
    returns: np.ndarray


def _suffix(t: Transitions) -> str:
    return "f32" if t.dtype == np.float32 else "f64"


def _input(x: Any, dtype: np.dtype, name: str) -> np.ndarray:
    """``x`` as a C-contiguous array of ``dtype`` — itself when it already is one."""
    a = np.asarray(x)
    if a.dtype != dtype or not a.flags.c_contiguous:
        a = np.ascontiguousarray(a, dtype=dtype)
    return a


def _expect(a: np.ndarray, shape: tuple, name: str) -> None:
    if a.shape != shape:
        raise ValueError(f"{name}: expected shape {shape}, got {a.shape}")


def _pointer(a: Optional[np.ndarray]) -> Optional[int]:
    return None if a is None else a.ctypes.data


#: ``(ig_soft_value_iteration_*, ig_occupancy_measures_*)`` by ``dtype == float32``, looked up
#: once (the ctypes attribute lookup is a dictionary miss and a string build per call otherwise).
_FUNCTIONS: dict = {}


def _functions(t: Transitions) -> tuple:
    """The solver functions of the handle's precision."""
    if not _FUNCTIONS:
        lib = library()
        for single, suffix in ((False, "f64"), (True, "f32")):
            _FUNCTIONS[single] = (getattr(lib, f"ig_soft_value_iteration_{suffix}"),
                                  getattr(lib, f"ig_occupancy_measures_{suffix}"))
    return _FUNCTIONS[t.dtype == np.float32]


def _horizon(horizon: Optional[int]) -> int:
    if horizon is None:
        return 0
    h = int(horizon)
    if h < 1:
        raise ValueError(f"horizon: {horizon} is not a positive number of decisions (use None for an infinite horizon)")
    return h


def _options(temperature: float = 1.0, probability_tolerance: Optional[float] = None, threads: int = 0,
             tolerance: float = 1e-10, max_iterations: int = 100_000) -> Options:
    o = Options()
    library().ig_options_default(ctypes.byref(o))
    o.temperature = float(temperature)
    o.tolerance = float(tolerance)
    o.max_iterations = int(max_iterations)
    o.probability_tolerance = 0.0 if probability_tolerance is None else float(probability_tolerance)
    o.threads = int(threads)
    return o


def _reward(reward: Any, t: Transitions) -> tuple[np.ndarray, bool]:
    """The reward as ``(S, A, B)`` and whether the caller's had no batch axis."""
    s, a = t.state_count, t.action_count
    r = np.asarray(reward)
    if r.ndim == 1:
        _expect(r, (s,), "reward")
        r = np.repeat(r.astype(t.dtype, copy=False)[:, None], a, axis=1)
    if r.ndim == 2:
        _expect(r, (s, a), "reward")
        return _input(r, t.dtype, "reward").reshape(s, a, 1), True
    if r.ndim != 3 or r.shape[:2] != (s, a) or r.shape[2] < 1:
        raise ValueError(f"reward: expected shape ({s},), ({s}, {a}) or ({s}, {a}, B), got {r.shape}")
    return _input(r, t.dtype, "reward"), False


def _policy(policy: Any, t: Transitions, horizon: int) -> tuple[np.ndarray, bool]:
    """The policy as ``(T, S, A, B)`` and whether the caller's had no batch axis."""
    s, a = t.state_count, t.action_count
    p = np.asarray(policy)
    squeeze = p.ndim in (2, 3)
    if p.ndim == 2:
        p = p.reshape(1, *p.shape)
    if p.ndim == 3:
        p = p.reshape(*p.shape, 1)
    if p.ndim != 4 or p.shape[1:3] != (s, a) or p.shape[0] not in (1, max(horizon, 1)):
        h = "H" if horizon else "1"
        raise ValueError(f"policy: expected shape (S, A), (T, S, A) or (T, S, A, B) with S={s}, A={a}, T=1 or {h}, "
                         f"got {np.shape(policy)}")
    return _input(p, t.dtype, "policy"), squeeze


def _unbatch(a: Optional[np.ndarray], squeeze: bool) -> Optional[np.ndarray]:
    return a.reshape(a.shape[:-1]) if (a is not None and squeeze) else a


def soft_value_iteration(
    transitions: Any,
    reward: Any,
    *,
    horizon: Optional[int],
    discount: float = 1.0,
    temperature: float = 1.0,
    terminal_values: Any = None,
    initial_distribution: Any = None,
    return_q: bool = False,
    storage: str = "auto",
    tolerance: Optional[float] = None,
    threads: int = 0,
    convergence_tolerance: float = 1e-10,
    max_iterations: int = 100_000,
    out: Optional[SoftValueIterationResult] = None,
) -> SoftValueIterationResult:
    """Soft (maximum-entropy) value iteration, and the forward pass of its policy when
    ``initial_distribution`` is given — one native call.

    ``Q_t = r + γ·P·V_{t+1}``, ``V_t = α·log Σ_a exp(Q_t/α)``, ``π_t = exp((Q_t − V_t)/α)``.

    Parameters
    ----------
    transitions: a :class:`Transitions`, or a dense ``(S, A, S)`` array (wrapped without a copy
        when C-contiguous float64/float32; ``storage`` and ``tolerance`` apply to the wrapping).
    reward: ``(S,)``, ``(S, A)`` or ``(S, A, B)``.
    horizon: the number of decisions ``H``, or ``None`` for the infinite horizon.
    discount, temperature: ``γ ∈ [0, 1]``, ``α > 0``.
    terminal_values: ``V_H``, shape ``(S,)``.
    initial_distribution: ``ρ₀``, shape ``(S,)``; when given, the result also holds
        ``state_distributions`` and ``occupancy``.
    return_q: also return ``Q``.
    out: a result to overwrite instead of allocating new arrays — typically the previous call's
        in a loop over rewards. Its arrays must have exactly the shapes and dtype this call
        returns, be C-contiguous, aligned, writeable and share no memory with the inputs or
        with each other; ``q_values`` must be present when ``return_q`` is set, and
        ``state_distributions`` and ``occupancy`` when ``initial_distribution`` is given.

    Returns
    -------
    SoftValueIterationResult
        With ``out``: a new result object holding ``out``'s arrays, overwritten.
    """
    t = as_transitions(transitions, storage=storage, tolerance=tolerance)
    r, squeeze = _reward(reward, t)
    return _soft_value_iteration(
        t, r, squeeze, horizon=horizon, discount=discount, temperature=temperature,
        terminal_values=terminal_values, initial_distribution=initial_distribution, return_q=return_q,
        want_occupancy=True, threads=threads, convergence_tolerance=convergence_tolerance,
        max_iterations=max_iterations, out=out)


def _soft_value_iteration(t: Transitions, r: np.ndarray, squeeze: bool, *, horizon: Optional[int], discount: float,
                          temperature: float, terminal_values: Any, initial_distribution: Any, return_q: bool,
                          want_occupancy: bool, threads: int = 0, convergence_tolerance: float = 1e-10,
                          max_iterations: int = 100_000,
                          out: Optional[SoftValueIterationResult] = None) -> SoftValueIterationResult:
    """:func:`soft_value_iteration` on a handle and a prepared ``(S, A, B)`` reward; the
    occupancy ``μ`` is skipped (not computed, ``None``) when ``want_occupancy`` is false."""
    s, a, b = r.shape
    h = _horizon(horizon)
    rows = h if h else 1
    dtype = t.dtype
    vh = None if terminal_values is None else _input(terminal_values, dtype, "terminal_values")
    if vh is not None:
        _expect(vh, (s,), "terminal_values")
    rho = None
    if initial_distribution is not None:
        rho = _input(initial_distribution, dtype, "initial_distribution")
        _expect(rho, (s,), "initial_distribution")
    forward = rho is not None
    outputs = _Outputs(out, dtype, squeeze)
    values = outputs.take("values", (h + 1 if h else 1, s, b))
    policy = outputs.take("policy", (rows, s, a, b))
    q = outputs.take("q_values", (rows, s, a, b)) if return_q else None
    d = outputs.take("state_distributions", (h + 1 if h else 1, s, b)) if forward else None
    mu = outputs.take("occupancy", (s, a, b)) if forward and want_occupancy else None
    outputs.check_disjoint(t, r, vh, rho)
    options = _options(temperature, None, threads, convergence_tolerance, max_iterations)
    fn = _functions(t)[0]
    check(fn(t.pointer, h, float(discount), r.ctypes.data, b, _pointer(vh), ctypes.byref(options),
             values.ctypes.data, policy.ctypes.data, _pointer(q), _pointer(rho), _pointer(d), _pointer(mu)))
    return SoftValueIterationResult(
        values=outputs.result("values", values),
        policy=outputs.result("policy", policy),
        q_values=outputs.result("q_values", q),
        state_distributions=outputs.result("state_distributions", d),
        occupancy=outputs.result("occupancy", mu),
    )


def occupancy_measures(
    transitions: Any,
    policy: Any,
    *,
    initial_distribution: Any,
    horizon: Optional[int],
    discount: float = 1.0,
    probability_tolerance: Optional[float] = None,
    storage: str = "auto",
    tolerance: Optional[float] = None,
    out: Optional[tuple] = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The forward pass of ``policy``: ``(state_distributions, occupancy)``.

    ``d_0 = ρ₀``, ``d_{t+1}(s') = Σ_{s,a} P(s'|s,a)·d_t(s)·π_t(a|s)``, ``μ = Σ_{t<H} γᵗ d_t·π_t``.

    ``policy``: ``(S, A)`` (stationary), ``(T, S, A)`` or ``(T, S, A, B)`` with ``T = 1`` or ``H``;
    each row must sum to 1 within ``probability_tolerance`` (default √ε).
    Returns ``d`` of shape ``(H+1, S[, B])`` (infinite horizon: ``(1, S[, B])``, the discounted
    state occupancy) and ``μ`` of shape ``(S, A[, B])``.

    ``out``: a pair ``(d, μ)`` of arrays to overwrite instead of allocating new ones (a previous
    call's result); same requirements as :func:`soft_value_iteration`'s ``out``. Returns them.
    """
    t = as_transitions(transitions, storage=storage, tolerance=tolerance)
    if out is not None and (not isinstance(out, tuple) or len(out) != 2):
        raise TypeError(f"out: expected a pair (state_distributions, occupancy) of arrays, got {type(out).__name__}")
    return _occupancy_measures(t, policy, initial_distribution=initial_distribution, horizon=horizon,
                               discount=discount, probability_tolerance=probability_tolerance,
                               want_occupancy=True, out=out)


def _occupancy_measures(t: Transitions, policy: Any, *, initial_distribution: Any, horizon: Optional[int],
                        discount: float, probability_tolerance: Optional[float], want_occupancy: bool,
                        out: Optional[tuple] = None) -> tuple[np.ndarray, Optional[np.ndarray]]:
    """:func:`occupancy_measures` on a handle; ``μ`` is skipped (``None``) unless ``want_occupancy``."""
    h = _horizon(horizon)
    p, squeeze = _policy(policy, t, h)
    steps, s, a, b = p.shape
    rho = _input(initial_distribution, t.dtype, "initial_distribution")
    _expect(rho, (s,), "initial_distribution")
    holder = None if out is None else _Pair(*out)
    outputs = _Outputs(holder, t.dtype, squeeze)
    d = outputs.take("state_distributions", (h + 1 if h else 1, s, b))
    mu = outputs.take("occupancy", (s, a, b)) if want_occupancy else None
    outputs.check_disjoint(t, p, rho)
    options = _options(probability_tolerance=probability_tolerance)
    fn = _functions(t)[1]
    check(fn(t.pointer, h, float(discount), rho.ctypes.data, p.ctypes.data, steps, b, ctypes.byref(options),
             d.ctypes.data, _pointer(mu)))
    return outputs.result("state_distributions", d), outputs.result("occupancy", mu)


@dataclasses.dataclass
class _Pair:
    """``occupancy_measures``'s ``out`` under the field names of the result."""

    state_distributions: Any
    occupancy: Any


class _Outputs:
    """The output arrays of one call: fresh ones (huge-page backed when large), or the caller's
    ``out`` arrays, checked."""

    def __init__(self, out: Any, dtype: np.dtype, squeeze: bool):
        self.out, self.dtype, self.squeeze = out, dtype, squeeze
        self.arrays: list[np.ndarray] = []

    def take(self, field: str, shape: tuple) -> np.ndarray:
        """The array to write ``field`` into, in the library's batched ``shape``."""
        if self.out is None:
            a = _outputs.empty(shape, self.dtype)
        else:
            given = getattr(self.out, field)
            if given is None:
                raise ValueError(f"out.{field}: this call writes it; pass an array (got None)")
            user_shape = shape[:-1] if self.squeeze else shape
            a = _outputs.checked_out(given, user_shape, self.dtype, f"out.{field}").reshape(shape)
        self.arrays.append(a)
        return a

    def check_disjoint(self, t: Transitions, *inputs: Optional[np.ndarray]) -> None:
        """Caller arrays must not overlap the inputs (the transition arrays included) or each other."""
        if self.out is None:
            return
        others = [x for x in (*t._arrays, *inputs) if x is not None]
        for i, a in enumerate(self.arrays):
            for x in others + self.arrays[i + 1:]:
                if np.may_share_memory(a, x):
                    raise ValueError("out: an output array overlaps an input or another output; "
                                     "pass separate arrays")

    def result(self, field: str, a: Optional[np.ndarray]) -> Optional[np.ndarray]:
        """What the caller gets: its own ``out`` array, or the fresh array without the batch axis
        when the inputs had none."""
        if a is None:
            return None
        if self.out is not None:
            return getattr(self.out, field)
        return _unbatch(a, self.squeeze)


def evaluate_policy(
    transitions: Any,
    policy: Any,
    reward: Any,
    *,
    initial_distribution: Any,
    horizon: Optional[int],
    discount: float = 1.0,
    terminal_values: Any = None,
    probability_tolerance: Optional[float] = None,
    storage: str = "auto",
    tolerance: Optional[float] = None,
) -> PolicyEvaluation:
    """The exact value of ``policy`` under ``reward``: ``Q^π``, ``V^π`` and ``J = Σ_s ρ₀(s)·V^π_0(s)``.

    ``Q^π_t = r + γ·P·V^π_{t+1}``, ``V^π_t(s) = Σ_a π_t(a|s)·Q^π_t(s, a)``; infinite horizon by an
    exact linear solve. A policy or reward with one batch column is broadcast to the other's
    (that broadcast is a copy).
    """
    t = as_transitions(transitions, storage=storage, tolerance=tolerance)
    h = _horizon(horizon)
    p, p_squeeze = _policy(policy, t, h)
    r, r_squeeze = _reward(reward, t)
    b = max(p.shape[3], r.shape[2])
    if p.shape[3] != b:
        if p.shape[3] != 1:
            raise ValueError(f"policy batch {p.shape[3]} and reward batch {r.shape[2]} differ")
        p = np.ascontiguousarray(np.broadcast_to(p, p.shape[:3] + (b,)))
    if r.shape[2] != b:
        if r.shape[2] != 1:
            raise ValueError(f"policy batch {p.shape[3]} and reward batch {r.shape[2]} differ")
        r = np.ascontiguousarray(np.broadcast_to(r, r.shape[:2] + (b,)))
    squeeze = p_squeeze and r_squeeze
    steps, s, a, _ = p.shape
    rho = _input(initial_distribution, t.dtype, "initial_distribution")
    _expect(rho, (s,), "initial_distribution")
    vh = None if terminal_values is None else _input(terminal_values, t.dtype, "terminal_values")
    if vh is not None:
        _expect(vh, (s,), "terminal_values")
    rows = h if h else 1
    q = _outputs.empty((rows, s, a, b), t.dtype)
    v = np.empty((h + 1 if h else 1, s, b), t.dtype)
    j = np.empty((b,), t.dtype)
    options = _options(probability_tolerance=probability_tolerance)
    fn = getattr(library(), f"ig_evaluate_policy_{_suffix(t)}")
    check(fn(t.pointer, h, float(discount), rho.ctypes.data, _pointer(vh), p.ctypes.data, steps, r.ctypes.data, b,
             ctypes.byref(options), q.ctypes.data, v.ctypes.data, j.ctypes.data))
    return PolicyEvaluation(q_values=_unbatch(q, squeeze), values=_unbatch(v, squeeze),
                            returns=j[0] if squeeze else j)


@dataclasses.dataclass
class MaxEntIRLResult:
    """What :func:`maxent_irl` returns (the last iterate of every column)."""

    weights: np.ndarray
    reward: np.ndarray
    policy: np.ndarray
    occupancy: np.ndarray
    feature_expectations: np.ndarray
    #: ``‖F_π − F_E‖∞`` per iteration, shape ``(iterations run, [B])``.
    mismatch_history: np.ndarray
    #: The iteration at which each column stopped, shape ``([B])``.
    iterations: np.ndarray


class _MaxEntOptions(ctypes.Structure):
    """``ig_maxent_options`` (nine 8-byte fields)."""

    _fields_ = [
        ("max_iterations", ctypes.c_int64),
        ("step_size", ctypes.c_double),
        ("mismatch_tolerance", ctypes.c_double),
        ("gradient_tolerance", ctypes.c_double),
        ("l2_regularization", ctypes.c_double),
        ("temperature", ctypes.c_double),
        ("optimizer", ctypes.c_int64),
        ("schedule", ctypes.c_int64),
        ("threads", ctypes.c_int64),
    ]


_OPTIMIZERS = {"gradient_descent": 0, "adam": 1}
_SCHEDULES = {"constant": 0, "inverse_sqrt": 1, "inverse_time": 2}


def maxent_irl(
    transitions: Any,
    features: Any,
    expert_occupancy: Any,
    *,
    initial_distribution: Any,
    horizon: Optional[int],
    discount: float = 1.0,
    initial_weights: Any = None,
    max_iterations: int = 500,
    step_size: float = 0.1,
    mismatch_tolerance: float = 1e-6,
    gradient_tolerance: float = 0.0,
    l2_regularization: float = 0.0,
    temperature: float = 1.0,
    optimizer: str = "gradient_descent",
    schedule: str = "constant",
    threads: int = 0,
    storage: str = "auto",
    tolerance: Optional[float] = None,
) -> MaxEntIRLResult:
    """Maximum-entropy IRL: weights ``λ`` of a linear reward ``r = Φλ`` whose soft-optimal policy
    matches the expert's feature expectations ``F_E = Φᵀμ_E``.

    The reward player descends ``g(λ)`` with gradient ``F_π − F_E + c·λ`` (``optimizer``:
    ``"gradient_descent"`` or ``"adam"``; ``schedule``: ``"constant"``, ``"inverse_sqrt"``,
    ``"inverse_time"``); the policy player answers by soft value iteration. A column stops when
    ``‖F_π − F_E‖∞ <= mismatch_tolerance`` or ``‖∇g‖∞ <= gradient_tolerance``.

    ``features``: ``(S, A, K)`` (or state features ``(S, K)``, broadcast over actions — a copy);
    ``expert_occupancy``: ``μ_E`` of shape ``(S, A)`` or ``(S, A, B)``, with the MDP's occupancy
    mass ``Σ_{t<H} γᵗ`` (``1/(1−γ)`` for ``horizon=None``); ``initial_weights``: ``(K[, B])``.
    """
    t = as_transitions(transitions, storage=storage, tolerance=tolerance)
    s, a = t.state_count, t.action_count
    phi = np.asarray(features)
    if phi.ndim == 2 and phi.shape[0] == s:
        phi = np.repeat(phi[:, None, :], a, axis=1)
    if phi.ndim != 3 or phi.shape[:2] != (s, a):
        raise ValueError(f"features: expected shape ({s}, {a}, K) or ({s}, K), got {np.shape(features)}")
    phi = _input(phi, t.dtype, "features")
    k = phi.shape[2]
    mu = np.asarray(expert_occupancy)
    squeeze = mu.ndim == 2
    if squeeze:
        mu = mu.reshape(*mu.shape, 1)
    if mu.ndim != 3 or mu.shape[:2] != (s, a):
        raise ValueError(f"expert_occupancy: expected shape ({s}, {a}) or ({s}, {a}, B), got {np.shape(expert_occupancy)}")
    mu = _input(mu, t.dtype, "expert_occupancy")
    b = mu.shape[2]
    lam0 = None
    if initial_weights is not None:
        lam0 = _input(np.asarray(initial_weights).reshape(k, b), t.dtype, "initial_weights")
    rho = _input(initial_distribution, t.dtype, "initial_distribution")
    _expect(rho, (s,), "initial_distribution")
    if optimizer not in _OPTIMIZERS or schedule not in _SCHEDULES:
        raise ValueError(f"optimizer {optimizer!r} / schedule {schedule!r}: expected one of "
                         f"{sorted(_OPTIMIZERS)} / {sorted(_SCHEDULES)}")
    o = _MaxEntOptions()
    library().ig_maxent_options_default(ctypes.byref(o))
    o.max_iterations, o.step_size = int(max_iterations), float(step_size)
    o.mismatch_tolerance, o.gradient_tolerance = float(mismatch_tolerance), float(gradient_tolerance)
    o.l2_regularization, o.temperature = float(l2_regularization), float(temperature)
    o.optimizer, o.schedule, o.threads = _OPTIMIZERS[optimizer], _SCHEDULES[schedule], int(threads)
    h = _horizon(horizon)
    rows = h if h else 1
    dtype = t.dtype
    weights = np.empty((k, b), dtype)
    reward = _outputs.empty((s, a, b), dtype)
    policy = _outputs.empty((rows, s, a, b), dtype)
    occupancy = np.empty((s, a, b), dtype)
    features_out = np.empty((k, b), dtype)
    history = np.full((max(int(max_iterations), 1), b), np.nan, dtype)
    iterations = np.zeros((b,), np.int64)
    length = ctypes.c_int64(0)
    fn = getattr(library(), f"ig_maxent_irl_{_suffix(t)}")
    fn.restype = ctypes.c_int
    check(fn(t.pointer, ctypes.c_int64(h), ctypes.c_double(discount), ctypes.c_void_p(rho.ctypes.data),
             ctypes.c_void_p(phi.ctypes.data), ctypes.c_int64(k), ctypes.c_void_p(mu.ctypes.data), ctypes.c_int64(b),
             ctypes.c_void_p(_pointer(lam0)), ctypes.byref(o), ctypes.c_void_p(weights.ctypes.data),
             ctypes.c_void_p(reward.ctypes.data), ctypes.c_void_p(policy.ctypes.data),
             ctypes.c_void_p(occupancy.ctypes.data), ctypes.c_void_p(features_out.ctypes.data),
             ctypes.c_void_p(history.ctypes.data), ctypes.c_void_p(iterations.ctypes.data), ctypes.byref(length)))
    history = history[: length.value]
    return MaxEntIRLResult(
        weights=_unbatch(weights, squeeze),
        reward=_unbatch(reward, squeeze),
        policy=_unbatch(policy, squeeze),
        occupancy=_unbatch(occupancy, squeeze),
        feature_expectations=_unbatch(features_out, squeeze),
        mismatch_history=_unbatch(history, squeeze),
        iterations=iterations[0] if squeeze else iterations,
    )
