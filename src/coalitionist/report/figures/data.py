"""From a scenario and the brief's sections to the plain data each figure draws.

Each ``*_data`` function reads the scenario and the typed ``result`` of the sections already built
(:class:`~coalitionist.analyses.power.ScenarioGame`, :class:`~coalitionist.influence.InfluenceAnalysis`,
:class:`~coalitionist.analyses.forecast.ForecastBrief`, :class:`~coalitionist.analyses.trades.TradesBrief`,
:class:`~coalitionist.coalitions.CoalitionAnalysis`, :class:`~coalitionist.analyses.strategy.StrategyResult`)
and returns the figure's inputs, or None when the figure does not apply (no issues, no ties, no second
actor…). Nothing here runs an analysis: what a figure shows was computed by the brief's pipeline.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from coalitionist.analyses.forecast import ForecastBrief
from coalitionist.analyses.power import ScenarioGame
from coalitionist.analyses.trades import (
    MAX_PACKAGES,
    SAMPLE_PACKAGES,
    TradesBrief,
    choose_pair,
)
from coalitionist.brief import Section
from coalitionist.coalitions import CoalitionAnalysis
from coalitionist.influence import InfluenceAnalysis
from coalitionist.report.figures.influence_map import MapActor, MapTie
from coalitionist.report.figures.pareto import Mark, pareto_front
from coalitionist.report.figures.positions import IssuePanel, Stance
from coalitionist.report.figures.power_interest import GridActor
from coalitionist.report.figures.trajectory import TrajectoryPanel
from coalitionist.scenario.model import Scenario

T = TypeVar("T")


def section_result(sections: Sequence[Section], key: str, kind: type[T]) -> T | None:
    """The typed result of the section with this key, when it is a ``kind``; else None."""
    for s in sections:
        if s.key == key:
            return s.result if isinstance(s.result, kind) else None
    return None


def main_issue(scenario: Scenario, sections: Sequence[Section]) -> int | None:
    """Index of the main issue: the coalition analysis's choice when it has run, else the first issue."""
    if not scenario.issues:
        return None
    coalitions = section_result(sections, "coalitions", CoalitionAnalysis)
    chosen = coalitions.main_issue if coalitions is not None else None
    if chosen is not None and chosen in scenario.issue_index:
        return scenario.issue_index[chosen]
    return 0


def influence_scores(sections: Sequence[Section]) -> dict[str, float] | None:
    """Each actor's influence score from the influence section, if it has run."""
    result = section_result(sections, "influence", InfluenceAnalysis)
    if result is None:
        return None
    return {a.actor: float(a.score) for a in result.ranking} or None


def coalition_members(sections: Sequence[Section]) -> tuple[set[str], set[str]]:
    """Members of the likely (favourable) and of the adverse coalition, from the coalitions section."""
    result = section_result(sections, "coalitions", CoalitionAnalysis)
    if result is None:
        return set(), set()
    favourable = result.favorable or (result.likely[0] if result.likely else None)
    fav = set(favourable.members) if favourable is not None else set()
    adv = set(result.adverse.members) if result.adverse is not None else set()
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
    compiled = arrays.ties
    ids = arrays.actors
    ties = tuple(
        MapTie(
            ids[int(compiled.source[t])],
            ids[int(compiled.target[t])],
            compiled.kind[t],
            float(compiled.weight[t]),
            int(compiled.sign[t]),
            bool(compiled.mutual[t]),
        )
        for t in range(compiled.m)
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
    game = section_result(sections, "power", ScenarioGame)
    if game is not None:
        raw = game.power.indices.get("banzhaf") or {}
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
    forecast = section_result(sections, "forecast", ForecastBrief)
    predicted: dict[str, float] = {}
    median: dict[str, float] = {}
    model = ""
    if forecast is not None:
        predicted = _by_dimension(forecast.result)
        median = _by_dimension(forecast.median)
        model = forecast.result.model
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
    forecast = section_result(sections, "forecast", ForecastBrief)
    if forecast is None or len(forecast.result.history) < 2 or not scenario.issues:
        return None
    result = forecast.result
    dims = list(result.dimensions)
    names = {a.id: a.label for a in scenario.actors}
    predicted = _by_dimension(result)
    panels = []
    for issue in scenario.issues:
        if issue.id not in dims:
            continue
        d = dims.index(issue.id)
        series: dict[str, list[float]] = {}
        for state in result.history:
            for i, actor in enumerate(result.actors):
                series.setdefault(actor, []).append(float(state.positions[i, d]))
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
    return panels, result.model


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


def _describe(scenario: Scenario, package: Mapping[str, Any]) -> str:
    parts = []
    for issue_id, value in package.items():
        text = f"{value:g}" if isinstance(value, int | float) else str(value)
        parts.append(f"{issue_id} {text}")
    return "; ".join(parts)


def pareto_data(
    scenario: Scenario, sections: Sequence[Section], *, seed: int = 0
) -> ParetoData | None:
    """The two actors' package utilities, frontier and marked packages (from the trades section's
    :class:`~coalitionist.analyses.trades.PairFrontier`); None without a trades section or a pair.
    ``seed`` is kept for compatibility: the pipeline drew the sample (seed 0)."""
    trades = section_result(sections, "trades", TradesBrief)
    if trades is None or trades.pair is None:
        return None
    pair = trades.pair
    a, b = pair.actor_a, pair.actor_b
    points = [(float(x), float(y)) for x, y in pair.points]
    frontier = pareto_front(points)
    names = {x.id: x.label for x in scenario.actors}
    marks = [Mark("no_deal", pair.no_deal[0], pair.no_deal[1], _status_quo_words(scenario))]
    for role, pkg in (("compromise", trades.result.compromise), ("nash", trades.result.nash)):
        if pkg is not None and a in pkg.utilities and b in pkg.utilities:
            marks.append(
                Mark(
                    role,
                    float(pkg.utilities[a]),
                    float(pkg.utilities[b]),
                    _describe(scenario, pkg.package),
                )
            )
    if pair.nash_pair is not None:
        marks.append(
            Mark(
                "nash_pair",
                pair.nash_pair[0],
                pair.nash_pair[1],
                _describe(scenario, pair.nash_pair_package),
            )
        )
    # Thin the cloud for drawing: duplicates add nothing.
    unique = sorted(set(points))
    return ParetoData(
        a,
        b,
        names[a],
        names[b],
        tuple(unique),
        tuple(frontier),
        tuple(marks),
        pair.sampled,
        pair.space,
    )


def _by_dimension(result: Any) -> dict[str, float]:
    return {d: float(result.forecast[k]) for k, d in enumerate(result.dimensions)}


def _status_quo_words(scenario: Scenario) -> str:
    return "; ".join(f"{s.id} {s.option_label(s.status_quo_value)}" for s in scenario.issues)


__all__ = [
    "MAX_PACKAGES",
    "SAMPLE_PACKAGES",
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
    "section_result",
    "trajectory_data",
]
