"""``coalitionist plan`` shows a progress bar on a terminal (issue 12.4: "the CLI shows a progress bar for
plan, trades, sweeps and large power games"), and ``run_plan`` passes the callback through unchanged."""

from __future__ import annotations

from collections.abc import Callable

from coalitionist.analyses.strategy import run_plan
from coalitionist.examples import example_path
from coalitionist.io import load_scenario

TerminalRun = Callable[
    [list[str]], tuple[int, bytes]
]  # the ``stderr_on_a_terminal`` fixture (conftest.py)
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


def test_plan_shows_a_progress_bar_on_a_terminal_only(stderr_on_a_terminal: TerminalRun) -> None:
    code, seen = stderr_on_a_terminal(["plan", str(GULF)])
    assert code == 0
    assert b"Planning" in seen
    code, seen = stderr_on_a_terminal(["plan", str(GULF), "--json"])
    assert code == 0
    assert b"Planning" not in seen
