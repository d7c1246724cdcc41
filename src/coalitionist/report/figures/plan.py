"""The recruitment plan as a timeline: whom to approach, in order, what to do on a refusal, and the chance
of reaching the goal after each step.

One row per step of the plan's main line (the path on which every approach succeeds), top to bottom, joined
by a solid blue spine (``joins``). Each row names the actor and the chance it joins when approached then;
a dashed orange branch says what the plan does if it refuses (the next actor to approach, stop, or goal
lost). On the right, the chance of reaching the goal once the step has succeeded (green diamonds), next to
the chance that every approach so far has succeeded (grey squares), so the reader sees both how the goal
gets closer and how much of the plan rests on luck. The row where the goal is reached is marked.

The chance of reaching the goal after a step is the value of the plan's decision tree below that step:
``V(node) = p · V(on_join) + (1 − p) · V(on_refuse)``, where a branch that stops counts 1 if the actors
joined by then reach the goal and 0 otherwise (a backward induction over the tree; Raiffa 1968, ch. 2).
Where the written tree was cut short the value is only bounded, and the figure shows the range.

Reference: Raiffa, H. (1968). *Decision Analysis*. Addison-Wesley; Sebenius, J. K. (1996). Sequencing to
build coalitions: with whom should I talk first? In *Wise Choices*, HBS Press.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from coalitionist.brief import Section
from coalitionist.report.figures import _mpl
from coalitionist.report.figures.palette import GREY, GREY_DARK, GREY_FAINT, ROLES
from coalitionist.scenario.model import Scenario

Bounds = tuple[float, float]


@dataclass(frozen=True)
class StepView:
    """One step of the main line, ready to draw."""

    actor: str
    p: float
    reach: float
    p_goal: Bounds | None = None
    reaches_goal: bool = False
    on_refuse: str | None = None
    goal_lost_on_refusal: bool = False


@dataclass(frozen=True)
class PlanData:
    """Inputs of :func:`plan_svg`: the plan's overall chance of the goal and its steps."""

    goal: str
    p_goal: float | None
    p_goal_exact: bool
    steps: tuple[StepView, ...]
    caption: str = ""


def tree_goal_bounds(
    node: Mapping[str, Any] | None, joined: frozenset[str], goal: Callable[[frozenset[str]], bool]
) -> Bounds:
    """Lower and upper bound of the chance of reaching the goal from a node of the plan's tree.

    ``node`` is a policy node as in ``Plan.to_dict()["policy"]`` (``actor``, ``p``, ``on_join``,
    ``on_refuse``, or ``truncated``); ``None`` means the plan stops with ``joined`` on side, which reaches the
    goal or not (``goal(joined)``). A truncated node is bounded by 0 and 1.
    """
    if node is None:
        v = 1.0 if goal(joined) else 0.0
        return v, v
    if node.get("truncated"):
        if goal(joined):  # already reached: approaching more cannot lose it (goals are monotone)
            return 1.0, 1.0
        return 0.0, 1.0
    p = float(node["p"])
    actor = str(node["actor"])
    jl, jh = tree_goal_bounds(node.get("on_join"), joined | {actor}, goal)
    rl, rh = tree_goal_bounds(node.get("on_refuse"), joined, goal)
    return p * jl + (1 - p) * rl, p * jh + (1 - p) * rh


def main_line_bounds(
    policy: Mapping[str, Any] | None, goal: Callable[[frozenset[str]], bool]
) -> list[Bounds]:
    """For each step of the main line (following ``on_join`` from the root), the bounds of the chance of
    reaching the goal once that step's actor has joined."""
    out: list[Bounds] = []
    node = policy
    joined: frozenset[str] = frozenset()
    while node is not None and not node.get("truncated"):
        joined = joined | {str(node["actor"])}
        child = node.get("on_join")
        out.append(tree_goal_bounds(child, joined, goal))
        node = child
    return out


def plan_data(scenario: Scenario, sections: Sequence[Section]) -> PlanData | None:
    """The plan section's main line, with the chance of reaching the goal after each step; None without a
    plan or steps.

    The chance after each step comes from the plan's tree (:func:`main_line_bounds`) with the goal the plan
    was made for (:meth:`~coalitionist.analyses.strategy.StrategyResult.goal_test`: ``win``, the focal
    actor, the committed actors and those who joined win under the decision rule; ``block``, they can
    block).
    """
    from coalitionist.analyses.strategy import StrategyResult
    from coalitionist.report.figures.data import section_result

    found = section_result(sections, "plan", StrategyResult)
    if found is None or not found.plan.steps:
        return None
    plan = found.plan
    names = {a.id: a.label for a in scenario.actors}
    goal = found.goal_test()
    policy = plan.policy.to_dict() if plan.policy is not None else None
    computed = main_line_bounds(policy, goal) if goal and policy is not None else []
    bounds: list[Bounds | None] = [
        computed[k] if k < len(computed) else None for k in range(len(plan.steps))
    ]
    views = []
    reach = 1.0
    for step, b in zip(plan.steps, bounds, strict=True):
        p = float(step.p)
        reach *= p
        refuse = step.on_refuse
        views.append(
            StepView(
                names.get(step.actor, step.actor),
                p,
                reach,
                b,
                bool(step.reaches_goal),
                names.get(refuse, refuse) if refuse else None,
                bool(step.goal_lost_on_refusal),
            )
        )
    p_goal = float(plan.p_goal)
    exact = bool(plan.payoff_is_exact)
    focal = names.get(scenario.focal or "", scenario.focal or "the focal actor")
    first = views[0].actor
    caption = (
        f"The plan for {focal}: approach {first} first, then down the list while approaches succeed; the dashed "
        "branches say what to do after a refusal. Right: the chance of reaching the goal once each step has "
        "succeeded, and the chance that every approach so far has succeeded."
    )
    caption += (
        f" Following the plan, the goal is reached with probability {p_goal:.2f}"
        + ("" if exact else " (estimated by simulation)")
        + "."
    )
    if any(v.p_goal is not None and v.p_goal[1] - v.p_goal[0] > 0.005 for v in views):
        caption += " Bars show a range where the written decision tree was cut short (its rarest branches)."
    return PlanData(found.setup.goal, p_goal, exact, tuple(views), caption)


def plan_svg(data: PlanData, *, title: str = "Recruitment plan", key: str = "plan") -> str:
    """Draw the timeline (module docstring) and return it as an SVG string."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    steps = data.steps
    n = len(steps)
    row = 0.36
    head, foot = 0.75, 0.55
    height = head + foot + (n + 1) * row
    joins, refuses, pg = ROLES["joins"], ROLES["refuses"], ROLES["p_goal"]
    with _mpl.style():
        fig = _mpl.new_figure(7.6, height)
        bottom = foot / height
        span = (n + 1) * row / height
        ax = fig.add_axes((0.01, bottom, 0.63, span))
        ax.set_axis_off()
        ax.set_xlim(0, 1)
        ax.set_ylim(n + 0.5, -0.5)
        chart = fig.add_axes((0.66, bottom, 0.24, span))
        chart.set_xlim(-0.02, 1.02)
        chart.set_ylim(n + 0.5, -0.5)
        chart.set_yticks([])
        chart.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
        chart.set_xticklabels(["0", "0.25", "0.5", "0.75", "1"])
        for side in ("left", "right", "top"):
            chart.spines[side].set_visible(False)
        chart.set_xlabel("probability")
        for y in range(n + 1):
            if y % 2 == 0:
                for a in (ax, chart):
                    a.axhspan(y - 0.5, y + 0.5, color=GREY_FAINT, zorder=0, linewidth=0)
        x_spine = 0.05
        ax.plot([x_spine, x_spine], [0, n], color=joins.color, linewidth=2.0, zorder=2)
        ax.plot([x_spine], [0], marker="o", color=GREY_DARK, markersize=7, zorder=3)
        start = "Now" + (
            f": chance of reaching the goal {data.p_goal:.2f}" if data.p_goal is not None else ""
        )
        ax.text(x_spine + 0.04, 0, start, va="center", fontsize=_mpl.FONT_SIZE, fontweight="bold")
        rend = _mpl.renderer(fig)
        ax_box = ax.get_window_extent(rend)
        texts = []
        for k, s in enumerate(steps, start=1):
            goal_here = s.reaches_goal
            ax.plot(
                [x_spine],
                [k],
                marker="o",
                markersize=8 if goal_here else 6,
                markerfacecolor=pg.color if goal_here else joins.color,
                markeredgecolor="black" if goal_here else joins.color,
                zorder=3,
            )
            texts.append(
                ax.text(
                    x_spine + 0.04,
                    k,
                    f"{k}. {s.actor}  (joins: {s.p:.2f})",
                    va="center",
                    fontsize=_mpl.FONT_SIZE,
                    fontweight="bold" if goal_here else "normal",
                )
            )
        widest = max((t.get_window_extent(rend).x1 for t in texts), default=ax_box.x0)
        arrow_x0 = (widest - ax_box.x0) / ax_box.width + 0.02
        text_x = arrow_x0 + 0.07
        room = ax_box.width * (0.995 - text_x)
        for k, s in enumerate(steps, start=1):
            if not (s.on_refuse or s.goal_lost_on_refusal):
                continue
            parts = []
            if s.goal_lost_on_refusal:
                parts.append("goal out of reach")
            if s.on_refuse:
                parts.append(f"approach {s.on_refuse}")
            ax.add_patch(
                FancyArrowPatch(
                    (arrow_x0, k),
                    (arrow_x0 + 0.055, k),
                    arrowstyle="-|>,head_length=4,head_width=2",
                    mutation_scale=1,
                    color=refuses.color,
                    linestyle=refuses.linestyle,
                    linewidth=1.0,
                )
            )
            words = "if not: " + "; ".join(parts)
            label = ax.text(
                text_x,
                k,
                words,
                va="center",
                fontsize=_mpl.FONT_SIZE - 1.5,
                color="#8A4B00",
                linespacing=1.05,
            )
            width = len(words)
            while label.get_window_extent(rend).width > room and width > 12:
                width -= 2
                label.set_text(textwrap.fill(words, width=width))
        # Right panel: chance of the goal after each step, chance of being still on the main line.
        ys = list(range(1, n + 1))
        reach = [s.reach for s in steps]
        chart.plot(
            reach,
            ys,
            color=GREY,
            linestyle="--",
            linewidth=1.0,
            marker="s",
            markersize=3.5,
            zorder=3,
        )
        known = [(y, s.p_goal) for y, s in zip(ys, steps, strict=True) if s.p_goal is not None]
        if data.p_goal is not None:
            chart.plot(
                [data.p_goal], [0], marker=pg.marker, color=pg.color, markersize=5.5, zorder=4
            )
            chart.text(
                1.06,
                0,
                f"{data.p_goal:.2f}",
                va="center",
                ha="left",
                fontsize=_mpl.FONT_SIZE - 1.5,
                color=GREY_DARK,
                clip_on=False,
            )
        if known:
            mids = [(lo + hi) / 2 for _, (lo, hi) in known]
            chart.plot(
                mids,
                [y for y, _ in known],
                color=pg.color,
                linewidth=1.4,
                marker=pg.marker,
                markersize=4.5,
                zorder=4,
            )
            for y, (lo, hi) in known:
                if hi - lo > 0.005:
                    chart.plot(
                        [lo, hi], [y, y], color=pg.color, linewidth=3.5, alpha=0.45, zorder=3
                    )
                mid = (lo + hi) / 2
                label = f"{mid:.2f}" if hi - lo <= 0.005 else f"{lo:.2f}–{hi:.2f}"
                chart.text(
                    1.06,
                    y,
                    label,
                    va="center",
                    ha="left",
                    fontsize=_mpl.FONT_SIZE - 1.5,
                    color=GREY_DARK,
                    clip_on=False,
                )
        handles = [
            Line2D([], [], color=joins.color, linewidth=2.0, marker="o", label="joins: next step"),
            Line2D(
                [],
                [],
                color=refuses.color,
                linestyle=refuses.linestyle,
                linewidth=1.0,
                label="if it refuses: what the plan does",
            ),
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=8,
                markerfacecolor=pg.color,
                markeredgecolor="black",
                label="goal reached",
            ),
            Line2D(
                [],
                [],
                color=pg.color,
                marker=pg.marker,
                markersize=4.5,
                linewidth=1.4,
                label="chance of the goal after the step",
            ),
            Line2D(
                [],
                [],
                color=GREY,
                linestyle="--",
                marker="s",
                markersize=3.5,
                label="chance all approaches so far succeeded",
            ),
        ]
        fig.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, 1.0),
            ncols=3,
            fontsize=_mpl.FONT_SIZE - 1,
            handlelength=2.4,
            columnspacing=1.2,
        )
        return _mpl.figure_to_svg(fig, key, title)


__all__ = [
    "PlanData",
    "StepView",
    "main_line_bounds",
    "plan_data",
    "plan_svg",
    "tree_goal_bounds",
]
