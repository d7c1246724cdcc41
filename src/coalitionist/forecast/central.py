"""Central-tendency forecasts: the capability × salience weighted mean and median, and Condorcet winners.

The two static models of the forecast package. Both weigh every actor's stance on an issue by its
*effective power* on that issue, capability × salience (Bueno de Mesquita 1994; Scholz, Calbert & Smith
2011, §3.2), so an actor that does not care (salience 0) or has no resources never pulls the forecast.

* :func:`mean` — the weighted mean ("mean voter") per issue.
* :func:`median` — the weighted median per issue. In one dimension, with actors who prefer positions
  nearer their own, the weighted median is the Condorcet winner by capability × salience weighted
  pairwise votes (Black's median voter theorem); :func:`median` also reports the Condorcet winner among
  the actors' positions found by actual pairwise votes, per issue and for all issues at once with
  salience-weighted distances (where a Condorcet winner need not exist).

The pure kernels (:func:`weighted_mean`, :func:`weighted_median_interval`, :func:`condorcet_winner`) work
on NumPy arrays; :func:`check_inputs` validates the common model inputs and is shared by the dynamic
models (:mod:`coalitionist.forecast.bdm`).

References
----------
.. [1] B. Bueno de Mesquita, "Political forecasting: an expected utility method", in B. Bueno de
   Mesquita & F. N. Stokman (eds.), *European Community Decision Making*, Yale UP, 1994, pp. 71–104.
.. [2] M. Scholz, G. Calbert & G. A. Smith, "Unravelling Bueno De Mesquita's group decision model",
   *Journal of Theoretical Politics* 23(4), 2011, pp. 510–531.
.. [3] D. Black, "On the rationale of group decision-making", *Journal of Political Economy* 56(1),
   1948, pp. 23–34.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from coalitionist.errors import AnalysisError, InvalidInputError
from coalitionist.forecast.result import ForecastResult, ForecastState

__all__ = [
    "ForecastInputError",
    "ForecastInputs",
    "UndefinedForecastError",
    "check_inputs",
    "condorcet_winner",
    "mean",
    "median",
    "weighted_mean",
    "weighted_median",
    "weighted_median_interval",
]

#: Relative tolerance used to decide that a cumulative weight sits exactly on one half (a median tie).
_TIE_RTOL = 1e-12


class ForecastInputError(InvalidInputError):
    """The arrays given to a forecast model are malformed (shape, range, non-finite values)."""


class UndefinedForecastError(AnalysisError):
    """No actor has both capability and salience on an issue, so no weighted forecast exists."""


@dataclass(frozen=True)
class ForecastInputs:
    """Validated model inputs (see :func:`check_inputs`)."""

    capability: NDArray[np.float64]
    positions: NDArray[np.float64]
    salience: NDArray[np.float64]
    low: NDArray[np.float64]
    high: NDArray[np.float64]
    actors: tuple[str, ...]
    dimensions: tuple[str, ...]

    @property
    def weights(self) -> NDArray[np.float64]:
        """Effective power ``capability × salience``, shape ``(n, d)``."""
        return self.capability[:, None] * self.salience


def check_inputs(
    capability: ArrayLike,
    positions: ArrayLike,
    salience: ArrayLike,
    *,
    actors: Sequence[str] | None = None,
    dimensions: Sequence[str] | None = None,
    scale: tuple[float, float] | ArrayLike = (0, 100),
) -> ForecastInputs:
    """Validate and normalise the common inputs of every forecast model.

    Parameters
    ----------
    capability : array_like, shape (n,)
        Non-negative capability of each actor (any scale).
    positions : array_like, shape (n, d) or (n,)
        Positions in the issues' own units, inside ``scale``; a 1-D array means one issue.
    salience : array_like, same shape as ``positions``
        Salience on [0, 1].
    actors, dimensions : sequence of str, optional
        Unique ids; default ``actor1…`` and ``dim1…``.
    scale : (low, high) or array_like, shape (d, 2)
        Each issue's scale.

    Returns
    -------
    ForecastInputs
        Float arrays (positions and salience as ``(n, d)``), per-issue ``low``/``high`` and the ids.

    Raises
    ------
    ForecastInputError
        With a message saying which argument is wrong and what is allowed.
    """
    c = np.asarray(capability, dtype=float)
    x = np.asarray(positions, dtype=float)
    s = np.asarray(salience, dtype=float)
    if c.ndim != 1 or c.size == 0:
        raise ForecastInputError(f"capability must be a non-empty 1-D array, got shape {c.shape}")
    n = c.size
    if x.ndim == 1:
        x = x[:, None]
    if s.ndim == 1:
        s = s[:, None]
    if x.ndim != 2 or x.shape[0] != n:
        raise ForecastInputError(f"positions must have shape ({n}, d), got {x.shape}")
    if s.shape != x.shape:
        raise ForecastInputError(
            f"salience must have the shape of positions {x.shape}, got {s.shape}"
        )
    d = x.shape[1]
    for name, arr in (("capability", c), ("positions", x), ("salience", s)):
        if not np.all(np.isfinite(arr)):
            raise ForecastInputError(f"{name} must be finite numbers")
    if np.any(c < 0):
        raise ForecastInputError("capability must be ≥ 0")
    if np.any((s < 0) | (s > 1)):
        raise ForecastInputError("salience must be in [0, 1]")
    sc = np.asarray(scale, dtype=float)
    if sc.shape == (2,):
        sc = np.tile(sc, (d, 1))
    if sc.shape != (d, 2) or not np.all(np.isfinite(sc)):
        raise ForecastInputError(
            f"scale must be (low, high) or have shape ({d}, 2), got {sc.shape}"
        )
    low, high = sc[:, 0].copy(), sc[:, 1].copy()
    if np.any(low >= high):
        raise ForecastInputError("every scale must have low < high")
    slack = 1e-9 * (high - low)
    bad = (x < low - slack) | (x > high + slack)
    if np.any(bad):
        i, k = (int(v) for v in np.argwhere(bad)[0])
        raise ForecastInputError(
            f"position {x[i, k]:g} of actor {i} on dimension {k} is outside its scale"
            f" [{low[k]:g}, {high[k]:g}]"
        )
    x = np.clip(x, low, high)
    names_a = _names(actors, n, "actor", "actors")
    names_d = _names(dimensions, d, "dim", "dimensions")
    return ForecastInputs(c, x, s, low, high, names_a, names_d)


def _names(given: Sequence[str] | None, count: int, stem: str, what: str) -> tuple[str, ...]:
    if given is None:
        return tuple(f"{stem}{i + 1}" for i in range(count))
    names = tuple(str(v) for v in given)
    if len(names) != count:
        raise ForecastInputError(f"{what} must have {count} names, got {len(names)}")
    if len(set(names)) != count:
        raise ForecastInputError(f"{what} must be unique")
    return names


# ----------------------------------------------------------------------------------------------------
# Pure kernels


def weighted_mean(positions: ArrayLike, weights: ArrayLike) -> NDArray[np.float64]:
    """Weighted mean per column: ``Σ_i w_ik x_ik / Σ_i w_ik``.

    Parameters
    ----------
    positions, weights : array_like, shape (n, d) or (n,)
        Weights are non-negative (for the forecast: capability × salience).

    Returns
    -------
    ndarray, shape (d,)
        NaN in a column whose weights are all zero.
    """
    x = np.atleast_1d(np.asarray(positions, dtype=float))
    w = np.atleast_1d(np.asarray(weights, dtype=float))
    if x.ndim == 1:
        x, w = x[:, None], w[:, None]
    total = w.sum(axis=0)
    base = x.min(axis=0)  # shifting by the minimum keeps a unanimous column exact
    with np.errstate(invalid="ignore", divide="ignore"):
        out: NDArray[np.float64] = base + (w * (x - base)).sum(axis=0) / total
    return np.where(total > 0, out, np.nan)


def weighted_median_interval(values: ArrayLike, weights: ArrayLike) -> tuple[float, float]:
    """The interval of weighted medians of one variable.

    Algorithm: sort the values, accumulate their weights; the lower median is the first value at which the
    cumulative weight reaches half the total. If the cumulative weight equals exactly half there (a tie
    between two blocs), the upper median is the next value with positive weight; otherwise both coincide.
    Every point of ``[lower, upper]`` minimises ``Σ_i w_i |x_i − y|``.

    Parameters
    ----------
    values, weights : array_like, shape (n,)
        Weights ≥ 0, not all zero.

    Returns
    -------
    (lower, upper) : tuple of float

    Raises
    ------
    UndefinedForecastError
        If every weight is zero.

    Examples
    --------
    >>> weighted_median_interval([4, 7, 10], [0.248, 0.093, 0.336])
    (7.0, 7.0)
    >>> weighted_median_interval([1, 2], [1, 1])
    (1.0, 2.0)
    """
    x = np.asarray(values, dtype=float).ravel()
    w = np.asarray(weights, dtype=float).ravel()
    keep = w > 0
    x, w = x[keep], w[keep]
    if x.size == 0:
        raise UndefinedForecastError("no actor has positive weight (capability × salience)")
    order = np.argsort(x, kind="stable")
    x, w = x[order], w[order]
    cum = np.cumsum(w)
    half = 0.5 * cum[-1]
    m = int(np.searchsorted(cum, half * (1 - _TIE_RTOL), side="left"))
    lower = float(x[m])
    if abs(cum[m] - half) <= _TIE_RTOL * cum[-1] and m + 1 < x.size:
        return lower, float(x[m + 1])
    return lower, lower


def weighted_median(values: ArrayLike, weights: ArrayLike) -> float:
    """The lower weighted median (see :func:`weighted_median_interval`); it is one of the values."""
    return weighted_median_interval(values, weights)[0]


def condorcet_winner(
    positions: ArrayLike,
    weights: ArrayLike,
    salience: ArrayLike | None = None,
    *,
    width: ArrayLike | None = None,
) -> int | None:
    """The strict Condorcet winner among the voters' own positions, by weighted pairwise votes.

    Voter ``k`` (weight ``w_k``) votes for whichever of two candidate positions ``a``, ``b`` is nearer to
    its own position ``x_k``, by the salience-weighted distance
    ``δ_k(y)² = Σ_j s_kj ((y_j − x_kj) / width_j)²`` (in one dimension simply ``|y − x_k|``); a voter
    at equal distance abstains. ``a`` beats ``b`` if the weight voting for ``a`` exceeds the weight voting
    for ``b``. The Condorcet winner beats every other distinct candidate position.

    Algorithm: a single-elimination pass (the champion is replaced by any candidate that beats it) finds
    the only possible winner in ``m − 1`` contests; the champion is then checked against every candidate.
    ``O(m · n · d)`` for ``m`` distinct positions and ``n`` voters.

    Parameters
    ----------
    positions : array_like, shape (n, d) or (n,)
        The voters' positions; the candidates are the distinct positions of voters with positive weight.
    weights : array_like, shape (n,)
        Vote weights ≥ 0 (capability × salience).
    salience : array_like, shape (n, d), optional
        Per-dimension salience weighting each voter's distance (ignored for one dimension).
    width : array_like, shape (d,), optional
        Scale width per dimension, so that dimensions in different units are comparable (default 1).

    Returns
    -------
    int or None
        The index of the first voter holding the winning position, or ``None`` if no position beats all
        others (possible with several dimensions, or with a tie between two positions).
    """
    x = np.asarray(positions, dtype=float)
    if x.ndim == 1:
        x = x[:, None]
    w = np.asarray(weights, dtype=float).ravel()
    n, d = x.shape
    s = np.ones((n, d)) if salience is None or d == 1 else np.asarray(salience, dtype=float)
    wd = np.ones(d) if width is None else np.asarray(width, dtype=float).ravel()
    voters = w > 0
    if not np.any(voters):
        return None
    cand_idx = np.flatnonzero(voters)
    _, first = np.unique(x[cand_idx], axis=0, return_index=True)
    cand_idx = np.sort(cand_idx[first])
    xv, wv, sv = x[voters], w[voters], s[voters]
    # dist[k, a]: voter k's (squared, salience-weighted) distance to candidate a
    diff = (xv[:, None, :] - x[cand_idx][None, :, :]) / wd
    dist = np.einsum("kad,kd->ka", diff * diff, sv)

    def beats(a: int, b: int) -> bool:
        da, db = dist[:, a], dist[:, b]
        return bool(wv[da < db].sum() > wv[db < da].sum())

    m = cand_idx.size
    champ = 0
    for b in range(1, m):
        if beats(b, champ):
            champ = b
    for b in range(m):
        if b != champ and not beats(champ, b):
            return None
    return int(cand_idx[champ])


# ----------------------------------------------------------------------------------------------------
# Models (common signature)


def _static_result(
    name: str,
    inp: ForecastInputs,
    forecast: NDArray[np.float64],
    basis: str,
    details: dict[str, Any],
) -> ForecastResult:
    return ForecastResult(
        model=name,
        actors=inp.actors,
        dimensions=inp.dimensions,
        history=(ForecastState(positions=inp.positions.copy()),),
        forecast=forecast,
        basis=basis,
        details=details,
    )


def _require_weight(inp: ForecastInputs) -> NDArray[np.float64]:
    w = inp.weights
    empty = [inp.dimensions[k] for k in np.flatnonzero(w.sum(axis=0) <= 0)]
    if empty:
        raise UndefinedForecastError(
            "no actor has both capability and salience on " + ", ".join(empty)
        )
    return w


def mean(
    capability: ArrayLike,
    positions: ArrayLike,
    salience: ArrayLike,
    *,
    actors: Sequence[str] | None = None,
    dimensions: Sequence[str] | None = None,
    scale: tuple[float, float] | ArrayLike = (0, 100),
    seed: int | None = None,
    **options: Any,
) -> ForecastResult:
    """Forecast each issue at the capability × salience weighted mean of the actors' positions.

    ``forecast_k = Σ_i c_i s_ik x_ik / Σ_i c_i s_ik`` — the "mean voter" position of Bueno de Mesquita
    (1994) and Scholz et al. (2011). The model is static (``turns == 0``) and deterministic (``seed`` is
    accepted for the common signature and ignored). With several issues each is forecast on its own;
    the weights already carry each actor's salience on that issue, so this is also the
    salience-weighted multi-dimensional version.

    Parameters
    ----------
    capability : array_like, shape (n,)
    positions : array_like, shape (n, d)
        In the issues' units, inside ``scale``.
    salience : array_like, shape (n, d)
        On [0, 1].
    actors, dimensions, scale, seed
        See :func:`check_inputs`.
    **options
        None are defined; unknown options raise :class:`ForecastInputError`.

    Returns
    -------
    ForecastResult
        ``details``: ``weights`` (actor → per-issue capability × salience) and per-issue ``total_weight``.

    Raises
    ------
    UndefinedForecastError
        If on some issue no actor has both capability and salience.

    Examples
    --------
    >>> r = mean([1, 1, 2], [[0], [50], [100]], [[1], [1], [0.5]])
    >>> float(r.forecast[0])
    50.0
    """
    _no_options("mean", options)
    inp = check_inputs(
        capability, positions, salience, actors=actors, dimensions=dimensions, scale=scale
    )
    w = _require_weight(inp)
    fc = np.clip(weighted_mean(inp.positions, w), inp.low, inp.high)
    details = {
        "weights": {a: w[i].tolist() for i, a in enumerate(inp.actors)},
        "total_weight": {dim: float(w[:, k].sum()) for k, dim in enumerate(inp.dimensions)},
    }
    return _static_result(
        "mean", inp, fc, "capability × salience weighted mean of the actors' positions", details
    )


def median(
    capability: ArrayLike,
    positions: ArrayLike,
    salience: ArrayLike,
    *,
    actors: Sequence[str] | None = None,
    dimensions: Sequence[str] | None = None,
    scale: tuple[float, float] | ArrayLike = (0, 100),
    seed: int | None = None,
    **options: Any,
) -> ForecastResult:
    """Forecast each issue at the capability × salience weighted median (the median voter's position).

    Per issue ``k`` the forecast is the lower weighted median of the positions ``x_ik`` with weights
    ``c_i s_ik`` (:func:`weighted_median_interval`; a tie between two blocs holding exactly half the
    weight each is reported in ``details`` as ``median_interval``). The weighted median minimises the
    weighted total distance to all actors, and by Black's median voter theorem it is the Condorcet winner
    of pairwise votes in which each actor casts ``c_i s_ik`` for the nearer position.

    ``details`` reports, as an independent check, the Condorcet winner among the actors' positions found
    by actual pairwise votes (:func:`condorcet_winner`), per issue, and for all issues at once (the
    salience-weighted multi-dimensional version: each actor judges a position vector by its
    salience-weighted distance ``Σ_k s_ik ((y_k − x_ik)/width_k)²`` and votes with weight
    ``c_i · mean_k s_ik``; in several dimensions a Condorcet winner often does not exist, McKelvey 1976).

    Parameters
    ----------
    capability, positions, salience, actors, dimensions, scale, seed
        As for :func:`mean`.
    **options
        None are defined.

    Returns
    -------
    ForecastResult
        ``details``: ``per_dimension`` {issue: {``median``, ``median_interval``, ``condorcet``:
        {``exists``, ``position``, ``actors``, ``equals_median``}}} and ``multidimensional``
        {``condorcet``: {``exists``, ``position`` (per issue), ``actors``, ``equals_median``}}.

    Examples
    --------
    >>> r = median([1, 1, 1], [[0], [30], [100]], [[1], [1], [1]])
    >>> float(r.forecast[0]), r.details["per_dimension"]["dim1"]["condorcet"]["exists"]
    (30.0, True)
    """
    _no_options("median", options)
    inp = check_inputs(
        capability, positions, salience, actors=actors, dimensions=dimensions, scale=scale
    )
    w = _require_weight(inp)
    x = inp.positions
    d = x.shape[1]
    fc = np.empty(d)
    per_dim: dict[str, Any] = {}
    for k, dim in enumerate(inp.dimensions):
        lo, hi = weighted_median_interval(x[:, k], w[:, k])
        fc[k] = lo
        winner = condorcet_winner(x[:, k], w[:, k])
        per_dim[dim] = {
            "median": lo,
            "median_interval": [lo, hi],
            "condorcet": _winner_dict(inp, winner, k, lo),
        }
    multi_w = inp.capability * inp.salience.mean(axis=1)
    winner = condorcet_winner(x, multi_w, inp.salience, width=inp.high - inp.low)
    multi: dict[str, Any] = {"exists": winner is not None, "position": None, "actors": []}
    if winner is not None:
        pos = x[winner]
        multi.update(
            position=pos.tolist(),
            actors=[a for i, a in enumerate(inp.actors) if np.array_equal(x[i], pos)],
            equals_median=bool(np.array_equal(pos, fc)),
        )
    else:
        multi["equals_median"] = False
    details = {"per_dimension": per_dim, "multidimensional": {"condorcet": multi}}
    return _static_result(
        "median",
        inp,
        fc,
        "capability × salience weighted median of the actors' positions (lower median on a tie)",
        details,
    )


def _winner_dict(inp: ForecastInputs, winner: int | None, k: int, med: float) -> dict[str, Any]:
    if winner is None:
        return {"exists": False, "position": None, "actors": [], "equals_median": False}
    pos = float(inp.positions[winner, k])
    return {
        "exists": True,
        "position": pos,
        "actors": [a for i, a in enumerate(inp.actors) if inp.positions[i, k] == pos],
        "equals_median": pos == med,
    }


def _no_options(model: str, options: dict[str, Any]) -> None:
    if options:
        raise ForecastInputError(f"model '{model}' takes no options, got: {', '.join(options)}")
