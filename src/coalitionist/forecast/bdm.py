"""Bueno de Mesquita's expected-utility model of group decisions, as formalised by Scholz et al. (2011).

One issue (dimension) at a time, actors with capability ``c_i``, salience ``s_i`` and position ``x_i``
challenge each other's positions. Each round:

1. every risk exponent is reset to ``r_i = 1``;
2. the weighted median ``μ`` of the current positions is found (weights ``c_i s_i``);
3. the expected utilities of all challenges are computed with ``r = 1`` and give each actor's *danger*
   (the utility others expect from challenging it), from which the risk exponents ``r_i ∈ [0.5, 2]``
   follow (Scholz et al. §5);
4. the expected utilities are recomputed with these exponents; each actor, receiving the challenges
   (offers) of the others, classifies them as *confrontation*, *compromise* or *capitulation* and accepts
   at most one (Scholz et al. §6);
5. all actors move at once.

Rounds continue until no actor moves or ``max_rounds`` is reached. The forecast is the weighted median
(default) or mean of the final positions.

Formulas (from actor ``i``'s point of view with risk exponent ``r``; ``Δ`` is the range of the initial
positions, ``d_ij = |x_i − x_j| / Δ``):

* basic utilities: ``U_s = 2 − 4(½ − ½ d_ij)^r``, ``U_f = 2 − 4(½ + ½ d_ij)^r``,
  ``U_b = 2 − 4(½ − ¼(d_iμ + d_ij))^r``, ``U_w = 2 − 4(½ + ¼(d_iμ + d_ij))^r``, ``U_sq = 2 − 4·½^r``;
* votes of ``k`` for ``x_a`` over ``x_b``: ``v_k(a, b) = c_k s_k (d_kb^{r_k} − d_ka^{r_k})``;
* expected utility of ``i`` challenging ``j``:
  ``E(U_ij) = s_j (P_ij U_s + (1 − P_ij) U_f) + (1 − s_j) U_s − Q U_sq − (1 − Q)(T U_b + (1 − T) U_w)``;
* risk: ``R_i = (2 D_i − max D − min D) / (max D − min D)`` with ``D_i = Σ_{j≠i} E(U_ji)`` at ``r = 1``,
  and ``r_i = (1 − R_i/3) / (1 + R_i/3)``;
* offers to ``i`` from ``j`` (``E_i = E(U_ij)``, ``E_j = E(U_ji)``, both as seen by ``i``):
  confrontation if ``E_j > E_i > 0`` (``i`` moves to ``x_j``); compromise if ``E_j > 0 > E_i`` and
  ``E_j > |E_i|`` (``i`` moves to ``x_i + (x_j − x_i)|E_i / E_j|``); capitulation if ``E_j > 0 > E_i``
  and ``E_j < |E_i|`` (``i`` moves to ``x_j``).

Where published versions differ, the choice is a named option; the defaults reproduce the published
European Community example of Scholz et al. (2011) as replicated by J. McKibben's code (see
``docs/theory/bdm.md``).

References
----------
.. [1] B. Bueno de Mesquita, "Political forecasting: an expected utility method", in B. Bueno de
   Mesquita & F. N. Stokman (eds.), *European Community Decision Making*, Yale UP, 1994, pp. 71–104.
.. [2] M. Scholz, G. Calbert & G. A. Smith, "Unravelling Bueno De Mesquita's group decision model",
   *Journal of Theoretical Politics* 23(4), 2011, pp. 510–531.
.. [3] Z. Eftekhari & S. Rahimi, "Preana: game theory based prediction with reinforcement learning",
   *Natural Science* 6(13), 2014, pp. 1108–1121 (the ``t="median"`` rule).
.. [4] Public re-implementations: J. McKibben, ``jmckib/bdm-scholz-expected-utility-model`` (2014);
   D. Masad, ``dmasad/BDM_DecisionModel_Replication`` (2014); Decision Mechanics, ``decisionmechanics/eum``
   (2017).
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from coalitionist.forecast.central import (
    ForecastInputError,
    UndefinedForecastError,
    check_inputs,
    weighted_mean,
    weighted_median,
)
from coalitionist.forecast.result import ForecastResult, ForecastState
from coalitionist.wording import possessive

__all__ = [
    "OFFER_TYPES",
    "BdmOptions",
    "DimensionRun",
    "bdm",
    "expected_utilities",
    "positive_votes",
    "risk_exponents",
    "run_dimension",
    "win_probabilities",
]

Probability = Literal["scholz", "pairwise", "net"]
Risk = Literal["danger", "neutral"]
Perspective = Literal["receiver", "own"]
OfferSelection = Literal["scholz", "smallest_move", "max_eu"]
OFFER_TYPES = ("confrontation", "compromise", "capitulation")

_CONF, _COMP, _CAPIT = 0, 1, 2


@dataclass(frozen=True)
class BdmOptions:
    """The choices where published versions of the model differ (see :func:`bdm` for each)."""

    probability: Probability = "scholz"
    risk: Risk = "danger"
    perspective: Perspective = "receiver"
    offer_selection: OfferSelection = "scholz"
    q: float = 1.0
    t: float | Literal["median"] = 1.0
    max_rounds: int = 10
    tol: float = 1e-9
    forecast: Literal["median", "mean"] = "median"
    record_offers: Literal["auto", "all", "accepted"] = "auto"

    def __post_init__(self) -> None:
        choices: dict[str, tuple[Any, ...]] = {
            "probability": ("scholz", "pairwise", "net"),
            "risk": ("danger", "neutral"),
            "perspective": ("receiver", "own"),
            "offer_selection": ("scholz", "smallest_move", "max_eu"),
            "forecast": ("median", "mean"),
            "record_offers": ("auto", "all", "accepted"),
        }
        for name, allowed in choices.items():
            if getattr(self, name) not in allowed:
                raise ForecastInputError(
                    f"bdm option {name}={getattr(self, name)!r}: allowed are "
                    + ", ".join(repr(a) for a in allowed)
                )
        if not (isinstance(self.q, numbers.Real) and 0.0 <= self.q <= 1.0):
            raise ForecastInputError(f"bdm option q must be in [0, 1], got {self.q!r}")
        if self.t != "median" and not (
            isinstance(self.t, numbers.Real) and 0.0 <= float(self.t) <= 1.0
        ):
            raise ForecastInputError(f"bdm option t must be in [0, 1] or 'median', got {self.t!r}")
        if isinstance(self.max_rounds, bool) or not isinstance(self.max_rounds, numbers.Integral):
            raise ForecastInputError("bdm option max_rounds must be an integer")
        if self.max_rounds < 0:
            raise ForecastInputError("bdm option max_rounds must be ≥ 0")
        if not self.tol >= 0:
            raise ForecastInputError("bdm option tol must be ≥ 0")

    def to_dict(self) -> dict[str, Any]:
        """The options as plain data."""
        return {
            "probability": self.probability,
            "risk": self.risk,
            "perspective": self.perspective,
            "offer_selection": self.offer_selection,
            "q": float(self.q),
            "t": self.t if self.t == "median" else float(self.t),
            "max_rounds": int(self.max_rounds),
            "tol": float(self.tol),
            "forecast": self.forecast,
            "record_offers": self.record_offers,
        }


# ----------------------------------------------------------------------------------------------------
# Kernels (one dimension; all arrays over the m engaged actors)


def positive_votes(x: NDArray[np.float64], votes: NDArray[np.float64]) -> NDArray[np.float64]:
    """Support for each position against each other: ``N[a, b] = Σ_k max(0, V[k, b] − V[k, a])``.

    ``V[k, a]`` is voter ``k``'s weighted *distance* to position ``x_a`` (any increasing function of
    ``|x_k − x_a|`` times a non-negative weight), so ``V[k, b] − V[k, a]`` is ``k``'s vote for ``a``
    over ``b``, positive exactly when ``x_k`` is nearer ``x_a``.

    Algorithm: in one dimension ``k`` prefers ``a`` to ``b`` iff ``x_k`` lies on ``a``'s side of the
    midpoint ``(x_a + x_b)/2``. With the voters sorted by position and column prefix sums ``S`` of ``V``,
    each ``N[a, b]`` is a difference of two prefix sums at the midpoint's rank (a binary search), so the
    whole matrix costs ``O(m² log m)`` instead of the ``O(m³)`` of the direct sum.

    Parameters
    ----------
    x : ndarray, shape (m,)
        Positions (voters and candidates are the same actors).
    votes : ndarray, shape (m, m)
        ``V[k, a]``.

    Returns
    -------
    ndarray, shape (m, m)
    """
    m = x.size
    order = np.argsort(x, kind="stable")
    xs = x[order]
    Vs = votes[np.ix_(order, order)]  # work in sorted order: cache-friendly searches and gathers
    S = np.zeros((m + 1, m))
    np.cumsum(Vs, axis=0, out=S[1:])
    total = S[-1]
    mid = 0.5 * (xs[:, None] + xs[None, :])
    left = np.searchsorted(xs, mid, side="left")  # voters strictly below the midpoint
    right = np.searchsorted(xs, mid, side="right")  # voters at or below the midpoint
    rows = np.arange(m)[:, None]
    cols = np.arange(m)[None, :]
    below = S[left, cols] - S[left, rows]  # x_a < x_b: voters below the midpoint prefer a
    above = (total[cols] - S[right, cols]) - (total[rows] - S[right, rows])
    lt = xs[:, None] < xs[None, :]
    gt = xs[:, None] > xs[None, :]
    Ns = np.maximum(np.where(lt, below, np.where(gt, above, 0.0)), 0.0)
    out = np.empty_like(Ns)
    out[np.ix_(order, order)] = Ns
    return out


def win_probabilities(
    x: NDArray[np.float64],
    weight: NDArray[np.float64],
    r: NDArray[np.float64],
    delta: float,
    probability: Probability = "scholz",
) -> NDArray[np.float64]:
    """``P[a, b]``, the probability that ``x_a`` prevails over ``x_b`` in a contest decided by all votes.

    Votes ``v_k(a, b) = w_k (d_kb^{r_k} − d_ka^{r_k})`` with ``d = |Δx| / Δ`` and ``w_k = c_k s_k``.

    * ``"scholz"`` (default): ``Σ_k max(0, v_k(a, b)) / Σ_k Σ_{a'} Σ_{b'} |v_k(a', b')|``, normalised
      by the votes on *all* pairs of actors' positions, as in Scholz et al.'s code (the form that
      reproduces their published figures; J. McKibben's replication). ``P_ab + P_ba < 1``.
    * ``"pairwise"``: ``Σ_k max(0, v_k(a, b)) / Σ_k |v_k(a, b)|``, the formula printed in Scholz et al.
      (2011, §4); ``P_ab + P_ba = 1``.
    * ``"net"``: ``max(0, Σ_k v_k(a, b)) / Σ_k |v_k(a, b)|``, Bueno de Mesquita's (1994) net-vote form
      (D. Masad's replication).

    ``P[a, b] = 0`` when the positions coincide.
    """
    dist = np.abs(x[:, None] - x[None, :]) / delta
    V = weight[:, None] * (dist ** r[:, None] if probability == "scholz" else dist)
    N = positive_votes(x, V)
    if probability == "scholz":
        m = x.size
        coef = 2.0 * np.arange(m) - m + 1.0
        total = 2.0 * float((np.sort(V, axis=1) @ coef).sum())
        return N / total if total > 0 else np.zeros_like(N)
    both = N + N.T
    num = N if probability == "pairwise" else np.maximum(N - N.T, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(both > 0, num / both, 0.0)


def expected_utilities(
    x: NDArray[np.float64],
    salience: NDArray[np.float64],
    P: NDArray[np.float64],
    r: NDArray[np.float64],
    delta: float,
    mu: float,
    q: float,
    t: float | Literal["median"],
) -> NDArray[np.float64]:
    """``E[a, b]``: the expected utility to ``a`` of challenging ``b``, computed with exponent ``r[a]``.

    ``E = s_b (P_ab U_s + (1 − P_ab) U_f) + (1 − s_b) U_s − Q U_sq − (1 − Q)(T U_b + (1 − T) U_w)``
    (Scholz et al. 2011, eqs. 15–25). With ``t="median"``, ``T_ab = 1`` if ``a`` is nearer the median
    ``μ`` than ``b``'s position, else 0 (Eftekhari & Rahimi 2014, §2.6).

    To evaluate everything from one observer's point of view (exponent ``r_o`` for all pairs), pass
    ``r = np.full(m, r_o)``.
    """
    d = np.abs(x[:, None] - x[None, :]) / delta
    ra = r[:, None]
    us = 2.0 - 4.0 * (0.5 - 0.5 * d) ** ra
    uf = 2.0 - 4.0 * (0.5 + 0.5 * d) ** ra
    usq = 2.0 - 4.0 * 0.5**ra
    sb = salience[None, :]
    eu = sb * (P * us + (1.0 - P) * uf) + (1.0 - sb) * us - q * usq
    if q < 1.0:
        dmu = (np.abs(x - mu) / delta)[:, None]
        ub = 2.0 - 4.0 * (0.5 - 0.25 * (dmu + d)) ** ra
        uw = 2.0 - 4.0 * (0.5 + 0.25 * (dmu + d)) ** ra
        T = (dmu * delta < d * delta).astype(float) if t == "median" else float(t)
        eu = eu - (1.0 - q) * (T * ub + (1.0 - T) * uw)
    return eu


def risk_exponents(danger: NDArray[np.float64]) -> NDArray[np.float64]:
    """Risk exponents from danger levels (Scholz et al. 2011, eqs. 32–33).

    ``R_i = (2 D_i − max D − min D) / (max D − min D)`` and ``r_i = (1 − R_i/3)/(1 + R_i/3)``: the actor
    in most danger (others gain most by challenging it) gets ``R = 1``, ``r = 0.5`` — it is assumed to
    have taken a risky position, hence to be risk-acceptant; the safest gets ``R = −1``, ``r = 2``. All
    ``r = 1`` when every danger is equal.
    """
    hi, lo = float(np.max(danger)), float(np.min(danger))
    if not hi > lo:
        return np.ones_like(danger)
    R = (2.0 * danger - hi - lo) / (hi - lo)
    out: NDArray[np.float64] = (1.0 - R / 3.0) / (1.0 + R / 3.0)
    return out


@dataclass(frozen=True)
class DimensionRun:
    """The run of the model on one dimension.

    Attributes
    ----------
    history : ndarray, shape (T + 1, n)
        Positions of all actors, initial state first, one row per round in which someone moved.
    rounds : list of dict
        Per round: ``round``, ``median`` (before the moves), ``risk_exponents`` (actor index → r),
        ``offer_counts`` (by type), ``moves`` (list of dicts with ``actor``, ``proposer`` (indices),
        ``type``, ``from``, ``to``, ``eu_self``, ``eu_proposer``) and, when recorded, ``offers``.
    stopped : str
        ``"no_moves"``, ``"round_limit"`` or ``"no_contest"`` (fewer than two engaged positions).
    delta : float
        The range of the engaged actors' initial positions.
    engaged : ndarray of bool, shape (n,)
        Actors with ``c_i s_i > 0`` (the others take no part and keep their position).
    """

    history: NDArray[np.float64]
    rounds: list[dict[str, Any]] = field(default_factory=list)
    stopped: str = "no_moves"
    delta: float = 0.0
    engaged: NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, dtype=bool))


def _one_round(
    x: NDArray[np.float64],
    w: NDArray[np.float64],
    s: NDArray[np.float64],
    delta: float,
    opt: BdmOptions,
    record_all: bool,
) -> tuple[NDArray[np.float64], dict[str, Any]]:
    """One round on the engaged actors: returns the new positions and the round's record."""
    m = x.size
    mu = weighted_median(x, w)
    ones = np.ones(m)
    if opt.risk == "danger":
        P1 = win_probabilities(x, w, ones, delta, opt.probability)
        E1 = expected_utilities(x, s, P1, ones, delta, mu, opt.q, opt.t)
        danger = E1.sum(axis=0) - np.diag(E1)
        r = risk_exponents(danger)
    else:
        r = ones
    P = win_probabilities(x, w, r, delta, opt.probability)
    # own[a, b]: a challenging b, from a's point of view (exponent r_a)
    own = expected_utilities(x, s, P, r, delta, mu, opt.q, opt.t)
    # e_i[i, j] = E(U_ij) as the receiver i sees it (its own exponent); e_j[i, j] = E(U_ji), the
    # proposer j's expected utility of challenging i, valued with r_i ("receiver") or r_j ("own")
    e_i = own
    e_j = own.T if opt.perspective == "own" else _receiver_view(x, s, P, r, delta, mu, opt)
    same = x[:, None] == x[None, :]
    conf = ~same & (e_j > e_i) & (e_i > 0)
    loses = ~same & (e_j > 0) & (e_i < 0)
    comp = loses & (e_j > -e_i)
    capit = loses & (e_j < -e_i)
    with np.errstate(invalid="ignore", divide="ignore"):
        comp_pos = x[:, None] + (x[None, :] - x[:, None]) * np.abs(e_i / e_j)
    target = np.where(comp, comp_pos, np.broadcast_to(x[None, :], (m, m)))
    kind = np.full((m, m), -1)
    kind[capit] = _CAPIT
    kind[comp] = _COMP
    kind[conf] = _CONF
    chosen = _select(x, kind, target, e_i, e_j, opt.offer_selection)
    new = x.copy()
    moves: list[dict[str, Any]] = []
    for i in np.flatnonzero(chosen >= 0):
        j = int(chosen[i])
        to = float(target[i, j])
        if abs(to - x[i]) <= opt.tol * delta:
            continue
        new[i] = to
        moves.append(
            {
                "actor": int(i),
                "proposer": j,
                "type": OFFER_TYPES[kind[i, j]],
                "from": float(x[i]),
                "to": to,
                "eu_self": float(e_i[i, j]),
                "eu_proposer": float(e_j[i, j]),
            }
        )
    rec: dict[str, Any] = {
        "median": mu,
        "risk_exponents": r.tolist(),
        "offer_counts": {
            name: int(np.count_nonzero(kind == c)) for c, name in enumerate(OFFER_TYPES)
        },
        "moves": moves,
    }
    if record_all:
        rec["offers"] = [
            {
                "actor": int(i),
                "proposer": int(j),
                "type": OFFER_TYPES[kind[i, j]],
                "position": float(target[i, j]),
                "eu_self": float(e_i[i, j]),
                "eu_proposer": float(e_j[i, j]),
            }
            for i, j in np.argwhere(kind >= 0)
        ]
    return new, rec


def _receiver_view(
    x: NDArray[np.float64],
    s: NDArray[np.float64],
    P: NDArray[np.float64],
    r: NDArray[np.float64],
    delta: float,
    mu: float,
    opt: BdmOptions,
) -> NDArray[np.float64]:
    """``M[i, j]`` = E(U_ji), j challenging i, with the receiver i's exponent ``r_i``."""
    d = np.abs(x[:, None] - x[None, :]) / delta  # symmetric
    ri = r[:, None]  # receiver i on rows
    us = 2.0 - 4.0 * (0.5 - 0.5 * d) ** ri
    uf = 2.0 - 4.0 * (0.5 + 0.5 * d) ** ri
    usq = 2.0 - 4.0 * 0.5**ri
    si = s[:, None]  # the target is i
    Pji = P.T  # P[j, i] at [i, j]
    eu = si * (Pji * us + (1.0 - Pji) * uf) + (1.0 - si) * us - opt.q * usq
    if opt.q < 1.0:
        dmu_j = (np.abs(x - mu) / delta)[None, :]  # the challenger j's distance to the median
        ub = 2.0 - 4.0 * (0.5 - 0.25 * (dmu_j + d)) ** ri
        uw = 2.0 - 4.0 * (0.5 + 0.25 * (dmu_j + d)) ** ri
        T = (dmu_j < d).astype(float) if opt.t == "median" else float(opt.t)
        eu = eu - (1.0 - opt.q) * (T * ub + (1.0 - T) * uw)
    return eu


def _select(
    x: NDArray[np.float64],
    kind: NDArray[np.int_],
    target: NDArray[np.float64],
    e_i: NDArray[np.float64],
    e_j: NDArray[np.float64],
    rule: OfferSelection,
) -> NDArray[np.int_]:
    """Index of the accepted offer per receiver (−1 for none); ties go to the lowest proposer index."""
    m = x.size
    move = np.abs(target - x[:, None])
    chosen = np.full(m, -1)
    if rule == "max_eu":
        offered = (e_j > 0) & (x[:, None] != x[None, :])
        best = np.where(offered, e_j, -np.inf).max(axis=1)
        top = offered & (e_j == best[:, None])
        j = np.argmin(np.where(top, np.abs(x[None, :] - x[:, None]), np.inf), axis=1)
        has = offered.any(axis=1)
        ok = has & (kind[np.arange(m), j] >= 0)
        chosen[ok] = j[ok]
        return chosen
    for c in (_CONF, _COMP, _CAPIT):
        mask = kind == c
        if c == _COMP and rule == "scholz":
            # Scholz et al.'s code ranks compromises by |E_i|,|E_j|-weighted position (lowest first)
            ai, aj = np.abs(e_i), np.abs(e_j)
            with np.errstate(invalid="ignore", divide="ignore"):
                key = (ai * x[:, None] + aj * x[None, :]) / (ai + aj)
        else:
            key = move
        j = np.argmin(np.where(mask, key, np.inf), axis=1)
        take = (chosen < 0) & mask.any(axis=1)
        chosen[take] = j[take]
    return chosen


def run_dimension(
    positions: ArrayLike,
    capability: ArrayLike,
    salience: ArrayLike,
    options: BdmOptions | None = None,
) -> DimensionRun:
    """Run the expected-utility model on one dimension (see the module docstring for the steps).

    Actors with ``c_i s_i = 0`` take no part: they neither vote, challenge nor count in the range ``Δ``,
    and keep their position — so an actor that does not care never pulls the forecast.

    Parameters
    ----------
    positions, capability, salience : array_like, shape (n,)
    options : BdmOptions, optional

    Returns
    -------
    DimensionRun
    """
    opt = options or BdmOptions()
    x0 = np.asarray(positions, dtype=float).ravel()
    c = np.asarray(capability, dtype=float).ravel()
    s = np.asarray(salience, dtype=float).ravel()
    w_all = c * s
    engaged = w_all > 0
    idx = np.flatnonzero(engaged)
    x = x0[idx].copy()
    w, se = w_all[idx], s[idx]
    history = [x0.copy()]
    if idx.size < 2 or not np.ptp(x) > 0:
        return DimensionRun(np.array(history), [], "no_contest", 0.0, engaged)
    delta = float(np.ptp(x))
    record_all = opt.record_offers == "all" or (opt.record_offers == "auto" and x0.size <= 50)
    rounds: list[dict[str, Any]] = []
    stopped = "round_limit"
    for t in range(1, opt.max_rounds + 1):
        new, rec = _one_round(x, w, se, delta, opt, record_all)
        if not rec["moves"]:
            stopped = "no_moves"
            break
        rec = _reindex(rec, idx)
        rec["round"] = t
        rounds.append(rec)
        x = new
        full = history[-1].copy()
        full[idx] = x
        history.append(full)
    return DimensionRun(np.array(history), rounds, stopped, delta, engaged)


def _reindex(rec: dict[str, Any], idx: NDArray[np.int_]) -> dict[str, Any]:
    """Map engaged-subset indices in a round record back to actor indices."""
    out = dict(rec)
    out["risk_exponents"] = {int(idx[k]): v for k, v in enumerate(rec["risk_exponents"])}
    for key in ("moves", "offers"):
        if key in rec:
            out[key] = [
                {**o, "actor": int(idx[o["actor"]]), "proposer": int(idx[o["proposer"]])}
                for o in rec[key]
            ]
    return out


_WHY = {
    "confrontation": (
        "{a} expected to gain from challenging {p} ({ei:+.3g}) but less than {p} expected from "
        "challenging {a} ({ej:+.3g}): {a} loses the confrontation and takes {ps} position"
    ),
    "compromise": (
        "{a} expected to lose by challenging {p} ({ei:+.3g}) less than {p} expected to gain "
        "({ej:+.3g}): {a} compromises, moving the fraction {frac:.3g} of the way to {p}"
    ),
    "capitulation": (
        "{a} expected to lose by challenging {p} ({ei:+.3g}) more than {p} expected to gain "
        "({ej:+.3g}): {a} capitulates to {ps} position"
    ),
}


def bdm(
    capability: ArrayLike,
    positions: ArrayLike,
    salience: ArrayLike,
    *,
    actors: Sequence[str] | None = None,
    dimensions: Sequence[str] | None = None,
    scale: tuple[float, float] | ArrayLike = (0, 100),
    seed: int | None = None,
    probability: Probability = "scholz",
    risk: Risk = "danger",
    perspective: Perspective = "receiver",
    offer_selection: OfferSelection = "scholz",
    q: float = 1.0,
    t: float | Literal["median"] = 1.0,
    max_rounds: int = 10,
    tol: float = 1e-9,
    forecast: Literal["median", "mean"] = "median",
    record_offers: Literal["auto", "all", "accepted"] = "auto",
    labels: Sequence[str] | None = None,
    **options: Any,
) -> ForecastResult:
    """Forecast with Bueno de Mesquita's expected-utility model (Scholz et al. 2011), issue by issue.

    The model is deterministic; ``seed`` is accepted for the common signature and ignored.

    Parameters
    ----------
    capability : array_like, shape (n,)
    positions : array_like, shape (n, d)
        In the issues' units, inside ``scale``.
    salience : array_like, shape (n, d)
        On [0, 1]; it is both the actor's weight in votes (with capability) and the probability that it
        resists a challenge.
    actors, dimensions, scale, seed
        See :func:`coalitionist.forecast.central.check_inputs`.
    probability : {"scholz", "pairwise", "net"}
        How the probability of prevailing is computed (:func:`win_probabilities`). Default ``"scholz"``.
    risk : {"danger", "neutral"}
        ``"danger"`` (default): risk exponents from danger levels each round (Scholz et al. §5);
        ``"neutral"``: ``r = 1`` throughout.
    perspective : {"receiver", "own"}
        Whose risk exponent values a challenge. ``"receiver"`` (default; Bueno de Mesquita's
        "from the actor's perspective", as in Scholz et al.'s code): the actor receiving offers values
        both its own and the proposer's expected utility with its own exponent. ``"own"`` (Masad): each
        side values its own challenge with its own exponent.
    offer_selection : {"scholz", "smallest_move", "max_eu"}
        Which offer an actor accepts. ``"scholz"`` (default): a confrontation before a compromise before
        a capitulation; the smallest move within a type, except that compromises are ranked by the
        ``|E|``-weighted position of the two actors (lowest first), as in Scholz et al.'s code.
        ``"smallest_move"``: the same order, always the smallest move (the text of Scholz et al. and
        Bueno de Mesquita). ``"max_eu"`` (Masad): the offer whose proposer expects most, ties to the
        nearest proposer; no move if that offer is none of the three types.
    q : float in [0, 1]
        Probability that, absent a challenge, the target keeps its position. Default 1.0 (then ``t``
        has no effect).
    t : float in [0, 1] or "median"
        Probability that a change of position absent a challenge favours the challenger. Default 1.0;
        ``"median"``: 1 if the challenger is nearer the median than the target is to it (Eftekhari &
        Rahimi 2014).
    max_rounds : int
        Round limit (default 10, the length of the published European Community run).
    labels : sequence of str, optional
        Names of the actors for each move's ``why`` sentence, which a reader sees; the data fields keep
        ``actors``. Default: ``actors``.
    tol : float
        A move shorter than ``tol × Δ`` does not count (default 1e-9).
    forecast : {"median", "mean"}
        Which central position of the final state is the forecast (default the weighted median, Bueno
        de Mesquita's forecast).
    record_offers : {"auto", "all", "accepted"}
        Whether ``details`` lists every offer of every round or only the accepted ones; ``"auto"``
        (default) lists all for up to 50 actors.
    **options
        Unknown options raise :class:`ForecastInputError`.

    Returns
    -------
    ForecastResult
        ``turns`` = the most rounds any issue ran with a move; ``details``: ``options``, per issue
        ``per_dimension[dim]`` = {``stopped``, ``rounds_run``, ``range``, ``not_engaged``, ``median``,
        ``mean``, ``moved`` (actors that moved at least once), ``rounds``: [{``round``, ``median``
        (before the moves), ``risk_exponents`` {actor: r}, ``offer_counts`` {type: count}, ``moves``
        [{``actor``, ``proposer``, ``type``, ``from``, ``to``, ``eu_self``, ``eu_proposer``, ``why``}],
        ``offers`` (if recorded)}]}.

    Raises
    ------
    ForecastInputError
        For malformed inputs or options.
    UndefinedForecastError
        If on some issue no actor has both capability and salience.

    Examples
    --------
    >>> r = bdm([1, 1, 1], [[0], [40], [100]], [[0.5], [0.9], [0.5]], max_rounds=3)
    >>> r.model, r.forecast.shape
    ('bdm', (1,))
    """
    if options:
        raise ForecastInputError(f"unknown bdm options: {', '.join(sorted(options))}")
    opt = BdmOptions(
        probability=probability,
        risk=risk,
        perspective=perspective,
        offer_selection=offer_selection,
        q=q,
        t=t,
        max_rounds=max_rounds,
        tol=tol,
        forecast=forecast,
        record_offers=record_offers,
    )
    inp = check_inputs(
        capability, positions, salience, actors=actors, dimensions=dimensions, scale=scale
    )
    w = inp.weights
    empty = [inp.dimensions[k] for k in np.flatnonzero(w.sum(axis=0) <= 0)]
    if empty:
        raise UndefinedForecastError(
            "no actor has both capability and salience on " + ", ".join(empty)
        )
    d = inp.positions.shape[1]
    runs = [
        run_dimension(inp.positions[:, k], inp.capability, inp.salience[:, k], opt)
        for k in range(d)
    ]
    turns = max(len(run.history) - 1 for run in runs)
    states = []
    for step in range(turns + 1):
        pos = np.column_stack([run.history[min(step, len(run.history) - 1)] for run in runs])
        states.append(ForecastState(positions=np.clip(pos, inp.low, inp.high)))
    final = states[-1].positions
    fc = np.empty(d)
    per_dim: dict[str, Any] = {}
    for k, (dim, run) in enumerate(zip(inp.dimensions, runs, strict=True)):
        med = weighted_median(final[:, k], w[:, k])
        avg = float(weighted_mean(final[:, k], w[:, k])[0])
        fc[k] = med if opt.forecast == "median" else avg
        say = tuple(labels) if labels is not None and len(labels) == len(inp.actors) else inp.actors
        per_dim[dim] = _dimension_details(inp.actors, run, med, avg, say)
    basis = (
        "capability × salience weighted median of the positions after the last round"
        if opt.forecast == "median"
        else "capability × salience weighted mean of the positions after the last round"
    )
    return ForecastResult(
        model="bdm",
        actors=inp.actors,
        dimensions=inp.dimensions,
        history=tuple(states),
        forecast=np.clip(fc, inp.low, inp.high),
        basis=basis,
        details={"options": opt.to_dict(), "per_dimension": per_dim},
    )


def _dimension_details(
    names: tuple[str, ...],
    run: DimensionRun,
    med: float,
    avg: float,
    say: tuple[str, ...] | None = None,
) -> dict[str, Any]:
    say = names if say is None else say
    rounds = []
    moved: list[str] = []
    for rec in run.rounds:
        moves = []
        for mv in rec["moves"]:
            a, p = names[mv["actor"]], names[mv["proposer"]]
            span = mv["to"] - mv["from"]
            frac = 1.0
            if mv["type"] == "compromise":
                frac = abs(mv["eu_self"] / mv["eu_proposer"])
            why = _WHY[mv["type"]].format(
                a=say[mv["actor"]],
                p=say[mv["proposer"]],
                ps=possessive(say[mv["proposer"]]),
                ei=mv["eu_self"],
                ej=mv["eu_proposer"],
                frac=frac,
            )
            moves.append({**mv, "actor": a, "proposer": p, "why": why, "distance": abs(span)})
            if a not in moved:
                moved.append(a)
        out: dict[str, Any] = {
            "round": rec["round"],
            "median": rec["median"],
            "risk_exponents": {names[i]: v for i, v in rec["risk_exponents"].items()},
            "offer_counts": rec["offer_counts"],
            "moves": moves,
        }
        if "offers" in rec:
            out["offers"] = [
                {**o, "actor": names[o["actor"]], "proposer": names[o["proposer"]]}
                for o in rec["offers"]
            ]
        rounds.append(out)
    return {
        "stopped": run.stopped,
        "rounds_run": len(run.rounds),
        "range": run.delta,
        "not_engaged": [names[i] for i in np.flatnonzero(~run.engaged)],
        "median": med,
        "mean": avg,
        "moved": moved,
        "rounds": rounds,
    }
