"""The brief for the terminal (rich).

Every string of the brief is printed literally (user text is data, never rich markup) and with its control
characters made visible (:func:`coalitionist.io.safe_text.terminal_safe`), so a name holding ``[/b]`` or an
ANSI/OSC escape sequence prints as written and cannot act on the terminal (issue 18, point 5).
"""

from __future__ import annotations

import io

from rich.console import Console
from rich.panel import Panel
from rich.table import Table as RichTable
from rich.text import Text

from coalitionist.brief import Brief, Table
from coalitionist.io.safe_text import terminal_safe

#: The longest word a table column keeps whole (longer ones are folded onto the next line).
LONGEST_WORD = 28


def _text(value: str, style: str = "") -> Text:
    return Text(terminal_safe(value), style=style)


def rich_table(table: Table) -> RichTable:
    """A rich table from a brief table."""
    out = RichTable(
        title=_text(table.caption) if table.caption else None,
        title_justify="left",
        show_edge=False,
        pad_edge=False,
    )
    align = table.align or ""
    for j, col in enumerate(table.columns):
        # a column is never narrower than its longest word (up to LONGEST_WORD characters), so that a name
        # such as "Mecklenburg-Vorpommern" wraps between words instead of being cut to
        # "Mecklenburg-Vorpomme…" when the table is wider than the terminal
        words = [w for row in table.rows if j < len(row) for w in row[j].split()]
        longest = max((len(w) for w in words), default=0)
        out.add_column(
            _text(col),
            justify="right" if align[j : j + 1] == "r" else "left",
            min_width=min(longest, LONGEST_WORD) or None,
        )
    for row in table.rows:
        out.add_row(*(_text(cell) for cell in row))
    return out


def print_brief(brief: Brief, console: Console) -> None:
    """Print the brief to a rich console."""
    console.print(Panel.fit(_text(brief.title, "bold"), border_style="cyan"))
    for line in brief.summary:
        console.print(Text(" • ") + _text(line))
    for section in brief.sections:
        console.rule(_text(section.title, "bold"), align="left")
        if section.question:
            console.print(_text(section.question, "italic"))
        for line in section.reading:
            console.print(_text(line))
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
