"""The scenario's decision rule as a game, and power over the decision makers (null players added back)."""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

from coalitionist.analyses.power import run_power
from coalitionist.analyses.rule import decision_makers, scenario_rule
from coalitionist.examples import example_path
from coalitionist.io import load_scenario
from coalitionist.power import power_indices
from coalitionist.scenario.model import Scenario


def _scenario(**fields: Any) -> Scenario:
    return Scenario.from_data({"title": "t", **fields})


def test_unsc_example_has_the_published_shapley_shubik_values() -> None:
    # Shapley & Shubik (1954): 421/2145 for each permanent member, 4/2145 for each elected one.
    result = run_power(load_scenario(example_path("un-security-council")), exact=True)
    ss = result.indices["shapley_shubik"]
    assert ss is not None
    assert ss["usa"] == Fraction(421, 2145)
    assert ss["algeria"] == Fraction(4, 2145)
    assert result.swings is not None
    assert (result.swings["usa"], result.swings["algeria"]) == (
        848,
        84,
    )


def test_gulf_war_rule_counts_the_council_only() -> None:
    s = load_scenario(example_path("gulf-war-1990"))
    assert len(decision_makers(s)) == 15
    assert "saudi" not in decision_makers(s)
    result = run_power(s, exact=True)
    ss = result.indices["shapley_shubik"]
    assert ss is not None
    assert ss["uk"] == Fraction(421, 2145)
    assert ss["saudi"] == 0
    # 1990 Council as a game: 421/2145 again, and 10 outsiders who are dummies.
    assert set(result.dummies) >= {"saudi", "israel", "iraq", "japan"}
    assert result.indices["johnston"] is not None


def test_null_players_leave_every_index_unchanged_and_scale_the_counts() -> None:
    s = _scenario(
        actors=[{"id": x, "votes": v} for x, v in zip("abcdef", [4, 3, 2, 1, 5, 7], strict=True)],
        decision={"kind": "weighted", "quota": 6, "members": ["a", "b", "c", "d"]},
    )
    assert decision_makers(s) == ("a", "b", "c", "d")
    reduced = run_power(s, exact=True)
    full = power_indices(scenario_rule(s), [a.id for a in s.actors], exact=True)
    assert reduced.indices == full.indices
    assert reduced.swings == full.swings
    assert reduced.dummies == full.dummies
    assert reduced.winning_count == full.winning_count
    assert reduced.minimal_winning_count == full.minimal_winning_count


def _brute_wins(s: Scenario, coalition: set[str]) -> bool:
    """The documented default rule, read directly: > half of all votes, and every veto actor in favour."""
    total = sum(a.votes for a in s.actors)
    votes = sum(a.votes for a in s.actors if a.id in coalition)
    return votes > total / 2 and all(a.id in coalition for a in s.actors if a.veto)


def test_default_rule_is_a_majority_of_votes_with_veto_actors_consent() -> None:
    s = _scenario(
        actors=[
            {"id": "a", "votes": 3},
            {"id": "b", "votes": 2},
            {"id": "c", "votes": 2, "veto": True},
            {"id": "d", "votes": 1},
        ]
    )
    rule = scenario_rule(s)
    ids = [a.id for a in s.actors]
    for k in range(len(ids) + 1):
        for members in itertools.combinations(range(len(ids)), k):
            assert rule.wins(list(members)) == _brute_wins(s, {ids[i] for i in members})


def test_tags_and_attributes_drive_the_rule() -> None:
    s = _scenario(
        actors=[
            {"id": "x", "attributes": {"pop": 60}, "tags": ["eu"]},
            {"id": "y", "attributes": {"pop": 30}, "tags": ["eu"]},
            {"id": "z", "attributes": {"pop": 10}, "tags": ["eu"]},
            {"id": "w"},
        ],
        decision={
            "kind": "all_of",
            "rules": [
                {"kind": "count", "threshold": 0.6, "members": ["eu"]},
                {"kind": "weighted", "weight": "pop", "threshold": 0.65, "members": ["eu"]},
            ],
        },
    )
    rule = scenario_rule(s)
    assert rule.wins([0, 1])  # 2 of 3 states, 90 % of population
    assert not rule.wins([1, 2])  # 2 of 3 states but 40 %
    assert not rule.wins([0])  # 60 % of population but 1 state
    assert decision_makers(s) == ("x", "y", "z")
