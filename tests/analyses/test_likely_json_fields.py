"""``coalitionist coalitions --json`` shows every criterion the likely-coalition ranking weighs (issue 13.4):
the vote agreement (who votes together on the proposal) and the strongest rivalry, beside cohesion,
connectedness and range, so that a reader can see why one coalition ranks above another.

Expected values by hand from tests/data/bundestag-traffic-light-2021.yaml: rivalry ties AfD–Union 0.7 and
SPD–Union 0.5 (FDP–Left 0.7 joins no coalition below); the votes are the outcome's (``coalitionist outcome
--json``), and agreement is the share of member pairs casting the same vote.
"""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from coalitionist.cli import app
from coalitionist.examples import example_path

BUNDESTAG = Path(__file__).parents[1] / "data" / "bundestag-traffic-light-2021.yaml"
RIVALS = {frozenset({"afd", "union"}): 0.7, frozenset({"spd", "union"}): 0.5}


def _json(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    out: dict[str, Any] = json.loads(result.stdout)
    return out


def test_the_ranking_criteria_are_in_the_json_and_match_a_hand_count() -> None:
    data = _json("coalitions", str(BUNDESTAG), "--top", "8")
    votes = _json("outcome", str(BUNDESTAG), "-n", "0")["preferences"]
    seen = set()
    for c in data["likely"]:
        members = c["members"]
        pairs = list(combinations(members, 2))
        same = sum(votes[a] == votes[b] for a, b in pairs)
        assert c["vote_agreement"] == pytest.approx(same / len(pairs) if pairs else 1.0)
        strongest = max((RIVALS.get(frozenset(p), 0.0) for p in pairs), default=0.0)
        assert c["rivalry"] == pytest.approx(strongest)
        assert str(c["rivalry"]) != "-0.0"
        seen.add(tuple(members))
    # the traffic light votes as one and has no rivals; AfD + FDP + Union carries the AfD–Union rivalry
    assert ("fdp", "greens", "spd") in seen
    assert ("afd", "fdp", "union") in seen


@pytest.mark.parametrize(
    "path", [BUNDESTAG, example_path("gulf-war-1990"), example_path("clinic-program")]
)
def test_the_score_is_the_documented_mean_of_the_fields_shown(path: Path) -> None:
    # (2 agreement + (cohesion + 1) + 2 (1 - rivalry) + 1 / (1 + gaps) + (1 - range)) / 8
    # (docs/theory/coalitions.md §4): the fields shown are the fields ranked on
    for c in _json("coalitions", str(path))["likely"]:
        assert c["vote_agreement"] is not None  # the outcome's votes were used
        total = (
            2 * c["vote_agreement"]
            + (c["cohesion"] + 1)
            + 2 * (1 - c["rivalry"])
            + 1 / (1 + len(c["gaps"]))
            + (1 - (c["range"] or 0.0))
        )
        assert c["score"] == pytest.approx(total / 8)
