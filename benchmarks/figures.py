"""Benchmark: label placement and figure drawing, coalitionist vs adjustText and textalloc, side by side.

Run ``python benchmarks/figures.py`` (``--quick`` for fewer sizes). Peers (optional, ``pip install adjustText
textalloc``): adjustText 1.x (``adjust_text``, iterative repulsion) and textalloc (``allocate``, candidate
positions with NumPy broadcasting) label the same random scatter plots as
:func:`coalitionist.report.figures.labels.place_labels`.

Table 1, per number of points: CPU time (wall beside it; median of ``--repeat`` runs, the same for every
method) and the number of overlapping label pairs after
placement with every label placed (measured the same way for every method, from the labels' rendered boxes),
the ratio of the peer's time to ours, and how many labels our figures leave out instead (``left out``: the
brief's figures drop a label that finds no free place rather than overlap it, and say so in the caption). Table 2: the time to draw every figure of each seed example's brief
(:func:`coalitionist.report.figures.attach_figures`), against the time of the analyses themselves.
"""

from __future__ import annotations

import argparse
import importlib
import warnings
from collections.abc import Callable
from functools import partial
from itertools import combinations
from typing import Any

import numpy as np

from bench_timing import measure
from coalitionist.brief import make_brief
from coalitionist.examples import example_names, example_path
from coalitionist.io import load_scenario
from coalitionist.report.figures import _mpl, attach_figures
from coalitionist.report.figures.labels import LabelRequest, place_labels

SIZES = (10, 25, 50, 100)


def _points(n: int, seed: int) -> tuple[np.ndarray, list[str]]:
    rng = np.random.default_rng(seed)
    # clustered points, as in stakeholder plots: a few dense groups plus scatter
    centres = rng.uniform(15, 85, size=(4, 2))
    pts = np.vstack([centres[rng.integers(0, 4)] + rng.normal(0, 7, 2) for _ in range(n)]).clip(
        0, 100
    )
    names = [f"Actor {i} {'x' * int(rng.integers(0, 8))}" for i in range(n)]
    return pts, names


def _axes() -> tuple[Any, Any]:
    fig = _mpl.new_figure(7.6, 5.0)
    ax = fig.add_axes((0.06, 0.08, 0.9, 0.88))
    ax.set_xlim(-5, 105)
    ax.set_ylim(-5, 105)
    return fig, ax


def _overlaps(fig: Any, texts: list[Any]) -> int:
    rend = _mpl.renderer(fig)
    boxes = [t.get_window_extent(rend) for t in texts]
    return sum(
        1
        for a, b in combinations(boxes, 2)
        if min(a.x1, b.x1) - max(a.x0, b.x0) > 0.5 and min(a.y1, b.y1) - max(a.y0, b.y0) > 0.5
    )


def ours(pts: np.ndarray, names: list[str], drop: bool = False) -> int:
    """Overlapping pairs with every label placed (``drop=False``, as the peers do), or the number of labels
    left out for lack of room (``drop=True``, what the brief's figures do)."""
    with _mpl.style():
        fig, ax = _axes()
        ax.scatter(pts[:, 0], pts[:, 1], s=20)
        placed = place_labels(
            ax,
            [
                LabelRequest(n, float(x), float(y), radius=2.5)
                for n, (x, y) in zip(names, pts, strict=True)
            ],
            renderer=_mpl.renderer(fig),
            fontsize=8,
            drop=drop,
        )
        if drop:
            return sum(1 for p in placed if p.artist is None)
        return _overlaps(fig, [p.artist for p in placed])


def adjust_text_peer(pts: np.ndarray, names: list[str]) -> int:
    adjust_text = importlib.import_module("adjustText").adjust_text

    with _mpl.style():
        fig, ax = _axes()
        ax.scatter(pts[:, 0], pts[:, 1], s=20)
        texts = [ax.text(x, y, n, fontsize=8) for n, (x, y) in zip(names, pts, strict=True)]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            adjust_text(texts, x=pts[:, 0], y=pts[:, 1], ax=ax)
        return _overlaps(fig, texts)


def textalloc_peer(pts: np.ndarray, names: list[str]) -> int:
    textalloc = importlib.import_module("textalloc")

    with _mpl.style():
        fig, ax = _axes()
        ax.scatter(pts[:, 0], pts[:, 1], s=20)
        before = set(ax.texts)
        textalloc.allocate(
            ax, pts[:, 0], pts[:, 1], names, x_scatter=pts[:, 0], y_scatter=pts[:, 1], textsize=8
        )
        texts = [t for t in ax.texts if t not in before]
        return _overlaps(fig, texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    sizes = SIZES[:2] if args.quick else SIZES
    peers: dict[str, Callable[[np.ndarray, list[str]], int]] = {}
    try:
        importlib.import_module("adjustText")
        peers["adjustText"] = adjust_text_peer
    except ImportError:
        print("adjustText not installed (pip install adjustText): not run")
    try:
        importlib.import_module("textalloc")
        peers["textalloc"] = textalloc_peer
    except ImportError:
        print("textalloc not installed (pip install textalloc): not run")

    print(
        "Label placement on clustered random scatter plots (overlaps: label pairs that overlap). CPU"
        f" seconds, wall beside them, median of {args.repeat} runs on every side; ratio = peer CPU / ours."
    )
    print("The machine (2 cores) was shared with other work: read the CPU columns.")
    header = f"{'points':>6}  {'ours CPU s':>10}  {'wall':>6}  {'overl.':>6}  {'left out':>8}"
    for name in peers:
        header += f"  {name + ' CPU s':>17}  {'wall':>6}  {'overl.':>6}  {'ratio (CPU)':>11}"
    print(header)
    for n in sizes:
        pts, names = _points(n, seed=n)
        t_ours = measure(partial(ours, pts, names), args.repeat)
        dropped = ours(pts, names, drop=True)
        line = f"{n:>6}  {t_ours.cpu:>10.3f}  {t_ours.wall:>6.2f}  {t_ours.result:>6}  {dropped:>8}"
        for fn in peers.values():
            t_peer = measure(partial(fn, pts, names), args.repeat)
            line += (
                f"  {t_peer.cpu:>17.3f}  {t_peer.wall:>6.2f}  {t_peer.result:>6}"
                f"  {t_peer.cpu / t_ours.cpu:>10.2f}×"
            )
        print(line)

    print()
    print(
        f"Figures of each seed example's brief (CPU seconds, wall beside them; median of {args.repeat}"
        " runs each)"
    )
    print(
        f"{'example':<24}  {'analyses':>8}  {'wall':>6}  {'figures':>8}  {'wall':>6}"
        f"  {'figures/analyses (CPU)':>22}  count"
    )
    for name in example_names():
        scenario = load_scenario(example_path(name))
        an = measure(partial(make_brief, scenario), args.repeat)
        bare = an.result

        def draw(s: Any = scenario, b: Any = bare) -> int:
            return sum(len(x.figures) for x in attach_figures(s, b.sections))

        fig = measure(draw, args.repeat)
        print(
            f"{name:<24}  {an.cpu:>8.2f}  {an.wall:>6.2f}  {fig.cpu:>8.2f}  {fig.wall:>6.2f}"
            f"  {fig.cpu / an.cpu:>22.2f}  {fig.result}"
        )


if __name__ == "__main__":
    main()
