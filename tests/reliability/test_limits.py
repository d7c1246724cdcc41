"""Bounded work (issue 18, point 4): every heavy command predicts its cost, then runs within
``--max-seconds`` / ``--max-memory``, switches to a cheaper method that gives the same answer, or refuses
with advice (exit 2) and writes nothing.

Expected values are worked out by hand (the Shapley-Shubik values of weights 2, 1, 1 with quota 3 by
counting orders) or are properties that hold whatever the machine's speed.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from coalitionist.cli import app
from coalitionist.cli.limits import (
    Cost,
    Limits,
    WorkLimitError,
    bounded,
    check,
    forecast_cost,
    parse_memory,
    trades_cost,
)
from coalitionist.scenario.synthetic import heavy_scenario

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _write(tmp_path: Path, n_actors: int, n_issues: int) -> Path:
    path = tmp_path / f"heavy-{n_actors}x{n_issues}.yaml"
    path.write_text(
        yaml.safe_dump(heavy_scenario(n_actors, n_issues), sort_keys=False), encoding="utf-8"
    )
    return path


def test_forecast_with_a_hundred_million_samples_is_refused_with_advice() -> None:
    start = time.process_time()
    result = CliRunner().invoke(
        app, ["forecast", str(EXAMPLES / "gulf-war-1990.yaml"), "--samples", "100000000"]
    )
    assert result.exit_code == 2, result.output
    assert "100,000,000 Monte Carlo samples" in result.stderr
    assert "over --max-seconds 300 s" in result.stderr
    assert "At most about" in result.stderr  # the advice: how many would fit
    assert result.stdout == ""
    assert "Traceback" not in result.output
    assert time.process_time() - start < 30  # refused on the prediction, not after running


def test_power_mc_to_1e_4_on_three_players_switches_to_exact_and_says_so() -> None:
    result = CliRunner().invoke(
        app,
        [
            "power",
            "--weights",
            "2,1,1",
            "--quota",
            "3",
            "--method",
            "mc",
            "--epsilon",
            "1e-4",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["method"] == "exact"
    assert any("was used instead" in n and "samples per index" in n for n in data["notes"])
    # by hand: p1 is pivotal in 4 of the 6 orders (second or third), p2 and p3 in one each
    ss = data["indices"]["shapley_shubik"]
    assert ss["p1"] == pytest.approx(2 / 3)
    assert ss["p2"] == pytest.approx(1 / 6)
    assert ss["p3"] == pytest.approx(1 / 6)


def test_power_mc_when_quick_runs_as_asked() -> None:
    result = CliRunner().invoke(
        app,
        [
            "power",
            "--weights",
            "2,1,1",
            "--quota",
            "3",
            "--method",
            "mc",
            "--epsilon",
            "0.05",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["method"] == "monte_carlo"


def test_trades_on_50_issues_answers_with_the_supported_frontier(tmp_path: Path) -> None:
    path = _write(tmp_path, 10, 50)
    result = CliRunner().invoke(app, ["trades", str(path), "--json", "--max-seconds", "0"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["method"] == "supported"
    assert any("supported frontier" in n for n in data["notes"])
    pareto = data["pareto"]
    # at most one package per weight vector (10,000 drawn, lowered from 50,000 for this size, and the
    # equal-weight vector) and per actor's lexicographic ideal (10)
    assert 1 <= len(pareto) <= 10_000 + 1 + 10
    # every listed package is undominated among those listed (a sample of them, by brute force)
    actors = list(pareto[0]["utilities"])
    rows = [[p["utilities"][a] for a in actors] for p in pareto]
    for r in rows[:: max(1, len(rows) // 100)]:
        assert not any(
            all(o >= x - 1e-12 for o, x in zip(other, r, strict=True))
            and any(o > x + 1e-9 for o, x in zip(other, r, strict=True))
            for other in rows
        )


def test_trades_on_two_thousand_actors_is_refused_on_its_prediction(tmp_path: Path) -> None:
    path = _write(tmp_path, 2000, 2)
    result = CliRunner().invoke(app, ["trades", str(path)])
    assert result.exit_code == 2, result.output
    assert "1,999,000 pairs of actors" in result.stderr
    assert "Traceback" not in result.output


def test_analyze_on_two_thousand_actors_over_a_tight_limit_is_refused_and_writes_nothing(
    tmp_path: Path,
) -> None:
    """The brief of 2,000 actors answers with its methods for large scenarios (benchmarks/heavy.py), but
    not within 30 s: refused on its prediction, naming the switched sections, exit 2, nothing written."""
    path = _write(tmp_path, 2000, 2)
    out = tmp_path / "brief.html"
    start = time.process_time()
    result = CliRunner().invoke(
        app, ["analyze", str(path), "-f", "html", "-o", str(out), "--max-seconds", "30"]
    )
    assert result.exit_code == 2, result.output
    assert time.process_time() - start < 30  # the prediction, not the work
    assert "The brief of 2,000 actors on 2 issues" in result.stderr
    assert "over --max-seconds 30 s" in result.stderr
    assert "already run their methods for large scenarios" in result.stderr
    assert "forecast, outcome, trades, plan, robustness" in result.stderr
    assert not out.exists()
    assert "Traceback" not in result.output


def test_analyze_robustness_on_two_thousand_actors_is_refused_with_the_sweep_advice(
    tmp_path: Path,
) -> None:
    """The full robustness study re-runs KTAB's SMP in every draw whatever the size: 10 draws at 2,000
    actors are 10 × 40 × (2e-4 + 9e-9 × 2,000³ × 2) s ≈ 16 h, refused with the command that scales."""
    path = _write(tmp_path, 2000, 2)
    result = CliRunner().invoke(app, ["analyze", str(path), "--robustness", "10"])
    assert result.exit_code == 2, result.output
    assert "10 robustness draws" in result.stderr
    assert "coalitionist sweep FILE -n 200 -m median" in result.stderr
    assert result.stdout == ""


def test_a_stopped_brief_leaves_no_output(tmp_path: Path) -> None:
    # either the prediction refuses it or the wall-clock guard stops it: exit 2 and nothing written
    out = tmp_path / "brief.html"
    result = CliRunner().invoke(
        app,
        [
            "analyze",
            str(EXAMPLES / "gulf-war-1990.yaml"),
            "-f",
            "html",
            "-o",
            str(out),
            "--max-seconds",
            "0.02",
        ],
    )
    assert result.exit_code == 2, result.output
    assert "--max-seconds 0.02 s" in result.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary file either


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--max-memory", "lots"], "--max-memory: 'lots' is not a size"),
        (["--max-seconds", "-1"], "--max-seconds: -1 is not a number of seconds"),
    ],
)
def test_bad_limits_are_usage_errors(args: list[str], fragment: str) -> None:
    result = CliRunner().invoke(
        app, ["forecast", str(EXAMPLES / "clinic-program.yaml"), "-m", "median", *args]
    )
    assert result.exit_code == 2
    assert fragment in result.stderr


def test_wall_clock_guard_stops_a_busy_loop_and_restores_the_timer() -> None:
    start = time.monotonic()
    stopped = False
    try:
        with bounded(Limits(max_seconds=0.2, max_memory=None), "a busy loop"):
            while time.monotonic() - start < 30:
                pass
    except WorkLimitError as exc:
        stopped = "was stopped after" in str(exc)
    assert stopped
    assert time.monotonic() - start < 20
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)


def test_max_seconds_is_the_clock_a_run_that_waits_is_stopped_too() -> None:
    """Point 4: the guard is wall time (ITIMER_REAL), the user's bound on waiting: a body that sleeps uses
    no CPU (a CPU timer, ITIMER_PROF, would never fire) and is still stopped at the limit."""
    start, cpu = time.monotonic(), time.process_time()
    with (
        pytest.raises(WorkLimitError, match="was stopped after"),
        bounded(Limits(max_seconds=0.3, max_memory=None), "a wait"),
    ):
        time.sleep(30)
    assert time.monotonic() - start < 20
    assert time.process_time() - cpu < 0.3  # it was not CPU that ran out


def test_max_seconds_help_says_what_is_measured() -> None:
    result = CliRunner().invoke(app, ["outcome", "--help"], terminal_width=400)
    assert result.exit_code == 0
    flat = " ".join(result.stdout.replace("│", " ").split())
    assert "seconds of the clock" in flat
    assert "more than S seconds of CPU is refused before it starts" in flat
    assert "after S seconds of wall time" in flat
    docs = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text(encoding="utf-8")
    assert "**What `--max-seconds` measures.**" in docs


_MEMORY_CHILD = """
import resource, numpy as np
from coalitionist.cli.limits import Limits, WorkLimitError, bounded
before = resource.getrlimit(resource.RLIMIT_AS)
try:
    with bounded(Limits(max_seconds=None, max_memory=600 * 2**20), "a big array"):
        a = np.ones(8 * 2**30 // 8)  # 8 GB
    print("allocated")
except WorkLimitError as exc:
    print("refused:", exc)
assert resource.getrlimit(resource.RLIMIT_AS) == before
b = np.ones(700 * 2**20 // 8)  # the limit is gone again
print("after", b.nbytes)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS and /proc are Linux's")
def test_memory_guard_stops_an_allocation_over_the_limit_and_restores_it() -> None:
    run = subprocess.run(
        [sys.executable, "-c", _MEMORY_CHILD], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert "refused: a big array ran out of memory (--max-memory 600.0 MB)" in run.stdout
    assert "after 734003200" in run.stdout


def test_cost_models_scale_as_documented() -> None:
    # SMP: actors³ per turn, so doubling the actors multiplies the prediction by about 8
    small, big = forecast_cost("smp", 400, 2), forecast_cost("smp", 800, 2)
    assert 7 < big.seconds / small.seconds < 8.1
    # median: linear in actors
    assert forecast_cost("median", 2000, 2).seconds < 1
    # trades: pairs of actors
    assert trades_cost(2000, 2, 11, 121).seconds > 90 * trades_cost(200, 2, 11, 121).seconds


def test_check_names_both_limits_and_parse_memory_reads_units() -> None:
    with pytest.raises(WorkLimitError) as err:
        check(Cost("x", seconds=1e6, memory=2**41), Limits())
    assert "over --max-seconds 300 s" in str(err.value)
    assert "over --max-memory 4.0 GB" in str(err.value)
    assert parse_memory("4G") == 4 * 2**30
    assert parse_memory("512m") == 512 * 2**20
    assert parse_memory("0") == 0
    assert Limits.parse(0, "0") == Limits(None, None)


# -- outcome and process predict their cost like the other commands (session 7) -----------------------


def test_outcome_and_process_at_two_thousand_actors_choose_methods_that_fit() -> None:
    """2,000 actors × 2 issues (refused until session 9: both started from KTAB's SMP, 5,760 s by the cost
    model). With the brief's methods, by hand from the constants: BDM 10 × 3e-7 × 2000² × 2 = 24 s; the
    outcome's 250 draws × 3e-8 × 2000² = 30 s; the process's 30 / (2.5e-8 × 2000²) = 300 lockout samples
    (30 s), its package search and plan among the 1,000 candidates of the cap 2.5e-5 × 2000 × 1000 = 50 s:
    within the default 300 s."""
    from coalitionist.analyses.scale import choose_methods, lockout_method
    from coalitionist.cli.limits import outcome_cost, process_cost
    from coalitionist.scenario.model import Scenario

    scenario = Scenario.model_validate(heavy_scenario(2000, 2))
    plan = choose_methods(scenario)
    assert (plan.forecast_model, plan.outcome_draws, plan.plan_candidates) == ("bdm", 250, 1000)
    assert outcome_cost(scenario, 250, model="bdm").seconds == pytest.approx(24 + 30)
    samples, method = lockout_method(2000, 2000)
    assert samples == 300
    assert method is not None
    assert "about ±6% (95 %)" in method.reason  # 1.96 × 0.5 / √300 = 5.7 %
    cost = process_cost(scenario, samples, model="bdm", candidates=1000)
    assert cost.seconds == pytest.approx(24 + 50 + 30)
    # with a proposal in the file no forecast runs at all
    assert outcome_cost(scenario, 250, model=None).seconds == pytest.approx(30)


@pytest.fixture
def lowered_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    """The outcome and process commands' method choice with budgets a 300-actor scenario is over."""
    import functools

    from coalitionist.analyses import scale

    low = scale.Budgets(
        forecast=2, outcome=0.5, trades=1, plan_candidates=50, robustness=1, lockout=0.5
    )
    monkeypatch.setattr(
        scale, "choose_methods", functools.partial(scale.choose_methods, budgets=low)
    )
    monkeypatch.setattr(
        scale, "lockout_method", functools.partial(scale.lockout_method, budgets=low)
    )


def test_outcome_answers_a_large_scenario_with_the_methods_stated(
    tmp_path: Path, lowered_commands: None
) -> None:
    """300 actors, budgets lowered: SMP 40 × (2e-4 + 9e-9 × 300³ × 2) = 19 s over 2 s, BDM 10 × 3e-7 ×
    300² × 2 = 0.54 s within it; 1,000 draws 1,000 × 3e-8 × 300² = 2.7 s over 0.5 s, so 0.5 / 2.7e-3 =
    185 draws, raised to the floor of 200. An explicit --samples is taken as given."""
    path = _write(tmp_path, 300, 2)
    result = CliRunner().invoke(app, ["outcome", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["forecast_model"] == "bdm"
    assert data["monte_carlo"]["n_draws"] == 200
    assert set(data["scale"]) == {"forecast", "outcome"}
    assert "KTAB's SMP would take about 19 s at 300 actors" in data["scale"]["forecast"]["reason"]
    text = CliRunner().invoke(app, ["outcome", str(path), "--samples", "50"])
    assert text.exit_code == 0, text.output
    assert "Method at this size (approximate): BDM" in text.stdout
    assert "of 50 draws" in text.stdout  # as asked: no outcome method
    assert "Monte Carlo draws of the vote instead" not in text.stdout


def test_process_answers_a_large_scenario_with_the_methods_stated(
    tmp_path: Path, lowered_commands: None
) -> None:
    """300 actors, budgets lowered: BDM as above; 2,000 lockout samples 2,000 × 2.5e-8 × 300² = 4.5 s over
    0.5 s, so 0.5 / 2.25e-3 = 222 samples; the plan among the 50 likeliest of 299 candidates."""
    path = _write(tmp_path, 300, 2)
    result = CliRunner().invoke(app, ["process", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data["scale"]) == {"forecast", "plan", "lockout"}
    assert data["lockout"]["samples"] == 222
    notes = " ".join(data["notes"])
    assert "Method at this size (approximate): 222 Monte Carlo samples of the lockout risk" in notes
    assert "on the 50 candidates with the highest chance" in notes
    assert "Method at this size (approximate): BDM" in notes


@pytest.mark.parametrize(
    ("command", "per_draw"),
    [("outcome", "OUTCOME_PER_DRAW"), ("process", "PROCESS_PER_SAMPLE")],
)
def test_too_many_samples_are_refused_with_the_count_that_fits(command: str, per_draw: str) -> None:
    """On the 15-actor Gulf War example a draw costs the floor (0.3 ms / 0.1 ms); 10^8 draws are
    30,000 s / 10,000 s, over 300 s; the advice names the count that fits (300 s / floor)."""
    from coalitionist.cli import limits

    floor = getattr(limits, per_draw)
    result = CliRunner().invoke(
        app, [command, str(EXAMPLES / "gulf-war-1990.yaml"), "--samples", "100000000"]
    )
    assert result.exit_code == 2, result.output
    assert "100,000,000 Monte Carlo samples" in result.stderr
    assert f"At most about {int(300 / floor):,} --samples fit the limits" in result.stderr
    # within the limit the same command answers
    ok = CliRunner().invoke(
        app, [command, str(EXAMPLES / "gulf-war-1990.yaml"), "--samples", "200", "--json"]
    )
    assert ok.exit_code == 0, ok.output


def test_outcome_and_process_costs_grow_as_documented() -> None:
    from types import SimpleNamespace

    from coalitionist.cli.limits import outcome_cost, process_cost, reference_cost

    def scen(n: int) -> SimpleNamespace:
        return SimpleNamespace(actors=[None] * n, issues=[None] * 2)

    # no samples: the reference forecast alone
    assert outcome_cost(scen(300), 0).seconds == reference_cost(scen(300)).seconds
    # draws beyond the floor scale as actors²: 1,000 draws at 600 actors cost 4x those at 300
    d300 = outcome_cost(scen(300), 1000).seconds - reference_cost(scen(300)).seconds
    d600 = outcome_cost(scen(600), 1000).seconds - reference_cost(scen(600)).seconds
    assert d600 == pytest.approx(4 * d300)
    p300 = process_cost(scen(300), 1000).seconds - process_cost(scen(300), 0).seconds
    assert p300 == pytest.approx(1000 * 2.5e-8 * 300**2)
    # the package search and plan: actors × candidates
    base = process_cost(scen(300), 0).seconds - reference_cost(scen(300)).seconds
    assert base == pytest.approx(2.5e-5 * 300 * 299)


# -- methods by size (issue 18, point 6): heavy but legitimate scenarios answer ---------------------------


def test_no_switch_fires_at_the_examples_sizes() -> None:
    from coalitionist.analyses.scale import choose_methods
    from coalitionist.io import load_scenario

    for path in sorted(EXAMPLES.glob("*.yaml")):
        plan = choose_methods(load_scenario(path))
        assert not plan.switched, (path.name, plan.methods)
        assert plan.forecast_model == "smp"
        assert plan.robustness


def test_two_thousand_actors_get_methods_that_fit_the_default_limits() -> None:
    """By hand, with the cost models' constants: SMP 40 × (2e-4 + 9e-9 × 2000³ × 2) = 5,760 s > 30 s;
    BDM 10 × 3e-7 × 2000² × 2 = 24 s ≤ 30 s; 1,000 draws of the vote 1,000 × 3e-8 × 2000² = 120 s, so
    30 / 0.12 = 250 draws; the trade search keeps the most actors k with 0.2 + k(k−1)/2 × 2.4e-5 ×
    22^1.28 ≤ 30 (2 issues × 11 grid points)."""
    from coalitionist.analyses.scale import choose_size_methods

    plan = choose_size_methods(actors=2000, issues=2, decision_makers=2000, candidates=1999)
    assert plan.forecast_model == "bdm"
    assert plan.outcome_draws == 250
    per_pair = 2.4e-5 * 22**1.28
    k = max(k for k in range(2, 2000) if 0.2 + k * (k - 1) / 2 * per_pair <= 30)
    assert plan.trades_actors == k
    assert plan.plan_candidates == 1000
    assert not plan.robustness
    assert [m.section for m in plan.methods] == [
        "forecast",
        "outcome",
        "trades",
        "plan",
        "robustness",
    ]
    assert plan.seconds < 300  # within the default --max-seconds, with the other sections' share
    assert plan.memory < 4 * 2**30


def test_with_a_proposal_the_quick_check_runs_at_any_size() -> None:
    """A given proposal is the brief's forecast: the quick check re-runs no model, so it is not skipped
    (the forecast section's own model still switches)."""
    from coalitionist.analyses.scale import choose_size_methods

    plan = choose_size_methods(
        actors=2000, issues=2, decision_makers=2000, candidates=1999, fixed_forecast=True
    )
    assert plan.robustness
    assert plan.method("robustness") is None
    assert plan.forecast_model == "bdm"


def _sum_salience(row: dict[str, dict[str, float]]) -> float:
    return sum(float(v["salience"]) for v in row.values())


@pytest.fixture(scope="module")
def lowered_brief() -> tuple[dict[str, object], object, str]:
    """The brief of 500 actors × 2 issues with every budget lowered so that each switch fires (about 10 s
    of CPU): the scenario's data, the brief and its Markdown."""
    from coalitionist.analyses.scale import Budgets
    from coalitionist.brief import make_brief
    from coalitionist.report import render
    from coalitionist.scenario.model import Scenario

    data = heavy_scenario(500, 2)
    budgets = Budgets(forecast=2, outcome=1, trades=1, plan_candidates=50, robustness=1)
    brief = make_brief(Scenario.model_validate(data), budgets=budgets)
    markdown = render(brief, "markdown")
    assert isinstance(markdown, str)
    return data, brief, markdown


def _section(brief: object, key: str) -> object:
    found = brief.section(key)  # type: ignore[attr-defined]
    assert found is not None, key
    return found


def test_each_switched_section_says_so_in_its_text_and_json(
    lowered_brief: tuple[dict[str, object], object, str],
) -> None:
    _, brief, markdown = lowered_brief
    as_json = json.loads(json.dumps(brief.to_dict()))  # type: ignore[attr-defined]
    assert set(as_json["scale"]["sections"]) == {
        "forecast",
        "outcome",
        "trades",
        "plan",
        "robustness",
    }
    for key in ("forecast", "outcome", "trades", "plan"):
        section = as_json["sections"][key]
        assert section["data"]["scale"]["kind"] == "approximate", key
        said = [r for r in section["reading"] if r.startswith("Method at this size (approximate)")]
        assert len(said) == 1, key
        assert said[0].split(" — ")[0] in markdown, key
    robustness = as_json["sections"]["robustness"]
    assert robustness["data"]["scale"]["kind"] == "skipped"
    assert robustness["reading"][0].startswith("Not run at this size: it re-runs KTAB's SMP")
    assert "`coalitionist sweep FILE -n 200 -m median --what forecast`" in robustness["reading"][0]
    assert "at this size the check is skipped" in " ".join(as_json["sections"]["inputs"]["reading"])
    # power: the engine's automatic method, stated
    power = as_json["sections"]["power"]
    assert power["data"]["scale"]["kind"] in ("exact", "approximate")
    assert any(r.startswith("Method") and "automatic method" in r for r in power["reading"])


def test_the_forecast_switches_to_bdm_with_smp_cost_by_hand(
    lowered_brief: tuple[dict[str, object], object, str],
) -> None:
    _, brief, _ = lowered_brief
    forecast = _section(brief, "forecast")
    assert forecast.data["model"] == "bdm"  # type: ignore[attr-defined]
    # 40 × (2e-4 + 9e-9 × 500³ × 2) = 90.008 s: "about 90 s"
    assert "KTAB's SMP would take about 90 s at 500 actors" in forecast.data["scale"]["reason"]  # type: ignore[attr-defined]
    outcome = _section(brief, "outcome")
    assert outcome.data["brief_forecast"]["basis"].startswith("BDM bargaining")  # type: ignore[attr-defined]
    assert outcome.data["brief_forecast"]["model"] == "bdm"  # type: ignore[attr-defined]


def test_the_outcome_takes_fewer_draws(
    lowered_brief: tuple[dict[str, object], object, str],
) -> None:
    _, brief, _ = lowered_brief
    outcome = _section(brief, "outcome")
    # 1,000 × 3e-8 × 500² = 7.5 s over 1 s: 1 / 7.5e-3 = 133 draws, raised to the floor of 200
    assert outcome.data["monte_carlo"]["n_draws"] == 200  # type: ignore[attr-defined]
    assert "±7%" in outcome.data["scale"]["reason"]  # type: ignore[attr-defined]  # 1.96 × 0.5 / √200


def test_trades_run_among_the_heaviest_decision_makers(
    lowered_brief: tuple[dict[str, object], object, str],
) -> None:
    data, brief, _ = lowered_brief
    trades = _section(brief, "trades")
    per_pair = 2.4e-5 * 22**1.28
    k = max(k for k in range(2, 500) if 0.2 + k * (k - 1) / 2 * per_pair <= 1)
    actors = data["actors"]
    positions = data["positions"]
    assert isinstance(actors, list)
    assert isinstance(positions, dict)
    weight = {a["id"]: float(a["capability"]) * _sum_salience(positions[a["id"]]) for a in actors}
    order = {a["id"]: i for i, a in enumerate(actors)}
    top = sorted(weight, key=lambda a: (-weight[a], order[a]))[:k]
    expected = sorted(top, key=order.__getitem__)
    kept = trades.data["scale"]["actors"]  # type: ignore[attr-defined]
    assert kept == expected
    assert f"the other {500 - k} are left out" in trades.data["scale"]["reason"]  # type: ignore[attr-defined]
    assert trades.reading[0].startswith(f"Among the {k} decision makers")  # type: ignore[attr-defined]
    for trade in trades.data.get("trades", []):  # type: ignore[attr-defined]
        assert set(trade["actors"]) <= set(kept)


def test_the_plan_caps_its_candidates_to_the_likeliest(
    lowered_brief: tuple[dict[str, object], object, str],
) -> None:
    """Equal votes: every voter has the same Banzhaf index, so the top 50 by chance × voting power are
    the 50 with the highest derived chance p = 1 − salience-weighted distance to the focal actor."""
    data, brief, _ = lowered_brief
    plan = _section(brief, "plan")
    positions = data["positions"]
    assert isinstance(positions, dict)
    focal = positions["a0"]

    def p(actor: str) -> float:
        row = positions[actor]
        num = sum(
            abs(focal[k]["position"] - row[k]["position"])
            / 100
            * (focal[k]["salience"] + row[k]["salience"])
            for k in row
        )
        den = sum(focal[k]["salience"] + row[k]["salience"] for k in row)
        return min(max(1 - num / den if den else 0.5, 0.02), 0.98)

    others = [f"a{i}" for i in range(1, 500)]
    chances = {a: p(a) for a in others}
    ranked = sorted(others, key=lambda a: (-chances[a], others.index(a)))
    cut = chances[ranked[49]]
    candidates = {c["actor"] for c in plan.data["candidates"]}  # type: ignore[attr-defined]
    assert len(candidates) == 50
    # the 50 kept are the likeliest (up to ties at the cut-off, decided by file order)
    assert all(chances[a] >= cut - 1e-9 for a in candidates)
    assert {a for a in others if chances[a] > cut + 1e-9} <= candidates
    assert plan.data["scale"]["planner"] == "rollout"  # type: ignore[attr-defined]  # auto: 13-1,000


def test_the_skipped_check_s_command_runs_at_this_size(tmp_path: Path) -> None:
    path = _write(tmp_path, 500, 2)
    result = CliRunner().invoke(
        app, ["sweep", str(path), "-n", "200", "-m", "median", "--what", "forecast", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["samples"] == 200


# -- sentences at 2,000 actors name a readable number of actors (issue 18, point 1) ------------------------

_ACTOR = re.compile(r"\bActor \d+\b")


def _strings(x: object) -> Iterator[str]:
    if isinstance(x, dict):
        for v in x.values():
            yield from _strings(v)
    elif isinstance(x, list | tuple):
        for v in x:
            yield from _strings(v)
    elif isinstance(x, str):
        yield x


def _sentences(text: str) -> list[str]:
    """A reading's sentences (a full stop, then a space and a capital)."""
    return re.split(r"(?<=\.) (?=[A-Z])", text)


def test_names_join_caps_a_long_list_and_says_where_the_rest_is() -> None:
    from coalitionist.wording import NAMES_LIMIT, NAMES_SHOWN, and_join, names_join

    names = [f"Actor {i}" for i in range(1387)]
    text = names_join(names)
    assert len(_ACTOR.findall(text)) == NAMES_SHOWN
    assert text.endswith(f" and {1387 - NAMES_SHOWN:,} more (all in the JSON)")
    # up to the limit the list is the plain one, with or without the final "and"
    assert names_join(names[:NAMES_LIMIT]) == and_join(names[:NAMES_LIMIT])
    assert names_join(names[:3], last=", ") == "Actor 0, Actor 1, Actor 2"
    assert names_join(names[:4], limit=3, shown=2, rest="") == "Actor 0, Actor 1 and 2 more"
    assert names_join([]) == ""


def test_no_sentence_of_a_large_brief_names_more_than_the_cap(
    lowered_brief: tuple[dict[str, object], object, str],
) -> None:
    """500 actors (the 2,000-actor brief's sentences were checked the same way by hand: 1,387 names in
    "Carried by", 1,000 in the coalitions' readings, 1,387 in the meetings): no string of the JSON brief,
    no line of its Markdown outside a table and no HTML text node names more than NAMES_LIMIT actors; the
    long lists it has are cut and say so."""
    from coalitionist.report import render
    from coalitionist.wording import NAMES_LIMIT

    _, brief, markdown = lowered_brief
    data = brief.to_dict()  # type: ignore[attr-defined]
    counts = [(len(_ACTOR.findall(s)), s[:120]) for t in _strings(data) for s in _sentences(t)]
    assert max(counts)[0] <= NAMES_LIMIT, max(counts)
    lines = [ln for ln in markdown.splitlines() if not ln.startswith("|")]
    assert max(len(_ACTOR.findall(s)) for ln in lines for s in _sentences(ln)) <= NAMES_LIMIT
    html = render(brief, "html")  # type: ignore[arg-type]
    assert isinstance(html, str)
    texts = html.split("<")
    assert max(len(_ACTOR.findall(s)) for t in texts for s in _sentences(t)) <= NAMES_LIMIT
    # the cut lists are there, and say where the rest is
    carried = [r for r in data["sections"]["outcome"]["reading"] if r.startswith("Carried by")]
    assert len(carried) == 1
    assert carried[0].endswith("more (all in the JSON).")
    voters = data["sections"]["outcome"]["data"]
    assert len(voters["carried_by"]) > NAMES_LIMIT  # the JSON lists them all


def test_every_actor_a_voter_no_sentence_says_some_are_outside_the_voting_body() -> None:
    """Point 3: 200 actors, one vote each, all in the body; the weighted median (0.28 of the scale away
    from the decision makers' best cluster, over the 5 % cluster tolerance) once read as "the cluster that
    actors who cast no counted vote make most likely"."""
    from coalitionist.analyses.outcome import (
        CLUSTER_TOLERANCE,
        forecast_under_rule,
        rule_forecast_reading,
    )
    from coalitionist.scenario.model import Scenario

    scenario = Scenario.model_validate(heavy_scenario(200, 2))
    result = forecast_under_rule(scenario, "median")
    apart = max(
        abs(result.bargaining[k] - result.voters_cluster[k]) / 100 for k in result.bargaining
    )
    assert apart > CLUSTER_TOLERANCE  # the case the old test fired on
    assert not result.chosen_by_non_voters
    assert not any("no counted vote" in s for s in rule_forecast_reading(result, scenario))
