"""Matplotlib without pyplot: a figure on the Agg canvas, drawn as deterministic, self-contained SVG.

No global state is touched: no backend is selected (``matplotlib.use`` would change a notebook's backend),
rcParams apply only inside :func:`style`, and figures are never registered with pyplot (nothing to close).
The SVG keeps text as text (``svg.fonttype = "none"``), uses a fixed ``svg.hashsalt`` so ids are stable, drops
the XML prolog, DOCTYPE and the metadata block (creator and date), and prefixes every ``id`` with the
figure's key so that several figures can share one HTML page.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from html import escape
from typing import Any, cast

#: Text size (points) of the figures' body text; titles and legends derive from it.
FONT_SIZE = 8.5

#: rcParams used while a figure is drawn and saved.
RC: dict[str, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "coalitionist",
    "svg.image_inline": True,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Bitstream Vera Sans", "Arial", "Helvetica"],
    "font.size": FONT_SIZE,
    "axes.titlesize": FONT_SIZE + 1,
    "axes.labelsize": FONT_SIZE,
    "axes.edgecolor": "#4D4D4D",
    "axes.linewidth": 0.6,
    "xtick.labelsize": FONT_SIZE - 0.5,
    "ytick.labelsize": FONT_SIZE - 0.5,
    "xtick.color": "#4D4D4D",
    "ytick.color": "#4D4D4D",
    "legend.fontsize": FONT_SIZE - 0.5,
    "legend.frameon": False,
    "lines.solid_capstyle": "round",
    "path.simplify": True,
    "hatch.linewidth": 0.5,
}

#: Figures are laid out at 72 dpi so that one display unit is one point, as in the SVG.
DPI = 72.0

_ID = re.compile(r'\bid="([^"]+)"')


@contextmanager
def style() -> Iterator[None]:
    """The figures' rcParams, for drawing and saving (restored afterwards)."""
    import matplotlib

    with matplotlib.rc_context(cast(Any, RC)):
        yield


def new_figure(width: float, height: float) -> Any:
    """A :class:`matplotlib.figure.Figure` of ``width`` × ``height`` inches on an Agg canvas (not pyplot)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def renderer(fig: Any) -> Any:
    """The figure's Agg renderer (for measuring text)."""
    return fig.canvas.get_renderer()


def figure_to_svg(fig: Any, key: str, title: str, unlabelled: int = 0) -> str:
    """The figure as an SVG element ready to inline in HTML.

    Deterministic: the same figure gives the same bytes. ``key`` prefixes every id (and every reference to
    one), ``title`` becomes the SVG's accessible name; ``unlabelled`` (the number of names left out for lack
    of room) is recorded in a ``data-unlabelled`` attribute when it is not zero, for the caption to say.
    """
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, dpi=DPI)
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.S)
    prefix = re.sub(r"[^A-Za-z0-9_-]", "-", key)
    ids = set(_ID.findall(svg))

    def _rename(match: re.Match[str]) -> str:
        return f"{prefix}-{match.group(1)}"

    svg = _ID.sub(lambda m: f'id="{_rename(m)}"', svg)
    if ids:
        pattern = re.compile(
            r"(url\(#|xlink:href=\"#|href=\"#)("
            + "|".join(re.escape(i) for i in ids)
            + r")(?=[)\"])"
        )
        svg = pattern.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)
    extra = f' data-unlabelled="{unlabelled}"' if unlabelled else ""
    svg = svg.replace(
        "<svg ",
        f'<svg role="img" aria-labelledby="{prefix}-title" class="figure-svg"{extra} ',
        1,
    )
    head_end = svg.index(">") + 1
    svg = svg[:head_end] + f'\n <title id="{prefix}-title">{escape(title)}</title>' + svg[head_end:]
    # Matplotlib ends path data lines with a space; drop trailing spaces so the output is tidy.
    return re.sub(r"[ \t]+\n", "\n", svg).strip() + "\n"


def unlabelled_count(svg: str) -> int:
    """The number of names a figure left out for lack of room (its ``data-unlabelled`` attribute)."""
    m = re.search(r'<svg[^>]*\bdata-unlabelled="(\d+)"', svg)
    return int(m.group(1)) if m else 0


__all__ = [
    "DPI",
    "FONT_SIZE",
    "RC",
    "figure_to_svg",
    "new_figure",
    "renderer",
    "style",
    "unlabelled_count",
]


def focal_handle(markersize: float) -> Any:
    """The legend entry for the focal actor (an open ring in the focal colour), shared by the figures."""
    from matplotlib.lines import Line2D

    from coalitionist.report.figures.palette import ROLES

    return Line2D(
        [],
        [],
        linestyle="none",
        marker="o",
        markersize=markersize,
        markerfacecolor="none",
        markeredgecolor=ROLES["focal"].color,
        markeredgewidth=2.0,
        label="focal actor",
    )
