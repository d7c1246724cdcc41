"""The plan's JSON shape (the `coalitionist plan --json` contract) and its plain-sentence explanations."""

from __future__ import annotations

import json

import numpy as np
import pytest

from coalitionist.strategy import RecruitmentProblem, plan
from coalitionist.strategy.explain import fmt_num, ordinal


def _lecture_problem() -> RecruitmentProblem:
    """Saudi Arabia's joining raises Egypt's chance from 0.35 to 0.60 (the design's example sentence)."""
    names = ("uk", "saudi", "egypt")
    join = np.zeros((3, 3))
    join[1, 2] = 0.25
    refuse = np.zeros((3, 3))
    refuse[1, 2] = -0.2
    return RecruitmentProblem(
        names,
        [0.95, 0.6, 0.35],
        [0.0, 5.0, 4.0],
        [1.0, 3.0, 2.0],
        [2.0, 8.0, 1.0],
        join_effect=join,
        refuse_effect=refuse,
        goal=lambda m: m[:, 1] & (m.sum(axis=1) >= 3),
        goal_value=80.0,
        goal_kind="win",
        focal="usa",
    )


def test_to_dict_is_plain_json_with_the_contract_keys() -> None:
    result = plan(_lecture_problem())
    data = result.to_dict()
    text = json.dumps(data)  # raises on NumPy scalars
    assert json.loads(text) == data
    for key in (
        "method",
        "goal",
        "focal",
        "expected_payoff",
        "p_goal",
        "first",
        "sequence",
        "policy",
        "steps",
        "candidates",
        "gap_to_optimum",
    ):
        assert key in data
    assert data["method"] == "exact"
    assert data["goal"] == "win"
    assert data["focal"] == "usa"
    assert data["first"] == data["sequence"][0]
    assert type(data["expected_payoff"]) is float
    assert type(data["p_goal"]) is float
    node = data["policy"]
    assert set(node) >= {"actor", "on_join", "on_refuse"}
    for step in data["steps"]:
        assert set(step) >= {"actor", "p", "value", "cost", "failure_cost", "why"}
    cand = data["candidates"][0]
    assert set(cand) >= {"actor", "p", "value", "cost_of_success", "cost_of_failure"}
    assert cand["cost_of_failure"] == cand["cost_of_success"] + 2.0  # uk: cost 1 + failure cost 2


def test_why_names_the_process_effect_and_the_refusal_branch() -> None:
    result = plan(_lecture_problem())
    saudi = next(s for s in result.steps if s.actor == "saudi")
    assert "its joining raises egypt's chance from 0.35 to 0.60" in saudi.why
    assert f"Approach saudi {ordinal(saudi.position)}" in saudi.why
    assert "if it refuses, that lowers egypt's chance from 0.35 to 0.15" in saudi.why
    branch = result.next_action(refused=["saudi"]) if saudi.position == 1 else None
    if saudi.position == 1:
        expected = f"the plan turns to {branch} next" if branch else "the plan stops there"
        assert expected in saudi.why


def test_policy_tree_follows_next_action() -> None:
    result = plan(_lecture_problem())

    def check(node, joined: list[str], refused: list[str]) -> None:  # type: ignore[no-untyped-def]
        assert result.next_action(joined, refused) == (None if node is None else node["actor"])
        if node is None or node.get("truncated"):
            return
        check(node["on_join"], [*joined, node["actor"]], refused)
        check(node["on_refuse"], joined, [*refused, node["actor"]])

    check(result.to_dict()["policy"], [], [])


def test_tree_truncation_is_marked() -> None:
    result = plan(_lecture_problem(), max_nodes=1)
    root = result.to_dict()["policy"]
    assert root["actor"] == result.first
    children = [root["on_join"], root["on_refuse"]]
    assert all(c is None or c.get("truncated") for c in children)


@pytest.mark.parametrize(
    ("k", "word"),
    [
        (1, "first"),
        (2, "second"),
        (10, "tenth"),
        (11, "11th"),
        (12, "12th"),
        (21, "21st"),
        (22, "22nd"),
        (103, "103rd"),
    ],
)
def test_ordinals(k: int, word: str) -> None:
    assert ordinal(k) == word


def test_numbers_are_short() -> None:
    assert fmt_num(3.0) == "3"
    assert fmt_num(2.5) == "2.5"
    assert fmt_num(-0.001) == "0"
    assert fmt_num(12.345) == "12.35"
    assert fmt_num(1234.5) == "1,234.5"
