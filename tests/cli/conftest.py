"""Fixtures shared by the command-line tests."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from collections.abc import Callable

import pytest

TerminalRun = Callable[[list[str]], tuple[int, bytes]]


def _stderr_on_a_terminal(args: list[str]) -> tuple[int, bytes]:
    """Run ``coalitionist ARGS`` with stderr on a pseudo-terminal; its exit code and what the terminal got."""
    main, sub = pty.openpty()
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "100"}
    done = subprocess.run(
        [sys.executable, "-m", "coalitionist", *args],
        stdout=subprocess.PIPE,
        stderr=sub,
        env=env,
        timeout=600,
        check=False,
    )
    os.close(sub)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal's other end is closed: all read
            break
        if not chunk:
            break
        seen += chunk
    os.close(main)
    return done.returncode, seen


@pytest.fixture
def stderr_on_a_terminal() -> TerminalRun:
    """``run(args) -> (exit code, bytes the terminal got)``: stderr on a pseudo-terminal, so progress bars show."""
    return _stderr_on_a_terminal
