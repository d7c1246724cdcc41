"""The blocking coalition the readings report is the one a practitioner means (issue 13.4, the Speaker
finding): the smallest blocking set of the focal actor's opponents, never one that includes the focal
actor's own side when the opponents can block alone (:func:`coalitionist.coalitions.describe.reported_blocking`).

Independent check: the minimal blocking coalitions are enumerated here by brute force from the votes, and
each actor's side from its salience-weighted distances to the focal actor's position and the status quo,
computed by hand from the file.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import yaml
from typer.testing import CliRunner

from coalitionist.analyses.coalitions import scenario_coalitions
from coalitionist.cli import app
from coalitionist.coalitions.describe import reported_blocking
from coalitionist.examples import example_path
from coalitionist.io import load_scenario
from coalitionist.scenario.model import Scenario

SPEAKER = Path(__file__).resolve().parents[1] / "data" / "house-speaker-2023.yaml"
DATA = Path(__file__).resolve().parents[1] / "data"


def _minimal_blocking(votes: dict[str, int], quota: float) -> list[frozenset[str]]:
    """Coalitions whose complement cannot exceed ``quota`` votes, no member superfluous (brute force)."""
    total = sum(votes.values())
    ids = sorted(votes)

    def blocks(c: frozenset[str]) -> bool:
        return not total - sum(votes[a] for a in c) > quota

    out = []
    for r in range(1, len(ids) + 1):
        for combo in itertools.combinations(ids, r):
            c = frozenset(combo)
            if blocks(c) and not any(blocks(c - {a}) for a in c):
                out.append(c)
    return out


def _speaker_margins() -> dict[str, float]:
    """Each actor's gain of McCarthy's position (Speaker 100, rules 20) over the status quo (0, 0), by
    salience-weighted distance on 0-100 scales, divided by its total salience."""
    data = yaml.safe_load(SPEAKER.read_text(encoding="utf-8"))
    mine = {"speaker": 100.0, "rules": 20.0}
    out = {}
    for actor, pos in data["positions"].items():
        gain = sum(
            p["salience"] * (abs(p["position"] - 0.0) - abs(p["position"] - mine[k])) / 100
            for k, p in pos.items()
        )
        out[actor] = gain / sum(p["salience"] for p in pos.values())
    return out


def test_the_speakers_blockers_are_the_democrats_and_the_last_six_not_his_own_republicans() -> None:
    votes = {"mccarthy": 1, "gop_loyal": 201, "holdouts14": 14, "last6": 6, "democrats": 212}
    blocking = _minimal_blocking(votes, 434 * 0.5)  # more than half of the 434 wins
    # true, but not what a practitioner means:
    assert frozenset({"democrats", "gop_loyal"}) in blocking
    margins = _speaker_margins()
    opposed = [c for c in blocking if all(margins[a] < -0.01 for a in c)]
    assert opposed == [frozenset({"democrats", "last6"})]
    res = CliRunner().invoke(app, ["coalitions", str(SPEAKER)])
    assert res.exit_code == 0, res.output
    flat = " ".join(res.stdout.split())  # the console wraps lines
    line = flat[flat.index("To block") :].split(" minimal blocking coalitions in all")[0]
    assert line.startswith(
        "To block Kevin McCarthy's position, 2 of those who prefer the status quo to it suffice:"
        " House Democrats (212) and The last six"
    ), line
    assert "Republicans for McCarthy" not in line
    assert "the smallest blocking set of its opponents" in line
    result = scenario_coalitions(load_scenario(SPEAKER))
    assert set(reported_blocking(result)) == {"democrats", "last6"}


_BOARD = """
schema_version: 1
title: A five-member board
focal: a
actors:
  - {id: a, name: Chair}
  - {id: b, name: Treasurer}
  - {id: c, name: Staff member}
  - {id: d, name: Founder}
  - {id: e, name: Newcomer}
issues:
  - {id: x, name: Expansion, scale: [0, 100], status_quo: 0}
positions:
  a: {x: {position: 100, salience: 1.0}}
  b: {x: {position: 90, salience: 1.0}}
  c: {x: {position: 0, salience: 1.0}}
  d: {x: {position: 10, salience: 1.0}}
  e: {x: {position: 50, salience: 1.0}}
decision: {kind: count, quota: 3}
"""


def test_opponents_who_cannot_block_alone_need_the_undecided_named_as_such() -> None:
    # 3 of 5 win, so 3 block; the Staff member and the Founder oppose (nearer 0 than 100), the Newcomer at
    # 50 is indifferent, the Treasurer at 90 is on the Chair's side: the blocking set without the Chair's
    # side is {Staff member, Founder, Newcomer}, with the Newcomer undecided
    votes = dict.fromkeys("abcde", 1)
    blocking = _minimal_blocking(votes, 2.5)
    assert len(blocking) == 10
    assert frozenset("cde") in blocking
    result = scenario_coalitions(Scenario.from_data(yaml.safe_load(_BOARD)))
    assert reported_blocking(result) == ("c", "d", "e")
    line = next(r for r in result.readings() if r.startswith("To block"))
    assert line.startswith(
        "To block Chair's position, its opponents need the undecided: Staff member, Founder and"
        " Newcomer, of whom Newcomer is undecided"
    ), line


def test_a_side_that_cannot_block_without_the_focal_side_is_told_so() -> None:
    # the Treasurer moves to the Chair's side and the Newcomer too: only the Staff member and the Founder
    # oppose, and every blocking set of 3 takes one of the Chair's side
    data = yaml.safe_load(_BOARD)
    data["positions"]["e"] = {"x": {"position": 80, "salience": 1.0}}
    result = scenario_coalitions(Scenario.from_data(data))
    chosen = reported_blocking(result)
    assert "a" not in chosen
    assert {"c", "d"} <= set(chosen)
    assert len(chosen) == 3
    line = next(r for r in result.readings() if r.startswith("To block"))
    assert "its opponents cannot block without its own side" in line, line
    assert "on its side" in line


def test_veto_holders_are_vetoes_on_every_example_and_case_never_one_actor_suffices() -> None:
    files = [
        *(
            example_path(n)
            for n in (
                "gulf-war-1990",
                "russia-china-gas-2014",
                "clinic-program",
                "eu-council",
                "un-security-council",
            )
        ),
        *sorted(DATA.glob("*.yaml")),
    ]
    for path in files:
        result = scenario_coalitions(load_scenario(path))
        lines = result.readings()
        assert not [r for r in lines if "1 actor suffice" in r], path
        vetoes = [e.actor for e in result.essential if e.reason == "veto"]
        if len(vetoes) > 1:
            line = next(r for r in lines if "holds a veto and can block alone" in r)
            assert all(result.labels[v] in line for v in vetoes), path
            continue
        block = next(r for r in lines if r.startswith("To block") or "holds a veto" in r)
        chosen = reported_blocking(result)
        if result.focal is not None and result.adverse is not None:
            assert result.focal not in chosen, path
            if result.adverse.can_block:  # the opponents block alone: the sentence names only them
                assert set(chosen) <= set(result.adverse.members), path
                assert "of those who prefer the status quo to it suffice" in block, path
