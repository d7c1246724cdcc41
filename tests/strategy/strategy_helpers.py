"""Conversion from the plain-Python reference instances to the package's RecruitmentProblem."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from strategy_brute import Instance

from coalitionist.strategy import RecruitmentProblem


def to_problem(inst: Instance, goal_kind: str = "win") -> RecruitmentProblem:
    """The same instance as arrays; the goal predicate calls the reference goal row by row."""
    n = inst.n

    def goal(masks: NDArray[np.bool_]) -> NDArray[np.bool_]:
        return np.array(
            [inst.goal(frozenset(np.flatnonzero(row).tolist())) for row in masks], dtype=bool
        )

    return RecruitmentProblem(
        tuple(f"c{i}" for i in range(n)),
        np.array(inst.p),
        np.array(inst.value),
        np.array(inst.cost),
        np.array(inst.failure),
        prerequisites=tuple(frozenset(s) for s in inst.prereq) if inst.prereq else (),
        via=tuple(frozenset(s) for s in inst.via) if inst.via else (),
        join_effect=np.array(inst.join) if n else None,
        refuse_effect=np.array(inst.refuse) if n else None,
        goal=goal,
        goal_value=inst.goal_value,
        goal_kind=goal_kind,
    )
