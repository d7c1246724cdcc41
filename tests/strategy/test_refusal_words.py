"""Issue 13.4: a step whose refusal puts the goal out of reach says what the plan does next, without
contradicting itself ("the goal is out of reach, and the plan turns to X next")."""

from __future__ import annotations

import numpy as np

from coalitionist.strategy import RecruitmentProblem, plan


def _problem() -> RecruitmentProblem:
    """The goal needs both a and b; c is worth 10 on its own for a cost of 1, joins for sure, and its
    joining lowers b's chance by 0.5.

    By hand: while the goal is alive c waits (approached first it lowers b's chance from 0.9 to 0.4, which
    costs 0.5 × 0.5 × 100 = 25 of the goal in expectation, more than c's 9); once a refuses the goal is gone, and approaching c still pays 10 − 1 = 9 > 0, so the plan
    goes on to c — for c's own value, not for the goal."""
    names = ("a", "b", "c")
    join = np.zeros((3, 3))
    join[2, 1] = -0.5  # c's joining lowers b's chance: while the goal is alive, c waits
    return RecruitmentProblem(
        names,
        [0.5, 0.9, 1.0],
        [0.0, 0.0, 10.0],
        [1.0, 1.0, 1.0],
        [0.0, 0.0, 0.0],
        join_effect=join,
        refuse_effect=np.zeros((3, 3)),
        goal=lambda m: m[:, 0] & m[:, 1],
        goal_value=100.0,
        goal_kind="win",
        focal="us",
    )


def test_a_lost_goal_says_why_the_plan_goes_on() -> None:
    result = plan(_problem())
    lost = [s for s in result.steps if s.goal_lost_on_refusal and s.on_refuse is not None]
    assert lost, [s.why for s in result.steps]
    for step in lost:
        assert "the goal is out of reach" in step.why
        assert f"the plan turns to {step.on_refuse} next" not in step.why
        assert (
            f"the plan then approaches {step.on_refuse} only for what its joining is worth on its own"
            in step.why
        )
