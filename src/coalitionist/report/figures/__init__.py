"""Figures of the brief, drawn on the server as SVG (WeasyPrint runs no JavaScript).

:func:`attach_figures` adds each section's figures from the section's typed result and the scenario: the influence
map and the power–interest grid (to the ``influence`` section when it exists, else the ``scenario``
overview), positions and salience per issue and the bargaining trajectory (``forecast``), the Pareto
frontier of two actors (``trades``), the recruitment plan (``plan``) and voting power per actor (``power``).

Each figure is a pure function from plain data to an SVG string, in its own module
(:mod:`.influence_map`, :mod:`.power_interest`, :mod:`.positions`, :mod:`.trajectory`, :mod:`.pareto`,
:mod:`.plan`, :mod:`.power_bars`); :mod:`.data` turns a scenario and its sections' typed results into that data, :mod:`.palette` holds the
tested colour-blind-safe palette and :mod:`.labels` the label placement. Figures need matplotlib (the
``report`` extra): without it the brief has no figures, and a figure that fails is left out with a
:class:`FigureWarning` rather than losing the whole brief.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Callable, Sequence
from typing import Any

from coalitionist.brief import Figure, Section
from coalitionist.scenario.model import Scenario
from coalitionist.wording import names_join


class FigureWarning(UserWarning):
    """A figure could not be drawn and was left out of the brief."""


def _fmt_names(names: Sequence[str], limit: int = 6) -> str:
    # a cut list says how many more and where (issue 13.5)
    return names_join(names, shown=limit)


def influence_map_figure(scenario: Scenario, sections: Sequence[Section]) -> Figure | None:
    """The influence map of the scenario, or None without ties."""
    from coalitionist.report.figures.data import map_data
    from coalitionist.report.figures.influence_map import influence_map_svg

    data = map_data(scenario, sections)
    if data is None:
        return None
    title = "Influence map"
    svg = influence_map_svg(
        data.actors,
        data.ties,
        issue_label=data.issue_label,
        scale=data.scale,
        scale_labels=data.scale_labels,
        size_label=data.size_label,
        seed=0,
        title=title,
    )
    caption = (
        f"Circle area: {data.size_label}; fill: position on “{data.issue_label}” (dark = low, light = "
        "high). Lines are ties: style by type, width by weight, arrows by direction; hostile ties are "
        "dotted with a bar at the end."
    )
    focal = next((a for a in data.actors if a.focal), None)
    if focal is not None:
        caption += f" Black ring: {focal.label}, the focal actor."
    members = [a.label for a in data.actors if a.coalition]
    if members:
        caption += f" Sky-blue rings: the likely coalition ({_fmt_names(members)})."
    adverse = [a.label for a in data.actors if a.adverse]
    if adverse:
        caption += f" Dashed vermillion rings: the adverse coalition ({_fmt_names(adverse)})."
    return Figure("influence_map", title, svg, caption)


def power_interest_figure(scenario: Scenario, sections: Sequence[Section]) -> Figure | None:
    """The power–interest grid, or None without stated positions."""
    from coalitionist.report.figures.data import grid_data
    from coalitionist.report.figures.power_interest import power_interest_svg, quadrant

    data = grid_data(scenario, sections)
    if data is None:
        return None
    title = "Power–interest grid"
    svg = power_interest_svg(
        data.actors,
        power_label="power (strongest = 1)",
        interest_label=data.interest_label,
        scale=data.scale,
        scale_labels=data.scale_labels,
        title=title,
    )
    closely = [a.label for a in data.actors if quadrant(a.power, a.interest)[0] == "Manage closely"]
    caption = (
        "Mendelow's grid: across, how much each actor cares about the main issue; up, its "
        + data.power_label.removeprefix("power: ")
        + ". Fill: position on the main issue."
    )
    if closely:
        caption += f" To manage closely: {_fmt_names(closely)}."
    return Figure("power_interest", title, svg, caption)


def power_figure(scenario: Scenario, sections: Sequence[Section]) -> Figure | None:
    """Voting power per actor, or None without a power section."""
    from coalitionist.analyses.power import ScenarioGame
    from coalitionist.report.figures.data import section_result
    from coalitionist.report.figures.power_bars import MAX_BARS, power_bars_data, power_bars_svg

    game = section_result(sections, "power", ScenarioGame)
    if game is None:
        return None
    power = game.power
    bars = power_bars_data(power, {a.id: a.label for a in scenario.actors})
    if len(bars) < 2:
        return None
    title = "Voting power under the decision rule"
    svg = power_bars_svg(bars, title=title)
    left_out = len(power.players) - len(bars)
    caption = (
        "Each actor's share of the power to decide: the Shapley–Shubik index (dark bars: how often it is "
        "pivotal as a coalition forms) and the normalised Banzhaf index (hatched bars: how often it can swing "
        "a winning coalition to losing)."
    )
    if len(bars) > MAX_BARS:
        caption += f" The {MAX_BARS} most powerful of {len(bars)} are shown."
    if left_out > 0:
        caption += (
            f" {left_out} actor{'s' if left_out != 1 else ''} with no voting power are not drawn."
        )
    return Figure("power_bars", title, svg, caption)


def positions_figure(scenario: Scenario, sections: Sequence[Section]) -> Figure | None:
    """Positions and salience per issue, or None without issues."""
    from coalitionist.report.figures.data import positions_data
    from coalitionist.report.figures.positions import positions_svg

    panels = positions_data(scenario, sections)
    if panels is None:
        return None
    title = "Positions and salience per issue"
    svg = positions_svg(panels, title=title)
    caption = (
        "Each circle is an actor (area: capability) at its position (across) and salience (up). "
        "Dashed black line: the status quo; dotted sky-blue line: the capability × salience weighted "
        "median; solid vermillion line: the forecast."
    )
    return Figure("positions", title, svg, caption)


def trajectory_figure(scenario: Scenario, sections: Sequence[Section]) -> Figure | None:
    """Positions over the turns of the bargaining model, or None when it recorded no turns."""
    from coalitionist.report.figures.data import trajectory_data
    from coalitionist.report.figures.trajectory import trajectory_svg

    found = trajectory_data(scenario, sections)
    if found is None:
        return None
    panels, model = found
    title = (
        f"Positions over the turns of bargaining ({model.upper()})"
        if model
        else ("Positions over the turns of bargaining")
    )
    svg = trajectory_svg(panels, model=model, title=title)
    names = {a.id: a.label for a in scenario.actors}
    shown = [names.get(a, a) for a in panels[0].highlight]
    caption = (
        "Each line is an actor's position after each turn of the model; grey lines are the other actors. "
        + (f"Highlighted: {_fmt_names(shown)}. " if shown else "")
        + "The diamond is the forecast."
    )
    return Figure("trajectory", title, svg, caption)


def pareto_figure(scenario: Scenario, sections: Sequence[Section]) -> Figure | None:
    """The Pareto frontier of two decision makers, or None without a trades section."""
    from coalitionist.report.figures.data import pareto_data
    from coalitionist.report.figures.pareto import pareto_svg

    data = pareto_data(scenario, sections)
    if data is None:
        return None
    title = f"Pareto frontier: {data.a_label} and {data.b_label}"
    svg = pareto_svg(
        data.points,
        actor_a=data.a_label,
        actor_b=data.b_label,
        marks=data.marks,
        frontier=data.frontier,
        title=title,
    )
    what = (
        f"{len(data.points):,} distinct utility pairs of a random sample of the {data.space:,} packages"
        if data.sampled
        else f"all {data.space:,} packages"
    )
    caption = (
        f"Each grey dot is a package ({what}); the dark line joins the packages no other package improves "
        f"for one of the two without hurting the other. Utilities run from 0 (worst) to 1 (best). "
        f"{data.a_label} and {data.b_label} are "
        + (
            "the focal actor and the decision maker with most at stake against it."
            if scenario.focal == data.actor_a
            else "the two decision makers with the largest capability × salience."
        )
    )
    if not any(m.role == "nash" for m in data.marks):
        caption += " No package leaves every decision maker better off than no deal, so the group has no Nash package."
    return Figure("pareto", title, svg, caption)


def plan_figure(scenario: Scenario, sections: Sequence[Section]) -> Figure | None:
    """The recruitment plan as a timeline with the chance of reaching the goal, or None without a plan."""
    from coalitionist.report.figures.plan import plan_data, plan_svg

    data = plan_data(scenario, sections)
    if data is None:
        return None
    title = "Recruitment plan"
    svg = plan_svg(data, title=title)
    caption = data.caption
    return Figure("plan", title, svg, caption)


def meetings_figure(scenario: Scenario, sections: Sequence[Section]) -> Figure | None:
    """The meeting sequence (one-on-ones ending in the plenary), or None without a process plan."""
    from coalitionist.analyses.strategy import StrategyResult
    from coalitionist.report.figures.data import section_result
    from coalitionist.report.figures.meetings import meetings_data, meetings_svg

    found = section_result(sections, "plan", StrategyResult)
    process = found.process if found is not None else None
    if process is None:
        return None
    names = [process.names[a] for a in process.actors]
    data = meetings_data(process.meetings, names, process.actors.index(process.focal))
    if data is None:
        return None
    title = "Meeting sequence"
    return Figure("meetings", title, meetings_svg(data, title=title), data.caption)


def _tornado_figure(sections: Sequence[Section], key: str, figure_key: str) -> Figure | None:
    """The tornado of one checked conclusion of the robustness section, or None."""
    from coalitionist.analyses.robustness import RobustnessResult
    from coalitionist.report.figures.data import section_result
    from coalitionist.report.figures.tornado import TornadoRow, tornado_svg

    result = section_result(sections, "robustness", RobustnessResult)
    check = result.check(key) if result is not None else None
    if result is None or check is None or check.tornado is None or not check.tornado.bars:
        return None
    if not any(b.swing > 0 for b in check.tornado.bars):
        return None  # no swing moves it: the section's sentence says so, an empty chart would not
    bars = check.tornado.bars
    rows = [
        TornadoRow(
            result.labels.get(b.name, b.name),
            b.low_input,
            b.high_input,
            b.low_output,
            b.high_output,
        )
        for b in bars
    ]
    if check.kind == "label":
        title = "Which estimates could change the first move"
        xlabel = "the plan's first move, with the estimate at each end of its range"
    else:
        title = "Which estimates move " + check.text[0].lower() + check.text[1:]
        xlabel = "value of the conclusion"
    svg = tornado_svg(
        rows,
        check.tornado.base,
        title=title,
        xlabel=xlabel,
        key=figure_key,
        holds=check.kind == "label",
    )
    moved = [result.labels.get(n, n) for n in check.flips]
    caption = (
        f"Each bar swings one of the {len(bars)} estimates with the largest first-order Sobol index from"
        " the low to the high end of its range, every other estimate at its point; the vertical line is"
        " the brief's value. "
    )
    if moved:
        caption += f"{_fmt_names(moved)} {'changes' if len(moved) == 1 else 'change'} it on " + (
            "its own." if len(moved) == 1 else "their own."
        )
    else:
        caption += (
            "No single swing changes it."
            if check.kind == "label"
            else "No single swing moves it beyond the 5 % band."
        )
    return Figure(figure_key, title, svg, caption)


def first_move_tornado_figure(scenario: Scenario, sections: Sequence[Section]) -> Figure | None:
    """The tornado of the plan's first move (robustness section), or None."""
    return _tornado_figure(sections, "plan.first", "tornado_first_move")


def number_tornado_figure(scenario: Scenario, sections: Sequence[Section]) -> Figure | None:
    """The tornado of the number conclusion one estimate moves furthest (relative to its scale), or None."""
    from coalitionist.analyses.robustness import RobustnessResult
    from coalitionist.report.figures.data import section_result

    result = section_result(sections, "robustness", RobustnessResult)
    if result is None:
        return None
    numbers = [
        c for c in result.checks if c.kind == "number" and c.tornado is not None and c.tornado.bars
    ]
    if not numbers:
        return None
    # the one a single estimate moves furthest, relative to its scale
    worst = max(numbers, key=lambda c: max(b.swing for b in c.tornado.bars) / c.scale)  # type: ignore[union-attr]
    return _tornado_figure(sections, worst.key, "tornado_" + worst.key.replace(".", "_"))


def note_unlabelled(figure: Figure) -> Figure:
    """The figure, its caption saying how many names it left out for lack of room (if any)."""
    from coalitionist.report.figures._mpl import unlabelled_count

    n = unlabelled_count(figure.svg)
    if not n:
        return figure
    note = (
        f" {n} name{'s are' if n != 1 else ' is'} left out for lack of room (unlabelled markers); the "
        "tables give every actor."
    )
    return dataclasses.replace(figure, caption=figure.caption + note)


Builder = Callable[[Scenario, Sequence[Section]], Figure | None]

#: Which figures go to which section: (section keys in order of preference, builders).
PLACEMENT: tuple[tuple[tuple[str, ...], tuple[Builder, ...]], ...] = (
    (("power",), (power_figure,)),
    (("influence", "scenario"), (influence_map_figure, power_interest_figure)),
    (("forecast",), (positions_figure, trajectory_figure)),
    (("trades",), (pareto_figure,)),
    (("plan", "strategy"), (meetings_figure, plan_figure)),
    (("robustness",), (first_move_tornado_figure, number_tornado_figure)),
)


def _glyph_safe(scenario: Scenario) -> Scenario:
    """The scenario with control characters in its display strings made visible (``\\x1b``).

    A font has no glyph for ESC or BEL: matplotlib would warn (and the figure be left out) for a name such
    as ``"Bee\\x1b[31m"``. The figures show the same visible escapes as the terminal
    (:func:`coalitionist.io.safe_text.terminal_safe`); the scenario itself is unchanged.
    """
    from coalitionist.io.safe_text import terminal_safe

    def fix(text: str | None) -> str | None:
        return None if text is None else terminal_safe(text)

    def changed(model: Any, **fields: Any) -> Any:
        update = {k: v for k, v in fields.items() if v != getattr(model, k)}
        return model.model_copy(update=update) if update else model

    actors = [changed(a, name=fix(a.name)) for a in scenario.actors]
    issues = [
        changed(i, name=fix(i.name), labels={v: terminal_safe(t) for v, t in i.labels.items()})
        for i in scenario.issues
    ]
    return changed(scenario, title=terminal_safe(scenario.title), actors=actors, issues=issues)


def attach_figures(
    scenario: Scenario,
    sections: Sequence[Section],
    *,
    checkpoint: Callable[[str], None] | None = None,
) -> list[Section]:
    """The sections with their figures attached (sections without a figure are returned unchanged);
    ``checkpoint(name)``, when given, is called before each figure is drawn, and what it raises stops the
    drawing and propagates (a cancelled workbench job)."""
    out = list(sections)
    try:
        import matplotlib  # noqa: F401
    except ImportError:  # the report extra is not installed: a brief without figures
        return out
    scenario = _glyph_safe(scenario)
    keys = [s.key for s in out]
    for targets, builders in PLACEMENT:
        where = next((keys.index(k) for k in targets if k in keys), None)
        if where is None:
            continue
        figures = list(out[where].figures)
        for build in builders:
            if checkpoint is not None:
                checkpoint(build.__name__)
            try:
                figure = build(scenario, out)
            except Exception as exc:  # a figure must never cost the reader the whole brief
                warnings.warn(
                    f"figure {build.__name__} left out: {type(exc).__name__}: {exc}",
                    FigureWarning,
                    stacklevel=2,
                )
                continue
            if figure is not None:
                figures.append(note_unlabelled(figure))
        if len(figures) != len(out[where].figures):
            out[where] = dataclasses.replace(out[where], figures=tuple(figures))
    return out


__all__ = [
    "FigureWarning",
    "attach_figures",
    "first_move_tornado_figure",
    "influence_map_figure",
    "meetings_figure",
    "note_unlabelled",
    "number_tornado_figure",
    "pareto_figure",
    "plan_figure",
    "positions_figure",
    "power_figure",
    "power_interest_figure",
    "trajectory_figure",
]
