"""Methods by size (issue 18, point 6): which method each section of the brief runs on a large scenario.

The brief's sections are exact at the sizes people write by hand, but some of their methods grow fast with
the number of actors: KTAB's SMP forecast as actors³ (about 40 turns, each comparing every pair of actors
against every third), the outcome's pass probability as draws × voters² (each draw re-counts every voter's
pivotality), the joint-gain analysis as the pairs of actors. :func:`choose_methods` predicts each of these
costs from the scenario's size, before anything runs, and picks per section:

* **forecast** (the brief's one forecast, built by the outcome section): KTAB's SMP within
  :attr:`Budgets.forecast`, else Bueno de Mesquita's expected-utility model (BDM, actors²), else the
  capability × salience weighted median (actors) — stated as approximate, with the reason;
* **outcome**: :data:`~coalitionist.analyses.outcome.DEFAULT_SAMPLES` Monte Carlo draws of the vote within
  :attr:`Budgets.outcome`, else as many as fit (at least :data:`MIN_OUTCOME_DRAWS`), stated with the
  sampling error that follows;
* **trades**: every decision maker within :attr:`Budgets.trades`, else the decision makers with the largest
  capability × salience (the weight the forecast gives them) that fit, stated with how many are left out;
* **plan**: the planner's own automatic method (:func:`coalitionist.strategy.plan`) on every candidate up to
  :attr:`Budgets.plan_candidates`, else on that many candidates with the highest chance × voting power,
  stated with how many are left out;
* **robustness** (the quick check every brief carries): run within :attr:`Budgets.robustness` and only
  when the forecast is SMP's (it re-derives SMP's end points), else skipped with the reason and the command
  that runs a check at this size;
* **power**: whatever :func:`coalitionist.power.power_indices` picks (``method="auto"``: exact within its
  budget, else Monte Carlo with a stated accuracy); the section states it when the scenario is large.

The costs are CPU seconds on one core of the project's test machine, fitted to section timings measured at
500, 1,000 and 2,000 actors on 2 issues (``benchmarks/heavy.py``; the figures are in ``docs/cli.md``,
Limits). The budgets are parameters (:class:`Budgets`), so a test can lower them and watch each switch fire
on a small scenario; at the bundled examples' sizes (at most 27 actors) none fires, and the brief is the one
it always was.

Examples
--------
>>> plan = choose_size_methods(actors=2000, issues=2, decision_makers=2000, candidates=1999)
>>> plan.forecast_model, plan.trades_actors is not None, plan.robustness
('bdm', True, False)
>>> choose_size_methods(actors=25, issues=2, decision_makers=25, candidates=24).switched
False
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coalitionist.scenario.model import Scenario

__all__ = [
    "APPROXIMATE",
    "DEFAULT_BUDGETS",
    "EXACT",
    "SKIPPED",
    "Budgets",
    "ScalePlan",
    "SectionMethod",
    "choose_methods",
    "choose_size_methods",
    "duration_text",
    "forecast_seconds",
    "lockout_method",
    "lockout_seconds",
    "outcome_seconds",
    "rest_seconds",
    "top_trade_actors",
    "trades_seconds",
]

#: A section run as at any size (its own method, nothing left out).
EXACT = "exact"
#: A section run by a stated cheaper method, or on a stated part of the scenario.
APPROXIMATE = "approximate"
#: A section not run, with the reason and the command that would run it.
SKIPPED = "skipped"

# --- cost models (CPU seconds on one core of the project's 2-core test machine) ----------------------

#: SMP: seconds per turn ≈ SMP_PER_TURN + SMP_PER_CUBE · n³ · d (measured 50-200 actors, 2 issues: one turn
#: grows as n^2.9, 0.018 s at 100 actors, 0.13 s at 200); turns: typically 20-40, at most 100.
SMP_PER_TURN = 2e-4
SMP_PER_CUBE = 9e-9
SMP_EXPECTED_TURNS = 40
#: BDM: seconds per round ≈ BDM_PER_SQUARE · n² · d (0.23 s for 10 rounds at 200 actors, 2 issues).
BDM_PER_SQUARE = 3e-7
BDM_ROUNDS = 10
#: Weighted mean and median: seconds ≈ CENTRAL_PER_CELL · n · d (+ start-up).
CENTRAL_PER_CELL = 1e-6

#: Outcome: seconds per Monte Carlo draw of the vote ≈ OUTCOME_PER_DRAW_SQUARE · voters² (each draw re-counts
#: every voter's pivotality; the brief's outcome section took 6.8 s for 1,000 draws at 500 voters and 75 s
#: at 2,000, CPU).
OUTCOME_PER_DRAW_SQUARE = 3e-8
#: Lockout risk (``coalitionist process``): seconds per Monte Carlo sample ≈ LOCKOUT_PER_SAMPLE_SQUARE · actors²
#: (each sample re-counts every actor's vote and side deal: 5.4 ms a sample at 500 actors, 19 ms at 1,000,
#: CPU, i.e. 2.0-2.2e-8 · n²), at least LOCKOUT_PER_SAMPLE.
LOCKOUT_PER_SAMPLE_SQUARE = 2.5e-8
LOCKOUT_PER_SAMPLE = 1e-4
#: Trades: seconds ≈ TRADES_BASE + pairs · TRADES_PER_PAIR · (issues · options)^TRADES_EXPONENT (each pair's
#: frontier, trade and wording; CPU, fitted to 1.3 ms a pair at 2 issues × 11 options — 100 actors took
#: 6.4 s — and 80 ms a pair at 50 issues × 11 options — 10 actors took 3.6 s) — plus, when the exact
#: method applies (at most 12 actors), the three-way groups, charged like pairs. The one trades cost model:
#: :func:`coalitionist.cli.limits.trades_cost` is this with the command's words.
TRADES_BASE = 0.2
TRADES_PER_PAIR = 2.4e-5
TRADES_EXPONENT = 1.28
#: The sections no switch changes (power, influence, coalitions, the plan's setup, the process plan),
#: together: seconds ≈ REST_BASE + REST_PER_SQUARE · n² (fitted at 500-2,000 actors, 2 issues).
REST_BASE = 1.0
REST_PER_SQUARE = 2e-5
#: Peak memory of the brief ≈ PLAN_MEMORY_PER_SQUARE · (planned candidates)² bytes (the plan's and the
#: process plan's pairwise tables dominate) + the forecast model's pairwise tables (8 · n² · d · 6 bytes for
#: SMP and BDM); peak RSS measured on 2 issues: 638 MB at 500 actors, 2.0 GB at 1,000, 2.4 GB at 2,000 (the
#: plan capped at 1,000 candidates).
PLAN_MEMORY_PER_SQUARE = 2_000.0

#: Fewest Monte Carlo draws of the vote the outcome section takes (the pass probability to about ±3.5 %).
MIN_OUTCOME_DRAWS = 200
#: Fewest decision makers the joint-gain analysis keeps when it leaves some out.
MIN_TRADE_ACTORS = 10
#: Fewest Monte Carlo samples of the lockout risk ``coalitionist process`` takes when it takes fewer.
MIN_LOCKOUT_SAMPLES = 200
#: Draws of the quick robustness check (:data:`coalitionist.analyses.robustness.QUICK_DRAWS`).
QUICK_CHECK_DRAWS = 10

_MODEL_WORDS = {
    "smp": "KTAB's SMP",
    "bdm": "BDM (Bueno de Mesquita's expected-utility model)",
    "median": "the capability × salience weighted median",
}


def forecast_seconds(model: str, actors: int, issues: int) -> float:
    """Predicted CPU seconds of one point forecast by ``model`` (``smp``, ``bdm``, else mean/median).

    >>> round(forecast_seconds("smp", 200, 2))
    6
    >>> forecast_seconds("median", 2000, 2) < 1
    True
    """
    n, d = max(1, actors), max(1, issues)
    if model == "smp":
        return SMP_EXPECTED_TURNS * (SMP_PER_TURN + SMP_PER_CUBE * n**3 * d)
    if model == "bdm":
        return BDM_ROUNDS * BDM_PER_SQUARE * n * n * d
    return 1e-3 + CENTRAL_PER_CELL * n * d


def outcome_seconds(voters: int, draws: int) -> float:
    """Predicted CPU seconds of ``draws`` Monte Carlo draws of the vote of ``voters``."""
    return draws * OUTCOME_PER_DRAW_SQUARE * voters * voters


def lockout_seconds(actors: int, samples: int) -> float:
    """Predicted CPU seconds of ``samples`` Monte Carlo samples of the lockout risk among ``actors``."""
    return samples * max(LOCKOUT_PER_SAMPLE, LOCKOUT_PER_SAMPLE_SQUARE * actors * actors)


def trades_seconds(actors: int, issues: int, options: int, *, groups: bool = False) -> float:
    """Predicted CPU seconds of the joint-gain analysis among ``actors`` (``groups``: with the exact
    three-way trades, which apply to at most 12 actors)."""
    pairs = actors * (actors - 1) // 2
    triples = actors * (actors - 1) * (actors - 2) // 6 if groups else 0
    cells = max(1, issues) * max(1, options)
    return TRADES_BASE + (pairs + triples) * TRADES_PER_PAIR * cells**TRADES_EXPONENT


def rest_seconds(actors: int) -> float:
    """Predicted CPU seconds of the sections no switch changes (power, influence, coalitions, process)."""
    return REST_BASE + REST_PER_SQUARE * actors * actors


@dataclass(frozen=True)
class Budgets:
    """Predicted CPU seconds (or counts) above which a section switches to its method for large scenarios.

    The defaults keep the whole brief of 2,000 actors on 2 issues within the default ``--max-seconds``
    (300 s) with room to spare; a test passes lower ones to see each switch fire on a small scenario.

    Attributes
    ----------
    forecast : float
        KTAB's SMP within this, else BDM within this, else the weighted median.
    outcome : float
        Monte Carlo draws of the vote within this.
    trades : float
        The joint-gain analysis among every decision maker within this, else among as many as fit.
    plan_candidates : int
        The planner on at most this many candidates.
    robustness : float
        The quick robustness check within this.
    lockout : float
        ``coalitionist process``'s Monte Carlo samples of the lockout risk within this (the brief's
        process plan takes its own fixed count).
    """

    forecast: float = 30.0
    outcome: float = 30.0
    trades: float = 30.0
    plan_candidates: int = 1_000
    robustness: float = 30.0
    lockout: float = 30.0


#: The budgets the brief uses unless told otherwise.
DEFAULT_BUDGETS = Budgets()


@dataclass(frozen=True)
class SectionMethod:
    """The method one section runs at this size.

    Attributes
    ----------
    section : str
        The section's key (``forecast``, ``outcome``, ``trades``, ``plan``, ``robustness``, ``power``).
    kind : str
        :data:`EXACT`, :data:`APPROXIMATE` or :data:`SKIPPED`.
    method : str
        The method, in words.
    reason : str
        Why, in one sentence (the predicted cost that ruled the usual method out).
    command : str
        For a skipped section: the command that runs it (``FILE`` stands for the scenario file).
    """

    section: str
    kind: str
    method: str
    reason: str = ""
    command: str = ""

    def sentence(self) -> str:
        """What the section's reading says about its method: ``Method at this size: …``."""
        if self.kind == SKIPPED:
            return (
                f"Not run at this size: {self.reason}"
                + (f" To run it: `{self.command}`." if self.command else "")
            ).strip()
        head = "Method at this size (approximate): " if self.kind == APPROXIMATE else "Method: "
        return head + self.method + (f" — {self.reason}" if self.reason else ".")

    def to_dict(self) -> dict[str, str]:
        """Plain data (what the section's JSON carries under ``scale``)."""
        out = {"kind": self.kind, "method": self.method, "reason": self.reason}
        if self.command:
            out["command"] = self.command
        return out


@dataclass(frozen=True)
class ScalePlan:
    """The method each section of one brief runs, chosen from the scenario's size before anything runs.

    Attributes
    ----------
    actors, issues : int
        The scenario's size.
    forecast_model : str
        The bargaining model of the brief's forecast (``smp``, ``bdm`` or ``median``).
    outcome_draws : int
        Monte Carlo draws of the vote in the outcome section.
    trades_actors : int or None
        How many decision makers the joint-gain analysis keeps (None: all of them).
    plan_candidates : int or None
        How many candidates the planner considers (None: all of them).
    robustness : bool
        Whether the quick robustness check runs.
    methods : tuple of SectionMethod
        The sections run otherwise than at any size (empty when nothing switches), in brief order.
    seconds : float
        The predicted CPU seconds of the whole brief under these methods.
    memory : float
        Its predicted peak memory beyond the interpreter's, in bytes.
    parts : tuple of (str, float)
        The predicted CPU seconds of each heavy part, named.
    """

    actors: int
    issues: int
    forecast_model: str = "smp"
    outcome_draws: int = 1000
    trades_actors: int | None = None
    plan_candidates: int | None = None
    robustness: bool = True
    methods: tuple[SectionMethod, ...] = ()
    seconds: float = 0.0
    memory: float = 0.0
    parts: tuple[tuple[str, float], ...] = field(default=(), compare=False)

    @property
    def switched(self) -> bool:
        """Whether any section runs otherwise than at any size."""
        return bool(self.methods)

    def method(self, section: str) -> SectionMethod | None:
        """The switched method of ``section`` (None: it runs as at any size)."""
        return next((m for m in self.methods if m.section == section), None)

    def with_method(self, method: SectionMethod) -> ScalePlan:
        """This plan with ``method`` added (or replacing that section's)."""
        kept = tuple(m for m in self.methods if m.section != method.section)
        return replace(self, methods=(*kept, method))

    def to_dict(self) -> dict[str, Any]:
        """Plain data: the size, every switched section's method and the predicted cost."""
        return {
            "actors": self.actors,
            "issues": self.issues,
            "predicted_cpu_seconds": round(self.seconds, 1),
            "predicted_memory_bytes": int(self.memory),
            "sections": {m.section: m.to_dict() for m in self.methods},
        }


def duration_text(seconds: float) -> str:
    """``0.3 s``, ``42 s``, ``7 min``, ``28 h``, ``3 days``, ``1.2e+03 years``: a predicted or measured
    duration as a user reads it (the sections' reasons and the command line's limits both write it so).

    >>> duration_text(3e-7), duration_text(0.25), duration_text(71), duration_text(1e5)
    ('under 0.01 s', '0.2 s', '71 s', '28 h')
    """
    if seconds < 0.01:
        return "under 0.01 s"
    if seconds < 10:
        return f"{seconds:.1g} s" if seconds < 1 else f"{seconds:.0f} s"
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    if seconds < 3 * 86400:
        return f"{seconds / 3600:.0f} h"
    if seconds < 365 * 86400:
        return f"{seconds / 86400:.0f} days"
    return f"{seconds / (365 * 86400):.2g} years"


def choose_size_methods(
    *,
    actors: int,
    issues: int,
    decision_makers: int,
    candidates: int,
    options: int = 11,
    default_draws: int = 1000,
    budgets: Budgets = DEFAULT_BUDGETS,
    fixed_forecast: bool = False,
) -> ScalePlan:
    """The method of each section from the scenario's size alone (see :func:`choose_methods`).

    Parameters
    ----------
    actors, issues : int
        The scenario's size.
    decision_makers : int
        The actors the rule counts (the voters, and the actors the trades are searched among).
    candidates : int
        The actors the focal actor could recruit (0: no plan).
    options : int
        Options per issue in the trade search (given, or the 11-point grid).
    default_draws : int
        The outcome section's Monte Carlo draws at any size.
    budgets : Budgets
    fixed_forecast : bool
        The file gives a proposal: the brief's forecast is that proposal (or the status quo), not a model
        output, so the quick robustness check re-runs no forecast model (it re-counts the vote and
        re-decides the plan's first move at a few swings: 0.02 s of CPU at 500 actors) and runs.
    """
    n, d = actors, issues
    methods: list[SectionMethod] = []
    parts: list[tuple[str, float]] = []
    # forecast: SMP, else BDM, else the weighted median
    smp = forecast_seconds("smp", n, d)
    model = "smp"
    if d and n >= 2 and smp > budgets.forecast:
        bdm = forecast_seconds("bdm", n, d)
        model = "bdm" if bdm <= budgets.forecast else "median"
        grows = "actors²" if model == "bdm" else "the number of actors"
        methods.append(
            SectionMethod(
                "forecast",
                APPROXIMATE,
                _MODEL_WORDS[model],
                f"KTAB's SMP would take about {duration_text(smp)} at {n:,} actors (it grows as"
                f" actors³), over its budget of {duration_text(budgets.forecast)}"
                + (f", and BDM about {duration_text(bdm)}" if model == "median" else "")
                + f"; {_MODEL_WORDS[model]} grows as {grows} and is the brief's forecast instead."
                " `coalitionist forecast FILE -m smp --max-seconds 0` runs SMP without a limit.",
            )
        )
    if d and n >= 2:
        parts.append((f"the forecast ({_MODEL_WORDS[model]})", forecast_seconds(model, n, d)))
    # outcome: Monte Carlo draws of the vote
    draws = default_draws
    if d and decision_makers and outcome_seconds(decision_makers, default_draws) > budgets.outcome:
        per = outcome_seconds(decision_makers, 1)
        draws = max(MIN_OUTCOME_DRAWS, min(default_draws, int(budgets.outcome / per)))
        if draws < default_draws:
            error = 0.5 / math.sqrt(draws) * 1.96
            methods.append(
                SectionMethod(
                    "outcome",
                    APPROXIMATE,
                    f"{draws:,} Monte Carlo draws of the vote instead of {default_draws:,}",
                    f"each draw re-counts the pivotality of all {decision_makers:,} voters, so"
                    f" {default_draws:,} draws would take about"
                    f" {duration_text(outcome_seconds(decision_makers, default_draws))}, over the section's"
                    f" budget of {duration_text(budgets.outcome)}; the pass probability and each voter's"
                    f" shares are within about ±{error:.0%} (95 %). `coalitionist outcome FILE --max-seconds 0 --samples"
                    f" {default_draws}` takes all {default_draws:,}.",
                )
            )
    if d and decision_makers:
        parts.append((f"{draws:,} draws of the vote", outcome_seconds(decision_makers, draws)))
    # trades: among the decision makers, or the heaviest that fit
    keep: int | None = None
    if d and decision_makers >= 2:
        groups = 3 <= decision_makers <= 12
        full = trades_seconds(decision_makers, d, options, groups=groups)
        if full > budgets.trades:
            # the most decision makers whose pair search fits (at least MIN_TRADE_ACTORS): bisection
            low, high = MIN_TRADE_ACTORS, decision_makers - 1
            while low < high:
                mid = (low + high + 1) // 2
                if trades_seconds(mid, d, options) <= budgets.trades:
                    low = mid
                else:
                    high = mid - 1
            keep = low
            methods.append(
                SectionMethod(
                    "trades",
                    APPROXIMATE,
                    f"the joint-gain analysis among the {keep:,} decision makers with the largest"
                    " capability × salience (the weight the forecast gives them)",
                    f"among all {decision_makers:,} it would search"
                    f" {decision_makers * (decision_makers - 1) // 2:,} pairs of actors (about"
                    f" {duration_text(full)}), over the section's budget of {duration_text(budgets.trades)};"
                    f" the other {decision_makers - keep:,} are left out of its packages and trades."
                    " `coalitionist trades FILE --max-seconds 0` searches among all of them.",
                )
            )
            parts.append((f"trades among {keep:,}", trades_seconds(keep, d, options)))
        else:
            parts.append(("trades", full))
    # plan: the planner's own method on at most budgets.plan_candidates candidates
    cap: int | None = None
    if candidates > budgets.plan_candidates:
        cap = budgets.plan_candidates
        methods.append(
            SectionMethod(
                "plan",
                APPROXIMATE,
                f"the planner's own automatic method on the {cap:,} candidates with the highest"
                " chance × voting power",
                f"{candidates:,} candidates are over the plan's cap of {cap:,}; the other"
                f" {candidates - cap:,} are left out of the plan (never approached).",
            )
        )
    # the quick robustness check re-derives SMP's end points (and the plan's first move) in each draw
    robust = True
    check = (QUICK_CHECK_DRAWS + 1) * forecast_seconds("smp", n, d) if d and n >= 2 else 0.0
    if fixed_forecast:
        check = 0.0
    if d and n >= 2 and not fixed_forecast and (model != "smp" or check > budgets.robustness):
        robust = False
        methods.append(
            SectionMethod(
                "robustness",
                SKIPPED,
                "the quick robustness check",
                f"it re-runs KTAB's SMP forecast in each of its {QUICK_CHECK_DRAWS} draws, about"
                f" {duration_text(check)} at {n:,} actors, over its budget of"
                f" {duration_text(budgets.robustness)}"
                + (f", and the brief's forecast is {_MODEL_WORDS[model]}" if model != "smp" else "")
                + ". How far the forecast holds when the estimates vary can be checked with the"
                " weighted median, which scales to this size.",
                "coalitionist sweep FILE -n 200 -m median --what forecast",
            )
        )
    elif d and n >= 2:
        parts.append(("the quick robustness check", check))
    parts.append(("the other sections", rest_seconds(n)))
    return ScalePlan(
        actors=n,
        issues=d,
        forecast_model=model,
        outcome_draws=draws,
        trades_actors=keep,
        plan_candidates=cap,
        robustness=robust,
        methods=tuple(methods),
        seconds=sum(s for _, s in parts),
        memory=PLAN_MEMORY_PER_SQUARE * min(candidates, cap or candidates) ** 2
        + (8.0 * n * n * d * 6 if model in ("smp", "bdm") else 0.0),
        parts=tuple(parts),
    )


def lockout_method(
    actors: int, default: int, budgets: Budgets = DEFAULT_BUDGETS
) -> tuple[int, SectionMethod | None]:
    """How many Monte Carlo samples of the lockout risk ``coalitionist process`` takes among ``actors``:
    ``default`` within :attr:`Budgets.lockout`, else as many as fit (at least
    :data:`MIN_LOCKOUT_SAMPLES`), with the method that says so (None when nothing changes).

    >>> lockout_method(2000, 2000)[0]  # 30 s / (2.5e-8 × 2,000²) = 300 samples
    300
    >>> lockout_method(25, 2000)
    (2000, None)
    """
    full = lockout_seconds(actors, default)
    if full <= budgets.lockout:
        return default, None
    samples = max(
        MIN_LOCKOUT_SAMPLES, min(default, int(budgets.lockout / lockout_seconds(actors, 1)))
    )
    if samples >= default:
        return default, None
    error = 0.5 / math.sqrt(samples) * 1.96
    return samples, SectionMethod(
        "lockout",
        APPROXIMATE,
        f"{samples:,} Monte Carlo samples of the lockout risk instead of {default:,}",
        f"each sample re-counts the votes and side deals of all {actors:,} actors, so {default:,}"
        f" samples would take about {duration_text(full)}, over the budget of"
        f" {duration_text(budgets.lockout)}; the lockout risk is within about ±{error:.0%} (95 %)."
        f" `coalitionist process FILE --max-seconds 0 --samples {default}` takes all {default:,}.",
    )


def choose_methods(
    scenario: Scenario, budgets: Budgets = DEFAULT_BUDGETS, *, default_draws: int | None = None
) -> ScalePlan:
    """The method of each section of ``scenario``'s brief (module docstring), from its size alone."""
    from coalitionist.analyses.outcome import DEFAULT_SAMPLES
    from coalitionist.analyses.rule import decision_makers
    from coalitionist.analyses.trades import GRID_SIZE

    sizes = [
        len(s.option_values) if s.option_values is not None else GRID_SIZE for s in scenario.issues
    ]
    stated = bool(scenario.issues) and bool(scenario.arrays.stated.any())
    makers = len(decision_makers(scenario))
    focal = scenario.focal
    if focal is None:
        candidates = 0
    elif scenario.recruitment is not None:
        candidates = len([a for a in scenario.recruitment.actors if a != focal])
    else:
        candidates = len(scenario.actors) - 1
    return choose_size_methods(
        actors=len(scenario.actors),
        issues=len(scenario.issues) if stated else 0,
        decision_makers=makers,
        candidates=candidates,
        options=round(sum(sizes) / len(sizes)) if sizes else 1,
        default_draws=DEFAULT_SAMPLES if default_draws is None else default_draws,
        budgets=budgets,
        fixed_forecast=scenario.proposal is not None,
    )


def top_trade_actors(scenario: Scenario, among: Sequence[str], keep: int) -> tuple[str, ...]:
    """The ``keep`` actors of ``among`` with the largest capability × total salience (ties: file order),
    in file order: those the joint-gain analysis keeps at this size."""
    arrays = scenario.arrays
    weight = arrays.capability.clip(min=0.0) * (arrays.salience * arrays.stated).sum(axis=1)
    rows = [(scenario.actor_index[a], a) for a in among]
    ranked = sorted(rows, key=lambda r: (-float(weight[r[0]]), r[0]))[:keep]
    return tuple(a for _, a in sorted(ranked))
