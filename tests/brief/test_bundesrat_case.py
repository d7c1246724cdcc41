"""A new real case written from the public record as a new user would (tests/data/bundesrat-debt-brake-2025
.yaml, every number justified in its comments): the Bundesrat's two-thirds vote of 21 March 2025 on the
debt brake amendment, 53 of 69 votes for, four Länder abstaining, abstention counting like a no. The
brief's sentences are checked against the record and against hand counts from the file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from coalitionist.brief import make_brief
from coalitionist.io import load_scenario

CASE = Path(__file__).parents[1] / "data" / "bundesrat-debt-brake-2025.yaml"
ABSTAINED = ["Brandenburg", "Rhineland-Palatinate", "Saxony-Anhalt", "Thuringia"]  # the record


@pytest.fixture(scope="module")
def brief() -> Any:
    return make_brief(load_scenario(CASE))


def test_the_record_53_0_16_and_the_abstainers(brief: Any) -> None:
    first = brief.summary[0]
    assert first.startswith("The proposal passes 53–0–16 (yes–no–abstain)")
    assert f"({', '.join(ABSTAINED[:-1])} and {ABSTAINED[-1]} abstaining)" in first
    # hand count from the file: the Länder's votes, those at 50 abstain (the amendment worth nothing to them)
    scenario = load_scenario(CASE)
    votes = {a.id: a.votes for a in scenario.actors if "land" in a.tags}
    assert sum(votes.values()) == 69
    split = [a for a in votes if scenario.positions[a]["brake"].position == 50]
    assert sum(votes[a] for a in split) == 16
    assert sorted(scenario.actor(a).label for a in split) == ABSTAINED
    outcome = brief.section("outcome").data
    assert outcome["tally"] == {"yes": 53, "no": 0, "abstain": 16}
    assert outcome["passes"] is True


def test_no_single_land_turns_it_and_the_closest_change_is_true(brief: Any) -> None:
    # 53 − 46 = 7 votes of margin: no Land has more than 6, so no single vote reverses the result
    text = " ".join(brief.section("outcome").reading)
    assert "No single vote reverses the result" in text
    pair = re.search(r"the closest change needs 2 voters \((.+?) and (.+?)\) to move", text)
    assert pair is not None
    scenario = load_scenario(CASE)
    by_name = {a.label: a.votes for a in scenario.actors}
    assert 53 - by_name[pair.group(1)] - by_name[pair.group(2)] < 46  # the two together do turn it


def test_the_forecast_is_the_amendment_and_nobody_is_a_veto(brief: Any) -> None:
    line = next(s for s in brief.summary if s.startswith("If nothing changes"))
    # the forecast is the file's proposal, brake: 100 exactly, the point labelled "the amendment": no "≈"
    assert "Debt brake amendment 100 (the amendment;" in line
    assert "the scenario's proposal, which passes under the rule" in line
    text = " ".join([*brief.summary, *(r for s in brief.sections for r in s.reading)])
    assert "veto" not in text  # nobody holds one, and abstaining is not described as one


def test_the_coalition_to_build_reaches_two_thirds(brief: Any) -> None:
    scenario = load_scenario(CASE)
    by_name = {a.label: a.votes for a in scenario.actors}
    line = next(s for s in brief.summary if s.startswith("Coalition to build:"))
    members = line.removeprefix("Coalition to build: ").split(" (")[0].split(", ")
    assert sum(by_name[m] for m in members) >= 46
    # the derived defaults are stated, since the file gives no estimates
    plan = " ".join(brief.section("plan").reading)
    assert "No recruitment estimates in the file: derived defaults" in plan
