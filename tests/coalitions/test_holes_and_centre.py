"""Holes ranked with the focal side's own estimates, and a hand-computed adverse centre (issue 13.4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coalitionist.analyses.coalitions import rank_holes, standalone_coalitions
from coalitionist.io import load_scenario


def test_rank_holes_uses_the_estimate_over_peelability() -> None:
    holes = [
        {"actor": "lead", "impact": 0.5, "peelability": 0.51},
        {"actor": "admin", "impact": 0.4, "peelability": 0.2},
        {"actor": "clin", "impact": 0.3, "peelability": 0.3},
    ]
    out = rank_holes(holes, {"lead": 0.1, "admin": 0.45})
    # lead 0.5 × 0.1 = 0.05 (its structural 0.51 would give 0.255); admin 0.4 × 0.45 = 0.18;
    # clin has no estimate: 0.3 × 0.3 = 0.09
    assert [h["actor"] for h in out] == ["admin", "clin", "lead"]
    assert [h["expected_impact"] for h in out] == pytest.approx([0.18, 0.09, 0.05])
    assert [h["p_from"] for h in out] == ["estimate", "peelability", "estimate"]
    assert [h["rank"] for h in out] == [1, 2, 3]


SCENARIO = """\
schema_version: 1
title: Centre test
focal: f
actors:
  - {id: f, name: Focal, votes: 1, capability: 1}
  - {id: a, name: Anchor, votes: 5, capability: 5}
  - {id: b, name: Broker, votes: 3, capability: 3}
  - {id: d, name: Dwarf, votes: 1, capability: 1}
issues:
  - {id: x, name: Reform, scale: [0, 100], status_quo: 0}
positions:
  f: {x: {position: 100, salience: 1}}
  a: {x: {position: 0, salience: 1}}
  b: {x: {position: 0, salience: 1}}
  d: {x: {position: 0, salience: 1}}
relationships:
  - {type: alliance, source: b, target: a, weight: 0.9}
  - {type: alliance, source: b, target: d, weight: 0.9}
  - {type: influence, source: b, target: a, weight: 0.9}
  - {type: influence, source: b, target: d, weight: 0.9}
decision: {kind: weighted, weight: votes, quota: 6}
proposal: {x: 100}
"""


def test_centre_is_the_pivotal_member_not_the_best_tied(tmp_path: Path) -> None:
    # The side {Anchor 5, Broker 3, Dwarf 1} of a 10-vote body with quota 6 blocks when its members in the
    # sub-coalition hold at least 5 votes: of the sub-coalitions without Anchor ({}, B, D, BD: 0, 3, 1, 4
    # votes) none blocks and each does with Anchor — Anchor's swing share 4/4 = 1; Broker and Dwarf never
    # swing (0/4). Broker has every tie: the centre is still Anchor.
    path = tmp_path / "centre.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    res = standalone_coalitions(load_scenario(path))
    assert res.adverse is not None
    assert set(res.adverse.members) == {"a", "b", "d"}
    assert res.adverse.centre == "a"
    assert any("centred on Anchor" in r for r in res.readings())
