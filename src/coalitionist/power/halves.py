"""Exact power indices of size-threshold games whatever the size of the weights: meet in the middle.

The counting tables of :mod:`~coalitionist.power.threshold` are indexed by total weight, so their cost
grows with the quota: populations in persons (hundreds of millions) or shareholdings in shares are out of
their reach. Here the cost grows with ``2^(n/2)`` instead, whatever the magnitude of the integer weights
(Horowitz & Sahni 1974, the meet-in-the-middle method for subset sums; applied to power indices e.g. by
Kurz 2016, *Computing the power distribution in the IMF*, arXiv:1603.01443).

Algorithm
---------
Sort the players by decreasing weight ``v_0 ≥ … ≥ v_{n−1}`` and split them into a heavy half ``A``
(positions ``< h = ⌊n/2⌋``) and a light half ``B``. Enumerate the ``2^|A|`` and ``2^|B|`` subsets of each
half with their size, weight and lightest member, sorted by (size, weight). Every coalition is one pair
``T = x ∪ y`` (``x ⊆ A``, ``y ⊆ B``); with ``m = |x| + |y|`` and ``s = w(x) + w(y)``, each quantity below is
the number of pairs whose ``s`` falls in a window ``[lo, hi)`` that depends on ``m`` and on one side only,
so it is a difference of two binary searches (``numpy.searchsorted``) of one side's weights in the other
side's sorted list of each size. Counts for the players on the *searched* side are gathered by difference
arrays over the sorted list (one cumulative sum), and counts per player are matrix products with the
membership matrix (exact in float64: every count is below ``2^n ≤ 2^52``).

* *Winning coalitions containing each player*, by size: ``s ≥ t_m``. The swings follow by monotonicity:
  ``#{S ∌ i, |S| = k : S ∪ {i} wins, S loses} = W_i(k+1) − (W(k) − W_i(k))``, where ``W(k)`` counts the
  winning coalitions of size ``k`` and ``W_i(k)`` those containing ``i``. Banzhaf and Shapley–Shubik follow.
* *Minimal winning coalitions* (Deegan–Packel, Holler): ``T`` is minimal iff its lightest member is
  critical, ``t_m ≤ s < t_{m−1} + w_min(T)``; the lightest member of ``x ∪ y`` is the lightest of ``y``
  when ``y ≠ ∅`` (``B`` is the light half), so the window depends on one side only. ``y = ∅`` is counted
  on ``A`` alone.
* *Minimal blocking coalitions*: ``T`` blocks minimally iff ``N∖T`` loses and ``N∖T`` plus the lightest
  member of ``T`` wins: ``W − t_{n−m} < s ≤ W − t_{n−m+1} + w_min(T)``.
* *Johnston*: in a winning coalition the critical members are those heavier than the excess
  ``e = s − t_{m−1}``, i.e. its members among the first ``β`` positions, where the *band* ``β`` is the
  number of players heavier than ``e``. For each band (an interval of ``e``, so of ``s``) the critical
  members are ``x ∩ [0, β)`` when ``β ≤ h`` and ``x ∪ (y ∩ [h, β))`` when ``β > h``; their number ``κ``
  depends on one side only (and on the other side's size), so the counts per player are kept by ``κ`` and
  ``Σ 1/κ`` is taken exactly at the end.
* *Properness*: no winning ``T`` has a winning complement, ``t_m ≤ s ≤ W − t_{n−m}``.

Time ``O(n · β · 2^(n/2) · log 2^(n/2))`` with ``β`` the number of distinct weights (Johnston's bands) and
``O(n · 2^(n/2))`` for the other indices; memory ``O(n · 2^(n/2))``. Every count is an exact integer and
every index an exact fraction, whatever the weights (up to a total of ``2^62``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from coalitionist.errors import InvalidArgumentError
from coalitionist.power.progress import SILENT, Ticker
from coalitionist.power.stats import GameStats, harmonic_sum, shapley_from_sizes, shapley_weights

#: Largest number of players handled (counts must stay below 2^52 for exact float64 products).
MAX_PLAYERS = 50
#: Largest total weight handled (sums and bounds are ``int64``).
MAX_TOTAL = 2**60

IntArray = NDArray[np.int64]


@dataclass
class _Half:
    """All subsets of one half, sorted by (size, weight)."""

    players: list[int]  # original player ids, in position order
    weight: IntArray
    size: IntArray
    lightest: IntArray  # weight of the lightest member (-1 for the empty set)
    member: NDArray[np.float64]  # (2^m, m) membership, float64 for BLAS products
    starts: list[int]  # starts[a] .. starts[a+1]: the subsets of size a

    @property
    def m(self) -> int:
        return len(self.players)


def _half(players: list[int], weights: Sequence[int]) -> _Half:
    m = len(players)
    wt = np.zeros(1, dtype=np.int64)
    sz = np.zeros(1, dtype=np.int64)
    light = np.full(1, -1, dtype=np.int64)
    mask = np.zeros(1, dtype=np.int64)
    for j, p in enumerate(players):  # positions in order of decreasing weight: later = lighter
        x = int(weights[p])
        wt = np.concatenate([wt, wt + x])
        sz = np.concatenate([sz, sz + 1])
        light = np.concatenate([light, np.full(light.size, x, dtype=np.int64)])
        mask = np.concatenate([mask, mask | (1 << j)])
    order = np.lexsort((wt, sz))
    wt, sz, light, mask = wt[order], sz[order], light[order], mask[order]
    member = ((mask[:, None] >> np.arange(m, dtype=np.int64)[None, :]) & 1).astype(np.float64)
    starts = np.searchsorted(sz, np.arange(m + 2)).tolist()
    return _Half(players, wt, sz, light, member, [int(s) for s in starts])


class _Acc:
    """Counts by output column (size ``m`` or number of critical members ``κ``), total and per player."""

    def __init__(self, n_cols: int, q_players: int, t_players: int) -> None:
        self.total = np.zeros(n_cols, dtype=np.float64)
        self.q = np.zeros((q_players, n_cols), dtype=np.float64)
        self.t = np.zeros((t_players, n_cols), dtype=np.float64)


Bounds = Callable[[int], tuple[IntArray, IntArray]]


def _sweep(
    q: _Half,
    t: _Half,
    bounds: Bounds,
    labels: IntArray,
    acc: _Acc,
    *,
    q_cols: int | None = None,
    t_side: bool = True,
    collapse: bool = False,
    tick: Ticker = SILENT,
) -> None:
    """Count the pairs ``(u, v)``, ``u ∈ q``, ``v ∈ t``, with ``lo_u ≤ w(v) < hi_u``, for each size of ``v``.

    ``bounds(a)`` gives ``(lo, hi)`` over ``q`` for the subsets ``v`` of size ``a``. A pair's output column is
    ``labels[u] + a`` (``labels[u]`` alone when ``collapse``); ``labels[u] < 0`` drops ``u``. Per-player
    counts go to ``acc.q`` for the first ``q_cols`` players of ``q`` (default all) and, when ``t_side``, to
    ``acc.t`` for every player of ``t``. ``tick`` is told the fraction of the sizes ``a`` done.
    """
    n_cols = acc.total.size
    keep = labels >= 0
    groups = [(int(g), np.flatnonzero(labels == g)) for g in np.unique(labels[keep])]
    qc = q.m if q_cols is None else q_cols
    mem = {g: q.member[idx, :qc] for g, idx in groups} if qc else {}
    n_lab = int(labels.max()) + 1 if keep.any() else 0
    for a in range(t.m + 1):
        tick.at(a / (t.m + 1))
        s0, s1 = t.starts[a], t.starts[a + 1]
        if s1 <= s0 or not groups:
            continue
        lo, hi = bounds(a)
        tw = t.weight[s0:s1]
        pl = np.searchsorted(tw, lo, side="left")
        ph = np.searchsorted(tw, hi, side="left")
        c = np.where(keep, np.maximum(ph - pl, 0), 0)
        if not c.any():
            continue
        cf = c.astype(np.float64)
        for g, idx in groups:
            col = g if collapse else g + a
            if col >= n_cols:
                continue
            ci = cf[idx]
            acc.total[col] += ci.sum()
            if qc:
                acc.q[:, col] += mem[g].T @ ci
        if t_side:
            live = c > 0
            size = s1 - s0 + 1
            lab = labels[live]
            flat = np.concatenate([pl[live] * n_lab + lab, ph[live] * n_lab + lab])
            wts = np.concatenate([np.ones(lab.size), -np.ones(lab.size)])
            diff = np.bincount(flat, weights=wts, minlength=size * n_lab).reshape(size, n_lab)
            per = np.cumsum(diff[:-1], axis=0)  # (subsets of size a, label): pairs containing each
            prod = t.member[s0:s1].T @ per
            for g in range(n_lab):
                col = g if collapse else g + a
                if col < n_cols:
                    acc.t[:, col] += prod[:, g]


def _exact_int(x: float) -> int:
    r = round(x)
    assert abs(x - r) < 0.25, "count not an integer: float64 precision exceeded"
    return int(r)


def halves_stats(
    weights: Sequence[int],
    thresholds: Sequence[int | None],
    *,
    minimal: bool = True,
    johnston: bool = True,
    tick: Ticker = SILENT,
) -> GameStats:
    """Every raw count of the size-threshold game ``(weights, thresholds)`` by meet in the middle, exactly.

    Parameters
    ----------
    weights : sequence of int
        ``w_i ≥ 0``, any magnitude (total below ``2^60``).
    thresholds : sequence of int or None, length ``n + 1``
        Non-increasing ``t_k`` (``None`` where no coalition of ``k`` members wins).
    minimal : bool
        Also count minimal winning and blocking coalitions (Deegan–Packel, Holler).
    johnston : bool
        Also compute Johnston's raw scores.
    tick : Ticker
        Told the fraction done as the sweeps advance (each sweep, one per kind of count and one per
        band of Johnston's scores, an equal share).

    Examples
    --------
    >>> s = halves_stats([4_000_000_001, 2_000_000_000, 2_000_000_000], [None, None, 6_000_000_001, 0])
    >>> s.swings, s.mwc_count
    ([3, 1, 1], 2)
    """
    n = len(weights)
    w = [int(x) for x in weights]
    if n > MAX_PLAYERS:
        raise InvalidArgumentError(f"meet in the middle handles at most {MAX_PLAYERS} players")
    total_w = sum(w)
    if total_w >= MAX_TOTAL or min(w, default=0) < 0:
        raise InvalidArgumentError("weights must be non-negative with a total below 2^60")
    big = 2 * total_w + 4  # "infinity": beyond every sum and bound

    def clip(x: int | None) -> int:
        return big if x is None else min(max(int(x), 0), total_w + 1)

    # t_k for k = -1 … n+1 with None beyond the ends; tv: clipped integer values, tn: whether None
    t_list = list(thresholds)
    tn = np.array([True, *[x is None for x in t_list], True])
    tv = np.array([big, *[clip(x) for x in t_list], big], dtype=np.int64)

    def tt(k: IntArray) -> tuple[IntArray, NDArray[np.bool_]]:
        """``(t_k clipped, t_k is None)`` for an array of ``k`` in ``-1 … n+1``."""
        kk = np.clip(k, -1, n + 1) + 1
        return tv[kk], tn[kk]

    order = sorted(range(n), key=lambda i: (-w[i], i))
    v = [w[i] for i in order]
    h = n // 2
    # every sweep an equal share of the progress: win, imp, (mwc, mbc), (one per band of Johnston's)
    sweeps = 2 + 2 * minimal + n * johnston
    swept = [0]

    def next_sweep() -> Ticker:
        swept[0] += 1
        return tick.span((swept[0] - 1) / sweeps, swept[0] / sweeps)

    A = _half(order[:h], w)
    B = _half(order[h:], w)
    players_a, players_b = A.players, B.players
    cols = n + 2

    # 1. winning coalitions by size, in total and per player
    win = _Acc(cols, B.m, A.m)

    def win_bounds(a: int) -> tuple[IntArray, IntArray]:
        tm, none = tt(a + B.size)
        lo = np.where(none, big, tm - B.weight)
        return lo, np.full_like(lo, big)

    _sweep(B, A, win_bounds, B.size.copy(), win, tick=next_sweep())
    win_i = np.zeros((n, cols))
    win_i[players_b] = win.q
    win_i[players_a] = win.t
    w_by = [_exact_int(x) for x in win.total]
    wi = [[_exact_int(x) for x in row] for row in win_i]

    sw_weights = shapley_weights(n)
    swings: list[int] = []
    shapley: list[Fraction] = []
    for i in range(n):
        by_size = [wi[i][k + 1] - (w_by[k] - wi[i][k]) for k in range(n)]
        swings.append(sum(by_size))
        shapley.append(shapley_from_sizes(by_size, sw_weights))

    t_n = t_list[n]
    grand_wins = t_n is not None and total_w >= t_n
    empty_wins = t_list[0] is not None and t_list[0] <= 0
    t_n1 = t_list[n - 1] if n >= 1 else None
    veto = [grand_wins and not (t_n1 is not None and total_w - w[i] >= t_n1) for i in range(n)]

    # properness: winning coalitions whose complement wins
    imp = _Acc(cols, 0, 0)

    def imp_bounds(a: int) -> tuple[IntArray, IntArray]:
        m = a + B.size
        tm, n1 = tt(m)
        tc, n2 = tt(n - m)
        bad = n1 | n2
        return np.where(bad, big, tm - B.weight), np.where(bad, -big, total_w - tc + 1 - B.weight)

    _sweep(B, A, imp_bounds, B.size.copy(), imp, q_cols=0, t_side=False, tick=next_sweep())
    improper = sum(_exact_int(x) for x in imp.total)

    half = Fraction(1, 2 ** (n - 1)) if n else Fraction(1)
    stats = GameStats(
        n=n,
        algorithm=(
            "meet in the middle: the subsets of the heavy and the light half of the players, "
            "sorted, paired by binary search (cost grows with 2^(n/2), not with the weights)"
        ),
        exact=True,
        grand_wins=grand_wins,
        empty_wins=empty_wins,
        winning_count=sum(w_by),
        swings=swings,
        banzhaf_abs=[s * half for s in swings],
        shapley=list(shapley),
        veto=veto,
        dummy=[s == 0 for s in swings],
        proper=improper == 0,
    )
    nonempty_b = np.where(B.size > 0, B.size, -1)
    a_sizes = A.size
    if minimal:
        # 2. minimal winning coalitions by size, per player
        mwc = _Acc(cols, B.m, A.m)

        def mwc_bounds(a: int) -> tuple[IntArray, IntArray]:
            m = a + B.size
            tm, n1 = tt(m)
            tp, n0 = tt(m - 1)
            lo = np.where(n1, big, tm - B.weight)
            hi = np.where(n0, big, tp + B.lightest - B.weight)
            return lo, hi

        _sweep(B, A, mwc_bounds, nonempty_b, mwc, tick=next_sweep())
        by = np.zeros((n, cols))
        by[players_b] = mwc.q
        by[players_a] = mwc.t
        # y = ∅: coalitions of the heavy half alone
        tm, n1 = tt(a_sizes)
        tp, n0 = tt(a_sizes - 1)
        alone = (~n1) & (A.weight >= tm) & (n0 | (A.weight < tp + A.lightest)) & (a_sizes > 0)
        mwc_total = [_exact_int(x) for x in mwc.total]
        for a in range(A.m + 1):
            sel = alone & (a_sizes == a)
            if sel.any():
                mwc_total[a] += int(sel.sum())
                by[players_a, a] += A.member[sel].sum(axis=0)
        mwc_by_size = [[_exact_int(x) for x in row[: n + 1]] for row in by]
        mwc_count = sum(mwc_total)
        # 3. minimal blocking coalitions (count only)
        mbc = _Acc(cols, 0, 0)

        def mbc_bounds(a: int) -> tuple[IntArray, IntArray]:
            m = a + B.size
            tc, n1 = tt(n - m)
            tq, n2 = tt(n - m + 1)
            lo = np.where(n1, -big, total_w - tc + 1 - B.weight)
            hi = np.where(n2, -big, total_w - tq + B.lightest + 1 - B.weight)
            return lo, hi

        _sweep(B, A, mbc_bounds, nonempty_b, mbc, q_cols=0, t_side=False, tick=next_sweep())
        mbc_count = sum(_exact_int(x) for x in mbc.total)
        tc, n1 = tt(n - a_sizes)
        tq, n2 = tt(n - a_sizes + 1)
        lo_ok = n1 | (A.weight > total_w - tc)
        hi_ok = (~n2) & (A.weight <= total_w - tq + A.lightest)
        mbc_count += int((lo_ok & hi_ok & (a_sizes > 0)).sum())
        if not grand_wins:
            mbc_count += 1  # the empty coalition blocks
        if empty_wins:
            mwc_count, mwc_by_size = 1, [[0] * (n + 1) for _ in range(n)]
        stats.mwc_count = mwc_count
        stats.mwc_member = [sum(row) for row in mwc_by_size]
        stats.dp_raw = [harmonic_sum(row) for row in mwc_by_size]
        stats.mbc_count = mbc_count
    if johnston:
        raw = _johnston(A, B, v, h, n, tt, big, tick.span(swept[0] / sweeps, 1.0))
        stats.johnston_raw = list(raw)
        stats.vulnerable_count = round(sum(raw, Fraction(0)))
    tick.at(1.0)
    return stats


def _johnston(
    A: _Half,
    B: _Half,
    v: list[int],
    h: int,
    n: int,
    tt: Callable[[IntArray], tuple[IntArray, NDArray[np.bool_]]],
    big: int,
    tick: Ticker = SILENT,
) -> list[Fraction]:
    """Raw Johnston scores ``Σ_{T: i critical} 1/κ(T)`` by bands of the excess (see the module notes)."""
    cols = n + 2
    by_kappa = np.zeros((n, cols))
    a_cum = np.cumsum(A.member, axis=1)  # members among the first j+1 positions of A
    b_cum = np.cumsum(B.member, axis=1)
    for beta in range(1, n + 1):
        tick.at((beta - 1) / n)
        lo_e = v[beta] if beta < n else None
        hi_e = v[beta - 1]
        if lo_e is not None and lo_e == hi_e:
            continue  # empty band
        if beta <= h:
            # critical members: x ∩ [0, β); B's members are not critical
            kappa = np.rint(a_cum[:, beta - 1]).astype(np.int64)
            labels = np.where(kappa > 0, kappa, -1)
            q, t = A, B
        else:
            k2 = np.rint(b_cum[:, beta - h - 1]).astype(np.int64) if beta > h else 0
            labels = np.asarray(k2, dtype=np.int64) + np.zeros(B.size.size, dtype=np.int64)
            q, t = B, A

        def bounds(
            a: int, q: _Half = q, lo_e: int | None = lo_e, hi_e: int = hi_e
        ) -> tuple[IntArray, IntArray]:
            m = a + q.size
            tm, n1 = tt(m)
            tp, n0 = tt(m - 1)
            if lo_e is None:  # band n: every member critical
                lo = tm
                hi = np.where(n0, big, tp + hi_e)
                bad = n1
            else:
                lo = np.maximum(tp + lo_e, tm)
                hi = tp + hi_e
                bad = n1 | n0
            return np.where(bad, big, lo - q.weight), np.where(bad, -big, hi - q.weight)

        acc = _Acc(cols, beta if beta <= h else beta - h, 0 if beta <= h else A.m)
        if beta <= h:
            _sweep(q, t, bounds, labels, acc, q_cols=beta, t_side=False, collapse=True)
            by_kappa[A.players[:beta]] += acc.q
        else:
            _sweep(q, t, bounds, labels, acc, q_cols=beta - h, t_side=True)
            by_kappa[B.players[: beta - h]] += acc.q
            by_kappa[A.players] += acc.t
    out: list[Fraction] = []
    for row in by_kappa:
        counts = [_exact_int(x) for x in row]
        out.append(harmonic_sum(counts))
    return out
