"""The brief's robustness section: its shares recomputed by brute force, the same numbers on every
backend, sentences that name actors, the section in every format, and the CLI flag."""

from __future__ import annotations

import json
from functools import cache

import numpy as np
import pytest
from typer.testing import CliRunner

from coalitionist.analyses.robustness import QUICK_DRAWS, RobustnessResult, run_robustness
from coalitionist.analyses.strategy import recruitment_problem
from coalitionist.analyses.sweep import sweep_setup
from coalitionist.analyses.sweep_estimates import apply_estimates, draw_estimates
from coalitionist.brief import make_brief as analyses_brief
from coalitionist.cli import app
from coalitionist.engine import root_entropy, sample_rng
from coalitionist.examples import example_path
from coalitionist.io import load_scenario
from coalitionist.scenario.model import Scenario
from coalitionist.strategy import plan

DRAWS = 30


@cache
def clinic() -> Scenario:
    return load_scenario(example_path("clinic-program"))


@cache
def clinic_result() -> RobustnessResult:
    res = run_robustness(clinic(), DRAWS, seed=4)
    assert res is not None
    return res


def test_first_move_share_is_the_brute_force_share() -> None:
    # redo every draw by hand: the same estimate draws (sample i uses SeedSequence child i), a fresh exact
    # plan on each variant, and count the draws whose first move is the brief's
    sc = clinic()
    setup = sweep_setup(sc, ("forecast", "plan"), planner="brief")
    brief_first = plan(recruitment_problem(sc).problem, seed=0).steps[0].actor
    firsts = []
    for i in range(DRAWS):
        values = draw_estimates(setup.estimates, sample_rng(root_entropy(4), i))
        variant = apply_estimates(sc, setup.estimates, values)
        steps = plan(recruitment_problem(variant).problem, seed=0).steps
        firsts.append(steps[0].actor if steps else "nobody")
    check = clinic_result().check("plan.first")
    assert check is not None
    assert check.nominal == brief_first
    assert check.holds == pytest.approx(np.mean([f == brief_first for f in firsts]))
    assert check.draws == DRAWS


def test_a_tornado_bar_is_the_conclusion_with_that_estimate_at_its_ends() -> None:
    sc = clinic()
    res = clinic_result()
    check = res.check("plan.p_goal")
    assert check is not None
    assert check.tornado is not None
    setup = sweep_setup(sc, ("forecast", "plan"), planner="brief")
    bar = check.tornado.bars[0]
    j = next(k for k, e in enumerate(setup.estimates) if e.key == bar.name)
    values = np.array([e.point for e in setup.estimates])
    ends = []
    for v in (bar.low_input, bar.high_input):
        values[j] = v
        variant = apply_estimates(sc, setup.estimates, values)
        ends.append(float(plan(recruitment_problem(variant).problem, seed=0).p_goal))
    assert [bar.low_output, bar.high_output] == pytest.approx(ends)
    assert (bar.low_input, bar.high_input) == setup.estimates[j].swing()


def test_same_numbers_on_every_backend() -> None:
    sc = load_scenario(example_path("russia-china-gas-2014"))
    serial = run_robustness(sc, DRAWS, seed=2)
    procs = run_robustness(sc, DRAWS, seed=2, backend="processes", workers=2)
    assert serial is not None
    assert procs is not None
    assert json.dumps(serial.to_dict()) == json.dumps(procs.to_dict())


def test_sentences_name_actors_and_carry_the_numbers() -> None:
    res = clinic_result()
    names = {a.id: a.label for a in clinic().actors}
    for c in res.checks:
        for actor_id, name in names.items():
            if actor_id != name:
                assert f" {actor_id} " not in c.sentence
                assert f"({actor_id})" not in c.sentence
        assert f"of {DRAWS} draws" in c.sentence or f"all {DRAWS} draws" in c.sentence
        for d in c.drivers[:3]:
            assert d.label in c.sentence
            assert f"{d.first_order:.2f}" in c.sentence
        assert ("robust" in c.sentence) == c.robust
    first = res.check("plan.first")
    assert first is not None
    assert names[str(first.nominal)] in first.sentence


def test_the_section_in_the_brief_its_summary_and_json() -> None:
    sc = load_scenario(example_path("russia-china-gas-2014"))
    plain = analyses_brief(sc)
    quick = plain.section("robustness")
    assert quick is not None  # every brief carries the quick check
    assert quick.data["mode"] == "quick"
    assert quick.data["draws"] == QUICK_DRAWS
    assert any(
        s.startswith(f"Robustness, a quick check over {QUICK_DRAWS} draws") for s in plain.summary
    )
    brief = analyses_brief(sc, robustness=DRAWS)
    sec = brief.section("robustness")
    assert sec is not None
    assert isinstance(sec.result, RobustnessResult)
    assert sec.result.mode == "full"
    assert brief.summary[-1].startswith(f"Robustness over {DRAWS} draws")
    data = json.loads(json.dumps(brief.to_dict()))
    conclusions = {c["id"]: c for c in data["sections"]["robustness"]["data"]["conclusions"]}
    assert set(conclusions) >= {"plan.first", "outcome.passes"}
    # the full study replaces the quick check: the same sections, one robustness section
    assert set(plain.to_dict()["sections"]) == set(data["sections"])
    # the first move checked is the plan section's first step
    first = conclusions["plan.first"]
    assert first["nominal"] == data["sections"]["plan"]["data"]["steps"][0]["actor"]
    # the result checked is the outcome section's
    passes = data["sections"]["outcome"]["data"]["passes"]
    assert conclusions["outcome.passes"]["nominal"] == str(passes).lower()


def test_rendered_in_every_format_with_the_tornado_figure() -> None:
    pytest.importorskip("matplotlib")
    from coalitionist.report import make_brief, render
    from coalitionist.report.notebook import to_frame

    brief = make_brief(clinic(), robustness=DRAWS)
    sec = brief.section("robustness")
    assert sec is not None
    keys = [f.key for f in sec.figures]
    result = sec.result
    first = result.check("plan.first")
    assert first is not None
    assert first.tornado is not None
    # the first move's tornado is drawn when some swing moves it (an empty chart says nothing)
    assert ("tornado_first_move" in keys) == any(b.swing > 0 for b in first.tornado.bars)
    numbers = [k for k in keys if k != "tornado_first_move"]
    assert len(numbers) == 1
    figure = sec.figures[keys.index(numbers[0])]
    check = result.check(numbers[0].removeprefix("tornado_").replace("_", ".", 1))
    assert check is not None
    assert check.tornado is not None
    # bars are named for people (the estimate's label, a long parenthesis dropped), never by key
    for bar in check.tornado.bars:
        assert result.labels[bar.name].split(" (")[0][:20] in figure.svg
        assert bar.name not in figure.svg
    assert check.text[1:20] in figure.title
    for fmt in ("text", "markdown", "html", "json"):
        out = render(brief, fmt)
        assert isinstance(out, str)
        assert "How robust is the advice?" in out
    html = render(brief, "html")
    assert isinstance(html, str)
    assert figure.title in html
    frame = to_frame(sec.result)
    assert "plan.first" in frame.index


def test_cli_flag() -> None:
    runner = CliRunner()
    res = runner.invoke(
        app, ["analyze", str(example_path("russia-china-gas-2014")), "--robustness", "30", "--json"]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["sections"]["robustness"]["data"]["draws"] == 30
    bad = runner.invoke(
        app, ["analyze", str(example_path("russia-china-gas-2014")), "--robustness", "-1"]
    )
    assert bad.exit_code == 2
    assert "Traceback" not in bad.output
