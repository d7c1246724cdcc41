"""The palette: colour science checked against a peer, and the colours checked under colour blindness.

Reference values (CIELAB and the Machado et al. 2009 simulations at severity 100) were computed with the
peer library colorspacious 1.1.2 (``cspace_convert(rgb, "sRGB1", "CIELab")`` and
``cspace_convert(rgb, {"name": "sRGB1+CVD", "cvd_type": "protanomaly", "severity": 100}, "sRGB1")``), which
implements the same published model independently of our code.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coalitionist.report.figures.palette import (
    CVD,
    FIGURE_ROLES,
    MACHADO_2009,
    OKABE_ITO,
    POSITION_CMAP,
    ROLES,
    delta_e,
    hex_to_rgb,
    lightness,
    position_colors,
    simulate_cvd,
    srgb_to_lab,
)

KINDS: tuple[CVD, ...] = ("protanopia", "deuteranopia", "tritanopia")

# hex: (CIELAB, protanopia sRGB, deuteranopia sRGB, tritanopia sRGB) from colorspacious 1.1.2.
PEER = {
    "#E69F00": ((70.606, 16.483, 74.683), (0.7257, 0.6368, 0.0), (0.7912, 0.7048, 0.066), (0.9853, 0.5475, 0.5306)),
    "#56B4E9": ((69.826, -12.017, -34.774), (0.6077, 0.7017, 0.9236), (0.5284, 0.6434, 0.9103), (0.0, 0.7597, 0.7758)),
    "#009E73": ((57.742, -45.741, 12.754), (0.6053, 0.5711, 0.4416), (0.5422, 0.5252, 0.4623), (0.0, 0.621, 0.5735)),
    "#0072B2": ((45.973, -2.735, -41.374), (0.3244, 0.4571, 0.7085), (0.2303, 0.402, 0.6933), (0.0, 0.5089, 0.5387)),
    "#D55E00": ((54.186, 43.278, 63.285), (0.5055, 0.442, 0.0), (0.6186, 0.5484, 0.0), (0.9196, 0.2528, 0.3143)),
    "#CC79A7": ((61.046, 38.538, -10.609), (0.5, 0.5447, 0.6614), (0.5823, 0.5978, 0.6464), (0.8403, 0.4704, 0.5395)),
    "#FF0000": ((53.231, 80.114, 67.22), (0.4266, 0.3727, 0.0), (0.6401, 0.5658, 0.0), (1.0, 0.0, 0.0584)),
    "#00FF00": ((87.736, -86.184, 83.183), (1.0, 0.8994, 0.0), (0.9361, 0.8392, 0.2292), (0.0, 0.9689, 0.8496)),
}  # fmt: skip


@pytest.mark.parametrize("color", sorted(PEER))
def test_lab_matches_the_peer(color: str) -> None:
    # colorspacious uses a slightly different D65 white point: agreement to 0.05 L*a*b* units.
    assert srgb_to_lab(hex_to_rgb(color)) == pytest.approx(PEER[color][0], abs=0.05)


@pytest.mark.parametrize("color", sorted(PEER))
@pytest.mark.parametrize("k", range(3))
def test_dichromacy_simulation_matches_the_peer(color: str, k: int) -> None:
    assert simulate_cvd(hex_to_rgb(color), KINDS[k]) == pytest.approx(PEER[color][k + 1], abs=2e-4)


def test_machado_matrices_keep_white_white() -> None:
    # Each published row sums to 1 (to the 6 printed decimals): achromatic colours stay achromatic.
    for matrix in MACHADO_2009.values():
        assert matrix.sum(axis=1) == pytest.approx([1, 1, 1], abs=2e-6)


def test_red_and_green_collapse_for_red_green_blindness_but_not_for_tritanopia() -> None:
    red, green = hex_to_rgb("#FF0000"), hex_to_rgb("#00FF00")
    normal = float(delta_e(red, green))
    for kind in ("protanopia", "deuteranopia"):
        # both become yellowish: hue is lost, only lightness (and a little chroma) tells them apart
        seen = float(delta_e(simulate_cvd(red, kind), simulate_cvd(green, kind)))
        assert seen < normal / 2
    assert float(delta_e(simulate_cvd(red, "tritanopia"), simulate_cvd(green, "tritanopia"))) > 80


@pytest.mark.parametrize("vision", ["normal", *KINDS])
def test_okabe_ito_colours_stay_distinct(vision: str) -> None:
    colors = [hex_to_rgb(c) for c in OKABE_ITO.values()]
    if vision != "normal":
        colors = [simulate_cvd(c, vision) for c in colors]  # type: ignore[arg-type]
    worst = min(float(delta_e(a, b)) for a, b in itertools.combinations(colors, 2))
    # ΔE*ab ≈ 2.3 is a just-noticeable difference; 15 is obvious at a glance.
    assert worst >= 15


@pytest.mark.parametrize("group", sorted(FIGURE_ROLES))
def test_roles_drawn_together_differ_in_greyscale_and_not_by_colour_alone(group: str) -> None:
    roles = [ROLES[r] for r in FIGURE_ROLES[group]]
    for a, b in itertools.combinations(roles, 2):
        la = float(lightness(hex_to_rgb(a.color)))
        lb = float(lightness(hex_to_rgb(b.color)))
        assert abs(la - lb) >= 10, (a, b)
        # a shape or a dash pattern tells them apart as well
        assert (a.marker, str(a.linestyle)) != (b.marker, str(b.linestyle)), (a, b)
        for kind in KINDS:
            sa = simulate_cvd(hex_to_rgb(a.color), kind)
            sb = simulate_cvd(hex_to_rgb(b.color), kind)
            assert float(delta_e(sa, sb)) >= 10, (group, kind, a, b)


@pytest.mark.parametrize("vision", ["normal", *KINDS])
def test_position_colours_get_lighter_with_the_position(vision: str) -> None:
    colors = np.array([hex_to_rgb(c) for c in position_colors(np.linspace(0, 100, 41), 0, 100)])
    if vision != "normal":
        colors = simulate_cvd(colors, vision)  # type: ignore[arg-type]
    light = lightness(colors)
    # strictly monotone: a greyscale print and every dichromat read low → high the same way
    assert np.all(np.diff(light) > 0)
    assert light[-1] - light[0] > 60
    assert POSITION_CMAP == "cividis"


def test_position_colours_clip_to_the_scale() -> None:
    assert position_colors([-50, 0], 0, 100) == position_colors([0, 0], 0, 100)
    assert position_colors([150], 0, 100) == position_colors([100], 0, 100)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 254), st.integers(1, 255))
def test_lightness_rises_with_grey_level(g: int, step: int) -> None:
    h = min(g + step, 255)
    if h == g:
        return
    lo = float(lightness(np.array([g, g, g]) / 255))
    hi = float(lightness(np.array([h, h, h]) / 255))
    assert lo < hi
    # greys have no chroma
    a, b = srgb_to_lab(np.array([g, g, g]) / 255)[1:]
    assert abs(a) < 0.01
    assert abs(b) < 0.01


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(0, 1), min_size=3, max_size=3),
    st.lists(st.floats(0, 1), min_size=3, max_size=3),
)
def test_delta_e_is_a_distance(c1: list[float], c2: list[float]) -> None:
    a, b = np.array(c1), np.array(c2)
    assert float(delta_e(a, a)) == pytest.approx(0, abs=1e-9)
    assert float(delta_e(a, b)) == pytest.approx(float(delta_e(b, a)))


def test_hex_to_rgb_rejects_malformed_colours() -> None:
    with pytest.raises(ValueError, match="RRGGBB"):
        hex_to_rgb("#fff")
