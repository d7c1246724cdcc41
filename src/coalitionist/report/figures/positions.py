"""Positions and salience per issue, with the status quo, the weighted median and the forecast marked.

One panel per issue: across, the issue's scale (with the words the scenario gives for some of its values);
up, how much each actor cares (salience, 0–1). Each actor is a circle whose area is its capability, filled by
its position (the colours of the influence map). Vertical lines mark the status quo (black, dashed, square),
the capability × salience weighted median (sky blue, dotted, triangle) and the forecast of the bargaining
model (vermillion, solid, diamond), so the three read apart in greyscale. Actors at the same spot share one
marker and one label.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from coalitionist.report.figures import _mpl
from coalitionist.report.figures.labels import (
    LabelRequest,
    group_close,
    join_names,
    place_labels_count,
)
from coalitionist.report.figures.palette import GREY, GREY_DARK, POSITION_CMAP, ROLES

MIN_AREA, MAX_AREA = 25.0, 300.0


@dataclass(frozen=True)
class Stance:
    """One actor's stance on an issue."""

    id: str
    label: str
    position: float
    salience: float
    capability: float = 1.0
    focal: bool = False


@dataclass(frozen=True)
class IssuePanel:
    """One issue: its scale, status quo, the words for some values, the stances and the marks."""

    id: str
    label: str
    scale: tuple[float, float]
    status_quo: float
    stances: tuple[Stance, ...]
    labels: Mapping[float, str] = field(default_factory=dict)
    forecast: float | None = None
    median: float | None = None
    model: str = ""


def scale_ticks(
    scale: tuple[float, float], labels: Mapping[float, str], width: int = 18
) -> tuple[list[float], list[str]]:
    """Tick positions and texts for an issue's axis: the labelled values (with their words, wrapped), plus
    the ends of the scale."""
    lo, hi = scale
    values = sorted({lo, hi, *(v for v in labels if lo <= v <= hi)})
    texts = []
    for v in values:
        words = labels.get(v)
        if words and words != f"{v:g}":
            wrapped = textwrap.wrap(words, width=width)
            if len(wrapped) > 2:
                wrapped = [
                    wrapped[0],
                    textwrap.shorten(" ".join(wrapped[1:]), width, placeholder="…"),
                ]
            texts.append(f"{v:g}\n" + "\n".join(wrapped))
        else:
            texts.append(f"{v:g}")
    return values, texts


def positions_svg(
    issues: Sequence[IssuePanel],
    *,
    title: str = "Positions and salience",
    key: str = "positions",
) -> str:
    """Draw one panel per issue (module docstring) and return the figure as an SVG string."""
    from matplotlib import colormaps
    from matplotlib.colors import Normalize
    from matplotlib.lines import Line2D

    cmap = colormaps[POSITION_CMAP]
    caps = [s.capability for p in issues for s in p.stances]
    biggest = max(caps, default=1.0) or 1.0
    n = max(len(issues), 1)
    panel_h = 2.55
    head, foot = 0.45, 0.2
    height = head + foot + n * panel_h
    with _mpl.style():
        fig = _mpl.new_figure(7.6, height)
        rend = _mpl.renderer(fig)
        left_out = 0
        for k, issue in enumerate(issues):
            top = 1 - (head + k * panel_h) / height
            ax = fig.add_axes(
                (0.08, top - (panel_h - 0.75) / height, 0.9, (panel_h - 1.05) / height)
            )
            lo, hi = issue.scale
            span = (hi - lo) or 1.0
            ax.set_xlim(lo - 0.04 * span, hi + 0.04 * span)
            ax.set_ylim(-0.06, 1.17)
            ax.set_yticks([0, 0.5, 1.0])
            ticks, texts = scale_ticks(issue.scale, issue.labels)
            ax.set_xticks(ticks)
            ax.set_xticklabels(texts, fontsize=_mpl.FONT_SIZE - 1.5, linespacing=1.1)
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
            ax.set_ylabel("salience", fontsize=_mpl.FONT_SIZE - 0.5)
            ax.set_title(issue.label, loc="left", fontsize=_mpl.FONT_SIZE + 0.5, pad=4)
            norm = Normalize(vmin=lo, vmax=hi)
            marks = [("status_quo", issue.status_quo)]
            if issue.median is not None:
                marks.append(("median", issue.median))
            if issue.forecast is not None:
                marks.append(("forecast", issue.forecast))
            heights = {"status_quo": 1.06, "median": 1.1, "forecast": 1.14}
            for role_name, value in marks:
                role = ROLES[role_name]
                ax.plot(
                    [value, value],
                    [-0.06, heights[role_name]],
                    color=role.color,
                    linestyle=role.linestyle,
                    linewidth=1.4 if role_name == "forecast" else 1.1,
                    zorder=2,
                )
                ax.plot(
                    [value],
                    [heights[role_name]],
                    marker=role.marker,
                    color=role.color,
                    markeredgecolor=GREY_DARK if role_name == "median" else role.color,
                    markersize=6,
                    linestyle="none",
                    zorder=3,
                    clip_on=False,
                )
            to_display = ax.transData.transform
            stances = list(issue.stances)
            disp = [tuple(to_display((s.position, s.salience))) for s in stances]
            groups = group_close([(float(x), float(y)) for x, y in disp], tol=4.0)
            requests = []
            for members in sorted(groups, key=lambda g: -max(stances[i].capability for i in g)):
                group = [stances[i] for i in members]
                area = MIN_AREA + (MAX_AREA - MIN_AREA) * max(
                    max(s.capability for s in group) / biggest, 0.0
                )
                x = sum(s.position for s in group) / len(group)
                y = sum(s.salience for s in group) / len(group)
                focal = any(s.focal for s in group)
                ax.scatter(
                    [x],
                    [y],
                    s=[area],
                    c=[cmap(norm(x))],
                    edgecolors=GREY_DARK,
                    linewidths=0.6,
                    zorder=4,
                    alpha=0.95,
                )
                r = math.sqrt(area / math.pi)
                if focal:
                    ax.scatter(
                        [x],
                        [y],
                        s=[(2 * (r + 3.0)) ** 2],
                        facecolors="none",
                        edgecolors=ROLES["focal"].color,
                        linewidths=2.0,
                        zorder=5,
                    )
                    r += 4.0
                text = (
                    join_names([s.label for s in group], width=28)
                    if len(group) > 1
                    else group[0].label
                )
                requests.append(
                    LabelRequest(text, x, y, radius=r + 0.5, weight="bold" if focal else "normal")
                )
            (bx0, by0), (bx1, by1) = (
                to_display((lo - 0.04 * span, -0.06)),
                to_display((hi + 0.04 * span, 1.03)),
            )
            left_out += place_labels_count(
                ax,
                requests,
                renderer=rend,
                bounds=(float(bx0), float(by0), float(bx1), float(by1)),
                fontsize=_mpl.FONT_SIZE - 1.0,
                step=5.0,
                rings=16,
            )
        model = next((p.model for p in issues if p.model), "")
        handles = [
            Line2D(
                [],
                [],
                color=ROLES["status_quo"].color,
                linestyle=ROLES["status_quo"].linestyle,
                marker=ROLES["status_quo"].marker,
                markersize=5,
                label="status quo",
            ),
            Line2D(
                [],
                [],
                color=ROLES["median"].color,
                linestyle=ROLES["median"].linestyle,
                marker=ROLES["median"].marker,
                markeredgecolor=GREY_DARK,
                markersize=5,
                label="weighted median",
            ),
            Line2D(
                [],
                [],
                color=ROLES["forecast"].color,
                linestyle=ROLES["forecast"].linestyle,
                marker=ROLES["forecast"].marker,
                markersize=5,
                label=f"forecast ({model.upper()})" if model else "forecast",
            ),
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=7,
                markerfacecolor=GREY,
                markeredgecolor=GREY_DARK,
                label="area: capability",
            ),
        ]
        if any(s.focal for p in issues for s in p.stances):
            handles.append(_mpl.focal_handle(9))
        fig.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, 1.0),
            ncols=len(handles),
            fontsize=_mpl.FONT_SIZE - 1,
            handlelength=2.4,
            columnspacing=1.3,
        )
        return _mpl.figure_to_svg(fig, key, title, left_out)


__all__ = ["IssuePanel", "Stance", "positions_svg", "scale_ticks"]
