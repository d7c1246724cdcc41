"""Long work reports progress (issue 12, point 4): the joint-gain analysis step by step, the plan's Monte
Carlo evaluation chunk by chunk; the command line draws both as a progress bar on stderr."""

from __future__ import annotations

import subprocess
import sys

from coalitionist.analyses.strategy import evaluate, run_plan
from coalitionist.analyses.trades import run_trades
from coalitionist.examples import example_path
from coalitionist.io import load_scenario
from coalitionist.trades.analysis import STEPS


def test_trades_report_every_step_in_order() -> None:
    seen: list[tuple[int, int]] = []
    run_trades(
        load_scenario(example_path("russia-china-gas-2014")),
        progress=lambda d, t: seen.append((d, t)),
    )
    assert seen == [(k, STEPS) for k in range(1, STEPS + 1)]


def test_plan_evaluation_reports_up_to_its_samples() -> None:
    sc = load_scenario(example_path("clinic-program"))
    setup, plan = run_plan(sc, seed=0)
    seen: list[tuple[int, int]] = []
    evaluate(setup, plan, 300, 0, progress=lambda d, t: seen.append((d, t)))
    assert seen
    assert seen[-1] == (300, 300)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_the_commands_still_print_one_json_object() -> None:
    for args in (
        ["trades", str(example_path("russia-china-gas-2014")), "--json"],
        ["plan", str(example_path("clinic-program")), "--samples", "50", "--json"],
    ):
        out = subprocess.run(
            [sys.executable, "-c", "from coalitionist.cli import main; main()", *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
        assert out.stdout.lstrip().startswith("{")
        assert out.stderr == ""  # no bar under --json
