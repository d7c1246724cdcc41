"""Fair agreements on a set of packages: Nash, Kalai–Smorodinsky, egalitarian and utilitarian.

All four work on exact integer gains over no deal (``g_i = u_i - d_i`` in each actor's integer scale
``D_i``, see :mod:`coalitionist.trades.exact`) and return a row index. Scores are screened in floating
point and near-best rows are compared in exact arithmetic, so ties are decided exactly: first by the
solution's own criterion, then by the utilitarian sum, then by the lowest row index.

* **Nash bargaining** (Nash 1950): maximise ``prod_i g_i`` over packages where every actor gains
  (``g_i > 0``).
* **Kalai–Smorodinsky** (Kalai & Smorodinsky 1975): with ideal gains ``I_i = max g_i`` over packages no
  actor finds worse than no deal, maximise (leximin) the ratios ``g_i / I_i`` -- every actor gets the same
  share of what it could at most get. This is SmartSettle's "maximise the minimum gain" in normalised
  form (Thiessen & Soberg 2003).
* **Egalitarian** (Kalai 1977): maximise (leximin) the absolute gains ``g_i / D_i``, i.e. the max–min gain.
* **Utilitarian**: maximise ``sum_i u_i`` (Harsanyi 1955; NegMAS's ``max_welfare_points``).

Actors indifferent between all packages (``active[i]`` false) are left out of products and minima.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["egalitarian_point", "kalai_smorodinsky_point", "nash_point", "utilitarian_point"]

_REL_TOL = 1e-9


def _exact_argmax(
    approx: NDArray[np.float64], rows: NDArray[np.int64], key: Callable[[int], Any]
) -> int:
    values = approx[rows]
    best = float(values.max())
    near = rows[values >= best - _REL_TOL * max(1.0, abs(best))]
    return int(max(near, key=lambda r: (key(int(r)), -int(r))))


def _float_gains(gains: NDArray[Any], scale: Sequence[int]) -> NDArray[np.float64]:
    if gains.dtype == object:
        return np.array(
            [[float(Fraction(int(v), scale[i])) for i, v in enumerate(row)] for row in gains],
            dtype=np.float64,
        ).reshape(gains.shape)
    return gains.astype(np.float64) / np.array([float(s) for s in scale])


def _utilitarian_key(gains: NDArray[Any], scale: Sequence[int]) -> Callable[[int], Fraction]:
    def key(r: int) -> Fraction:
        return sum((Fraction(int(g), scale[i]) for i, g in enumerate(gains[r])), Fraction(0))

    return key


def _weakly_rational(gains: NDArray[Any], active: NDArray[np.bool_]) -> NDArray[np.int64]:
    return np.flatnonzero(np.all(gains[:, active] >= 0, axis=1)).astype(np.int64)


def utilitarian_point(gains: NDArray[Any], scale: Sequence[int]) -> int | None:
    """Row with the largest total utility (equivalently total gain over no deal).

    Parameters
    ----------
    gains : ndarray, shape (F, n)
        Exact integer gains over no deal, each column in its actor's scale.
    scale : sequence of int
        The actors' scales ``D_i``.
    """
    if gains.shape[0] == 0:
        return None
    rows = np.arange(gains.shape[0], dtype=np.int64)
    return _exact_argmax(
        _float_gains(gains, scale).sum(axis=1), rows, _utilitarian_key(gains, scale)
    )


def nash_point(gains: NDArray[Any], scale: Sequence[int], active: NDArray[np.bool_]) -> int | None:
    """Row maximising the product of gains over rows where every active actor strictly gains.

    Returns ``None`` when no row gives every active actor a strict gain.
    """
    active = np.asarray(active, dtype=bool)
    rows = np.flatnonzero(np.all(gains[:, active] > 0, axis=1)).astype(np.int64)
    if rows.size == 0:
        return None
    fg = _float_gains(gains, scale)
    approx = np.full(gains.shape[0], -np.inf)
    with np.errstate(divide="ignore"):
        approx[rows] = np.log(fg[np.ix_(rows, np.flatnonzero(active))]).sum(axis=1)
    util = _utilitarian_key(gains, scale)
    cols = np.flatnonzero(active)

    def key(r: int) -> tuple[int, Fraction]:
        # the product of integer gains differs from the product of true gains by the constant prod D_i
        return math.prod(int(gains[r, c]) for c in cols), util(r)

    return _exact_argmax(approx, rows, key)


def egalitarian_point(
    gains: NDArray[Any], scale: Sequence[int], active: NDArray[np.bool_]
) -> int | None:
    """Row maximising (leximin) the absolute gains of the active actors, among rows no actor finds
    worse than no deal. ``None`` when there is no such row."""
    active = np.asarray(active, dtype=bool)
    rows = _weakly_rational(gains, active)
    if rows.size == 0:
        return None
    cols = np.flatnonzero(active)
    util = _utilitarian_key(gains, scale)
    if cols.size == 0:
        return _exact_argmax(_float_gains(gains, scale).sum(axis=1), rows, util)
    approx = _float_gains(gains, scale)[:, cols].min(axis=1)

    def key(r: int) -> tuple[tuple[Fraction, ...], Fraction]:
        return tuple(sorted(Fraction(int(gains[r, c]), scale[int(c)]) for c in cols)), util(r)

    return _exact_argmax(approx, rows, key)


def kalai_smorodinsky_point(
    gains: NDArray[Any], scale: Sequence[int], active: NDArray[np.bool_]
) -> int | None:
    """Row maximising (leximin) each active actor's gain as a share of its ideal gain, among rows no
    actor finds worse than no deal. Actors whose ideal gain is 0 are left out. ``None`` when there is
    no such row."""
    active = np.asarray(active, dtype=bool)
    rows = _weakly_rational(gains, active)
    if rows.size == 0:
        return None
    ideal = [max(int(g) for g in gains[rows, c]) for c in range(gains.shape[1])]
    cols = [c for c in np.flatnonzero(active) if ideal[c] > 0]
    util = _utilitarian_key(gains, scale)
    if not cols:
        return _exact_argmax(_float_gains(gains, scale).sum(axis=1), rows, util)
    if gains.dtype == object:
        approx = np.array(
            [min(float(Fraction(int(g[c]), ideal[c])) for c in cols) for g in gains],
            dtype=np.float64,
        )
    else:
        approx = (
            gains[:, cols].astype(np.float64) / np.array([float(ideal[c]) for c in cols])
        ).min(axis=1)

    def key(r: int) -> tuple[tuple[Fraction, ...], Fraction]:
        return tuple(sorted(Fraction(int(gains[r, c]), ideal[c]) for c in cols)), util(r)

    return _exact_argmax(approx, rows, key)
