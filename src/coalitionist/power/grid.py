"""Exact Banzhaf and Shapley–Shubik indices of any AND/OR composition by multi-dimensional counting.

For rules over several weight vectors (two weighted criteria, a triple majority, …) the state of a
coalition is its size ``k`` and its totals ``σ = (σ_1, …, σ_d)`` on the ``d`` distinct weight vectors, each
saturated at the largest quota on that vector (nothing above it changes any outcome).

Algorithm
---------
1. ``c[k, σ]`` = number of coalitions in state ``(k, σ)``, by the multi-dimensional generating-function
   recursion ``c[k+1, σ ⊕ w_i] += c[k, σ]`` over players (Bilbao, Fernández, Jiménez Losada & López 2000,
   *TOP* 8, "meet of weighted games"; Algaba, Bilbao, Fernández García & López 2003 for the EU).
2. Removing player ``i``: ``c_{-i}[0] = c[0]`` and ``c_{-i}[k] = c[k] − push_{w_i}(c_{-i}[k-1])``, where
   ``push`` is the saturating shift; exact in integer arithmetic (``int64`` for ``n ≤ 62``).
3. ``S ∌ i`` in state ``(k, σ)`` is a swing iff ``f(k+1, σ ⊕ w_i)`` and not ``f(k, σ)``; summing
   ``c_{-i}`` over those states by ``k`` gives swing counts by coalition size (Banzhaf, and with weights
   ``k!(n−k−1)!/n!`` Shapley–Shubik).

Players with identical weight vectors share one computation. Time ``O(n² · G)`` with
``G = ∏ (cap_d + 1)`` states per size, memory ``O(n · G)``.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coalitionist.power.linear import LinearGame
from coalitionist.power.progress import SILENT, Ticker
from coalitionist.power.stats import GameStats, shapley_from_sizes, shapley_weights
from coalitionist.power.threshold import table_dtype


def grid_size(game: LinearGame) -> int:
    """Number of states per coalition size, ``∏ (cap_d + 1)``."""
    g = 1
    for c in game.caps:
        g *= c + 1
    return g


def _push(arr: NDArray[Any], w: tuple[int, ...], caps: tuple[int, ...]) -> NDArray[Any]:
    """Saturating shift of the state axes (all axes after the first) by ``w``."""
    out = arr
    for d, (x, cap) in enumerate(zip(w, caps, strict=True)):
        if x == 0:
            continue
        ax = d + 1
        moved = np.zeros_like(out)
        src = np.moveaxis(out, ax, -1)
        dst = np.moveaxis(moved, ax, -1)
        if x >= cap:
            dst[..., cap] = src.sum(axis=-1)
        else:
            dst[..., x:cap] = src[..., : cap - x]
            dst[..., cap] = src[..., cap - x :].sum(axis=-1)
        out = moved
    return out


def _pull_mask(
    f: NDArray[np.bool_], w: tuple[int, ...], caps: tuple[int, ...]
) -> NDArray[np.bool_]:
    """``out[k, σ] = f[k, σ ⊕ w]``."""
    index: list[Any] = [slice(None)]
    for x, cap in zip(w, caps, strict=True):
        index.append(np.minimum(np.arange(cap + 1) + x, cap))
    return f[np.ix_(*[np.arange(f.shape[0]), *index[1:]])]


def grid_stats(game: LinearGame, *, tick: Ticker = SILENT) -> GameStats:
    """Exact swing counts, Banzhaf and Shapley–Shubik values of ``game`` (any number of dimensions).

    ``tick`` is told the fraction done after each player is added to the table (half the work: one push
    of the table per player) and after each distinct weight vector's removal (the other half, ``n``
    pushes each).
    """
    n = game.n
    caps = tuple(game.caps)
    dtype = table_dtype(n)
    shape = (n + 1, *(c + 1 for c in caps))
    vectors = [tuple(d[i] for d in game.dims) for i in range(n)]
    counts = np.zeros(shape, dtype=dtype)
    counts[(0,) + (0,) * len(caps)] = 1
    for m, w in enumerate(vectors):
        tick.at(0.5 * m / n)
        top = min(m + 1, n)
        counts[1 : top + 1] += _push(counts[0:top], w, caps)
    grids = np.meshgrid(*[np.arange(c + 1) for c in caps], indexing="ij")
    ks = np.arange(n + 1).reshape((n + 1,) + (1,) * len(caps))
    f = np.broadcast_to(game.evaluate(ks, [g[None, ...] for g in grids]), shape)
    winning = int(counts[f].sum())

    weights = shapley_weights(n)
    swings = [0] * n
    shapley: list[Fraction] = [Fraction(0)] * n
    groups: dict[tuple[int, ...], list[int]] = {}
    for i, w in enumerate(vectors):
        groups.setdefault(w, []).append(i)
    for done, (w, players) in enumerate(groups.items()):
        tick.at(0.5 + 0.5 * done / len(groups))
        swing_states = _pull_mask(f[1:], w, caps) & ~f[:-1]  # (n, grid): k = 0..n-1
        without = np.zeros((n, *shape[1:]), dtype=dtype)
        without[0] = counts[0]
        for k in range(1, n):
            without[k] = counts[k] - _push(without[k - 1][None, ...], w, caps)[0]
        by_size = [int(without[k][swing_states[k]].sum()) for k in range(n)]
        total = sum(by_size)
        ss = shapley_from_sizes(by_size, weights)
        for i in players:
            swings[i] = total
            shapley[i] = ss

    totals = game.totals
    grand = [min(t, c) for t, c in zip(totals, caps, strict=True)]
    grand_wins = game.wins_state(n, grand)
    veto = [
        grand_wins
        and not game.wins_state(
            n - 1, [min(t - v, c) for t, v, c in zip(totals, vectors[i], caps, strict=True)]
        )
        for i in range(n)
    ]
    half = Fraction(1, 2 ** (n - 1))
    tick.at(1.0)
    return GameStats(
        n=n,
        algorithm="multi-dimensional counting table with exact player removal",
        exact=True,
        grand_wins=grand_wins,
        empty_wins=game.wins_state(0, [0] * len(caps)),
        winning_count=winning,
        swings=swings,
        banzhaf_abs=[s * half for s in swings],
        shapley=list(shapley),
        veto=veto,
        dummy=[s == 0 for s in swings],
    )
