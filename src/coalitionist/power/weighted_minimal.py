"""Deegan–Packel, Holler and Johnston indices of large weighted games ``[q; w_1 … w_n]`` in floating point.

The exact size-threshold tables (:mod:`~coalitionist.power.threshold`, :mod:`~coalitionist.power.johnston`)
carry a coalition-size dimension and integer counts, ``O(n² · q)`` or more; for hundreds of players that
is too slow, and the counts (up to ``2^n``) overflow floats. This module sweeps the players once forward
and once backward with one-dimensional (weight-indexed) tables, marks members with a variable ``t`` instead
of counting them, and keeps every table scaled by its own power of two, so nothing overflows at any ``n``.

Algorithm
---------
Sort players by decreasing weight ``v_0 ≥ v_1 ≥ … ≥ v_{n−1}``. With a marker ``t ∈ (0, 1]`` per member,

* the *forward* table ``A_p[x] = Σ_{C ⊆ [0, p), w(C) = x} t^{|C|}`` (``A_{p+1}[x] = A_p[x] + t·A_p[x − v_p]``);
* minimal winning coalitions (Holler 1982; Deegan & Packel 1978). ``S`` is minimal winning iff
  ``w(S) ≥ q`` and its lightest member ``m`` is critical, ``w(S) − v_m < q``. The number of completions of a
  prefix state ``(p, x)`` into such a coalition is the *backward* table
  ``H_p[x] = H_{p+1}[x] + t·H_{p+1}[x + v_p] + t·[q − v_p ≤ x < q]``, and the player at position ``p``
  belongs to ``M_p(t) = t · Σ_x A_p[x] · (H_{p+1}[x + v_p] + [q − v_p ≤ x < q])`` of them, each weighted by
  ``t^{|S|}``;
* Johnston (1978). In a winning coalition with excess ``e = w(S) − q`` the critical members are those
  heavier than ``e``: the members before the *band* ``b = #{j : v_j > e}``. For a band ``b`` (only where
  ``v_b < v_{b−1}``; ``v_n := 0``) the non-critical part ``R ⊆ [b, n)`` is unmarked and
  ``Z_b[x] = #{R : x + w(R) − q ∈ [v_b, v_{b−1})}`` is a window of the suffix distribution. The completion
  table ``Y_p[x] = Z_p[x] + Y_{p+1}[x] + t·Y_{p+1}[x + v_p]`` (as in :mod:`~coalitionist.power.johnston`,
  without the size dimension) gives ``J_p(t) = t · Σ_x A_p[x] · Y_{p+1}[x + v_p]``, the coalitions in which
  ``p`` is critical, weighted by ``t^{κ(S)}``.

At ``t = 1`` these are the counts (Holler's numerator, the number of minimal winning coalitions
``H_0[0]``). The sizes enter through ``1/k = ∫_{−∞}^{∞} e^{s − k e^s} ds``: the trapezoid rule in ``s``
(step ``0.4``; the tail ``s → −∞`` folded into the node ``t = 1``) gives ``1/k ≈ Σ_j ω_j t_j^{k}`` with
``t_j = exp(−e^{s_j})``, checked at construction to relative error ``< 10⁻⁹`` for every ``k`` that can occur.
So ``Σ_{S ∋ i} 1/|S| ≈ Σ_j ω_j M_i(t_j)`` (Deegan–Packel) and ``Σ_{S: i critical} 1/κ(S) ≈
Σ_j ω_j J_i(t_j)`` (Johnston). Every quantity is a sum of non-negative terms, so the relative error of
each player's value is about ``n · u`` plus the kernel's ``10⁻⁹``; entries smaller than ``2^−1074`` times
the largest entry of their table are lost (this matters only for ``n`` beyond about a thousand, and only
for values negligible next to the largest).

The backward sweep needs ``A_p`` in reverse order: forward tables are kept at every ``⌈√n⌉``-th position
and recomputed block by block (one extra forward pass). Time ``O(J · n · (q + v_0))`` for ``J ≈ 40–60``
nodes, memory ``O(J_chunk · √n · (q + v_0))`` with the nodes processed in chunks.

References: Deegan & Packel (1978), *Int. J. Game Theory* 7; Holler (1982), *Political Studies* 30;
Johnston (1978), *Environment and Planning A* 10; Alonso-Meijide, Freixas & Molinero (2012), *Annals of
OR*; Armijos-Toro, Alonso-Meijide, Mosquera & Saavedra-Nieves (2024), generating functions for the
Deegan–Packel, public good and Johnston indices; Trefethen & Weideman (2014), *SIAM Review* 56 (the
trapezoidal rule).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from coalitionist.errors import InvalidArgumentError
from coalitionist.power.errors import KernelAccuracyError

#: Relative accuracy of the exponential-sum kernel ``1/k ≈ Σ ω_j t_j^k``.
KERNEL_TOLERANCE = 1e-9
_STEP = 0.4
_RENORM = 400  # rescale a table by 2^-_RENORM when its largest entry passes 2^_RENORM
_MEMORY = 8e7  # bytes for the stored forward tables of one chunk of nodes


@dataclass(frozen=True)
class MinimalFloatStats:
    """Scaled raw quantities of a weighted game; every field is multiplied by the same ``2^−scale``.

    Attributes
    ----------
    mwc_member : list of float
        Number of minimal winning coalitions containing each player (Holler's numerator).
    dp_raw : list of float
        ``Σ 1/|S|`` over the minimal winning coalitions containing each player.
    mwc_total : float
        Number of minimal winning coalitions.
    johnston_raw : list of float
        ``Σ 1/κ(S)`` over the winning coalitions in which the player is critical.
    scale : int
        The common binary exponent removed from every value.
    """

    mwc_member: list[float]
    dp_raw: list[float]
    mwc_total: float
    johnston_raw: list[float]
    scale: int

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-serialisable data."""
        return {
            "mwc_member": list(self.mwc_member),
            "dp_raw": list(self.dp_raw),
            "mwc_total": self.mwc_total,
            "johnston_raw": list(self.johnston_raw),
            "scale": self.scale,
        }


def reciprocal_kernel(k_min: int, k_max: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Nodes ``t_j ∈ (0, 1]`` and weights ``ω_j > 0`` with ``|k Σ_j ω_j t_j^k − 1| < 10⁻⁹`` for ``k_min ≤ k ≤ k_max``.

    Trapezoid rule for ``1/k = ∫ exp(s − k e^s) ds``; the nodes below ``s = a`` contribute, to first
    order in ``e^s``, a constant: it becomes the weight of the node ``t = 1`` (which comes first).
    """
    k_min, k_max = max(1, k_min), max(1, k_min, k_max)
    eps = KERNEL_TOLERANCE / 10
    a = math.log(math.sqrt(eps) / k_max)
    b = math.log(math.log(1 / eps) / k_min)
    s = np.arange(a, b + _STEP, _STEP)
    u = np.exp(s)
    tail = _STEP * math.exp(a) * math.exp(-_STEP) / (1 - math.exp(-_STEP))
    nodes = np.concatenate([[1.0], np.exp(-u)])
    weights = np.concatenate([[tail], _STEP * u])
    ks = np.arange(k_min, k_max + 1, dtype=np.float64)
    logs = np.log(nodes[1:])
    approx = tail + (weights[1:][None, :] * np.exp(np.outer(ks, logs))).sum(axis=1)
    worst = float(np.abs(approx * ks - 1.0).max())
    if not worst < KERNEL_TOLERANCE:
        raise KernelAccuracyError(f"reciprocal kernel error {worst:.2e} on [{k_min}, {k_max}]")
    return nodes, weights


def _renorm(table: NDArray[np.float64], exps: NDArray[np.int64], p: int) -> None:
    """Every 32 positions (tables at most double per position), rescale the rows above ``2^400``."""
    if p % 32:
        return
    big = table.max(axis=1) > 2.0**_RENORM
    if big.any():
        table[big] *= 2.0**-_RENORM
        exps[big] += _RENORM


def _sweep(
    v: list[int], q: int, t: NDArray[np.float64], want_johnston: bool
) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.float64], NDArray[np.int64]]:
    """Per position ``p`` and node ``t_j``: ``M_p(t_j)`` and ``J_p(t_j)`` as (mantissa, exponent) pairs."""
    n, nodes = len(v), t.size
    width = q + v[0]
    block = max(1, math.isqrt(n - 1) + 1)
    mwc_m = np.zeros((n, nodes))
    mwc_e = np.zeros((n, nodes), dtype=np.int64)
    jo_m = np.zeros((n, nodes))
    jo_e = np.zeros((n, nodes), dtype=np.int64)
    tcol = t[:, None]

    def step_into(
        dst: NDArray[np.float64], src: NDArray[np.float64], ed: NDArray[np.int64], p: int
    ) -> None:
        """``dst = A_{p+1}`` from ``src = A_p`` (no temporary arrays: they would cost page faults)."""
        x = v[p]
        if x == 0:
            np.multiply(src, 1.0 + tcol, out=dst)
        elif x < width:
            dst[:, :x] = src[:, :x]
            np.multiply(src[:, : width - x], tcol, out=dst[:, x:])
            dst[:, x:] += src[:, x:]
        else:
            np.copyto(dst, src)
        _renorm(dst, ed, p)

    # forward pass: checkpoints at positions 0, block, 2·block, …
    checkpoints: list[tuple[NDArray[np.float64], NDArray[np.int64]]] = []
    a = np.zeros((nodes, width))
    a[:, 0] = 1.0
    ea = np.zeros(nodes, dtype=np.int64)
    spare = np.empty_like(a)
    for p in range(n):
        if p % block == 0:
            checkpoints.append((a.copy(), ea.copy()))
        step_into(spare, a, ea, p)
        a, spare = spare, a
    del a, spare

    # backward tables: H (minimal winning), Y (Johnston), Q (suffix distribution, unmarked)
    H = np.zeros((nodes, width))
    eh = np.zeros(nodes, dtype=np.int64)
    Y = np.zeros((nodes, width))
    ey = np.zeros(nodes, dtype=np.int64)
    Q = np.zeros(width)
    Q[0] = 1.0
    eq = 0
    xs = np.arange(width)
    if want_johnston:
        Y[:, (xs >= q) & (xs < q + v[n - 1])] = 1.0  # band n: R empty, every member critical
    # the forward tables of one block, written in place (fresh arrays per position cost page faults)
    buf = np.empty((block, nodes, width))
    buf_e = np.empty((block, nodes), dtype=np.int64)
    for start in range(((n - 1) // block) * block, -1, -block):
        stop = min(start + block, n)
        a, ea = checkpoints[start // block]
        for p in range(start, stop):
            if p > start:
                buf_e[p - start] = buf_e[p - start - 1]
                step_into(buf[p - start], buf[p - start - 1], buf_e[p - start], p - 1)
            else:
                np.copyto(buf[0], a)
                buf_e[0] = ea
        for p in range(stop - 1, start - 1, -1):
            x = v[p]
            ap, eap = buf[p - start], buf_e[p - start]
            lo_w, hi_w = max(q - x, 0), q
            # minimal winning coalitions through p, and H_p
            if x < width:
                inner = np.einsum("jx,jx->j", ap[:, : width - x], H[:, x:])
            else:
                inner = np.zeros(nodes)
            edge = ap[:, lo_w:hi_w].sum(axis=1)
            mwc_m[p] = t * (inner + np.ldexp(edge, -eh))
            mwc_e[p] = eap + eh
            if want_johnston:
                if x < width:
                    jin = np.einsum("jx,jx->j", ap[:, : width - x], Y[:, x:])
                else:
                    jin = np.zeros(nodes)
                jo_m[p] = t * jin
                jo_e[p] = eap + ey
            if x:
                H[:, : width - x] += tcol * H[:, x:]
            else:
                H *= 1.0 + tcol
            H[:, lo_w:hi_w] += np.ldexp(t, -eh)[:, None]
            _renorm(H, eh, p)
            if not want_johnston or p == 0:
                continue
            # Y_p = Z_p + Y_{p+1} + t·Y_{p+1}[· + v_p]; then the suffix distribution gains player p
            if x:
                Y[:, : width - x] += tcol * Y[:, x:]
            else:
                Y *= 1.0 + tcol
            if x < width:
                Q[x:] += Q[: width - x].copy()
            if p % 32 == 0 and Q.max() > 2.0**_RENORM:
                Q *= 2.0**-_RENORM
                eq += _RENORM
            if v[p - 1] > x:
                Z = np.zeros(width)
                for d in range(x, v[p - 1]):
                    top = min(width - 1, q + d)  # Z[xx] += Q[q + d − xx] for 0 ≤ q + d − xx < width
                    first = max(0, q + d - (width - 1))
                    Z[first : top + 1] += Q[q + d - np.arange(first, top + 1)]
                Y += Z[None, :] * np.ldexp(1.0, eq - ey)[:, None]
            _renorm(Y, ey, p)
    return mwc_m, mwc_e, jo_m, jo_e


def minimal_float_stats(
    weights: Sequence[int], q: int, *, johnston: bool = True
) -> MinimalFloatStats:
    """Holler and Deegan–Packel numerators, the number of minimal winning coalitions and Johnston's raw
    scores of ``[q; weights]`` (integer weights ``≥ 0``, ``1 ≤ q ≤ Σ w``), all scaled by ``2^−scale``.

    See the module docstring for the algorithm.
    """
    n = len(weights)
    w = [int(x) for x in weights]
    if q < 1 or q > sum(w):
        raise InvalidArgumentError("minimal_float_stats needs 1 ≤ q ≤ total weight")
    order = sorted(range(n), key=lambda i: (-w[i], i))
    v = [w[i] for i in order]
    nonzero = sorted(x for x in v if x > 0)
    # sizes of minimal winning coalitions: at least the fewest heaviest players that reach q, at most
    # the most members a coalition can have while still every member is needed
    k_lo = next(k for k in range(1, n + 1) if sum(nonzero[-k:]) >= q)
    k_hi = 1 + sum(1 for _ in _prefix_below(nonzero, q))
    j_hi = len(nonzero)
    t_all, omega = reciprocal_kernel(1 if johnston else k_lo, max(k_hi, j_hi) if johnston else k_hi)
    width = q + v[0]
    block = math.isqrt(max(n - 1, 0)) + 1
    stored = (n // block + block + 4) * width * 8
    chunk = max(1, int(_MEMORY // stored))
    mwc_m, mwc_e, jo_m, jo_e = [], [], [], []
    for c0 in range(0, t_all.size, chunk):
        part = _sweep(v, q, t_all[c0 : c0 + chunk], johnston)
        mwc_m.append(part[0])
        mwc_e.append(part[1])
        jo_m.append(part[2])
        jo_e.append(part[3])
    mm, me = np.hstack(mwc_m), np.hstack(mwc_e)
    jm, je = np.hstack(jo_m), np.hstack(jo_e)
    # one common exponent: the largest value present
    cands = [
        int(e) + math.frexp(float(m))[1]
        for m, e in zip(mm.ravel(), me.ravel(), strict=True)
        if m > 0
    ]
    cands += [
        int(e) + math.frexp(float(m))[1]
        for m, e in zip(jm.ravel(), je.ravel(), strict=True)
        if m > 0
    ]
    scale = max(cands, default=0)
    holler_s = np.ldexp(mm[:, 0], me[:, 0] - scale)
    dp_s = (np.ldexp(mm, me - scale) * omega[None, :]).sum(axis=1)
    jo_s = (np.ldexp(jm, je - scale) * omega[None, :]).sum(axis=1) if johnston else np.zeros(n)
    # Σ_S 1 over minimal winning coalitions = Σ_S Σ_{i∈S} 1/|S| = Σ_i dp_raw
    total = float(math.fsum(dp_s.tolist()))
    member = [0.0] * n
    dp = [0.0] * n
    jr = [0.0] * n
    for pos, i in enumerate(order):
        member[i] = float(holler_s[pos])
        dp[i] = float(dp_s[pos])
        jr[i] = float(jo_s[pos])
    return MinimalFloatStats(
        mwc_member=member, dp_raw=dp, mwc_total=total, johnston_raw=jr, scale=scale
    )


def _prefix_below(ascending: list[int], q: int) -> list[int]:
    """The longest prefix of the lightest weights whose sum stays below ``q`` (any minimal winning
    coalition minus its lightest member weighs less than ``q``, so it has at most this many members)."""
    out, s = [], 0
    for x in ascending:
        if s + x >= q:
            break
        s += x
        out.append(x)
    return out


def sweep_cost(weights: Sequence[int], q: int) -> float:
    """Estimated elementary operations of :func:`minimal_float_stats` (about 10⁹ per second)."""
    n = len(weights)
    if n == 0:
        return 0.0
    nonzero = max(1, sum(1 for x in weights if x))
    eps = KERNEL_TOLERANCE / 10
    span = math.log(math.log(1 / eps)) - math.log(math.sqrt(eps) / nonzero)
    nodes = span / _STEP + 2
    return 4.0 * nodes * n * (max(q, 1) + max(weights))
