"""The brief as Markdown, inert: every string is text, never markup (issue 18, point 5).

The brief's sentences, titles and cells embed user strings (names, titles, labels). Written raw into Markdown,
a name like ``<script>…</script>`` or ``[docs](javascript:…)`` becomes an HTML block or a link in any renderer
that allows HTML, and ``*``/``_``/`` ` `` restyle the text. So every string passes through :func:`md_text`,
which backslash-escapes the ASCII punctuation that CommonMark gives a meaning inline (CommonMark 0.31, §2.4:
"any ASCII punctuation character may be backslash-escaped") and the markers that start a block at the
beginning of a line; the only markup in the document is the structure written here (headings, lists,
tables, emphasis of captions and the embedded figures).
"""

from __future__ import annotations

import base64
import re

from coalitionist.brief import Brief, Figure, Table

#: Inline punctuation with a meaning in CommonMark or GFM: escapes, code, emphasis, links and images,
#: raw HTML and autolinks, entities, table cells, strikethrough.
_INLINE = re.compile(r"([\\`*_\[\]<>&|~!])")
#: What starts a block at the beginning of a line: ATX headings, block quotes, list bullets, setext
#: underlines, ordered-list numbers (``12.`` / ``12)``).
_BLOCK_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


def md_text(text: str) -> str:
    """``text`` as Markdown that renders to exactly that text (one line; newlines become spaces).

    Examples
    --------
    >>> md_text("<script>x</script> [a](javascript:b)")
    '\\\\<script\\\\>x\\\\</script\\\\> \\\\[a\\\\](javascript:b)'
    >>> md_text("# not a heading"), md_text("1. not a list")
    ('\\\\# not a heading', '1\\\\. not a list')
    """
    out = _INLINE.sub(r"\\\1", " ".join(text.splitlines()))
    match = _BLOCK_START.match(out)
    if match:
        lead, marker = match.group(1), match.group(2)
        escaped = f"\\{marker}" if len(marker) == 1 else f"{marker[:-1]}\\{marker[-1]}"
        out = lead + escaped + out[match.end() :]
    return out


def _cell(text: str) -> str:
    return md_text(text)


def markdown_table(table: Table) -> str:
    """A GitHub-flavoured Markdown table."""
    lines = []
    if table.caption:
        lines.append(f"*{md_text(table.caption)}*\n")
    lines.append("| " + " | ".join(_cell(c) for c in table.columns) + " |")
    align = table.align or "l" * len(table.columns)
    lines.append("|" + "|".join("---:" if a == "r" else ":---" for a in align) + "|")
    for row in table.rows:
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return "\n".join(lines)


def markdown_figure(figure: Figure) -> str:
    """A figure as an image embedded in a data URI (one self-contained file, like the HTML brief)."""
    data = base64.b64encode(figure.svg.encode("utf-8")).decode("ascii")
    caption = f"**{md_text(figure.title)}.** {md_text(figure.caption)}".strip()
    return f"![{md_text(figure.title)}](data:image/svg+xml;base64,{data})\n\n{caption}\n"


def render_markdown(brief: Brief) -> str:
    """The whole brief as one Markdown document."""
    parts = [f"# {md_text(brief.title)}\n"]
    if brief.summary:
        parts.append(
            "## Summary\n\n" + "\n".join(f"- {md_text(line)}" for line in brief.summary) + "\n"
        )
    for section in brief.sections:
        parts.append(f"## {md_text(section.title)}\n")
        if section.question:
            parts.append(f"*{md_text(section.question)}*\n")
        for line in section.reading:
            parts.append(md_text(line) + "\n")
        for figure in section.figures:
            parts.append(markdown_figure(figure))
        for table in section.tables:
            parts.append(markdown_table(table) + "\n")
    return "\n".join(parts)
