"""Exact power indices of size-threshold games by counting tables and alternating sums.

A *size-threshold game* has one weight ``w_i ≥ 0`` per player and thresholds ``t_0 ≥ t_1 ≥ … ≥ t_n``: a
coalition with ``k`` members and weight ``s`` wins iff ``s ≥ t_k`` (``t_k = None``: no coalition of that size
wins). Weighted games (``t_k = q``), head counts, unanimity, vetoes, the UN Security Council (nine members
including the five permanent ones) and the EU Council's double majority are size-threshold games.

Algorithm
---------
Counting table. ``PC[k, a]`` is the number of coalitions with ``k`` members and weight ``< a``, for ``a``
up to the largest finite threshold ``cap``. Adding a player of weight ``x`` is
``PC[k, a] += PC[k-1, a-x]`` (the generating-function step of Mann & Shapley 1962, Brams & Affuso 1976 and
Bilbao et al. 2000, kept in prefix-sum form so no total above ``cap`` is ever needed). Every quantity
below is a difference of table entries, and row totals are binomial coefficients.

Removing a player. The table without a player ``i`` of weight ``x`` satisfies
``PC_{-i}[k, a] = PC[k, a] − PC_{-i}[k-1, a-x]``, so ``PC_{-i}[k, a] = Σ_l (−1)^l PC[k-l, a-l·x]``: each entry
of the game without ``i`` is an alternating sum of at most ``n`` entries of the full table (the identity
behind Kakimura & Terai 2025). In exact integer arithmetic (``int64`` for ``n ≤ 62``, where two's-complement
wrap-around cannot change an in-range result, Python integers above) this is exact, so all players cost
``O(n²)`` look-ups each after one ``O(n² · cap)`` table.

Swings. ``S ∌ i`` with ``k`` members is a swing for ``i`` iff ``t_{k+1} − w_i ≤ w(S) < t_k``; the counts by
``k`` give the Banzhaf swing count and, weighted by ``k!(n−k−1)!/n!``, the Shapley–Shubik index.

Minimal winning coalitions. Sort players by decreasing weight. In a winning coalition the members whose
removal makes it lose are exactly those heavier than ``s − t_{k−1}``; so ``S`` is minimal winning iff its
lightest (last in the order) member ``j`` is critical: ``S = T ∪ {j}`` with ``T`` before ``j`` and
``t_k − w_j ≤ w(T) < t_{k−1}``. While the table is built in that order, the table of the players before
``j`` is at hand; counting ``T`` (and, by alternating sums, ``T ∋ i``) by size gives the number of minimal
winning coalitions, how many contain each player (Holler 1982) and ``Σ 1/|S|`` (Deegan & Packel 1978).

Minimal blocking coalitions are the complements of maximal losing coalitions ``L``: ``L`` loses and
``L ∪ {j}`` wins for its lightest non-member ``j``, hence for all. Then ``L`` contains every player after
``j``, and the part before ``j`` is counted from the same table.

Complexity: time ``O(n² · cap + n⁴)``, memory ``O(n · cap)``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coalitionist.power.progress import SILENT, Ticker
from coalitionist.power.stats import GameStats, harmonic_sum, shapley_from_sizes, shapley_weights

INT64_MAX_PLAYERS = 62


def table_dtype(n: int) -> Any:
    """``int64`` when every count (at most ``2^n``) fits, else Python integers (``object``)."""
    return np.int64 if n <= INT64_MAX_PLAYERS else object


def _count_dtype(n: int) -> Any:
    """Smallest exact type for counts of subsets of ``n`` players (at most ``2^n``)."""
    if n <= 30:
        return np.int32
    return table_dtype(n)


class CountTable:
    """``PC[k, a]``: coalitions of a set of players with ``k`` members and weight ``< a`` (``a ≤ cap``)."""

    def __init__(self, n: int, cap: int, dtype: Any) -> None:
        self.n = n
        self.cap = cap
        self.dtype = dtype
        self.pc: NDArray[Any] = np.zeros((n + 1, cap + 1), dtype=dtype)
        self.pc[0, 1:] = 1
        self.m = 0  # players added so far
        self.binom = [[1]]  # binom[m][k] = C(m, k)

    def add(self, x: int) -> None:
        """Add a player of weight ``x``."""
        m = self.m
        if x <= self.cap:
            for r in range(min(m + 1, self.n), 0, -1):  # descending rows: no overlap, no temporary
                self.pc[r, x:] += self.pc[r - 1, : self.cap + 1 - x]
        self.m = m + 1
        prev = self.binom[-1]
        self.binom.append([1] + [prev[k - 1] + prev[k] for k in range(1, m + 1)] + [1])

    def total(self, k: int, m: int | None = None) -> int:
        """``C(m, k)``: coalitions with ``k`` members (``m`` players, default: all added)."""
        m = self.m if m is None else m
        if k < 0 or k > m:
            return 0
        return self.binom[m][k] if m < len(self.binom) else math.comb(m, k)

    def below(self, k: int, a: int | None) -> int:
        """Coalitions with ``k`` members and weight ``< a`` (``a = None``: any weight)."""
        if k < 0 or k > self.m:
            return 0
        if a is None:
            return self.total(k)
        if a <= 0:
            return 0
        assert a <= self.cap, "query above the table's cap"
        return int(self.pc[k, a])

    def between(self, k: int, lo: int | None, hi: int | None) -> int:
        """Coalitions with ``k`` members and ``lo ≤ weight < hi`` (``lo = None``: impossible)."""
        if lo is None:
            return 0
        if hi is not None and lo >= hi:
            return 0
        return self.below(k, hi) - self.below(k, lo)

    def below_without(self, ks: Sequence[int], bounds: Sequence[int | None], x: int) -> list[int]:
        """Like :meth:`below` for the table *without* one (added) player of weight ``x``, for many queries.

        Uses ``PC_{-i}[k, a] = Σ_l (−1)^l PC[k−l, a−l·x]`` (exact in integer arithmetic).
        """
        out = [0] * len(ks)
        finite = [
            q for q, b in enumerate(bounds) if b is not None and b > 0 and 0 <= ks[q] <= self.m - 1
        ]
        for q, bound in enumerate(bounds):
            if bound is None:
                out[q] = self.total(ks[q], self.m - 1)
        if not finite:
            return out
        k = np.asarray([ks[q] for q in finite], dtype=np.int64)
        a = np.asarray([bounds[q] for q in finite], dtype=np.int64)
        assert int(a.max()) <= self.cap, "query above the table's cap"
        steps = np.arange(self.n + 1, dtype=np.int64)
        kk = k[:, None] - steps[None, :]
        aa = a[:, None] - steps[None, :] * x
        valid = (kk >= 0) & (aa > 0)
        vals = self.pc[np.clip(kk, 0, self.n), np.clip(aa, 0, self.cap)]
        if vals.dtype == np.int32:
            vals = vals.astype(np.int64)
        signs = np.where(steps % 2 == 0, 1, -1)
        if self.dtype is object:
            terms = np.where(valid, vals * signs[None, :], 0)
            sums = [int(sum(row)) for row in terms]
        else:
            sums = (np.where(valid, vals, 0) * signs[None, :]).sum(axis=1).tolist()
        for q, s in zip(finite, sums, strict=True):
            out[q] = int(s)
        return out

    def between_without(
        self, ks: Sequence[int], los: Sequence[int | None], his: Sequence[int | None], x: int
    ) -> list[int]:
        """Like :meth:`between` for the table without one player of weight ``x``."""
        keep = [q for q in range(len(ks)) if los[q] is not None]
        lo_b: list[int | None] = [los[q] for q in keep]
        hi_b: list[int | None] = [his[q] for q in keep]
        kk = [ks[q] for q in keep]
        hi_v = self.below_without(kk, hi_b, x)
        lo_v = self.below_without(kk, lo_b, x)
        out = [0] * len(ks)
        for j, q in enumerate(keep):
            lo, hi = los[q], his[q]
            if hi is not None and lo is not None and lo >= hi:
                continue
            out[q] = hi_v[j] - lo_v[j]
        return out


def _sub(t: int | None, x: int) -> int | None:
    return None if t is None else t - x


def threshold_stats(
    weights: Sequence[int],
    thresholds: Sequence[int | None],
    *,
    minimal: bool = True,
    tick: Ticker = SILENT,
) -> GameStats:
    """All raw counts (except Johnston) of the size-threshold game ``(weights, thresholds)``, exactly.

    Parameters
    ----------
    weights : sequence of int
        ``w_i ≥ 0``.
    thresholds : sequence of int or None, length ``n + 1``
        Non-increasing ``t_k`` (``None`` where no coalition of ``k`` members wins).
    minimal : bool
        Also count minimal winning and blocking coalitions (the ``O(n⁴)`` part).
    tick : Ticker
        Told the fraction done after each player is added to the table (nine tenths of the work) and
        after each distinct weight's swings (the last tenth).
    """
    n = len(weights)
    w = [int(x) for x in weights]
    t = list(thresholds)
    finite = [x for x in t if x is not None]
    cap = max(max(finite, default=0), 0)
    total_w = sum(w)
    table = CountTable(n, cap, _count_dtype(n))
    order = sorted(range(n), key=lambda i: (-w[i], i))

    mwc_by_size = [[0] * (n + 1) for _ in range(n)]
    mwc_count = 0
    mbc_count = 0
    suffix = [0] * (n + 1)
    for pos in range(n - 1, -1, -1):
        suffix[pos] = suffix[pos + 1] + w[order[pos]]

    for pos, p in enumerate(order):
        x = w[p]
        tick.at(0.9 * pos / n)
        if not minimal:
            table.add(x)
            continue
        # minimal winning coalitions whose lightest member is p: S = T ∪ {p}, T among the players before p
        ks, los, his = [], [], []
        for k in range(1, n + 1):
            if t[k] is None:
                continue
            ks.append(k)
            los.append(t[k] - x)  # type: ignore[operator]
            his.append(t[k - 1])
        for k, lo, hi in zip(ks, los, his, strict=True):
            c = table.between(k - 1, lo, hi)
            mwc_by_size[p][k] += c
            mwc_count += c
        # members before p: T ∋ i, counted on the table without i
        prefix = order[:pos]
        by_weight: dict[int, list[int]] = {}
        for i in prefix:
            by_weight.setdefault(w[i], []).append(i)
        for y, members in by_weight.items():
            vals = table.between_without(
                [k - 2 for k in ks], [lo - y for lo in los], [_sub(hi, y) for hi in his], y
            )
            for k, c in zip(ks, vals, strict=True):
                if c:
                    for i in members:
                        mwc_by_size[i][k] += c
        # maximal losing coalitions whose lightest non-member is p
        u = n - 1 - pos
        wsuf = suffix[pos + 1]
        for r in range(pos + 1):
            k = r + u
            if t[k + 1] is None:
                continue
            mbc_count += table.between(r, t[k + 1] - x - wsuf, _sub(t[k], wsuf))  # type: ignore[operator]
        table.add(x)

    t_n = t[n]
    grand_wins = t_n is not None and total_w >= t_n
    if not grand_wins:
        mbc_count += 1  # the grand coalition is maximal losing: the empty coalition blocks
    empty_wins = t[0] is not None and t[0] <= 0
    if empty_wins:
        mwc_count, mwc_by_size = 1, [[0] * (n + 1) for _ in range(n)]

    # swings by coalition size, one computation per distinct weight
    sw_weights = shapley_weights(n)
    swings: list[int] = [0] * n
    shapley: list[Fraction] = [Fraction(0)] * n
    by_w: dict[int, list[int]] = {}
    for i in range(n):
        by_w.setdefault(w[i], []).append(i)
    for done, (x, players) in enumerate(by_w.items()):
        tick.at(0.9 + 0.1 * done / len(by_w))
        ks = [k for k in range(n) if t[k + 1] is not None]
        lo_l: list[int | None] = [t[k + 1] - x for k in ks]  # type: ignore[operator]
        hi_l: list[int | None] = [t[k] for k in ks]
        counts = table.between_without(ks, lo_l, hi_l, x)
        by_size = [0] * n
        for k, c in zip(ks, counts, strict=True):
            by_size[k] = c
        s_total = sum(by_size)
        ss = shapley_from_sizes(by_size, sw_weights)
        for i in players:
            swings[i] = s_total
            shapley[i] = ss

    winning = sum(table.total(k) - table.below(k, t[k]) for k in range(n + 1) if t[k] is not None)
    improper = 0
    for k in range(n + 1):
        a, b = t[k], t[n - k]
        if a is None or b is None or a > total_w - b:
            continue
        improper += table.total(k) - table.below(k, a) - table.below(n - k, b)
    t_n1 = t[n - 1] if n >= 1 else None
    veto = [grand_wins and not (t_n1 is not None and total_w - w[i] >= t_n1) for i in range(n)]
    half = Fraction(1, 2 ** (n - 1))
    stats = GameStats(
        n=n,
        algorithm="size-threshold counting table with alternating-sum player removal",
        exact=True,
        grand_wins=grand_wins,
        empty_wins=empty_wins,
        winning_count=winning,
        swings=swings,
        banzhaf_abs=[s * half for s in swings],
        shapley=list(shapley),
        mwc_count=mwc_count,
        mwc_member=[sum(row) for row in mwc_by_size],
        dp_raw=[harmonic_sum(row) for row in mwc_by_size],
        mbc_count=mbc_count,
        veto=veto,
        dummy=[s == 0 for s in swings],
        proper=improper == 0,
    )
    if not minimal:
        stats.mwc_count = stats.mwc_member = stats.dp_raw = stats.mbc_count = None
    tick.at(1.0)
    return stats
