"""One forecast everywhere (issue 13, point 3): the brief states the forecast it uses and why, and every
section measures against that one point — who needs influence, the coalitions' sides, the forecast table
and the summary — computed once by the outcome section (no second bargaining run)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from coalitionist.analyses.reference import BriefForecast, shared_forecast
from coalitionist.analyses.section import Section
from coalitionist.brief import make_brief
from coalitionist.cli import app
from coalitionist.examples import example_path
from coalitionist.io import load_scenario

SENATE = Path(__file__).parents[1] / "outcome" / "data" / "senate-background-checks-2013.yaml"


@pytest.fixture(scope="module")
def gas() -> Any:
    return make_brief(load_scenario(example_path("russia-china-gas-2014")))


def section(brief: Any, key: str) -> Section:
    found = brief.section(key)
    assert found is not None
    return found


def reference(brief: Any) -> BriefForecast:
    ref = shared_forecast(brief.sections)
    assert ref is not None
    return ref


def test_needs_are_measured_against_the_brief_forecast(gas: Any) -> None:
    point = reference(gas).point
    influence = gas.section("influence")
    assert influence.data["forecast"]["issues"] == pytest.approx(point)
    assert influence.data["forecast"]["model"] == "brief"
    for need in influence.result.needs:
        for issue in need.issues:
            assert float(issue["forecast"]) == pytest.approx(point[issue["issue"]])


def test_the_gas_forecast_is_the_passable_point_not_raw_smp(gas: Any) -> None:
    # SMP's own forecast is China's LNG price (450, the status quo) chosen by actors outside the voting
    # body; the decision makers' cluster (300) cannot pass (Russia's gain is inside its band), and the
    # nearest passable point is 310: the brief's forecast, in every section.
    ref = reference(gas)
    outcome = gas.section("outcome").data
    assert ref.point == pytest.approx(outcome["forecast_check"]["reported"])
    assert ref.point["price"] == pytest.approx(310, abs=1)
    assert "cannot adopt" in ref.basis
    fc = gas.section("forecast")
    assert fc.result.reference == pytest.approx(ref.point)
    assert fc.data["brief_forecast"]["point"] == pytest.approx(ref.point)
    assert fc.reading[0].startswith("The brief's forecast, which every section measures against:")
    assert "Contract price 310" in fc.reading[0]
    # the one bargaining run: the forecast section shows the outcome section's SMP run, not a new one
    assert fc.result.result is ref.bargaining
    # no influence sentence measures against another number
    assert not [r for r in gas.section("influence").reading if "forecast is 400" in r]
    line = next(s for s in gas.summary if s.startswith("If nothing changes"))
    assert "Contract price 310" in line
    assert "Annual volume 39" in line


def test_the_coalitions_sides_use_the_brief_forecast(gas: Any) -> None:
    from coalitionist.analyses.coalitions import _shared_median

    ref = reference(gas)
    scenario = load_scenario(example_path("russia-china-gas-2014"))
    forecast = _shared_median(scenario, gas.sections)
    assert forecast is not None
    assert [float(v) for v in forecast] == pytest.approx(
        [ref.point[k] for k in ("price", "route", "volume")]
    )


def test_a_passing_proposal_is_the_forecast() -> None:
    brief = make_brief(load_scenario(example_path("gulf-war-1990")))
    ref = reference(brief)
    assert ref.point == {"force": 100.0, "timing": 50.0}
    assert ref.basis == "the scenario's proposal, which passes under the rule"
    influence = section(brief, "influence").data["forecast"]["issues"]
    assert influence == pytest.approx(ref.point)


def test_a_failing_proposal_leaves_the_status_quo_as_the_forecast() -> None:
    # Manchin–Toomey failed 54–46 under a 60-vote threshold: current law stays, and the brief says so
    result = CliRunner().invoke(app, ["analyze", str(SENATE), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    ref = data["sections"]["forecast"]["data"]["brief_forecast"]
    assert ref["point"] == {"checks": 0.0}
    assert "fails to replace" in ref["basis"]
    assert any(
        s.startswith("If nothing changes, the decision lands at") and "the status quo" in s
        for s in data["summary"]
    )


def test_moves_are_explained_by_the_mechanism() -> None:
    # Cuba opposes force with salience 0.6 and ends SMP near the forecast: the brief says why (it gives
    # way in the model's bargaining), not that Cuba changed sides
    brief = make_brief(load_scenario(example_path("gulf-war-1990")))
    fc = section(brief, "forecast")
    text = " ".join(fc.reading)
    assert "not a change of what it wants" in text
    assert "does not mean changing sides" in text
    caption = fc.tables[1].caption
    assert "not a change of preference" in caption
    assert fc.tables[1].columns[1] == "Authorise the use of force against Iraq"  # names, not ids
