"""Every estimate in a scenario, as a vector: what a sweep draws and a sensitivity analysis varies.

An *estimate* is a number the analyst judged: an actor's capability, a position or salience, a tie's
weight, a recruitment probability, cost, failure cost or value, a process effect, the goal's value (and the
less used resources, discount rates, risk aversions and beliefs). The decision rule (votes, vetoes,
quotas) and the issues' scales are facts of the case, not estimates, and never vary.

Each estimate has a *range*:

* an uncertain value (``{dist: …}`` in the file) varies over its distribution: a sweep draws it with
  :meth:`Uncertain.sample <coalitionist.scenario.values.Uncertain.sample>` (the same sampler as the
  forecast Monte Carlo), a sensitivity design maps a uniform ``u`` through its quantile function, and its
  one-at-a-time swing runs from its 5 % to its 95 % quantile;
* a plain number varies only when a perturbation band ``PCT`` is given (``--perturb PCT``): uniformly
  within ± PCT % of its *range of meaning* — positions by PCT % of the issue's scale, saliences by PCT %
  of the salience scale, probabilities, tie weights and beliefs by PCT percentage points (clipped to
  their bounds), and capabilities, costs, values, effects, resources, discount rates and risk aversions
  by ± PCT % of their own size. Its swing runs across the whole band.

:func:`scenario_estimates` lists them; :func:`apply_estimates` writes one vector of values into a copy of
the scenario (a *variant*) that every analysis reads as it reads the file.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coalitionist.scenario.compile import WordTable, resolve
from coalitionist.scenario.model import Scenario
from coalitionist.scenario.values import Uncertain, Word
from coalitionist.wording import possessive

__all__ = [
    "Estimate",
    "apply_estimates",
    "draw_estimates",
    "estimate_quantiles",
    "scenario_estimates",
]

#: How each kind of estimate is perturbed: "scale" (a share of a range), "relative" (of its size).
_BAND = {
    "capability": "relative",
    "resource": "relative",
    "position": "scale",
    "salience": "scale",
    "weight": "scale",
    "p": "scale",
    "belief": "scale",
    "cost": "relative",
    "failure_cost": "relative",
    "value": "relative",
    "effect": "relative",
    "goal_value": "relative",
    "discount_rate": "relative",
    "risk_aversion": "relative",
}


@dataclass(frozen=True)
class Estimate:
    """One estimate of the scenario.

    Attributes
    ----------
    key : str
        Its id in JSON, e.g. ``p[saudi]``, ``position[uk][force]``, ``weight[uk>usa]``.
    label : str
        What a reader sees: "Saudi Arabia's p (recruitment)", "United Kingdom's position on …".
    kind : str
        ``capability``, ``position``, ``salience``, ``weight``, ``p``, ``cost``, …
    path : tuple
        Where it sits in the scenario's data (keys and list indices).
    point : float
        The point estimate (the file's number, the distribution's point).
    low, high : float
        The range it varies over in a sweep (equal to ``point`` when it does not vary).
    bounds : tuple of float
        Values it may never leave (e.g. a probability's [0, 1], an issue's scale).
    dist : Uncertain or None
        Its distribution, when the file gives one.
    """

    key: str
    label: str
    kind: str
    path: tuple[Any, ...]
    point: float
    low: float
    high: float
    bounds: tuple[float, float]
    dist: Uncertain | None = None

    @property
    def varies(self) -> bool:
        """Whether a sweep changes it."""
        return self.dist is not None or self.high > self.low

    def sample(self, rng: np.random.Generator) -> float:
        """One draw: from the distribution, or uniform over the band."""
        if self.dist is not None:
            v = float(self.dist.sample(rng))
        elif self.high > self.low:
            v = float(rng.uniform(self.low, self.high))
        else:
            return self.point
        return min(max(v, self.bounds[0]), self.bounds[1])

    def ppf(self, u: NDArray[np.float64]) -> NDArray[np.float64]:
        """The value at quantile ``u`` (for quasi-random sensitivity designs)."""
        u = np.clip(np.asarray(u, dtype=float), 0.0, 1.0)
        if self.dist is None:
            out = self.low + u * (self.high - self.low)
        else:
            out = _dist_ppf(self.dist, u)
        return np.clip(out, self.bounds[0], self.bounds[1])

    def swing(self) -> tuple[float, float]:
        """The two ends of its one-at-a-time swing (5 % / 95 % quantiles for a distribution)."""
        if self.dist is None:
            return self.low, self.high
        lo, hi = self.ppf(np.array([0.05, 0.95]))
        return float(lo), float(hi)


def _dist_ppf(d: Uncertain, u: NDArray[np.float64]) -> NDArray[np.float64]:
    from scipy import stats  # type: ignore[import-untyped]

    f = {k: float(v) for k, v in d.__dict__.items() if isinstance(v, int | float)}
    if d.dist == "uniform":
        return f["low"] + u * (f["high"] - f["low"])
    if d.dist == "triangular":
        lo, mode, hi = f["low"], f["mode"], f["high"]
        if hi == lo:
            return np.full(u.shape, lo)
        c = (mode - lo) / (hi - lo)
        return np.asarray(stats.triang.ppf(u, c, loc=lo, scale=hi - lo), dtype=float)
    if d.dist == "normal":
        lo, hi = d.support
        if f["sd"] == 0:
            return np.full(u.shape, min(max(f["mean"], lo), hi))
        x = stats.norm.ppf(np.clip(u, 1e-9, 1 - 1e-9), f["mean"], f["sd"])
        return np.clip(np.asarray(x, dtype=float), lo, hi)  # clipped, as Uncertain.sample does
    lo, hi = d.support
    return lo + (hi - lo) * np.asarray(stats.beta.ppf(u, f["alpha"], f["beta"]), dtype=float)


def _band(kind: str, point: float, pct: float, span: float) -> tuple[float, float]:
    if pct <= 0:
        return point, point
    half = pct / 100.0 * (span if _BAND[kind] == "scale" else abs(point))
    return point - half, point + half


def scenario_estimates(scenario: Scenario, perturb: float = 0.0) -> tuple[Estimate, ...]:
    """Every estimate of ``scenario``, in file order, with its range under a ``perturb`` % band.

    Parameters
    ----------
    scenario : Scenario
    perturb : float
        Half-width of the band around point estimates, in percent (0: only uncertain values vary).

    Returns
    -------
    tuple of Estimate
        Every estimate (those that do not vary included; see :attr:`Estimate.varies`).
    """
    table = WordTable.of(scenario)
    ss = scenario.salience_scale
    labels = {a.id: a.label for a in scenario.actors}
    out: list[Estimate] = []

    def add(
        key: str,
        label: str,
        kind: str,
        path: tuple[Any, ...],
        value: float | Uncertain | Word,
        bounds: tuple[float, float],
        span: float = 1.0,
        *,
        level: str = "level",
        issue: Any = None,
    ) -> None:
        if isinstance(value, Word) and value.strip().lower() == "auto":
            return
        point = resolve(value, table, level, issue=issue, salience_scale=ss)
        dist = value if isinstance(value, Uncertain) else None
        if dist is not None:
            lo, hi = point, point
        else:
            lo, hi = _band(kind, point, perturb, span)
            lo, hi = max(lo, bounds[0]), min(hi, bounds[1])
        out.append(Estimate(key, label, kind, path, point, lo, hi, bounds, dist))

    inf = math.inf
    for i, a in enumerate(scenario.actors):
        name = labels[a.id]
        add(
            f"capability[{a.id}]",
            f"{name}'s capability",
            "capability",
            ("actors", i, "capability"),
            a.capability,
            (0.0, inf),
        )
        for r, v in a.resources.items():
            add(
                f"resource[{a.id}][{r}]",
                f"{name}'s {r}",
                "resource",
                ("actors", i, "resources", r),
                v,
                (0.0, inf),
            )
        if a.discount_rate is not None:
            add(
                f"discount_rate[{a.id}]",
                f"{name}'s discount rate",
                "discount_rate",
                ("actors", i, "discount_rate"),
                a.discount_rate,
                (0.0, 0.999999),
            )
        if a.risk_aversion is not None:
            add(
                f"risk_aversion[{a.id}]",
                f"{name}'s risk aversion",
                "risk_aversion",
                ("actors", i, "risk_aversion"),
                a.risk_aversion,
                (0.0, inf),
            )
        for ev, v in a.beliefs.items():
            add(
                f"belief[{a.id}][{ev}]",
                f"{name}'s belief in {ev}",
                "belief",
                ("actors", i, "beliefs", ev),
                v,
                (0.0, 1.0),
            )
    for actor_id, row in scenario.positions.items():
        name = labels.get(actor_id, actor_id)
        for issue_id, stance in row.items():
            issue = scenario.issue(issue_id)
            lo, hi = issue.scale
            add(
                f"position[{actor_id}][{issue_id}]",
                f"{possessive(name)} position on {issue.label}",
                "position",
                ("positions", actor_id, issue_id, "position"),
                stance.position,
                (lo, hi),
                hi - lo,
                level="position",
                issue=issue,
            )
            if stance.salience is not None:
                add(
                    f"salience[{actor_id}][{issue_id}]",
                    f"{possessive(name)} salience on {issue.label}",
                    "salience",
                    ("positions", actor_id, issue_id, "salience"),
                    stance.salience,
                    (0.0, ss),
                    ss,
                    level="salience",
                )
    for k, tie in enumerate(scenario.relationships):
        add(
            f"weight[{tie.source}>{tie.target}]",
            f"the {tie.type} tie {labels.get(tie.source, tie.source)} → "
            f"{labels.get(tie.target, tie.target)}",
            "weight",
            ("relationships", k, "weight"),
            tie.weight,
            (0.0, 1.0),
        )
    rec = scenario.recruitment
    if rec is not None:
        add(
            "goal_value",
            "the goal's value",
            "goal_value",
            ("recruitment", "goal_value"),
            rec.goal_value,
            (-inf, inf),
        )
        for actor_id, cand in rec.actors.items():
            name = labels.get(actor_id, actor_id)
            base = ("recruitment", "actors", actor_id)
            add(
                f"p[{actor_id}]",
                f"{possessive(name)} p (chance an approach succeeds)",
                "p",
                (*base, "p"),
                cand.p,
                (0.0, 1.0),
            )
            add(
                f"value[{actor_id}]",
                f"{possessive(name)} value",
                "value",
                (*base, "value"),
                cand.value,
                (-inf, inf),
            )
            add(
                f"cost[{actor_id}]",
                f"{possessive(name)} approach cost",
                "cost",
                (*base, "cost"),
                cand.cost,
                (0.0, inf),
            )
            add(
                f"failure_cost[{actor_id}]",
                f"{name}'s failure cost",
                "failure_cost",
                (*base, "failure_cost"),
                cand.failure_cost,
                (0.0, inf),
            )
        for k, eff in enumerate(rec.effects):
            verb = "joins" if eff.joins else "refuses"
            for other, v in eff.then.items():
                add(
                    f"effect[{eff.when}:{verb}>{other}]",
                    f"the effect on {labels.get(other, other)} when "
                    f"{labels.get(eff.when, eff.when)} {verb}",
                    "effect",
                    ("recruitment", "effects", k, "then", other),
                    v,
                    (-1.0, 1.0),
                )
    return tuple(out)


def draw_estimates(estimates: Sequence[Estimate], rng: np.random.Generator) -> NDArray[np.float64]:
    """One draw of every estimate (in order; those that do not vary keep their point and use no draw)."""
    return np.array([e.sample(rng) if e.varies else e.point for e in estimates], dtype=float)


def estimate_quantiles(
    estimates: Sequence[Estimate], u: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Values at quantiles ``u`` (shape ``(k, len(estimates))``), column by column."""
    u = np.atleast_2d(np.asarray(u, dtype=float))
    return np.column_stack([e.ppf(u[:, j]) for j, e in enumerate(estimates)])


def apply_estimates(
    scenario: Scenario, estimates: Sequence[Estimate], values: Sequence[float] | NDArray[np.float64]
) -> Scenario:
    """A copy of ``scenario`` with each estimate set to its value (words and distributions replaced)."""
    data = scenario.model_dump(mode="python")
    for est, v in zip(estimates, values, strict=True):
        node: Any = data
        for step in est.path[:-1]:
            node = node[step]
        node[est.path[-1]] = float(v)
    return Scenario.model_validate(data)
