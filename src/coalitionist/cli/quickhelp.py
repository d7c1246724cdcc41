"""The top-level ``--help`` and ``--version`` of the command line, written without importing Typer or rich.

``coalitionist --help`` is the first thing a new user runs, and Typer's help formatter alone costs more
(rich's Markdown renderer, every command's parameters) than the 0.3 s issue 12.5 allows for the whole
process. The top-level page is the same on every run, so :func:`main` in ``coalitionist.cli`` prints it from
here: the same text, the same panels, the same wrapping as Typer's rich formatter (plain, without colours).
A command's own help (``coalitionist analyze --help``) still comes from Typer.

``tests/cli/test_startup.py`` compares :func:`help_text` with Typer's own rendering of the page at several
widths, byte for byte, so the command list, the summaries and the layout cannot drift from the commands.
When a command is added or its first docstring paragraph changes, update :data:`COMMANDS`.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap

#: The program's description: the top-level help's text (``cli/app.py`` passes it to Typer), Markdown.
DESCRIPTION = (
    "Negotiation and coalition-building analysis: who holds influence, what agreement is possible,"
    " which coalitions can win or block, and whom to approach first.\n\n"
    "Start with `coalitionist demo`, then `coalitionist analyze YOUR.yaml`."
)

#: The top-level options: (long, short, help).
OPTIONS: tuple[tuple[str, str, str], ...] = (
    ("--version", "", "Show the version."),
    ("--help", "-h", "Show this message and exit."),
)

#: Every command in the order Typer lists them, with the first paragraph of its docstring.
COMMANDS: tuple[tuple[str, str], ...] = (
    (
        "validate",
        "Check scenario files: exit 0 when all are valid, else print every problem (file:line:col) and"
        " exit 2.",
    ),
    (
        "analyze",
        "The full coalition-building brief for a scenario: influence, agreements, coalitions, strategy.",
    ),
    (
        "schema",
        "Print the JSON Schema of the scenario file (for editor autocompletion and validation).",
    ),
    (
        "import",
        "Import a stakeholder register (Name, Influence, Interest, Position, Tags, …) into a scenario"
        " file.",
    ),
    ("demo", "Run the main job on a bundled example and write its brief as HTML."),
    (
        "serve",
        "Start the workbench: edit scenarios in a browser, keep every revision, read the brief.",
    ),
    (
        "power",
        "Voting power under the decision rule: Shapley–Shubik, Banzhaf, Deegan–Packel, Holler,"
        " Johnston, swing counts, veto players, dummies, minimal winning and blocking coalitions.",
    ),
    (
        "trades",
        "Joint gain: the Pareto frontier of packages, the Nash, Kalai–Smorodinsky, egalitarian,"
        " utilitarian and compromise packages, and trades on differences (priorities, timing,"
        " forecasts, risk, appearances).",
    ),
    (
        "plan",
        "Whom to approach first, second, … : the adaptive plan that maximises the expected payoff,"
        " with why for each step and what to do if an approach fails.",
    ),
    (
        "influence",
        "Who holds influence (resources, formal power, network position), how it flows (strongest"
        " chains, Friedkin–Johnsen projection), who needs it, and what weak actors can still swing.",
    ),
    (
        "coalitions",
        "Winning, minimal winning and minimal blocking coalitions; essential members; the likely"
        " coalitions on the six bases of affinity; the adverse coalition and its holes.",
    ),
    (
        "forecast",
        "Forecast where the decision lands: weighted mean/median, BDM expected utility or KTAB's SMP.",
    ),
    (
        "outcome",
        "Does it pass? Each decision maker's vote (yes, no, abstain), the tally under the rule, the"
        " pass probability over the uncertain estimates, the pivotal voters and the coalition that"
        " carries it.",
    ),
    (
        "process",
        "Process planning: the package to table, the offers that carry it, the lockout risk, the"
        " meeting sequence and the tactics per actor.",
    ),
    (
        "sweep",
        "Draw every uncertain estimate (and, with --perturb, vary point estimates), rerun the analyses"
        " on each variant, and say how often each conclusion holds: quantiles of every number, the"
        " chance the proposal passes, that each actor is pivotal, that each coalition is the likely"
        " one, that the plan's first moves stay the same.",
    ),
)

USAGE = "Usage: coalitionist [OPTIONS] COMMAND [ARGS]..."

#: The narrowest page written here; ``tests/cli/test_startup.py`` checks every width from here to 200.
MIN_WIDTH = 40


def width() -> int:
    """The page width Typer's rich console would use: ``TERMINAL_WIDTH``, ``COLUMNS``, the terminal, 80."""
    for name in ("TERMINAL_WIDTH", "COLUMNS"):
        value = os.environ.get(name, "")
        if value.isdigit() and int(value) > 0:
            return int(value)
    if sys.stdout.isatty():
        return shutil.get_terminal_size((80, 24)).columns
    return 80


def _wrap(text: str, size: int) -> list[str]:
    return textwrap.wrap(text, size, break_on_hyphens=False) or [""]


def _panel(title: str, rows: list[tuple[str, str]], first: int, size: int) -> list[str]:
    """A rounded box titled ``title``: a first column ``first`` wide, then the wrapped second one."""
    inner = size - 4
    lines = ["╭─ " + title + " " + "─" * (size - len(title) - 5) + "╮"]
    for left, text in rows:
        for i, line in enumerate(_wrap(text, inner - first - 2)):
            cell = (left if i == 0 else "").ljust(first) + "  " + line
            lines.append("│ " + cell.ljust(inner) + " │")
    lines.append("╰" + "─" * (size - 2) + "╯")
    return lines


def help_text(size: int | None = None) -> str:
    """The top-level help page, ``size`` columns wide (default :func:`width`), as Typer prints it."""
    size = width() if size is None else size
    blank = " " * size
    lines = [blank, *((" " + line).ljust(size) for line in _wrap(USAGE, size - 2)), blank]
    for paragraph in DESCRIPTION.replace("`", "").split("\n\n"):
        lines += [(" " + line).ljust(size) for line in _wrap(paragraph, size - 2)]
        lines.append(blank)
    long_width = max(len(long) for long, _, _ in OPTIONS)
    short_width = max(len(short) for _, short, _ in OPTIONS)
    # Typer's option table: long, short, two empty columns (negative flags), the type, the help
    option_rows = [
        (long.ljust(long_width) + "  " + short.ljust(short_width) + "  " + "  " + "  <bool>", text)
        for long, short, text in OPTIONS
    ]
    lines += _panel("Options", option_rows, long_width + short_width + 14, size)
    lines += _panel("Commands", list(COMMANDS), max(len(name) for name, _ in COMMANDS), size)
    return "\n".join(lines) + "\n\n"


def version_text() -> str:
    """``coalitionist 0.1.0``."""
    from coalitionist import __version__

    return f"coalitionist {__version__}\n"


def answer(args: list[str]) -> int | None:
    """Print the top-level help or the version when ``args`` asks for nothing else; return the exit status,
    or ``None`` when Typer must handle ``args``.

    No arguments print the help and exit 2 (a usage error, as Typer does); ``--help``/``-h`` print it and
    exit 0; ``--version`` prints the version. A page narrower than :data:`MIN_WIDTH` is left to Typer (its
    tables fold words in ways not worth copying).
    """
    if args in ([], ["--help"], ["-h"]):
        size = width()
        if size < MIN_WIDTH:
            return None
        text = help_text(size)
        sys.stdout.write(
            text if args else text[:-1]
        )  # Typer ends the no-arguments page one line sooner
        sys.stdout.flush()
        return 2 if not args else 0
    if args == ["--version"]:
        sys.stdout.write(version_text())
        sys.stdout.flush()
        return 0
    return None


__all__ = ["COMMANDS", "DESCRIPTION", "OPTIONS", "answer", "help_text", "version_text", "width"]
