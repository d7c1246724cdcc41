"""Who *needs* influence: the actors whose preferred outcome loses under the current forecast.

The forecast used here is the static one of the forecast package, computed by a small local helper so this
analysis does not depend on a particular dynamic model: on each issue, the **capability × salience weighted
median** of the stated positions (Black 1948; Bueno de Mesquita 1994; see
:mod:`coalitionist.forecast.central`), which in one dimension is the position no weighted majority would move
away from. An issue nobody cares about (total weight 0) stays at its status quo.

An actor *loses* on an issue when its stated position is more than ``tolerance`` (a share of the issue's
scale) away from the forecast. Its **need for influence** is

    need_i = Σ_{k : i loses on k} s_ik · |x_ik − f_k| / (high_k − low_k),

the salience-weighted distance from the forecast summed over the issues it loses on: it is high for actors who
care a lot and stand far from where the decision is heading, and 0 for actors the forecast already suits.

References
----------
.. [1] D. Black, "On the rationale of group decision-making", *Journal of Political Economy* 56(1), 1948.
.. [2] B. Bueno de Mesquita, "Political forecasting: an expected utility method", in B. Bueno de Mesquita &
   F. N. Stokman (eds.), *European Community Decision Making*, Yale UP, 1994, pp. 71–104.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from coalitionist.influence.errors import InfluenceInputError

__all__ = ["DEFAULT_TOLERANCE", "median_forecast", "need_for_influence", "weighted_median"]

#: Distance from the forecast (share of the issue's scale) beyond which an actor counts as losing.
DEFAULT_TOLERANCE = 0.1

_HALF_RTOL = 1e-12


def weighted_median(values: ArrayLike, weights: ArrayLike) -> float:
    """The weighted median: a point minimising ``Σ w_i |x − v_i|``.

    Algorithm: sort the values, accumulate the weights, and take the first value at which the cumulative
    weight reaches half the total. When it reaches exactly half, every point between that value and the next
    one minimises the sum; the midpoint is returned.

    Parameters
    ----------
    values, weights : array of shape (m,)
        Weights are non-negative with a positive total; zero-weight values are ignored.

    Returns
    -------
    float

    Raises
    ------
    InfluenceInputError
        For mismatched shapes, negative or non-finite numbers, or a zero total weight.

    Examples
    --------
    >>> weighted_median([0, 10, 20], [1, 1, 3])
    20.0
    >>> weighted_median([0, 10], [1, 1])
    5.0
    """
    v = np.asarray(values, dtype=float).ravel()
    w = np.asarray(weights, dtype=float).ravel()
    if v.shape != w.shape:
        raise InfluenceInputError(f"values and weights differ in shape: {v.shape} and {w.shape}")
    if not (np.all(np.isfinite(v)) and np.all(np.isfinite(w))) or np.any(w < 0):
        raise InfluenceInputError("values must be finite and weights finite and non-negative")
    keep = w > 0
    v, w = v[keep], w[keep]
    if len(v) == 0:
        raise InfluenceInputError("the weights of a weighted median must have a positive total")
    order = np.argsort(v, kind="stable")
    v, w = v[order], w[order]
    cum = np.cumsum(w)
    half = cum[-1] / 2.0
    j = int(np.searchsorted(cum, half * (1 - _HALF_RTOL)))
    j = min(j, len(v) - 1)
    if abs(cum[j] - half) <= _HALF_RTOL * cum[-1] and j + 1 < len(v):
        return float((v[j] + v[j + 1]) / 2.0)
    return float(v[j])


def median_forecast(
    capability: ArrayLike,
    positions: ArrayLike,
    salience: ArrayLike,
    stated: ArrayLike,
    status_quo: ArrayLike,
) -> NDArray[np.float64]:
    """The capability × salience weighted median of the stated positions, per issue.

    Parameters
    ----------
    capability : array of shape (n,)
    positions, salience : arrays of shape (n, k)
    stated : bool array of shape (n, k)
    status_quo : array of shape (k,)
        Used for issues nobody weighs.

    Returns
    -------
    ndarray, shape (k,)
    """
    cap = np.asarray(capability, dtype=float)
    x = np.asarray(positions, dtype=float)
    s = np.asarray(salience, dtype=float)
    st = np.asarray(stated, dtype=bool)
    sq = np.asarray(status_quo, dtype=float)
    k = x.shape[1] if x.ndim == 2 else 0
    out = sq.astype(float).copy()
    for j in range(k):
        w = np.where(st[:, j], cap * s[:, j], 0.0)
        if w.sum() > 0:
            out[j] = weighted_median(x[:, j], w)
    return out


def need_for_influence(
    positions: ArrayLike,
    salience: ArrayLike,
    stated: ArrayLike,
    forecast: ArrayLike,
    low: ArrayLike,
    high: ArrayLike,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.bool_]]:
    """Each actor's need for influence (see the module docstring).

    Parameters
    ----------
    positions, salience : arrays of shape (n, k)
    stated : bool array of shape (n, k)
    forecast, low, high : arrays of shape (k,)
    tolerance : float
        Distance (share of the scale) up to which an actor does not count as losing.

    Returns
    -------
    need : ndarray, shape (n,)
    distance : ndarray, shape (n, k)
        ``|x − f| / (high − low)`` where stated, else 0.
    loses : bool ndarray, shape (n, k)
    """
    x = np.asarray(positions, dtype=float)
    s = np.asarray(salience, dtype=float)
    st = np.asarray(stated, dtype=bool)
    f = np.asarray(forecast, dtype=float)
    span = np.asarray(high, dtype=float) - np.asarray(low, dtype=float)
    if not 0 <= tolerance < 1:
        raise InfluenceInputError(f"tolerance must lie in [0, 1), got {tolerance}")
    dist = np.where(st, np.abs(x - f) / np.where(span > 0, span, 1.0), 0.0)
    loses = st & (dist > tolerance)
    need = np.where(loses, s * dist, 0.0).sum(axis=1)
    return need, dist, loses
