"""How positions move over the turns of a bargaining model (SMP or BDM), one panel per issue.

Every actor's position is a thin grey line over the turns; a few actors — the focal actor and those who move
most — are drawn in the Okabe–Ito colours, each with its own marker at the end and its name written at the end
of its line (so colour is never needed to tell them apart). The status quo is a dashed black line; the
forecast path (where the model's forecast stands at each turn) is a thick vermillion line ending in a diamond.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from coalitionist.report.figures import _mpl
from coalitionist.report.figures.influence_map import wrap_label
from coalitionist.report.figures.labels import LabelRequest, place_labels_count
from coalitionist.report.figures.palette import GREY_LIGHT, OKABE_ITO, ROLES

#: Colours and markers of the highlighted actors, in order (the focal actor first).
HIGHLIGHT: tuple[tuple[str, str], ...] = (
    (OKABE_ITO["black"], "o"),
    (OKABE_ITO["blue"], "s"),
    (OKABE_ITO["orange"], "^"),
    (OKABE_ITO["bluish_green"], "v"),
    (OKABE_ITO["reddish_purple"], "P"),
    (OKABE_ITO["sky_blue"], "X"),
)


@dataclass(frozen=True)
class TrajectoryPanel:
    """One issue: each actor's position per turn, who to highlight, and the marks."""

    id: str
    label: str
    scale: tuple[float, float]
    status_quo: float
    series: Mapping[str, Sequence[float]]
    names: Mapping[str, str] = field(default_factory=dict)
    highlight: Sequence[str] = ()
    focal: str | None = None
    forecast_path: Sequence[float] | None = None
    forecast: float | None = None


def trajectory_svg(
    issues: Sequence[TrajectoryPanel],
    *,
    model: str = "",
    title: str = "Positions over the turns of bargaining",
    key: str = "trajectory",
) -> str:
    """Draw one panel per issue (module docstring) and return the figure as an SVG string."""
    from matplotlib.lines import Line2D

    n = max(len(issues), 1)
    panel_h = 2.3
    head, foot = 0.4, 0.35
    height = head + foot + n * panel_h
    with _mpl.style():
        fig = _mpl.new_figure(7.6, height)
        rend = _mpl.renderer(fig)
        left_out = 0
        # one colour and marker per actor across all panels (the focal actor's first)
        style_of: dict[str, tuple[str, str]] = {}
        for panel in issues:
            for actor in panel.highlight:
                if actor not in style_of:
                    style_of[actor] = HIGHLIGHT[len(style_of) % len(HIGHLIGHT)]
        for k, issue in enumerate(issues):
            top = 1 - (head + k * panel_h) / height
            ax = fig.add_axes(
                (0.08, top - (panel_h - 0.55) / height, 0.9, (panel_h - 0.85) / height)
            )
            turns = max((len(v) for v in issue.series.values()), default=1) - 1
            turns = max(turns, 1)
            lo, hi = issue.scale
            span = (hi - lo) or 1.0
            right = turns * 1.45
            ax.set_xlim(-0.02 * turns, right)
            ax.set_ylim(lo - 0.05 * span, hi + 0.05 * span)
            ax.spines["top"].set_visible(False)
            ax.spines["right"].set_visible(False)
            ax.spines["bottom"].set_bounds(0, turns)
            ax.set_xticks([t for t in range(turns + 1) if turns <= 15 or t % 5 == 0 or t == turns])
            ax.set_title(issue.label, loc="left", fontsize=_mpl.FONT_SIZE + 0.5, pad=4)
            ax.set_ylabel("position", fontsize=_mpl.FONT_SIZE - 0.5)
            if k == len(issues) - 1:
                ax.set_xlabel("turn")
            sq = ROLES["status_quo"]
            ax.plot(
                [0, turns],
                [issue.status_quo] * 2,
                color=sq.color,
                linestyle=sq.linestyle,
                linewidth=1.0,
                zorder=2,
            )
            for actor, values in issue.series.items():
                if actor in issue.highlight:
                    continue
                ax.plot(range(len(values)), values, color=GREY_LIGHT, linewidth=0.8, zorder=1)
            requests = []
            for actor in issue.highlight:
                found = issue.series.get(actor)
                if not found:
                    continue
                values = found
                color, marker = style_of[actor]
                ax.plot(range(len(values)), values, color=color, linewidth=1.5, zorder=3)
                last = len(values) - 1
                ax.plot(
                    [last],
                    [values[-1]],
                    marker=marker,
                    color=color,
                    markersize=5.5,
                    linestyle="none",
                    zorder=4,
                )
                requests.append(
                    LabelRequest(
                        wrap_label(issue.names.get(actor, actor), width=20),
                        float(last),
                        float(values[-1]),
                        radius=4.0,
                        weight="bold" if actor == issue.focal else "normal",
                        color=color if color != OKABE_ITO["sky_blue"] else "#1B1F24",
                    )
                )
            fc = ROLES["forecast"]
            if issue.forecast_path:
                path = list(issue.forecast_path)
                ax.plot(range(len(path)), path, color=fc.color, linewidth=2.4, zorder=3.5)
            if issue.forecast is not None:
                ax.plot(
                    [turns],
                    [issue.forecast],
                    marker=fc.marker,
                    color=fc.color,
                    markersize=7,
                    linestyle="none",
                    zorder=5,
                )
                requests.append(
                    LabelRequest(
                        f"forecast {issue.forecast:.3g}",
                        float(turns),
                        float(issue.forecast),
                        radius=5.0,
                        color=fc.color,
                        weight="bold",
                    )
                )
            to_display = ax.transData.transform
            (bx0, by0) = to_display((turns, lo - 0.05 * span))
            (bx1, by1) = to_display((right, hi + 0.05 * span))
            left_out += place_labels_count(
                ax,
                requests,
                renderer=rend,
                bounds=(float(bx0), float(by0), float(bx1), float(by1)),
                fontsize=_mpl.FONT_SIZE - 1.0,
                step=4.0,
                rings=18,
            )
        handles = [
            Line2D(
                [],
                [],
                color=ROLES["status_quo"].color,
                linestyle=ROLES["status_quo"].linestyle,
                label="status quo",
            ),
            Line2D(
                [],
                [],
                color=ROLES["forecast"].color,
                linewidth=2.4,
                marker=ROLES["forecast"].marker,
                markersize=5,
                label=f"forecast ({model.upper()})" if model else "forecast",
            ),
            Line2D([], [], color=GREY_LIGHT, linewidth=0.8, label="other actors"),
        ]
        fig.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, 1.0),
            ncols=len(handles),
            fontsize=_mpl.FONT_SIZE - 1,
            handlelength=2.6,
        )
        return _mpl.figure_to_svg(fig, key, title, left_out)


__all__ = ["HIGHLIGHT", "TrajectoryPanel", "trajectory_svg"]
