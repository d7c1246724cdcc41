"""One coalition analysis everywhere (issue 13.4: the break plan and the recruitment plan are one plan).

The brief's coalitions section ranks the likely coalitions by who votes together on the proposal (the
outcome's predicted votes), measures sides against the brief's one forecast and takes shared vulnerability
from the lockout analysis. The break plan, ``coalitionist coalitions --json``, the workbench and the sweep's
coalition conclusions must rank them the same way: before, the break plan outside the brief and the sweep
called the analysis without the votes (and the sweep without the brief's forecast), and on the Bundestag
2021 file the sweep's nominal "most likely coalition" was not the brief's.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from coalitionist.analyses.strategy import break_adverse
from coalitionist.analyses.sweep import conclusions, sweep_setup
from coalitionist.brief import make_brief
from coalitionist.cli import app
from coalitionist.examples import example_path
from coalitionist.io import load_scenario

DATA = Path(__file__).parents[1] / "data"
BUNDESTAG = DATA / "bundestag-traffic-light-2021.yaml"


@pytest.fixture(scope="module", params=["clinic-program", "gulf-war-1990", "bundestag"])
def case(request: Any) -> tuple[Path, Any, Any]:
    path = BUNDESTAG if request.param == "bundestag" else example_path(request.param)
    scenario = load_scenario(path)
    return path, scenario, make_brief(scenario)


def _members(d: dict[str, Any] | None) -> list[str]:
    return sorted((d or {}).get("members", []))


def test_the_break_plan_breaks_the_coalitions_sections_adverse_coalition(
    case: tuple[Path, Any, Any],
) -> None:
    _path, scenario, brief = case
    co, plan = brief.section("coalitions"), brief.section("plan")
    assert co is not None
    assert plan is not None
    adverse = co.data["adverse"]
    assert adverse["can_block"]
    assert _members(plan.data["break_adverse"]) == sorted(adverse["members"])
    # the API without the brief's analysis finds the same coalition, with the same chances to peel
    alone = break_adverse(scenario, plan.result.setup)
    assert alone is not None
    assert _numbers(alone.to_dict()) == _numbers(plan.data["break_adverse"])


def _numbers(d: Any) -> Any:
    """The break plan without its sentences: the brief writes them in names (issue 13.5), the bare API
    object's ``to_dict`` in ids; the coalition, chances and plan must be the same."""
    if isinstance(d, dict):
        return {k: _numbers(v) for k, v in d.items() if k not in ("why", "note")}
    if isinstance(d, list):
        return [_numbers(v) for v in d]
    return d


def test_coalitions_json_is_the_brief_coalition_analysis(case: tuple[Path, Any, Any]) -> None:
    path, _scenario, brief = case
    result = CliRunner().invoke(app, ["coalitions", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    co = brief.section("coalitions")
    assert co is not None
    mine = co.result.to_dict()
    assert [c["members"] for c in data["likely"]] == [c["members"] for c in mine["likely"]]
    assert data["adverse"] == json.loads(json.dumps(mine["adverse"]))


def test_the_sweeps_coalition_conclusions_are_the_briefs(case: tuple[Path, Any, Any]) -> None:
    _path, scenario, brief = case
    co = brief.section("coalitions")
    assert co is not None
    likely = "+".join(sorted(co.data["likely"][0]["members"]))
    adverse = "+".join(_members(co.data["adverse"]))
    for what in (("coalitions",), ("coalitions", "outcome")):
        _nums, labels = conclusions(sweep_setup(scenario, what=what, seed=0), scenario, 0)
        assert labels["coalitions.likely"] == likely
        assert labels["coalitions.adverse"] == adverse
