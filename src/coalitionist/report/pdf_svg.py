"""The figures' SVG as WeasyPrint draws it fastest: the same drawing in fewer, plainer nodes (PDF only).

WeasyPrint draws an SVG node by node in Python: every node is cascaded (its ``style`` attribute parsed with
tinycss2, the document's style rules matched against it) before it is drawn. Matplotlib's SVG wraps every
artist in a ``<g id="…">`` (about half the nodes of the brief's figures), every clipped artist in a
``<g clip-path="…">`` of its own, and writes every property in a ``style`` attribute under one
document-wide rule (``*{stroke-linejoin: round; stroke-linecap: butt}``). :func:`simplify_for_pdf` rewrites
that into the same drawing, as WeasyPrint's cascade (``weasyprint.svg.Node.cascade``: inherited
attributes, then the style rules, then the ``style`` attribute) resolves it:

1. a ``<g>`` whose only attribute is an ``id`` nothing refers to is replaced by its children;
2. neighbouring ``<g>`` elements with the same ``clip-path`` and no other attribute become one (the same
   children, in the same order, under the same clip);
3. each ``style`` declaration becomes the presentation attribute of the same name, and the ``*`` rule
   becomes attributes too: on the root (inherited by everything) and, explicitly, on every element whose
   inherited value could differ from the rule's — below an element that sets another value, and on the
   elements a ``<use>`` draws, which inherit from the ``<use>``;
4. a ``<use>`` of a plain ``<path>`` (the markers of scatter points and ticks) becomes a copy of the path
   translated to the ``<use>``'s place, with the attributes the drawn copy has (WeasyPrint deep-copies
   and re-cascades the referenced node for every ``<use>``).

The HTML page keeps the figures' SVG as matplotlib wrote it; only the PDF's ``<img>`` copies are rewritten.
On the Gulf War brief this takes WeasyPrint's figure time down by a third or more (the pages rendered
with ``pdftoppm`` are pixel-identical); the text (which WeasyPrint lays out letter by letter) is most of
the rest.
A document with other style rules is left as it is (a rule could style the groups step 1 removes); a
``style`` attribute that cannot be split safely (a comment, an escape, a quoted ``;``) keeps every
``style`` and the rule (steps 1 and 2 still apply).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html import escape

SVG_NS = "http://www.w3.org/2000/svg"
_G = f"{{{SVG_NS}}}g"
_STYLE = f"{{{SVG_NS}}}style"
_XLINK = "http://www.w3.org/1999/xlink"
_XLINK_HREF = f"{{{_XLINK}}}href"
_PREFIXES = {_XLINK: "xlink", "http://www.w3.org/XML/1998/namespace": "xml"}

#: The one style rule matplotlib writes (``backend_svg``), which step 3 turns into attributes.
_MPL_RULE = re.compile(r"\s*\*\s*\{([^{}]*)\}\s*")
#: A reference to an element by id: ``url(#id)`` or ``href="#id"``.
_REF = re.compile(r"""url\(#([^)]+)\)|href="#([^"]+)\"""")
_URL = re.compile(r"url\(#[^;:()'\"\\]*\)")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def _declarations(text: str) -> list[tuple[str, str]] | None:
    """``a: b; c: d`` as ``[("a", "b"), ("c", "d")]``, or None when a plain split might be wrong (a
    comment, an escape, ``!important``, a function other than ``url(#id)``, a quoted ``;`` or ``:``)."""
    plain = _URL.sub("url()", text)
    if any(s in plain for s in ("\\", "/*", "!")) or "(" in plain.replace("url()", ""):
        return None
    if any(";" in q or ":" in q for q in _QUOTED.findall(plain)):
        return None
    out = []
    for part in text.split(";"):
        if not part.strip():
            continue
        name, sep, value = part.partition(":")
        if not sep or not name.strip():
            return None
        out.append((name.strip(), value.strip()))
    return out


def _unwrap(parent: ET.Element, referenced: set[str]) -> None:
    """Steps 1 and 2 on ``parent``'s subtree."""
    children: list[ET.Element] = []
    for child in list(parent):
        _unwrap(child, referenced)
        if child.tag == _G and set(child.attrib) <= {"id"} and child.get("id") not in referenced:
            children.extend(child)
            continue
        prev = children[-1] if children else None
        if (
            prev is not None
            and child.tag == _G
            and prev.tag == _G
            and set(child.attrib) == {"clip-path"}
            and prev.attrib == child.attrib
        ):
            prev.extend(child)
            continue
        children.append(child)
    parent[:] = children


def _styles_to_attributes(root: ET.Element, rule: list[tuple[str, str]]) -> bool:
    """Step 3; False (and nothing changed) when some ``style`` cannot be split safely."""
    parsed: list[tuple[ET.Element, list[tuple[str, str]]]] = []
    for el in root.iter():
        style = el.get("style")
        if style is not None:
            decls = _declarations(style)
            if decls is None:
                return False
            parsed.append((el, decls))
    for el, decls in parsed:
        del el.attrib["style"]
        for name, value in decls:
            el.set(name, value)
    for parent in list(root.iter()):
        for st in [c for c in parent if c.tag == _STYLE]:
            parent.remove(st)
    ruled = dict(rule)
    used = set()
    for el in root.iter():
        href = el.get(_XLINK_HREF, el.get("href", ""))
        if href.startswith("#"):
            used.add(href[1:])

    def settle(el: ET.Element, unsure: set[str]) -> None:
        # ``unsure``: the rule's properties whose inherited value here may not be the rule's
        if el.get("id") in used:
            unsure = set(ruled)
        for name in sorted(unsure):
            if name not in el.attrib:
                el.set(name, ruled[name])
        below = {name for name in ruled if el.get(name, ruled[name]) != ruled[name]}
        for child in el:
            settle(child, below)

    settle(root, set(ruled))  # the rule applies to the root too; its own attributes win
    return True


#: Attributes that do not inherit (WeasyPrint's ``NOT_INHERITED_ATTRIBUTES``, from the SVG specification).
_NOT_INHERITED = frozenset(
    [
        "clip",
        "clip-path",
        "filter",
        "height",
        "id",
        "mask",
        "opacity",
        "overflow",
        "rotate",
        "stop-color",
        "stop-opacity",
        "style",
        "transform",
        "transform-origin",
        "viewBox",
        "width",
        "x",
        "y",
        "dx",
        "dy",
        "href",
    ]
) | {_XLINK_HREF}
#: Attributes of a ``<use>`` that make it more than "draw that element here" (then it stays a ``<use>``).
_USE_GROUPING = frozenset(
    ("transform", "clip-path", "opacity", "mask", "filter", "width", "height")
)
_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _inline_uses(root: ET.Element) -> None:
    """Step 4: a ``<use>`` of a childless ``<path>`` becomes that path, translated to the ``<use>``'s
    ``x``, ``y``, with the attributes the drawn copy would have had: the path's own (step 3 made the style
    rule's explicit there) and, for the others, the ``<use>``'s inheritable ones."""
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    path = f"{{{SVG_NS}}}path"
    use = f"{{{SVG_NS}}}use"
    for parent in list(root.iter()):
        for i, el in enumerate(list(parent)):
            if el.tag != use or _USE_GROUPING & set(el.attrib):
                continue
            target = by_id.get(el.get(_XLINK_HREF, el.get("href", "#"))[1:])
            x, y = el.get("x", "0"), el.get("y", "0")
            if (
                target is None
                or target.tag != path
                or len(target)
                or "transform" in target.attrib
                or not (_NUMBER.fullmatch(x) and _NUMBER.fullmatch(y))
            ):
                continue
            attrs = {k: v for k, v in target.attrib.items() if k != "id"}
            for k, v in el.attrib.items():
                if k not in _NOT_INHERITED and k not in attrs:
                    attrs[k] = v
            attrs["transform"] = f"translate({x} {y})"
            copy = ET.Element(path, attrs)
            copy.tail = el.tail
            parent[i] = copy


def simplify_for_pdf(svg: str) -> str:
    """``svg`` (a figure as :func:`coalitionist.report.figures._mpl.figure_to_svg` writes it) as the same
    drawing in fewer, plainer nodes for WeasyPrint (module docstring); unchanged when not recognised.

    Examples
    --------
    >>> svg = (
    ...     '<svg xmlns="http://www.w3.org/2000/svg"><defs><style type="text/css">'
    ...     "*{stroke-linejoin: round; stroke-linecap: butt}</style></defs>"
    ...     '<g id="figure_1"><g id="patch_1"><path d="M 0 0 L 1 1" style="fill: #ffffff"/></g></g></svg>'
    ... )
    >>> print(simplify_for_pdf(svg))  # doctest: +NORMALIZE_WHITESPACE
    <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
    stroke-linecap="butt" stroke-linejoin="round"><defs/><path d="M 0 0 L 1 1" fill="#ffffff"/></svg>
    """
    try:
        root = ET.fromstring(svg)
    except ET.ParseError:
        return svg
    if not root.tag.startswith(f"{{{SVG_NS}}}"):
        return svg
    styles = list(root.iter(_STYLE))
    rule: list[tuple[str, str]] | None = []
    if len(styles) > 1:
        rule = None
    elif styles:
        m = _MPL_RULE.fullmatch(styles[0].text or "")
        rule = _declarations(m.group(1)) if m else None
    if rule is None:  # rules this module does not know could style the groups it would remove
        return svg
    _unwrap(root, {a or b for a, b in _REF.findall(svg)})
    if _styles_to_attributes(root, rule):
        _inline_uses(root)
    return _serialise(root)


def _name(qname: str) -> str:
    """``{svg}path`` → ``path``, ``{xlink}href`` → ``xlink:href`` (the prefixes the root declares)."""
    if qname[0] != "{":
        return qname
    uri, local = qname[1:].split("}", 1)
    return local if uri == SVG_NS else f"{_PREFIXES[uri]}:{local}"


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def _serialise(root: ET.Element) -> str:
    """The tree as XML text, SVG the default namespace (ElementTree would write ``ns0:`` prefixes, or
    need its global namespace registry changed)."""
    out: list[str] = []

    def write(el: ET.Element, top: bool) -> None:
        out.append("<" + _name(el.tag))
        if top:
            out.append(f' xmlns="{SVG_NS}" xmlns:xlink="{_XLINK}"')
        for key, value in el.attrib.items():
            out.append(f' {_name(key)}="{_attr(value)}"')
        if el.text is None and not len(el):
            out.append("/>")
        else:
            out.append(">" + escape(el.text or "", quote=False))
            for child in el:
                write(child, False)
            out.append(f"</{_name(el.tag)}>")
        if not top and el.tail:
            out.append(escape(el.tail, quote=False))

    write(root, True)
    return "".join(out)


__all__ = ["simplify_for_pdf"]
