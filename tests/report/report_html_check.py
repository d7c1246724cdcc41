"""A strict, self-contained check of an HTML document: well-formed, no scripts, no network, no broken
internal references (written here with the standard library's ``html.parser``, independent of the renderer)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
}  # fmt: skip
FORBIDDEN = {"script", "iframe", "object", "embed", "applet", "frame", "frameset"}
_URL_REF = re.compile(r"url\(\s*['\"]?#([^)'\"\s]+)")
_EXTERNAL = re.compile(r"(?i)(https?:)?//[^\s\"')]+")


@dataclass
class HtmlReport:
    """What the check found."""

    problems: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    tags: dict[str, int] = field(default_factory=dict)


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.report = HtmlReport()
        self.stack: list[str] = []
        self.in_style = False

    def _attrs(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        r = self.report
        r.tags[tag] = r.tags.get(tag, 0) + 1
        if tag in FORBIDDEN:
            r.problems.append(f"forbidden element <{tag}>")
        if tag == "link" and any(k == "rel" and v and "stylesheet" in v for k, v in attrs):
            r.problems.append("external stylesheet")
        for key, value in attrs:
            value = value or ""
            k = key.lower()
            if k.startswith("on"):
                r.problems.append(f"event handler {key} on <{tag}>")
            if k == "id":
                r.ids.append(value)
            if k in ("href", "xlink:href", "src", "srcset", "poster", "data"):
                if value.startswith("#"):
                    r.references.append(value[1:])
                elif tag == "a" and k == "href" and re.match(r"(?i)(https?:|mailto:)", value):
                    pass  # a plain link the reader may follow; the page loads nothing from it
                elif value.startswith("data:") and tag not in ("script",):
                    pass
                else:
                    r.problems.append(f"external reference {key}={value!r} on <{tag}>")
            if k in ("aria-labelledby", "aria-describedby"):
                r.references += value.split()
            if k == "style" or k in ("fill", "stroke", "clip-path", "mask", "filter", "marker-end"):
                r.references += _URL_REF.findall(value)
                if "url(" in value and _EXTERNAL.search(value):
                    r.problems.append(f"external url() in {key} on <{tag}>")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attrs(tag, attrs)
        if tag == "style":
            self.in_style = True
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attrs(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self.in_style = False
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.report.problems.append(
                f"</{tag}> does not close <{self.stack[-1] if self.stack else ''}>"
            )
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.report.references += _URL_REF.findall(data)
            if "@import" in data or re.search(r"url\(\s*['\"]?(https?:)?//", data):
                self.report.problems.append("external resource in CSS")


def check_html(document: str) -> HtmlReport:
    """Parse ``document`` and report every problem (an empty ``problems`` list means it passed)."""
    checker = _Checker()
    checker.feed(document)
    checker.close()
    report = checker.report
    if checker.stack:
        report.problems.append(f"unclosed elements: {checker.stack}")
    seen: set[str] = set()
    for i in report.ids:
        if i in seen:
            report.problems.append(f"duplicate id {i!r}")
        seen.add(i)
    for ref in report.references:
        if ref not in seen:
            report.problems.append(f"reference to a missing id #{ref}")
    return report
