"""Shared pieces of the command line: error mapping, JSON output, output files."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from typer.core import TyperGroup

from coalitionist.errors import CoalitionistError, UsageError

#: Click's own control-flow exceptions (exit, abort, usage errors), which must pass through.
_CLICK_FLOW: tuple[type[BaseException], ...] = (
    typer.Exit,
    typer.Abort,
    *(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"),
)

#: Where messages for people go (never stdout, which carries results).
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


class CoalitionistGroup(TyperGroup):
    """A Typer group that turns library exceptions into a message on stderr and their exit status."""

    def invoke(self, ctx: Any) -> Any:
        """Run the command, mapping :class:`CoalitionistError` to its exit code."""
        try:
            return super().invoke(ctx)
        except CoalitionistError as exc:
            typer.echo(exc.format_message(), err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            ctx.exit(130)
        except _CLICK_FLOW:
            raise
        except Exception as exc:  # a bug: say so plainly, without a traceback unless asked for
            if os.environ.get("COALITIONIST_DEBUG"):
                raise
            typer.echo(
                f"internal error: {type(exc).__name__}: {exc}\n"
                "This is a bug in coalitionist; set COALITIONIST_DEBUG=1 to see the traceback and"
                " please report it with the input that caused it.",
                err=True,
            )
            ctx.exit(1)


def out_console() -> Console:
    """The console for results on stdout: the terminal's width, or 120 columns when piped."""
    return Console(highlight=False, width=None if sys.stdout.isatty() else 120)


def print_json(data: Any) -> None:
    """Print one JSON object on stdout (the ``--json`` contract)."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n")


def check_output(path: Path, *, inputs: Sequence[Path | str] = (), force: bool = False) -> Path:
    """Refuse an unsafe ``--output`` before any work is done (exit 2; see ``docs/cli.md``, Output files).

    An input of the run, a symbolic link, a FIFO, a device or a directory is always refused; an existing
    regular file only without ``force``.
    """
    from coalitionist.io.write import check_output_path

    return check_output_path(path, inputs=inputs, force=force)


def write_output(
    path: Path,
    content: str | bytes,
    *,
    inputs: Sequence[Path | str] = (),
    force: bool = False,
) -> None:
    """Write an output file atomically, after :func:`check_output`, and say where on stderr.

    ``inputs`` are the files the run read (an output that is one of them is refused even with ``force``);
    an existing output is replaced only with ``force`` (the command's ``--force``).
    """
    from coalitionist.io.write import write_atomic

    check_output(path, inputs=inputs, force=force)
    target = write_atomic(path, content)
    err_console.print(f"wrote {target}", markup=False)


def parse_csv_list(text: str | None, what: str) -> list[str] | None:
    """``"a,b,c"`` → ``["a", "b", "c"]``; an empty item is a usage error."""
    if text is None:
        return None
    items = [t.strip() for t in text.split(",")]
    if any(not t for t in items):
        raise UsageError(f"{what}: empty item in '{text}'")
    return items


JsonOption = typer.Option(False, "--json", help="Print one JSON object on stdout and nothing else.")
ForceOption = typer.Option(
    False, "--force", help="Replace OUTPUT if it exists (never an input of the run, never a link)."
)
