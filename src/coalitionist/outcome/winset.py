"""What the rule can produce: the status quo's win set, and a forecast checked against it.

The **win set** of the status quo *q* is the set of proposals the rule adopts against *q*:

    W(q) = {x : the vote profile on x against q passes the rule},

with every voter's vote from :mod:`coalitionist.outcome.votes` (yes when its gain exceeds its band).
With zero bands and abstention counted as no this is the classical definition — the points some winning
coalition strictly prefers to *q* (Black 1948; Tsebelis 2002, ch. 1). If W(q) is empty, *q* is in the core
and stands.

**Veto players** (Tsebelis 2002, ch. 1–2): a proposal passes only if no veto player votes no, so W(q) lies
inside every veto player's "not worse than q" set. On one issue (the others at *q*) a veto player at *p*
with band 0 accepts exactly the interval between *q* and its reflection ``2p − q``; the intersection over the
veto players is the range any passable change of that issue must lie in (the veto-player theorem: more and
more distant veto players shrink it).

:func:`check_point` tests a point (a bargaining forecast) against the rule and, when it cannot pass,
finds the passable point nearest to it (in scale shares, salience-free Euclidean distance):

1. the points on the segment from *q* to the forecast (``segment`` samples, then bisection at the last
   change), which keeps the direction of the bargaining tendency;
2. a grid over the issue space when there are at most three issues (``grid`` points per issue), and for
   more issues the lines through the forecast parallel to each axis;

the nearest passing candidate is reported (``None`` when none passes: the status quo stands).

References
----------
.. [1] G. Tsebelis, *Veto Players: How Political Institutions Work*, Princeton University Press, 2002.
.. [2] D. Black, "On the rationale of group decision-making", *J. Political Economy* 56 (1948) 23–34.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from coalitionist.jsonable import plain
from coalitionist.outcome.errors import InvalidVoteInputError
from coalitionist.outcome.rule import TernaryRule
from coalitionist.outcome.votes import DEFAULT_BAND, Loss, cast_votes, utility_gain

__all__ = [
    "PointCheck",
    "check_point",
    "issue_win_intervals",
    "passes_at",
    "veto_ranges",
]


def passes_at(
    points: ArrayLike,
    positions: ArrayLike,
    salience: ArrayLike,
    status_quo: ArrayLike,
    rule: TernaryRule,
    *,
    width: ArrayLike | None = None,
    band: ArrayLike = DEFAULT_BAND,
    loss: Loss = "linear",
) -> NDArray[np.bool_]:
    """Whether the rule adopts each point against the status quo (the voters are the rule's players).

    Parameters
    ----------
    points : array_like, shape (m, k)
    positions, salience : array_like, shape (n, k)
        The voters' positions and saliences, in the rule's player order.
    status_quo : array_like, shape (k,)

    Examples
    --------
    Three voters at 20, 40 and 90 on one issue, two votes needed, status quo 0: 40 passes (the voters at
    40 and 90 prefer it), 95 does not (only the voter at 90 does).

    >>> from coalitionist.power import Count
    >>> from coalitionist.outcome.rule import ternary_rule
    >>> maj = ternary_rule(Count(3, quota=2))
    >>> passes_at([[40.0], [95.0]], [[20.0], [40.0], [90.0]], [[1.0]] * 3, [0.0], maj,
    ...           width=[100.0], band=0.0).tolist()
    [True, False]
    """
    pts = np.asarray(points, dtype=float)
    if pts.ndim != 2:
        raise InvalidVoteInputError(f"points must have shape (m, k), got {pts.shape}")
    p = np.asarray(positions, dtype=float)
    s = np.asarray(salience, dtype=float)
    if p.shape[0] != rule.n:
        raise InvalidVoteInputError(f"{p.shape[0]} voters' positions for a rule of {rule.n}")
    q = np.asarray(status_quo, dtype=float)
    out = np.empty(pts.shape[0], dtype=bool)
    step = 4096
    for a in range(0, pts.shape[0], step):
        chunk = pts[a : a + step]
        g = utility_gain(
            np.broadcast_to(p, (len(chunk), *p.shape)),
            np.broadcast_to(s, (len(chunk), *s.shape)),
            chunk,
            np.broadcast_to(q, chunk.shape),
            width=width,
            loss=loss,
        )
        out[a : a + step] = rule.passes(cast_votes(g, np.broadcast_to(band, g.shape)))
    return out


def _intervals(xs: NDArray[np.float64], ok: NDArray[np.bool_]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    start: float | None = None
    prev = float(xs[0])
    for x, flag in zip(xs, ok, strict=True):
        if flag and start is None:
            start = float(x)
        if not flag and start is not None:
            out.append((start, prev))
            start = None
        prev = float(x)
    if start is not None:
        out.append((start, float(xs[-1])))
    return out


def issue_win_intervals(
    positions: ArrayLike,
    salience: ArrayLike,
    status_quo: ArrayLike,
    rule: TernaryRule,
    low: ArrayLike,
    high: ArrayLike,
    *,
    band: ArrayLike = DEFAULT_BAND,
    resolution: int = 401,
    loss: Loss = "linear",
) -> list[list[tuple[float, float]]]:
    """For each issue alone (the others at the status quo): the intervals of values that pass.

    Evaluated on ``resolution`` evenly spaced values of the issue's scale; an empty list means no change
    of that issue alone can pass.
    """
    lo = np.asarray(low, dtype=float)
    hi = np.asarray(high, dtype=float)
    q = np.asarray(status_quo, dtype=float)
    width = hi - lo
    out = []
    for k in range(q.shape[0]):
        xs = np.linspace(lo[k], hi[k], resolution)
        pts = np.tile(q, (resolution, 1))
        pts[:, k] = xs
        ok = passes_at(pts, positions, salience, q, rule, width=width, band=band, loss=loss)
        out.append(_intervals(xs, ok))
    return out


def veto_ranges(
    positions: ArrayLike,
    salience: ArrayLike,
    status_quo: ArrayLike,
    veto: ArrayLike,
    low: ArrayLike,
    high: ArrayLike,
    *,
    around: ArrayLike | None = None,
    band: ArrayLike = 0.0,
    veto_on_abstain: ArrayLike = False,
    resolution: int = 401,
    loss: Loss = "linear",
) -> list[tuple[float, float] | None]:
    """Per issue, the values no veto player vetoes, the other issues held at ``around``.

    A veto player vetoes a point when it votes no on it against the status quo (or, for a holder with
    ``veto_on_abstain``, when it does not vote yes). On each issue ``k`` the values of ``x_k`` (others at
    ``around``, default the status quo) that no veto player vetoes are evaluated on ``resolution`` values of
    the scale; the result is the interval of them that contains ``around[k]`` (or, when ``around[k]`` is
    itself vetoed, the one nearest to it), ``None`` when no value is acceptable or no veto player cares
    about the issue. Tsebelis's veto-player theorem: every passable change lies in these ranges.

    With band 0 and one issue, a veto player at ``p`` accepts exactly the values between ``q`` and its
    reflection ``2p − q``:

    Examples
    --------
    >>> veto_ranges([[30.0], [70.0]], [[1.0], [1.0]], [20.0], [True, True], [0.0], [100.0])
    [(20.0, 40.0)]
    """
    p = np.asarray(positions, dtype=float)
    s = np.asarray(salience, dtype=float)
    q = np.asarray(status_quo, dtype=float)
    v = np.asarray(veto, dtype=bool)
    lo = np.asarray(low, dtype=float)
    hi = np.asarray(high, dtype=float)
    width = hi - lo
    base = q if around is None else np.asarray(around, dtype=float)
    b = np.broadcast_to(np.asarray(band, dtype=float), (p.shape[0],))[v]
    strict = np.broadcast_to(np.asarray(veto_on_abstain, dtype=bool), (p.shape[0],))[v]
    out: list[tuple[float, float] | None] = []
    for k in range(q.shape[0]):
        if not (s[v, k] > 0).any():
            out.append(None)
            continue
        xs = np.linspace(lo[k], hi[k], resolution)
        pts = np.tile(base, (resolution, 1))
        pts[:, k] = xs
        g = utility_gain(
            np.broadcast_to(p[v], (resolution, *p[v].shape)),
            np.broadcast_to(s[v], (resolution, *s[v].shape)),
            pts,
            np.broadcast_to(q, pts.shape),
            width=width,
            loss=loss,
        )
        codes = cast_votes(g, np.broadcast_to(b, g.shape))
        vetoed = np.where(strict[None, :], codes != 1, codes == -1).any(axis=1)
        spans = _intervals(xs, ~vetoed)
        if not spans:
            out.append(None)
            continue
        x0 = float(base[k])
        inside = [sp for sp in spans if sp[0] <= x0 <= sp[1]]
        pick = (
            inside[0]
            if inside
            else min(spans, key=lambda sp: min(abs(sp[0] - x0), abs(sp[1] - x0)))
        )
        out.append((float(pick[0]), float(pick[1])))
    return out


@dataclass(frozen=True)
class PointCheck:
    """A point (e.g. a bargaining forecast) checked against the rule.

    Attributes
    ----------
    point : ndarray, shape (k,)
    passes : bool
        Whether the rule adopts it against the status quo (it lies in W(q)).
    nearest : ndarray or None
        The passable point nearest to it (``point`` itself when it passes; ``None`` when no candidate
        passes: the status quo stands).
    distance : float or None
        Distance from ``point`` to ``nearest`` in shares of the scales.
    on_segment : bool
        Whether ``nearest`` lies on the segment from the status quo to ``point``.
    candidates : int
        Points examined.
    """

    point: NDArray[np.float64]
    passes: bool
    nearest: NDArray[np.float64] | None
    distance: float | None
    on_segment: bool
    candidates: int

    def to_dict(self, dimensions: tuple[str, ...] | None = None) -> dict[str, Any]:
        """Plain data (points keyed by issue id when ``dimensions`` are given)."""

        def pt(v: NDArray[np.float64] | None) -> Any:
            if v is None:
                return None
            return dict(zip(dimensions, v, strict=True)) if dimensions else v

        return plain(
            {
                "point": pt(self.point),
                "passes": self.passes,
                "nearest_passable": pt(self.nearest),
                "distance": self.distance,
                "on_segment": self.on_segment,
                "candidates": self.candidates,
            }
        )


def check_point(
    point: ArrayLike,
    positions: ArrayLike,
    salience: ArrayLike,
    status_quo: ArrayLike,
    rule: TernaryRule,
    low: ArrayLike,
    high: ArrayLike,
    *,
    band: ArrayLike = DEFAULT_BAND,
    loss: Loss = "linear",
    segment: int = 201,
    grid: int | None = None,
) -> PointCheck:
    """Whether ``point`` can pass against the status quo, and the passable point nearest to it.

    See the module docstring for the search. ``grid`` defaults to 401 points for one issue, 61 per issue
    for two and 21 for three.

    Examples
    --------
    A board of three by majority, members at 20, 40 and 90; status quo 0. Bargaining tends to 80, which only
    one member prefers to 0; the nearest passable point on the way there is where the member at 40 stops
    preferring it (80 is as far from 40 as 0 is).

    >>> from coalitionist.power import Count
    >>> from coalitionist.outcome.rule import ternary_rule
    >>> c = check_point([80.0], [[20.0], [40.0], [90.0]], [[1.0]] * 3, [0.0],
    ...                 ternary_rule(Count(3, quota=2)), [0.0], [100.0], band=0.0)
    >>> c.passes, round(float(c.nearest[0]), 1)
    (False, 80.0)
    """
    x = np.asarray(point, dtype=float)
    q = np.asarray(status_quo, dtype=float)
    lo = np.asarray(low, dtype=float)
    hi = np.asarray(high, dtype=float)
    width = hi - lo
    k = x.shape[0]

    def ok(pts: NDArray[np.float64]) -> NDArray[np.bool_]:
        return passes_at(pts, positions, salience, q, rule, width=width, band=band, loss=loss)

    if bool(ok(x[None, :])[0]):
        return PointCheck(x, True, x.copy(), 0.0, True, 1)
    ts = np.linspace(0.0, 1.0, segment)
    seg = q[None, :] + ts[:, None] * (x - q)[None, :]
    seg_ok = ok(seg)
    cands: list[NDArray[np.float64]] = []
    seg_best: NDArray[np.float64] | None = None
    if seg_ok.any():
        j = int(np.flatnonzero(seg_ok)[-1])
        a, b = ts[j], ts[min(j + 1, segment - 1)]
        for _ in range(40):  # bisection between the last passing and the next failing sample
            mid = (a + b) / 2
            if bool(ok((q + mid * (x - q))[None, :])[0]):
                a = mid
            else:
                b = mid
        seg_best = q + a * (x - q)
        cands.append(seg_best[None, :])
    if grid is None:
        grid = {1: 401, 2: 61, 3: 21}.get(k, 0)
    if grid and k <= 3:
        axes = [np.linspace(lo[d], hi[d], grid) for d in range(k)]
        pts = np.array(list(itertools.product(*axes)), dtype=float)
    else:
        lines = []
        for d in range(k):
            line = np.tile(x, (101, 1))
            line[:, d] = np.linspace(lo[d], hi[d], 101)
            lines.append(line)
        pts = np.concatenate(lines)
    pts_ok = ok(pts)
    if pts_ok.any():
        cands.append(pts[pts_ok])
    n_cands = segment + len(pts)
    if not cands:
        return PointCheck(x, False, None, None, False, n_cands)
    allc = np.concatenate(cands)
    dist = np.sqrt((((allc - x) / width) ** 2).sum(axis=1))
    best = int(np.argmin(dist))
    on_seg = seg_best is not None and best == 0
    if seg_best is not None and dist[0] <= dist[best] + 1e-9:
        best, on_seg = 0, True
    return PointCheck(x, False, allc[best].copy(), float(dist[best]), on_seg, n_cands)
