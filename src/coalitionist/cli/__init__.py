"""The ``coalitionist`` command line (Typer + rich).

The contract (``docs/cli.md``): every analysis command takes ``--json`` and then prints exactly one JSON object
on stdout; errors go to stderr with their exit status (2 for bad input or usage, 1 for failures, 130 / 143 after
SIGINT / SIGTERM); library exceptions are mapped to exit codes here, at the edge, and nowhere else.

Importing this package is cheap: ``app`` (the Typer application, ``cli/app.py``) is imported on first use, a
command's module when the command runs (``app.LazyCommands``), and :func:`main` answers the top-level
``--help`` and ``--version`` without Typer (``cli/quickhelp.py``), and ``validate FILE …`` too
(``cli/validate_cmd.py``; issue 12, point 5).
"""

from __future__ import annotations

import gc
import sys
import types
from typing import TYPE_CHECKING, Any

from coalitionist.errors import Interrupted, install_signal_handlers

if TYPE_CHECKING:
    from coalitionist.cli.app import app


class _Package(types.ModuleType):
    """This package's module: its ``app`` attribute is the Typer application, imported on first use.

    The import system binds a submodule to its package's attribute of the same name once the submodule has
    run, so importing ``coalitionist.cli.app`` (the module) would otherwise make ``coalitionist.cli.app``
    the module rather than the application; the setter ignores that binding.
    """

    @property
    def app(self) -> Any:
        """``from coalitionist.cli import app``: the Typer application (every command reachable)."""
        from coalitionist.cli.app import app

        return app

    @app.setter
    def app(self, value: Any) -> None:
        pass


sys.modules[__name__].__class__ = _Package

#: The cyclic garbage collector's thresholds while a command runs (CPython's default: 700, 10, 10).
#: A brief allocates millions of short-lived objects (NumPy scalars, matplotlib artists, WeasyPrint boxes)
#: on top of a heap of ~10⁶ long-lived ones (the imported modules): with the default, a PDF brief ran
#: ~1,000 collections, ~60 of them full ones rescanning that heap, 0.9 s of its ~7 s of CPU; with a
#: youngest generation of 20,000 objects, ~30 collections and no full one (0.25 s), for about 1 % more peak
#: memory. The numbers computed do not depend on it (every example's JSON brief and the Gulf War PDF are
#: the same bytes). Restored when :func:`main` returns.
GC_THRESHOLDS = (20_000, 10, 10)


def main(argv: list[str] | None = None) -> None:
    """Run the command line (console-script entry point: ``coalitionist.__main__:main`` calls this).

    SIGINT and SIGTERM unwind the run (temporary files are removed by the atomic writer) and end it with one
    line on stderr and status 130 / 143, never a traceback.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        install_signal_handlers()
        args = sys.argv[1:] if argv is None else list(argv)
        if args in ([], ["--help"], ["-h"], ["--version"]):
            from coalitionist.cli.quickhelp import answer

            status = answer(args)
            if status is not None:
                sys.exit(status)
        if args[:1] == ["validate"]:  # the plain forms without Typer (cli/validate_cmd.py)
            from coalitionist.cli.validate_cmd import answer as validate

            status = validate(args[1:])
            if status is not None:
                sys.exit(status)
        from coalitionist.cli.app import app

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
    finally:
        gc.set_threshold(*thresholds)


def _one_line(message: str) -> None:
    try:
        sys.stderr.write(f"coalitionist: {message}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


__all__ = ["app", "main"]
