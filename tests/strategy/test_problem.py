"""Validation of the numeric problem: clear errors, carrying the CLI's exit status."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from coalitionist.errors import CoalitionistError
from coalitionist.strategy import (
    EXACT_MAX_CANDIDATES,
    GoalPredicateError,
    InvalidRecruitmentProblemError,
    RecruitmentProblem,
    TooManyCandidatesError,
    UnknownPlanningMethodError,
    plan,
    solve_exact,
)

OK: dict[str, Any] = {
    "candidates": ("a", "b"),
    "p": [0.5, 0.5],
    "value": [1.0, 1.0],
    "cost": [1.0, 1.0],
    "failure_cost": [0.0, 0.0],
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"candidates": ("a", "a")}, "appears more than once"),
        ({"p": [0.5, 1.5]}, "is not in [0, 1]"),
        ({"p": [0.5]}, "expected 2 numbers"),
        ({"cost": [1.0, -1.0]}, "negative"),
        ({"value": [1.0, float("nan")]}, "finite"),
        ({"prerequisites": (frozenset({1}), frozenset({0}))}, "cycle"),
        ({"prerequisites": (frozenset({5}), frozenset())}, "out of range"),
        ({"join_effect": np.zeros((3, 3))}, "expected shape (2, 2)"),
        ({"goal_kind": "conquer"}, "goal_kind"),
    ],
)
def test_invalid_problems_are_rejected_with_a_located_message(
    change: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidRecruitmentProblemError) as err:
        RecruitmentProblem(**{**OK, **change})
    assert message in str(err.value)
    assert isinstance(err.value, CoalitionistError)
    assert err.value.exit_code == 2


def test_goal_with_the_wrong_shape() -> None:
    problem = RecruitmentProblem(**OK, goal=lambda m: np.ones((len(m), 2), bool), goal_value=1.0)
    with pytest.raises(GoalPredicateError):
        solve_exact(problem)


def test_too_many_candidates_for_the_exact_planner_and_unknown_methods() -> None:
    n = EXACT_MAX_CANDIDATES + 1
    problem = RecruitmentProblem(
        tuple(f"c{i}" for i in range(n)), [0.5] * n, [1.0] * n, [1.0] * n, [0.0] * n
    )
    with pytest.raises(TooManyCandidatesError) as err:
        solve_exact(problem)
    assert err.value.exit_code == 2
    with pytest.raises(UnknownPlanningMethodError):
        plan(problem, method="magic")


def test_sparse_and_dense_effects_agree() -> None:
    dense = np.array([[0.0, 0.2], [-0.1, 0.0]])

    class Coo:  # anything with .tocoo() (SciPy sparse) is accepted
        def tocoo(self):  # type: ignore[no-untyped-def]
            class C:
                shape = (2, 2)
                row = np.array([0, 1])
                col = np.array([1, 0])
                data = np.array([0.2, -0.1])

            return C()

    a = RecruitmentProblem(**OK, join_effect=dense)
    b = RecruitmentProblem(**OK, join_effect=Coo())
    np.testing.assert_array_equal(a.joins.dense, b.joins.dense)
    assert a.probabilities_at(0b01, 0).tolist() == [0.5, 0.7]
