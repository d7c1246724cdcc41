"""The robustness check decides the first move as the brief does at 13 and 14 candidates too (issue 16.1/16.2
with issue 17.2's bound): the brief plans exactly up to 14 candidates (``plan(method="auto")``), the sweep
only up to 12. On the EU glyphosate case (13 candidates) the quick check must re-decide the first move with
an exact plan and say so — not "its rollout", which the brief no longer uses there — and the full study must
re-plan each draw exactly. The expected first moves are recomputed here with ``plan(method="exact")``."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from coalitionist.analyses.robustness import describe_method, run_robustness
from coalitionist.analyses.strategy import recruitment_problem
from coalitionist.analyses.sweep import conclusions, sweep_setup
from coalitionist.analyses.sweep_estimates import apply_estimates
from coalitionist.io import load_scenario
from coalitionist.strategy import RecruitmentProblem, plan
from coalitionist.strategy.planner import AUTO_EXACT_MAX, SWEEP_EXACT_MAX, auto_method

GLYPHOSATE = Path(__file__).resolve().parents[1] / "data" / "eu-glyphosate-2017.yaml"


def _first(problem: RecruitmentProblem) -> str:
    p = plan(problem, method="exact", seed=0, max_nodes=1)
    return p.steps[0].actor if p.steps else "nobody"


def test_the_case_sits_between_the_two_bounds() -> None:
    m = recruitment_problem(load_scenario(GLYPHOSATE)).problem.m
    assert SWEEP_EXACT_MAX < m <= AUTO_EXACT_MAX  # 13: the brief plans it exactly, a sweep does not
    assert auto_method(m) == "exact"


def test_planner_brief_plans_exactly_up_to_the_briefs_bound() -> None:
    sc = load_scenario(GLYPHOSATE)
    sweep = sweep_setup(sc, ("plan",), planner="sweep")
    brief = sweep_setup(sc, ("plan",), planner="brief")
    assert (sweep.plan_method, sweep.exact_max) == ("greedy", SWEEP_EXACT_MAX)
    assert (brief.plan_method, brief.exact_max) == ("exact", AUTO_EXACT_MAX)
    # at the point estimates and at two random variants, the brief setup's first move is the exact plan's
    point = np.array([e.point for e in brief.estimates])
    variants = [point]
    for k in range(2):
        rng = np.random.default_rng(k)
        variants.append(
            np.array([rng.uniform(*e.swing()) if e.varies else e.point for e in brief.estimates])
        )
    for v in variants:
        variant = apply_estimates(sc, brief.estimates, v)
        nums, labels = conclusions(brief, variant, brief.seed)
        assert "plan.p_goal" in nums  # planned exactly (the index policy has no exact p_goal)
        assert labels["plan.first"] == _first(recruitment_problem(variant).problem)


def test_the_quick_check_says_it_re_decides_with_the_briefs_exact_plan() -> None:
    res = run_robustness(load_scenario(GLYPHOSATE), 4, seed=0, quick=True)
    assert res is not None
    assert res.plan_method == "exact"
    method = describe_method(res)
    assert "its exact plan" in method
    assert "rollout" not in method
    first = res.check("plan.first")
    assert first is not None
    assert first.basis == "threats"
    assert "rollout" not in first.sentence


def test_the_full_study_re_plans_each_draw_exactly() -> None:
    res = run_robustness(load_scenario(GLYPHOSATE), 3, seed=0, quick=False)
    assert res is not None
    assert res.plan_method == "exact"
    assert "re-plans exactly, as the brief does" in describe_method(res)
