"""``coalitionist plan`` shows a progress bar on a terminal (issue 12.4: "the CLI shows a progress bar for
plan, trades, sweeps and large power games"), and ``run_plan`` passes the callback through unchanged."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

from coalitionist.analyses.strategy import run_plan
from coalitionist.examples import example_path
from coalitionist.io import load_scenario

GULF = example_path("gulf-war-1990")


def test_run_plan_reports_progress_and_plans_the_same() -> None:
    scenario = load_scenario(GULF)
    calls: list[tuple[int, int]] = []
    _, with_bar = run_plan(scenario, seed=0, progress=lambda d, n: calls.append((d, n)))
    _, without = run_plan(scenario, seed=0)
    assert calls, "the planner never reported"
    assert calls[-1][0] == calls[-1][1]  # it ends done
    assert [s.actor for s in with_bar.steps] == [s.actor for s in without.steps]
    assert with_bar.expected_payoff == without.expected_payoff


def _stderr_on_a_terminal(args: list[str]) -> tuple[int, bytes]:
    main, sub = pty.openpty()
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "100"}
    done = subprocess.run(
        [sys.executable, "-m", "coalitionist", *args],
        stdout=subprocess.PIPE,
        stderr=sub,
        env=env,
        timeout=300,
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


def test_plan_shows_a_progress_bar_on_a_terminal_only() -> None:
    code, seen = _stderr_on_a_terminal(["plan", str(GULF)])
    assert code == 0
    assert b"Planning" in seen
    code, seen = _stderr_on_a_terminal(["plan", str(GULF), "--json"])
    assert code == 0
    assert b"Planning" not in seen
