"""Label placement: the geometry helpers against brute force, and no overlaps as measured independently.

Overlaps are measured on the SVG the figure becomes, by ``report_svg_geometry`` (Pillow's FreeType on the
DejaVu font files), not by the matplotlib measurements the placement used.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from report_svg_geometry import overlapping_texts, text_boxes

from coalitionist.report.figures import _mpl
from coalitionist.report.figures.labels import (
    LabelRequest,
    boxes_overlap,
    candidate_boxes,
    candidate_costs,
    circle_hits_box,
    group_close,
    join_names,
    overlap_area,
    place_labels,
)

coord = st.floats(-50, 50, allow_nan=False)


@st.composite
def boxes(draw: st.DrawFn) -> tuple[float, float, float, float]:
    x0, y0 = draw(coord), draw(coord)
    return (x0, y0, x0 + draw(st.floats(0.5, 30)), y0 + draw(st.floats(0.5, 30)))


def _grid_overlap(a: tuple[float, ...], b: tuple[float, ...], n: int = 60) -> float:
    # Brute force: the fraction of a fine grid over box a that lies strictly inside box b, times a's area.
    xs = np.linspace(a[0], a[2], n + 1)[:-1] + (a[2] - a[0]) / (2 * n)
    ys = np.linspace(a[1], a[3], n + 1)[:-1] + (a[3] - a[1]) / (2 * n)
    gx, gy = np.meshgrid(xs, ys)
    inside = (gx > b[0]) & (gx < b[2]) & (gy > b[1]) & (gy < b[3])
    return float(inside.mean() * (a[2] - a[0]) * (a[3] - a[1]))


@settings(max_examples=150, deadline=None)
@given(boxes(), boxes())
def test_overlap_area_matches_a_grid_count(a: tuple[float, ...], b: tuple[float, ...]) -> None:
    area = overlap_area(a, b)  # type: ignore[arg-type]
    cell = (a[2] - a[0]) * (a[3] - a[1]) / 60  # one grid row or column of a
    assert abs(area - _grid_overlap(a, b)) <= 2 * cell + 1e-9
    if area > 0:
        assert boxes_overlap(a, b)  # type: ignore[arg-type]
    if not boxes_overlap(a, b):  # type: ignore[arg-type]
        assert area == 0


@settings(max_examples=150, deadline=None)
@given(coord, coord, st.floats(0.5, 20), boxes())
def test_circle_hits_box_matches_sampling(
    cx: float, cy: float, r: float, box: tuple[float, ...]
) -> None:
    hit = circle_hits_box(cx, cy, r, box)  # type: ignore[arg-type]
    # Brute force: sample the box's boundary and interior finely; a hit needs a point strictly inside the disc.
    xs = np.linspace(box[0], box[2], 120)
    ys = np.linspace(box[1], box[3], 120)
    gx, gy = np.meshgrid(xs, ys)
    d = np.hypot(gx - cx, gy - cy)
    step = max(box[2] - box[0], box[3] - box[1]) / 119
    if d.min() < r - step:
        assert hit
    if d.min() > r + step:
        assert not hit


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0, 100), st.floats(0, 100)), min_size=1, max_size=25),
    st.floats(0.5, 20),
)
def test_group_close_finds_the_connected_components(
    points: list[tuple[float, float]], tol: float
) -> None:
    groups = group_close(points, tol)
    # Brute force: flood fill over the "closer than tol" graph.
    n = len(points)
    seen: set[int] = set()
    expected = []
    for s in range(n):
        if s in seen:
            continue
        comp, stack = set(), [s]
        while stack:
            i = stack.pop()
            if i in comp:
                continue
            comp.add(i)
            stack += [
                j for j in range(n) if j not in comp and math.dist(points[i], points[j]) < tol
            ]
        seen |= comp
        expected.append(sorted(comp))
    assert sorted(sorted(g) for g in groups) == sorted(expected)


def test_join_names_keeps_every_name_that_fits_and_counts_the_rest() -> None:
    names = ["Colombia", "Côte d'Ivoire", "Ethiopia", "Finland", "Malaysia", "Zaire"]
    text = join_names(names, width=30)
    assert all(n in text for n in names)
    assert all(len(line) <= 31 for line in text.splitlines())
    many = [f"Actor {i}" for i in range(40)]
    short = join_names(many, width=20, max_lines=3)
    lines = short.splitlines()
    assert len(lines) == 3
    shown = [n.strip() for line in lines[:-1] for n in line.split(",") if n.strip()]
    assert shown == many[: len(shown)]
    assert lines[-1] == f"+ {len(many) - len(shown)} more"


def _labelled_svg(points: list[tuple[float, float]], names: list[str]) -> tuple[str, list[bool]]:
    with _mpl.style():
        fig = _mpl.new_figure(4.0, 3.0)
        ax = fig.add_axes((0.05, 0.05, 0.9, 0.9))
        ax.set_xlim(-5, 105)
        ax.set_ylim(-5, 105)
        ax.set_axis_off()
        ax.scatter([p[0] for p in points], [p[1] for p in points], s=20)
        placed = place_labels(
            ax,
            [LabelRequest(n, x, y, radius=3.0) for n, (x, y) in zip(names, points, strict=True)],
            renderer=_mpl.renderer(fig),
        )
        return _mpl.figure_to_svg(fig, "t", "test"), [p.clear for p in placed]


@settings(max_examples=12, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 100), st.integers(0, 100)), min_size=2, max_size=40, unique=True
    )
)
def test_drawn_labels_never_overlap_in_the_svg(points: list[tuple[int, int]]) -> None:
    names = [f"Actor {chr(65 + i % 26)}{i}{'x' * (i % 4)}" for i in range(len(points))]
    svg, clear = _labelled_svg([(float(x), float(y)) for x, y in points], names)
    drawn = [b.text for b in text_boxes(svg)]
    # exactly the labels that found room are drawn; the others are left out rather than overlap
    assert sorted(drawn) == sorted(n for n, c in zip(names, clear, strict=True) if c)
    assert overlapping_texts(svg) == []


def test_a_crowd_of_points_at_one_spot_still_gets_readable_labels() -> None:
    points = [(50.0, 50.0 + 0.5 * i) for i in range(8)]
    names = [f"Member {i}" for i in range(8)]
    svg, clear = _labelled_svg(points, names)
    assert all(clear)
    assert overlapping_texts(svg) == []


@settings(max_examples=80, deadline=None)
@given(
    st.lists(boxes(), min_size=1, max_size=8),
    st.lists(boxes(), max_size=8),
    st.lists(st.tuples(coord, coord, st.floats(0.5, 15)), max_size=6),
    st.floats(0, 3),
)
def test_vectorised_costs_match_the_scalar_geometry(
    cands: list[tuple[float, float, float, float]],
    placed: list[tuple[float, float, float, float]],
    circles: list[tuple[float, float, float]],
    margin: float,
) -> None:
    area = 50.0
    got = candidate_costs(
        np.array(cands),
        np.array(placed).reshape(-1, 4),
        np.array(circles).reshape(-1, 3),
        margin,
        area,
    )
    for c, cost in zip(cands, got, strict=True):
        grown = (c[0] - margin, c[1] - margin, c[2] + margin, c[3] + margin)
        expected = 0.0
        for p in placed:
            expected += overlap_area(grown, p)
        for x, y, r in circles:
            if circle_hits_box(x, y, r + margin, c):
                expected += area * 0.25
        assert cost == pytest.approx(expected, abs=1e-9)


def test_candidates_start_next_to_the_marker_and_move_outwards() -> None:
    boxes_, ring = candidate_boxes(0.0, 0.0, 5.0, 20.0, 8.0, gap=2.0, step=7.0, rings=3)
    assert list(ring) == [0] * 8 + [1] * 16 + [2] * 16 + [3] * 16
    # ring 0: the first candidate is to the right, its left edge at radius + gap, centred vertically
    assert tuple(boxes_[0]) == pytest.approx((7.0, -4.0, 27.0, 4.0))
    # big markers try above first
    big, _ = candidate_boxes(0.0, 0.0, 20.0, 20.0, 8.0, gap=2.0)
    assert tuple(big[0]) == pytest.approx((-10.0, 22.0, 10.0, 30.0))
    # every box keeps the label's size
    assert np.allclose(boxes_[:, 2] - boxes_[:, 0], 20.0)
    assert np.allclose(boxes_[:, 3] - boxes_[:, 1], 8.0)
