"""Point labels that never overlap: greedy candidate-position placement with leader lines.

The classic cartographic approach (Imhof 1975; Christensen, Marks & Shieber 1995): labels are placed one at a
time, most important first; each tries candidate positions around its point — the eight compass positions,
on rings of growing radius — and takes the first whose box stays inside the plot, clear of every label
already placed, of every marker (circles) and of reserved areas (boxes). A label that had to move away from
its point gets a thin leader line. Boxes are measured with the renderer's own font metrics, in display units
(points at 72 dpi), with a small margin for fonts that render a little wider in a browser.

References
----------
Imhof, E. (1975). Positioning names on maps. *The American Cartographer* 2(2), 128–144.
Christensen, J., Marks, J. & Shieber, S. (1995). An empirical study of algorithms for point-feature label
placement. *ACM Transactions on Graphics* 14(3), 203–232.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in display units

#: Compass candidates in order of preference (right first, as readers scan left to right).
DIRECTIONS: tuple[tuple[float, float], ...] = (
    (1.0, 0.0),
    (1.0, 1.0),
    (1.0, -1.0),
    (-1.0, 0.0),
    (-1.0, 1.0),
    (-1.0, -1.0),
    (0.0, 1.0),
    (0.0, -1.0),
)

#: Radius (points) from which a marker counts as big: its label goes above or below it first, where it
#: reads as the marker's own even with neighbours close by.
BIG_MARKER = 12.0

#: Candidates for big markers: above, below, then the sides and the corners.
BIG_DIRECTIONS: tuple[tuple[float, float], ...] = (
    (0.0, 1.0),
    (0.0, -1.0),
    (1.0, 0.0),
    (-1.0, 0.0),
    (1.0, 1.0),
    (-1.0, 1.0),
    (1.0, -1.0),
    (-1.0, -1.0),
)

#: Further candidates on the outer rings: sixteen directions.
DIRECTIONS_16: tuple[tuple[float, float], ...] = DIRECTIONS + tuple(
    (math.cos(math.radians(a)), math.sin(math.radians(a)))
    for a in (22.5, 67.5, 112.5, 157.5, 202.5, 247.5, 292.5, 337.5)
)


@dataclass(frozen=True)
class LabelRequest:
    """One label to place: its text, its point (data coordinates) and the radius of its marker (points)."""

    text: str
    x: float
    y: float
    radius: float = 3.0
    weight: str = "normal"
    size: float | None = None
    color: str = "#1B1F24"


@dataclass
class Placement:
    """Where a label went (display units), whether it needed a leader line, and whether it overlaps."""

    request: LabelRequest
    box: Box
    leader: bool
    clear: bool
    artist: Any = field(default=None, repr=False)


def boxes_overlap(a: Box, b: Box, margin: float = 0.0) -> bool:
    """Whether two boxes intersect (touching within ``margin`` counts)."""
    return not (
        a[2] + margin <= b[0]
        or b[2] + margin <= a[0]
        or a[3] + margin <= b[1]
        or b[3] + margin <= a[1]
    )


def overlap_area(a: Box, b: Box) -> float:
    """Area of the intersection of two boxes."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return max(w, 0.0) * max(h, 0.0)


def circle_hits_box(cx: float, cy: float, r: float, box: Box) -> bool:
    """Whether a circle intersects a box."""
    nx = min(max(cx, box[0]), box[2])
    ny = min(max(cy, box[1]), box[3])
    return (cx - nx) ** 2 + (cy - ny) ** 2 < r * r


def _candidate(
    cx: float, cy: float, d: float, direction: tuple[float, float], w: float, h: float
) -> Box:
    dx, dy = direction
    norm = math.hypot(dx, dy)
    px, py = cx + d * dx / norm, cy + d * dy / norm
    eps = 1e-9
    x0 = px if dx > eps else px - w if dx < -eps else px - w / 2
    y0 = py if dy > eps else py - h if dy < -eps else py - h / 2
    return (x0, y0, x0 + w, y0 + h)


def candidate_boxes(
    cx: float,
    cy: float,
    radius: float,
    w: float,
    h: float,
    *,
    gap: float = 2.0,
    step: float = 7.0,
    rings: int = 14,
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Every candidate box of a ``w`` × ``h`` label around a marker of ``radius`` at ``(cx, cy)``, in order of
    preference, with the ring each lies on: ring 0 holds the eight compass positions (above and below first
    for big markers), rings 1… sixteen directions each, ``step`` further out every ring."""
    boxes: list[Box] = []
    ring: list[int] = []
    for k in range(rings + 1):
        d = radius + gap + k * step
        if k > 0:
            order = DIRECTIONS_16
        elif radius >= BIG_MARKER:
            order = BIG_DIRECTIONS
        else:
            order = DIRECTIONS
        for direction in order:
            boxes.append(_candidate(cx, cy, d, direction, w, h))
            ring.append(k)
    return np.asarray(boxes, dtype=np.float64), np.asarray(ring, dtype=np.int64)


def candidate_costs(
    cands: NDArray[np.float64],
    placed: NDArray[np.float64],
    circles: NDArray[np.float64],
    margin: float,
    area: float,
) -> NDArray[np.float64]:
    """How much each candidate box collides: the area it shares (grown by ``margin``) with the boxes already
    placed, plus a quarter of the label's ``area`` for every circle ``(x, y, r)`` it touches (within
    ``margin``). Zero means free. Vectorised over candidates × obstacles."""
    hit = np.zeros(len(cands))
    if len(placed):
        grown = cands + np.array([-margin, -margin, margin, margin])
        ow = np.minimum(grown[:, None, 2], placed[None, :, 2]) - np.maximum(
            grown[:, None, 0], placed[None, :, 0]
        )
        oh = np.minimum(grown[:, None, 3], placed[None, :, 3]) - np.maximum(
            grown[:, None, 1], placed[None, :, 1]
        )
        hit += (np.clip(ow, 0, None) * np.clip(oh, 0, None)).sum(axis=1)
    if len(circles):
        nx = np.clip(circles[None, :, 0], cands[:, None, 0], cands[:, None, 2])
        ny = np.clip(circles[None, :, 1], cands[:, None, 1], cands[:, None, 3])
        d2 = (circles[None, :, 0] - nx) ** 2 + (circles[None, :, 1] - ny) ** 2
        hit += (d2 < (circles[None, :, 2] + margin) ** 2).sum(axis=1) * (area * 0.25)
    return hit


def place_labels(
    ax: Any,
    requests: Sequence[LabelRequest],
    *,
    renderer: Any,
    markers: Sequence[tuple[float, float, float]] = (),
    reserved: Sequence[Box] = (),
    bounds: Box | None = None,
    fontsize: float = 8.0,
    gap: float = 2.0,
    step: float = 7.0,
    rings: int = 14,
    margin: float = 1.5,
    leader_color: str = "#8C8C8C",
    zorder: float = 6.0,
    halo: bool = True,
    drop: bool = True,
) -> list[Placement]:
    """Place every label of ``requests`` (in that order) on ``ax`` without overlaps; see the module docstring.

    Parameters
    ----------
    ax : matplotlib Axes
        Its data limits must be final: positions are computed in display units.
    requests : sequence of LabelRequest
        Most important first.
    renderer : matplotlib renderer
        Measures the text.
    markers : sequence of (x, y, radius)
        Circles (data x, data y, radius in points) that labels must not cover; each request's own marker is
        included automatically.
    reserved : sequence of Box
        Display-unit boxes to keep clear (legends, annotations).
    bounds : Box, optional
        Display box every label must stay inside (default: the axes).
    gap, step, rings : float, float, int
        Distance from the marker's edge to the nearest label corner, the step between rings and their number.
    margin : float
        Extra clearance between boxes.
    halo : bool
        Put a translucent white box behind each label so lines under it do not cut through the letters.
    drop : bool
        Leave out a label that finds no free position (``clear`` False, no artist) rather than let it
        overlap; with ``drop=False`` it goes where it overlaps least.

    Returns
    -------
    list of Placement
        In the order of ``requests``; ``clear`` is False for a label that found no free position (it is then
        left out, or placed where it overlaps least when ``drop`` is False).
    """
    to_display = ax.transData.transform
    to_data = ax.transData.inverted().transform
    if bounds is None:
        bb = ax.get_window_extent(renderer)
        bounds = (bb.x0, bb.y0, bb.x1, bb.y1)
    circles = [(*to_display((x, y)), r) for x, y, r in markers]
    circles += [(*to_display((q.x, q.y)), q.radius) for q in requests]
    circle_arr = np.asarray(circles, dtype=float).reshape(-1, 3)
    placed: list[Box] = list(reserved)
    out: list[Placement] = []
    # one probe measures every label (a new Text per label cost more than its measurement)
    probe = ax.text(0, 0, "", ha="left", va="baseline")
    for q in requests:
        size = q.size if q.size is not None else fontsize
        probe.set_text(q.text)
        probe.set_fontsize(size)
        probe.set_fontweight(q.weight)
        ext = probe.get_window_extent(renderer)
        w, h = ext.width, ext.height
        cx, cy = to_display((q.x, q.y))
        cands, ring = candidate_boxes(
            float(cx), float(cy), q.radius, w, h, gap=gap, step=step, rings=rings
        )
        inside = (
            (cands[:, 0] >= bounds[0])
            & (cands[:, 1] >= bounds[1])
            & (cands[:, 2] <= bounds[2])
            & (cands[:, 3] <= bounds[3])
        )
        hit = candidate_costs(cands, np.asarray(placed).reshape(-1, 4), circle_arr, margin, w * h)
        free = np.flatnonzero(inside & (hit == 0.0))
        clear = len(free) > 0
        if clear:
            c = int(free[0])
        elif inside.any():
            c = int(np.argmin(np.where(inside, hit, np.inf)))
        else:
            c = -1
        if c >= 0:
            chosen = (cast(Box, tuple(float(v) for v in cands[c])), int(ring[c]))
        else:  # nothing fits inside the bounds: centre it on the point
            chosen = ((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2), 0)
        if not clear and drop:
            out.append(Placement(q, chosen[0], False, False, None))
            continue
        box, k = chosen
        placed.append(box)
        # The text's own descent: anchor at the box's bottom-left with va="bottom".
        x0, y0 = to_data((box[0], box[1]))
        artist = ax.text(
            x0,
            y0,
            q.text,
            fontsize=size,
            fontweight=q.weight,
            color=q.color,
            ha="left",
            va="bottom",
            zorder=zorder,
            bbox={"boxstyle": "square,pad=0.05", "fc": "white", "ec": "none", "alpha": 0.8}
            if halo
            else None,
        )
        leader = k > 0
        if leader:
            bx = min(max(cx, box[0]), box[2])
            by = min(max(cy, box[1]), box[3])
            dist = math.hypot(bx - cx, by - cy)
            if dist > q.radius + 1.0:
                sx = cx + (bx - cx) * q.radius / dist
                sy = cy + (by - cy) * q.radius / dist
                (lx0, ly0), (lx1, ly1) = to_data((sx, sy)), to_data((bx, by))
                ax.plot(
                    [lx0, lx1],
                    [ly0, ly1],
                    color=leader_color,
                    linewidth=0.5,
                    zorder=zorder - 0.5,
                    solid_capstyle="butt",
                )
        out.append(Placement(q, box, leader, clear, artist))
    probe.remove()
    return out


def place_labels_count(ax: Any, requests: Sequence[LabelRequest], **options: Any) -> int:
    """:func:`place_labels`, returning how many labels were left out for lack of room."""
    return unlabelled(place_labels(ax, requests, **options))


def unlabelled(placements: Sequence[Placement]) -> int:
    """How many labels were left out for lack of room."""
    return sum(1 for p in placements if p.artist is None)


def group_close(points: Sequence[tuple[float, float]], tol: float) -> list[list[int]]:
    """Indices of points grouped when closer than ``tol`` (single linkage, in input order).

    Points that coincide get one marker and one label listing them all, instead of labels fighting for the
    same spot.
    """
    parent = list(range(len(points)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (xi, yi) in enumerate(points):
        for j in range(i):
            xj, yj = points[j]
            if math.hypot(xi - xj, yi - yj) < tol:
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[int]] = {}
    for i in range(len(points)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def join_names(names: Sequence[str], width: int = 30, max_lines: int = 3) -> str:
    """Names as one label over at most ``max_lines`` lines of about ``width`` characters (``A, B, C``); when
    they do not fit, the last line says how many more there are (``+ 2 more``)."""
    lines: list[list[str]] = []
    for name in names:
        if lines and len(", ".join([*lines[-1], name])) <= width:
            lines[-1].append(name)
        else:
            lines.append([name])
    if len(lines) > max_lines:
        shown = lines[: max_lines - 1]
        hidden = len(names) - sum(len(line) for line in shown)
        return "\n".join([", ".join(line) + "," for line in shown] + [f"+ {hidden} more"])
    return "\n".join(
        ", ".join(line) + ("," if k < len(lines) - 1 else "") for k, line in enumerate(lines)
    )


__all__ = [
    "BIG_DIRECTIONS",
    "BIG_MARKER",
    "DIRECTIONS",
    "Box",
    "LabelRequest",
    "Placement",
    "boxes_overlap",
    "candidate_boxes",
    "candidate_costs",
    "circle_hits_box",
    "group_close",
    "join_names",
    "overlap_area",
    "place_labels",
    "place_labels_count",
    "unlabelled",
]
