"""The quick check every brief carries: its shares redone by hand, its seeds derived from the brief's seed,
its swings, and its sentences in the default brief of every example."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import numpy as np
import pytest

import coalitionist.analyses.robustness as robustness_module
from coalitionist.analyses.outcome import run_outcome
from coalitionist.analyses.robustness import (
    QUICK_DRAWS,
    QUICK_SWINGS,
    QUICK_THREATS,
    RobustnessResult,
    fails_bound,
    run_robustness,
)
from coalitionist.analyses.strategy import recruitment_problem
from coalitionist.analyses.sweep import sweep_setup
from coalitionist.analyses.sweep_estimates import apply_estimates, draw_estimates
from coalitionist.brief import make_brief
from coalitionist.engine import analysis_seed, root_entropy, sample_rng
from coalitionist.errors import UsageError
from coalitionist.examples import example_path
from coalitionist.io import load_scenario
from coalitionist.scenario.model import Scenario
from coalitionist.strategy import plan
from coalitionist.strategy.scalable import GreedyOracle

EXAMPLES = (
    "gulf-war-1990",
    "clinic-program",
    "russia-china-gas-2014",
    "eu-council",
    "un-security-council",
)


@cache
def gulf() -> Scenario:
    return load_scenario(example_path("gulf-war-1990"))


@cache
def gulf_quick(seed: int = 3) -> RobustnessResult:
    res = run_robustness(gulf(), QUICK_DRAWS, seed=seed, quick=True)
    assert res is not None
    return res


def _variants(sc: Scenario, seed: int, n: int) -> list[Scenario]:
    setup = sweep_setup(sc, ("outcome", "forecast", "plan"), first_k=1)
    return [
        apply_estimates(
            sc, setup.estimates, draw_estimates(setup.estimates, sample_rng(root_entropy(seed), i))
        )
        for i in range(n)
    ]


def test_pass_and_pivotal_shares_are_the_hand_counted_shares() -> None:
    # redo every draw by hand: sample i's estimates from SeedSequence child i, the votes counted on the
    # scenario's own proposal (Resolution 678), and the share of draws where it passes / China is pivotal
    sc = gulf()
    res = gulf_quick()
    proposal = run_outcome(sc, samples=0).proposal
    outcomes = [run_outcome(v, proposal, samples=0) for v in _variants(sc, 3, QUICK_DRAWS)]
    passes = res.check("outcome.passes")
    assert passes is not None
    assert passes.nominal == "true"
    assert passes.holds == pytest.approx(np.mean([o.passes for o in outcomes]))
    pivotal = [c for c in res.checks if c.key.startswith("outcome.pivotal.")]
    assert pivotal, "the Gulf War's permanent members are pivotal: a no from any of them is a veto"
    for c in pivotal:
        actor = c.key.removeprefix("outcome.pivotal.")
        hand = [actor in {f["actor"] for f in o.to_dict()["pivotal"]} for o in outcomes]
        assert c.holds == pytest.approx(np.mean(hand)), actor


def test_gulf_first_move_is_re_decided_by_the_brief_planner_at_its_threats() -> None:
    # the Gulf War has 22 candidates: the brief plans by rollout (on an exact 12-candidate core), about a
    # tenth of a second per decision, so the quick check re-decides the first move as the brief does at
    # the two swings that threaten it most — redone here by the brief's own planner on each variant
    sc = gulf()
    res = gulf_quick()
    first = res.check("plan.first")
    assert first is not None
    assert res.plan_method == "rollout"
    assert first.basis == "threats"
    problem = recruitment_problem(sc).problem
    brief_first = plan(problem, seed=3).steps[0].actor
    assert first.nominal == brief_first
    # the rival: the index policy's first move when it is another, else the next highest index
    scores = GreedyOracle(problem, seed=3).scores(0, 0)
    by_index = [problem.candidates[i] for i in np.argsort(-scores, kind="stable")]
    rival = next(c for c in by_index if c != brief_first)
    assert first.swings is not None
    assert first.tornado is None
    bars = {b.name: b for b in first.swings.bars}
    assert set(bars) == {f"p[{brief_first}]", f"p[{rival}]"}
    setup = sweep_setup(sc, ("plan",), first_k=1)
    for name, bar in bars.items():
        j = next(k for k, e in enumerate(setup.estimates) if e.key == name)
        lo, hi = setup.estimates[j].swing()
        low_end = name == f"p[{brief_first}]"  # the first mover's chance falls, its rival's rises
        values = np.array([e.point for e in setup.estimates])
        values[j] = lo if low_end else hi
        variant = recruitment_problem(apply_estimates(sc, setup.estimates, values)).problem
        holds = float(plan(variant, seed=3).steps[0].actor == brief_first)
        swung = bar.low_output if low_end else bar.high_output
        unswung = bar.high_output if low_end else bar.low_output
        assert swung == holds, name
        assert unswung == 1.0  # the other end is the point estimate: the brief's own first move
        assert (name in first.flips) == (holds < 0.5)
    assert first.holds == pytest.approx(1 - len(first.flips) / len(bars))
    assert first.robust == (not first.flips)


def test_index_policy_first_move_beyond_the_rollout_range(monkeypatch: pytest.MonkeyPatch) -> None:
    # beyond the rollout's range (1,000 candidates) the brief's plan is the index policy itself, so the
    # quick check re-decides it in every draw; shown here by lowering the range below the Gulf War's 22
    monkeypatch.setattr(robustness_module, "AUTO_ROLLOUT_MAX", 12)
    sc = gulf()
    res = run_robustness(sc, 4, seed=3, quick=True)
    assert res is not None
    first = res.check("plan.first")
    assert first is not None
    assert res.plan_method == "greedy"
    assert first.basis == "draws"
    problem = recruitment_problem(sc).problem
    assert first.nominal == problem.candidates[GreedyOracle(problem, seed=3).decide(0, 0)]
    firsts = []
    for i, v in enumerate(_variants(sc, 3, 4)):
        p = recruitment_problem(v).problem
        a = GreedyOracle(p, seed=analysis_seed(root_entropy(3), i)).decide(0, 0)
        firsts.append(p.candidates[a] if a >= 0 else "nobody")
    assert first.holds == pytest.approx(np.mean([f == first.nominal for f in firsts]))


def test_draw_seeds_come_from_the_brief_seed(monkeypatch: pytest.MonkeyPatch) -> None:
    # every analysis run of a serial check, in order: the point estimates at the brief's seed, draw i at
    # analysis_seed(brief seed, i), the swings at the brief's seed
    seen: list[int] = []
    real = robustness_module.conclusions

    def spy(setup: Any, scenario: Scenario, seed: int, rng: Any = None) -> Any:
        seen.append(seed)
        return real(setup, scenario, seed, rng)

    monkeypatch.setattr(robustness_module, "conclusions", spy)
    sc = load_scenario(example_path("russia-china-gas-2014"))
    res = run_robustness(sc, 6, seed=11, quick=True)
    assert res is not None
    assert seen[0] == 11
    assert seen[1:7] == [analysis_seed(11, i) for i in range(6)]
    assert set(seen[7:]) == {11}
    assert len(seen) == res.runs


def test_equal_seeds_equal_json_other_seeds_other_draws() -> None:
    sc = load_scenario(example_path("clinic-program"))
    a = run_robustness(sc, QUICK_DRAWS, seed=5, quick=True)
    b = run_robustness(sc, QUICK_DRAWS, seed=5, quick=True)
    c = run_robustness(sc, QUICK_DRAWS, seed=6, quick=True)
    assert a is not None
    assert b is not None
    assert c is not None
    assert json.dumps(a.to_dict()) == json.dumps(b.to_dict())
    assert json.dumps(a.to_dict()) != json.dumps(c.to_dict())
    # the draws themselves differ (not only the analyses' seeds): the forecasts' spreads differ
    qa = [ch.quantiles for ch in a.checks if ch.kind == "number"]
    qc = [ch.quantiles for ch in c.checks if ch.kind == "number"]
    assert qa != qc
    # and through the brief: the brief's seed is the check's seed
    b5 = make_brief(sc, seed=5).section("robustness")
    assert b5 is not None
    assert b5.data["seed"] == 5
    assert b5.data["conclusions"] == a.to_dict()["conclusions"]


def test_the_few_runs_it_costs() -> None:
    res = gulf_quick()
    labels = [c for c in res.checks if c.kind == "label" and c.basis == "draws"]
    # the point estimates (and the brief's rollout there), the draws, at most QUICK_SWINGS swings (two
    # ends) per label conclusion and QUICK_THREATS rollout runs for the first move
    assert res.runs <= 2 + QUICK_DRAWS + 2 * QUICK_SWINGS * len(labels) + QUICK_THREATS
    assert all(c.drivers == () and c.top == () for c in res.checks)  # no Sobol index from ten draws


def test_fails_bound_is_the_exact_binomial_bound() -> None:
    for n in (5, 10, 40):
        q = fails_bound(n)
        assert (1 - q) ** n == pytest.approx(0.05)  # n holds in a row have chance 5 % at that rate
    assert fails_bound(300) == pytest.approx(3 / 300, rel=0.01)  # the rule of three


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_brief_builds_with_its_verdicts(name: str) -> None:
    sc = load_scenario(example_path(name))
    brief = make_brief(sc)
    sec = brief.section("robustness")
    data = json.loads(json.dumps(brief.to_dict()))
    if sec is None:
        # nothing to check (no estimate varies or nothing is concluded): the inputs section says so
        inputs = brief.section("inputs")
        assert inputs is not None
        assert any("--robustness" in r for r in inputs.reading)
        return
    result = sec.result
    assert isinstance(result, RobustnessResult)
    assert result.mode == "quick"
    line = next(s for s in brief.summary if s.startswith("Robustness, a quick check"))
    assert f"over {QUICK_DRAWS} draws" in line
    names = {a.id: a.label for a in sc.actors}
    for c in result.checks:
        # each verdict says how many draws (or swings) it rests on and whether it is robust
        assert (
            f"of {QUICK_DRAWS} draws" in c.sentence
            or f"all {QUICK_DRAWS} draws" in c.sentence
            or (c.basis == "threats" and f"each of the {QUICK_DRAWS} draws" in c.sentence)
        )
        assert (": robust" in c.sentence) == c.robust
        assert ("not robust" in c.sentence or "sensitive to" in c.sentence) != c.robust
        for flip in c.flips:
            assert result.labels[flip] in c.sentence
        for actor_id, label in names.items():
            if actor_id != label:
                assert f"({actor_id})" not in c.sentence
    assert data["sections"]["robustness"]["data"]["mode"] == "quick"


def test_the_quick_check_judges_the_first_move_the_brief_advises() -> None:
    # Gulf War (rollout) and the clinic (exact): the first move checked is the brief plan's first step
    for name in ("gulf-war-1990", "clinic-program"):
        brief = make_brief(load_scenario(example_path(name)))
        sec = brief.section("robustness")
        plan_section = brief.section("plan")
        assert sec is not None
        assert plan_section is not None
        assert "first_move_unchecked" not in sec.data
        first = next(c for c in sec.data["conclusions"] if c["id"] == "plan.first")
        assert first["nominal"] == plan_section.data["steps"][0]["actor"], name
        line = next(s for s in brief.summary if s.startswith("Robustness, a quick check"))
        assert "the first move (" in line


def test_a_fixed_forecast_is_never_called_not_robust() -> None:
    # the Gulf War brief's forecast is the scenario's proposal (it passes): not a model output, so the
    # quick check re-runs no model and the summary says what it is, not "neither forecast is robust"
    brief = make_brief(gulf())
    sec = brief.section("robustness")
    assert sec is not None
    assert sec.data["forecast_basis"] == {"kind": "fixed", "fixed": "the scenario's proposal"}
    assert not any(c["id"].startswith("forecast.") for c in sec.data["conclusions"])
    assert sec.data["forecast_model"] is None
    line = next(s for s in brief.summary if s.startswith("Robustness, a quick check"))
    assert "forecast is robust" not in line
    assert "the forecast is the scenario's proposal, fixed (not a model output)" in line
    assert any("not a model output" in r for r in sec.reading)


def test_a_full_study_names_model_end_points_beside_a_fixed_forecast() -> None:
    # the full study still reports the bargaining model's end points beside a fixed forecast, named as
    # the model's, and the summary counts them as such
    sc = load_scenario(example_path("clinic-program"))
    res = run_robustness(
        sc, 30, seed=1, forecast_basis="fixed", forecast_fixed="the scenario's proposal"
    )
    assert res is not None
    fc = [c for c in res.checks if c.key.startswith("forecast.")]
    assert fc
    assert all(c.text.startswith("The SMP bargaining end point for") for c in fc)
    line = robustness_module.summary_line(res, {a.id: a.label for a in sc.actors})
    assert "the forecast is the scenario's proposal, fixed" in line
    assert "SMP bargaining end points beside it" in line
    assert "forecasts" not in line
    with pytest.raises(UsageError, match="forecast_basis"):
        run_robustness(sc, 4, seed=1, forecast_basis="guess")


@pytest.mark.parametrize("name", ["clinic-program"])
def test_the_brief_forecast_reused_at_the_point_estimates_is_the_one_recomputed(name: str) -> None:
    # the brief's section passes its own SMP forecast in as the nominal one: the check is the same as the
    # one that recomputes it
    sc = load_scenario(example_path(name))
    sec = make_brief(sc, seed=2).section("robustness")
    assert sec is not None
    alone = run_robustness(sc, QUICK_DRAWS, seed=2, quick=True)
    assert alone is not None
    assert sec.data["conclusions"] == [
        c
        for c in alone.to_dict()["conclusions"]
        if c["id"] in {d["id"] for d in sec.data["conclusions"]}
    ]
    assert any(c["id"].startswith("forecast.") for c in sec.data["conclusions"])


def test_a_plan_that_approaches_nobody_gets_no_verdict_without_evidence() -> None:
    # Glyphosate 2017: the coalition is there already, the plan approaches nobody and no swing is run
    # against that; the line said "changes at 0 of the 0 swings … not robust" — a verdict on no evidence
    from pathlib import Path

    case = Path(__file__).resolve().parents[1] / "data" / "eu-glyphosate-2017.yaml"
    brief = make_brief(load_scenario(case))
    line = next(s for s in brief.summary if s.startswith("Robustness, a quick check"))
    plan_section = brief.section("plan")
    assert plan_section is not None
    assert not plan_section.data["steps"]
    assert "of the 0 swings" not in line
    assert "(nobody)" not in line
    assert "the plan wins over nobody new; no swing changes that" in line
