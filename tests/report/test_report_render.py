"""Every example renders in every format: text, Markdown, HTML (self-contained and valid), JSON and PDF
(whose outline and text are read back with pypdf)."""

from __future__ import annotations

import importlib
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

import pypdf
import pytest
from report_html_check import check_html

from coalitionist.brief import Brief
from coalitionist.examples import example_names
from coalitionist.report import FORMATS, render

EXAMPLES = tuple(example_names())

SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def html(briefs: dict[str, Brief]) -> dict[str, str]:
    out = {}
    for name, brief in briefs.items():
        doc = render(brief, "html")
        assert isinstance(doc, str)
        out[name] = doc
    return out


def test_every_format_is_covered() -> None:
    assert set(FORMATS) == {"text", "markdown", "html", "pdf", "json"}


@pytest.mark.parametrize("name", EXAMPLES)
def test_text(briefs: dict[str, Brief], name: str) -> None:
    out = render(briefs[name], "text")
    assert isinstance(out, str)
    assert briefs[name].title in out
    for s in briefs[name].sections:
        assert s.title in out


@pytest.mark.parametrize("name", EXAMPLES)
def test_markdown(briefs: dict[str, Brief], name: str) -> None:
    out = render(briefs[name], "markdown")
    assert isinstance(out, str)
    headings = re.findall(r"^## (.+)$", out, flags=re.M)
    expected = (["Summary"] if briefs[name].summary else []) + [
        s.title for s in briefs[name].sections
    ]
    assert headings == expected


@pytest.mark.parametrize("name", EXAMPLES)
def test_json_holds_every_section_and_figure(briefs: dict[str, Brief], name: str) -> None:
    out = render(briefs[name], "json")
    assert isinstance(out, str)
    data = json.loads(out)
    assert list(data["sections"]) == [s.key for s in briefs[name].sections]
    for s in briefs[name].sections:
        assert [f["key"] for f in data["sections"][s.key]["figures"]] == [f.key for f in s.figures]


@pytest.mark.parametrize("name", EXAMPLES)
def test_html_is_valid_and_self_contained(html: dict[str, str], name: str) -> None:
    report = check_html(html[name])
    assert report.problems == []
    assert report.tags.get("script", 0) == 0


@pytest.mark.parametrize("name", EXAMPLES)
def test_html_has_every_section_and_figure(
    briefs: dict[str, Brief], html: dict[str, str], name: str
) -> None:
    doc = html[name]
    brief = briefs[name]
    report = check_html(doc)
    for s in brief.sections:
        assert s.key in report.ids
        for f in s.figures:
            assert f"fig-{f.key}" in report.ids
    svgs = re.findall(r"<svg\b.*?</svg>", doc, flags=re.S)
    assert len(svgs) == sum(len(s.figures) for s in brief.sections)
    for svg in svgs:
        root = ET.fromstring(svg)  # each figure is well-formed XML on its own
        assert root.tag == f"{SVG_NS}svg"


def test_html_check_catches_what_it_must() -> None:
    bad = (
        '<html><head><script src="https://x.org/a.js"></script>'
        '<link rel="stylesheet" href="https://x.org/a.css"></head>'
        '<body><img src="http://x.org/i.png"><a href="#nowhere">x</a><div id="a"></div>'
        '<div id="a"><span></div><svg><rect fill="url(#gone)"/></svg></body></html>'
    )
    problems = " | ".join(check_html(bad).problems)
    for expected in (
        "forbidden element <script>",
        "external stylesheet",
        "external reference src='http://x.org/i.png'",
        "missing id #nowhere",
        "duplicate id 'a'",
        "missing id #gone",
        "does not close",
    ):
        assert expected in problems
    assert check_html('<p>See <a href="https://example.org">x</a>.</p>').problems == []


def _skip_without_pango() -> None:
    """WeasyPrint and pypdf are installed with the package (``make test`` installs the ``report`` and ``dev``
    extras), so their absence fails. Pango is a system library WeasyPrint loads when imported, raising
    OSError when it is missing: that alone is a reason to skip (``.ci/run`` installs it)."""
    try:
        importlib.import_module("weasyprint")
    except OSError as exc:
        pytest.skip(f"pango missing: WeasyPrint cannot load its system libraries ({exc})")


@pytest.mark.parametrize("name", EXAMPLES)
def test_pdf_has_one_outline_entry_per_section(briefs: dict[str, Brief], name: str) -> None:
    _skip_without_pango()
    pdf = render(briefs[name], "pdf")  # any other error of the renderer fails the test
    assert isinstance(pdf, bytes)
    assert pdf.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(pdf))

    def titles(outline: Sequence[object]) -> list[str]:
        out: list[str] = []
        for item in outline:
            if isinstance(item, list):
                out += titles(item)
            else:
                out.append(str(getattr(item, "title", "")))
        return out

    brief = briefs[name]
    outline = titles(reader.outline)
    # WeasyPrint turns the headings into PDF bookmarks: the title, the summary, then one per section.
    expected = (
        [brief.title] + (["Summary"] if brief.summary else []) + [s.title for s in brief.sections]
    )
    assert outline == expected
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    for s in brief.sections:
        assert s.title in text
        for f in s.figures:
            assert f.title.split(":")[0] in text
