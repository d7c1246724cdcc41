"""The ``coalitionist`` command line (Typer + rich).

The contract (``docs/cli.md``): every analysis command takes ``--json`` and then prints exactly one JSON object
on stdout; errors go to stderr with their exit status (2 for bad input or usage, 1 for failures); library
exceptions are mapped to exit codes here, at the edge, and nowhere else.
"""

from __future__ import annotations

import sys

from coalitionist.cli import analysis_cmds as _analysis_cmds  # noqa: F401  (registers commands)
from coalitionist.cli import forecast_cmd as _forecast_cmd  # noqa: F401
from coalitionist.cli import outcome_cmd as _outcome_cmd  # noqa: F401
from coalitionist.cli import sweep_cmd as _sweep_cmd  # noqa: F401
from coalitionist.cli.app import app


def main(argv: list[str] | None = None) -> None:
    """Run the command line (console-script entry point)."""
    try:
        app(args=argv, prog_name="coalitionist")
    except BrokenPipeError:  # e.g. `coalitionist schema | head`
        sys.stderr.close()
        sys.exit(0)


__all__ = ["app", "main"]
