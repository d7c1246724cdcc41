"""The influence analysis: who holds influence, in which direction it flows, who needs it.

:func:`analyze_influence` is the façade: it takes the compiled arrays of a situation
(:class:`InfluenceInputs`, built from a scenario by :func:`coalitionist.analyses.influence.influence_inputs`),
compiles the ties into sparse matrices and runs the pure kernels of this package on them:

* resources — capability and its breakdown (``resources:``) as given;
* formal power — Banzhaf indices and swing rates under the decision rule (:mod:`coalitionist.power`);
* network position — :mod:`coalitionist.influence.position` on the influence matrix of
  :mod:`coalitionist.influence.ties` (and Burt's measures on the contact matrix);
* direction — the strongest influence chains into the decision makers (:mod:`coalitionist.influence.paths`)
  and the Friedkin–Johnsen projection of every position (:mod:`coalitionist.influence.friedkin`);
* need — the actors the weighted-median forecast leaves behind (:mod:`coalitionist.influence.needs`), and the
  coalition potential of the weak ones (swing rates, membership of minimal winning and blocking coalitions).

The "holds influence" ranking shows each part on a 0–1 scale relative to the strongest actor on it and ranks
by their plain mean: ``resources = capability / max``, ``formal = banzhaf / max``, ``network`` = mean of
out-strength, weighted two-step reach and betweenness, each divided by its maximum.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
from numpy.typing import NDArray

from coalitionist.display import FrameMixin, ReprMixin
from coalitionist.influence.friedkin import (
    Susceptibility,
    friedkin_johnsen,
    influence_weights,
    total_influence,
)
from coalitionist.influence.needs import DEFAULT_TOLERANCE, median_forecast, need_for_influence
from coalitionist.influence.paths import strongest_paths
from coalitionist.influence.position import (
    betweenness,
    betweenness_sources,
    burt_constraint,
    effective_size,
    strengths,
    two_step_reach,
)
from coalitionist.influence.ties import TieList, TieMatrices, tie_matrices
from coalitionist.power.game import (
    DEFAULT_LIMIT,
    Enumerated,
    FormalPower,
    formal_power,
    minimal_blocking,
    minimal_winning,
)

if TYPE_CHECKING:
    from coalitionist.power import PowerResult, Rule

__all__ = [
    "ActorArrays",
    "ActorInfluence",
    "InfluenceAnalysis",
    "InfluenceInputs",
    "InfluencePath",
    "IssueProjection",
    "Need",
    "Potential",
    "analyze_influence",
]

#: An actor is "weak" when its capability is below this share of the strongest actor's.
WEAK_SHARE = 0.5

PARTS = ("resources", "formal", "network")
_PART_LABELS = {"resources": "resources", "formal": "formal power", "network": "network position"}


def _f(x: Any) -> float | None:
    v = float(x)
    return v if np.isfinite(v) else None


def _rel(v: NDArray[np.float64]) -> NDArray[np.float64]:
    top = float(np.nanmax(v)) if v.size else 0.0
    return np.nan_to_num(v / top, nan=0.0) if top > 0 else np.zeros_like(v)


@dataclass(frozen=True)
class ActorInfluence:
    """One actor's influence, part by part (see the module docstring for the scales)."""

    actor: str
    rank: int
    score: float
    main_source: str
    capability: float
    capability_share: float
    breakdown: dict[str, float]
    banzhaf: float
    swing_rate: float
    veto: bool
    dummy: bool
    out_strength: float
    in_strength: float
    reach: float
    weighted_reach: float
    betweenness: float
    constraint: float | None
    effective_size: float | None
    pressure_in: float
    parts: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "rank": self.rank,
            "score": self.score,
            "main_source": self.main_source,
            "parts": dict(self.parts),
            "resources": {
                "capability": self.capability,
                "share": self.capability_share,
                "breakdown": dict(self.breakdown),
            },
            "formal": {
                "banzhaf": self.banzhaf,
                "swing_rate": self.swing_rate,
                "veto": self.veto,
                "dummy": self.dummy,
            },
            "network": {
                "out_strength": self.out_strength,
                "in_strength": self.in_strength,
                "reach_2": self.reach,
                "weighted_reach_2": self.weighted_reach,
                "betweenness": self.betweenness,
                "constraint": self.constraint,
                "effective_size": self.effective_size,
                "hostile_pressure_in": self.pressure_in,
            },
        }


@dataclass(frozen=True)
class InfluencePath:
    """The strongest chain of influence from ``source`` to the decision maker ``target``."""

    source: str
    target: str
    strength: float
    path: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "source": self.source,
            "target": self.target,
            "strength": self.strength,
            "path": list(self.path),
            "direct": len(self.path) == 2,
        }


@dataclass(frozen=True)
class IssueProjection:
    """Friedkin–Johnsen projection on one issue, over the actors who state a position on it.

    ``drivers[a]`` lists ``(actor, pull)`` with ``pull = V[a, j] (x_j(0) − x_a(0))``: the pulls sum to ``a``'s
    shift.
    """

    issue: str
    actors: tuple[str, ...]
    susceptibility: tuple[float, ...]
    initial: tuple[float, ...]
    projected: tuple[float, ...]
    drivers: dict[str, tuple[tuple[str, float], ...]]
    span: float

    def shift(self, actor: str) -> float:
        """Projected minus initial position."""
        k = self.actors.index(actor)
        return self.projected[k] - self.initial[k]

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "initial": dict(zip(self.actors, self.initial, strict=True)),
            "projected": dict(zip(self.actors, self.projected, strict=True)),
            "shift": {
                a: p - i for a, i, p in zip(self.actors, self.initial, self.projected, strict=True)
            },
            "susceptibility": dict(zip(self.actors, self.susceptibility, strict=True)),
            "drivers": {
                a: [{"actor": d, "pull": p} for d, p in ds] for a, ds in self.drivers.items()
            },
        }


@dataclass(frozen=True)
class Need:
    """An actor the forecast leaves behind: its need score and the issues it loses on."""

    actor: str
    need: float
    issues: tuple[dict[str, float | str], ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {"actor": self.actor, "need": self.need, "issues": [dict(i) for i in self.issues]}


@dataclass(frozen=True)
class Potential:
    """A weak actor's coalition potential: what it can do as part of coalitions."""

    actor: str
    capability_share: float
    banzhaf: float
    swing_rate: float
    minimal_winning: int
    minimal_blocking: int
    reach: float

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "actor": self.actor,
            "capability_share": self.capability_share,
            "banzhaf": self.banzhaf,
            "swing_rate": self.swing_rate,
            "in_minimal_winning": self.minimal_winning,
            "in_minimal_blocking": self.minimal_blocking,
            "weighted_reach_2": self.reach,
        }


@dataclass(frozen=True, repr=False)
class InfluenceAnalysis(ReprMixin, FrameMixin):
    """Result of :func:`analyze_influence`."""

    title: str
    actors: tuple[str, ...]
    labels: dict[str, str]
    ranking: tuple[ActorInfluence, ...]
    decision_makers: tuple[str, ...]
    paths: tuple[InfluencePath, ...]
    total_influence: dict[str, dict[str, float]]
    projections: tuple[IssueProjection, ...]
    forecast: dict[str, float]
    needs: tuple[Need, ...]
    potential: tuple[Potential, ...]
    minimal_winning_listed: int
    minimal_blocking_listed: int
    enumeration_truncated: bool
    pressure: dict[str, tuple[tuple[str, float], ...]]
    issue_labels: dict[str, str] = field(default_factory=dict)
    susceptibility: str | float = "share"
    forecast_model: str = "weighted_median"
    #: Sources of a sampled betweenness estimate (None: every actor was a source, the exact value).
    betweenness_sources: int | None = None

    def actor(self, actor_id: str) -> ActorInfluence:
        """The ranking entry of one actor."""
        return next(a for a in self.ranking if a.actor == actor_id)

    def projection(self, issue_id: str) -> IssueProjection:
        """The projection on one issue."""
        return next(p for p in self.projections if p.issue == issue_id)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data (the shape documented in ``docs/theory/influence.md``)."""
        return {
            "ranking": [a.actor for a in self.ranking],
            "actors": {a.actor: a.to_dict() for a in self.ranking},
            "decision_makers": list(self.decision_makers),
            "paths": [p.to_dict() for p in self.paths],
            "total_influence": {k: dict(v) for k, v in self.total_influence.items()},
            "projection": {
                "model": "friedkin_johnsen",
                "susceptibility": self.susceptibility,
                "issues": {p.issue: p.to_dict() for p in self.projections},
            },
            "forecast": {"model": self.forecast_model, "issues": dict(self.forecast)},
            "needs": [n.to_dict() for n in self.needs],
            "potential": [p.to_dict() for p in self.potential],
            "hostile_pressure": {
                a: [{"actor": s, "strength": w} for s, w in v] for a, v in self.pressure.items()
            },
            "betweenness": {
                "method": "exact" if self.betweenness_sources is None else "sampled_sources",
                "sources": (
                    len(self.actors)
                    if self.betweenness_sources is None
                    else self.betweenness_sources
                ),
            },
            "enumeration": {
                "minimal_winning_listed": self.minimal_winning_listed,
                "minimal_blocking_listed": self.minimal_blocking_listed,
                "truncated": self.enumeration_truncated,
            },
        }

    def readings(self) -> list[str]:
        """Plain-language findings a practitioner can act on (:mod:`coalitionist.influence.describe`)."""
        from coalitionist.influence.describe import readings

        return readings(self)


class ActorArrays(Protocol):
    """The arrays the analysis reads (a scenario's compiled ``arrays`` has them): rows are actors, columns
    issues."""

    @property
    def actors(self) -> tuple[str, ...]:
        """Actor ids in row order."""
        ...

    @property
    def issues(self) -> tuple[str, ...]:
        """Issue ids in column order."""
        ...

    @property
    def capability(self) -> NDArray[np.float64]:
        """``(n,)`` capabilities."""
        ...

    @property
    def positions(self) -> NDArray[np.float64]:
        """``(n, k)`` positions (the status quo where none is stated)."""
        ...

    @property
    def salience(self) -> NDArray[np.float64]:
        """``(n, k)`` saliences on [0, 1] (0 where no position is stated)."""
        ...

    @property
    def stated(self) -> NDArray[np.bool_]:
        """``(n, k)`` whether a position is stated."""
        ...

    @property
    def low(self) -> NDArray[np.float64]:
        """``(k,)`` low ends of the issue scales."""
        ...

    @property
    def high(self) -> NDArray[np.float64]:
        """``(k,)`` high ends of the issue scales."""
        ...

    @property
    def status_quo(self) -> NDArray[np.float64]:
        """``(k,)`` status quo of each issue."""
        ...


@dataclass(frozen=True)
class InfluenceInputs:
    """What :func:`analyze_influence` reads about a situation.

    Attributes
    ----------
    arrays : ActorArrays
        Capabilities, positions, saliences and scales.
    ties : TieList
        The typed, signed, weighted ties.
    labels, issue_labels : dict of str to str
        Display names of actors and issues (the readings use names, the results ids).
    breakdown : tuple of dict
        Each actor's resources by kind (``resources:``), in row order.
    title : str
    forecast : ndarray, shape (k,), optional
        The forecast the needs are measured against: the brief's one forecast, or the capability ×
        salience weighted-median forecast when already computed
        (:func:`coalitionist.influence.needs.median_forecast`; else that median is computed here).
    forecast_model : str
        What ``forecast`` is, for the JSON (``"weighted_median"`` unless the caller says otherwise).
    """

    arrays: ActorArrays
    ties: TieList
    labels: dict[str, str]
    issue_labels: dict[str, str]
    breakdown: tuple[dict[str, float], ...]
    title: str = ""
    forecast: NDArray[np.float64] | None = None
    forecast_model: str = "weighted_median"


# --------------------------------------------------------------------------------------------------------


def _projections(
    arrays: ActorArrays,
    ties: TieMatrices,
    susceptibility: Susceptibility,
    focus: set[int],
    max_drivers: int,
) -> tuple[IssueProjection, ...]:
    ids = arrays.actors
    out: list[IssueProjection] = []
    groups: dict[bytes, list[int]] = {}
    for k in range(len(arrays.issues)):
        groups.setdefault(np.packbits(arrays.stated[:, k]).tobytes(), []).append(k)
    a_full = ties.influence.tocsr()
    lam_given = None
    if not isinstance(susceptibility, str):
        arr = np.asarray(susceptibility, dtype=float)
        lam_given = arr if arr.ndim == 1 else None
    by_issue: dict[int, IssueProjection] = {}
    for ks in groups.values():
        rows = np.flatnonzero(arrays.stated[:, ks[0]])
        if len(rows) == 0:
            continue
        sub = a_full[rows][:, rows]
        sus: Susceptibility = susceptibility if lam_given is None else lam_given[rows]
        w, lam = influence_weights(sub, sus)
        x0 = arrays.positions[np.ix_(rows, np.asarray(ks, dtype=np.int64))]
        xs = friedkin_johnsen(w, lam, x0)
        shifted = np.flatnonzero(np.abs(xs - x0).max(axis=1) > 1e-9 * arrays.high.max())
        wanted = sorted(
            {int(r) for r in shifted if int(rows[r]) in focus} | set(shifted[:20].tolist())
        )
        v = total_influence(w, lam, wanted) if wanted else np.zeros((0, len(rows)))
        for c, k in enumerate(ks):
            drivers: dict[str, tuple[tuple[str, float], ...]] = {}
            for vr, r in enumerate(wanted):
                pull = v[vr] * (x0[:, c] - x0[r, c])
                order = np.argsort(-np.abs(pull), kind="stable")
                top = [
                    (ids[rows[j]], float(pull[j]))
                    for j in order[:max_drivers]
                    if abs(pull[j]) > 1e-12 and j != r
                ]
                if top:
                    drivers[ids[rows[r]]] = tuple(top)
            by_issue[k] = IssueProjection(
                issue=arrays.issues[k],
                actors=tuple(ids[r] for r in rows),
                susceptibility=tuple(float(x) for x in lam),
                initial=tuple(float(x) for x in x0[:, c]),
                projected=tuple(float(x) for x in xs[:, c]),
                drivers=drivers,
                span=float(arrays.high[k] - arrays.low[k]),
            )
    for k in sorted(by_issue):
        out.append(by_issue[k])
    return tuple(out)


def analyze_influence(
    inputs: InfluenceInputs,
    *,
    rule: Rule,
    power: PowerResult | None = None,
    susceptibility: Susceptibility = "share",
    tolerance: float = DEFAULT_TOLERANCE,
    max_targets: int = 10,
    paths_per_target: int = 5,
    limit: int = DEFAULT_LIMIT,
    minimal_winning_coalitions: Enumerated | None = None,
    minimal_blocking_coalitions: Enumerated | None = None,
    seed: int | None = 0,
) -> InfluenceAnalysis:
    """Who holds influence, how it flows and who needs it.

    Parameters
    ----------
    inputs : InfluenceInputs
        The situation's arrays, ties and names (from a scenario:
        :func:`coalitionist.analyses.influence.influence_inputs`).
    rule : Rule
        The decision rule over the same actors, in row order
        (from a scenario: :func:`coalitionist.analyses.rule.scenario_rule`).
    power : PowerResult, optional
        Power indices already computed for ``rule`` (else computed here).
    susceptibility : "share", float or array
        Friedkin–Johnsen susceptibility (see :func:`coalitionist.influence.friedkin.influence_weights`).
    tolerance : float
        Distance from the forecast (share of the scale) up to which an actor is not losing.
    max_targets : int
        Decision makers (by Banzhaf index) whose incoming influence chains are reported.
    paths_per_target : int
        Strongest chains reported per decision maker.
    limit : int
        Cap on the minimal winning / blocking coalitions enumerated for coalition potential.
    minimal_winning_coalitions, minimal_blocking_coalitions : Enumerated, optional
        Enumerations already made (e.g. by the coalition analysis), reused as they are.
    seed : int or None
        Seed of the two random steps, each taken only when exact is too costly: the power engine's Monte
        Carlo estimate, and the sources of the betweenness estimate above
        :data:`~coalitionist.influence.position.BETWEENNESS_EXACT_MAX` actors (the result states which).

    Returns
    -------
    InfluenceAnalysis
    """
    arrays = inputs.arrays
    ids = arrays.actors
    n = len(ids)
    fp: FormalPower = formal_power(rule, ids, power, seed=seed)
    ties = tie_matrices(inputs.ties)
    a = ties.influence

    cap = np.clip(arrays.capability, 0.0, None)
    cap_share = cap / cap.sum() if cap.sum() > 0 else np.zeros(n)
    out_s, in_s = strengths(a)
    reach, wreach = two_step_reach(a)
    btw_sources = betweenness_sources(n)
    btw = betweenness(a, sources=btw_sources, seed=seed)
    constraint = burt_constraint(ties.contact)
    esize = effective_size(ties.contact)
    _, pressure_in = strengths(ties.pressure)

    parts = {
        "resources": _rel(cap),
        "formal": _rel(fp.banzhaf),
        "network": (_rel(out_s) + _rel(wreach) + _rel(btw)) / 3.0,
    }
    score = (parts["resources"] + parts["formal"] + parts["network"]) / 3.0
    order = np.lexsort((np.arange(n), -score))
    breakdown = inputs.breakdown
    ranking = []
    for rank, i in enumerate(order, start=1):
        p = {k: float(v[i]) for k, v in parts.items()}
        ranking.append(
            ActorInfluence(
                actor=ids[i],
                rank=rank,
                score=float(score[i]),
                main_source=max(PARTS, key=lambda k: p[k]),
                capability=float(cap[i]),
                capability_share=float(cap_share[i]),
                breakdown=breakdown[i],
                banzhaf=float(fp.banzhaf[i]),
                swing_rate=float(fp.swing_rate[i]),
                veto=bool(fp.veto[i]),
                dummy=bool(fp.dummy[i]),
                out_strength=float(out_s[i]),
                in_strength=float(in_s[i]),
                reach=float(reach[i]),
                weighted_reach=float(wreach[i]),
                betweenness=float(btw[i]),
                constraint=_f(constraint[i]),
                effective_size=_f(esize[i]),
                pressure_in=float(pressure_in[i]),
                parts=p,
            )
        )

    # direction: strongest chains into the decision makers, and FJ total influence on them
    dm = np.flatnonzero(~fp.dummy)
    dm = dm[np.lexsort((dm, -fp.banzhaf[dm]))]
    targets = dm[:max_targets]
    sp_ = strongest_paths(a, targets.tolist())
    paths: list[InfluencePath] = []
    for r, t in enumerate(targets):
        row = sp_.strength[r].copy()
        row[t] = 0.0
        for s in np.lexsort((np.arange(n), -row))[:paths_per_target]:
            if row[s] <= 0:
                break
            paths.append(
                InfluencePath(
                    source=ids[s],
                    target=ids[t],
                    strength=float(row[s]),
                    path=tuple(ids[v] for v in sp_.path(r, int(s))),
                )
            )
    w_full, lam_full = influence_weights(
        a,
        susceptibility
        if isinstance(susceptibility, str | float | int)
        else np.asarray(susceptibility),
    )
    v = total_influence(w_full, lam_full, targets.tolist())
    total: dict[str, dict[str, float]] = {}
    for r, t in enumerate(targets):
        row = v[r]
        keep = [j for j in np.lexsort((np.arange(n), -row)) if row[j] > 1e-12][
            : paths_per_target + 1
        ]
        total[ids[t]] = {ids[j]: float(row[j]) for j in keep}

    projections = _projections(arrays, ties, susceptibility, set(targets.tolist()), 5)

    # need
    forecast = (
        median_forecast(cap, arrays.positions, arrays.salience, arrays.stated, arrays.status_quo)
        if inputs.forecast is None
        else inputs.forecast
    )
    need, dist, loses = need_for_influence(
        arrays.positions,
        arrays.salience,
        arrays.stated,
        forecast,
        arrays.low,
        arrays.high,
        tolerance=tolerance,
    )
    needs = []
    for i in np.lexsort((np.arange(n), -need)):
        if need[i] <= 0:
            break
        needs.append(
            Need(
                actor=ids[i],
                need=float(need[i]),
                issues=tuple(
                    {
                        "issue": arrays.issues[k],
                        "position": float(arrays.positions[i, k]),
                        "forecast": float(forecast[k]),
                        "distance": float(dist[i, k]),
                        "salience": float(arrays.salience[i, k]),
                    }
                    for k in np.argsort(-(arrays.salience[i] * dist[i]), kind="stable")
                    if loses[i, k]
                ),
            )
        )

    # coalition potential of the weak
    mwc = (
        minimal_winning(rule, limit)
        if minimal_winning_coalitions is None
        else minimal_winning_coalitions
    )
    mbc = (
        minimal_blocking(rule, limit)
        if minimal_blocking_coalitions is None
        else minimal_blocking_coalitions
    )
    in_mwc = mwc.masks(n).sum(axis=0)
    in_mbc = mbc.masks(n).sum(axis=0)
    top_cap = cap.max() if n else 0.0
    weak = np.flatnonzero(cap < WEAK_SHARE * top_cap) if top_cap > 0 else np.arange(0)
    potential = tuple(
        Potential(
            actor=ids[i],
            capability_share=float(cap_share[i]),
            banzhaf=float(fp.banzhaf[i]),
            swing_rate=float(fp.swing_rate[i]),
            minimal_winning=int(in_mwc[i]),
            minimal_blocking=int(in_mbc[i]),
            reach=float(wreach[i]),
        )
        for i in weak[np.lexsort((weak, -fp.banzhaf[weak]))]
    )

    pcsc = ties.pressure.tocsc()
    pressure: dict[str, tuple[tuple[str, float], ...]] = {}
    for i in range(n):
        lo, hi = pcsc.indptr[i], pcsc.indptr[i + 1]
        if hi > lo:
            src, val = pcsc.indices[lo:hi], pcsc.data[lo:hi]
            o = np.lexsort((src, -val))
            pressure[ids[i]] = tuple((ids[src[j]], float(val[j])) for j in o)

    return InfluenceAnalysis(
        title=inputs.title,
        actors=ids,
        labels=dict(inputs.labels),
        ranking=tuple(ranking),
        decision_makers=tuple(ids[i] for i in dm),
        paths=tuple(paths),
        total_influence=total,
        projections=projections,
        forecast={arrays.issues[k]: float(forecast[k]) for k in range(len(arrays.issues))},
        needs=tuple(needs),
        potential=potential,
        minimal_winning_listed=len(mwc.coalitions),
        minimal_blocking_listed=len(mbc.coalitions),
        enumeration_truncated=mwc.truncated or mbc.truncated,
        pressure=pressure,
        issue_labels=dict(inputs.issue_labels),
        forecast_model="weighted_median" if inputs.forecast is None else inputs.forecast_model,
        susceptibility=(
            susceptibility
            if isinstance(susceptibility, str)
            else float(np.asarray(susceptibility, dtype=float))
            if np.ndim(susceptibility) == 0
            else "per_actor"
        ),
        betweenness_sources=None if btw_sources >= n else btw_sources,
    )
