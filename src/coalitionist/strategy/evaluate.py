"""Monte Carlo evaluation of a plan under uncertain estimates.

The plan's decisions are fixed (made with the point estimates); each sample draws a perturbed problem — the
"true" probabilities, values, costs and effects — and one uniform per candidate that decides its answer, then
follows the plan and records the realised payoff. With no sampler only the answers are random, so the mean
converges to the plan's expected payoff. Samples run on the sample engine (:mod:`coalitionist.engine`),
each from its own ``SeedSequence`` child.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from coalitionist.engine import Chunk, run_chunks
from coalitionist.strategy.errors import PlanEvaluationError
from coalitionist.strategy.plan import Plan
from coalitionist.strategy.policy import simulate_policy
from coalitionist.strategy.problem import RecruitmentProblem

Sampler = Callable[[np.random.Generator], RecruitmentProblem]
"""``sampler(rng)`` returns one perturbed copy of the problem (same candidates, in the same order)."""

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


@dataclass(frozen=True)
class PlanEvaluation:
    """Distribution of the realised payoff when a plan is followed.

    Attributes
    ----------
    mean_payoff, std_payoff, standard_error : float
        Sample mean, standard deviation and the standard error of the mean.
    quantiles : mapping
        ``{"p05": …, "p25": …, "p50": …, "p75": …, "p95": …}``.
    p_goal, p_loss : float
        Share of runs reaching the goal, and with a negative payoff.
    mean_approaches : float
        Average number of approaches.
    approached, joined : mapping
        Per candidate: share of runs in which it is approached, and in which it joins.
    nominal_payoff : float
        The plan's expected payoff under the point estimates, for comparison.
    """

    method: str
    samples: int
    seed: int | None
    perturbed: bool
    mean_payoff: float
    std_payoff: float
    standard_error: float
    quantiles: Mapping[str, float]
    p_goal: float
    p_loss: float
    mean_approaches: float
    approached: Mapping[str, float]
    joined: Mapping[str, float]
    nominal_payoff: float

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data."""
        return {
            "method": self.method,
            "samples": self.samples,
            "seed": self.seed,
            "perturbed": self.perturbed,
            "mean_payoff": float(self.mean_payoff),
            "std_payoff": float(self.std_payoff),
            "standard_error": float(self.standard_error),
            "quantiles": {k: float(v) for k, v in self.quantiles.items()},
            "p_goal": float(self.p_goal),
            "p_loss": float(self.p_loss),
            "mean_approaches": float(self.mean_approaches),
            "approached": {k: float(v) for k, v in self.approached.items()},
            "joined": {k: float(v) for k, v in self.joined.items()},
            "nominal_payoff": float(self.nominal_payoff),
        }


@dataclass(frozen=True)
class _Runs:
    """Realised runs of one chunk (merged by concatenation and sums, in sample order)."""

    pay: np.ndarray
    goal: np.ndarray
    approaches: np.ndarray
    approached: np.ndarray
    joined: np.ndarray


@dataclass(frozen=True)
class _Work:
    problem: RecruitmentProblem
    plan: Plan
    sampler: Sampler | None


def _runs_chunk(work: _Work, chunk: Chunk) -> _Runs:
    """Follow the plan in the worlds of one chunk of samples (module-level: shipped to workers)."""
    problem, m = work.problem, work.problem.m
    n = len(chunk)
    pay = np.empty(n)
    goal = np.zeros(n, dtype=bool)
    approaches = np.zeros(n)
    approached = np.zeros(m)
    joined = np.zeros(m)
    for k, (_, rng) in enumerate(chunk.rngs()):
        world = work.sampler(rng) if work.sampler is not None else problem
        if world.candidates != problem.candidates:
            raise PlanEvaluationError("the sampler returned a problem with other candidates")
        run = simulate_policy(world, work.plan.decide, rng.random(m))
        pay[k] = run.payoff
        goal[k] = run.goal
        approaches[k] = len(run.order)
        for i in run.order:
            approached[i] += 1
            if run.joined >> i & 1:
                joined[i] += 1
    return _Runs(pay, goal, approaches, approached, joined)


def _merge_runs(a: _Runs, b: _Runs) -> _Runs:
    return _Runs(
        np.concatenate([a.pay, b.pay]),
        np.concatenate([a.goal, b.goal]),
        np.concatenate([a.approaches, b.approaches]),
        a.approached + b.approached,
        a.joined + b.joined,
    )


def evaluate_plan(
    problem: RecruitmentProblem,
    plan: Plan,
    *,
    samples: int = 1000,
    seed: int | None = None,
    sampler: Sampler | None = None,
    backend: Any = "serial",
    progress: Callable[[int, int], None] | None = None,
) -> PlanEvaluation:
    """Follow ``plan`` in ``samples`` simulated worlds and summarise the realised payoffs.

    Runs on the sample engine (:func:`coalitionist.engine.run_chunks`): sample ``i`` draws its world and
    its answers from its own ``SeedSequence`` child, so the evaluation is the same on every backend.

    Parameters
    ----------
    problem : RecruitmentProblem
        The point estimates (used when ``sampler`` is None).
    plan : Plan
        A plan for this problem (its decisions are not re-optimised per sample).
    samples : int
        Number of simulated runs.
    seed : int or None
        Root seed; the same seed gives the same evaluation.
    sampler : callable, optional
        ``sampler(rng) -> RecruitmentProblem`` draws the uncertain estimates (see
        :func:`perturbation_sampler`).
    backend : str, engine backend or concurrent.futures.Executor
        Where the runs go (default this process; a process or Dask backend needs a picklable problem,
        plan and sampler).
    progress : callable, optional
        ``progress(done, total)`` as chunks finish.

    Raises
    ------
    PlanEvaluationError
        If a sampled problem has other candidates, or the plan makes an impossible move in it.
    """
    if samples < 1:
        raise PlanEvaluationError("samples must be at least 1")
    if plan.problem.candidates != problem.candidates:
        raise PlanEvaluationError("the plan was made for other candidates")
    m = problem.m
    runs: _Runs = run_chunks(
        _runs_chunk,
        _Work(problem, plan, sampler),
        samples,
        seed=seed,
        backend=backend,
        progress=progress,
        merge=_merge_runs,
    )
    pay = runs.pay
    std = float(pay.std(ddof=1)) if samples > 1 else 0.0
    qs = np.quantile(pay, QUANTILES)
    names = problem.candidates
    return PlanEvaluation(
        method=plan.method,
        samples=samples,
        seed=seed,
        perturbed=sampler is not None,
        mean_payoff=float(pay.mean()),
        std_payoff=std,
        standard_error=std / float(np.sqrt(samples)),
        quantiles={f"p{round(q * 100):02d}": float(v) for q, v in zip(QUANTILES, qs, strict=True)},
        p_goal=float(runs.goal.mean()),
        p_loss=float(np.mean(pay < 0)),
        mean_approaches=float(runs.approaches.mean()),
        approached={names[i]: float(runs.approached[i] / samples) for i in range(m)},
        joined={names[i]: float(runs.joined[i] / samples) for i in range(m)},
        nominal_payoff=plan.expected_payoff,
    )


@dataclass(frozen=True)
class PerturbationSampler:
    """The sampler :func:`perturbation_sampler` returns (a picklable callable)."""

    problem: RecruitmentProblem
    p_sd: float = 0.1
    relative_sd: float = 0.2
    effect_sd: float = 0.2

    def __call__(self, rng: np.random.Generator) -> RecruitmentProblem:
        """One perturbed copy of the problem."""
        problem = self.problem
        m = problem.m
        jeff, reff = problem.joins, problem.refusals
        return replace(
            problem,
            p=np.clip(problem.p + rng.normal(0.0, self.p_sd, m), 0.0, 1.0),
            value=problem.value * rng.lognormal(0.0, self.relative_sd, m),
            cost=problem.cost * rng.lognormal(0.0, self.relative_sd, m),
            failure_cost=problem.failure_cost * rng.lognormal(0.0, self.relative_sd, m),
            join_effect=replace(
                jeff, delta=jeff.delta * rng.lognormal(0.0, self.effect_sd, jeff.nnz)
            ),
            refuse_effect=replace(
                reff, delta=reff.delta * rng.lognormal(0.0, self.effect_sd, reff.nnz)
            ),
        )


def perturbation_sampler(
    problem: RecruitmentProblem,
    *,
    p_sd: float = 0.1,
    relative_sd: float = 0.2,
    effect_sd: float = 0.2,
) -> Sampler:
    """A simple sampler for estimates without stated distributions.

    Each draw adds Normal(0, ``p_sd``) to every probability (clipped to [0, 1]), multiplies values, costs
    and failure costs by independent log-normal factors with log-sd ``relative_sd``, and every process
    effect by a log-normal factor with log-sd ``effect_sd``."""

    return PerturbationSampler(problem, p_sd, relative_sd, effect_sd)
