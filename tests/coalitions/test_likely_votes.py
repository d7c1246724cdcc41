"""Likely coalitions ranked by who votes together, cohesion and rivalries (issue 13, brief read13 item 1).

The Bundestag 2021 case: the traffic light (SPD, Greens, FDP) governed from December 2021 — it must rank
first, not the AfD–FDP–CDU/CSU coalition that is merely adjacent on the fiscal issue while the file has a
rivalry tie between the AfD and the CDU/CSU. A four-actor case is scored by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from coalitionist.analyses.coalitions import standalone_coalitions, vote_split
from coalitionist.cli import app
from coalitionist.coalitions.likely import coalition_score, rank, rivalry, vote_agreement
from coalitionist.io import load_scenario

DATA = Path(__file__).parents[1] / "data"
BUNDESTAG = DATA / "bundestag-traffic-light-2021.yaml"
COMMONS = DATA / "commons-meaningful-vote-2019.yaml"

# A(3) B(2) C(2) D(1), quota 5: the minimal winning coalitions are AB, AC and BCD.
AB, AC, BCD = [True, True, False, False], [True, False, True, False], [False, True, True, True]
YES, NO = 1, -1


def test_vote_agreement_by_hand() -> None:
    vote = np.array([YES, NO, YES, YES])
    got = vote_agreement(np.array([AB, AC, BCD]), vote)
    # AB: yes/no → 0 of 2 ordered pairs agree; AC: both yes → 1; BCD: only C–D agree → 2 of 6
    assert got == pytest.approx([0.0, 1.0, 1 / 3])
    assert vote_agreement(np.array([[True, False, False, False]]), vote)[0] == 1.0


def test_rivalry_is_the_strongest_tie_either_way() -> None:
    rel = np.zeros((4, 4))
    rel[0, 2] = -0.8  # A rivals C (written one way only)
    rel[1, 3] = 0.5  # B and D allied: not a rivalry
    assert rivalry(np.array([AB, AC, BCD]), rel) == pytest.approx([0.0, 0.8, 0.0])


def test_rank_by_hand_rivalry_and_votes_beat_adjacency() -> None:
    masks = np.array([AB, AC, BCD])
    x = np.array(
        [0.0, 10.0, 5.0, 8.0]
    )  # gaps: AB 2 (C, D inside), AC 0, BCD 0; range AB 1, AC .5, BCD .5
    placed = np.ones(4, dtype=bool)
    rel = np.zeros((4, 4))
    rel[0, 2] = -0.8
    vote = np.array([YES, NO, YES, YES])
    r = rank(masks, np.zeros((4, 4)), x, placed, 10.0, np.array([3.0, 2, 2, 1]), rel, vote)
    # (2·agreement + (cohesion + 1) + 2·(1 − rivalry) + 1/(1 + gaps) + (1 − range)) / 8, cohesion 0:
    ab = (0 + 1 + 2 + 1 / 3 + 0) / 8
    ac = (2 + 1 + 2 * 0.2 + 1 + 0.5) / 8
    bcd = (2 / 3 + 1 + 2 + 1 + 0.5) / 8
    assert r.score == pytest.approx([ab, ac, bcd])
    assert r.order.tolist() == [2, 1, 0]  # BCD, AC, AB
    # without the rivalry A and C, voting alike, come first
    r2 = rank(masks, np.zeros((4, 4)), x, placed, 10.0, np.array([3.0, 2, 2, 1]), None, vote)
    assert r2.order[0] == 1
    assert coalition_score([0.0], [0], [0.0], [0.0]) == pytest.approx([(1 + 2 + 1 + 1) / 6])


def test_vote_split_reads() -> None:
    votes = {"a": "yes", "b": "no", "c": "yes"}
    assert vote_split(["a", "c"], votes) == "all yes"
    assert vote_split(["a", "b", "c"], votes) == "2 yes, 1 no"
    assert vote_split(["a"], None) == ""


def test_bundestag_traffic_light_first() -> None:
    res = standalone_coalitions(load_scenario(BUNDESTAG))
    assert res.likely[0].members == ("fdp", "greens", "spd")
    assert res.favorable is not None
    assert res.favorable.members == ("fdp", "greens", "spd")
    out = CliRunner().invoke(app, ["coalitions", str(BUNDESTAG)])
    assert out.exit_code == 0, out.output
    flat = " ".join(out.output.split())
    assert "Most likely winning coalition: FDP, Greens and SPD" in flat
    assert "including SPD: AfD" not in flat
    js = json.loads(CliRunner().invoke(app, ["coalitions", str(BUNDESTAG), "--json"]).output)
    assert js["likely"][0]["members"] == ["fdp", "greens", "spd"]


def test_commons_no_side_first() -> None:
    # 12 March 2019: the deal fell, 242–391; the ERG and Labour voting no carried the result
    res = standalone_coalitions(load_scenario(COMMONS))
    assert set(res.likely[0].members) == {"erg", "labour"}
