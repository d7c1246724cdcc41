"""Monte Carlo evaluation of plans."""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
import pytest
from strategy_brute import random_instance
from strategy_helpers import to_problem

from coalitionist.strategy import (
    PlanEvaluationError,
    RecruitmentProblem,
    evaluate_plan,
    perturbation_sampler,
    plan,
)


def test_mean_converges_to_the_exact_expected_payoff() -> None:
    problem = to_problem(random_instance(random.Random(11), 5))
    result = plan(problem)
    run = evaluate_plan(problem, result, samples=4000, seed=5)
    assert abs(run.mean_payoff - result.expected_payoff) < 4 * run.standard_error + 1e-12
    assert (
        abs(run.p_goal - result.p_goal)
        < 4 * np.sqrt(result.p_goal * (1 - result.p_goal) / 4000) + 1e-12
    )
    assert run.nominal_payoff == result.expected_payoff
    assert run.quantiles["p05"] <= run.quantiles["p50"] <= run.quantiles["p95"]


def test_single_candidate_distribution_is_two_point() -> None:
    problem = RecruitmentProblem(("a",), [0.3], [10.0], [1.0], [2.0])
    result = plan(problem)  # 0.3·10 − 1 − 0.7·2 = 0.6 > 0: approach
    run = evaluate_plan(problem, result, samples=2000, seed=1)
    assert run.approached == {"a": 1.0}
    assert run.joined["a"] == pytest.approx(0.3, abs=4 * np.sqrt(0.21 / 2000))
    assert run.quantiles["p05"] == pytest.approx(-3.0)
    assert run.quantiles["p95"] == pytest.approx(9.0)
    assert run.p_loss == pytest.approx(1 - run.joined["a"])


def test_same_seed_same_evaluation_and_perturbation_changes_it() -> None:
    problem = to_problem(random_instance(random.Random(12), 5))
    result = plan(problem)
    a = evaluate_plan(problem, result, samples=300, seed=2).to_dict()
    b = evaluate_plan(problem, result, samples=300, seed=2).to_dict()
    assert a == b
    sampler = perturbation_sampler(problem, p_sd=0.2, relative_sd=0.5)
    c = evaluate_plan(problem, result, samples=300, seed=2, sampler=sampler)
    assert c.perturbed
    assert c.to_dict() != a


def test_sampler_must_keep_the_candidates() -> None:
    problem = RecruitmentProblem(("a", "b"), [0.5, 0.5], [1.0, 1.0], [0.1, 0.1], [0.0, 0.0])
    result = plan(problem)
    with pytest.raises(PlanEvaluationError):
        evaluate_plan(
            problem, result, samples=3, sampler=lambda rng: replace(problem, candidates=("a", "c"))
        )
