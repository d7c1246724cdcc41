"""Render a :class:`~coalitionist.brief.Brief` as text, Markdown, HTML, PDF or JSON."""

from __future__ import annotations

import json
from typing import Literal

from coalitionist.brief import Brief
from coalitionist.errors import UsageError

Format = Literal["text", "markdown", "html", "pdf", "json"]
FORMATS: tuple[str, ...] = ("text", "markdown", "html", "pdf", "json")


def render(brief: Brief, fmt: str) -> str | bytes:
    """The brief in ``fmt``: ``text``, ``markdown``, ``html`` (self-contained), ``pdf`` (bytes) or ``json``."""
    if fmt == "json":
        return json.dumps(brief.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        from coalitionist.report.markdown import render_markdown

        return render_markdown(brief)
    if fmt == "html":
        from coalitionist.report.html import render_html

        return render_html(brief)
    if fmt == "pdf":
        from coalitionist.report.pdf import render_pdf

        return render_pdf(brief)
    if fmt == "text":
        from coalitionist.report.text import render_text

        return render_text(brief)
    raise UsageError(f"unknown format '{fmt}': use one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "Format", "render"]
