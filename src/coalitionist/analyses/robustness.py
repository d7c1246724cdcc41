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
   up to 12 candidates, else the rollout's decision at the root), and, for exact plans, the chance of
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

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coalitionist.analyses.section import Section, Table
from coalitionist.analyses.sweep import (
    ANALYSIS_SEED,
    Record,
    SweepSetup,
    conclusions,
    sweep_setup,
)
from coalitionist.analyses.sweep_estimates import Estimate, apply_estimates, draw_estimates
from coalitionist.display import FrameMixin, ReprMixin
from coalitionist.engine import Chunk, root_entropy, run_chunks
from coalitionist.errors import CoalitionistError
from coalitionist.robustness import Tornado, easi_first_order, easi_threshold, tornado
from coalitionist.scenario.model import Scenario
from coalitionist.seeding import Seed, as_entropy

__all__ = [
    "DEFAULT_DRAWS",
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
#: A conclusion is robust when it holds in at least this share of the draws (and no swing alone changes it).
ROBUST_SHARE = 0.9
#: A number holds when it lands within this share of its scale of the brief's (forecasts: the issue's scale;
#: probabilities: 1).
TOLERANCE = 0.05
#: Estimates given a tornado bar, per conclusion.
TOP = 5
#: An index must also reach this to be called a driver (besides the permutation threshold).
MIN_INDEX = 0.05


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

    def to_dict(self) -> dict[str, Any]:
        """Plain data (estimates keyed by id)."""
        return {
            "id": self.key,
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

    def check(self, key: str) -> ConclusionCheck | None:
        """The check of one conclusion, if it was made."""
        return next((c for c in self.checks if c.key == key), None)

    def to_dict(self) -> dict[str, Any]:
        """The ``robustness`` section's JSON ``data``."""
        return {
            "draws": self.draws,
            "failed": self.failed,
            "seed": self.seed,
            "perturb": {"pct": self.perturb, "default": self.default_perturb},
            "estimates": {"varied": self.estimates_varied, "uncertain": self.uncertain},
            "plan_method": self.plan_method,
            "forecast_model": self.forecast_model,
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
    for _, rng in chunk.rngs():
        values = draw_estimates(setup.estimates, rng)
        try:
            variant = apply_estimates(setup.scenario, setup.estimates, values)
            out.append((values, conclusions(setup, variant, ANALYSIS_SEED)))
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
            out.append(conclusions(payload.setup, variant, ANALYSIS_SEED))
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


def _pct(x: float) -> str:
    """A share as the brief prints it: "94 %", never "100 %" or "0 %" for a share that is not exact."""
    if 0 < x < 0.005:
        return "< 1 %"
    if 0.995 <= x < 1:
        return "> 99 %"
    return f"{x:.0%}".replace("%", " %")


def _and(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _conclusions_to_check(
    setup: SweepSetup, nominal: Record, names: dict[str, str]
) -> list[tuple[str, str, str, float]]:
    """``(key, text, kind, scale)`` of the brief's conclusions this scenario has."""
    nums, labs = nominal
    out: list[tuple[str, str, str, float]] = []
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
                f"The plan's chance of reaching the goal ({_pct(nums['plan.p_goal'])})",
                "number",
                1.0,
            )
        )
    for issue in setup.scenario.issues:
        key = f"forecast.{issue.id}"
        if key in nums:
            out.append(
                (
                    key,
                    f"The forecast for “{issue.label}” ({nums[key]:.3g})",
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
) -> str:
    verb = (
        "holds"
        if kind == "label"
        else f"stays within {TOLERANCE * 100:g} percentage points"
        if text.startswith("The plan's chance")
        else f"stays within {_pct(TOLERANCE)} of its scale"
    )
    head = (
        f"{text} {verb} in all {n} draws"
        if holds == 1.0
        else f"{text} {verb} in {_pct(holds)} of {n} draws"
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
            + _and(
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
                + _and([labels.get(f, f) for f in extra])
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


def _spread(key: str, kind: str, quantiles: tuple[float, ...]) -> str:
    if kind == "label" or not quantiles:
        return ""
    if key == "plan.p_goal":
        return f"90 % of draws between {_pct(quantiles[0])} and {_pct(quantiles[1])}"
    return f"90 % of draws between {quantiles[0]:.3g} and {quantiles[1]:.3g}"


def run_robustness(
    scenario: Scenario,
    draws: int = DEFAULT_DRAWS,
    *,
    seed: Seed = 0,
    perturb: float | None = None,
    backend: Any = "serial",
    address: str | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RobustnessResult | None:
    """Re-derive the brief's conclusions over ``draws`` draws of the estimates (module docstring).

    Parameters
    ----------
    scenario : Scenario
    draws : int
        Draws of the estimates (more than 24: the Sobol' estimator reads 6 harmonics).
    seed : int, SeedSequence, Generator or None
        Root seed of the draws (:func:`coalitionist.seeding.as_entropy`; None: fresh entropy, reported);
        the analyses' own randomness uses the brief's default seed in every draw.
    perturb : float, optional
        Band in percent around point estimates (default as in ``coalitionist sweep``).
    backend, address, workers
        Where the runs go (:func:`coalitionist.engine.run_chunks`); the numbers do not depend on it.
    progress : callable, optional
        ``progress(done, total)`` over the draws and then the swings.

    Returns
    -------
    RobustnessResult or None
        None when the scenario has no forecast and no plan to check, or no estimate varies.

    Examples
    --------
    >>> from coalitionist.examples import example_path
    >>> from coalitionist.io import load_scenario
    >>> res = run_robustness(load_scenario(example_path("russia-china-gas-2014")), 40, seed=1)
    >>> res.check("plan.first").nominal, res.draws
    ('china', 40)
    """
    seed = root_entropy(as_entropy(seed))
    try:
        setup = sweep_setup(scenario, ("forecast", "plan"), perturb=perturb, planner="brief")
    except CoalitionistError:
        return None
    estimates: tuple[Estimate, ...] = setup.estimates
    varied = [j for j, e in enumerate(estimates) if e.varies]
    if not varied:
        return None
    point = np.array([e.point for e in estimates])
    nominal = conclusions(setup, apply_estimates(scenario, estimates, point), ANALYSIS_SEED)
    names = {a.id: a.label for a in scenario.actors}
    checks_wanted = _conclusions_to_check(setup, nominal, names)
    if not checks_wanted:
        return None
    total = [int(draws) + 2 * TOP * len(checks_wanted)]

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
    ys: dict[str, NDArray[np.float64]] = {}
    firsts: dict[str, NDArray[np.float64]] = {}
    thresholds: dict[str, float] = {}
    tops: dict[str, list[int]] = {}
    for key, _, kind, _ in checks_wanted:
        y = np.array([_value(r, key, kind, nominal) for r in records])
        finite = np.isfinite(y)
        ys[key] = y
        if len(ok) > 24 and finite.all() and np.ptp(y) > 0:
            s1 = easi_first_order(x, y)
            thresholds[key] = easi_threshold(y, len(varied), seed=seed)
        else:
            s1 = np.full(len(varied), np.nan)
            thresholds[key] = float("nan")
        firsts[key] = s1
        ranked = [int(i) for i in np.argsort(-np.nan_to_num(s1, nan=-1.0), kind="stable")]
        tops[key] = [i for i in ranked if np.isfinite(s1[i])][:TOP]
    # one-at-a-time swings of every conclusion's top estimates, run once for all conclusions
    chosen = sorted({i for key in tops for i in tops[key]})
    swings = {i: estimates[varied[i]].swing() for i in chosen}
    rows = np.tile(point, (2 * len(chosen), 1))
    for k, i in enumerate(chosen):
        rows[2 * k, varied[i]] = swings[i][0]
        rows[2 * k + 1, varied[i]] = swings[i][1]
    swung: list[Record | None] = (
        run_chunks(
            _rows_chunk,
            _Rows(setup, rows),
            len(rows),
            seed=seed,
            backend=backend,
            address=address,
            workers=workers,
            progress=step(int(draws)),
            merge=_concat,
        )
        if chosen
        else []
    )
    total[0] = int(draws) + len(rows)
    checks: list[ConclusionCheck] = []
    for key, text, kind, scale in checks_wanted:
        y, s1, thr = ys[key], firsts[key], thresholds[key]
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
            pos = [chosen.index(i) for i in order]
            lo_out = [_value(swung[2 * p], key, kind, nominal) for p in pos]
            hi_out = [_value(swung[2 * p + 1], key, kind, nominal) for p in pos]
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
                drivers,
                top,
                tor,
                tuple(flips),
                robust,
                _sentence(
                    text,
                    kind,
                    holds,
                    n,
                    _spread(key, kind, qs),
                    drivers,
                    flips,
                    labels,
                    thr,
                    robust,
                ),
            )
        )
    return RobustnessResult(
        draws=int(draws),
        failed=int(draws) - len(ok),
        seed=int(seed),
        perturb=setup.perturb,
        default_perturb=setup.default_perturb,
        estimates_varied=len(varied),
        uncertain=sum(estimates[j].dist is not None for j in varied),
        threshold={k: v for k, v in thresholds.items() if np.isfinite(v)},
        plan_method=setup.plan_method,
        forecast_model=setup.model if "forecast" in setup.what else None,
        runs=int(draws) + len(rows) + 1,
        checks=tuple(checks),
        labels={keys[i]: labels[keys[i]] for i in chosen},
    )


_PLANNERS = {
    "exact": "re-plans exactly, as the brief does",
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
    if result.forecast_model:
        reruns.append(f"re-runs the forecast ({result.forecast_model})")
    if result.plan_method:
        reruns.append(_PLANNERS[result.plan_method])
    failed = f" ({result.failed} draws failed and are left out)" if result.failed else ""
    return (
        f"{result.draws} draws of the {result.estimates_varied} estimates, {band}; each draw "
        + _and(reruns)
        + f"{failed}. A conclusion is robust when it holds in at least {_pct(ROBUST_SHARE)} of the draws"
        " and no estimate swung alone across its range changes it. The first-order Sobol index of an"
        " estimate is the share of the conclusion's variation over the draws it explains on its own, while"
        " every estimate varies; a swing is what it does alone with the others at their point — the two"
        " differ when estimates act together."
    )


def build_section(
    scenario: Scenario,
    sections: Sequence[Section],
    *,
    draws: int = DEFAULT_DRAWS,
    seed: Seed = 0,
    backend: Any = "serial",
    progress: Callable[[int, int], None] | None = None,
) -> Section | None:
    """The brief's robustness section (module docstring), or None when there is nothing to check."""
    result = run_robustness(scenario, draws, seed=seed, backend=backend, progress=progress)
    if result is None:
        return None
    reading = [describe_method(result)]
    plan = next((s for s in sections if s.key == "plan"), None)
    check = result.check("plan.first")
    if plan is not None and check is not None:
        steps = plan.data.get("steps") or []
        brief_first = steps[0]["actor"] if steps else "nobody"
        if brief_first != check.nominal:
            names = {a.id: a.label for a in scenario.actors}
            reading.append(
                f"At the point estimates the re-decision picks {names.get(str(check.nominal), check.nominal)}"
                f" first where the plan picks {names.get(brief_first, brief_first)}: the two are"
                " near-equal choices."
            )
    reading.extend(c.sentence for c in result.checks)
    rows = tuple(
        (
            c.text,
            _pct(c.holds),
            "robust" if c.robust else "sensitive" if c.drivers or c.flips else "uncertain",
            "; ".join(f"{d.label} {d.first_order:.2f}" for d in c.drivers[:3]) or "—",
        )
        for c in result.checks
    )
    tables = [
        Table(
            ("conclusion", "holds", "verdict", "driven by (first-order Sobol)"),
            rows,
            caption=f"The brief's conclusions over {result.draws} draws of the estimates",
            align="lrll",
        )
    ]
    swing_rows = []
    for c in result.checks:
        if c.tornado is None:
            continue
        for b in c.tornado.bars:
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
    data["summary"] = summary_line(result, {a.id: a.label for a in scenario.actors})
    return Section(
        key="robustness",
        title="How robust is the advice?",
        question="Which conclusions hold when the estimates vary, and which estimates would change them?",
        reading=tuple(reading),
        tables=tuple(tables),
        data=data,
        result=result,
    )


def _verdict_words(c: ConclusionCheck) -> str:
    if c.robust:
        return "robust"
    if c.drivers:
        d = c.drivers[0]
        return f"sensitive to {d.label} (first-order Sobol {d.first_order:.2f})"
    if c.flips:
        return "changed by a single estimate swung across its range"
    return "no single estimate explains it"


def summary_line(result: RobustnessResult, names: dict[str, str]) -> str:
    """The brief summary's one line on robustness: the plan's first move and its chance of success."""
    parts: list[str] = []
    first = result.check("plan.first")
    if first is not None:
        who = names.get(str(first.nominal), str(first.nominal))
        parts.append(
            f"the first move ({who}) holds in {_pct(first.holds)} of draws: {_verdict_words(first)}"
        )
    goal = result.check("plan.p_goal")
    if goal is not None:
        parts.append(
            f"the chance of reaching the goal stays within {TOLERANCE * 100:g} points in"
            f" {_pct(goal.holds)}: {_verdict_words(goal)}"
        )
    forecasts = [c for c in result.checks if c.key.startswith("forecast.")]
    if forecasts:
        held = sum(c.robust for c in forecasts)
        if len(forecasts) == 1:
            parts.append("the forecast is " + ("robust" if held else "not robust"))
        elif held == 0:
            parts.append(
                "neither forecast is robust"
                if len(forecasts) == 2
                else f"none of the {len(forecasts)} forecasts is robust"
            )
        elif held == len(forecasts):
            parts.append(f"all {len(forecasts)} forecasts are robust")
        else:
            parts.append(
                f"{held} of the {len(forecasts)} forecasts {'is' if held == 1 else 'are'} robust"
            )
    return f"Robustness over {result.draws} draws of the estimates: " + "; ".join(parts) + "."


def _swing_cell(c: ConclusionCheck, low: float, high: float) -> str:
    if c.kind == "label":
        word = {1.0: "holds", 0.0: "changes"}
        return f"{word.get(low, 'fails')} → {word.get(high, 'fails')}"
    return f"{low:.3g} → {high:.3g}"
