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
    # cost from capability: 1 + 4 × capability / largest capability (Democrats for, 50)
    assert prob.cost[at["dem_yes"]] == pytest.approx(5.0)
    assert prob.cost[at["rep_no"]] == pytest.approx(1 + 4 * 41 / 50)
    assert prob.failure_cost[at["rep_no"]] == pytest.approx((1 + 4 * 41 / 50) / 2)
    # p: 1 − distance (100 vs 5 on one issue: 0.95) → 0.05; the President's alliance with the red-state
    # Democrats (0.4) adds 0.2 × 0.4 to 1 − 0.70
    assert prob.p[at["rep_no"]] == pytest.approx(0.05)
    assert prob.p[at["dem_no"]] == pytest.approx(0.30 + 0.2 * 0.4)
    # the NRA's rivalry (0.8) takes 0.16 from 1 − 1.0, floored at 0.02
    assert prob.p[at["nra"]] == pytest.approx(0.02)
    # bandwagon: Democrats for (50 of 100 votes) joining raises the 41's chance by 0.2 × 0.5 × (1 − 0.05)
    assert prob.join_effect.dense[at["dem_yes"], at["rep_no"]] == pytest.approx(0.2 * 0.5 * 0.95)
    assert "derived defaults" in setup.notes[0]


def test_the_supporting_side_secures_its_base_before_the_opponents(obama: Any) -> None:
    plan = obama.section("plan")
    steps = [s["actor"] for s in plan.data["steps"]]
    assert steps, "a plan that approaches nobody by default"
    assert steps[0] == "dem_yes"
    first = next(s for s in obama.summary if s.startswith("First moves:"))
    assert first.startswith("First moves: 1. Democrats for (50)")


def test_the_opposing_side_blocks_with_its_ally(tmp_path: Path) -> None:
    scenario = load_scenario(for_actor(tmp_path, "nra"))
    assert default_goal(scenario, "nra") == "block"
    brief: Any = make_brief(scenario)
    plan = brief.section("plan")
    steps = [s["actor"] for s in plan.data["steps"]]
    assert steps[:1] == ["rep_no"]  # the 41 senators who vote with it, not the 50 who oppose it
    assert "dem_yes" not in steps
    assert plan.data["goal"] == "block"
    assert any("the goal is to block" in r for r in plan.reading)
