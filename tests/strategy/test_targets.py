"""Target coalitions (the cheapest minimal blocking coalition and its order) against enumeration."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from strategy_brute import order_cost

from coalitionist.strategy import RecruitmentProblem, target_coalitions
from coalitionist.strategy.targets import minimal_sets

W = np.array([5, 4, 3, 2, 1])


def _blocking_problem() -> RecruitmentProblem:
    # the focal side blocks when the others cannot reach 11 of 15: a set S blocks iff w(S) > 4
    return RecruitmentProblem(
        tuple("abcde"),
        [0.3, 0.5, 0.6, 0.8, 0.9],
        [0.0] * 5,
        [3.0, 2.0, 1.0, 1.0, 1.0],
        [0.0] * 5,
        goal=lambda m: (~m) @ W < 11,
        goal_value=10.0,
        goal_kind="block",
    )


def test_minimal_sets_by_enumeration() -> None:
    problem = _blocking_problem()
    got = {frozenset(i for i in range(5) if s >> i & 1) for s in minimal_sets(problem).tolist()}
    want = set()
    for r in range(6):
        for combo in itertools.combinations(range(5), r):
            s = set(combo)
            if W[list(s)].sum() > 4 and all(W[list(s - {i})].sum() <= 4 for i in s):
                want.add(frozenset(s))
    assert got == want


def test_ranking_and_order_of_target_coalitions() -> None:
    problem = _blocking_problem()
    targets = target_coalitions(problem, top=20)
    assert len(targets) == len(minimal_sets(problem))
    p, c = problem.p.tolist(), problem.cost.tolist()
    for t in targets:
        idx = [problem.index(a) for a in t.members]
        # the series-system order minimises the expected cost of trying this set (no effects here)
        best = min(order_cost(p, c, o) for o in itertools.permutations(idx))
        assert t.expected_cost == pytest.approx(best)
        assert t.expected_cost == pytest.approx(order_cost(p, c, tuple(idx)))
        assert t.p_all_join == pytest.approx(np.prod([p[i] for i in idx]))
        assert t.expected_payoff == pytest.approx(10.0 * t.p_all_join - t.expected_cost)
    assert all(a.expected_payoff >= b.expected_payoff for a, b in itertools.pairwise(targets))
    assert targets[0].to_dict()["members"] == list(targets[0].members)


def test_no_goal_no_targets() -> None:
    problem = RecruitmentProblem(("a",), [0.5], [1.0], [1.0], [0.0])
    assert target_coalitions(problem) == ()
