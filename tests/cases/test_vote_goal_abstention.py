"""What winning an actor means, per candidate (issue 13.4/13.7: ``recruitment.actors.<id>.vote``): a yes by
default under ``goal: win``, or an abstention where the file says so -- under the UN Security Council's
practice a permanent member's abstention is not a veto, so what the United States had to win from China in
1990 was its abstention, which adds no yes to the nine (Resolution 678 passed with 12 yes without China).

By hand on the Council (9 of 15 yes, no permanent member voting no): with China's vote ``abstain`` the
United States and the seven it is surest of (8 yes) plus China won (an abstention) reach 8 yes: short;
with Finland too, 9 yes and no permanent no: passes; without China won, China counts no: a veto.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

from coalitionist.analyses.outcome import outcome_rule
from coalitionist.analyses.strategy import recruitment_problem
from coalitionist.brief import make_brief
from coalitionist.cli import app
from coalitionist.examples import example_path
from coalitionist.scenario.model import Scenario

SEVEN = ("uk", "france", "ussr", "canada", "colombia", "cote_divoire", "ethiopia")


def _gulf(vote: str | None = "abstain") -> Scenario:
    data: dict[str, Any] = yaml.safe_load(example_path("gulf-war-1990").read_text(encoding="utf-8"))
    if vote is not None:
        data["recruitment"]["actors"]["china"]["vote"] = vote
    return Scenario.from_data(data)


def _goal(scenario: Scenario, joined: set[str]) -> bool:
    problem = recruitment_problem(scenario).problem
    mask = np.array([[c in joined for c in problem.candidates]])
    return bool(problem.goal_many(mask)[0])


def _passes(scenario: Scenario, yes: set[str], abstain: set[str]) -> bool:
    """The ternary rule on a profile written by hand: the others vote no."""
    voters, rule = outcome_rule(scenario)
    code = [1 if v in yes else 0 if v in abstain else -1 for v in voters]
    return bool(rule.passes(np.array([code], dtype=np.int8))[0])


def test_winning_chinas_abstention_needs_nine_yes_from_the_others() -> None:
    gulf = _gulf()
    assert recruitment_problem(gulf).vote is not None
    assert recruitment_problem(gulf).vote.wins_abstention == ("china",)  # type: ignore[union-attr]
    # the rule, by hand: 8 yes and China abstaining fails; 9 yes passes; China's no is a veto
    assert not _passes(gulf, {"usa", *SEVEN}, {"china"})
    assert _passes(gulf, {"usa", *SEVEN, "finland"}, {"china"})
    assert not _passes(gulf, {"usa", *SEVEN, "finland", "malaysia"}, set())
    # the plan's goal reads the same: China won is its abstention, not a ninth yes
    assert not _goal(gulf, {*SEVEN, "china"})
    assert _goal(gulf, {*SEVEN, "china", "finland"})
    assert not _goal(gulf, {*SEVEN, "finland", "malaysia"})
    # without the field a won China is a yes (the default, the goal's side): 9 with the seven
    assert _goal(_gulf(None), {*SEVEN, "china"})


def test_the_brief_says_win_chinas_abstention() -> None:
    brief: Any = make_brief(_gulf(), seed=0)
    plan = brief.section("plan")
    whys = [s["why"] for s in plan.data["steps"] if s["actor"] == "china"]
    assert whys, "China must be won: until then its no is a veto"
    assert "Approach China" in whys[0]
    assert ", to win its abstention: it agrees to abstain with probability" in whys[0]
    assert plan.data["goal_vote"]["wins_abstention"] == ["china"]
    text = " ".join(plan.reading)
    assert (
        "The plan approaches China to win its abstention, which the rule does not count as a veto"
        in (text)
    )
    coalition = next(s for s in brief.summary if s.startswith("Coalition to build: "))
    assert "China (its abstention)" in coalition
    assert "China's abstention" in " ".join(brief.summary)


_BOARD = """
schema_version: 1
title: A three-seat board with a chair's veto
focal: a
actors:
  - {id: a, name: Managing director, tags: [board]}
  - {id: b, name: Finance director, tags: [board]}
  - {id: chair, name: Chair, veto: true, tags: [board]}
issues:
  - {id: x, name: New product line, scale: [0, 100], status_quo: 0}
positions:
  a: {x: {position: 100, salience: 1.0}}
  b: {x: {position: 60, salience: 0.5}}
  chair: {x: {position: 40, salience: 0.5}}
decision:
  kind: all_of
  rules:
    - {kind: count, quota: 2, members: [board]}
    - {kind: veto, holders: [chair]}
proposal: {x: 100}
recruitment:
  goal: win
  goal_value: 10
  actors:
    b: {p: 0.5, cost: 1}
    chair: {p: 0.5, cost: 1, vote: abstain}
"""


def test_a_chair_whose_abstention_is_won_adds_no_yes() -> None:
    # 2 yes of 3 and the chair not voting no: winning the chair's abstention alone leaves the Managing
    # director's yes and the Finance director's no (counted against until won): 1 yes, fails; with the
    # Finance director too, 2 yes and the chair abstaining: passes. Had winning the chair meant its yes,
    # the chair alone would do (2 yes).
    board = Scenario.from_data(yaml.safe_load(_BOARD))
    assert not _passes(board, {"a"}, {"chair"})
    assert _passes(board, {"a", "b"}, {"chair"})
    assert _passes(board, {"a", "chair"}, set())
    assert not _goal(board, {"chair"})
    assert _goal(board, {"chair", "b"})
    assert not _goal(board, {"b"})  # the chair's no is a veto
    data = yaml.safe_load(_BOARD)
    del data["recruitment"]["actors"]["chair"]["vote"]
    assert _goal(Scenario.from_data(data), {"chair"})


@pytest.mark.parametrize(("goal", "vote"), [("win", "no"), ("block", "yes"), ("value", "abstain")])
def test_a_vote_against_the_goal_is_a_located_error(tmp_path: Path, goal: str, vote: str) -> None:
    text = _BOARD.replace("goal: win", f"goal: {goal}").replace("vote: abstain", f"vote: {vote}")
    path = tmp_path / "board.yaml"
    path.write_text(text, encoding="utf-8")
    res = CliRunner().invoke(app, ["validate", str(path)])
    assert res.exit_code == 2, res.output
    line = next(r for r in res.output.splitlines() if "vote" in r)
    lineno = next(k for k, r in enumerate(text.splitlines(), start=1) if "vote:" in r)
    assert line.startswith(f"{path}:{lineno}:"), line
    assert "Traceback" not in res.output
