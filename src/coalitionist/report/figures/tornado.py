"""Which estimates the advice rests on: a tornado of one-at-a-time swings for one conclusion.

Each bar is one estimate, swung from the low to the high end of its range with every other estimate at its
point (:func:`coalitionist.robustness.tornado`); the bar spans the conclusion's value at the two ends, the
longest on top, across a vertical line at the value of the point estimates. The end reached by the low value
is dark, the high end light (and hatched, so the two read apart in greyscale), each labelled with the input
value that produced it. For a yes/no conclusion ("the first move is still the UK") the axis is the share of
1 = it holds, so a bar reaching 0 marks an estimate that flips it on its own.

Reference: Clemen, R. T. & Reilly, T. (2001). *Making Hard Decisions*. Duxbury, ch. 5.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coalitionist.report.figures import _mpl
from coalitionist.report.figures.palette import GREY_DARK, OKABE_ITO

#: Most bars drawn.
MAX_BARS = 10


@dataclass(frozen=True)
class TornadoRow:
    """One estimate's swing, as the figure draws it."""

    label: str
    low_input: float
    high_input: float
    low_output: float
    high_output: float


def tornado_svg(
    rows: Sequence[TornadoRow],
    base: float,
    *,
    title: str,
    xlabel: str,
    key: str = "tornado",
) -> str:
    """Draw the tornado (module docstring) of the rows, longest swing on top, and return the SVG."""
    from matplotlib.patches import Patch

    shown = sorted(rows, key=lambda r: -abs(r.high_output - r.low_output))[:MAX_BARS]
    n = max(len(shown), 1)
    row_h = 0.32
    height = 1.0 + n * row_h
    low_c, high_c = OKABE_ITO["vermillion"], OKABE_ITO["sky_blue"]
    with _mpl.style():
        fig = _mpl.new_figure(7.6, height)
        ax = fig.add_axes((0.36, 0.5 / height, 0.6, (height - 1.0) / height))
        ys = list(range(n))
        for y, r in zip(ys, shown, strict=True):
            ax.barh(
                y,
                r.low_output - base,
                left=base,
                height=0.6,
                color=low_c,
                edgecolor=GREY_DARK,
                linewidth=0.5,
            )
            ax.barh(
                y,
                r.high_output - base,
                left=base,
                height=0.6,
                color=high_c,
                edgecolor=GREY_DARK,
                linewidth=0.5,
                hatch="////",
            )
            for value, end in ((r.low_input, r.low_output), (r.high_input, r.high_output)):
                right = end >= base
                ax.annotate(
                    f"{value:.3g}",
                    (end, y),
                    xytext=(3 if right else -3, 0),
                    textcoords="offset points",
                    va="center",
                    ha="left" if right else "right",
                    fontsize=_mpl.FONT_SIZE - 1.5,
                    color=GREY_DARK,
                )
        lo = min([base] + [min(r.low_output, r.high_output) for r in shown])
        hi = max([base] + [max(r.low_output, r.high_output) for r in shown])
        pad = (hi - lo) * 0.18 or 0.1
        ax.set_xlim(lo - pad, hi + pad)
        ax.set_ylim(n - 0.5, -0.5)
        ax.axvline(base, color="black", linewidth=0.9)
        ax.set_yticks(ys)
        ax.set_yticklabels([r.label for r in shown])
        ax.tick_params(axis="y", length=0)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.set_xlabel(xlabel)
        ax.grid(axis="x", color="#E5E5E5", linewidth=0.6)
        ax.set_axisbelow(True)
        fig.legend(
            handles=[
                Patch(facecolor=low_c, edgecolor=GREY_DARK, label="estimate at its low end"),
                Patch(facecolor=high_c, edgecolor=GREY_DARK, hatch="////", label="at its high end"),
            ],
            loc="upper center",
            bbox_to_anchor=(0.66, 1.0),
            ncols=2,
            fontsize=_mpl.FONT_SIZE - 1,
        )
        return _mpl.figure_to_svg(fig, key, title)
