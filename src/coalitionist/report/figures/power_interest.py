"""The power–interest grid (Mendelow 1991): whom to manage closely, keep satisfied, keep informed or monitor.

Each actor is a point: across, its interest (salience on the main issue, 0–1); up, its power relative to the
strongest actor (0–1). The grid splits both axes at a threshold (0.5 by default) into Mendelow's four
quadrants, each titled with its advice above or below the plot so no title covers a point. Points are
filled by position on the main issue (the influence map's colours); the focal actor has a black ring.
Actors at the same spot share one marker and one label.

Reference: Mendelow, A. (1991). Stakeholder mapping. *Proceedings of the 2nd International Conference on
Information Systems*, Cambridge, MA. See also Eden, C. & Ackermann, F. (1998). *Making Strategy*, Sage.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from coalitionist.report.figures import _mpl
from coalitionist.report.figures.labels import (
    LabelRequest,
    group_close,
    join_names,
    place_labels,
    unlabelled,
)
from coalitionist.report.figures.palette import GREY, GREY_DARK, GREY_FAINT, POSITION_CMAP, ROLES

#: Mendelow's quadrants: (high power, high interest) → (title, advice).
QUADRANTS: dict[tuple[bool, bool], tuple[str, str]] = {
    (True, True): ("Manage closely", "key players: engage early and fully"),
    (True, False): ("Keep satisfied", "consult; raise their interest if they are allies"),
    (False, True): ("Keep informed", "inform and involve; potential allies"),
    (False, False): ("Monitor", "minimum effort; watch for changes"),
}


@dataclass(frozen=True)
class GridActor:
    """One actor: power and interest on [0, 1], its position on the main issue (None if not stated)."""

    id: str
    label: str
    power: float
    interest: float
    position: float | None = None
    focal: bool = False


def quadrant(power: float, interest: float, threshold: float = 0.5) -> tuple[str, str]:
    """Mendelow's quadrant (title, advice) of a point; a point on a threshold counts as high."""
    return QUADRANTS[(power >= threshold, interest >= threshold)]


def power_interest_svg(
    actors: Sequence[GridActor],
    *,
    power_label: str = "power (strongest = 1)",
    interest_label: str = "interest: salience on the main issue",
    scale: tuple[float, float] = (0.0, 100.0),
    scale_labels: Mapping[float, str] | None = None,
    threshold: float = 0.5,
    title: str = "Power–interest grid",
    key: str = "power_interest",
) -> str:
    """Draw the grid (module docstring) and return it as an SVG string.

    ``scale`` and ``scale_labels`` are the main issue's scale and the words for its values (the colour key
    names the two ends).
    """
    words = dict(scale_labels or {})

    def end(v: float) -> str:
        w = words.get(v)
        if w and w != f"{v:g}":
            return f"{v:g}: " + textwrap.shorten(w, width=28, placeholder="…")
        return f"position {v:g}"

    from matplotlib import colormaps
    from matplotlib.colors import Normalize
    from matplotlib.lines import Line2D

    cmap = colormaps[POSITION_CMAP]
    norm = Normalize(vmin=scale[0], vmax=scale[1])
    with _mpl.style():
        fig = _mpl.new_figure(7.6, 5.4)
        ax = fig.add_axes((0.09, 0.1, 0.88, 0.8))
        lo, hi = -0.04, 1.04
        band = 0.13
        ax.set_xlim(lo, hi)
        ax.set_ylim(lo - band, hi + band)
        ax.axvline(threshold, color=GREY, linewidth=0.8, zorder=1)
        ax.plot([lo, hi], [threshold, threshold], color=GREY, linewidth=0.8, zorder=1)
        ax.fill_between([threshold, hi], threshold, hi, color=GREY_FAINT, zorder=0, linewidth=0)
        for y0 in (lo, hi):
            ax.plot([lo, hi], [y0, y0], color=GREY, linewidth=0.4, zorder=1)
        ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.set_xlabel(interest_label)
        ax.set_ylabel(power_label)
        ax.yaxis.set_label_coords(-0.06, 0.5)
        reserved = []
        rend = _mpl.renderer(fig)
        for (high_power, high_interest), (name, advice) in QUADRANTS.items():
            x = (lo + threshold) / 2 if not high_interest else (threshold + hi) / 2
            y = hi + band / 2 if high_power else lo - band / 2
            t = ax.text(
                x,
                y,
                f"{name}\n{advice}",
                ha="center",
                va="center",
                fontsize=_mpl.FONT_SIZE - 0.5,
                color=GREY_DARK,
                linespacing=1.3,
            )
            t.set_fontweight("normal")
            bb = t.get_window_extent(rend)
            reserved.append((bb.x0, bb.y0, bb.x1, bb.y1))
        to_display = ax.transData.transform
        disp = [tuple(to_display((a.interest, a.power))) for a in actors]
        groups = group_close([(float(x), float(y)) for x, y in disp], tol=4.0)
        markers = []
        requests = []
        size = 70.0
        r = math.sqrt(size / math.pi)
        for members in sorted(groups, key=lambda g: -max(actors[i].power for i in g)):
            first = actors[members[0]]
            group = [actors[i] for i in members]
            x = sum(a.interest for a in group) / len(group)
            y = sum(a.power for a in group) / len(group)
            positions = [a.position for a in group if a.position is not None]
            face = cmap(norm(sum(positions) / len(positions))) if positions else "white"
            ax.scatter(
                [x],
                [y],
                s=[size * (1.0 if len(group) == 1 else 1.6)],
                c=[face],
                edgecolors=GREY_DARK,
                linewidths=0.6,
                zorder=4,
            )
            focal = any(a.focal for a in group)
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
            markers.append((x, y, r + (4.0 if focal else 0.0)))
            names = [a.label for a in group]
            text = join_names(names, width=30) if len(group) > 1 else first.label
            requests.append(
                LabelRequest(
                    text,
                    x,
                    y,
                    radius=r + (4.0 if focal else 1.0),
                    weight="bold" if focal else "normal",
                )
            )
        (bx0, by0), (bx1, by1) = to_display((lo, lo)), to_display((hi, hi))
        placed = place_labels(
            ax,
            requests,
            renderer=rend,
            reserved=reserved,
            bounds=(float(bx0), float(by0), float(bx1), float(by1)),
            fontsize=_mpl.FONT_SIZE - 0.5,
        )
        handles = [
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=8,
                markerfacecolor=cmap(0.0),
                markeredgecolor=GREY_DARK,
                label=end(scale[0]),
            ),
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=8,
                markerfacecolor=cmap(1.0),
                markeredgecolor=GREY_DARK,
                label=end(scale[1]),
            ),
        ]
        if any(a.focal for a in actors):
            handles.append(_mpl.focal_handle(10))
        fig.legend(
            handles=handles,
            loc="upper right",
            bbox_to_anchor=(0.985, 0.995),
            ncols=len(handles),
            fontsize=_mpl.FONT_SIZE - 1,
            handletextpad=0.3,
            columnspacing=1.2,
        )
        return _mpl.figure_to_svg(fig, key, title, unlabelled(placed))


__all__ = ["QUADRANTS", "GridActor", "power_interest_svg", "quadrant"]
