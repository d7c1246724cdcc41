"""The ``coalitionist`` command line (Typer + rich).

The contract (``docs/cli.md``): every analysis command takes ``--json`` and then prints exactly one JSON object
on stdout; errors go to stderr with their exit status (2 for bad input or usage, 1 for failures, 130 / 143 after
SIGINT / SIGTERM); library exceptions are mapped to exit codes here, at the edge, and nowhere else.
"""

from __future__ import annotations

import sys

from coalitionist.cli import analysis_cmds as _analysis_cmds  # noqa: F401  (registers commands)
from coalitionist.cli import forecast_cmd as _forecast_cmd  # noqa: F401
from coalitionist.cli import outcome_cmd as _outcome_cmd  # noqa: F401
from coalitionist.cli.app import app
from coalitionist.errors import Interrupted, install_signal_handlers


def main(argv: list[str] | None = None) -> None:
    """Run the command line (console-script entry point: ``coalitionist.__main__:main`` calls this).

    SIGINT and SIGTERM unwind the run (temporary files are removed by the atomic writer) and end it with one
    line on stderr and status 130 / 143, never a traceback.
    """
    try:
        install_signal_handlers()
        app(args=argv, prog_name="coalitionist")
    except BrokenPipeError:  # e.g. `coalitionist schema | head`
        sys.stderr.close()
        sys.exit(0)
    except Interrupted as exc:
        _one_line(str(exc))
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        _one_line("interrupted")
        sys.exit(130)


def _one_line(message: str) -> None:
    try:
        sys.stderr.write(f"coalitionist: {message}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


__all__ = ["app", "main"]
