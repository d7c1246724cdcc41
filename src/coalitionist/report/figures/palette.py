"""A colour-blind-safe palette, the styles that go with it, and the colour science to check it.

Colours: the Okabe–Ito palette of eight colours (Okabe & Ito 2008, *Color Universal Design*), chosen to stay
distinct for the three kinds of dichromacy; positions on an issue use *cividis* (Nuñez, Anderton & Renslow
2018), a sequential map whose lightness rises monotonically, so it reads in black and white too.

Nothing relies on colour alone: every role (:data:`ROLES`) also has its own marker and line style, and the roles
drawn together in one figure (:data:`FIGURE_ROLES`) differ in lightness as well.

Checks (used by the tests): :func:`simulate_cvd` applies the dichromacy matrices of Machado, Oliveira &
Fernandes (2009, severity 1) in linear RGB; :func:`srgb_to_lab` converts to CIELAB (D65); :func:`delta_e`
is the CIE 1976 colour difference and :func:`lightness` the CIELAB L* a greyscale print keeps.

References
----------
Machado, G. M., Oliveira, M. M. & Fernandes, L. A. F. (2009). A physiologically-based model for simulation
of color vision deficiency. *IEEE TVCG* 15(6), 1291–1298.
Okabe, M. & Ito, K. (2008). Color Universal Design (CUD): how to make figures and presentations that are
friendly to colorblind people. https://jfly.uni-koeln.de/color/
Nuñez, J. R., Anderton, C. R. & Renslow, R. S. (2018). Optimizing colormaps with consideration for color
vision deficiency. *PLOS ONE* 13(7), e0199239.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from coalitionist.errors import InvalidArgumentError

#: The Okabe–Ito palette.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: Neutral greys for context (package clouds, grid lines, frames).
GREY_DARK = "#4D4D4D"
GREY = "#8C8C8C"
GREY_LIGHT = "#C8C8C8"
GREY_FAINT = "#EDEDED"

#: Sequential colour map for positions on an issue (low → dark blue, high → light yellow).
POSITION_CMAP = "cividis"

CVD = Literal["protanopia", "deuteranopia", "tritanopia"]

#: Machado et al. (2009) simulation matrices at severity 1.0, applied to linear RGB column vectors.
MACHADO_2009: dict[str, NDArray[np.float64]] = {
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
    "tritanopia": np.array(
        [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ]
    ),
}

# sRGB (D65) to CIE XYZ, IEC 61966-2-1.
_RGB_TO_XYZ = np.array(
    [
        [0.4124564, 0.3575761, 0.1804375],
        [0.2126729, 0.7151522, 0.0721750],
        [0.0193339, 0.1191920, 0.9503041],
    ]
)
_WHITE_D65 = np.array([0.95047, 1.0, 1.08883])


@dataclass(frozen=True)
class Style:
    """How one role is drawn: a colour, a marker and a line style (matplotlib names)."""

    color: str
    marker: str
    linestyle: Any  # a matplotlib line style: "-", "--", ":" or (offset, (on, off, ...))


#: Every role a figure draws, each with a colour, a marker and a line style of its own.
ROLES: dict[str, Style] = {
    # influence map: ties, and rings around the actors
    "tie_friendly": Style(GREY_DARK, "", "-"),
    "tie_hostile": Style(OKABE_ITO["vermillion"], "", ":"),
    "focal": Style(OKABE_ITO["black"], "o", "-"),
    "coalition": Style(OKABE_ITO["sky_blue"], "o", (0, (4.0, 1.2))),
    "adverse": Style(OKABE_ITO["vermillion"], "o", (0, (1.5, 1.5))),
    # positions and trajectories
    "status_quo": Style(OKABE_ITO["black"], "s", "--"),
    "forecast": Style(OKABE_ITO["vermillion"], "D", "-"),
    "median": Style(OKABE_ITO["sky_blue"], "^", ":"),
    # Pareto frontier
    "package": Style(GREY_LIGHT, ".", ""),
    "frontier": Style(GREY_DARK, "o", "-"),
    "no_deal": Style(OKABE_ITO["black"], "s", ""),
    "compromise": Style(OKABE_ITO["orange"], "^", ""),
    "nash": Style(OKABE_ITO["vermillion"], "*", ""),
    "nash_pair": Style(OKABE_ITO["yellow"], "P", ""),
    # recruitment plan
    "joins": Style(OKABE_ITO["blue"], "o", "-"),
    "refuses": Style(OKABE_ITO["orange"], "X", "--"),
    "p_goal": Style(OKABE_ITO["bluish_green"], "D", "-"),
}

#: Roles drawn side by side as the same kind of mark (lines, rings, points) in one figure: they must differ
#: in lightness (for greyscale prints) as well as in colour, and in marker or line style.
FIGURE_ROLES: dict[str, tuple[str, ...]] = {
    "influence_map/ties": ("tie_friendly", "tie_hostile"),
    "influence_map/rings": ("focal", "coalition", "adverse"),
    "positions/lines": ("status_quo", "forecast", "median"),
    "pareto/points": ("frontier", "no_deal", "compromise", "nash", "nash_pair"),
    "plan/branches": ("joins", "refuses"),
}


def hex_to_rgb(color: str) -> NDArray[np.float64]:
    """``#RRGGBB`` to sRGB in [0, 1]."""
    h = color.lstrip("#")
    if len(h) != 6:
        raise InvalidArgumentError(f"not a #RRGGBB colour: {color!r}")
    return np.array([int(h[i : i + 2], 16) / 255.0 for i in (0, 2, 4)])


def srgb_to_linear(rgb: ArrayLike) -> NDArray[np.float64]:
    """Undo the sRGB transfer function (IEC 61966-2-1)."""
    c = np.asarray(rgb, dtype=np.float64)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(lin: ArrayLike) -> NDArray[np.float64]:
    """Apply the sRGB transfer function (values clipped to [0, 1] first)."""
    c = np.clip(np.asarray(lin, dtype=np.float64), 0.0, 1.0)
    return np.where(c <= 0.0031308, 12.92 * c, 1.055 * c ** (1 / 2.4) - 0.055)


def simulate_cvd(rgb: ArrayLike, kind: CVD) -> NDArray[np.float64]:
    """How a dichromat sees sRGB colours ``(..., 3)``: Machado et al. (2009) at severity 1.

    The matrix acts on linear RGB; the result is clipped to the gamut and re-encoded as sRGB.
    """
    matrix = MACHADO_2009[kind]
    lin = srgb_to_linear(rgb)
    return linear_to_srgb(lin @ matrix.T)


def srgb_to_lab(rgb: ArrayLike) -> NDArray[np.float64]:
    """sRGB in [0, 1] ``(..., 3)`` to CIELAB (D65 white, CIE 1976 formulas)."""
    xyz = srgb_to_linear(rgb) @ _RGB_TO_XYZ.T / _WHITE_D65
    eps, kappa = 216 / 24389, 24389 / 27
    f = np.where(xyz > eps, np.cbrt(xyz), (kappa * xyz + 16) / 116)
    L = 116 * f[..., 1] - 16
    a = 500 * (f[..., 0] - f[..., 1])
    b = 200 * (f[..., 1] - f[..., 2])
    return np.stack([L, a, b], axis=-1)


def delta_e(rgb1: ArrayLike, rgb2: ArrayLike) -> NDArray[np.float64]:
    """CIE 1976 colour difference ΔE*ab between sRGB colours (about 2.3 is just noticeable)."""
    return np.asarray(np.linalg.norm(srgb_to_lab(rgb1) - srgb_to_lab(rgb2), axis=-1))


def lightness(rgb: ArrayLike) -> NDArray[np.float64]:
    """CIELAB lightness L* (0 black – 100 white): what a greyscale print keeps of a colour."""
    return np.asarray(srgb_to_lab(rgb)[..., 0])


def position_colors(values: ArrayLike, low: float, high: float) -> list[str]:
    """Hex colours of positions on a scale ``[low, high]`` (:data:`POSITION_CMAP`)."""
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    cmap = colormaps[POSITION_CMAP]
    span = high - low if high != low else 1.0
    t = np.clip((np.asarray(values, dtype=np.float64) - low) / span, 0.0, 1.0)
    return [to_hex(cmap(float(x))) for x in np.atleast_1d(t)]


__all__ = [
    "CVD",
    "FIGURE_ROLES",
    "GREY",
    "GREY_DARK",
    "GREY_FAINT",
    "GREY_LIGHT",
    "MACHADO_2009",
    "OKABE_ITO",
    "POSITION_CMAP",
    "ROLES",
    "Style",
    "delta_e",
    "hex_to_rgb",
    "lightness",
    "linear_to_srgb",
    "position_colors",
    "simulate_cvd",
    "srgb_to_lab",
    "srgb_to_linear",
]
