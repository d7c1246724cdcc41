"""Breaking an adverse coalition: holes by enumeration, the plan as the same recruitment model."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from strategy_brute import Instance, best_value

from coalitionist.strategy import coalition_holes, plan_breakup

WEIGHTS = np.array([4, 3, 2, 1])


def wins(masks: np.ndarray) -> np.ndarray:  # members who stay → still ≥ 8 of 10
    return masks @ WEIGHTS >= 8


def test_holes_of_a_formed_coalition_are_its_pivotal_members() -> None:
    p_win, drop, pivotal = coalition_holes(list("abcd"), wins)
    assert p_win == 1.0
    # remove a: 6 < 8, b: 7 < 8 → pivotal; c: 8, d: 9 → not
    assert pivotal.tolist() == [True, True, False, False]
    assert drop.tolist() == [1.0, 1.0, 0.0, 0.0]


def test_holes_with_uncertain_loyalty_by_enumeration() -> None:
    stay = np.array([0.9, 0.8, 0.7, 0.6])
    p_win, drop, _ = coalition_holes(list("abcd"), wins, stay=stay)
    want_win = 0.0
    want_drop = np.zeros(4)
    for bits in itertools.product([0, 1], repeat=4):
        x = np.array(bits, dtype=bool)
        prob = np.prod(np.where(x, stay, 1 - stay))
        want_win += prob * wins(x[None])[0]
        for i in range(4):
            y = x.copy()
            y[i] = False
            want_drop[i] += prob * (float(wins(x[None])[0]) - float(wins(y[None])[0]))
    assert p_win == pytest.approx(want_win)
    np.testing.assert_allclose(drop, want_drop, atol=1e-12)


def test_breakup_plan_is_optimal() -> None:
    p = [0.3, 0.6, 0.9, 0.9]
    cost = [1.0, 1.0, 0.5, 0.5]
    result = plan_breakup(list("abcd"), wins, p, cost, goal_value=20.0, focal="us")
    assert result.holes[0].actor in {"a", "b"}
    assert result.holes[0].pivotal
    assert [h.actor for h in result.holes[:2]] == ["b", "a"]  # equal drop: likelier defector first
    assert result.plan.goal_kind == "break"
    assert result.plan.method == "exact"
    brute = Instance(
        p=p,
        value=[0.0] * 4,
        cost=cost,
        failure=[0.0] * 4,
        join=[[0.0] * 4 for _ in range(4)],
        refuse=[[0.0] * 4 for _ in range(4)],
        goal=lambda defected: sum(WEIGHTS[i] for i in range(4) if i not in defected) < 8,
        goal_value=20.0,
    )
    assert result.plan.expected_payoff == pytest.approx(best_value(brute))
    # the two cheap, likely defectors together are enough: the holes say whom it cannot lose alone,
    # the plan says whom to peel off
    assert set(result.plan.sequence) == {"c", "d"}
    assert result.plan.reaches_goal
    assert result.plan.target_is_minimal
    data = result.to_dict()
    assert data["holes"][0]["actor"] == "b"
    assert "no longer wins" in data["plan"]["steps"][-1]["why"]
