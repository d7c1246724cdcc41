"""The conformance test every recruitment planner passes (``coalitionist.strategy.planner.METHODS``).

One base class, :class:`PlannerConformance`, holds the contract; each planning method gets a subclass that
only names it (as Axelrod's ``TestPlayer`` does for its strategies), so a new method is tested by adding two
lines, and :func:`test_every_method_has_a_conformance_class` fails until it is. The references are the plain
Python expectimax and policy evaluation of ``strategy_brute`` (no code from the package).
"""

from __future__ import annotations

import json
import random
from typing import Any, ClassVar

import pytest
from strategy_brute import Instance, best_value, policy_value, random_instance
from strategy_helpers import to_problem

from coalitionist.errors import CoalitionistError
from coalitionist.strategy import plan
from coalitionist.strategy.planner import METHODS

SEEDS = range(12)


def _tree(node: Any) -> object:
    """The plan's written policy as the reference's explicit tree (None = stop)."""
    if node is None:
        return None
    assert not node.truncated
    return (int(node.actor[1:]), _tree(node.on_join), _tree(node.on_refuse))


def _instance(seed: int) -> Instance:
    rng = random.Random(seed)
    return random_instance(rng, rng.randint(2, 6))


class PlannerConformance:
    """The contract of a recruitment planner; subclasses set ``method``."""

    method: ClassVar[str]
    #: Whether the method is exact (its plan is the expectimax optimum).
    exact: ClassVar[bool] = False

    @pytest.mark.parametrize("seed", SEEDS)
    def test_deterministic_under_a_seed(self, seed: int) -> None:
        problem = to_problem(_instance(seed))
        a = plan(problem, method=self.method, seed=seed)
        b = plan(problem, method=self.method, seed=seed)
        assert json.dumps(a.to_dict(), sort_keys=True, default=str) == json.dumps(
            b.to_dict(), sort_keys=True, default=str
        )

    @pytest.mark.parametrize("seed", SEEDS[:4])
    def test_progress_is_reported_and_changes_nothing(self, seed: int) -> None:
        """``progress(done, total)`` (issue 12.4): done never falls, never passes total, and the last
        call says the work is complete; the plan is the same with and without the callback."""
        problem = to_problem(_instance(seed))
        calls: list[tuple[int, int]] = []
        with_bar = plan(
            problem, method=self.method, seed=seed, progress=lambda d, t: calls.append((d, t))
        )
        without = plan(problem, method=self.method, seed=seed)
        assert json.dumps(with_bar.to_dict(), sort_keys=True, default=str) == json.dumps(
            without.to_dict(), sort_keys=True, default=str
        )
        assert calls
        assert all(0 <= d <= t for d, t in calls)
        assert [d for d, _ in calls] == sorted(d for d, _ in calls)
        assert calls[-1][0] == calls[-1][1]

    @pytest.mark.parametrize("seed", SEEDS)
    def test_never_claims_more_than_the_optimum(self, seed: int) -> None:
        inst = _instance(seed)
        res = plan(to_problem(inst), method=self.method, seed=seed)
        optimum = best_value(inst)
        slack = 4 * (res.standard_error or 0.0) + 1e-9
        assert res.expected_payoff <= optimum + slack
        if self.exact:
            assert res.expected_payoff == pytest.approx(optimum, abs=1e-9)

    @pytest.mark.parametrize("seed", SEEDS)
    def test_the_written_policy_is_worth_what_the_plan_says(self, seed: int) -> None:
        inst = _instance(seed)
        res = plan(to_problem(inst), method=self.method, seed=seed)
        if res.policy is not None and _has_truncation(res.policy):
            return  # a tree written only in part: the bound above is what is checked
        truth = policy_value(inst, _tree(res.policy))
        if res.payoff_is_exact:
            assert truth == pytest.approx(res.expected_payoff, abs=1e-9)
        else:  # a Monte Carlo estimate of the policy's value, with its standard error
            assert abs(truth - res.expected_payoff) <= 4 * (res.standard_error or 0.0) + 1e-9

    @pytest.mark.parametrize("seed", SEEDS)
    def test_steps_are_candidates_and_probabilities_are_probabilities(self, seed: int) -> None:
        inst = _instance(seed)
        res = plan(to_problem(inst), method=self.method, seed=seed)
        names = {f"c{i}" for i in range(inst.n)}
        assert {s.actor for s in res.steps} <= names
        assert set(res.target) <= names
        assert 0.0 <= res.p_goal <= 1.0
        assert all(0.0 <= s.p <= 1.0 for s in res.steps)
        assert res.method in METHODS

    def test_a_bad_seed_is_a_domain_error(self) -> None:
        with pytest.raises(CoalitionistError):
            plan(to_problem(_instance(0)), method=self.method, seed=-1)


def _has_truncation(node: Any) -> bool:
    if node is None:
        return False
    return bool(node.truncated) or _has_truncation(node.on_join) or _has_truncation(node.on_refuse)


class TestExact(PlannerConformance):
    method = "exact"
    exact = True


class TestRollout(PlannerConformance):
    method = "rollout"


class TestGreedy(PlannerConformance):
    method = "greedy"


class TestAuto(PlannerConformance):
    method = "auto"
    exact = True  # small problems: auto is exact up to AUTO_EXACT_MAX candidates


def test_every_method_has_a_conformance_class() -> None:
    covered = {c.method for c in PlannerConformance.__subclasses__()}
    assert covered == set(METHODS)
