"""How robust is the advice? The brief's conclusions re-derived over random draws of every estimate.

The brief's robustness section (``coalitionist analyze FILE --robustness N``; off by default, because each
draw re-runs the forecast and re-decides the plan's first move, which costs from milliseconds to a second
per draw):

1. **Draw.** ``N`` variants of the scenario, every estimate drawn as a sweep draws it
   (:mod:`coalitionist.analyses.sweep_estimates`: stated distributions, else a uniform band of
   :data:`~coalitionist.analyses.sweep.DEFAULT_PERTURB` % of its range), on the sample engine
   (:func:`coalitionist.engine.run_chunks`), so every backend gives the same numbers for the same seed.
2. **Re-derive** in each variant the conclusions the brief states: where each issue's decision lands
   (the brief's forecast model) and whom to approach first (decided as the brief's plan decides it: exact
   up to 14 candidates, else the rollout's decision at the root), and, for exact plans, the chance of
   reaching the goal.
3. **Holds**: the share of draws in which the first move is the brief's, or the number lands within
   :data:`TOLERANCE` of its scale of the brief's.
4. **Which estimates matter**: first-order Sobol' indices of every estimate from the same draws (the
   given-data estimator of Plischke 2010, :func:`coalitionist.robustness.easi_first_order`), read as a
   driver only above the permutation threshold (:func:`coalitionist.robustness.easi_threshold`, a
   Bonferroni bound over the estimates), and a tornado of the :data:`TOP` of them: each swung alone from
   the low to the high end of its range, the others at their point (``2 × TOP`` more runs per conclusion).
5. **Verdict**: *robust* when it holds in at least :data:`ROBUST_SHARE` of the draws and no swing alone
   changes it (a label) or moves it by more than the tolerance (a number); otherwise *sensitive to* the
   estimates that drive it, with their indices — or, when none stands out, "no single estimate explains it".

References
----------
.. [1] A. Saltelli et al., *Global Sensitivity Analysis: The Primer*, Wiley, 2008, ch. 1 and 4.
.. [2] E. Plischke, "An effective algorithm for computing global sensitivity indices (EASI)", *Reliability
   Engineering & System Safety* 95(4), 2010.
.. [3] R. T. Clemen and T. Reilly, *Making Hard Decisions*, Duxbury, 2001, ch. 5 (tornado diagrams).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coalitionist.analyses.forecast import DEFAULT_MODEL, ForecastBrief
from coalitionist.analyses.power import ScenarioGame
from coalitionist.analyses.reference import shared_forecast
from coalitionist.analyses.section import Section, Table
from coalitionist.analyses.strategy import recruitment_problem
from coalitionist.analyses.sweep import (
    Record,
    SweepSetup,
    conclusions,
    nominal_seed,
    run_outcome,
    sweep_setup,
)
from coalitionist.analyses.sweep_estimates import Estimate, apply_estimates, draw_estimates
from coalitionist.display import FrameMixin, ReprMixin
from coalitionist.engine import Chunk, analysis_seed, root_entropy, run_chunks
from coalitionist.errors import CoalitionistError, UsageError
from coalitionist.robustness import (
    Tornado,
    TornadoBar,
    easi_first_order,
    easi_threshold,
    tornado,
)
from coalitionist.scenario.model import Scenario
from coalitionist.seeding import Seed, as_entropy
from coalitionist.strategy.planner import AUTO_EXACT_MAX as BRIEF_EXACT_MAX
from coalitionist.strategy.planner import AUTO_ROLLOUT_MAX
from coalitionist.strategy.scalable import GreedyOracle
from coalitionist.wording import and_join, percent

__all__ = [
    "DEFAULT_DRAWS",
    "QUICK_DRAWS",
    "ROBUST_SHARE",
    "TOLERANCE",
    "TOP",
    "ConclusionCheck",
    "Driver",
    "RobustnessResult",
    "build_section",
    "run_robustness",
]

#: Draws when ``--robustness`` is given without a number.
DEFAULT_DRAWS = 200
#: Draws of the quick check every brief carries (about 0.4 s of CPU on the Gulf War brief).
QUICK_DRAWS = 10
#: Estimates a quick check swings one at a time, per conclusion.
QUICK_SWINGS = 2
#: Swings at which a quick check re-decides a rollout plan's first move as the brief does (the chance of
#: the actor approached first at the low end of its range, of its closest rival at the high end): a
#: rollout decision costs about a tenth of a second on the Gulf War (its exact 12-candidate core), too
#: much to repeat in every draw of a check that must stay near a third of a second.
QUICK_THREATS = 2
#: Pivotal voters whose pivotality is checked (the nearest to flipping first).
PIVOTAL_CHECKED = 3
#: A conclusion is robust when it holds in at least this share of the draws (and no swing alone changes it).
ROBUST_SHARE = 0.9
#: A number holds when it lands within this share of its scale of the brief's (forecasts: the issue's scale;
#: probabilities: 1).
TOLERANCE = 0.05
#: Estimates given a tornado bar, per conclusion.
TOP = 5
#: An index must also reach this to be called a driver (besides the permutation threshold).
MIN_INDEX = 0.05
#: What the brief's forecast is: ``model`` — the bargaining model's end point (its forecast checks are
#: the brief's forecast); ``moved`` — the model's end point moved to what the rule can adopt (the checks
#: are of the model's end points, not of the brief's forecast); ``fixed`` — not a model output at all: the
#: scenario's proposal, which passes, or the status quo it fails to replace (it stands wherever the result
#: does; a quick check does not re-run the model).
FORECAST_BASES = ("model", "moved", "fixed")


@dataclass(frozen=True)
class Driver:
    """An estimate and its first-order Sobol' index for one conclusion."""

    key: str
    label: str
    first_order: float

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {"estimate": self.key, "label": self.label, "first_order": self.first_order}


@dataclass(frozen=True)
class ConclusionCheck:
    """One conclusion of the brief over the draws.

    Attributes
    ----------
    key : str
        ``plan.first``, ``plan.p_goal`` or ``forecast.<issue>``.
    text : str
        The conclusion, in words ("the plan's first move (approach the United Kingdom)").
    kind : str
        ``label`` (holds when equal to the brief's) or ``number``.
    nominal : float or str
        The brief's value (an actor id for the first move).
    holds : float
        Share of the successful draws in which it holds.
    draws : int
        Successful draws (a draw whose analysis failed is left out and counted in ``failed``).
    quantiles : tuple of float
        5 % and 95 % quantiles over the draws (numbers only; empty for labels).
    drivers : tuple of Driver
        Estimates whose index passes the threshold, largest first.
    top : tuple of Driver
        The :data:`TOP` largest indices (drivers or not): the tornado's estimates.
    tornado : Tornado or None
        The one-at-a-time swings of ``top`` (a label's output is 1 where it holds, 0 where it does not).
    flips : tuple of str
        Estimates whose swing alone changes the conclusion (labels) or moves it beyond the tolerance.
    robust : bool
    sentence : str
        The verdict as the brief prints it.
    scale : float
        The width its tolerance is a share of (the issue's scale; 1 for probabilities and labels).
    """

    key: str
    text: str
    kind: str
    nominal: float | str
    holds: float
    draws: int
    quantiles: tuple[float, ...]
    drivers: tuple[Driver, ...]
    top: tuple[Driver, ...]
    tornado: Tornado | None
    flips: tuple[str, ...]
    robust: bool
    sentence: str
    scale: float = 1.0
    swings: Tornado | None = None
    #: ``draws`` (the share is over the random draws) or ``threats`` (over the swings that threaten a
    #: rollout plan's first move, :data:`QUICK_THREATS`).
    basis: str = "draws"

    def to_dict(self) -> dict[str, Any]:
        """Plain data (estimates keyed by id)."""
        return {
            "id": self.key,
            "basis": self.basis,
            "text": self.text,
            "kind": self.kind,
            "nominal": self.nominal,
            "holds": self.holds,
            "draws": self.draws,
            "quantiles": {"q05": self.quantiles[0], "q95": self.quantiles[1]}
            if self.quantiles
            else None,
            "robust": self.robust,
            "drivers": [d.to_dict() for d in self.drivers],
            "first_order_top": [d.to_dict() for d in self.top],
            "tornado": None if self.tornado is None else self.tornado.to_dict(),
            "swings": None if self.swings is None else self.swings.to_dict(),
            "flips": list(self.flips),
            "sentence": self.sentence,
        }


@dataclass(frozen=True, repr=False)
class RobustnessResult(ReprMixin, FrameMixin):
    """The brief's conclusions over ``draws`` draws of the estimates (module docstring)."""

    draws: int
    failed: int
    seed: int
    perturb: float
    default_perturb: bool
    estimates_varied: int
    uncertain: int
    threshold: dict[str, float]
    plan_method: str | None
    forecast_model: str | None
    runs: int
    checks: tuple[ConclusionCheck, ...]
    labels: dict[str, str]
    mode: str = "full"
    #: What the brief's forecast is (:data:`FORECAST_BASES`) and, when fixed, what it is in words.
    forecast_basis: str = "model"
    forecast_fixed: str = ""

    def check(self, key: str) -> ConclusionCheck | None:
        """The check of one conclusion, if it was made."""
        return next((c for c in self.checks if c.key == key), None)

    def to_dict(self) -> dict[str, Any]:
        """The ``robustness`` section's JSON ``data``."""
        return {
            "mode": self.mode,
            "draws": self.draws,
            "failed": self.failed,
            "seed": self.seed,
            "perturb": {"pct": self.perturb, "default": self.default_perturb},
            "estimates": {"varied": self.estimates_varied, "uncertain": self.uncertain},
            "plan_method": self.plan_method,
            "forecast_model": self.forecast_model,
            "forecast_basis": {"kind": self.forecast_basis, "fixed": self.forecast_fixed or None},
            "runs": self.runs,
            "robust_share": ROBUST_SHARE,
            "tolerance": TOLERANCE,
            "threshold": self.threshold,
            "conclusions": [c.to_dict() for c in self.checks],
        }


@dataclass(frozen=True)
class _Draws:
    setup: SweepSetup


def _draws_chunk(payload: _Draws, chunk: Chunk) -> list[tuple[NDArray[np.float64], Record | None]]:
    """Draw the estimates of samples ``chunk.start … stop − 1`` and re-derive the conclusions of each."""
    setup = payload.setup
    out: list[tuple[NDArray[np.float64], Record | None]] = []
    for i, rng in chunk.rngs():
        values = draw_estimates(setup.estimates, rng)
        try:
            variant = apply_estimates(setup.scenario, setup.estimates, values)
            out.append((values, conclusions(setup, variant, analysis_seed(chunk.entropy, i))))
        except CoalitionistError:
            out.append((values, None))
    return out


@dataclass(frozen=True)
class _Rows:
    setup: SweepSetup
    rows: NDArray[np.float64]


def _rows_chunk(payload: _Rows, chunk: Chunk) -> list[Record | None]:
    """Conclusions of the given rows ``chunk.start … stop − 1`` (the tornado's swings; no randomness)."""
    out: list[Record | None] = []
    for i in range(chunk.start, chunk.stop):
        try:
            variant = apply_estimates(
                payload.setup.scenario, payload.setup.estimates, payload.rows[i]
            )
            out.append(conclusions(payload.setup, variant, payload.setup.seed))
        except CoalitionistError:
            out.append(None)
    return out


def _concat(a: list[Any], b: list[Any]) -> list[Any]:
    return a + b


def _value(record: Record | None, key: str, kind: str, nominal: Record) -> float:
    """A conclusion's output in one run: the number, or 1.0 / 0.0 for a label that holds / does not."""
    if record is None:
        return float("nan")
    if kind == "number":
        return float(record[0].get(key, np.nan))
    return float(record[1].get(key) == nominal[1][key])


def _model_words(model: str) -> str:
    """``SMP bargaining``, ``BDM bargaining``, ``weighted median``."""
    return {"median": "weighted median", "weighted_median": "weighted median"}.get(
        model, f"{model.upper()} bargaining"
    )


def _conclusions_to_check(
    setup: SweepSetup,
    nominal: Record,
    names: dict[str, str],
    nominal_outcome: Any = None,
    *,
    quick: bool = False,
    forecast_basis: str = "model",
) -> list[tuple[str, str, str, float]]:
    """``(key, text, kind, scale)`` of the brief's conclusions this scenario has: the result, the pivotal
    voters nearest to flipping (:data:`PIVOTAL_CHECKED` of them), the plan's first move and chance, each
    forecast."""
    nums, labs = nominal
    out: list[tuple[str, str, str, float]] = []
    if "outcome.passes" in labs:
        passes = labs["outcome.passes"] == "true"
        out.append(
            (
                "outcome.passes",
                "That the proposal passes" if passes else "That the proposal fails",
                "label",
                1.0,
            )
        )
        pivots = (
            [f["actor"] for f in nominal_outcome.to_dict().get("pivotal", [])]
            if nominal_outcome is not None
            else []
        )
        for a in pivots[:PIVOTAL_CHECKED]:
            if labs.get(f"outcome.pivotal.{a}") == "true":
                out.append(
                    (f"outcome.pivotal.{a}", f"That {names.get(a, a)} is pivotal", "label", 1.0)
                )
    if "plan.first" in labs:
        first = labs["plan.first"]
        text = (
            f"The plan's first move (approach {names.get(first, first)})"
            if first != "nobody"
            else "The plan's first move (approach nobody now)"
        )
        out.append(("plan.first", text, "label", 1.0))
    if "plan.p_goal" in nums:
        out.append(
            (
                "plan.p_goal",
                f"The plan's chance of reaching the goal ({percent(nums['plan.p_goal'])})",
                "number",
                1.0,
            )
        )
    what = (
        "The forecast"
        if forecast_basis == "model"
        else f"The {_model_words(setup.model)} end point"
    )
    for issue in setup.scenario.issues:
        key = f"forecast.{issue.id}"
        if key in nums:
            out.append(
                (
                    key,
                    f"{what} for “{issue.label}” ({nums[key]:.3g})",
                    "number",
                    float(issue.scale[1] - issue.scale[0]),
                )
            )
    return out


def _sentence(
    text: str,
    kind: str,
    holds: float,
    n: int,
    spread: str,
    drivers: Sequence[Driver],
    flips: Sequence[str],
    labels: dict[str, str],
    threshold: float,
    robust: bool,
    *,
    quick: bool = False,
    swung: Sequence[str] = (),
) -> str:
    if quick:
        return _quick_sentence(text, kind, holds, n, spread, flips, labels, robust, swung)
    verb = (
        "holds"
        if kind == "label"
        else f"stays within {TOLERANCE * 100:g} percentage points"
        if text.startswith("The plan's chance")
        else f"stays within {percent(TOLERANCE)} of its scale"
    )
    head = (
        f"{text} {verb} in all {n} draws"
        if holds == 1.0
        else f"{text} {verb} in {percent(holds)} of {n} draws"
    ) + (f" ({spread})" if spread else "")
    if robust:
        return (
            head
            + ": robust — no estimate swung alone across its range "
            + ("changes it" if kind == "label" else "moves it beyond that band")
            + "."
        )
    parts: list[str] = []
    if drivers:
        shown = list(drivers[:3])
        parts.append(
            "it is sensitive to "
            + and_join(
                [
                    f"{d.label} (first-order Sobol {d.first_order:.2f})"
                    if k == 0
                    else f"{d.label} ({d.first_order:.2f})"
                    for k, d in enumerate(shown)
                ]
            )
        )
    extra = [f for f in flips if f not in {d.key for d in drivers[:3]}][:3]
    if extra:
        effect = "changes it" if kind == "label" else "moves it beyond that band"
        if len(extra) == 1:
            parts.append(f"swung alone across its range, {labels.get(extra[0], extra[0])} {effect}")
        else:
            parts.append(
                "swung alone across their ranges, "
                + and_join([labels.get(f, f) for f in extra])
                + " each "
                + ("change it" if kind == "label" else "move it beyond that band")
            )
    if not parts:
        if np.isfinite(threshold):
            parts.append(
                "no single estimate explains it (none has a first-order Sobol index above"
                f" {max(threshold, MIN_INDEX):.2f}): it turns on several together"
            )
        else:
            parts.append("no single estimate explains it")
    return head + "; " + "; ".join(parts) + "."


def fails_bound(n: int, confidence: float = 0.95) -> float:
    """The largest failure rate consistent with ``n`` holds in ``n`` draws: ``1 − (1 − confidence)^(1/n)``.

    The exact one-sided binomial bound ("rule of three" for large ``n``): if the conclusion failed in a
    share ``q`` of all cases, ``n`` holds in a row would have chance ``(1 − q)^n``.

    Examples
    --------
    >>> round(fails_bound(10), 3)
    0.259
    """
    return 1.0 - (1.0 - confidence) ** (1.0 / n)


def _quick_sentence(
    text: str,
    kind: str,
    holds: float,
    n: int,
    spread: str,
    flips: Sequence[str],
    labels: dict[str, str],
    robust: bool,
    swung: Sequence[str],
) -> str:
    verb = (
        "holds"
        if kind == "label"
        else f"stays within {TOLERANCE * 100:g} percentage points"
        if text.startswith("The plan's chance")
        else f"stays within {percent(TOLERANCE)} of its scale"
    )
    if not n:
        return f"{text}: every draw of the quick check failed to run, so it is not checked."
    held = round(holds * n)
    head = (
        f"{text} {verb} in all {n} draws of the quick check (so it fails in fewer than"
        f" {percent(fails_bound(n))} of cases, at 95 % confidence)"
        if held == n
        else f"{text} {verb} in {held} of {n} draws of the quick check"
    ) + (f" ({spread})" if spread else "")
    if flips:
        moved = [labels.get(f, f) for f in flips]
        effect = "changes it" if kind == "label" else "moves it beyond that band"
        return (
            head
            + f"; sensitive to {and_join(moved)}: "
            + (
                "swung alone across its range, it "
                if len(moved) == 1
                else "each, swung alone across its range, "
            )
            + effect
            + "."
        )
    checked = (
        f" none of {and_join(list(swung))}, swung alone across its range, changes it"
        if len(swung) > 1
        else f" {swung[0]}, swung alone across its range, does not change it"
        if swung
        else ""
    )
    if robust:
        return head + ": robust" + (f" —{checked}." if checked else ".")
    return (
        head
        + "; not robust"
        + (f", though{checked}" if checked else "")
        + ": `--robustness 200` names the estimates it turns on."
    )


def _spread(key: str, kind: str, quantiles: tuple[float, ...]) -> str:
    if kind == "label" or not quantiles:
        return ""
    if key == "plan.p_goal":
        return f"90 % of draws between {percent(quantiles[0])} and {percent(quantiles[1])}"
    return f"90 % of draws between {quantiles[0]:.3g} and {quantiles[1]:.3g}"


def _structural_candidates(
    key: str,
    setup: SweepSetup,
    nominal_outcome: Any,
    records: Sequence[Record | None],
    nominal: Record,
    index_of: dict[str, int],
) -> list[int]:
    """The estimates a quick check swings for one conclusion: those it turns on most directly.

    * the plan's first move: the recruitment chance of the actor approached first, then of the actor most
      often approached first instead in the draws (if any), then the first mover's cost;
    * whether the proposal passes: the positions, then saliences, of the pivotal voters nearest to
      flipping, on the proposal's issues;
    * whether an actor is pivotal: its own positions and saliences on the proposal's issues.

    Forecasts get no swings in a quick check (each would re-run the bargaining model).
    """
    wanted: list[str] = []
    issues = list(setup.proposal or {})
    if key == "plan.first":
        first = nominal[1]["plan.first"]
        others = Counter(
            r[1].get("plan.first")
            for r in records
            if r is not None and r[1].get("plan.first") != first
        )
        wanted.append(f"p[{first}]")
        if others:
            wanted.append(f"p[{others.most_common(1)[0][0]}]")
        wanted.append(f"cost[{first}]")
    elif key == "outcome.passes" and nominal_outcome is not None:
        pivots = [f["actor"] for f in nominal_outcome.to_dict().get("pivotal", [])][:2]
        wanted += [f"position[{a}][{i}]" for a in pivots for i in issues]
        wanted += [f"salience[{a}][{i}]" for a in pivots for i in issues]
    elif key.startswith("outcome.pivotal."):
        a = key.removeprefix("outcome.pivotal.")
        wanted += [f"position[{a}][{i}]" for i in issues]
        wanted += [f"salience[{a}][{i}]" for i in issues]
    out = [index_of[w] for w in wanted if w in index_of]
    return list(dict.fromkeys(out))[:QUICK_SWINGS]


def _threats(
    problem: Any, setup: SweepSetup, index_first: str, brief_first: str
) -> list[tuple[int, int]]:
    """The swings that threaten a rollout plan's first move most (:data:`QUICK_THREATS`): the chance of
    the actor approached first at the low end of its range, then the chance of its closest rival — the
    index policy's first move when it is another, else the candidate with the next highest index — at the
    high end. ``(estimate index, 0 for the low end / 1 for the high end)``; estimates that do not vary are
    skipped."""
    index_of = {e.key: j for j, e in enumerate(setup.estimates) if e.varies}
    scores = GreedyOracle(problem, seed=setup.seed).scores(0, 0)
    ranked = [
        problem.candidates[int(i)]
        for i in np.argsort(-scores, kind="stable")
        if np.isfinite(scores[int(i)])
    ]
    rival = (
        index_first
        if index_first not in ("nobody", brief_first)
        else next((c for c in ranked if c != brief_first), None)
    )
    wanted = [(f"p[{brief_first}]", 0)] if brief_first != "nobody" else []
    if rival is not None:
        wanted.append((f"p[{rival}]", 1))
    return [(index_of[k], end) for k, end in wanted if k in index_of][:QUICK_THREATS]


def _threat_check(
    text: str,
    nominal: Record,
    estimates: Sequence[Estimate],
    threats: Sequence[tuple[int, int]],
    got: Sequence[Record | None],
    labels: dict[str, str],
    names: dict[str, str],
    draws: int,
    method: str = "rollout",
) -> ConclusionCheck:
    """The quick check of a first move the quick draws do not re-decide as the brief does (a rollout
    plan, or an exact plan of 13 or 14 candidates): re-decided as the brief does at each threat."""
    first = nominal[1]["plan.first"]
    bars, flips, held, parts = [], [], [], []
    for (j, end), rec in zip(threats, got, strict=True):
        e = estimates[j]
        lo, hi = e.swing()
        out = _value(rec, "plan.first", "label", nominal)
        # the end not swung is the point estimate, where the first move is the brief's by definition
        low_in, high_in = (lo, e.point) if end == 0 else (e.point, hi)
        low_out, high_out = (out, 1.0) if end == 0 else (1.0, out)
        bars.append(TornadoBar(e.key, float(low_in), float(high_in), low_out, high_out))
        where = f"{labels[e.key]} at the {'low' if end == 0 else 'high'} end of its range ({e.swing()[end]:.3g})"
        if out == 1.0:
            held.append(where)
        else:
            flips.append(e.key)
            now = rec[1].get("plan.first") if rec is not None else None
            parts.append(
                f"with {labels[e.key]} at the {'low' if end == 0 else 'high'} end of its range"
                f" ({e.swing()[end]:.3g}), "
                + (
                    f"the plan approaches {names.get(now, now)} first"
                    if now not in (None, "nobody")
                    else "the plan approaches nobody"
                    if now == "nobody"
                    else "the plan fails to run"
                )
            )
    n = len(bars)
    holds = (
        sum(b.low_output == 1.0 and b.high_output == 1.0 for b in bars) / n if n else float("nan")
    )
    robust = bool(n) and not flips
    how = (
        f"{text}, re-decided as the brief's plan decides it ({_BRIEF_DECISION[method]}, so not in each"
        f" of the {draws} draws)"
    )
    if not n:
        sentence = f"{how}: no estimate it turns on varies, so it is not checked."
    elif robust:
        sentence = (
            f"{how}, holds at the {n} swing{'s' if n > 1 else ''} that threaten it most — "
            + and_join(held)
            + ": robust to "
            + ("them" if n > 1 else "it")
            + "; `--robustness 200` re-decides it in every draw."
        )
    else:
        sentence = (
            f"{how}: sensitive to {and_join([labels[f] for f in flips])} — "
            + and_join(parts)
            + (f"; it holds with {and_join(held)}" if held else "")
            + " (a near-equal choice: `--robustness 200` says how often it changes)."
        )
    tor = Tornado("plan.first", 1.0, tuple(bars)) if bars else None
    return ConclusionCheck(
        "plan.first",
        text,
        "label",
        first,
        holds,
        n,
        (),
        (),
        (),
        None,
        tuple(flips),
        robust,
        sentence,
        swings=tor,
        basis="threats",
    )


def run_robustness(
    scenario: Scenario,
    draws: int = DEFAULT_DRAWS,
    *,
    seed: Seed = 0,
    perturb: float | None = None,
    quick: bool = False,
    game: ScenarioGame | None = None,
    nominal_forecast: dict[str, float] | None = None,
    backend: Any = "serial",
    address: str | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    forecast_basis: str = "model",
    forecast_fixed: str = "",
    brief_first: str | None = None,
) -> RobustnessResult | None:
    """Re-derive the brief's conclusions over ``draws`` draws of the estimates (module docstring).

    Parameters
    ----------
    scenario : Scenario
    draws : int
        Draws of the estimates (the full study: more than 24, since the Sobol' estimator reads 6
        harmonics).
    seed : int, SeedSequence, Generator or None
        The brief's seed (:func:`coalitionist.seeding.as_entropy`; None: fresh entropy, reported): the
        draws come from it, the analyses at the point estimates and in the swings use it, and draw ``i``'s
        analyses use :func:`coalitionist.engine.analysis_seed` ``(seed, i)``.
    perturb : float, optional
        Band in percent around point estimates (default as in ``coalitionist sweep``).
    quick : bool
        The quick check of every brief (module docstring): the plan's first move by the index policy
        beyond 12 candidates, no Sobol' indices, a few structural swings per conclusion.
    game : ScenarioGame, optional
        The scenario's game, when already computed (the rule holds no estimate: it is the same in every
        draw).
    nominal_forecast : dict, optional
        The forecast model's result at the point estimates (issue id → value), when the brief already has
        it: the point estimates' forecast is then not run again.
    backend, address, workers
        Where the runs go (:func:`coalitionist.engine.run_chunks`); the numbers do not depend on it.
    progress : callable, optional
        ``progress(done, total)`` over the draws and then the swings.
    forecast_basis : {"model", "moved", "fixed"}
        What the brief's forecast is (:data:`FORECAST_BASES`); ``fixed`` (the scenario's proposal, or
        the status quo, not a model output): a quick check does not re-run the model, and a full study
        names its numbers the model's end points; ``forecast_fixed`` says what it is in words.
    brief_first : str, optional
        The first move of the brief's plan (an actor id, or ``"nobody"``), when the brief has planned it:
        a quick check of a plan of 13 to 1,000 candidates (the brief plans it exactly up to 14, by rollout
        beyond; the quick draws re-plan exactly only up to 12) re-decides it as the brief does at the
        :data:`QUICK_THREATS` swings that threaten it most, and needs no plan at the point estimates when
        this is given.

    Returns
    -------
    RobustnessResult or None
        None when the scenario has no outcome, forecast or plan to check, or no estimate varies.

    Examples
    --------
    >>> from coalitionist.examples import example_path
    >>> from coalitionist.io import load_scenario
    >>> res = run_robustness(load_scenario(example_path("russia-china-gas-2014")), 40, seed=1)
    >>> res.check("plan.first").nominal, res.draws
    ('china', 40)
    """
    seed = root_entropy(as_entropy(seed))
    if forecast_basis not in FORECAST_BASES:
        raise UsageError(f"forecast_basis must be one of {FORECAST_BASES}, got {forecast_basis!r}")
    # a fixed forecast is no model output: the quick check has no model to re-run (it stands wherever the
    # result does); the full study still reports the model's end points, named as such
    analyses = (
        ("outcome", "plan")
        if quick and forecast_basis == "fixed"
        else ("outcome", "forecast", "plan")
    )
    try:
        setup = sweep_setup(
            scenario,
            analyses,
            perturb=perturb,
            planner="sweep" if quick else "brief",
            first_k=1,
            seed=nominal_seed(seed),
            game=game,
        )
    except CoalitionistError:
        return None
    estimates: tuple[Estimate, ...] = setup.estimates
    varied = [j for j, e in enumerate(estimates) if e.varies]
    if not varied:
        return None
    point = np.array([e.point for e in estimates])
    nominal_scenario = apply_estimates(scenario, estimates, point)
    if nominal_forecast is not None and "forecast" in setup.what:
        others = tuple(w for w in setup.what if w != "forecast")
        nominal = conclusions(replace(setup, what=others), nominal_scenario, setup.seed)
        nominal[0].update({f"forecast.{k}": float(v) for k, v in nominal_forecast.items()})
    else:
        nominal = conclusions(setup, nominal_scenario, setup.seed)
    nominal_outcome = (
        run_outcome(nominal_scenario, setup.proposal, samples=0, seed=setup.seed)
        if "outcome" in setup.what and run_outcome is not None
        else None
    )
    names = {a.id: a.label for a in scenario.actors}
    # a quick check of a plan the brief decides by rollout: the index policy's first move is not the
    # brief's, so the draws do not re-plan; the first move is re-decided as the brief does (its rollout's
    # decision at the root) at the swings that threaten it most
    brief_setup = None
    threats: list[tuple[int, int]] = []  # (estimate index in ``estimates``, 0 low end / 1 high end)
    extra_runs = 0
    if quick and "plan" in setup.what and setup.plan_method == "greedy":
        problem = recruitment_problem(nominal_scenario, game=setup.game).problem
        if problem.m <= AUTO_ROLLOUT_MAX:
            # the brief plans exactly up to its own bound (14 candidates), by rollout beyond: the quick
            # check (which plans exactly only up to the sweep's 12) re-decides the first move that way
            brief_setup = replace(
                setup,
                what=("plan",),
                plan_method="exact" if problem.m <= BRIEF_EXACT_MAX else "rollout",
                first_k=1,
                exact_max=BRIEF_EXACT_MAX,
            )
            if brief_first is None:
                brief_first = conclusions(brief_setup, nominal_scenario, setup.seed)[1][
                    "plan.first"
                ]
                extra_runs += 1
            threats = _threats(problem, setup, nominal[1]["plan.first"], brief_first)
            nominal[1].update({"plan.first": brief_first, "plan.first_k": brief_first})
            nominal[1]["plan.move1"] = brief_first
            setup = replace(setup, what=tuple(w for w in setup.what if w != "plan"))
    checks_wanted = _conclusions_to_check(
        setup if brief_setup is None else replace(setup, what=(*setup.what, "plan")),
        nominal,
        names,
        nominal_outcome,
        quick=quick,
        forecast_basis=forecast_basis,
    )
    if not checks_wanted:
        return None
    threat_check = next((c for c in checks_wanted if c[0] == "plan.first"), None)
    if brief_setup is not None:
        checks_wanted = [c for c in checks_wanted if c[0] != "plan.first"]
    total = [int(draws) + (len(threats) if brief_setup is not None else 0)]

    def step(offset: int) -> Callable[[int, int], None]:
        def report(done: int, _n: int) -> None:
            if progress is not None:
                progress(offset + done, total[0])

        return report

    drawn: list[tuple[NDArray[np.float64], Record | None]] = run_chunks(
        _draws_chunk,
        _Draws(setup),
        int(draws),
        seed=seed,
        backend=backend,
        address=address,
        workers=workers,
        progress=step(0),
        merge=_concat,
    )
    ok = [k for k, (_, r) in enumerate(drawn) if r is not None]
    x = np.array([drawn[k][0][varied] for k in ok]).reshape(len(ok), len(varied))
    records = [drawn[k][1] for k in ok]
    keys = [estimates[j].key for j in varied]
    labels = {e.key: e.label for e in estimates}
    position = {k: i for i, k in enumerate(keys)}
    ys: dict[str, NDArray[np.float64]] = {}
    firsts: dict[str, NDArray[np.float64]] = {}
    thresholds: dict[str, float] = {}
    tops: dict[str, list[int]] = {}
    for key, _, kind, _ in checks_wanted:
        y = np.array([_value(r, key, kind, nominal) for r in records])
        finite = np.isfinite(y)
        ys[key] = y
        if not quick and len(ok) > 24 and finite.all() and np.ptp(y) > 0:
            s1 = easi_first_order(x, y)
            thresholds[key] = easi_threshold(y, len(varied), seed=seed)
        else:
            s1 = np.full(len(varied), np.nan)
            thresholds[key] = float("nan")
        firsts[key] = s1
        if quick:
            tops[key] = _structural_candidates(
                key, setup, nominal_outcome, records, nominal, position
            )
        else:
            ranked = [int(i) for i in np.argsort(-np.nan_to_num(s1, nan=-1.0), kind="stable")]
            tops[key] = [i for i in ranked if np.isfinite(s1[i])][:TOP]
    # one-at-a-time swings, each run once for every conclusion that asks for it; a quick check runs
    # only the analysis of the conclusions that asked (the plan's first move, or the outcome)
    groups: dict[tuple[str, ...], list[int]] = {}
    group_of: dict[str, tuple[str, ...]] = {}
    for key, _, _, _ in checks_wanted:
        group = group_of[key] = (
            ("plan",)
            if quick and key.startswith("plan.")
            else ("outcome",)
            if quick and key.startswith("outcome.")
            else setup.what
        )
        groups.setdefault(group, [])
        groups[group] += [i for i in tops[key] if i not in groups[group]]
    swings = {i: estimates[varied[i]].swing() for g in groups.values() for i in g}
    total[0] += sum(2 * len(g) for g in groups.values())
    swung: dict[tuple[tuple[str, ...], int], tuple[Record | None, Record | None]] = {}
    done = int(draws)

    def run_rows(at: SweepSetup, rows: NDArray[np.float64]) -> list[Record | None]:
        """Evaluate ``rows`` (one swung scenario each) on the backend; progress counts on from ``done``."""
        nonlocal done
        if not len(rows):
            return []
        got: list[Record | None] = run_chunks(
            _rows_chunk,
            _Rows(at, rows),
            len(rows),
            seed=seed,
            backend=backend,
            address=address,
            workers=workers,
            progress=step(done),
            merge=_concat,
        )
        done += len(rows)
        return got

    for group, chosen in groups.items():
        if not chosen:
            continue
        rows = np.tile(point, (2 * len(chosen), 1))
        for k, i in enumerate(chosen):
            rows[2 * k, varied[i]] = swings[i][0]
            rows[2 * k + 1, varied[i]] = swings[i][1]
        got = run_rows(replace(setup, what=group), rows)
        for k, i in enumerate(chosen):
            swung[(group, i)] = (got[2 * k], got[2 * k + 1])
    checks: list[ConclusionCheck] = []
    for key, text, kind, scale in checks_wanted:
        y, s1, thr = ys[key], firsts[key], thresholds[key]
        group = group_of[key]
        n = int(np.isfinite(y).sum())
        if kind == "label":
            holds = float(np.nanmean(y)) if n else float("nan")
            qs: tuple[float, ...] = ()
        else:
            near = np.abs(y - nominal[0][key]) <= TOLERANCE * scale + 1e-12
            holds = float(near[np.isfinite(y)].mean()) if n else float("nan")
            qs = tuple(float(q) for q in np.quantile(y[np.isfinite(y)], [0.05, 0.95]))
        cut = max(thr, MIN_INDEX) if np.isfinite(thr) else np.inf
        order = tops[key]
        top = tuple(Driver(keys[i], labels[keys[i]], float(s1[i])) for i in order)
        drivers = tuple(d for d in top if d.first_order > cut)
        tor = None
        flips: list[str] = []
        if order:
            lo_out = [_value(swung[(group, i)][0], key, kind, nominal) for i in order]
            hi_out = [_value(swung[(group, i)][1], key, kind, nominal) for i in order]
            base = 1.0 if kind == "label" else float(nominal[0][key])
            tor = tornado(
                key,
                base,
                [keys[i] for i in order],
                [swings[i][0] for i in order],
                [swings[i][1] for i in order],
                lo_out,
                hi_out,
            )
            for b in tor.bars:
                if kind == "label":
                    moved = min(b.low_output, b.high_output) < 0.5
                else:
                    moved = max(abs(b.low_output - base), abs(b.high_output - base)) > (
                        TOLERANCE * scale
                    )
                if moved or not (np.isfinite(b.low_output) and np.isfinite(b.high_output)):
                    flips.append(b.name)
        robust = bool(n) and holds >= ROBUST_SHARE and not flips
        nominal_value: float | str = nominal[1][key] if kind == "label" else nominal[0][key]
        checks.append(
            ConclusionCheck(
                key,
                text,
                kind,
                nominal_value,
                holds,
                n,
                qs,
                () if quick else drivers,
                () if quick else top,
                None if quick else tor,
                tuple(flips),
                robust,
                _sentence(
                    text,
                    kind,
                    holds,
                    n,
                    _spread(key, kind, qs),
                    () if quick else drivers,
                    flips,
                    labels,
                    thr,
                    robust,
                    quick=quick,
                    swung=[labels[keys[i]] for i in order] if quick else [],
                ),
                scale,
                swings=tor if quick else None,
            )
        )
    shown = {keys[i] for g in groups.values() for i in g}
    if brief_setup is not None and threat_check is not None:
        rows = np.tile(point, (len(threats), 1))
        for k, (j, end) in enumerate(threats):
            rows[k, j] = estimates[j].swing()[end]
        got = run_rows(brief_setup, rows)
        at = sum(c.key.startswith("outcome.") for c in checks)
        checks.insert(
            at,
            _threat_check(
                threat_check[1],
                nominal,
                estimates,
                threats,
                got,
                labels,
                names,
                draws,
                brief_setup.plan_method or "rollout",
            ),
        )
        shown |= {estimates[j].key for j, _ in threats}
    return RobustnessResult(
        draws=int(draws),
        failed=int(draws) - len(ok),
        seed=int(seed),
        perturb=setup.perturb,
        default_perturb=setup.default_perturb,
        estimates_varied=len(varied),
        uncertain=sum(estimates[j].dist is not None for j in varied),
        threshold={k: v for k, v in thresholds.items() if np.isfinite(v)},
        plan_method=brief_setup.plan_method if brief_setup is not None else setup.plan_method,
        forecast_model=setup.model if "forecast" in setup.what else None,
        runs=done + 1 + extra_runs,
        checks=tuple(checks),
        labels={k: labels[k] for k in keys if k in shown},
        mode="quick" if quick else "full",
        forecast_basis=forecast_basis,
        forecast_fixed=forecast_fixed,
    )


#: How the brief decides a first move the quick check re-decides at the threats only (by plan method).
_BRIEF_DECISION = {
    "rollout": "its rollout on an exact core, about a tenth of a second a run",
    "exact": "its exact plan, a third of a second to a second a run at 13 or 14 candidates",
}

_PLANNERS = {
    "exact": "re-plans exactly, as the brief does",
    "greedy_quick": "re-decides the first move with the adaptive index policy (the brief's rollout"
    " costs seconds per draw)",
    "rollout": "re-decides the first move as the brief's rollout plan does (its decision at the root)",
    "greedy": "re-decides the first move with the adaptive index policy, as the brief does",
}


def describe_method(result: RobustnessResult) -> str:
    """The section's first sentence: what was drawn and what was re-run."""
    band = (
        f"each point estimate uniform within ±{result.perturb:g} % of its range"
        + (" (the file states no uncertainty: the default band)" if result.default_perturb else "")
        if result.perturb
        else "each uncertain value from the distribution the file states"
    )
    reruns = []
    if any(c.key.startswith("outcome.") for c in result.checks):
        reruns.append("re-counts the votes on the same proposal")
    if result.forecast_model:
        reruns.append(f"re-runs the forecast ({result.forecast_model})")
    threats = result.mode == "quick" and any(c.basis == "threats" for c in result.checks)
    if result.plan_method and not threats:
        reruns.append(
            _PLANNERS[
                "greedy_quick"
                if result.mode == "quick" and result.plan_method == "greedy"
                else result.plan_method
            ]
        )
    if not reruns:
        reruns.append("re-derives the brief's conclusions")
    failed = f" ({result.failed} draws failed and are left out)" if result.failed else ""
    fixed = (
        f" The brief's forecast is {result.forecast_fixed}, not a model output: it stands wherever the"
        " result does"
        + (
            ", so no bargaining model is re-run."
            if result.mode == "quick"
            else f"; the {_model_words(result.forecast_model or DEFAULT_MODEL)} end points are"
            " checked beside it."
        )
        if result.forecast_basis == "fixed"
        else f" The {_model_words(result.forecast_model or DEFAULT_MODEL)} end points are checked,"
        " not the brief's forecast, which moves them to what the rule can adopt."
        if result.forecast_basis == "moved" and result.forecast_model
        else ""
    )
    plan_note = (
        " The plan's first move is re-decided as the brief's plan decides it"
        f" ({_BRIEF_DECISION[result.plan_method or 'rollout']}) at the swings that threaten it most —"
        " the chance of the"
        " actor approached first at the low end of its range, of its closest rival at the high end —"
        " not in every draw."
        if threats
        else ""
    )
    if result.mode == "quick":
        return (
            f"A quick check, part of every brief: {result.draws} draws of the"
            f" {result.estimates_varied} estimates, {band}; each draw "
            + and_join(reruns)
            + f"{failed}.{fixed}{plan_note} A conclusion is robust here when it holds in at least"
            f" {percent(ROBUST_SHARE)} of these draws and none of the few estimates it turns on most"
            " directly (the chances of the actors approached first; the pivotal voters' positions and"
            " saliences), swung alone across its range, changes it. Ten draws cannot rule out a rare"
            " failure, and no Sobol index is computed: `coalitionist analyze FILE --robustness 200`"
            " runs the full study (200 draws, the first move re-decided as the brief's plan decides it,"
            " first-order Sobol indices and a tornado of the estimates that matter)."
        )
    return (
        f"{result.draws} draws of the {result.estimates_varied} estimates, {band}; each draw "
        + and_join(reruns)
        + f"{failed}.{fixed} A conclusion is robust when it holds in at least {percent(ROBUST_SHARE)} of the draws"
        " and no estimate swung alone across its range changes it. The first-order Sobol index of an"
        " estimate is the share of the conclusion's variation over the draws it explains on its own, while"
        " every estimate varies; a swing is what it does alone with the others at their point — the two"
        " differ when estimates act together."
    )


def _forecast_basis(
    sections: Sequence[Section], nominal_forecast: dict[str, float] | None
) -> tuple[str, str]:
    """What the brief's forecast is (:data:`FORECAST_BASES`) and, when fixed, what in words (``the
    scenario's proposal``), from the forecast the outcome section stated."""
    ref = shared_forecast(sections)
    if ref is None:
        return "model", ""
    if ref.model is None:
        return "fixed", ref.basis.split(",")[0]
    if nominal_forecast is not None and any(
        abs(ref.point.get(k, v) - v) > 1e-9 for k, v in nominal_forecast.items()
    ):
        return "moved", ""
    return "model", ""


def build_section(
    scenario: Scenario,
    sections: Sequence[Section],
    *,
    draws: int = DEFAULT_DRAWS,
    seed: Seed = 0,
    quick: bool = False,
    backend: Any = "serial",
    progress: Callable[[int, int], None] | None = None,
) -> Section | None:
    """The brief's robustness section (module docstring), or None when there is nothing to check.

    ``quick``: the quick check of every brief (:data:`QUICK_DRAWS` draws unless ``draws`` says
    otherwise)."""
    game = next((s.result for s in sections if isinstance(s.result, ScenarioGame)), None)
    forecast = next((s.result for s in sections if isinstance(s.result, ForecastBrief)), None)
    nominal_forecast = (
        dict(zip(forecast.result.dimensions, map(float, forecast.result.forecast), strict=True))
        if forecast is not None and forecast.result.model == DEFAULT_MODEL and not forecast.note
        else None
    )
    basis, fixed = _forecast_basis(sections, nominal_forecast)
    plan_section = next((s for s in sections if s.key == "plan"), None)
    steps = (plan_section.data.get("steps") or []) if plan_section is not None else None
    result = run_robustness(
        scenario,
        draws,
        seed=seed,
        quick=quick,
        game=game,
        nominal_forecast=nominal_forecast,
        backend=backend,
        progress=progress,
        forecast_basis=basis,
        forecast_fixed=fixed,
        brief_first=None if steps is None else steps[0]["actor"] if steps else "nobody",
    )
    if result is None:
        return None
    reading = [describe_method(result)]
    plan = next((s for s in sections if s.key == "plan"), None)
    check = result.check("plan.first")
    unchecked: dict[str, str] | None = None
    if plan is not None and check is not None:
        steps = plan.data.get("steps") or []
        brief_first = steps[0]["actor"] if steps else "nobody"
        names = {a.id: a.label for a in scenario.actors}
        if brief_first != check.nominal and result.mode == "quick":
            # the index policy's first move is not the brief's: a verdict on it would be a verdict on
            # advice the brief does not give, so the quick check leaves the first move out and says why
            reading.append(
                f"The plan's first move is not checked here: at the point estimates the index policy picks"
                f" {names.get(str(check.nominal), check.nominal)} first where the brief's plan (its"
                f" {'exact plan' if result.plan_method == 'exact' else 'rollout'}) picks"
                f" {names.get(brief_first, brief_first)}, a near-equal choice the quick"
                " check cannot re-decide; `--robustness` re-decides it in every draw as the plan does."
            )
            unchecked = {"brief": brief_first, "index_policy": str(check.nominal)}
            result = replace(
                result, checks=tuple(c for c in result.checks if c.key != "plan.first")
            )
        elif brief_first != check.nominal:
            reading.append(
                f"At the point estimates the re-decision picks {names.get(str(check.nominal), check.nominal)}"
                f" first where the plan picks {names.get(brief_first, brief_first)}: the two are"
                " near-equal choices."
            )
    reading.extend(c.sentence for c in result.checks)
    rows = tuple(
        (
            c.text,
            "not checked" if np.isnan(c.holds) else percent(c.holds),
            "robust" if c.robust else "sensitive" if c.drivers or c.flips else "uncertain",
            (
                "; ".join(result.labels.get(f, f) for f in c.flips[:3])
                if result.mode == "quick"
                else "; ".join(f"{d.label} {d.first_order:.2f}" for d in c.drivers[:3])
            )
            or "—",
        )
        for c in result.checks
    )
    quick_run = result.mode == "quick"
    tables = [
        Table(
            (
                "conclusion",
                "holds",
                "verdict",
                "changed by (one at a time)" if quick_run else "driven by (first-order Sobol)",
            ),
            rows,
            caption=(
                f"The brief's conclusions over {result.draws} draws of the estimates"
                + (" (quick check)" if quick_run else "")
            ),
            align="lrll",
        )
    ]
    swing_rows = []
    for c in result.checks:
        bars = c.tornado or c.swings
        if bars is None:
            continue
        for b in bars.bars:
            swing_rows.append(
                (
                    c.text,
                    result.labels.get(b.name, b.name),
                    f"{b.low_input:.3g} → {b.high_input:.3g}",
                    _swing_cell(c, b.low_output, b.high_output),
                )
            )
    if swing_rows:
        tables.append(
            Table(
                ("conclusion", "estimate", "swung from → to", "conclusion then"),
                tuple(swing_rows),
                caption="One at a time: each estimate at the two ends of its range, the others at their point",
                align="llrl",
            )
        )
    data = result.to_dict()
    if unchecked is not None:
        data["first_move_unchecked"] = unchecked
    data["summary"] = summary_line(result, {a.id: a.label for a in scenario.actors})
    return Section(
        key="robustness",
        title="How robust is the advice?" + (" A quick check" if quick_run else ""),
        question="Which conclusions hold when the estimates vary, and which estimates would change them?",
        reading=tuple(reading),
        tables=tuple(tables),
        data=data,
        result=result,
    )


def _verdict_words(c: ConclusionCheck, labels: dict[str, str] | None = None) -> str:
    if c.robust:
        return "robust"
    if c.drivers:
        d = c.drivers[0]
        return f"sensitive to {d.label} (first-order Sobol {d.first_order:.2f})"
    if c.flips and labels is not None:
        return (
            "sensitive to " + and_join([labels.get(f, f) for f in c.flips[:2]]) + " (swung alone)"
        )
    if c.flips:
        return "changed by a single estimate swung across its range"
    if (
        labels is not None
    ):  # a quick check swings only a few estimates: it cannot say "no single one"
        return "not robust"
    return "no single estimate explains it"


def _held(c: ConclusionCheck, quick: bool) -> str:
    """``9 of 10 draws`` (quick) or ``94 % of draws``."""
    if quick:
        return f"{round(c.holds * c.draws)} of {c.draws} draws"
    return f"{percent(c.holds)} of draws"


def summary_line(result: RobustnessResult, names: dict[str, str]) -> str:
    """The brief summary's one line on robustness: the result, the pivotal voters, the plan's first move
    and its chance of success, the forecasts — each with its verdict and how many draws it rests on."""
    parts: list[str] = []
    quick = result.mode == "quick"
    lab = result.labels if quick else None
    passes = result.check("outcome.passes")
    if passes is not None:
        parts.append(
            f"the result ({'passes' if passes.nominal == 'true' else 'fails'}) holds in"
            f" {_held(passes, quick)}: {_verdict_words(passes, lab)}"
        )
    pivotal = [c for c in result.checks if c.key.startswith("outcome.pivotal.")]
    if pivotal:

        def who(c: ConclusionCheck) -> str:
            return names.get(c.key.removeprefix("outcome.pivotal."), c.key)

        robust = [who(c) for c in pivotal if c.robust]
        other = [f"{who(c)} ({_held(c, quick)})" for c in pivotal if not c.robust]
        groups = []
        if robust:
            groups.append(and_join(robust) + " pivotal: robust")
        if other:
            groups.append(and_join(other) + " pivotal: not robust")
        parts.append("; ".join(groups))
    first = result.check("plan.first")
    mover = "" if first is None else names.get(str(first.nominal), str(first.nominal))
    if first is not None and first.basis == "threats" and first.draws == 0:
        # no swing was run: there is no evidence either way, so no verdict
        parts.append(
            "the plan wins over nobody new; no swing changes that"
            if str(first.nominal) == "nobody"
            else f"the first move ({mover}) was not swung"
        )
    elif first is not None and first.basis == "threats":
        parts.append(
            f"the first move ({mover}), re-decided by the brief's"
            f" {'exact plan' if result.plan_method == 'exact' else 'rollout'}, "
            + (
                f"holds at the {first.draws} swings that threaten it most: robust to them"
                if first.robust
                else f"changes at {sum(1 for _ in first.flips)} of the {first.draws} swings that"
                f" threaten it most: {_verdict_words(first, lab).removesuffix(' (swung alone)')}"
                " (swung alone)"
            )
        )
    elif first is not None and str(first.nominal) == "nobody":
        # "the first move (nobody)" reads as an actor named nobody: say what the finding is
        parts.append(
            f"that the plan approaches nobody holds in {_held(first, quick)}:"
            f" {_verdict_words(first, lab)}"
        )
    elif first is not None:
        parts.append(
            f"the first move ({mover}) holds in {_held(first, quick)}: {_verdict_words(first, lab)}"
        )
    goal = result.check("plan.p_goal")
    if goal is not None:
        parts.append(
            f"the chance of reaching the goal stays within {TOLERANCE * 100:g} points in"
            f" {percent(goal.holds) if not quick else _held(goal, quick)}: {_verdict_words(goal, lab)}"
        )
    forecasts = [c for c in result.checks if c.key.startswith("forecast.")]
    if result.forecast_basis == "fixed":
        # the brief's forecast is the proposal (or the status quo), not a model output: it is what the
        # result is, and holds wherever the result does
        parts.append(
            f"the forecast is {result.forecast_fixed}, fixed (not a model output): it stands wherever"
            " the result does"
        )
    model_points = (
        f"{_model_words(result.forecast_model or DEFAULT_MODEL)} end point"
        if result.forecast_basis != "model"
        else ""
    )
    if forecasts and model_points:
        held = sum(c.robust for c in forecasts)
        many = len(forecasts)
        parts.append(
            (
                f"the {model_points} is "
                if many == 1
                else f"of the {many} {model_points}s"
                + (" beside it" if result.forecast_basis == "fixed" else "")
                + ", "
            )
            + (
                ("robust" if held else "not robust")
                if many == 1
                else "none is robust"
                if held == 0
                else "all are robust"
                if held == many
                else f"{held} {'is' if held == 1 else 'are'} robust"
            )
        )
    elif forecasts:
        held = sum(c.robust for c in forecasts)
        # one forecast, checked issue by issue ("neither forecast" read as two forecasts)
        many = len(forecasts)
        if many == 1:
            parts.append("the forecast is " + ("robust" if held else "not robust"))
        elif held == 0:
            parts.append(
                "the forecast is robust on neither issue"
                if many == 2
                else f"the forecast is robust on none of the {many} issues"
            )
        elif held == many:
            parts.append(
                f"the forecast is robust on {'both issues' if many == 2 else f'all {many} issues'}"
            )
        else:
            parts.append(f"the forecast is robust on {held} of the {many} issues")
    if quick:
        return (
            f"Robustness, a quick check over {result.draws} draws of the estimates"
            " (`--robustness 200` for the full study): " + "; ".join(parts) + "."
        )
    return f"Robustness over {result.draws} draws of the estimates: " + "; ".join(parts) + "."


def _swing_cell(c: ConclusionCheck, low: float, high: float) -> str:
    if c.kind == "label":
        word = {1.0: "holds", 0.0: "changes"}
        return f"{word.get(low, 'fails')} → {word.get(high, 'fails')}"
    return f"{low:.3g} → {high:.3g}"
