"""Johnston's index of size-threshold games by one backward sweep over players sorted by weight.

Johnston (1978) shares one unit of power per *vulnerable* coalition (winning, with at least one critical
member) equally among its critical members: ``r_i = Σ_{S: i critical in S} 1/κ(S)``, and the index is
``r_i / Σ_j r_j``.

Algorithm
---------
Sort players by decreasing weight ``v_0 ≥ v_1 ≥ …``. In a winning coalition with ``k`` members and weight
``s`` the critical members are those heavier than the *excess* ``e = s − t_{k−1}``, i.e. its members among
the first ``b`` players, where ``b = #{j : v_j > e}`` (the *band* of ``S``). Split ``S = C ∪ R`` with
``C = S ∩ [0, b)`` (critical, ``κ = |C|``) and ``R = S ∩ [b, n)``. For each band ``b`` define

    Z_b[κ, x] = (1/κ) · #{R ⊆ [b, n) : with k = κ + |R| and s = x + w(R), S wins and e ∈ [v_b, v_{b−1})},

computed from the table ``Q_b`` of the subsets of ``[b, n)`` by size and weight: for fixed ``k`` the band
condition is an interval of ``s`` (``t_{k−1} + v_b ≤ s < t_{k−1} + v_{b−1}``), so ``Z_b`` is a sum of window
counts, read off cumulative sums of ``Q_b`` over weight and size (sizes grouped where ``t_{k−1}`` is
constant). With ``Y_m[r, x] = Σ_{b ≥ m} Σ_{D ⊆ [m, b)} Z_b[r + |D|, x + w(D)]``, i.e.

    Y_m[r, x] = Z_m[r, x] + Y_{m+1}[r, x] + Y_{m+1}[r + 1, x + v_m],

the score of the player at position ``m`` is ``r = Σ_{r, x} P_m[r, x] · Y_{m+1}[r + 1, x + v_m]``, where
``P_m`` counts the subsets of ``[0, m)`` by size and weight. ``P_m`` is obtained from the full table by
removing players one at a time (exact in integers: ``P_m[r] = P_{m+1}[r] − shift(P_m[r−1], v_m)``), so
the sweep needs ``O(n · cap)`` memory. All weights are saturated at ``cap = max t + v_0``, above which
no band condition can hold.

Every term is non-negative (sums of products of counts and ``1/κ``), so floating point keeps relative
accuracy. Time ``O(n² · cap)``.

References: R. J. Johnston (1978), "On the measurement of power: some reactions to Laver",
*Environment and Planning A* 10; Felsenthal & Machover (1998), §7.9.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coalitionist.errors import InvalidArgumentError
from coalitionist.power.progress import SILENT, Ticker

#: Largest ``n`` for which counts (at most ``2^n``) are exact in float64.
FLOAT_EXACT_PLAYERS = 53


def johnston_scores(
    weights: Sequence[int],
    thresholds: Sequence[int | None],
    *,
    exact: bool = False,
    tick: Ticker = SILENT,
) -> list[Any]:
    """Raw Johnston scores ``Σ_{S: i critical} 1/κ(S)`` of a size-threshold game.

    Floats (``n ≤ 53``, counts exact in float64) or, with ``exact=True``, fractions computed in Python
    integers scaled by ``lcm(1, …, n)`` (any ``n``, slower). ``tick`` is told the fraction done after
    each player of the forward table (the first third, each player costing as many rows as it has
    predecessors) and of the backward sweep (the rest).
    """
    n = len(weights)
    if not exact and n > FLOAT_EXACT_PLAYERS:
        raise InvalidArgumentError("johnston_scores needs n ≤ 53 in floating point; use exact=True")
    t = list(thresholds)
    finite = [x for x in t if x is not None]
    if not finite or n == 0:
        return [Fraction(0) if exact else 0.0] * n
    dtype: Any = object if exact else np.float64
    scale = math.lcm(*range(1, n + 2)) if exact else 1
    order = sorted(range(n), key=lambda i: (-int(weights[i]), i))
    v = [int(weights[i]) for i in order]
    cap = max(max(finite), 0) + v[0]
    width = cap + 1  # weights 0..cap, cap = "at least cap"

    # P[r, x]: subsets of the players at positions < m with r members and (saturated) weight x.
    P = np.zeros((n + 1, width), dtype=dtype)
    P[0, 0] = 1
    for m, x in enumerate(v):
        for r in range(m + 1, 0, -1):
            _shift_add_row(P[r], P[r - 1], x, cap)
        tick.at(((m + 1) / n) ** 2 / 3)

    # segments of j = k - 1 on which t_j is finite and constant, with the size range they allow
    segments: list[tuple[int, int, int]] = []
    j = 0
    while j <= n:
        if t[j] is None:
            j += 1
            continue
        j2 = j
        while j2 + 1 <= n and t[j2 + 1] == t[j]:
            j2 += 1
        segments.append((j, j2, int(t[j])))  # type: ignore[arg-type]
        j = j2 + 1
    lightest = np.concatenate([[0], np.cumsum(sorted(v))])  # lightest[k]: least weight of k players
    heaviest = np.concatenate([[0], np.cumsum(v)])
    # Every vulnerable coalition weighs at least s_min; a prefix state of weight x at position m can
    # only reach one when x ≥ s_min − (weight of positions ≥ m), so Y is computed on those columns only
    # (states below are reachable only with value 0, and unreachable states never feed reachable ones).
    s_min = min(max(int(tk), int(lightest[k])) for k, tk in enumerate(t) if tk is not None)
    wsuf = [0] * (n + 1)
    for m in range(n - 1, -1, -1):
        wsuf[m] = wsuf[m + 1] + v[m]

    def low(m: int) -> int:
        return max(0, min(cap, s_min - wsuf[m]))

    inv: list[Any] = [0] + [scale // k if exact else 1.0 / k for k in range(1, n + 2)]

    # Y[r, x] (rows r = 0..m+1). Start with Y_n = Z_n: band n, R empty, all members critical.
    Y = np.zeros((n + 2, width), dtype=dtype)
    xs = np.arange(width)
    lo_n = low(n)
    for kappa in range(1, n + 1):
        tk, tk1 = t[kappa], t[kappa - 1]
        if tk is None:
            continue
        ok = (xs >= tk) & (xs >= lo_n)
        if tk1 is not None:
            ok &= xs - tk1 < v[n - 1]
        Y[kappa, ok] = inv[kappa]

    # cq[ρ, a] = #{R ⊆ positions ≥ m : |R| = ρ, w(R) < a} for a ≤ amax (constant beyond)
    a_cols = min(cap, wsuf[0]) + 2
    cq = np.zeros((n + 1, a_cols), dtype=dtype)
    cq[0, 1:] = 1
    cqq = np.zeros((n + 2, a_cols), dtype=dtype)
    amax_prev = 1
    scores: list[Any] = [0] * n
    for m in range(n - 1, -1, -1):
        tick.at(1 / 3 + 2 / 3 * (n - 1 - m) / n)
        x = v[m]
        lo_m = low(m)
        # P_m from P_{m+1}: remove the player at position m (exact integers; full width)
        for r in range(1, m + 1):
            _shift_sub_row(P[r], P[r - 1], x, cap)
        P[m + 1] = 0
        # score of position m and Y_m[r] = Y_{m+1}[r] + Y_{m+1}[r + 1] pulled by x (+ Z_m below)
        score: Any = 0
        for r in range(m + 1):
            score += _pull_dot_add(Y[r], Y[r + 1], P[r], x, cap, lo_m)
        Y[m + 1] = 0
        scores[order[m]] = Fraction(int(score), scale) if exact else float(score)
        if m == 0:
            break
        # add the player at position m to the suffix table
        rows = n - m + 1  # ρ = 0..n-m
        amax = min(wsuf[m] + 1, a_cols - 1)
        if amax > amax_prev:
            cq[:rows, amax_prev + 1 : amax + 1] = cq[:rows, amax_prev : amax_prev + 1]
        if x <= amax:
            for rho in range(rows - 1, 0, -1):
                cq[rho, x : amax + 1] += cq[rho - 1, : amax + 1 - x]
        amax_prev = amax
        # Z_m, band b = m: critical part C ⊆ [0, m), R ⊆ [m, n), excess in [v_m, v_{m-1})
        lo_w, hi_w = v[m], v[m - 1]
        if lo_w == hi_w:
            continue
        for rho in range(rows):
            np.add(cqq[rho, : amax + 1], cq[rho, : amax + 1], out=cqq[rho + 1, : amax + 1])
        for j_a, j_b, tau in segments:
            lo, hi = tau + lo_w, tau + hi_w
            # sizes k = j+1 in [j_a+1, j_b+1]; skip when no such coalition can weigh in [lo, hi)
            if hi <= lo_m or lightest[min(j_a + 1, n)] >= hi or heaviest[min(j_b + 1, n)] < lo:
                continue
            kappas = [
                (kap, min(max(j_a + 1 - kap, 0), rows), min(max(j_b + 2 - kap, 0), rows))
                for kap in range(1, m + 1)
            ]
            kappas = [kr for kr in kappas if kr[2] > kr[1]]
            if not kappas:
                continue
            used = sorted({r for _, r1, r2 in kappas for r in (r1, r2)})
            cols = np.arange(lo_m, hi)
            idx_hi = np.minimum(hi - cols, amax)
            idx_lo = np.clip(lo - cols, 0, amax)
            D = {r: cqq[r, idx_hi] - cqq[r, idx_lo] for r in used}
            tmp = np.empty(hi - lo_m, dtype=dtype)
            for kap, r1, r2 in kappas:
                np.subtract(D[r2], D[r1], out=tmp)
                tmp *= inv[kap]
                Y[kap, lo_m:hi] += tmp
    tick.at(1.0)
    return scores


def _shift_add_row(dst: NDArray[Any], src: NDArray[Any], x: int, cap: int) -> None:
    """``dst[min(a + x, cap)] += src[a]`` (saturating)."""
    if x == 0:
        dst += src
    elif x >= cap:
        dst[cap] += src.sum()
    else:
        dst[x:cap] += src[: cap - x]
        dst[cap] += src[cap - x :].sum()


def _shift_sub_row(dst: NDArray[Any], src: NDArray[Any], x: int, cap: int) -> None:
    """``dst[min(a + x, cap)] -= src[a]`` (saturating)."""
    if x == 0:
        dst -= src
    elif x >= cap:
        dst[cap] -= src.sum()
    else:
        dst[x:cap] -= src[: cap - x]
        dst[cap] -= src[cap - x :].sum()


def _pull_dot_add(
    dst: NDArray[Any], src: NDArray[Any], p: NDArray[Any], x: int, cap: int, lo: int = 0
) -> Any:
    """With ``g[a] = src[min(a + x, cap)]``, on columns ``a ≥ lo``: return ``p · g`` and do ``dst += g``."""
    if x >= cap or lo + x >= cap:
        g = src[cap]
        dst[lo:] += g
        return p[lo:].sum() * g
    head = cap + 1 - x
    if p.dtype == object:
        dot = (p[lo:head] * src[lo + x :]).sum() + p[head:].sum() * src[cap]
    else:
        dot = float(np.einsum("i,i->", p[lo:head], src[lo + x :])) + float(p[head:].sum()) * float(
            src[cap]
        )
    dst[lo:head] += src[lo + x :]
    if x:
        dst[head:] += src[cap]
    return dot
