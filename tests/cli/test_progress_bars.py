"""Progress bars for long work (issue 12.4: "long work takes a ``progress=`` callback and the CLI shows a
progress bar for plan, trades, sweeps and large power games, not only forecasts").

``tests/cli/test_plan_progress.py`` shows it for ``plan``; here: ``sweep``, the brief's robustness check
(``analyze --robustness``), ``trades`` and a large ``power`` game. Each command runs with stderr on a
pseudo-terminal (the bar shows) and with ``--json`` (it never shows), and the analyses behind them call the
callback and end done.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from coalitionist.analyses.robustness import run_robustness
from coalitionist.analyses.sweep import run_sweep
from coalitionist.cli.analysis_cmds import LARGE_POWER_GAME
from coalitionist.examples import example_path
from coalitionist.io import load_scenario

TerminalRun = Callable[
    [list[str]], tuple[int, bytes]
]  # the ``stderr_on_a_terminal`` fixture (conftest.py)
CLINIC = example_path("clinic-program")


WEIGHTS = ",".join(["3"] * 10 + ["1"] * (LARGE_POWER_GAME - 10))  # a large game, computed at once

COMMANDS = {
    "sweep": (
        ["sweep", str(CLINIC), "-n", "4", "--what", "forecast", "--backend", "serial"],
        b"Sweep",
    ),
    "robustness": (
        ["analyze", str(CLINIC), "--robustness", "4", "-f", "markdown"],
        b"Robustness",
    ),
    "trades": (["trades", str(CLINIC)], b"Joint gain"),
    "power": (["power", "--weights", WEIGHTS, "--quota", "20"], b"Power"),
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_bar_shows_on_a_terminal_and_never_with_json(
    name: str, stderr_on_a_terminal: TerminalRun
) -> None:
    args, label = COMMANDS[name]
    code, seen = stderr_on_a_terminal(args)
    assert code == 0, seen[-2000:]
    assert label in seen, f"{name}: no {label!r} bar on the terminal"
    code, seen = stderr_on_a_terminal([*args, "--json"])
    assert code == 0, seen[-2000:]
    assert label not in seen, f"{name}: a bar with --json"


def test_the_power_bar_is_for_large_games_only(stderr_on_a_terminal: TerminalRun) -> None:
    small = ",".join(["2"] * (LARGE_POWER_GAME - 1))
    code, seen = stderr_on_a_terminal(["power", "--weights", small, "--quota", "20"])
    assert code == 0, seen[-2000:]
    assert b"Power" not in seen


def _ends_done(calls: list[tuple[int, int]]) -> None:
    assert calls, "the callback was never called"
    dones = [d for d, _ in calls]
    assert dones == sorted(dones)  # it only moves forward
    assert calls[-1][0] == calls[-1][1]  # and ends done


def test_run_sweep_calls_progress_and_sweeps_the_same() -> None:
    scenario = load_scenario(CLINIC)
    calls: list[tuple[int, int]] = []
    with_bar = run_sweep(
        scenario, 6, seed=3, what=["forecast"], progress=lambda d, n: calls.append((d, n))
    )
    without = run_sweep(scenario, 6, seed=3, what=["forecast"])
    _ends_done(calls)
    assert calls[-1] == (6, 6)
    assert with_bar.to_dict() == without.to_dict()


def test_run_robustness_calls_progress_and_checks_the_same() -> None:
    scenario = load_scenario(CLINIC)
    calls: list[tuple[int, int]] = []
    with_bar = run_robustness(scenario, 5, seed=1, progress=lambda d, n: calls.append((d, n)))
    without = run_robustness(scenario, 5, seed=1)
    _ends_done(calls)
    assert calls[-1] == (5, 5)
    assert with_bar is not None  # the clinic case has conclusions to check
    assert with_bar == without
