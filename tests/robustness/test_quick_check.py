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
    RobustnessResult,
    fails_bound,
    run_robustness,
)
from coalitionist.analyses.strategy import recruitment_problem
from coalitionist.analyses.sweep import sweep_setup
from coalitionist.analyses.sweep_estimates import apply_estimates, draw_estimates
from coalitionist.brief import make_brief
from coalitionist.engine import analysis_seed, root_entropy, sample_rng
from coalitionist.examples import example_path
from coalitionist.io import load_scenario
from coalitionist.scenario.model import Scenario
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


def test_first_move_share_is_the_index_policy_redone_by_hand() -> None:
    # the Gulf War has 22 candidates: the quick check decides the first move with the index policy, seeded
    # in draw i with analysis_seed(brief seed, i)
    sc = gulf()
    res = gulf_quick()
    first = res.check("plan.first")
    assert first is not None
    assert res.plan_method == "greedy"
    nominal = GreedyOracle(recruitment_problem(sc).problem, seed=3).decide(0, 0)
    problem = recruitment_problem(sc).problem
    assert first.nominal == problem.candidates[nominal]
    firsts = []
    for i, v in enumerate(_variants(sc, 3, QUICK_DRAWS)):
        p = recruitment_problem(v).problem
        a = GreedyOracle(p, seed=analysis_seed(root_entropy(3), i)).decide(0, 0)
        firsts.append(p.candidates[a] if a >= 0 else "nobody")
    assert first.holds == pytest.approx(np.mean([f == first.nominal for f in firsts]))


def test_a_swing_is_the_conclusion_with_that_estimate_at_its_ends() -> None:
    sc = gulf()
    res = gulf_quick()
    first = res.check("plan.first")
    assert first is not None
    assert first.swings is not None
    assert (
        first.tornado is None
    )  # no tornado figure from a quick check: its estimates are not ranked
    assert 1 <= len(first.swings.bars) <= QUICK_SWINGS
    assert first.swings.bars[0].name in (f"p[{first.nominal}]", f"cost[{first.nominal}]") or any(
        b.name == f"p[{first.nominal}]" for b in first.swings.bars
    )
    setup = sweep_setup(sc, ("plan",), first_k=1)
    for bar in first.swings.bars:
        j = next(k for k, e in enumerate(setup.estimates) if e.key == bar.name)
        outs = []
        for v in (bar.low_input, bar.high_input):
            values = np.array([e.point for e in setup.estimates])
            values[j] = v
            p = recruitment_problem(apply_estimates(sc, setup.estimates, values)).problem
            a = GreedyOracle(p, seed=3).decide(0, 0)
            outs.append(float(a >= 0 and p.candidates[a] == first.nominal))
        assert [bar.low_output, bar.high_output] == outs
        assert (bar.name in first.flips) == (min(outs) < 0.5)


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
    labels = [c for c in res.checks if c.kind == "label"]
    # the point estimates, the draws and at most QUICK_SWINGS swings (two ends) per label conclusion
    assert res.runs <= 1 + QUICK_DRAWS + 2 * QUICK_SWINGS * len(labels)
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
        # each verdict says how many draws it rests on and whether it is robust
        assert f"of {QUICK_DRAWS} draws" in c.sentence or f"all {QUICK_DRAWS} draws" in c.sentence
        assert (": robust" in c.sentence) == c.robust
        assert ("not robust" in c.sentence or "sensitive to" in c.sentence) != c.robust
        for flip in c.flips:
            assert result.labels[flip] in c.sentence
        for actor_id, label in names.items():
            if actor_id != label:
                assert f"({actor_id})" not in c.sentence
    assert data["sections"]["robustness"]["data"]["mode"] == "quick"


def test_the_quick_check_never_judges_a_first_move_the_brief_does_not_advise() -> None:
    # Gulf War: the index policy picks another first move than the brief's rollout plan, so the quick
    # check leaves the first move out (and says why); the clinic is planned exactly: the same first move
    gulf_brief = make_brief(gulf())
    sec = gulf_brief.section("robustness")
    plan = gulf_brief.section("plan")
    assert sec is not None
    assert plan is not None
    brief_first = plan.data["steps"][0]["actor"]
    ids = {c["id"] for c in sec.data["conclusions"]}
    if "first_move_unchecked" in sec.data:
        assert sec.data["first_move_unchecked"]["brief"] == brief_first
        assert sec.data["first_move_unchecked"]["index_policy"] != brief_first
        assert "plan.first" not in ids
        assert any(r.startswith("The plan's first move is not checked here") for r in sec.reading)
    else:
        first = next(c for c in sec.data["conclusions"] if c["id"] == "plan.first")
        assert first["nominal"] == brief_first
    clinic = make_brief(load_scenario(example_path("clinic-program")))
    csec = clinic.section("robustness")
    cplan = clinic.section("plan")
    assert csec is not None
    assert cplan is not None
    first = next(c for c in csec.data["conclusions"] if c["id"] == "plan.first")
    assert first["nominal"] == cplan.data["steps"][0]["actor"]


@pytest.mark.parametrize("name", ["gulf-war-1990", "clinic-program"])
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
