"""From a scenario and the brief's sections to the plain data each figure draws.

Each ``*_data`` function reads the scenario and the ``data`` of sections already built (by key:
``scenario``, ``power``, ``influence``, ``forecast``, ``trades``, ``coalitions``, ``plan``) and returns the
figure's inputs, or None when the figure does not apply (no issues, no ties, no second actor…).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from coalitionist.brief import Section
from coalitionist.report.figures.influence_map import MapActor, MapTie
from coalitionist.report.figures.pareto import Mark, pareto_front
from coalitionist.report.figures.positions import IssuePanel, Stance
from coalitionist.report.figures.power_interest import GridActor
from coalitionist.report.figures.trajectory import TrajectoryPanel
from coalitionist.scenario.compile import WordTable, resolve
from coalitionist.scenario.model import Scenario

#: Packages enumerated exactly for the Pareto figure; larger spaces are sampled.
MAX_PACKAGES = 200_000
#: Packages drawn when the space is larger than :data:`MAX_PACKAGES`.
SAMPLE_PACKAGES = 20_000


def section_data(sections: Sequence[Section], key: str) -> dict[str, Any] | None:
    """The ``data`` of the section with this key (unwrapping ``{key: {...}}``), or None."""
    for s in sections:
        if s.key == key:
            data = s.data
            inner = data.get(key) if isinstance(data, Mapping) else None
            if isinstance(inner, Mapping) and len(data) <= 2:
                return dict(inner)
            return dict(data)
    return None


def main_issue(scenario: Scenario, sections: Sequence[Section]) -> int | None:
    """Index of the main issue: the coalition analysis's choice when it has run, else the first issue."""
    if not scenario.issues:
        return None
    coalitions = section_data(sections, "coalitions")
    chosen = coalitions.get("main_issue") if coalitions else None
    if isinstance(chosen, str) and chosen in scenario.issue_index:
        return scenario.issue_index[chosen]
    return 0


def influence_scores(sections: Sequence[Section]) -> dict[str, float] | None:
    """Each actor's influence score from the influence section, if it has run."""
    data = section_data(sections, "influence")
    actors = data.get("actors") if data else None
    if not isinstance(actors, Mapping):
        return None
    scores = {}
    for actor_id, row in actors.items():
        if isinstance(row, Mapping) and isinstance(row.get("score"), int | float):
            scores[str(actor_id)] = float(row["score"])
    return scores or None


def coalition_members(sections: Sequence[Section]) -> tuple[set[str], set[str]]:
    """Members of the likely (favourable) and of the adverse coalition, from the coalitions section."""
    data = section_data(sections, "coalitions")
    if not data:
        return set(), set()
    favourable = data.get("favorable") or data.get("favourable")
    if not favourable:
        likely = data.get("likely") or []
        favourable = likely[0] if likely else None
    adverse = data.get("adverse")
    fav = set(favourable.get("members", [])) if isinstance(favourable, Mapping) else set()
    adv = set(adverse.get("members", [])) if isinstance(adverse, Mapping) else set()
    return fav, adv


@dataclass(frozen=True)
class MapData:
    """Inputs of :func:`~coalitionist.report.figures.influence_map.influence_map_svg`."""

    actors: tuple[MapActor, ...]
    ties: tuple[MapTie, ...]
    issue_label: str
    scale: tuple[float, float]
    scale_labels: dict[float, str]
    size_label: str


def map_data(scenario: Scenario, sections: Sequence[Section]) -> MapData | None:
    """The influence map's data; None without ties."""
    if not scenario.relationships or len(scenario.actors) < 2:
        return None
    arrays = scenario.arrays
    k = main_issue(scenario, sections)
    scores = influence_scores(sections)
    coalition, adverse = coalition_members(sections)
    actors = []
    for i, a in enumerate(scenario.actors):
        size = scores.get(a.id, 0.0) if scores else float(arrays.capability[i])
        position = float(arrays.positions[i, k]) if k is not None and arrays.stated[i, k] else None
        actors.append(
            MapActor(
                a.id,
                a.label,
                size,
                position,
                focal=a.id == scenario.focal,
                coalition=a.id in coalition,
                adverse=a.id in adverse,
            )
        )
    table = WordTable.of(scenario)
    ties = tuple(
        MapTie(
            t.source,
            t.target,
            t.type,
            resolve(t.weight, table),
            t.effective_sign,
            t.is_mutual,
        )
        for t in scenario.relationships
    )
    issue = scenario.issues[k] if k is not None else None
    return MapData(
        tuple(actors),
        ties,
        issue.label if issue else "",
        (float(issue.scale[0]), float(issue.scale[1])) if issue else (0.0, 1.0),
        _value_words(scenario, k) if k is not None else {},
        "influence score" if scores else "capability",
    )


def _value_words(scenario: Scenario, k: int) -> dict[float, str]:
    """The words for values of issue ``k``: its labels and its options (an unlabelled option maps to its
    number, so that it still gets a tick)."""
    issue = scenario.issues[k]
    words = {float(v): str(t) for v, t in issue.labels.items()}
    for v in issue.option_values or ():
        words.setdefault(float(v), issue.option_label(v))
    return words


def issue_title(scenario: Scenario, k: int) -> str:
    """The issue's name with its unit, if any."""
    issue = scenario.issues[k]
    return f"{issue.label} ({issue.unit})" if issue.unit else issue.label


@dataclass(frozen=True)
class GridData:
    """Inputs of :func:`~coalitionist.report.figures.power_interest.power_interest_svg`."""

    actors: tuple[GridActor, ...]
    power_label: str
    interest_label: str
    scale: tuple[float, float]
    scale_labels: dict[float, str]


def grid_data(scenario: Scenario, sections: Sequence[Section]) -> GridData | None:
    """The power–interest grid's data; None without issues or stated positions.

    Power is the ability to affect the decision, formal or informal: the larger of the actor's voting power
    (Banzhaf index, relative to the largest) and its influence score (relative to the largest) when the
    influence analysis has run, else its capability (relative to the largest). A veto holder thus always
    counts as powerful, and so does an actor with large resources but no vote.
    """
    k = main_issue(scenario, sections)
    if k is None or len(scenario.actors) < 2:
        return None
    arrays = scenario.arrays
    if not arrays.stated[:, k].any():
        return None
    banzhaf: dict[str, float] = {}
    data = section_data(sections, "power")
    if data:
        raw = (data.get("indices") or {}).get("banzhaf") or {}
        top_b = max((float(v) for v in raw.values() if v is not None), default=0.0)
        if top_b > 0:
            banzhaf = {a: float(v) / top_b for a, v in raw.items() if v is not None}
    scores = influence_scores(sections)
    if scores:
        top = max(scores.values()) or 1.0
        informal = {a: v / top for a, v in scores.items()}
        what = "influence score"
    else:
        cap = arrays.capability
        cap_top = float(cap.max()) or 1.0
        informal = {a.id: float(cap[i]) / cap_top for i, a in enumerate(scenario.actors)}
        what = "capability"
    power = {a.id: max(informal.get(a.id, 0.0), banzhaf.get(a.id, 0.0)) for a in scenario.actors}
    label = (
        f"power: voting power or {what}, whichever is larger (each relative to the strongest)"
        if banzhaf
        else f"power: {what} (relative to the strongest)"
    )
    issue = scenario.issues[k]
    actors = tuple(
        GridActor(
            a.id,
            a.label,
            power.get(a.id, 0.0),
            float(arrays.salience[i, k]),
            float(arrays.positions[i, k]),
            focal=a.id == scenario.focal,
        )
        for i, a in enumerate(scenario.actors)
        if arrays.stated[i, k]
    )
    return GridData(
        actors,
        label,
        f"interest: salience on “{issue.label}”",
        (float(issue.scale[0]), float(issue.scale[1])),
        _value_words(scenario, k),
    )


def positions_data(scenario: Scenario, sections: Sequence[Section]) -> list[IssuePanel] | None:
    """One panel per issue with stated positions, with the forecast section's marks when it has run."""
    if not scenario.issues:
        return None
    arrays = scenario.arrays
    forecast = section_data(sections, "forecast")
    result = (forecast or {}).get("forecast") or {}
    predicted = result.get("forecast") or {}
    median = (forecast or {}).get("median") or {}
    model = str((forecast or {}).get("model") or result.get("model") or "")
    panels = []
    for k, issue in enumerate(scenario.issues):
        stances = tuple(
            Stance(
                a.id,
                a.label,
                float(arrays.positions[i, k]),
                float(arrays.salience[i, k]),
                float(arrays.capability[i]),
                a.id == scenario.focal,
            )
            for i, a in enumerate(scenario.actors)
            if arrays.stated[i, k]
        )
        if not stances:
            continue
        f = predicted.get(issue.id)
        m = median.get(issue.id)
        panels.append(
            IssuePanel(
                issue.id,
                issue_title(scenario, k),
                (float(issue.scale[0]), float(issue.scale[1])),
                float(issue.status_quo_value),
                stances,
                _value_words(scenario, k),
                float(f) if isinstance(f, int | float) else None,
                float(m) if isinstance(m, int | float) else None,
                model,
            )
        )
    return panels or None


def trajectory_data(
    scenario: Scenario, sections: Sequence[Section], highlight: int = 5
) -> tuple[list[TrajectoryPanel], str] | None:
    """Per issue, every actor's position at each turn of the forecast model (SMP or BDM), with the focal
    actor and the biggest movers highlighted; None when the model recorded fewer than two turns."""
    forecast = section_data(sections, "forecast")
    result = (forecast or {}).get("forecast") or {}
    history = result.get("history") or []
    if len(history) < 2 or not scenario.issues:
        return None
    dims = list(result.get("dimensions") or [s.id for s in scenario.issues])
    names = {a.id: a.label for a in scenario.actors}
    predicted = result.get("forecast") or {}
    panels = []
    for issue in scenario.issues:
        if issue.id not in dims:
            continue
        d = dims.index(issue.id)
        series: dict[str, list[float]] = {}
        for turn in history:
            for actor, pos in (turn.get("positions") or {}).items():
                value = pos[d] if isinstance(pos, Sequence) else pos
                series.setdefault(actor, []).append(float(value))
        k = scenario.issue_index[issue.id]
        stated = {a.id for i, a in enumerate(scenario.actors) if scenario.arrays.stated[i, k]}
        series = {a: v for a, v in series.items() if a in stated}
        if not series:
            continue
        moved = sorted(series, key=lambda a: (-abs(series[a][-1] - series[a][0]), a))
        chosen = [scenario.focal] if scenario.focal in series else []
        chosen += [a for a in moved if a not in chosen and abs(series[a][-1] - series[a][0]) > 0][
            : highlight - len(chosen)
        ]
        f = predicted.get(issue.id)
        panels.append(
            TrajectoryPanel(
                issue.id,
                issue_title(scenario, k),
                (float(issue.scale[0]), float(issue.scale[1])),
                float(issue.status_quo_value),
                series,
                names,
                tuple(chosen),
                scenario.focal,
                None,
                float(f) if isinstance(f, int | float) else None,
            )
        )
    if not panels:
        return None
    return panels, str(result.get("model") or "")


@dataclass(frozen=True)
class ParetoData:
    """Inputs of :func:`~coalitionist.report.figures.pareto.pareto_svg`."""

    actor_a: str
    actor_b: str
    a_label: str
    b_label: str
    points: tuple[tuple[float, float], ...]
    frontier: tuple[tuple[float, float], ...]
    marks: tuple[Mark, ...]
    sampled: bool
    space: int


def choose_pair(scenario: Scenario, candidates: Sequence[str]) -> tuple[str, str] | None:
    """The two actors whose frontier to draw, among ``candidates`` (the decision makers).

    With a focal actor among them: the focal actor and its main counterpart, the candidate with the most at
    stake against it (capability × Σ salience × distance from the focal actor's position, over issues).
    Otherwise the two candidates with the largest capability × Σ salience.
    """
    if len(candidates) < 2:
        return None
    arrays = scenario.arrays
    span = np.where(arrays.high > arrays.low, arrays.high - arrays.low, 1.0)
    weight = {
        a: float(arrays.capability[scenario.actor_index[a]])
        * float(arrays.salience[scenario.actor_index[a]].sum())
        for a in candidates
    }
    focal = scenario.focal
    if focal is not None and focal in candidates:
        f = scenario.actor_index[focal]

        def stake(a: str) -> float:
            i = scenario.actor_index[a]
            both = arrays.stated[i] & arrays.stated[f]
            gap = np.abs(arrays.positions[i] - arrays.positions[f]) / span
            return float(arrays.capability[i] * np.sum(arrays.salience[i] * gap * both))

        others = [a for a in candidates if a != focal]
        best = max(others, key=lambda a: (stake(a), weight[a], a))
        return focal, best
    top = sorted(candidates, key=lambda a: (-weight[a], a))[:2]
    return top[0], top[1]


def _describe(scenario: Scenario, package: Mapping[str, Any]) -> str:
    parts = []
    for issue_id, value in package.items():
        text = f"{value:g}" if isinstance(value, int | float) else str(value)
        parts.append(f"{issue_id} {text}")
    return "; ".join(parts)


def pareto_data(
    scenario: Scenario, sections: Sequence[Section], *, seed: int = 0
) -> ParetoData | None:
    """The two actors' package utilities, frontier and marked packages; None without a trades section."""
    from coalitionist.analyses.trades import trade_inputs
    from coalitionist.trades import compile_tables

    trades = section_data(sections, "trades")
    if not trades:
        return None
    candidates = [a for a in trades.get("actors") or [] if a in scenario.actor_index]
    pair = choose_pair(scenario, candidates)
    if pair is None:
        return None
    a, b = pair
    inputs = trade_inputs(scenario, actors=[a, b])
    if len(inputs.actors) < 2:
        return None
    ia, ib = inputs.actors.index(a), inputs.actors.index(b)
    tables = compile_tables(inputs)
    per_issue = tables.float_tables()  # (m_k, n) per issue
    sizes = [t.shape[0] for t in per_issue]
    space = int(np.prod(sizes, dtype=object))
    sampled = space > MAX_PACKAGES
    if sampled:
        rng = np.random.default_rng(seed)
        choices = np.stack([rng.integers(0, m, SAMPLE_PACKAGES) for m in sizes], axis=1)
    else:
        grids = np.indices(sizes).reshape(len(sizes), -1).T
        choices = grids
    utils = np.zeros((choices.shape[0], 2))
    for k, t in enumerate(per_issue):
        utils[:, 0] += t[choices[:, k], ia]
        utils[:, 1] += t[choices[:, k], ib]
    points = [(float(x), float(y)) for x, y in utils]
    frontier = pareto_front(points)
    d = (float(tables.no_deal[ia]), float(tables.no_deal[ib]))
    names = {x.id: x.label for x in scenario.actors}
    marks = [Mark("no_deal", d[0], d[1], _status_quo_words(scenario))]
    for role, key in (("compromise", "compromise"), ("nash", "nash")):
        pkg = trades.get(key)
        if isinstance(pkg, Mapping) and isinstance(pkg.get("utilities"), Mapping):
            u = pkg["utilities"]
            if a in u and b in u:
                marks.append(
                    Mark(
                        role,
                        float(u[a]),
                        float(u[b]),
                        _describe(scenario, pkg.get("package") or {}),
                    )
                )
    gains = (utils[:, 0] - d[0]) * (utils[:, 1] - d[1])
    both = (utils[:, 0] > d[0] + 1e-12) & (utils[:, 1] > d[1] + 1e-12)
    if both.any():
        score = np.where(both, gains, -np.inf)
        best = float(score.max())
        ties = np.flatnonzero(score >= best - 1e-12)
        r = int(ties[np.argmax(utils[ties].sum(axis=1))])
        package = {
            inputs.issues[k]: inputs.option_label(k, int(choices[r, k])) for k in range(len(sizes))
        }
        marks.append(
            Mark(
                "nash_pair",
                float(utils[r, 0]),
                float(utils[r, 1]),
                _describe(scenario, package),
            )
        )
    # Thin the cloud for drawing: duplicates add nothing.
    unique = sorted(set(points))
    return ParetoData(
        a, b, names[a], names[b], tuple(unique), tuple(frontier), tuple(marks), sampled, space
    )


def _status_quo_words(scenario: Scenario) -> str:
    return "; ".join(f"{s.id} {s.option_label(s.status_quo_value)}" for s in scenario.issues)


__all__ = [
    "GridData",
    "MapData",
    "ParetoData",
    "choose_pair",
    "coalition_members",
    "grid_data",
    "influence_scores",
    "main_issue",
    "map_data",
    "pareto_data",
    "positions_data",
    "section_data",
    "trajectory_data",
]
