"""The brief for the terminal (rich)."""

from __future__ import annotations

import io

from rich.console import Console
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table as RichTable

from coalitionist.brief import Brief, Table


def rich_table(table: Table) -> RichTable:
    """A rich table from a brief table."""
    out = RichTable(
        title=table.caption or None, title_justify="left", show_edge=False, pad_edge=False
    )
    align = table.align or ""
    for j, col in enumerate(table.columns):
        out.add_column(col, justify="right" if align[j : j + 1] == "r" else "left")
    for row in table.rows:
        out.add_row(*row)
    return out


def print_brief(brief: Brief, console: Console) -> None:
    """Print the brief to a rich console."""
    console.print(Panel.fit(f"[bold]{brief.title}[/bold]", border_style="cyan"))
    if brief.summary:
        console.print(Markdown("\n".join(f"- {line}" for line in brief.summary)))
    for section in brief.sections:
        console.rule(f"[bold]{section.title}[/bold]", align="left")
        if section.question:
            console.print(f"[italic]{section.question}[/italic]")
        for line in section.reading:
            console.print(line)
        for table in section.tables:
            console.print()
            console.print(rich_table(table))
        console.print()


def render_text(brief: Brief, width: int = 100) -> str:
    """The brief as plain text (what the terminal shows, without colour)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False)
    print_brief(brief, console)
    return buffer.getvalue()
