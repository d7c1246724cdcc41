"""The plan's value is measured against the brief's one forecast (issue 13.3).

With no proposal in the file, the plan's goal is the vote on the decision the brief forecasts: its
chance of success and expected payoff are judged on that one point, never on the weighted median (which
the influence analysis alone would use) nor on the bargaining model's raw end point. On the Russia–China
and clinic files the three differ, so the test can tell them apart:

* Russia–China: raw SMP price 450 (the cluster actors outside the voting body make likely), weighted
  median 400, the brief's forecast 310 (the passable point nearest the decision makers' cluster);
* clinic: weighted median 30 on the program, the brief's forecast (SMP) about 56.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from coalitionist.analyses.influence import scenario_median
from coalitionist.analyses.reference import shared_forecast
from coalitionist.brief import make_brief
from coalitionist.cli import app
from coalitionist.examples import example_path
from coalitionist.io import load_scenario


@pytest.fixture(scope="module", params=["russia-china-gas-2014", "clinic-program"])
def case(request: Any) -> tuple[str, Any, Any]:
    scenario = load_scenario(example_path(request.param))
    return request.param, scenario, make_brief(scenario)


def test_the_plans_goal_is_the_vote_on_the_brief_forecast(case: tuple[str, Any, Any]) -> None:
    name, scenario, brief = case
    assert scenario.proposal is None  # the forecast is what is voted
    ref = shared_forecast(brief.sections)
    assert ref is not None
    median = dict(
        zip(scenario.arrays.issues, (float(v) for v in scenario_median(scenario)), strict=True)
    )
    # the example separates the candidates: the brief's forecast is not the weighted median
    assert any(abs(ref.point[k] - median[k]) > 5 for k in median)
    plan = brief.section("plan")
    assert plan is not None
    voted = plan.data["goal_vote"]["proposal"]
    assert voted == pytest.approx(ref.point)
    assert voted != pytest.approx(median)
    # and the outcome section votes the same point
    outcome = brief.section("outcome")
    assert outcome is not None
    assert outcome.data["proposal"] == pytest.approx(ref.point)
    if name == "russia-china-gas-2014":
        assert ref.point["price"] == pytest.approx(310, abs=1)
        raw = outcome.data["forecast_check"]["bargaining"]["price"]
        assert raw == pytest.approx(450, abs=1)  # SMP's own pick, not what the plan is judged on


def test_coalitionist_plan_alone_judges_the_same_point(case: tuple[str, Any, Any]) -> None:
    name, _scenario, brief = case
    ref = shared_forecast(brief.sections)
    assert ref is not None
    result = CliRunner().invoke(app, ["plan", str(example_path(name)), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["goal_vote"]["proposal"] == pytest.approx(ref.point)
    plan = brief.section("plan")
    assert plan is not None
    # one plan: the same first moves and the same chance of success as the brief's
    assert [s["actor"] for s in data["steps"]] == [s["actor"] for s in plan.data["steps"]]
    assert data["p_goal"] == pytest.approx(plan.data["p_goal"])
