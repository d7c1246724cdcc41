"""Independent geometry of the text in an SVG: where each piece of text is painted, from the SVG alone.

Reads each ``<text>`` element's position, anchor, font size, weight and transform, and measures its ink with
Pillow's FreeType binding on the DejaVu Sans font files (not with matplotlib, which drew the figure), so a
test can check that no two texts overlap without trusting the code that placed them.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from PIL import ImageFont

SVG_NS = "{http://www.w3.org/2000/svg}"
_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)


@dataclass(frozen=True)
class TextBox:
    """A piece of text and the axis-aligned box of its ink (SVG user units, y down)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    def overlap(self, other: TextBox) -> float:
        """Area of the intersection with another box."""
        w = min(self.x1, other.x1) - max(self.x0, other.x0)
        h = min(self.y1, other.y1) - max(self.y0, other.y0)
        return max(w, 0.0) * max(h, 0.0)


def _font_file(bold: bool) -> str:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for d in _FONT_DIRS:
        if (d / name).is_file():
            return str(d / name)
    import matplotlib  # only to find a copy of the font file when the system has none

    return str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name)


@cache
def _font(size: float, bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(_font_file(bold), size=size)


def _parse_transform(text: str | None) -> np.ndarray:
    m = np.eye(3)
    if not text:
        return m
    for name, args in re.findall(r"(\w+)\s*\(([^)]*)\)", text):
        v = [float(a) for a in re.split(r"[\s,]+", args.strip()) if a]
        if name == "translate":
            t = np.array([[1, 0, v[0]], [0, 1, v[1] if len(v) > 1 else 0.0], [0, 0, 1]])
        elif name == "rotate":
            a = math.radians(v[0])
            c, s = math.cos(a), math.sin(a)
            r = np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])
            if len(v) == 3:
                cx, cy = v[1], v[2]
                t = (
                    np.array([[1, 0, cx], [0, 1, cy], [0, 0, 1]])
                    @ r
                    @ np.array([[1, 0, -cx], [0, 1, -cy], [0, 0, 1]])
                )
            else:
                t = r
        elif name == "scale":
            sy = v[1] if len(v) > 1 else v[0]
            t = np.diag([v[0], sy, 1.0])
        elif name == "matrix":
            t = np.array([[v[0], v[2], v[4]], [v[1], v[3], v[5]], [0, 0, 1]])
        else:
            raise ValueError(f"unsupported transform {name}")
        m = m @ t
    return m


def _style(el: ET.Element) -> dict[str, str]:
    out = {}
    for part in (el.get("style") or "").split(";"):
        if ":" in part:
            k, v = part.split(":", 1)
            out[k.strip()] = v.strip()
    return out


def text_boxes(svg: str) -> list[TextBox]:
    """The ink box of every non-empty ``<text>`` in ``svg``."""
    root = ET.fromstring(svg)
    parents = {child: parent for parent in root.iter() for child in parent}
    boxes = []
    for el in root.iter(f"{SVG_NS}text"):
        content = "".join(el.itertext())
        if not content.strip():
            continue
        style = _style(el)
        size = float(re.sub(r"px|pt", "", style.get("font-size", "10")))
        bold = style.get("font-weight", "normal") in ("bold", "700", "600", "800", "900")
        anchor = style.get("text-anchor", "start")
        font = _font(size, bold)
        left, top, right, bottom = font.getbbox(content, anchor="ls")
        width = font.getlength(content)
        shift = {"start": 0.0, "middle": -width / 2, "end": -width}[anchor]
        x = float(el.get("x", 0.0))
        y = float(el.get("y", 0.0))
        corners = np.array(
            [
                [x + shift + left, y + top, 1.0],
                [x + shift + right, y + top, 1.0],
                [x + shift + left, y + bottom, 1.0],
                [x + shift + right, y + bottom, 1.0],
            ]
        ).T
        m = _parse_transform(el.get("transform"))
        node = el
        while node in parents:
            node = parents[node]
            m = _parse_transform(node.get("transform")) @ m
        pts = m @ corners
        boxes.append(
            TextBox(
                content,
                float(pts[0].min()),
                float(pts[1].min()),
                float(pts[0].max()),
                float(pts[1].max()),
            )
        )
    return boxes


def overlapping_texts(svg: str, tolerance: float = 0.25) -> list[tuple[str, str, float]]:
    """Pairs of texts whose ink boxes overlap by more than ``tolerance`` square units."""
    boxes = text_boxes(svg)
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[:i]:
            area = a.overlap(b)
            if area > tolerance:
                out.append((a.text, b.text, area))
    return out
