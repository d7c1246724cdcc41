"""The brief as Markdown."""

from __future__ import annotations

import base64

from coalitionist.brief import Brief, Figure, Table


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_table(table: Table) -> str:
    """A GitHub-flavoured Markdown table."""
    lines = []
    if table.caption:
        lines.append(f"*{table.caption}*\n")
    lines.append("| " + " | ".join(_cell(c) for c in table.columns) + " |")
    align = table.align or "l" * len(table.columns)
    lines.append("|" + "|".join("---:" if a == "r" else ":---" for a in align) + "|")
    for row in table.rows:
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return "\n".join(lines)


def markdown_figure(figure: Figure) -> str:
    """A figure as an image embedded in a data URI (one self-contained file, like the HTML brief)."""
    data = base64.b64encode(figure.svg.encode("utf-8")).decode("ascii")
    caption = f"**{figure.title}.** {figure.caption}".strip()
    return f"![{figure.title}](data:image/svg+xml;base64,{data})\n\n{caption}\n"


def render_markdown(brief: Brief) -> str:
    """The whole brief as one Markdown document."""
    parts = [f"# {brief.title}\n"]
    if brief.summary:
        parts.append("## Summary\n\n" + "\n".join(f"- {line}" for line in brief.summary) + "\n")
    for section in brief.sections:
        parts.append(f"## {section.title}\n")
        if section.question:
            parts.append(f"*{section.question}*\n")
        for line in section.reading:
            parts.append(line + "\n")
        for figure in section.figures:
            parts.append(markdown_figure(figure))
        for table in section.tables:
            parts.append(markdown_table(table) + "\n")
    return "\n".join(parts)
