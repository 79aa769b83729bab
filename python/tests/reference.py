"""Plain NumPy references, written from the equations (docs/Conventions.md), for the tests."""

from __future__ import annotations

import numpy as np


def logsumexp(q: np.ndarray, axis: int, temperature: float = 1.0) -> np.ndarray:
    m = np.max(q, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    return np.squeeze(m, axis) + temperature * np.log(np.sum(np.exp((q - m) / temperature), axis=axis))


def soft_value_iteration(P, r, horizon, discount=1.0, temperature=1.0, terminal=None):
    """P (S, A, S), r (S, A, B) -> V (H+1, S, B), Q (H, S, A, B), pi (H, S, A, B)."""
    S, A, B = r.shape
    V = np.zeros((horizon + 1, S, B))
    if terminal is not None:
        V[horizon] = terminal[:, None]
    Q = np.zeros((horizon, S, A, B))
    for t in reversed(range(horizon)):
        Q[t] = r + discount * np.einsum("sap,pb->sab", P, V[t + 1])
        V[t] = logsumexp(Q[t], axis=1, temperature=temperature)
    pi = np.exp((Q - V[:horizon, :, None, :]) / temperature)
    return V, Q, pi


def soft_value_iteration_infinite(P, r, discount, temperature=1.0, sweeps=5000):
    S, A, B = r.shape
    V = np.zeros((S, B))
    for _ in range(sweeps):
        Q = r + discount * np.einsum("sap,pb->sab", P, V)
        V = logsumexp(Q, axis=1, temperature=temperature)
    Q = r + discount * np.einsum("sap,pb->sab", P, V)
    return V, Q, np.exp((Q - V[:, None, :]) / temperature)


def occupancy(P, pi, rho, horizon, discount=1.0):
    """pi (T, S, A, B) with T in {1, H} -> d (H+1, S, B), mu (S, A, B)."""
    T, S, A, B = pi.shape
    d = np.zeros((horizon + 1, S, B))
    d[0] = rho[:, None]
    mu = np.zeros((S, A, B))
    for t in range(horizon):
        x = d[t][:, None, :] * pi[0 if T == 1 else t]
        mu += discount**t * x
        d[t + 1] = np.einsum("sap,sab->pb", P, x)
    return d, mu


def occupancy_infinite(P, pi, rho, discount):
    """Stationary pi (1, S, A, B): d = (I − γ Pπᵀ)⁻¹ ρ₀, mu = d·π."""
    _, S, A, B = pi.shape
    d = np.zeros((S, B))
    for b in range(B):
        P_pi = np.einsum("sa,sap->sp", pi[0, :, :, b], P)
        d[:, b] = np.linalg.solve(np.eye(S) - discount * P_pi.T, rho)
    return d, d[:, None, :] * pi[0]


def evaluate(P, pi, r, rho, horizon, discount=1.0, terminal=None):
    T, S, A, B = pi.shape
    V = np.zeros((horizon + 1, S, B))
    if terminal is not None:
        V[horizon] = terminal[:, None]
    Q = np.zeros((horizon, S, A, B))
    for t in reversed(range(horizon)):
        Q[t] = r + discount * np.einsum("sap,pb->sab", P, V[t + 1])
        p = pi[0 if T == 1 else t]
        V[t] = np.sum(np.where(p > 0, p * Q[t], 0.0), axis=1)
    return Q, V, rho @ V[0]


def imitation_partition(P, R, horizon, discount=1.0):
    """imitation 1.0.1's mce_partition_fh, restated: state reward R (S,), H rows, Q[H-1] = R."""
    S, A, _ = P.shape
    V = np.zeros((horizon, S))
    Q = np.zeros((horizon, S, A))
    Q[horizon - 1] = R[:, None]
    V[horizon - 1] = logsumexp(Q[horizon - 1], axis=1)
    for t in reversed(range(horizon - 1)):
        Q[t] = R[:, None] + discount * (P @ V[t + 1])
        V[t] = logsumexp(Q[t], axis=1)
    return V, Q, np.exp(Q - V[:, :, None])


def imitation_occupancy(P, rho, pi, horizon, discount=1.0):
    S, A, _ = P.shape
    D = np.zeros((horizon + 1, S))
    D[0] = rho
    for t in range(horizon):
        for a in range(A):
            D[t + 1] += (D[t] * pi[t, :, a]) @ P[:, a, :]
    return D, sum(discount**t * D[t] for t in range(horizon + 1))


def random_problem(rng, S, A, B):
    """A random MDP (S, A, S), rewards (S, A, B) and a random initial distribution (S,)."""
    P = random_mdp(rng, S, A)
    r = rng.normal(size=(S, A, B))
    rho = rng.random(S)
    return P, r, rho / rho.sum()


def random_mdp(rng, S, A, *, successors=None):
    """A random row-stochastic P (S, A, S); with `successors`, each row has that many nonzeros."""
    P = np.zeros((S, A, S))
    for s in range(S):
        for a in range(A):
            k = S if successors is None else successors
            nxt = rng.choice(S, size=k, replace=False)
            w = rng.random(k) + 0.05
            P[s, a, nxt] = w / w.sum()
    return P


def gridworld(width, height, slip=0.1):
    """A width×height gridworld, 5 actions (up, right, down, left, stay); with probability
    `slip` a uniformly random action is taken instead; moves off the grid stay put."""
    S, A = width * height, 5
    moves = [(0, -1), (1, 0), (0, 1), (-1, 0), (0, 0)]
    P = np.zeros((S, A, S))
    for y in range(height):
        for x in range(width):
            s = y * width + x
            for a in range(A):
                for b, (dx, dy) in enumerate(moves):
                    nx, ny = x + dx, y + dy
                    if not (0 <= nx < width and 0 <= ny < height):
                        nx, ny = x, y
                    p = (1 - slip) * (a == b) + slip / A
                    P[s, a, ny * width + nx] += p
    return P


def to_csr(P):
    S, A, _ = P.shape
    flat = P.reshape(S * A, S)
    rows, cols = np.nonzero(flat)
    indptr = np.zeros(S * A + 1, dtype=np.int64)
    np.add.at(indptr, rows + 1, 1)
    return np.cumsum(indptr), cols.astype(np.int64), flat[rows, cols].copy()
