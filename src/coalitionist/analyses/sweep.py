"""Sweeps: how robust is the advice when every estimate varies?

Each sample draws every estimate of the scenario (:mod:`coalitionist.analyses.sweep_estimates`: uncertain
values from their distributions, point estimates within the ``--perturb`` band), writes them into a
variant of the scenario, and runs the analyses named in ``what`` on it through their usual bridges:

* ``outcome`` — whether the proposal passes under the rule, and who is pivotal
  (:func:`coalitionist.analyses.outcome.run_outcome`, when that analysis is installed);
* ``forecast`` — where the decision lands on each issue (:func:`~coalitionist.analyses.forecast.run_forecast`);
* ``power`` — Shapley–Shubik and Banzhaf indices (the rule holds no estimates, so these do not vary:
  they are reported to say so);
* ``coalitions`` — the likeliest winning coalition, the adverse coalition and whether it can block;
* ``plan`` — the plan's first move and first ``k`` moves on its main line (every approach succeeding),
  and one simulated run of the plan (the candidates' answers drawn), whose share of runs reaching the
  goal is the plan's chance of success under both the estimates' and the answers' uncertainty. Problems of
  up to 12 candidates are planned exactly, as in the brief (their exact ``p_goal`` and expected payoff are
  summarised too); larger ones with the adaptive index policy (the planner's own base policy,
  :class:`~coalitionist.strategy.scalable.GreedyOracle`): the brief's rollout plan costs seconds per
  sample.

Each sample's conclusions (numbers and labels) are summarised where the sample ran
(:class:`coalitionist.engine.Summary`) and the summaries merged, so nothing but counts, exact sums and
quantile sketches travels. The *nominal* conclusions (the point estimates, no perturbation) are the
recommendations; the sweep says how often each holds.

**Seeds.** The estimates of sample ``i`` are drawn from ``SeedSequence(seed, spawn_key=(i,))``
(:func:`coalitionist.engine.sample_rng`); the analyses of that sample that have randomness of their own (the
rollout planner, a Monte Carlo inside an analysis) are seeded with
:func:`coalitionist.engine.analysis_seed` ``(seed, i)``, a child of that sequence. The nominal conclusions are
the analyses at the run's seed itself — for the brief's robustness check, the brief's seed, so the nominal
conclusions are the brief's. Everything is a function of the seed: equal seeds, equal JSON; another seed,
other draws.

**What does not vary.** The decision rule holds no estimate, so the game (the rule, its power indices and
minimal coalitions) is computed once, in :func:`sweep_setup`, and every variant's plan, power and coalitions
read it; the proposal voted on in every variant is the nominal one (the scenario's, else the brief's
forecast at the point estimates), so ``outcome.passes`` is whether *that* proposal passes.

When the file states no uncertain value and no band is given, a default band of
:data:`DEFAULT_PERTURB` % is used (and said), as the forecast Monte Carlo uses a default noise.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coalitionist.analyses.coalitions import scenario_coalitions
from coalitionist.analyses.forecast import DEFAULT_MODEL, run_forecast
from coalitionist.analyses.power import FORMAL_POWER_INDICES, ScenarioGame, scenario_game
from coalitionist.analyses.strategy import recruitment_problem
from coalitionist.analyses.sweep_estimates import (
    Estimate,
    apply_estimates,
    draw_estimates,
    scenario_estimates,
)
from coalitionist.engine import (
    Chunk,
    Summary,
    analysis_seed,
    merge_summaries,
    root_entropy,
    run_chunks,
)
from coalitionist.errors import CoalitionistError, UsageError
from coalitionist.scenario.model import Scenario
from coalitionist.strategy import plan
from coalitionist.strategy.planner import AUTO_EXACT_MAX as BRIEF_EXACT_MAX
from coalitionist.strategy.planner import AUTO_ROLLOUT_MAX
from coalitionist.strategy.planner import SWEEP_EXACT_MAX as AUTO_EXACT_MAX
from coalitionist.strategy.policy import simulate_policy
from coalitionist.strategy.scalable import GreedyOracle


def _outcome_runner() -> Callable[..., Any] | None:
    """The outcome analysis's ``run_outcome`` (votes under the rule), when that bridge is installed."""
    try:
        module = importlib.import_module("coalitionist.analyses.outcome")
    except ImportError:  # before the outcome analysis exists
        return None
    runner: Callable[..., Any] | None = getattr(module, "run_outcome", None)
    return runner


run_outcome = _outcome_runner()

__all__ = [
    "DEFAULT_PERTURB",
    "FIRST_K",
    "WHAT",
    "SweepResult",
    "SweepSetup",
    "conclusions",
    "nominal_seed",
    "run_sweep",
    "sweep_setup",
]

#: The analyses a sweep can run, in the order they are reported.
WHAT = ("outcome", "forecast", "power", "coalitions", "plan")
#: Band (± %) around point estimates when the file states no uncertainty and none is asked for.
DEFAULT_PERTURB = 10.0
#: How many of the plan's first moves are compared.
FIRST_K = 3
#: A forecast "holds" when it lands within this share of the issue's scale of the nominal forecast.
FORECAST_TOLERANCE = 0.05

Record = tuple[dict[str, float], dict[str, str]]


@dataclass(frozen=True)
class SweepSetup:
    """What every sample needs (shipped to the workers once)."""

    scenario: Scenario
    estimates: tuple[Estimate, ...]
    what: tuple[str, ...]
    model: str = DEFAULT_MODEL
    first_k: int = FIRST_K
    perturb: float = 0.0
    default_perturb: bool = False
    plan_method: str | None = None
    #: The rule, all its power indices and minimal coalitions (plan and power), computed once.
    game: ScenarioGame | None = None
    #: The same rule with the Banzhaf index only, as the coalition analysis computes it.
    formal_game: ScenarioGame | None = None
    #: The proposal every variant votes on (issue id → value); None: each variant's own default.
    proposal: dict[str, float] | None = None
    #: The analyses' seed at the nominal point (the run's seed; the brief's for the robustness check).
    seed: int = 0
    #: Variants of up to this many candidates are planned exactly: the sweep's bound (12, one plan per
    #: variant), or the brief's own (``plan(method="auto")``: 14) when the first move is decided as the
    #: brief decides it (``planner="brief"``).
    exact_max: int = AUTO_EXACT_MAX


def sweep_setup(
    scenario: Scenario,
    what: Sequence[str] | None = None,
    *,
    perturb: float | None = None,
    model: str = DEFAULT_MODEL,
    first_k: int = FIRST_K,
    planner: str = "sweep",
    seed: int = 0,
    game: ScenarioGame | None = None,
) -> SweepSetup:
    """Check the request and list the scenario's estimates with their ranges.

    ``seed`` is the analyses' seed at the point estimates (the nominal conclusions and one-at-a-time
    swings); the proposal and the game are fixed here (module docstring) — ``game``, when given, is the
    scenario's (the brief's power section computed it), not computed again.

    ``planner``: ``"sweep"`` plans each variant exactly up to 12 candidates and with the adaptive index
    policy beyond (the module docstring); ``"brief"`` decides the first move as the brief's plan does
    (exact up to the brief's 14 candidates — 0.4 to 0.9 s per variant at 13 and 14 — else the rollout's
    decision at the root — seconds per variant — and the index policy beyond 1,000 candidates).

    Raises
    ------
    coalitionist.errors.UsageError
        For an unknown analysis, a negative band, or an analysis that cannot run on this scenario.
    """
    chosen = tuple(what) if what else WHAT
    bad = [w for w in chosen if w not in WHAT]
    if bad:
        raise UsageError(f"--what: {', '.join(bad)} is not one of {', '.join(WHAT)}")
    if "outcome" in chosen and run_outcome is None:
        chosen = tuple(w for w in chosen if w != "outcome")
    if perturb is not None and not (0 <= perturb <= 100):
        raise UsageError(f"--perturb must be between 0 and 100 (percent), got {perturb:g}")
    if first_k < 1:
        raise UsageError("first_k must be at least 1")
    if ("forecast" in chosen or "outcome" in chosen) and not scenario.issues:
        chosen = tuple(w for w in chosen if w not in ("forecast", "outcome"))
    if "plan" in chosen and scenario.focal is None:
        chosen = tuple(w for w in chosen if w != "plan")
    if not chosen:
        raise UsageError("none of the analyses asked for can run on this scenario")
    if planner not in ("sweep", "brief"):
        raise UsageError(f"planner must be sweep or brief, got {planner!r}")
    plan_method = None
    # as the brief decides: exact up to the brief's bound (14), not the sweep's (12) — at 13 and 14
    # candidates the brief plans exactly, and a rollout decision there would not be the brief's
    exact_max = BRIEF_EXACT_MAX if planner == "brief" else AUTO_EXACT_MAX
    if "plan" in chosen:
        m = recruitment_problem(scenario).problem.m
        plan_method = "exact" if m <= exact_max else "greedy"
        if planner == "brief" and exact_max < m <= AUTO_ROLLOUT_MAX:
            plan_method, first_k = "rollout", 1  # only the root is the brief's decision
    estimates = scenario_estimates(scenario, 0.0)
    default = False
    if perturb is None:
        if any(e.dist is not None for e in estimates):
            perturb = 0.0
        else:
            perturb, default = DEFAULT_PERTURB, True
    if perturb:
        estimates = scenario_estimates(scenario, perturb)
    # the game depends on the rule only: computed once, shared by every variant
    formal = None
    if game is None and len(scenario.actors) >= 2 and ("plan" in chosen or "power" in chosen):
        game = scenario_game(scenario)
    if len(scenario.actors) >= 2 and "coalitions" in chosen:
        formal = scenario_game(scenario, indices=FORMAL_POWER_INDICES)
    proposal = None
    if "outcome" in chosen and run_outcome is not None:
        nominal = apply_estimates(scenario, estimates, [e.point for e in estimates])
        proposal = dict(run_outcome(nominal, samples=0, seed=seed).proposal)
    return SweepSetup(
        scenario,
        estimates,
        chosen,
        model,
        first_k,
        float(perturb),
        default,
        plan_method,
        game,
        formal,
        proposal,
        int(seed),
        exact_max,
    )


def nominal_seed(entropy: int) -> int:
    """The analyses' seed at the point estimates: the run's seed (63 bits of it when it is larger).

    Examples
    --------
    >>> nominal_seed(7)
    7
    """
    return (
        entropy
        if entropy < 2**63
        else int(np.random.SeedSequence(entropy).generate_state(1, np.uint64)[0] >> np.uint64(1))
    )


def _f(x: float | Fraction) -> float:
    return float(x)


def _main_line(problem: Any, decide: Callable[[int, int], int], k: int) -> list[int]:
    joined, moves = 0, []
    for _ in range(k):
        a = decide(joined, 0)
        if a < 0:
            break
        moves.append(a)
        joined |= 1 << a
    return moves


def _coalition_reference(
    scenario: Scenario, voted: Any, seed: int
) -> tuple[NDArray[np.float64] | None, dict[str, str] | None]:
    """The forecast and predicted votes a draw's coalition analysis uses, as the brief's coalitions section
    does (with the lockout analysis's shared exposure): the brief's forecast and the outcome's votes -- from
    the draw's outcome when it ran (``voted``), else from the outcome at this draw's point estimates."""
    from coalitionist.analyses.coalitions import shared_reference, shared_votes
    from coalitionist.analyses.outcome import OutcomeBrief, brief_forecast, reference_sections
    from coalitionist.analyses.section import Section

    if voted is None:
        sections = reference_sections(scenario, seed=seed)
    else:
        ref = brief_forecast(voted, scenario)
        sections = [Section(key="outcome", title="Does it pass?", result=OutcomeBrief(voted, ref))]
    return shared_reference(scenario, sections), shared_votes(sections)


def conclusions(
    setup: SweepSetup, scenario: Scenario, seed: int, rng: np.random.Generator | None = None
) -> Record:
    """The numbers and labels a sweep summarises, for one variant of the scenario.

    ``seed`` seeds the analyses' own randomness; ``rng``, when given, draws the recruitment answers of one
    simulated run of the plan.

    Numbers: ``forecast.<issue>``, ``power.<index>.<actor>``, ``plan.p_goal`` and
    ``plan.expected_payoff`` (exact plans), ``plan.payoff`` (the simulated run). Labels: ``outcome.passes`` (``true``/``false``), ``outcome.pivotal.<actor>``,
    ``coalitions.likely`` (member ids joined by ``+``), ``coalitions.adverse``,
    ``coalitions.adverse_can_block``, ``plan.first``, ``plan.first_k`` (ids joined by ``>``),
    ``plan.move<j>`` for ``j`` = 1 … k, ``plan.reaches_goal`` (the simulated run).
    """
    nums: dict[str, float] = {}
    labs: dict[str, str] = {}
    what = setup.what
    voted: dict[str, float] | None = (
        None  # the package this draw votes on, the plan's goal reuses it
    )
    voted_outcome: Any = None  # the draw's outcome, whose votes the coalitions analysis ranks by
    if "outcome" in what and run_outcome is not None:
        voted_outcome = run_outcome(scenario, setup.proposal, samples=0, seed=seed)
        res = voted_outcome.to_dict()
        voted = {k: float(v) for k, v in res["proposal"].items()}
        labs["outcome.passes"] = str(bool(res["passes"])).lower()
        pivotal = {f["actor"] for f in res.get("pivotal", [])}
        for a in scenario.actors:
            labs[f"outcome.pivotal.{a.id}"] = str(a.id in pivotal).lower()
    if "forecast" in what:
        fc = run_forecast(scenario, setup.model, seed=seed)
        for issue, v in zip(scenario.arrays.issues, fc.forecast, strict=True):
            nums[f"forecast.{issue}"] = float(v)
    if "power" in what and setup.game is not None:
        pw = setup.game.power
        for index in ("shapley_shubik", "banzhaf"):
            values = pw.indices.get(index)
            if values:
                for actor_id, v in values.items():
                    nums[f"power.{index}.{actor_id}"] = _f(v)
    if "coalitions" in what and len(scenario.actors) >= 2:
        from coalitionist.analyses.process import lockout_exposure

        forecast, votes = _coalition_reference(scenario, voted_outcome, seed)
        co = scenario_coalitions(
            scenario,
            game=setup.formal_game,
            forecast=forecast,
            lockout=lockout_exposure(scenario, seed=seed),
            votes=votes,
        ).to_dict()
        likely = co.get("likely") or []
        labs["coalitions.likely"] = "+".join(sorted(likely[0]["members"])) if likely else "none"
        adverse = co.get("adverse") or {}
        labs["coalitions.adverse"] = "+".join(sorted(adverse.get("members", []))) or "none"
        labs["coalitions.adverse_can_block"] = str(bool(adverse.get("can_block"))).lower()
    if "plan" in what:
        problem = recruitment_problem(scenario, game=setup.game, forecast=voted).problem
        k = setup.first_k
        decide: Callable[[int, int], int]
        if problem.m <= setup.exact_max:
            p = plan(problem, method="exact", seed=seed, max_nodes=max(k, 1))
            moves = [problem.candidates.index(s.actor) for s in p.steps[:k]]
            nums["plan.p_goal"] = float(p.p_goal)
            nums["plan.expected_payoff"] = float(p.expected_payoff)
            decide = p.decide
        elif setup.plan_method == "rollout":
            # the brief's rollout decides the root exactly as in the brief (its other states are decided
            # by the index policy here: only the first move is the brief's)
            p = plan(
                problem, method="rollout", seed=seed, rollout_nodes=1, payoff_samples=1, max_nodes=1
            )
            moves = [problem.candidates.index(s.actor) for s in p.steps[:1]]
            decide = p.decide
        else:
            decide = GreedyOracle(problem, seed=seed).decide
            moves = _main_line(problem, decide, k)
        if rng is not None:
            run = simulate_policy(problem, decide, rng.random(problem.m))
            nums["plan.payoff"] = float(run.payoff)
            labs["plan.reaches_goal"] = str(bool(run.goal)).lower()
        names = [problem.candidates[a] for a in moves]
        labs["plan.first"] = names[0] if names else "nobody"
        labs["plan.first_k"] = ">".join(names) or "nobody"
        for j in range(k):
            labs[f"plan.move{j + 1}"] = names[j] if j < len(names) else "nobody"
    return nums, labs


@dataclass(frozen=True)
class Recommendation:
    """A conclusion of the nominal analysis and how often it holds over the sweep."""

    key: str
    text: str
    holds: float

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {"id": self.key, "text": self.text, "holds": self.holds}


@dataclass(frozen=True)
class SweepResult:
    """A sweep's summaries, the nominal conclusions and how often each holds."""

    setup: SweepSetup
    samples: int
    seed: int
    summary: Summary
    nominal: Record
    recommendations: tuple[Recommendation, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """The ``coalitionist sweep --json`` object (see ``docs/cli.md``)."""
        s = self.summary
        nominal_nums, nominal_labs = self.nominal
        numbers = {}
        for key in sorted(s.numbers):
            d = s.numbers[key].to_dict()
            d["point"] = nominal_nums.get(key)
            numbers[key] = d
        probs: dict[str, Any] = {}
        if "outcome.passes" in s.labels or "outcome" in self.setup.what:
            probs["passes"] = s.probability("outcome.passes", "true")
            probs["pivotal"] = {
                a.id: s.probability(f"outcome.pivotal.{a.id}", "true")
                for a in self.setup.scenario.actors
            }
        if "coalitions" in self.setup.what and "coalitions.likely" in s.labels:
            probs["likely_coalition"] = [
                {"members": [] if k == "none" else k.split("+"), "p": v}
                for k, v in s.shares("coalitions.likely").items()
            ]
            probs["adverse_coalition"] = [
                {"members": [] if k == "none" else k.split("+"), "p": v}
                for k, v in s.shares("coalitions.adverse").items()
            ]
            probs["adverse_can_block"] = s.probability("coalitions.adverse_can_block", "true")
        if "plan" in self.setup.what and "plan.first" in s.labels:
            probs["plan_reaches_goal"] = s.probability("plan.reaches_goal", "true")
            probs["first_move"] = s.shares("plan.first")
            probs["first_k_moves"] = [
                {"moves": [] if k == "nobody" else k.split(">"), "p": v}
                for k, v in s.shares("plan.first_k").items()
            ]
            probs["move_at_step"] = [
                s.shares(f"plan.move{j + 1}") for j in range(self.setup.first_k)
            ]
        varied = [e for e in self.setup.estimates if e.varies]
        return {
            "title": self.setup.scenario.title,
            "samples": self.samples,
            "seed": self.seed,
            "failed": s.failed,
            "what": list(self.setup.what),
            "perturb": {"pct": self.setup.perturb, "default": self.setup.default_perturb},
            "estimates": {
                "varied": len(varied),
                "uncertain": sum(e.dist is not None for e in varied),
                "perturbed": sum(e.dist is None for e in varied),
            },
            "first_k": self.setup.first_k,
            "forecast_model": self.setup.model if "forecast" in self.setup.what else None,
            "plan_method": self.setup.plan_method,
            "numbers": numbers,
            "probabilities": probs,
            "nominal": {
                "numbers": dict(sorted(nominal_nums.items())),
                "labels": dict(sorted(nominal_labs.items())),
            },
            "recommendations": [r.to_dict() for r in self.recommendations],
        }


def _names(scenario: Scenario, ids: Sequence[str]) -> str:
    labels = {a.id: a.label for a in scenario.actors}
    shown = [labels.get(a, a) for a in ids]
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def recommendations(
    setup: SweepSetup, nominal: Record, summary: Summary
) -> tuple[Recommendation, ...]:
    """The nominal conclusions as sentences, each with the share of samples in which it holds."""
    sc = setup.scenario
    labels = {a.id: a.label for a in sc.actors}
    nums, labs = nominal
    out: list[Recommendation] = []

    def holds(key: str) -> float:
        return summary.probability(key, labs[key])

    if "outcome.passes" in labs:
        passes = labs["outcome.passes"] == "true"
        out.append(
            Recommendation(
                "outcome.passes",
                "The proposal passes." if passes else "The proposal fails.",
                holds("outcome.passes"),
            )
        )
        piv = [a.id for a in sc.actors if labs.get(f"outcome.pivotal.{a.id}") == "true"]
        for a in piv:
            out.append(
                Recommendation(
                    f"outcome.pivotal.{a}",
                    f"{labels[a]} is pivotal.",
                    holds(f"outcome.pivotal.{a}"),
                )
            )
    for issue in sc.issues:
        key = f"forecast.{issue.id}"
        if key in nums and key in summary.numbers:
            st = summary.numbers[key]
            qs = st.quantiles([0.05, 0.95])
            out.append(
                Recommendation(
                    key,
                    f"{issue.label}: the decision lands near {nums[key]:.3g}, within"
                    f" {FORECAST_TOLERANCE:.0%} of the scale (90 % of samples between {qs[0]:.3g}"
                    f" and {qs[1]:.3g}).",
                    _share_within(summary, key),
                )
            )
    if "coalitions.likely" in labs:
        members = (
            [] if labs["coalitions.likely"] == "none" else labs["coalitions.likely"].split("+")
        )
        out.append(
            Recommendation(
                "coalitions.likely",
                f"The likeliest winning coalition is {_names(sc, members) or 'none'}.",
                holds("coalitions.likely"),
            )
        )
        can = labs["coalitions.adverse_can_block"] == "true"
        out.append(
            Recommendation(
                "coalitions.adverse_can_block",
                "The adverse coalition can block."
                if can
                else "The adverse coalition cannot block.",
                holds("coalitions.adverse_can_block"),
            )
        )
    if "plan.first" in labs:
        first = labs["plan.first"]
        out.append(
            Recommendation(
                "plan.first",
                f"Approach {labels.get(first, first)} first."
                if first != "nobody"
                else "Approach nobody now.",
                holds("plan.first"),
            )
        )
        seq = [] if labs["plan.first_k"] == "nobody" else labs["plan.first_k"].split(">")
        if len(seq) > 1:
            out.append(
                Recommendation(
                    "plan.first_k",
                    "Approach "
                    + ", then ".join(labels.get(a, a) for a in seq)
                    + ", in that order.",
                    holds("plan.first_k"),
                )
            )
        for j in range(1, len(seq)):
            key = f"plan.move{j + 1}"
            out.append(
                Recommendation(
                    key, f"Approach {labels.get(seq[j], seq[j])} at step {j + 1}.", holds(key)
                )
            )
    return tuple(out)


def _share_within(summary: Summary, key: str) -> float:
    """Share of samples whose forecast landed near the nominal one (the label counted for it)."""
    return summary.probability(f"{key}.near", "true")


def _near_labels(setup: SweepSetup, nominal: Record, rec: Record) -> Record:
    nums, labs = rec
    for issue in setup.scenario.issues:
        key = f"forecast.{issue.id}"
        if key in nums and key in nominal[0]:
            lo, hi = issue.scale
            near = abs(nums[key] - nominal[0][key]) <= FORECAST_TOLERANCE * (hi - lo)
            labs[f"{key}.near"] = str(near).lower()
    return nums, labs


def run_sweep(
    scenario: Scenario,
    samples: int,
    *,
    seed: int | None = 0,
    what: Sequence[str] | None = None,
    perturb: float | None = None,
    model: str = DEFAULT_MODEL,
    first_k: int = FIRST_K,
    backend: Any = "serial",
    address: str | None = None,
    workers: int | None = None,
    chunk_size: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SweepResult:
    """Sweep ``samples`` variants of the scenario and summarise every conclusion (see the module docstring).

    Parameters
    ----------
    scenario : Scenario
    samples : int
        Number of variants (≥ 1).
    seed : int, optional
        Root seed; the same seed gives byte-identical results on every backend and chunk size.
    what : sequence of str, optional
        Analyses to run (default: every one in :data:`WHAT` that applies).
    perturb : float, optional
        Band in percent around point estimates (default: 0 when the file states uncertain values,
        :data:`DEFAULT_PERTURB` when it states none).
    model : str
        Forecast model.
    first_k : int
        How many of the plan's first moves are compared.
    backend, address, workers, chunk_size, progress
        Where and how to run (see :func:`coalitionist.engine.run_chunks`).

    Returns
    -------
    SweepResult

    Raises
    ------
    coalitionist.errors.UsageError
        For bad options (see :func:`sweep_setup`).
    """
    if isinstance(samples, bool) or int(samples) != samples or samples < 1:
        raise UsageError(f"--samples must be a positive integer, got {samples!r}")
    entropy = root_entropy(seed)
    setup = sweep_setup(
        scenario, what, perturb=perturb, model=model, first_k=first_k, seed=nominal_seed(entropy)
    )
    nominal_scenario = apply_estimates(
        scenario, setup.estimates, [e.point for e in setup.estimates]
    )
    nominal = conclusions(setup, nominal_scenario, setup.seed)
    payload = _Payload(setup, nominal)
    summary: Summary = run_chunks(
        _sweep_chunk_nominal,
        payload,
        int(samples),
        seed=entropy,
        backend=backend,
        address=address,
        workers=workers,
        chunk_size=chunk_size,
        progress=progress,
        merge=merge_summaries,
    )
    return SweepResult(
        setup,
        int(samples),
        entropy,
        summary,
        nominal,
        recommendations(setup, nominal, summary),
    )


@dataclass(frozen=True)
class _Payload:
    setup: SweepSetup
    nominal: Record


def _sweep_chunk_nominal(payload: _Payload, chunk: Chunk) -> Summary:
    """Run one chunk, labelling each forecast near the nominal one or not."""
    setup = payload.setup
    records: list[Record | None] = []
    for i, rng in chunk.rngs():
        values = draw_estimates(setup.estimates, rng)
        try:
            variant = apply_estimates(setup.scenario, setup.estimates, values)
            record = conclusions(setup, variant, analysis_seed(chunk.entropy, i), rng)
            records.append(_near_labels(setup, payload.nominal, record))
        except CoalitionistError:
            records.append(None)
    return Summary.of_records(records)
