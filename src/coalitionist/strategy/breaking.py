"""Breaking an adverse coalition: its holes, and the plan to peel members off (issue 7, point 3).

The same recruitment model is used with the adverse coalition's members as candidates: "joining" means
*defecting*, ``p`` is the chance that an approach makes a member defect, and the goal is reached when the
members who stay no longer win. A *hole* is a member whose defection reduces the coalition's chance to win;
with members staying independently with probability ``stay`` (1 by default: the coalition is formed), the
drop for member ``i`` is

    P[wins(X)] − P[wins(X ∖ {i})],   X ~ Bernoulli(stay) over the members,

its probabilistic Banzhaf index in the adverse coalition's game (exact by enumeration up to 16 members,
Monte Carlo beyond).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from coalitionist.strategy.errors import InvalidRecruitmentProblemError
from coalitionist.strategy.plan import Plan
from coalitionist.strategy.planner import plan as make_plan
from coalitionist.strategy.problem import GoalPredicate, RecruitmentProblem

#: Enumerate all 2^n membership patterns up to this many members.
HOLES_EXACT_MAX = 16

#: Monte Carlo samples for the holes of larger coalitions.
HOLES_SAMPLES = 4096


@dataclass(frozen=True)
class Hole:
    """One member of the adverse coalition as a target for defection."""

    actor: str
    pivotal: bool
    win_drop: float
    p_defect: float
    cost: float
    failure_cost: float

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "actor": self.actor,
            "pivotal": self.pivotal,
            "win_drop": float(self.win_drop),
            "p_defect": float(self.p_defect),
            "cost": float(self.cost),
            "failure_cost": float(self.failure_cost),
        }


@dataclass(frozen=True)
class BreakupPlan:
    """The holes of an adverse coalition (largest drop in its chance to win first) and the plan to break
    it (``plan.first`` is whom to approach first)."""

    members: tuple[str, ...]
    p_win: float
    holes: tuple[Hole, ...]
    plan: Plan

    def to_dict(self) -> dict[str, Any]:
        """Plain data: ``{"members", "p_win", "holes": [...], "plan": {...}}``."""
        return {
            "members": list(self.members),
            "p_win": float(self.p_win),
            "holes": [h.to_dict() for h in self.holes],
            "plan": self.plan.to_dict(),
        }


def coalition_holes(
    members: Sequence[str],
    wins: GoalPredicate,
    *,
    stay: ArrayLike | None = None,
    seed: int | None = None,
) -> tuple[float, NDArray[np.float64], NDArray[np.bool_]]:
    """The adverse coalition's chance to win, each member's drop ``P[wins(X)] − P[wins(X ∖ {i})]`` and
    whether each member is pivotal in the full coalition (its defection alone makes it lose).

    ``wins(masks)`` takes ``(k, n)`` masks of the members who stay and returns ``(k,)`` booleans."""
    n = len(members)
    s = (
        np.ones(n)
        if stay is None
        else np.clip(np.asarray(stay, dtype=np.float64).reshape(-1), 0, 1)
    )
    if s.shape != (n,):
        raise InvalidRecruitmentProblemError(f"stay: expected {n} probabilities")
    full = np.ones((1, n), dtype=bool)
    flips = ~np.eye(n, dtype=bool)
    base = bool(np.asarray(wins(full))[0])
    alone = np.asarray(wins(flips), dtype=bool) if n else np.zeros(0, dtype=bool)
    pivotal = base & ~alone
    if n == 0:
        return float(base), np.zeros(0), pivotal
    if n <= HOLES_EXACT_MAX:
        idx = np.arange(1 << n, dtype=np.int64)
        bits = ((idx[:, None] >> np.arange(n, dtype=np.int64)) & 1).astype(bool)
        weight = np.prod(np.where(bits, s, 1.0 - s), axis=1)
        w = np.asarray(wins(bits), dtype=np.float64)
        p_win = float(weight @ w)
        drop = np.empty(n)
        for i in range(n):
            drop[i] = p_win - float(weight @ w[idx & ~(1 << i)])
        return p_win, drop, pivotal
    rng = np.random.default_rng(seed)
    x = rng.random((HOLES_SAMPLES, n)) < s
    own = np.asarray(wins(x), dtype=np.float64)
    drop = np.empty(n)
    for i in range(n):
        y = x.copy()
        y[:, i] = False
        drop[i] = float(own.mean() - np.asarray(wins(y), dtype=np.float64).mean())
    return float(own.mean()), drop, pivotal


def plan_breakup(
    members: Sequence[str],
    wins: GoalPredicate,
    p_defect: ArrayLike,
    cost: ArrayLike,
    failure_cost: ArrayLike | None = None,
    *,
    value: ArrayLike | None = None,
    goal_value: float = 1.0,
    stay: ArrayLike | None = None,
    join_effect: Any = None,
    refuse_effect: Any = None,
    prerequisites: Sequence[Sequence[int]] = (),
    focal: str | None = None,
    method: str = "auto",
    seed: int | None = None,
) -> BreakupPlan:
    """Plan whom to peel off an adverse coalition so that it no longer wins.

    Parameters
    ----------
    members : sequence of str
        The adverse coalition's members.
    wins : callable
        ``wins(masks)``, masks ``(k, n)`` of the members who *stay*, → ``(k,)`` booleans: whether they still
        win (the caller fixes everybody else's behaviour, e.g. from the decision rule).
    p_defect, cost, failure_cost, value : arrays (n,)
        Chance that an approach now makes a member defect, its cost, the extra cost of a failure, and any
        value of the defection besides breaking the coalition (default 0).
    goal_value : float
        Value of breaking the coalition.
    stay : array (n,), optional
        Probability that each member stays if not approached (for the holes only; default 1).
    join_effect, refuse_effect : optional
        ``[j, i]``: change in ``i``'s chance to defect once ``j`` has defected (refused to).
    method, seed
        Passed to :func:`coalitionist.strategy.plan`.

    Returns
    -------
    BreakupPlan
        The holes, largest drop in the chance to win first (ties: likelier defector first), and the plan.
    """
    n = len(members)
    fc = np.zeros(n) if failure_cost is None else np.asarray(failure_cost, dtype=np.float64)
    val = np.zeros(n) if value is None else np.asarray(value, dtype=np.float64)

    def broken(defected: NDArray[np.bool_]) -> NDArray[np.bool_]:
        return ~np.asarray(wins(~np.asarray(defected, dtype=bool)), dtype=bool)

    problem = RecruitmentProblem(
        tuple(members),
        np.asarray(p_defect, dtype=np.float64),
        val,
        np.asarray(cost, dtype=np.float64),
        fc,
        prerequisites=tuple(frozenset(x) for x in prerequisites),
        join_effect=join_effect,
        refuse_effect=refuse_effect,
        goal=broken,
        goal_value=goal_value,
        goal_kind="break",
        focal=focal,
    )
    p_win, drop, pivotal = coalition_holes(members, wins, stay=stay, seed=seed)
    order = sorted(range(n), key=lambda i: (-float(drop[i]), -float(problem.p[i]), i))
    holes = tuple(
        Hole(
            actor=problem.candidates[i],
            pivotal=bool(pivotal[i]),
            win_drop=float(drop[i]),
            p_defect=float(problem.p[i]),
            cost=float(problem.cost[i]),
            failure_cost=float(problem.failure_cost[i]),
        )
        for i in order
    )
    result = make_plan(problem, method=method, seed=seed)
    return BreakupPlan(tuple(problem.candidates), p_win, holes, result)
