"""The planning façade: exact when small, scalable otherwise, with the distance to the optimum reported."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from coalitionist.seeding import seeded
from coalitionist.strategy.core import CORE_SIZE, CoreOracle
from coalitionist.strategy.errors import UnknownPlanningMethodError
from coalitionist.strategy.exact import EXACT_MAX_CANDIDATES, exact_tables, solve_exact
from coalitionist.strategy.marginals import MARGINALS_CELLS
from coalitionist.strategy.plan import DEFAULT_TREE_NODES, Plan, build_plan
from coalitionist.strategy.policy import evaluate_policy_exact, simulate_policy
from coalitionist.strategy.problem import RecruitmentProblem
from coalitionist.strategy.scalable import GreedyOracle, RolloutOracle, _seed_entropy

METHODS = ("auto", "exact", "rollout", "greedy")

#: ``plan(method="auto")`` solves exactly up to this many candidates: the exact plan is then both optimal
#: and cheaper than rollout (benchmarks/strategy.py ``--only threshold``, CPU seconds of the whole
#: ``plan()`` call, median of random instances: 13 candidates 0.35 exact vs 2.01 rollout, 14: 1.03 vs
#: 2.41, 15: 4.58 vs 3.93; docs/benchmarks.md).
AUTO_EXACT_MAX = 14

#: Sweeps and robustness studies re-plan exactly up to this many candidates, once per variant: at 13-14
#: candidates an exact plan per draw costs 0.4-0.9 s (200 draws: minutes), so they keep the old bound.
SWEEP_EXACT_MAX = 12

#: ``plan(method="auto")`` uses rollout up to this many candidates and the index policy beyond.
AUTO_ROLLOUT_MAX = 1_000

#: Rollout's base policy is an exact core with an index tail up to this many candidates (the index policy
#: alone beyond).
CORE_BASE_MAX = 200

#: Scalable plans are evaluated exactly, and compared with the exact optimum, up to this many candidates.
COMPARE_EXACT_MAX = 12


def plan_scalable(
    problem: RecruitmentProblem,
    *,
    method: str = "rollout",
    seed: int | None = None,
    samples: int | None = None,
    shortlist: int | None = None,
    rollout_nodes: int | None = None,
    payoff_samples: int | None = None,
    core_size: int | None = None,
    marginal_cells: int = MARGINALS_CELLS,
    compare_exact_max: int = COMPARE_EXACT_MAX,
    max_nodes: int = DEFAULT_TREE_NODES,
    progress: Callable[[int, int], None] | None = None,
) -> Plan:
    """A plan for large problems: the adaptive index policy (``"greedy"``) or rollout on it (``"rollout"``).

    Parameters
    ----------
    problem : RecruitmentProblem
        The goal, if any, must be monotone (adding members never loses it).
    method : {"rollout", "greedy"}
    seed : int or None
        Seeds every simulation; the same seed gives the same plan.
    samples : int, optional
        Common random scenarios per rollout decision (default 128 up to 20 candidates, 64 up to 200,
        16 beyond).
    shortlist : int, optional
        Candidates (by index) compared by rollout at each rollout state, besides the two likeliest to join
        and the two that raise others' chances most (default 6 up to 200 candidates, 4 beyond).
    rollout_nodes : int, optional
        Number of states (most probable first) decided by rollout; the index policy decides elsewhere
        (default 32 up to 20 candidates, 16 up to 200, 8 beyond).
    core_size : int, optional
        Size of the exact core in rollout's base policy (:mod:`coalitionist.strategy.core`; default 12 up to
        200 candidates, 0 = the index policy alone, beyond).
    payoff_samples : int, optional
        Simulated runs used to estimate the expected payoff when it is not computed exactly (default 200
        up to 1,000 candidates, 20 beyond).
    marginal_cells : int
        Work budget of the goal-marginal estimates (see :func:`goal_marginals`).
    compare_exact_max : int
        Up to this many candidates the plan is evaluated exactly and compared with the exact optimum
        (``gap_to_optimum``).
    max_nodes : int
        Approach nodes written out in ``plan.policy``.
    progress : callable, optional
        ``progress(done, total)`` after each state rollout decides (``total``: ``rollout_nodes``), and
        ``progress(n, n)`` once planning is done (``n``: the states decided; 1 for ``"greedy"``). The
        plan does not depend on it.

    Returns
    -------
    Plan
        ``method`` is ``"greedy"`` or ``"rollout"``; ``payoff_is_exact`` tells whether ``expected_payoff`` is
        exact or a simulation estimate (then ``standard_error`` is set). The estimate is the mean payoff of
        ``payoff_samples`` simulated runs of the plan's policy: unbiased, but a single estimate can exceed
        the exact optimum by sampling noise (the policy's true value cannot). With 200 runs the standard
        error is often a quarter of the payoff, so compare estimates with the optimum within their
        standard error, not as point values.

    References
    ----------
    Bertsekas, D. P., Tsitsiklis, J. N. & Wu, C. (1997). Rollout algorithms for combinatorial optimization.
    *Journal of Heuristics* 3, 245–262.
    Golovin, D. & Krause, A. (2011). Adaptive submodularity. *JAIR* 42, 427–486.
    Kempe, D., Kleinberg, J. & Tardos, É. (2003). Maximizing the spread of influence through a social
    network. *KDD*.
    """
    if method not in ("rollout", "greedy"):
        raise UnknownPlanningMethodError(
            f"unknown scalable method {method!r}; choose rollout or greedy"
        )
    m = problem.m
    if samples is None:
        # Rollout decisions compare simulated payoffs; below ~50 candidates 512 samples per option keep
        # the noise under the differences that matter (the Gulf War case: 64 flips the first moves).
        samples = 512 if m <= 50 else 64 if m <= 200 else 16
    if shortlist is None:
        shortlist = 6 if m <= 200 else 4
    if rollout_nodes is None:
        rollout_nodes = 32 if m <= 20 else 16 if m <= 200 else 8
    if payoff_samples is None:
        payoff_samples = 200 if m <= 1_000 else 20
    if core_size is None:
        core_size = CORE_SIZE if m <= CORE_BASE_MAX else 0
    entropy = _seed_entropy(seed)
    greedy = GreedyOracle(problem, seed=entropy, marginal_cells=marginal_cells)
    oracle: GreedyOracle | RolloutOracle = greedy
    rollout: RolloutOracle | None = None
    if method == "rollout":
        base = CoreOracle(problem, greedy, size=core_size) if core_size > 0 else None
        rollout = RolloutOracle(
            problem,
            greedy,
            base=base,
            samples=samples,
            shortlist=shortlist,
            nodes=rollout_nodes,
        )
        rollout.progress = progress
        oracle = rollout
        # spend the rollout budget on the most probable states, in the order the tree visits them
        from coalitionist.strategy.plan import build_tree

        build_tree(problem, rollout, max_nodes=rollout_nodes)
        rollout.nodes_left = 0
        rollout.progress = None
    details: dict[str, object] = {"seed": seed}
    if rollout is not None:
        details.update(samples=samples, shortlist=shortlist, rollout_states=rollout.rollout_states)
    optimum: float | None = None
    standard_error: float | None = None
    if problem.m <= compare_exact_max:
        stats = evaluate_policy_exact(problem, oracle.decide)
        payoff, p_goal, exact = stats.expected_payoff, stats.p_goal, True
        optimum = float(exact_tables(problem).value[0])
        details["expected_approaches"] = stats.expected_approaches
    else:
        rng = np.random.default_rng([entropy & (2**63 - 1), 3])
        runs = [
            simulate_policy(problem, oracle.decide, rng.random(problem.m))
            for _ in range(payoff_samples)
        ]
        pay = np.array([r.payoff for r in runs])
        payoff = float(pay.mean())
        p_goal = float(np.mean([r.goal for r in runs]))
        standard_error = float(pay.std(ddof=1) / np.sqrt(len(runs))) if len(runs) > 1 else 0.0
        exact = False
        details["payoff_samples"] = payoff_samples
        details["expected_approaches"] = float(np.mean([len(r.order) for r in runs]))
    if progress is not None:
        done = rollout.rollout_states if rollout is not None else 1
        progress(done, done)
    return build_plan(
        problem,
        oracle,
        method=method,
        expected_payoff=payoff,
        p_goal=p_goal,
        payoff_is_exact=exact,
        standard_error=standard_error,
        optimum=optimum,
        details=details,
        max_nodes=max_nodes,
    )


def auto_method(m: int, *, max_exact: int = AUTO_EXACT_MAX) -> str:
    """The method ``plan(method="auto")`` uses on ``m`` candidates: ``"exact"`` up to ``max_exact``,
    ``"rollout"`` up to :data:`AUTO_ROLLOUT_MAX`, ``"greedy"`` beyond."""
    if m <= max_exact:
        return "exact"
    return "rollout" if m <= AUTO_ROLLOUT_MAX else "greedy"


@seeded(convert="entropy")
def plan(
    problem: RecruitmentProblem,
    *,
    method: str = "auto",
    seed: int | None = None,
    max_exact: int = AUTO_EXACT_MAX,
    max_nodes: int = DEFAULT_TREE_NODES,
    samples: int | None = None,
    shortlist: int | None = None,
    rollout_nodes: int | None = None,
    payoff_samples: int | None = None,
    compare_exact_max: int = COMPARE_EXACT_MAX,
    progress: Callable[[int, int], None] | None = None,
) -> Plan:
    """The recruitment plan: ``"exact"`` up to ``max_exact`` candidates, ``"rollout"`` up to
    1,000, ``"greedy"`` beyond (``method="auto"``), or the named method.

    The remaining options are those of :func:`plan_scalable` (``progress(done, total)`` included: an
    exact plan, one vectorised pass, reports ``(1, 1)`` when done). Every plan states its ``method``;
    scalable plans on up to ``compare_exact_max`` candidates also state ``gap_to_optimum``."""
    if method not in METHODS:
        raise UnknownPlanningMethodError(
            f"unknown planning method {method!r}; choose one of {', '.join(METHODS)}"
        )
    if method == "auto":
        method = auto_method(problem.m, max_exact=max_exact)
    if method == "exact":
        exact = solve_exact(
            problem, max_candidates=max(max_exact, EXACT_MAX_CANDIDATES), max_nodes=max_nodes
        )
        if progress is not None:
            progress(1, 1)
        return exact
    return plan_scalable(
        problem,
        method=method,
        seed=seed,
        samples=samples,
        shortlist=shortlist,
        rollout_nodes=rollout_nodes,
        payoff_samples=payoff_samples,
        compare_exact_max=compare_exact_max,
        max_nodes=max_nodes,
        progress=progress,
    )
