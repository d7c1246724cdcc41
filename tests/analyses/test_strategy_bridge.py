"""The recruitment problem built from a scenario, and the seed cases of the issue through it."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from coalitionist.analyses.power import run_power
from coalitionist.analyses.strategy import (
    JOIN_EFFECT,
    REFUSE_EFFECT,
    derived_effects,
    recruitment_problem,
    run_plan,
)
from coalitionist.examples import example_path
from coalitionist.io import load_scenario
from coalitionist.scenario.model import Scenario
from coalitionist.strategy import PolicyNode


def _scenario(**fields: Any) -> Scenario:
    return Scenario.from_data({"title": "t", **fields})


def _paths(node: PolicyNode | None, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    if node is None:
        return [prefix]
    path = (*prefix, node.actor)
    return _paths(node.on_join, path) + _paths(node.on_refuse, path)


def test_derived_effects_follow_the_documented_rule() -> None:
    s = _scenario(
        actors=[{"id": x} for x in "abcd"],
        relationships=[
            {"source": "a", "target": "b", "type": "influence", "weight": 0.5},
            {"source": "c", "target": "d", "type": "rivalry", "weight": 1.0},
            {"source": "d", "target": "a", "type": "dependency", "weight": 0.4},
        ],
    )
    join, refuse = derived_effects(s, ["a", "b", "c", "d"])
    assert join[0, 1] == pytest.approx(JOIN_EFFECT * 0.5)
    assert refuse[0, 1] == pytest.approx(-REFUSE_EFFECT * 0.5)
    # rivalry: mutual and hostile, and a rival's refusal changes nothing
    assert join[2, 3] == join[3, 2] == pytest.approx(-JOIN_EFFECT)
    assert refuse[2, 3] == refuse[3, 2] == 0.0
    # dependency runs backwards: d depends on a, so a sways d
    assert join[0, 3] == pytest.approx(JOIN_EFFECT * 0.4)
    assert join[3, 0] == 0.0


def test_problem_from_the_file_and_auto_values() -> None:
    s = _scenario(
        focal="a",
        actors=[{"id": "a", "votes": 2}, {"id": "b"}, {"id": "c"}, {"id": "d"}],
        recruitment={
            "goal": "value",
            "goal_value": 10,
            "committed": ["d"],
            "actors": {"b": {"p": 0.5, "cost": 2, "failure_cost": 1}, "c": {"p": 0.2, "value": 3}},
            "effects": [{"when": "b", "joins": True, "then": {"c": 0.3}}],
            "derive_effects": False,
        },
    )
    setup = recruitment_problem(s)
    prob = setup.problem
    assert prob.candidates == ("b", "c")
    assert prob.goal is None
    ss = run_power(s).indices["shapley_shubik"]
    assert ss is not None
    # goal: value -> auto = goal_value × Shapley–Shubik index
    assert prob.value[0] == pytest.approx(10 * float(ss["b"]))
    assert prob.value[1] == 3.0
    assert prob.join_effect is not None
    dense = prob.joins.dense
    assert dense[0, 1] == pytest.approx(0.3)


def test_goal_adds_focal_and_committed_actors() -> None:
    s = _scenario(
        focal="a",
        actors=[{"id": x} for x in "abcde"],
        decision={"kind": "count", "quota": 3},
        recruitment={"committed": ["b"], "actors": {"c": {"p": 0.5}, "d": {"p": 0.5}}},
    )
    prob = recruitment_problem(s).problem
    assert prob.goal is not None
    got = prob.goal(np.array([[False, False], [True, False], [True, True]]))
    assert np.asarray(got).tolist() == [False, True, True]  # a and b are in: one more makes three


def test_gulf_war_uk_and_saudi_first_israel_never() -> None:
    _setup, plan = run_plan(load_scenario(example_path("gulf-war-1990")), seed=0)
    assert set(plan.sequence[:2]) == {"uk", "saudi"}
    assert all("israel" not in path for path in _paths(plan.policy))


def test_clinic_business_members_first_clinical_lead_last() -> None:
    _setup, plan = run_plan(load_scenario(example_path("clinic-program")), seed=0)
    assert plan.method == "exact"
    assert set(plan.sequence[:2]) == {"ops_a", "ops_b"}
    paths = [p for p in _paths(plan.policy) if "clinical_lead" in p]
    assert paths
    assert all(p[-1] == "clinical_lead" for p in paths)


def test_planning_for_another_actor_uses_derived_estimates() -> None:
    s = load_scenario(example_path("eu-council"))
    setup = recruitment_problem(s, focal="de", goal="block")
    assert not setup.estimates_from_file
    assert len(setup.problem.candidates) == 26
    assert setup.notes
