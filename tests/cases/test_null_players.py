"""Null players do not choose the forecast (issue 13.2).

A town council of three decides the size of a green zone (2 of 3); six lobby groups with four times the
council's resources sit together at the other end of the scale. They bargain, but cast no vote: the
bargaining cluster they make most likely is not a decision the council takes. Two ways of being a null
player: outside the voting body (the rule counts the council only), or inside it with ``votes: 0`` under
a weighted rule. In both the brief's one forecast is the council's cluster.

By hand: the lobby's saliences (0.3) make no challenge worth its while and the council (0.8) yields
nothing, so nobody moves; the lobby's cluster is at 8–15, the council's at 82–88, and the council's
capability-weighted mean is (20 × 85 + 15 × 82 + 15 × 88) / 50 = 85. It passes against the status quo
(40): every council member gains 0.8 × (|40 − p| − |85 − p|) / 100 > 0.05, e.g. the deputy mayor at 82
gains 0.8 × (42 − 3) / 100 = 0.31.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from coalitionist.analyses.outcome import forecast_under_rule, reading, run_outcome
from coalitionist.analyses.reference import shared_forecast
from coalitionist.brief import make_brief
from coalitionist.scenario.model import Scenario

COUNCIL = ("mayor", "deputy", "clerk")
LOBBY = ("l1", "l2", "l3", "l4", "l5", "l6")

_FILE = """
schema_version: 1
title: Town council and the lobby crowd
focal: mayor
actors:
  - {id: mayor, name: Mayor, capability: 20, tags: [council]}
  - {id: deputy, name: Deputy mayor, capability: 15, tags: [council]}
  - {id: clerk, name: Council member, capability: 15, tags: [council]}
  - {id: l1, name: Developers association, capability: 80}
  - {id: l2, name: Chamber of commerce, capability: 80}
  - {id: l3, name: Builders union, capability: 70}
  - {id: l4, name: Property owners, capability: 70}
  - {id: l5, name: Regional newspaper, capability: 60}
  - {id: l6, name: Landowners league, capability: 60}
issues:
  - {id: zone, name: Green zone size, scale: [0, 100], status_quo: 40}
positions:
  mayor: {zone: {position: 85, salience: 0.8}}
  deputy: {zone: {position: 82, salience: 0.8}}
  clerk: {zone: {position: 88, salience: 0.8}}
  l1: {zone: {position: 10, salience: 0.3}}
  l2: {zone: {position: 12, salience: 0.3}}
  l3: {zone: {position: 8, salience: 0.3}}
  l4: {zone: {position: 10, salience: 0.3}}
  l5: {zone: {position: 15, salience: 0.3}}
  l6: {zone: {position: 10, salience: 0.3}}
decision: {kind: count, quota: 2, members: [council]}
"""


def _outside() -> Scenario:
    return Scenario.from_data(yaml.safe_load(_FILE))


def _zero_votes() -> Scenario:
    data: dict[str, Any] = yaml.safe_load(_FILE)
    for actor in data["actors"]:
        actor["votes"] = 1 if actor["id"] in COUNCIL else 0
    data["decision"] = {
        "kind": "weighted",
        "quota": 2,
    }  # every actor is a member; the lobby weighs 0
    return Scenario.from_data(data)


@pytest.mark.parametrize("make", [_outside, _zero_votes], ids=["outside the body", "votes 0"])
def test_the_lobby_crowd_does_not_choose_the_forecast(make: Any) -> None:
    s = make()
    r = forecast_under_rule(s)
    # the model's own pick is the lobby's cluster (8-15): the crowd makes it most likely
    assert r.bargaining["zone"] <= 15
    assert r.chosen_by_non_voters
    # the forecast is the council's cluster, at its capability-weighted mean
    assert set(r.cluster_members) == set(COUNCIL)
    assert r.voters_cluster["zone"] == pytest.approx(85, abs=0.5)
    assert r.check.passes
    assert r.reported["zone"] == pytest.approx(85, abs=0.5)
    outcome = run_outcome(s, samples=0)
    assert outcome.passes
    assert outcome.decision.tally == {"yes": 3.0, "no": 0.0, "abstain": 0.0}


def test_zero_vote_members_are_not_named_against() -> None:
    # they vote no (the lobby prefers 40 to 85) but their votes weigh nothing: "3–0–0 (… against)" would
    # contradict the tally
    outcome = run_outcome(_zero_votes(), samples=0)
    text = reading(outcome, _zero_votes())
    assert text[0] == "The proposal passes 3–0–0 (yes–no–abstain)."
    assert any("with no votes under the rule" in t and "Chamber of commerce" in t for t in text)


@pytest.mark.parametrize("make", [_outside, _zero_votes], ids=["outside the body", "votes 0"])
def test_the_brief_states_the_councils_forecast_everywhere(make: Any) -> None:
    brief = make_brief(make())
    ref = shared_forecast(brief.sections)
    assert ref is not None
    assert ref.point["zone"] == pytest.approx(85, abs=0.5)
    line = next(s for s in brief.summary if s.startswith("If nothing changes"))
    assert "Green zone size 85" in line
    # who needs influence measures against the same 85, never the lobby's 10.8
    influence = brief.section("influence")
    assert influence is not None
    assert influence.data["forecast"]["issues"]["zone"] == pytest.approx(85, abs=0.5)
    outcome = brief.section("outcome")
    assert outcome is not None
    text = " ".join(outcome.reading)
    assert "cast no counted vote" in text
