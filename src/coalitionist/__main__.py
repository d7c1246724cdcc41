"""``python -m coalitionist`` and the ``coalitionist`` console script.

The signal handlers are installed before the command line is imported, so an early Ctrl-C (during the
imports) ends with one line and status 130 rather than a traceback.
"""

from __future__ import annotations

import sys

try:
    from coalitionist.errors import Interrupted, install_signal_handlers
except KeyboardInterrupt:  # Ctrl-C before the handlers could be installed: still one line, 130
    sys.stderr.write("coalitionist: interrupted\n")
    sys.exit(130)


def main() -> None:
    """Install the signal handlers, then import and run the command line."""
    try:
        install_signal_handlers()
        from coalitionist.cli import main as cli_main
    except Interrupted as exc:
        sys.stderr.write(f"coalitionist: {exc}\n")
        sys.exit(exc.exit_code)
    cli_main()


if __name__ == "__main__":
    main()
