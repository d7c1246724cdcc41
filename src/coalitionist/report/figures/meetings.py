"""The meeting sequence as a timeline: the one-on-ones (and any group meetings) in order, ending in the
plenary.

One row per meeting, top to bottom along a spine: a circle for a one-on-one, a square for a group meeting, a
diamond for the plenary (filled when the plenary is safe: the supporters win under the rule and the others
cannot block or acquiesce; hollow, with the blockers named, when it is not yet). Each row names who is met,
their chance of agreeing at that point and who brings the message (the supporter with the strongest tie to
the listener); the plenary row names who hears the proposal there for the first time.

The data are the typed :class:`coalitionist.process.MeetingPlan` of the brief's process plan
(``StrategyResult.process.meetings``, :mod:`coalitionist.analyses.process`), never its JSON.

Reference: Watkins, M. (2001). Principles of persuasion. *Negotiation Journal* 17(2); Sebenius, J. K. (1996).
Sequencing to build coalitions: with whom should I talk first? In *Wise Choices*, HBS Press.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from coalitionist.process import MeetingPlan
from coalitionist.report.figures import _mpl
from coalitionist.report.figures.palette import GREY_DARK, GREY_FAINT, ROLES

__all__ = ["MeetingRow", "MeetingsData", "meetings_data", "meetings_svg"]


@dataclass(frozen=True)
class MeetingRow:
    """One meeting, ready to draw (names, not ids)."""

    kind: str
    who: tuple[str, ...]
    detail: str
    safe: bool | None = None


@dataclass(frozen=True)
class MeetingsData:
    """Inputs of :func:`meetings_svg`."""

    rows: tuple[MeetingRow, ...]
    caption: str = ""


_KIND = {"one_on_one": "One-on-one", "group": "Group meeting", "plenary": "Plenary"}
_MARKER = {"one_on_one": "o", "group": "s", "plenary": "D"}


def meetings_data(
    plan: MeetingPlan | None, names: Sequence[str], focal: int
) -> MeetingsData | None:
    """Rows from the typed meeting plan (``names``: display names by actor row; ``focal``: its row); None
    when there is no meeting."""
    if plan is None or not plan.meetings:
        return None
    rows = []
    last = [names[i] for i in plan.first_hear_in_plenary]
    for m in plan.meetings:
        who = tuple(names[i] for i in m.actors)
        if m.kind == "plenary":
            if m.safe:
                detail = "safe: the rule is met" + (
                    f"; first hear it here: {', '.join(last)}" if last else ""
                )
            else:
                blockers = [names[i] for i in m.blockers]
                detail = "not yet safe" + (
                    f": {', '.join(blockers)} could still block" if blockers else ""
                )
            rows.append(MeetingRow(m.kind, who, detail, bool(m.safe)))
            continue
        parts = []
        for a in m.actors:
            txt = f"p {float(m.p[a]):.2f}" if a in m.p else ""
            via = m.messenger.get(a)
            if via is not None and via != focal:
                txt += f", brought by {names[via]}"
            parts.append(txt)
        rows.append(MeetingRow(m.kind, who, "; ".join(x for x in parts if x)))
    n1 = sum(r.kind == "one_on_one" for r in rows)
    ng = sum(r.kind == "group" for r in rows)
    plenary = rows[-1] if rows and rows[-1].kind == "plenary" else None
    caption = (
        f"The week of meetings for {names[focal]}: {n1} one-on-one"
        + ("s" if n1 != 1 else "")
        + (f", {ng} group meeting" + ("s" if ng != 1 else "") if ng else "")
        + ", then the plenary"
        + (
            " (safe"
            + (
                f"; {', '.join(last)} hear" + ("s" if len(last) == 1 else "") + " it last"
                if last
                else ""
            )
            + ")."
            if plenary is not None and plenary.safe
            else " (not yet safe)."
            if plenary is not None
            else "."
        )
    )
    return MeetingsData(tuple(rows), caption)


def meetings_svg(
    data: MeetingsData, *, title: str = "Meeting sequence", key: str = "meetings"
) -> str:
    """Draw the timeline (module docstring) and return it as an SVG string."""
    from matplotlib.lines import Line2D

    rows = data.rows
    n = len(rows)
    row_h = 0.42
    head, foot = 0.45, 0.2
    height = head + foot + n * row_h
    joins, pg = ROLES["joins"], ROLES["p_goal"]
    with _mpl.style():
        fig = _mpl.new_figure(7.6, height)
        ax = fig.add_axes((0.01, foot / height, 0.98, n * row_h / height))
        ax.set_axis_off()
        ax.set_xlim(0, 1)
        ax.set_ylim(n - 0.5, -0.5)
        x = 0.035
        ax.plot([x, x], [0, n - 1], color=joins.color, linewidth=2.0, zorder=2)
        for y, r in enumerate(rows):
            if y % 2 == 0:
                ax.axhspan(y - 0.5, y + 0.5, color=GREY_FAINT, zorder=0, linewidth=0)
            plen = r.kind == "plenary"
            face = (pg.color if r.safe else "white") if plen else joins.color
            ax.plot(
                [x],
                [y],
                marker=_MARKER.get(r.kind, "o"),
                markersize=10 if plen else 7,
                markerfacecolor=face,
                markeredgecolor="black" if plen else joins.color,
                zorder=3,
            )
            who = ", ".join(r.who) if not plen else f"everyone ({len(r.who)})"
            head_txt = f"{y + 1}. {_KIND.get(r.kind, r.kind)}: {who}"
            ax.text(
                x + 0.03,
                y - 0.12,
                head_txt,
                va="center",
                fontsize=_mpl.FONT_SIZE,
                fontweight="bold" if plen else "normal",
            )
            if r.detail:
                ax.text(
                    x + 0.05,
                    y + 0.2,
                    textwrap.shorten(r.detail, width=110, placeholder=" …"),
                    va="center",
                    fontsize=_mpl.FONT_SIZE - 1.5,
                    color=GREY_DARK,
                )
        handles = [
            Line2D([], [], linestyle="none", marker="o", color=joins.color, label="one-on-one"),
            Line2D([], [], linestyle="none", marker="s", color=joins.color, label="group meeting"),
            Line2D(
                [],
                [],
                linestyle="none",
                marker="D",
                markerfacecolor=pg.color,
                markeredgecolor="black",
                label="plenary (filled: safe)",
            ),
        ]
        fig.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, 1.0),
            ncols=3,
            fontsize=_mpl.FONT_SIZE - 1,
        )
        return _mpl.figure_to_svg(fig, key, title)
