"""The PDF draws each figure from the same SVG as the HTML, as an ``<img>`` (issue 12.5: the PDF's time).

``report.pdf`` prints from ``render_html(brief, figures_as_images=True)``, where each figure is an ``<img>``
whose data URI holds the figure's SVG, instead of the inline ``<svg>`` of the HTML page. What is checked:
the data URIs decode to exactly the brief's SVGs, in order, the rest of the page is the HTML page's, and the
PDF printed the old way (inline SVG) has the same pages with the same text (read back with pypdf).
"""

from __future__ import annotations

import base64
import importlib
import io
import re

import pypdf
import pytest

from coalitionist.brief import Brief
from coalitionist.report.html import render_html

_IMG = re.compile(r'<img class="figure-svg" alt="[^"]*" src="data:image/svg\+xml;base64,([^"]+)">')


def _pairs(parts: list[str], svgs: list[str]) -> list[tuple[str, str]]:
    """Each piece of the split page with, at the odd (image) places, the SVG it stands for."""
    svg_at = iter(svgs)
    return [(part, next(svg_at) if i % 2 else "") for i, part in enumerate(parts)]


def test_the_images_hold_the_figures_svg(briefs: dict[str, Brief]) -> None:
    for name, brief in briefs.items():
        svgs = [f.svg for s in brief.sections for f in s.figures]
        images = render_html(brief, figures_as_images=True)
        decoded = [base64.b64decode(m).decode("utf-8") for m in _IMG.findall(images)]
        assert decoded == svgs, name
        # the page around the figures is the HTML page: swap each image back for its SVG
        parts = _IMG.split(images)  # text, base64, text, base64, …, text
        back = "".join(svg if i % 2 else part for i, (part, svg) in enumerate(_pairs(parts, svgs)))
        back = back.replace("  figure img { max-width: 100%; height: auto; }\n", "")
        assert re.sub(r"\s+", " ", back) == re.sub(r"\s+", " ", render_html(brief)), name


def test_the_pdf_pages_are_those_of_the_inline_svg_pdf(briefs: dict[str, Brief]) -> None:
    try:
        weasyprint = importlib.import_module("weasyprint")
    except OSError as exc:
        pytest.skip(f"pango missing: WeasyPrint cannot load its system libraries ({exc})")
    brief = briefs["clinic-program"]
    assert any(s.figures for s in brief.sections)

    def pages(html: str) -> list[str]:
        pdf = weasyprint.HTML(string=html, base_url=None).write_pdf()
        return [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]

    as_images = pages(render_html(brief, figures_as_images=True))
    inline = pages(render_html(brief))
    assert len(as_images) == len(inline)
    assert as_images == inline
