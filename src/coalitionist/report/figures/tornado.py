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
#: Characters per line of an estimate's label (two lines at most).
LABEL_WIDTH = 30


def short_label(label: str, width: int = LABEL_WIDTH) -> str:
    """The label on at most two lines of ``width``: a long trailing parenthesis dropped, then wrapped and,
    if still too long, cut with an ellipsis.

    Examples
    --------
    >>> short_label("Operations manager's p (chance an approach succeeds)")
    "Operations manager's p"
    >>> print(short_label("the effect on Senior administrator when Operations manager joins"))
    the effect on Senior
    administrator when Operations…
    """
    import re
    import textwrap

    text = label
    if len(text) > width:
        text = re.sub(r"\s*\([^()]*\)$", "", text) or label
    lines = textwrap.wrap(text, width) or [text]
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    if len(lines[-1]) > width:
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return "\n".join(lines)


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
    holds: bool = False,
) -> str:
    """Draw the tornado (module docstring) of the rows, longest swing on top, and return the SVG.

    ``holds=True`` draws a yes/no conclusion (outputs 1 = it holds, 0 = it does not, ``base`` 1): the axis
    runs from "changes" to "holds" and each bar is labelled, right of the axis, with what the conclusion
    does at each end of the estimate's range."""
    from matplotlib.patches import Patch

    shown = sorted(rows, key=lambda r: -abs(r.high_output - r.low_output))[:MAX_BARS]
    n = max(len(shown), 1)
    row_h = 0.42
    height = 1.0 + n * row_h
    low_c, high_c = OKABE_ITO["vermillion"], OKABE_ITO["sky_blue"]
    with _mpl.style():
        fig = _mpl.new_figure(7.6, height)
        ax = fig.add_axes((0.36, 0.5 / height, 0.6, (height - 1.0) / height))
        ys = list(range(n))
        lo = min([base] + [min(r.low_output, r.high_output) for r in shown])
        hi = max([base] + [max(r.low_output, r.high_output) for r in shown])
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
            if holds:
                words = [
                    f"{v:.3g}: " + ("holds" if out >= 0.5 else "changes")
                    for v, out in ((r.low_input, r.low_output), (r.high_input, r.high_output))
                ]
                ax.annotate(
                    "; ".join(words),
                    (1.0, y),
                    xytext=(5, 0),
                    textcoords="offset points",
                    va="center",
                    ha="left",
                    fontsize=_mpl.FONT_SIZE - 1.5,
                    color=GREY_DARK,
                )
                continue
            low_moves, high_moves = r.low_output != base, r.high_output != base
            if not (low_moves or high_moves):
                # nothing drawn: say so on the side of the base line with more room
                room_right = base <= (lo + hi) / 2
                ax.annotate(
                    f"{r.low_input:.3g} → {r.high_input:.3g}: no change",
                    (base, y),
                    xytext=(3 if room_right else -3, 0),
                    textcoords="offset points",
                    va="center",
                    ha="left" if room_right else "right",
                    fontsize=_mpl.FONT_SIZE - 1.5,
                    color=GREY_DARK,
                )
                continue
            same_side = (
                low_moves and high_moves and (r.low_output - base) * (r.high_output - base) > 0
            )
            if same_side:
                # both ends on one side: one label at the farther end (dark bar = low, light = high)
                far = max(r.low_output, r.high_output, key=lambda v: abs(v - base))
                notes = [(f"{r.low_input:.3g} (low), {r.high_input:.3g} (high)", far)]
            else:
                notes = []
                for value, end, moves, other, other_moves in (
                    (r.low_input, r.low_output, low_moves, r.high_input, high_moves),
                    (r.high_input, r.high_output, high_moves, r.low_input, low_moves),
                ):
                    if moves:  # an end that did not move is named beside the one that did
                        notes.append(
                            (
                                f"{value:.3g}"
                                + ("" if other_moves else f" ({other:.3g}: no change)"),
                                end,
                            )
                        )
            for text, end in notes:
                right = end >= base
                ax.annotate(
                    text,
                    (end, y),
                    xytext=(3 if right else -3, 0),
                    textcoords="offset points",
                    va="center",
                    ha="left" if right else "right",
                    fontsize=_mpl.FONT_SIZE - 1.5,
                    color=GREY_DARK,
                )
        if holds:
            ax.set_xlim(-0.04, 2.1)  # the right half holds the labels
            ax.set_xticks([0.0, 1.0])
            ax.set_xticklabels(["changes", "holds"])
            ax.spines["bottom"].set_bounds(0.0, 1.0)
        else:
            pad = (hi - lo) * 0.4 or 0.1  # room for the value labels at both ends
            ax.set_xlim(lo - pad, hi + pad)
        ax.set_ylim(n - 0.5, -0.5)
        ax.axvline(base, color="black", linewidth=0.9)
        ax.set_yticks(ys)
        ax.set_yticklabels([short_label(r.label) for r in shown])
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
