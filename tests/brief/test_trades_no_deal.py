"""The trades' no-deal point is the brief's one forecast (issue 13, point 3): read from the brief, checked
against each decision maker's utility computed by hand from the file's positions and saliences."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from coalitionist.analyses.reference import shared_forecast
from coalitionist.brief import make_brief
from coalitionist.cli import app
from coalitionist.examples import example_path
from coalitionist.io import load_scenario


def hand_utility(scenario: Any, actor: str, point: dict[str, float]) -> float:
    """Σ_k w_k (1 − |x_k − position_k| / span_k), w the actor's saliences normalised to sum 1."""
    a = scenario.arrays
    i = scenario.actor_index[actor]
    total = float(a.salience[i][a.stated[i]].sum())
    u = 0.0
    for k, issue in enumerate(scenario.issues):
        if not a.stated[i, k]:
            continue
        lo, hi = issue.scale
        w = float(a.salience[i, k]) / total
        u += w * (1 - abs(point[issue.id] - float(a.positions[i, k])) / (hi - lo))
    return u


@pytest.mark.parametrize("name", ["clinic-program", "gulf-war-1990"])
def test_no_deal_is_the_brief_forecast(name: str) -> None:
    scenario = load_scenario(example_path(name))
    brief = make_brief(scenario)
    ref = shared_forecast(brief.sections)
    assert ref is not None
    trades = brief.section("trades")
    assert trades is not None
    point = trades.data["no_deal_point"]
    for issue in scenario.issues:
        # grid issues: the forecast as printed (3 significant digits); option issues: nearest option
        assert point[issue.id] == pytest.approx(ref.point[issue.id], rel=5e-3, abs=0.5)
    for actor, u in trades.data["no_deal"].items():
        assert u == pytest.approx(hand_utility(scenario, actor, point), abs=1e-9)
    # the reading says what no deal means, and the table's first row is the forecast, not the status quo
    text = " ".join(trades.reading)
    if any(abs(point[s.id] - s.status_quo_value) > 1e-9 for s in scenario.issues):
        assert "No deal means the brief's forecast" in text
        assert trades.tables[0].rows[0][0] == "no deal (the brief's forecast)"


def test_gas_no_deal_sits_on_the_options_and_the_nash_package_cannot_contradict_it() -> None:
    # the forecast's volume 39 is not an option (0, 20, 38, 60): no deal is the nearest option, 38
    scenario = load_scenario(example_path("russia-china-gas-2014"))
    brief = make_brief(scenario)
    trades = brief.section("trades")
    assert trades is not None
    assert trades.data["no_deal_point"]["volume"] == 38.0
    assert trades.data["no_deal_point"]["route"] == 100.0  # east, as the forecast
    nash = trades.data.get("nash")
    if nash is not None:  # any Nash package is better than the forecast for both
        assert all(u >= trades.data["no_deal"][a] for a, u in nash["utilities"].items())


def test_the_trades_command_measures_against_the_same_point() -> None:
    path = example_path("clinic-program")
    brief = make_brief(load_scenario(path))
    result = CliRunner().invoke(app, ["trades", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    trades = brief.section("trades")
    assert trades is not None
    assert data["no_deal_point"] == trades.data["no_deal_point"]
    assert data["no_deal"] == pytest.approx(trades.data["no_deal"])
