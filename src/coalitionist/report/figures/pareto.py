"""The Pareto frontier of two actors, with no deal, the compromise and the Nash bargaining packages.

Across, actor A's utility; up, actor B's (each 0–1, the scale of the joint-gain analysis). Every package is a
light grey dot; the Pareto-efficient ones — no other package is better for one without being worse for the
other — are joined by a dark line. The quadrant where both do better than no deal is shaded. Marked with a
marker each: no deal (black square), the issue-by-issue compromise (orange triangle), the Nash bargaining
package of all the decision makers (vermillion star) and the pair's own Nash package (yellow plus: the
package maximising the product of the two gains over no deal; Nash 1950). Each mark is labelled with its
package.

Reference: Nash, J. F. (1950). The bargaining problem. *Econometrica* 18(2), 155–162; Raiffa, H. (1982).
*The Art and Science of Negotiation*, ch. 11.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from coalitionist.report.figures import _mpl
from coalitionist.report.figures.labels import LabelRequest, place_labels, unlabelled
from coalitionist.report.figures.palette import GREY_DARK, GREY_FAINT, ROLES

Point = tuple[float, float]


@dataclass(frozen=True)
class Mark:
    """A package to mark: its role (``no_deal``, ``compromise``, ``nash``, ``nash_pair``), the two
    utilities, and the package in words."""

    role: str
    a: float
    b: float
    package: str = ""


def merge_marks(marks: Sequence[Mark], tol: float = 1e-9) -> list[tuple[list[Mark], str]]:
    """Marks at the same point, grouped, each group with one label (``Nash (all) = compromise: …``)."""
    groups: list[list[Mark]] = []
    for m in marks:
        for g in groups:
            if abs(g[0].a - m.a) <= tol and abs(g[0].b - m.b) <= tol:
                g.append(m)
                break
        else:
            groups.append([m])
    out = []
    for g in groups:
        names = " = ".join(MARK_SHORT.get(m.role, m.role) for m in g)
        package = next((m.package for m in g if m.package), "")
        out.append((g, f"{names}: {package}" if package else names))
    return out


#: Legend text of each mark.
MARK_NAMES: dict[str, str] = {
    "no_deal": "no deal",
    "compromise": "compromise (issue by issue)",
    "nash": "Nash (all decision makers)",
    "nash_pair": "Nash (these two alone)",
}

#: Short names used in the labels of the marks.
MARK_SHORT: dict[str, str] = {
    "no_deal": "no deal",
    "compromise": "compromise",
    "nash": "Nash (all)",
    "nash_pair": "Nash (pair)",
}


def pareto_front(points: Sequence[Point]) -> list[Point]:
    """The Pareto-efficient points of a set (maximising both coordinates), sorted by the first.

    A sweep in decreasing ``a`` (ties: decreasing ``b``) keeps each point whose ``b`` exceeds every ``b``
    seen so far: O(n log n) (Kung, Luccio & Preparata 1975, two dimensions). Duplicates are kept once.
    """
    order = sorted({(float(a), float(b)) for a, b in points}, key=lambda p: (-p[0], -p[1]))
    front: list[Point] = []
    best_b = -np.inf
    for a, b in order:
        if b > best_b:
            front.append((a, b))
            best_b = b
    return sorted(front)


def pareto_svg(
    points: Sequence[Point],
    *,
    actor_a: str,
    actor_b: str,
    marks: Sequence[Mark] = (),
    frontier: Sequence[Point] | None = None,
    title: str = "Pareto frontier",
    key: str = "pareto",
) -> str:
    """Draw the frontier of two actors (module docstring) and return it as an SVG string.

    Parameters
    ----------
    points : sequence of (float, float)
        The two actors' utilities of every package (or a sample of them).
    actor_a, actor_b : str
        The actors' names (axes).
    marks : sequence of Mark
        Packages to mark and label.
    frontier : sequence of (float, float), optional
        The Pareto-efficient points, when known exactly (default: :func:`pareto_front` of ``points``).
    """
    from matplotlib.lines import Line2D

    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    chosen = (
        pareto_front([(float(a), float(b)) for a, b in pts])
        if frontier is None
        else sorted(frontier)
    )
    front = np.asarray(chosen, dtype=np.float64).reshape(-1, 2)
    every = np.vstack([pts, front, np.array([[m.a, m.b] for m in marks]).reshape(-1, 2)])
    lo = np.minimum(every.min(axis=0), 0.0) if len(every) else np.zeros(2)
    hi = np.maximum(every.max(axis=0), 1.0) if len(every) else np.ones(2)
    with _mpl.style():
        fig = _mpl.new_figure(7.6, 5.0)
        ax = fig.add_axes((0.09, 0.11, 0.6, 0.84))
        pad = 0.04 * (hi - lo)
        ax.set_xlim(lo[0] - pad[0], hi[0] + pad[0])
        ax.set_ylim(lo[1] - pad[1], hi[1] + pad[1])
        ax.set_aspect("auto")
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.set_xlabel(f"utility of {actor_a}")
        ax.set_ylabel(f"utility of {actor_b}")
        no_deal = next((m for m in marks if m.role == "no_deal"), None)
        if no_deal is not None:
            ax.fill_between(
                [no_deal.a, hi[0] + pad[0]],
                no_deal.b,
                hi[1] + pad[1],
                color=GREY_FAINT,
                linewidth=0,
                zorder=0,
            )
            ax.text(
                hi[0] + pad[0],
                hi[1] + pad[1],
                "both better off than no deal ",
                ha="right",
                va="top",
                fontsize=_mpl.FONT_SIZE - 1.5,
                color=GREY_DARK,
            )
        package = ROLES["package"]
        ax.scatter(pts[:, 0], pts[:, 1], s=10, color=package.color, linewidths=0, zorder=1)
        fr = ROLES["frontier"]
        if len(front):
            ax.plot(
                front[:, 0],
                front[:, 1],
                color=fr.color,
                linestyle=fr.linestyle,
                linewidth=1.2,
                marker=fr.marker,
                markersize=3.5,
                zorder=3,
            )
        rend = _mpl.renderer(fig)
        requests = []
        sizes = {"no_deal": 7.0, "compromise": 8.5, "nash": 12.0, "nash_pair": 9.5}
        for group, label in merge_marks(marks):
            for m in sorted(group, key=lambda m: -sizes.get(m.role, 8.0)):
                role = ROLES[m.role]
                ax.plot(
                    [m.a],
                    [m.b],
                    marker=role.marker,
                    markersize=sizes.get(m.role, 8.0),
                    markerfacecolor=role.color,
                    markeredgecolor="black" if m.role != "no_deal" else role.color,
                    markeredgewidth=0.7,
                    linestyle="none",
                    zorder=5 + 10.0 / sizes.get(m.role, 8.0),
                )
            radius = max(sizes.get(m.role, 8.0) for m in group) / 2 + 1
            text = textwrap.fill(label, width=34)
            requests.append(LabelRequest(text, group[0].a, group[0].b, radius=radius))
        # The legend's box is reserved so that labels stay clear of it.
        handles = [
            Line2D(
                [],
                [],
                linestyle="none",
                marker=".",
                color=package.color,
                markersize=7,
                label="a package",
            ),
            Line2D(
                [],
                [],
                color=fr.color,
                marker=fr.marker,
                markersize=3.5,
                linewidth=1.2,
                label="Pareto frontier",
            ),
        ]
        for role_name, text in MARK_NAMES.items():
            if any(m.role == role_name for m in marks):
                role = ROLES[role_name]
                handles.append(
                    Line2D(
                        [],
                        [],
                        linestyle="none",
                        marker=role.marker,
                        markersize=sizes[role_name] * 0.85,
                        markerfacecolor=role.color,
                        markeredgecolor="black" if role_name != "no_deal" else role.color,
                        markeredgewidth=0.7,
                        label=text,
                    )
                )
        fig.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(0.71, 0.95),
            fontsize=_mpl.FONT_SIZE - 1,
            labelspacing=0.8,
        )
        placed = place_labels(
            ax,
            requests,
            renderer=rend,
            markers=[(float(x), float(y), 2.0) for x, y in front],
            fontsize=_mpl.FONT_SIZE - 1.0,
            step=6.0,
            rings=16,
        )
        return _mpl.figure_to_svg(fig, key, title, unlabelled(placed))


__all__ = ["MARK_NAMES", "Mark", "pareto_front", "pareto_svg"]
