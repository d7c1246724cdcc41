"""The PDF's copy of each figure draws the same as the figure (issue 12.5: the PDF's time).

:func:`coalitionist.report.pdf_svg.simplify_for_pdf` rewrites matplotlib's SVG into fewer nodes for
WeasyPrint. What is checked, on every bundled example's figures: the drawing read back from the SVG by an
independent resolver written here (each drawn element with every property it ends up with after the
cascade as WeasyPrint's ``Node.cascade`` orders it — own attributes, then inherited ones, then the style
rules, then the ``style`` attribute — the ``<use>`` references followed (a ``<use>``'s ``x``, ``y`` read as
the translation it is), and the chain of transforms, clips and opacities above it) is the same before and after, element for element and in order; the
rewrite halves the node count; a document with style rules it does not know is drawn the same too; and
the quick library lookup used while WeasyPrint is imported gives ``ctypes.util.find_library``'s answers.
"""

from __future__ import annotations

import ctypes.util
import re
import sys
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from coalitionist.brief import Brief
from coalitionist.report.pdf import _libraries_from_one_listing, pdf_brief
from coalitionist.report.pdf_svg import simplify_for_pdf

NS = "{http://www.w3.org/2000/svg}"
HREF = "{http://www.w3.org/1999/xlink}href"
#: Attributes that do not inherit (WeasyPrint's list, from the SVG specification).
NOT_INHERITED = {
    "clip", "clip-path", "filter", "height", "id", "mask", "opacity", "overflow", "rotate",
    "stop-color", "stop-opacity", "style", "transform", "transform-origin", "viewBox", "width", "x",
    "y", "dx", "dy", HREF, "href",
}  # fmt: skip
#: Attributes of an ancestor that change how its descendants are drawn (recorded as a chain).
GROUPING = ("transform", "clip-path", "opacity", "mask", "filter")
#: What a clip path's children contribute: their geometry (and clip rule and transform).
CLIP_GEOMETRY = {
    "d",
    "x",
    "y",
    "width",
    "height",
    "points",
    "r",
    "cx",
    "cy",
    "rx",
    "ry",
    "clip-rule",
}
CLIP_GEOMETRY |= {"transform", "x1", "y1", "x2", "y2"}
DRAWN = {"path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "image"}
NOT_DRAWN = {
    "defs",
    "clipPath",
    "title",
    "style",
    "metadata",
    "desc",
    "symbol",
    "marker",
    "pattern",
}


def _decls(text: str) -> list[tuple[str, str]]:
    out = []
    for part in text.split(";"):
        if ":" in part:
            k, v = part.split(":", 1)
            out.append((k.strip(), v.strip()))
    return out


def _rules(root: ET.Element) -> list[tuple[str, list[tuple[str, str]]]]:
    """The ``<style>`` rules as (selector, declarations); only ``*`` and ``tag`` selectors are read."""
    rules = []
    for st in root.iter(f"{NS}style"):
        for sel, body in re.findall(r"([^{}]+)\{([^{}]*)\}", st.text or ""):
            rules.append((sel.strip(), _decls(body)))
    return rules


def _local(tag: str) -> str:
    return tag.split("}", 1)[-1]


def drawing(svg: str) -> list[tuple[Any, ...]]:
    """Every drawn element of ``svg`` in painting order: (tag, text, resolved properties, the grouping
    chain above it), and, for every clip path used, its resolved children."""
    root = ET.fromstring(svg)
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    rules = _rules(root)
    for sel, _ in rules:
        assert sel == "*" or re.fullmatch(r"[a-zA-Z]+", sel), sel
    out: list[tuple[Any, ...]] = []

    def resolve(el: ET.Element, parent: dict[str, str]) -> dict[str, str]:
        props = dict(el.attrib)
        for k, v in parent.items():
            if k not in NOT_INHERITED:
                props.setdefault(k, v)
        for sel, decls in rules:
            if sel in ("*", _local(el.tag)):
                props.update(decls)
        props.update(_decls(el.get("style", "")))
        props.pop("style", None)
        return props

    def visit(el: ET.Element, parent: dict[str, str], chain: tuple[Any, ...]) -> None:
        tag = _local(el.tag)
        if tag in NOT_DRAWN:
            return
        props = resolve(el, parent)
        here = tuple((k, props[k]) for k in GROUPING if k in props)
        if tag == "use":
            target = by_id[el.get(HREF, el.get("href", ""))[1:]]
            # the <use>'s x, y: a translation after its own transform (SVG 1.1, 5.6)
            at = ((("transform", f"translate({props.get('x', '0')} {props.get('y', '0')})"),),)
            visit_target(target, props, (*chain, *((here,) if here else ()), *at))
            return
        if tag in DRAWN:
            drawn = {k: v for k, v in props.items() if k not in ("id", *GROUPING)}
            text = "".join(el.itertext()) if tag == "text" else None
            out.append((tag, text, tuple(sorted(drawn.items())), (*chain, here) if here else chain))
            return
        inner = (*chain, here) if here else chain
        for child in el:
            visit(child, props, inner)

    def visit_target(el: ET.Element, parent: dict[str, str], chain: tuple[Any, ...]) -> None:
        # a referenced element is drawn where the <use> is, inheriting from it
        saved = el.get("id")
        visit(el, parent, chain)
        assert saved == el.get("id")

    visit(root, {}, ())
    clips = sorted(
        {m for _, _, props, chain in out for link in chain for k, m in link if k == "clip-path"}
    )
    for ref in clips:
        # a clip path is its children's geometry (and their clip rule and transform)
        for child in by_id[ref[5:-1]]:
            props = resolve(child, {})
            shape = sorted((k, v) for k, v in props.items() if k in CLIP_GEOMETRY)
            out.append(("clip", ref, _local(child.tag), tuple(shape)))
    return out


def _nodes(svg: str) -> int:
    return sum(1 for _ in ET.fromstring(svg).iter())


def test_every_figure_draws_the_same_in_fewer_nodes(briefs: dict[str, Brief]) -> None:
    before = after = 0
    for name, brief in briefs.items():
        for fig in (f for s in brief.sections for f in s.figures):
            simple = simplify_for_pdf(fig.svg)
            assert drawing(simple) == drawing(fig.svg), (name, fig.key)
            before += _nodes(fig.svg)
            after += _nodes(simple)
    assert after < 0.6 * before, (before, after)


def test_the_pdf_brief_rewrites_only_the_figures(briefs: dict[str, Brief]) -> None:
    brief = briefs["gulf-war-1990"]
    rewritten = pdf_brief(brief)
    assert [f.svg for s in rewritten.sections for f in s.figures] == [
        simplify_for_pdf(f.svg) for s in brief.sections for f in s.figures
    ]
    assert [(s.key, s.reading, s.tables) for s in rewritten.sections] == [
        (s.key, s.reading, s.tables) for s in brief.sections
    ]


def test_a_document_with_other_rules_is_left_as_it_is() -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        "<defs><style>path{stroke: red}</style>"
        '<path id="m" d="M 0 0 L 1 0" style="stroke-width: 2"/></defs>'
        '<g id="a"><g id="b"><path d="M 0 0 L 1 1" style="fill: blue"/></g>'
        '<use xlink:href="#m" x="3" y="4" style="stroke: green"/></g></svg>'
    )
    assert simplify_for_pdf(svg) == svg  # a rule like g{opacity: 0.5} would style the groups


def test_a_style_it_cannot_split_keeps_the_styles() -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg"><defs><style type="text/css">'
        "*{stroke-linejoin: round; stroke-linecap: butt}</style></defs>"
        '<g id="a"><g id="b"><path d="M 0 0 L 1 1" style="fill: blue /* a comment; */"/></g>'
        "<text style=\"font-family: 'A;B'\">x</text></g></svg>"
    )
    simple = simplify_for_pdf(svg)
    assert drawing(simple) == drawing(svg)
    assert "*{stroke-linejoin: round; stroke-linecap: butt}" in simple
    assert 'style="fill: blue /* a comment; */"' in simple
    assert "<g" not in simple


def test_a_use_inherits_from_itself_not_from_the_rule() -> None:
    # the * rule sets the referenced marker's join; the <use> sets another, which must not leak into it
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<defs><style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style>'
        '<path id="m" d="M 0 0 L 1 0 L 1 1" style="stroke: #000"/></defs>'
        '<g id="line2d_1"><g><use xlink:href="#m" x="3" y="4" style="stroke-linejoin: miter"/>'
        '</g></g><g id="g1" style="stroke-linecap: round"><path d="M 0 0" style="fill: none"/></g>'
        "</svg>"
    )
    simple = simplify_for_pdf(svg)
    assert "<style" not in simple
    assert drawing(simple) == drawing(svg)


def test_the_library_lookup_answers_as_ctypes_does() -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("the lookup is used on Linux only")
    names = ["gobject-2.0", "pango-1.0", "harfbuzz", "fontconfig", "pangoft2-1.0", "c", "m"]
    names += ["libgobject-2.0-0", "pango-1.0-0", "no-such-library-here"]
    expected = {n: ctypes.util.find_library(n) for n in names}
    original = ctypes.util.find_library
    with _libraries_from_one_listing():
        got = {n: ctypes.util.find_library(n) for n in names}
    assert ctypes.util.find_library is original
    # names in the shared-library cache: the same answers; the others are None at once (ctypes may still
    # find one with gcc or ld, then WeasyPrint's plain soname reaches the same library through dlopen)
    assert {n: v for n, v in got.items() if v is not None} == {
        n: v for n, v in expected.items() if got[n] is not None
    }
    assert all(got[n] is not None for n in ("c", "m")) or expected["c"] is None
