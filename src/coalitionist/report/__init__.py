"""Render a :class:`~coalitionist.brief.Brief` as text, Markdown, HTML, PDF or JSON."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any, Literal

from coalitionist.brief import Brief
from coalitionist.brief import make_brief as _analyses_only
from coalitionist.errors import UsageError
from coalitionist.report import notebook as _notebook  # noqa: F401 (registers the notebook views)
from coalitionist.scenario.model import Scenario
from coalitionist.seeding import Seed

Format = Literal["text", "markdown", "html", "pdf", "json"]
FORMATS: tuple[str, ...] = ("text", "markdown", "html", "pdf", "json")


def make_brief(
    scenario: Scenario,
    *,
    figures: bool = True,
    seed: Seed = 0,
    robustness: int = 0,
    backend: Any = "serial",
    progress: Callable[[int, int], None] | None = None,
    checkpoint: Callable[[str], None] | None = None,
) -> Brief:
    """The brief of ``scenario`` (:func:`coalitionist.brief.make_brief`, seeded with ``seed``, whose
    ``robustness``, ``backend``, ``progress`` and ``checkpoint`` it takes) with its SVG figures, drawn from
    the sections' typed results (none when ``figures=False`` or without matplotlib); ``checkpoint`` is also
    called before each figure (with its builder's name)."""
    brief = _analyses_only(
        scenario,
        seed=seed,
        robustness=robustness,
        backend=backend,
        progress=progress,
        checkpoint=checkpoint,
    )
    if not figures:
        return brief
    from coalitionist.report.figures import attach_figures

    return dataclasses.replace(
        brief, sections=tuple(attach_figures(scenario, brief.sections, checkpoint=checkpoint))
    )


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


__all__ = ["FORMATS", "Format", "make_brief", "render"]
