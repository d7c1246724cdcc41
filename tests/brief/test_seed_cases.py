"""The seed cases say what the lectures say, as sentences of the brief's summary (issue 13, point 7).

Each expectation is an outside fact about the case (the UN voting record of S/RES/678; the 2014 gas deal's
route; the clinic case's sequence as taught), read from the brief built from the example file — the
example's numbers are justified in its comments, nothing here is copied from our own output."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from typer.testing import CliRunner

from coalitionist.brief import make_brief
from coalitionist.cli import app
from coalitionist.examples import example_path
from coalitionist.io import load_scenario


def summary_via_cli(name: str) -> list[str]:
    result = CliRunner().invoke(app, ["analyze", str(example_path(name)), "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    summary: list[str] = data["summary"]
    return summary


@pytest.fixture(scope="module")
def gulf() -> list[str]:
    return summary_via_cli("gulf-war-1990")


@pytest.fixture(scope="module")
def gas() -> list[str]:
    return list(
        make_brief(load_scenario(example_path("russia-china-gas-2014")), figures=False).summary
    )


@pytest.fixture(scope="module")
def clinic() -> Any:
    return make_brief(load_scenario(example_path("clinic-program")), figures=False)


def line(summary: list[str], start: str) -> str:
    found = [s for s in summary if s.startswith(start)]
    assert found, f"no summary line starts with {start!r}: {summary}"
    return found[0]


# -- Gulf War 1990 ---------------------------------------------------------------------------------------


def test_gulf_resolution_678_passes_12_2_1_first(gulf: list[str]) -> None:
    first = gulf[0]
    assert first.startswith("The proposal passes 12–2–1")
    assert "Cuba and Yemen against" in first
    assert "China abstaining: not a veto" in first


def test_gulf_uk_and_saudi_arabia_early_and_why(gulf: list[str]) -> None:
    moves = line(gulf, "First moves:")
    order = re.findall(r"\d\. ([^(]+) \(", moves)
    assert order[:2] == ["United Kingdom", "Saudi Arabia"]
    # why: their joining raises the others' chances
    assert "United Kingdom (p 0.95; its joining raises France's chance" in moves
    assert "Saudi Arabia (p 0.75; its joining raises Egypt's chance" in moves


def test_gulf_israel_is_kept_out_and_why(gulf: list[str]) -> None:
    kept = line(gulf, "Kept out:")
    assert kept.startswith("Kept out: Israel, as its joining would lower Egypt's chance")
    assert "Saudi Arabia's chance" in kept


# -- Russia–China 2014 ----------------------------------------------------------------------------------


def test_gas_route_goes_east(gas: list[str]) -> None:
    route = line(gas, "Pipeline route (west to east) goes to")
    assert route.startswith(
        "Pipeline route (west to east) goes to Power of Siberia (eastern route)"
    )


def test_gas_kazakhstan_declines_the_shortest_route(gas: list[str]) -> None:
    route = line(gas, "Pipeline route (west to east) goes to")
    via_kz = route.split("via Kazakhstan:")[1].split(".")[0]
    assert "Kazakhstan" in via_kz
    assert "decline" in via_kz


def test_gas_mongolia_wants_the_pipeline_china_declines_it(gas: list[str]) -> None:
    route = line(gas, "Pipeline route (west to east) goes to")
    via_mn = route.split("via Mongolia:")[1].split(".")[0]
    assert via_mn.strip().startswith("Mongolia wants it; China (CNPC) declines it and can block it")
    kept = line(gas, "Kept out:")
    assert kept.startswith("Kept out: Mongolia, as its joining would lower China (CNPC)'s chance")


def test_gas_kazakhstan_is_not_a_first_move(gas: list[str]) -> None:
    order = re.findall(r"\d\. (.+?) \(p ", line(gas, "First moves:"))
    assert order
    assert "Kazakhstan" not in order


# -- Clinic ---------------------------------------------------------------------------------------------

SYMPATHETIC = {"Operations manager", "Business development lead"}
CONSERVATIVE = {"Senior administrator", "Senior clinician"}


def test_clinic_sequence_as_taught(clinic: Any) -> None:
    plan = clinic.section("plan")
    labels = {a["actor"]: a for a in plan.data["steps"]}
    names = {
        "ops_a": "Operations manager",
        "ops_b": "Business development lead",
        "cons_business": "Senior administrator",
        "cons_clinical": "Senior clinician",
        "finance": "Financial expert",
        "clinical_lead": "Clinical lead",
    }
    order = [names[s["actor"]] for s in plan.data["steps"]]
    assert set(order[:2]) == SYMPATHETIC  # the two sympathetic colleagues, one by one, first
    assert set(order[2:4]) == CONSERVATIVE  # then the conservative members
    assert order[4] == "Financial expert"  # brought in through the pilot
    assert "Clinical lead" not in order[:5]  # the clinical lead last, if at all
    assert labels


def test_clinic_never_approach_the_clinical_lead_first(clinic: Any) -> None:
    text = " ".join([*clinic.summary, *(r for s in clinic.sections for r in s.reading)])
    assert "approach Clinical lead first" not in text
