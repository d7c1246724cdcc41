"""Exact power indices by enumerating all ``2^n`` coalitions (any rule, ``n`` up to about 25).

Algorithm
---------
1. The winning vector ``v[S]`` (``S`` a bit mask, bit ``i`` = player ``i``) is built block by block: the
   totals of every subset of the low 20 players are built by doubling (``t ← [t, t + w_i]``), and each block
   adds one subset of the high players. Totals are saturated at each dimension's cap.
2. For player ``i``, viewing ``v`` as an array of shape ``(2^(n-1-i), 2, 2^i)`` pairs every ``S ∌ i`` (middle
   index 0) with ``S ∪ {i}`` (index 1), so swings, critical members and extensions are slices.
3. From ``v`` and the per-player swing masks: swing counts by coalition size (Banzhaf, Shapley–Shubik),
   the number ``κ(S)`` of critical members of every coalition (Johnston), minimal winning coalitions
   (``κ(S) = |S|``; Deegan–Packel, Holler), maximal losing coalitions (complements of minimal blocking ones)
   and properness (``v[S] ∧ v[N∖S]`` never true; the complement of mask ``S`` is ``2^n − 1 − S``, i.e. ``v``
   reversed).

Time ``O(n · 2^n)`` and memory about ``4 · 2^n`` bytes. This is the textbook definition evaluated
exhaustively; see Felsenthal & Machover (1998), *The Measurement of Voting Power*, ch. 2–3.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coalitionist.power.linear import LinearGame
from coalitionist.power.progress import SILENT, Ticker
from coalitionist.power.stats import GameStats, harmonic_sum, shapley_from_sizes, shapley_weights

_LOW = 20


def _subset_totals(weights: list[int], cap: int, dtype: type) -> NDArray[Any]:
    t: NDArray[Any] = np.zeros(1, dtype=dtype)
    for w in weights:
        t = np.concatenate([t, np.minimum(t + w, cap)])
    return t


def winning_vector(game: LinearGame, *, tick: Ticker = SILENT) -> NDArray[np.bool_]:
    """``v[S]`` for every coalition mask ``S`` in ``0 … 2^n − 1`` (bit ``i`` is player ``i``); ``tick`` is
    told the fraction of the blocks built."""
    n = game.n
    low = min(n, _LOW)
    high = n - low
    dtype: type = np.int64 if max(game.caps, default=0) < 2**62 else object
    size_low = _subset_totals([1] * low, n, np.int64)
    sums_low = [
        _subset_totals(list(d[:low]), c, dtype) for d, c in zip(game.dims, game.caps, strict=True)
    ]
    out = np.empty(1 << n, dtype=np.bool_)
    block = 1 << low
    for h in range(1 << high):
        tick.at(h / (1 << high))
        members = [low + j for j in range(high) if h >> j & 1]
        size = size_low + len(members)
        sums = [
            np.minimum(s + sum(d[m] for m in members), c)
            for s, d, c in zip(sums_low, game.dims, game.caps, strict=True)
        ]
        out[h * block : (h + 1) * block] = game.evaluate(size, sums)
    return out


def coalition_sizes(n: int) -> NDArray[np.uint8]:
    """Number of members of every coalition mask ``0 … 2^n − 1``."""
    s = np.zeros(1, dtype=np.uint8)
    for _ in range(n):
        s = np.concatenate([s, s + 1])
    return s


def enumerate_stats(game: LinearGame, *, tick: Ticker = SILENT) -> GameStats:
    """All raw counts of ``game`` by exhaustive enumeration (exact integers and fractions).

    ``tick`` is told the fraction done: the winning vector (a third of the work, block by block), then
    each player's pass over the ``2^n`` coalitions (two passes per player, the other two thirds).
    """
    n = game.n
    v = winning_vector(game, tick=tick.span(0.0, 1 / 3))
    size = coalition_sizes(n)
    full = (1 << n) - 1
    kappa = np.zeros(1 << n, dtype=np.uint8)  # critical members of each coalition
    ext = np.zeros(1 << n, dtype=np.uint8)  # non-members whose joining makes the coalition win
    crit_masks: list[NDArray[np.bool_]] = []
    swings_by_size: list[NDArray[np.int64]] = []
    for i in range(n):
        tick.at(1 / 3 + i / (3 * n))
        v3 = v.reshape(-1, 2, 1 << i)
        sw = v3[:, 1, :] & ~v3[:, 0, :]  # S ∌ i: S ∪ {i} wins, S loses
        swings_by_size.append(np.bincount(size.reshape(-1, 2, 1 << i)[:, 0, :][sw], minlength=n))
        kappa.reshape(-1, 2, 1 << i)[:, 1, :] += sw
        ext.reshape(-1, 2, 1 << i)[:, 0, :] += v3[:, 1, :]
        crit_masks.append(sw)
    weights = shapley_weights(n)
    swings = [int(c.sum()) for c in swings_by_size]
    half = Fraction(1, 2 ** (n - 1))
    mwc = v & (kappa == size)
    maxlose = ~v & (ext == (n - size))
    mwc_member: list[int] = []
    dp_raw: list[Fraction] = []
    johnston: list[Fraction] = []
    for i in range(n):
        tick.at(2 / 3 + i / (3 * n))
        upper_mwc = mwc.reshape(-1, 2, 1 << i)[:, 1, :]
        sizes_i = size.reshape(-1, 2, 1 << i)[:, 1, :][upper_mwc]
        mwc_member.append(int(sizes_i.size))
        dp_raw.append(harmonic_sum(np.bincount(sizes_i, minlength=n + 1).tolist()))
        k_i = kappa.reshape(-1, 2, 1 << i)[:, 1, :][crit_masks[i]]
        johnston.append(harmonic_sum(np.bincount(k_i, minlength=n + 1).tolist()))
    tick.at(1.0)
    return GameStats(
        n=n,
        algorithm="enumeration of all 2^n coalitions",
        exact=True,
        grand_wins=bool(v[full]),
        empty_wins=bool(v[0]),
        winning_count=int(v.sum()),
        swings=swings,
        banzhaf_abs=[s * half for s in swings],
        shapley=[shapley_from_sizes(c.tolist(), weights) for c in swings_by_size],
        mwc_count=int(mwc.sum()),
        mwc_member=mwc_member,
        dp_raw=list(dp_raw),
        johnston_raw=list(johnston),
        vulnerable_count=int((v & (kappa > 0)).sum()),
        mbc_count=int(maxlose.sum()),
        veto=[bool(v[full]) and not bool(v[full ^ (1 << i)]) for i in range(n)],
        dummy=[s == 0 for s in swings],
        proper=not bool((v & v[::-1]).any()),
    )
