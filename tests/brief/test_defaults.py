"""Defaults that make sense (issue 13, point 6): a scenario without recruitment estimates — here the
Manchin–Toomey Senate vote of April 2013, written as blocs with ``votes:`` and two influencers outside the
Senate, as a stakeholder register would import it — gets documented derived defaults (p from position
distance, ties and tags; cost from capability; a bandwagon effect; the goal to block for the side that
opposes) and a sensible plan: never "approach nobody", never the 41-senator bloc of opponents first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from coalitionist.analyses.strategy import default_goal, recruitment_problem
from coalitionist.brief import make_brief
from coalitionist.io import load_scenario

SENATE = Path(__file__).parents[1] / "data" / "senate-manchin-toomey-2013.yaml"


def for_actor(tmp_path: Path, focal: str) -> Path:
    text = SENATE.read_text(encoding="utf-8").replace("focal: obama", f"focal: {focal}")
    out = tmp_path / f"senate-{focal}.yaml"
    out.write_text(text, encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def obama() -> Any:
    return make_brief(load_scenario(SENATE))


def test_the_derived_estimates_are_the_documented_formulas() -> None:
    scenario = load_scenario(SENATE)
    setup = recruitment_problem(scenario)
    prob = setup.problem
    at = {c: k for k, c in enumerate(prob.candidates)}
    # the blocs that already vote yes on the amendment (95 and 80 against the status quo 0) are committed,
    # not candidates: Democrats for (50) and Republicans for (4), 54 votes
    assert setup.committed == ("dem_yes", "rep_yes")
    assert "dem_yes" not in at
    # cost from capability: 1 + 4 × capability / largest capability (Democrats for, 50)
    assert prob.cost[at["rep_no"]] == pytest.approx(1 + 4 * 41 / 50)
    assert prob.failure_cost[at["rep_no"]] == pytest.approx((1 + 4 * 41 / 50) / 2)
    # p: 1 − distance (100 vs 5 on one issue: 0.95) → 0.05, then the committed blocs' bandwagon, each in
    # turn: + 0.2 × 50/100 × (1 − p), + 0.2 × 4/100 × (1 − p)
    p = 0.05
    p += 0.2 * 0.5 * (1 - p)
    p += 0.2 * 0.04 * (1 - p)
    assert prob.p[at["rep_no"]] == pytest.approx(p)
    # the President's alliance with the red-state Democrats (0.4) adds 0.2 × 0.4 to 1 − 0.70
    q = 0.30 + 0.2 * 0.4
    q += 0.2 * 0.5 * (1 - q)
    q += 0.2 * 0.04 * (1 - q)
    assert prob.p[at["dem_no"]] == pytest.approx(q)
    # bandwagon between candidates: the 41 joining raises the red-state Democrats' chance by
    # 0.2 × 0.41 × (1 − q)
    assert prob.join_effect.dense[at["rep_no"], at["dem_no"]] == pytest.approx(0.2 * 0.41 * (1 - q))
    assert "derived defaults" in setup.notes[0]
    assert "already vote yes on the scenario's proposal and count as committed" in setup.notes[0]


def test_the_supporting_side_does_not_spend_a_move_on_its_base(obama: Any) -> None:
    plan = obama.section("plan")
    steps = [s["actor"] for s in plan.data["steps"]]
    assert steps, "a plan that approaches nobody by default"
    assert "dem_yes" not in steps  # they already vote yes
    assert "rep_yes" not in steps
    # 50 + 4 committed + 5 red-state Democrats = 59 < 60: only the 41 can carry it (a veto player)
    assert steps[0] == "rep_no"
    first = next(s for s in obama.summary if s.startswith("First moves:"))
    assert first.startswith("First moves: 1. Republicans against (41)")


def test_the_opposing_side_already_blocks_with_its_ally(tmp_path: Path) -> None:
    scenario = load_scenario(for_actor(tmp_path, "nra"))
    assert default_goal(scenario, "nra") == "block"
    brief: Any = make_brief(scenario)
    plan = brief.section("plan")
    assert plan.data["goal"] == "block"
    # the 41 (and the five red-state Democrats) already vote no: 100 − 46 = 54 < 60, so the amendment is
    # blocked with nobody approached — never the 50 who oppose the NRA
    assert set(plan.data["committed"]) == {"dem_no", "rep_no"}
    assert plan.data["steps"] == []
    assert any(r.startswith("The coalition is already there:") for r in plan.reading)
    assert any("the goal is to block" in r for r in plan.reading)
