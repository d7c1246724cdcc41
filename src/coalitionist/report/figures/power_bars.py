"""Who holds formal power: each actor's Shapley–Shubik and Banzhaf index as paired horizontal bars.

Actors run top to bottom from the most to the least powerful; the Shapley–Shubik index is a solid dark bar,
the (normalised) Banzhaf index a hatched light bar below it, so the two read apart in greyscale. Veto holders
are marked "veto" after their name. Actors the rule never counts (power 0) are not drawn; the caption says how
many there are. With a weighted rule the actor's share of the weight can be drawn as a tick for comparison
(power is rarely proportional to weight: Penrose 1946; Banzhaf 1965).

References: Shapley, L. S. & Shubik, M. (1954). A method for evaluating the distribution of power in a
committee system. *APSR* 48(3), 787–792; Banzhaf, J. F. (1965). Weighted voting doesn't work. *Rutgers Law
Review* 19, 317–343.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from coalitionist.power import PowerResult
from coalitionist.report.figures import _mpl
from coalitionist.report.figures.palette import GREY_DARK, OKABE_ITO

#: Most actors drawn (the rest are summed up in the caption).
MAX_BARS = 40


@dataclass(frozen=True)
class PowerBar:
    """One actor's indices (and weight share, if the rule has weights)."""

    id: str
    label: str
    shapley_shubik: float | None
    banzhaf: float | None
    veto: bool = False
    weight_share: float | None = None


def power_bars_svg(
    bars: Sequence[PowerBar],
    *,
    title: str = "Voting power",
    weight_label: str = "share of the weight",
    key: str = "power_bars",
) -> str:
    """Draw the bars (module docstring) for the actors given, in the order given, and return the SVG."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    shown = list(bars)[:MAX_BARS]
    n = max(len(shown), 1)
    row = 0.24
    height = 0.9 + n * row
    ss_color, bz_color = OKABE_ITO["blue"], OKABE_ITO["sky_blue"]
    with _mpl.style():
        fig = _mpl.new_figure(7.6, height)
        ax = fig.add_axes((0.3, 0.5 / height, 0.66, (height - 0.9) / height))
        ys = list(range(n))
        top = max(
            [max(b.shapley_shubik or 0.0, b.banzhaf or 0.0, b.weight_share or 0.0) for b in shown]
            + [1e-9]
        )
        ax.set_xlim(0, top * 1.18)
        ax.set_ylim(n - 0.5, -0.5)
        ax.barh(
            [y - 0.19 for y in ys],
            [b.shapley_shubik or 0.0 for b in shown],
            height=0.36,
            color=ss_color,
            edgecolor=ss_color,
            linewidth=0.5,
        )
        ax.barh(
            [y + 0.19 for y in ys],
            [b.banzhaf or 0.0 for b in shown],
            height=0.36,
            color=bz_color,
            edgecolor=GREY_DARK,
            linewidth=0.5,
            hatch="////",
        )
        has_weights = any(b.weight_share is not None for b in shown)
        if has_weights:
            for y, b in zip(ys, shown, strict=True):
                if b.weight_share is not None:
                    ax.plot(
                        [b.weight_share] * 2,
                        [y - 0.42, y + 0.42],
                        color="black",
                        linewidth=1.6,
                        solid_capstyle="butt",
                    )
        ax.set_yticks(ys)
        ax.set_yticklabels([f"{b.label}  (veto)" if b.veto else b.label for b in shown])
        ax.tick_params(axis="y", length=0)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.set_xlabel("power index (share of all power)")
        ax.grid(axis="x", color="#E5E5E5", linewidth=0.6)
        ax.set_axisbelow(True)
        handles: list[object] = [
            Patch(facecolor=ss_color, edgecolor=ss_color, label="Shapley–Shubik"),
            Patch(
                facecolor=bz_color, edgecolor=GREY_DARK, hatch="////", label="Banzhaf (normalised)"
            ),
        ]
        if has_weights:
            handles.append(Line2D([], [], color="black", linewidth=1.6, label=weight_label))
        fig.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.63, 1.0),
            ncols=len(handles),
            fontsize=_mpl.FONT_SIZE - 1,
        )
        return _mpl.figure_to_svg(fig, key, title)


def power_bars_data(power: PowerResult, labels: Mapping[str, str]) -> list[PowerBar]:
    """The bars of a power result: actors with any power, most powerful first (Shapley–Shubik, then
    Banzhaf, then player order)."""
    ss = power.indices.get("shapley_shubik") or {}
    bz = power.indices.get("banzhaf") or {}
    veto = set(power.veto_players)

    def value(table: Mapping[str, object], p: str) -> float | None:
        v = table.get(p)
        return None if v is None else float(v)  # type: ignore[arg-type]

    bars = [
        PowerBar(p, labels.get(p, p), value(ss, p), value(bz, p), p in veto) for p in power.players
    ]
    bars = [b for b in bars if (b.shapley_shubik or 0.0) > 0 or (b.banzhaf or 0.0) > 0]
    order = {b.id: i for i, b in enumerate(bars)}
    return sorted(
        bars, key=lambda b: (-(b.shapley_shubik or 0.0), -(b.banzhaf or 0.0), order[b.id])
    )


__all__ = ["MAX_BARS", "PowerBar", "power_bars_data", "power_bars_svg"]
