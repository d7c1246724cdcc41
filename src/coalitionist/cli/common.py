"""Shared pieces of the command line: error mapping, JSON output, output files."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

from coalitionist.cli.jsonout import print_json as print_json  # re-exported: the commands' printer
from coalitionist.errors import CoalitionistError, UsageError

if TYPE_CHECKING:
    from coalitionist.cli.console import SafeConsole, err_console  # noqa: F401  (see __getattr__)

#: Click's own control-flow exceptions (exit, abort, usage errors), which must pass through.
_CLICK_FLOW: tuple[type[BaseException], ...] = (
    typer.Exit,
    typer.Abort,
    *(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"),
)


def __getattr__(name: str) -> Any:
    """``err_console`` and ``SafeConsole`` come from :mod:`coalitionist.cli.console` on first use, so
    that a command that prints no rich text (``validate``) never imports rich."""
    if name in ("err_console", "SafeConsole"):
        from coalitionist.cli import console

        return getattr(console, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def styled(*parts: str | tuple[str, str]) -> Any:
    """A :class:`rich.text.Text` from plain strings and ``(text, style)`` pairs, all printed literally.

    The way to style user text (``styled((title, "bold"), " — where joint gain lies")``): no markup is
    parsed and control characters are made visible.
    """
    from rich.text import Text

    from coalitionist.io.safe_text import terminal_safe

    out = Text()
    for part in parts:
        text, style = (part, "") if isinstance(part, str) else part
        out.append(terminal_safe(text), style=style)
    return out


def echo_error(message: str) -> None:
    """One error message on stderr, its control characters made visible."""
    from coalitionist.io.safe_text import terminal_safe

    typer.echo(terminal_safe(message), err=True)


class CoalitionistGroup(TyperGroup):
    """A Typer group that turns library exceptions into a message on stderr and their exit status."""

    def invoke(self, ctx: Any) -> Any:
        """Run the command, mapping :class:`CoalitionistError` to its exit code."""
        try:
            return super().invoke(ctx)
        except CoalitionistError as exc:
            echo_error(exc.format_message())
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            ctx.exit(130)
        except _CLICK_FLOW:
            raise
        except Exception as exc:  # a bug: say so plainly, without a traceback unless asked for
            if os.environ.get("COALITIONIST_DEBUG"):
                raise
            echo_error(
                f"internal error: {type(exc).__name__}: {exc}\n"
                "This is a bug in coalitionist; set COALITIONIST_DEBUG=1 to see the traceback and"
                " please report it with the input that caused it."
            )
            ctx.exit(1)


def out_console() -> SafeConsole:
    """The console for results on stdout: the terminal's width, or 120 columns when piped."""
    from coalitionist.cli.console import SafeConsole

    return SafeConsole(highlight=False, width=None if sys.stdout.isatty() else 120)


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
    from coalitionist.cli.console import err_console

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


@contextmanager
def progress_bar(
    label: str, total: int | None, *, show: bool
) -> Iterator[Callable[[int, int], None]]:
    """A rich progress bar on stderr for long work; yields the ``progress(done, total)`` callback.

    The one progress helper of the command line (forecast, outcome, process, sweep, robustness).
    ``total=None`` starts it without a known total (the first callback sets it); ``show=False``
    (``--json``, stderr not a terminal) keeps it silent; the callback still works.
    """
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from coalitionist.cli.console import err_console

    with Progress(
        TextColumn(label),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeRemainingColumn(),
        console=err_console,
        disable=not show,
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=total)
        yield lambda done, n: bar.update(task, completed=done, total=n)
