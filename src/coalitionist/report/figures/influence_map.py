"""The influence map: who is tied to whom, how strongly, in which direction, and with what sign.

Actors are circles whose *area* is proportional to their influence (the influence score when the analysis
has run, else capability), filled by their position on the main issue (:data:`~.palette.POSITION_CMAP`,
lightness rising with the position, so it reads in greyscale). Ties are drawn by type (line style), weight
(line width) and direction (arrow heads; mutual ties have none); hostile ties are dotted, vermillion and end in
a bar, so they stand out in black and white. Rings mark the focal actor (black), the likely coalition (sky
blue) and the adverse coalition (dashed vermillion).

Layout: the Fruchterman–Reingold force-directed layout of networkx (:func:`networkx.spring_layout`) with a
fixed seed, friendly ties pulling by their weight and hostile ties only weakly; actors with no tie sit in a
row below the network. Labels are placed by :func:`~.labels.place_labels` (no overlaps).

Reference: Fruchterman, T. M. J. & Reingold, E. M. (1991). Graph drawing by force-directed placement.
*Software: Practice and Experience* 21(11), 1129–1164.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from coalitionist.report.figures import _mpl
from coalitionist.report.figures.labels import LabelRequest, place_labels, unlabelled
from coalitionist.report.figures.palette import GREY, GREY_DARK, POSITION_CMAP, ROLES

#: Line style of each tie type (hostile ties are always dotted).
TIE_DASHES: dict[str, Any] = {
    "alliance": "-",
    "influence": "-",
    "hierarchy": (0, (7.0, 2.0)),
    "funds": (0, (3.0, 2.0)),
    "dependency": (0, (5.0, 1.8, 1.2, 1.8)),
    "history": (0, (5.0, 1.5, 1.2, 1.5, 1.2, 1.5)),
    "member_of": (0, (1.5, 1.5, 5.0, 1.5)),
}
HOSTILE_DASH: Any = (0, (1.0, 1.6))

#: Marker areas (points²) of the weakest and strongest actor.
MIN_AREA, MAX_AREA = 45.0, 900.0


@dataclass(frozen=True)
class MapActor:
    """One actor on the map.

    ``size`` is its influence on any non-negative scale; ``position`` its position on the main issue (None
    when not stated).
    """

    id: str
    label: str
    size: float
    position: float | None = None
    focal: bool = False
    coalition: bool = False
    adverse: bool = False


@dataclass(frozen=True)
class MapTie:
    """One tie: ``source`` → ``target`` of a type, weight in [0, 1], sign ±1, possibly mutual."""

    source: str
    target: str
    type: str
    weight: float
    sign: int = 1
    mutual: bool = False


def wrap_label(text: str, width: int = 18) -> str:
    """Break a long name onto two lines at most (the rest is shortened with an ellipsis)."""
    if len(text) <= width:
        return text
    lines = textwrap.wrap(text, width=width, break_long_words=False)
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), width=width, placeholder="…")]
    return "\n".join(lines)


def edge_curve(
    p1: np.ndarray, p2: np.ndarray, rad: float, shrink_a: float, shrink_b: float, samples: int = 24
) -> np.ndarray | None:
    """Points of a gently curved edge from ``p1`` to ``p2`` (display units), cut ``shrink_a`` from ``p1``
    and ``shrink_b`` from ``p2``: the quadratic Bézier curve of matplotlib's ``arc3`` connection style
    (control point at the midpoint plus ``rad`` times the chord turned a quarter clockwise). None when the
    two ends are too close for anything to remain."""
    p1 = np.asarray(p1, dtype=float)
    p2 = np.asarray(p2, dtype=float)
    chord = p2 - p1
    control = (p1 + p2) / 2 + rad * np.array([chord[1], -chord[0]])

    def at(t: float) -> np.ndarray:
        return np.asarray((1 - t) ** 2 * p1 + 2 * (1 - t) * t * control + t**2 * p2)

    def cut(target: np.ndarray, dist: float, inside: float, outside: float) -> float:
        # Bisection on t for |B(t) - target| = dist (the distance is monotone along a gentle curve).
        for _ in range(40):
            mid = (inside + outside) / 2
            if np.hypot(*(at(mid) - target)) < dist:
                inside = mid
            else:
                outside = mid
        return (inside + outside) / 2

    if np.hypot(*chord) <= shrink_a + shrink_b + 1.0:
        return None
    t0 = cut(p1, shrink_a, 0.0, 0.5)
    t1 = cut(p2, shrink_b, 1.0, 0.5)
    if t1 <= t0:
        return None
    return np.array([at(t) for t in np.linspace(t0, t1, samples)])


def curvatures(ties: Sequence[MapTie]) -> list[float]:
    """The ``arc3`` curvature of each tie, so that several ties between the same two actors never lie on
    top of each other: in a frame fixed per pair, the j-th tie gets offsets 0.06, −0.06, 0.22, −0.22, …
    (a tie drawn the other way round takes the opposite sign, which puts it on the same side)."""
    seen: dict[tuple[str, str], int] = {}
    out = []
    for t in ties:
        a, b = sorted((t.source, t.target))
        j = seen.get((a, b), 0)
        seen[(a, b)] = j + 1
        offset = (0.06 + 0.16 * (j // 2)) * (1 if j % 2 == 0 else -1)
        out.append(offset if (t.source, t.target) == (a, b) else -offset)
    return out


def colour_key(
    cax: Any,
    cmap: Any,
    scale: tuple[float, float],
    scale_labels: Mapping[float, str] | None,
    steps: int = 64,
) -> None:
    """A vertical colour key on ``cax``, drawn as overlapping vector bands (a matplotlib colour bar would
    embed a bitmap, or show hairline seams between its steps), with ticks at the scale's ends and at the
    values the scenario names (three at most)."""
    from matplotlib.patches import Rectangle

    lo, hi = scale
    span = (hi - lo) or 1.0
    height = span / steps
    for k in range(steps):
        y = lo + k * height
        # each band reaches into the next so that no seam shows between them
        top = min(height * 1.8, hi - y)
        cax.add_patch(
            Rectangle((0, y), 1, top, facecolor=cmap((k + 0.5) / steps), linewidth=0, zorder=1)
        )
    cax.set_xlim(0, 1)
    cax.set_ylim(lo, hi)
    cax.set_xticks([])
    for side in cax.spines.values():
        side.set_linewidth(0.4)
    cax.yaxis.tick_right()
    marks = {v: w for v, w in (scale_labels or {}).items() if w != f"{v:g}"}
    ticks = sorted({lo, hi, *(v for v in marks if lo <= v <= hi)})
    if len(ticks) > 4:
        ticks = [ticks[0], ticks[len(ticks) // 2], ticks[-1]]
    cax.set_yticks(ticks)
    cax.set_yticklabels(
        [f"{v:g} " + textwrap.fill(marks[v], width=20) if v in marks else f"{v:g}" for v in ticks]
    )
    cax.tick_params(axis="y", labelsize=_mpl.FONT_SIZE - 1.5, length=2)


def layout(
    actors: Sequence[MapActor], ties: Sequence[MapTie], *, seed: int = 0
) -> dict[str, tuple[float, float]]:
    """Positions in the unit square: the tied actors by a seeded spring layout, the others in a row below."""
    import networkx as nx

    ids = [a.id for a in actors]
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(ids)
    for t in ties:
        if t.source == t.target or t.source not in graph or t.target not in graph:
            continue
        w = max(t.weight, 0.05) * (1.0 if t.sign > 0 else 0.15)
        if graph.has_edge(t.source, t.target):
            graph[t.source][t.target]["weight"] += w
        else:
            graph.add_edge(t.source, t.target, weight=w)
    tied = [i for i in ids if graph.degree(i) > 0]
    loose = [i for i in ids if graph.degree(i) == 0]
    pos: dict[str, tuple[float, float]] = {}
    top = 1.0
    if tied:
        # not graph.subgraph(tied): a subgraph view iterates its nodes from a set, so the layout's start
        # (and so the picture) followed PYTHONHASHSEED; removing the loose actors keeps the file's order
        graph.remove_nodes_from(loose)
        sub = graph
        n = len(tied)
        init = nx.circular_layout(sub)
        raw = nx.spring_layout(
            sub, pos=init, k=1.8 / math.sqrt(n), iterations=500, weight="weight", seed=seed
        )
        xy = np.array([raw[i] for i in tied], dtype=float)
        lo, hi = xy.min(axis=0), xy.max(axis=0)
        span = np.where(hi - lo > 1e-12, hi - lo, 1.0)
        bottom = 0.16 if loose else 0.0
        xy = (xy - lo) / span
        xy[:, 1] = bottom + xy[:, 1] * (top - bottom)
        if n == 1:
            xy[:] = (0.5, (bottom + top) / 2)
        pos.update({i: (float(x), float(y)) for i, (x, y) in zip(tied, xy, strict=True)})
    if loose:
        k = len(loose)
        for j, i in enumerate(loose):
            x = 0.5 if k == 1 else j / (k - 1)
            pos[i] = (0.1 + 0.8 * x if k > 1 else 0.5, 0.0 if tied else 0.5)
    return pos


def influence_map_svg(
    actors: Sequence[MapActor],
    ties: Sequence[MapTie],
    *,
    issue_label: str = "",
    scale: tuple[float, float] = (0.0, 100.0),
    scale_labels: Mapping[float, str] | None = None,
    size_label: str = "influence",
    seed: int = 0,
    title: str = "Influence map",
    key: str = "influence_map",
) -> str:
    """Draw the influence map (module docstring) and return it as an SVG string.

    Parameters
    ----------
    actors, ties : sequences of MapActor, MapTie
        The actors (drawn in this order, labelled largest first) and their ties.
    issue_label, scale, scale_labels : str, (float, float), mapping
        The main issue, its scale and the words for some of its values (shown on the colour key).
    size_label : str
        What circle area stands for (``"influence score"`` or ``"capability"``).
    seed : int
        Seed of the layout (same seed, same picture).
    """
    from matplotlib import colormaps
    from matplotlib.colors import Normalize
    from matplotlib.lines import Line2D

    cmap = colormaps[POSITION_CMAP]
    norm = Normalize(vmin=scale[0], vmax=scale[1])
    by_id = {a.id: a for a in actors}
    pos = layout(actors, ties, seed=seed)
    biggest = max((a.size for a in actors), default=1.0) or 1.0
    area = {a.id: MIN_AREA + (MAX_AREA - MIN_AREA) * max(a.size, 0.0) / biggest for a in actors}
    radius = {i: math.sqrt(s / math.pi) for i, s in area.items()}  # points

    with _mpl.style():
        fig = _mpl.new_figure(7.6, 5.6)
        ax = fig.add_axes((0.01, 0.01, 0.72, 0.98))
        ax.set_axis_off()
        pad_x, pad_y = 0.09, 0.07
        ax.set_xlim(-pad_x, 1 + pad_x)
        ax.set_ylim(-pad_y, 1 + pad_y)
        loose = [a for a in actors if not any(a.id in (t.source, t.target) for t in ties)]
        loose_note = None
        if loose and len(loose) < len(actors):
            ax.axhline(
                0.085, xmin=0.05, xmax=0.95, color=GREY, linewidth=0.4, linestyle=(0, (2, 2))
            )
            loose_note = ax.text(
                0.5, 0.095, "no recorded ties", ha="center", va="bottom", color=GREY, fontsize=7
            )
        rads = curvatures(ties)
        to_data = ax.transData.inverted().transform
        for t, rad in zip(ties, rads, strict=True):
            if t.source not in pos or t.target not in pos or t.source == t.target:
                continue
            hostile = t.sign < 0
            color = ROLES["tie_hostile" if hostile else "tie_friendly"].color
            width = 0.5 + 1.5 * min(max(t.weight, 0.0), 1.0)
            p1 = ax.transData.transform(pos[t.source])
            p2 = ax.transData.transform(pos[t.target])
            head = 0.0 if t.mutual else (5.5 if not hostile else 1.0)
            curve = edge_curve(p1, p2, rad, radius[t.source] + 2.0, radius[t.target] + 2.0 + head)
            if curve is None:
                continue
            line = to_data(curve)
            if hostile:
                dash: Any = HOSTILE_DASH
            else:
                dash = TIE_DASHES.get(t.type, "-")
            effects = None
            if t.type == "alliance" and not hostile:
                from matplotlib import patheffects

                effects = [
                    patheffects.Stroke(linewidth=width + 2.2, foreground=color),
                    patheffects.Normal(),
                ]
                ax.plot(*line.T, color="white", linewidth=0.9, zorder=2, path_effects=effects)
            else:
                ax.plot(*line.T, color=color, linewidth=width, linestyle=dash, zorder=2, alpha=0.95)
            tip, back = curve[-1], curve[-2]
            direction = tip - back
            norm_d = float(np.hypot(*direction)) or 1.0
            u = direction / norm_d
            n_vec = np.array([-u[1], u[0]])
            if hostile:  # a solid bar across the end (both ends when mutual)
                for end_pt, sgn in ((tip, 1.0), (curve[0], -1.0)) if t.mutual else ((tip, 1.0),):
                    bar = np.array([end_pt + 4.0 * n_vec, end_pt - 4.0 * n_vec])
                    ax.plot(*to_data(bar).T, color=color, linewidth=1.4, zorder=2.5)
                    del sgn
            elif not t.mutual:
                apex = tip + u * head
                tri = np.array([apex, tip + 2.6 * n_vec, tip - 2.6 * n_vec])
                ax.fill(*to_data(tri).T, color=color, linewidth=0, zorder=2.5)
        ids = [a.id for a in actors]
        xs = [pos[i][0] for i in ids]
        ys = [pos[i][1] for i in ids]
        faces = [
            cmap(norm(a.position)) if a.position is not None else (1.0, 1.0, 1.0, 1.0)
            for a in actors
        ]
        ax.scatter(
            xs,
            ys,
            s=[area[i] for i in ids],
            c=faces,
            edgecolors=[GREY_DARK if a.position is None else "white" for a in actors],
            linewidths=0.8,
            zorder=4,
        )
        for a in actors:
            x, y = pos[a.id]
            r = radius[a.id]
            rings: list[tuple[str, float, object, float]] = []
            offset = 2.2
            if a.focal:
                rings.append(("focal", offset, ROLES["focal"].linestyle, 2.0))
                offset += 3.0
            if a.coalition:
                rings.append(("coalition", offset, ROLES["coalition"].linestyle, 2.4))
                offset += 3.0
            if a.adverse:
                rings.append(("adverse", offset, ROLES["adverse"].linestyle, 1.6))
                offset += 3.0
            for role_name, off, ls, lw in rings:
                ax.scatter(
                    [x],
                    [y],
                    s=[(2 * (r + off)) ** 2],
                    facecolors="none",
                    edgecolors=ROLES[role_name].color,
                    linewidths=lw,
                    linestyles=[ls],
                    zorder=5,
                )
            radius[a.id] = r + (offset - 2.2) + (1.0 if rings else 0.0)
        rend = _mpl.renderer(fig)
        order = sorted(actors, key=lambda a: (not a.focal, -a.size, a.label))
        requests = [
            LabelRequest(
                wrap_label(a.label),
                pos[a.id][0],
                pos[a.id][1],
                radius=radius[a.id],
                weight="bold" if a.focal else "normal",
            )
            for a in order
        ]
        reserved = []
        if loose_note is not None:
            bb = loose_note.get_window_extent(rend)
            reserved.append((bb.x0, bb.y0, bb.x1, bb.y1))
        placed = place_labels(
            ax, requests, renderer=rend, reserved=reserved, fontsize=_mpl.FONT_SIZE - 0.5
        )

        # Key: positions (colour bar), ties present, rings present, size.
        cax = fig.add_axes((0.79, 0.52, 0.025, 0.3))
        colour_key(cax, cmap, scale, scale_labels)
        cax.set_title(
            textwrap.fill(f"Position: {issue_label}" if issue_label else "Position", 24),
            fontsize=_mpl.FONT_SIZE - 1,
            loc="left",
            pad=18,
        )
        handles: list[Any] = []
        types_present = [k for k in TIE_DASHES if any(x.type == k and x.sign > 0 for x in ties)]
        for kind in types_present:
            if kind == "alliance":
                from matplotlib import patheffects

                handles.append(
                    Line2D(
                        [],
                        [],
                        color="white",
                        linewidth=0.9,
                        path_effects=[
                            patheffects.Stroke(
                                linewidth=3.4, foreground=ROLES["tie_friendly"].color
                            ),
                            patheffects.Normal(),
                        ],
                        label="alliance (mutual)",
                    )
                )
                continue
            handles.append(
                Line2D(
                    [],
                    [],
                    color=ROLES["tie_friendly"].color,
                    linestyle=TIE_DASHES[kind],
                    linewidth=1.3,
                    label=kind.replace("_", " "),
                )
            )
        if any(x.sign < 0 for x in ties):
            handles.append(
                Line2D(
                    [],
                    [],
                    color=ROLES["tie_hostile"].color,
                    linestyle=HOSTILE_DASH,
                    linewidth=1.5,
                    label="hostile (any type)",
                )
            )
        ring_labels = (
            ("focal", "focal actor", 2.0),
            ("coalition", "likely coalition", 2.4),
            ("adverse", "adverse coalition", 1.6),
        )
        for role_name, text, width in ring_labels:
            if any(getattr(a, role_name) for a in actors):
                # A scatter as the legend's handle, so that its key shows the ring's dashes too.
                handles.append(
                    ax.scatter(
                        [],
                        [],
                        s=[110],
                        facecolors="none",
                        edgecolors=ROLES[role_name].color,
                        linewidths=width,
                        linestyles=[ROLES[role_name].linestyle],
                        label=text,
                    )
                )
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=7,
                markerfacecolor=GREY,
                markeredgecolor="white",
                label=f"area: {size_label}",
            )
        )
        if any(a.position is None for a in actors):
            handles.append(
                Line2D(
                    [],
                    [],
                    linestyle="none",
                    marker="o",
                    markersize=7,
                    markerfacecolor="white",
                    markeredgecolor=GREY_DARK,
                    label="no stated position",
                )
            )
        if ties:
            handles.append(Line2D([], [], linestyle="none", label="arrows: direction of the tie"))
        fig.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(0.755, 0.46),
            handlelength=2.6,
            borderaxespad=0.0,
            labelspacing=0.55,
            fontsize=_mpl.FONT_SIZE - 1,
        )
        del by_id
        return _mpl.figure_to_svg(fig, key, title, unlabelled(placed))


__all__ = [
    "MapActor",
    "MapTie",
    "curvatures",
    "edge_curve",
    "influence_map_svg",
    "layout",
    "wrap_label",
]
