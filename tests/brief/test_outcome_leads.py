"""``analyze`` leads with the outcome: its section first, its summary line first (issue 13, point 1)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from coalitionist.brief import make_brief
from coalitionist.cli import app
from coalitionist.examples import example_path
from coalitionist.io import load_scenario


def test_the_brief_leads_with_the_outcome_through_the_cli() -> None:
    result = CliRunner().invoke(app, ["analyze", str(example_path("gulf-war-1990")), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert next(iter(data["sections"])) == "outcome"
    outcome = data["sections"]["outcome"]
    assert outcome["title"] == "Does it pass?"
    assert outcome["data"]["tally"] == {"yes": 12, "no": 2, "abstain": 1}
    assert data["summary"][0] == outcome["reading"][0]


def test_the_brief_leads_with_the_outcome_through_the_api() -> None:
    brief = make_brief(load_scenario(example_path("gulf-war-1990")), figures=False)
    assert brief.sections[0].key == "outcome"
    assert brief.summary[0].startswith("The proposal passes 12–2–1")


def test_no_outcome_section_without_issues() -> None:
    brief = make_brief(load_scenario(example_path("un-security-council")), figures=False)
    assert brief.section("outcome") is None
