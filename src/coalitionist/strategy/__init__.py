"""Coalition strategy: whom to approach first, and how to block or break the adverse coalition (issue 7).

Pure numeric planners over :class:`RecruitmentProblem` arrays; the scenario layer builds the problem
(candidates, estimates, process effects, the goal predicate) and the command line prints the plan.

>>> import numpy as np
>>> from coalitionist.strategy import RecruitmentProblem, plan
>>> problem = RecruitmentProblem(
...     ("uk", "saudi", "egypt", "syria"), p=[0.9, 0.5, 0.7, 0.4], value=[0, 0, 0, 0],
...     cost=[1, 1, 1, 1], failure_cost=[0, 0, 0, 0],
...     goal=lambda masks: masks.all(axis=1), goal_value=100, goal_kind="win")
>>> result = plan(problem)
>>> result.sequence            # unanimity, equal costs: the likeliest refusers first
('syria', 'saudi', 'egypt', 'uk')
>>> round(result.expected_payoff, 2)
10.86
"""

from coalitionist.strategy.breaking import BreakupPlan, Hole, coalition_holes, plan_breakup
from coalitionist.strategy.errors import (
    GoalPredicateError,
    InvalidRecruitmentProblemError,
    PlanEvaluationError,
    TooManyCandidatesError,
    UnknownPlanningMethodError,
)
from coalitionist.strategy.evaluate import PlanEvaluation, evaluate_plan, perturbation_sampler
from coalitionist.strategy.exact import EXACT_MAX_CANDIDATES, exact_tables, solve_exact
from coalitionist.strategy.plan import CandidateAnswer, Plan, PlanStep, PolicyNode
from coalitionist.strategy.planner import METHODS, plan, plan_scalable
from coalitionist.strategy.policy import evaluate_policy_exact
from coalitionist.strategy.problem import Effects, GoalPredicate, RecruitmentProblem
from coalitionist.strategy.targets import TargetCoalition, target_coalitions

__all__ = [
    "EXACT_MAX_CANDIDATES",
    "METHODS",
    "BreakupPlan",
    "CandidateAnswer",
    "Effects",
    "GoalPredicate",
    "GoalPredicateError",
    "Hole",
    "InvalidRecruitmentProblemError",
    "Plan",
    "PlanEvaluation",
    "PlanEvaluationError",
    "PlanStep",
    "PolicyNode",
    "RecruitmentProblem",
    "TargetCoalition",
    "TooManyCandidatesError",
    "UnknownPlanningMethodError",
    "coalition_holes",
    "evaluate_plan",
    "evaluate_policy_exact",
    "exact_tables",
    "perturbation_sampler",
    "plan",
    "plan_breakup",
    "plan_scalable",
    "solve_exact",
    "target_coalitions",
]
