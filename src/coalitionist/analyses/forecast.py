"""Forecasts of a scenario: the façade over :mod:`coalitionist.forecast` and its brief section.

A scenario's saliences are stated per issue on [0, 1] independently, whereas KTAB's SMP reads an actor's
saliences as shares of one attention budget (summing to at most 1): rows that sum to more than 1 are
rescaled to sum to 1 for SMP (``normalize_salience``), which keeps their relative priorities.

Monte Carlo: uncertain values in the file (``{dist: …}``) are drawn for each sample. When the file states no
uncertainty at all, ``--samples`` applies a documented default estimation error so that the spread and the
sensitivity ranking mean something: positions ± a normal error of 5 % of the issue's range, saliences ± 0.05,
capabilities × a log-normal factor with σ = 0.2 (all clipped to their ranges).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coalitionist.analyses.reference import shared_forecast
from coalitionist.analyses.scale import ScalePlan
from coalitionist.analyses.section import Section, Table
from coalitionist.errors import UsageError
from coalitionist.forecast import describe
from coalitionist.forecast.models import MODELS, get_model
from coalitionist.forecast.montecarlo import MonteCarloResult, monte_carlo
from coalitionist.forecast.result import ForecastResult
from coalitionist.scenario.compile import ArrayDraws
from coalitionist.scenario.model import Scenario
from coalitionist.scenario.values import Uncertain
from coalitionist.seeding import seeded

#: The model the command line and the brief use unless told otherwise.
DEFAULT_MODEL = "smp"

#: Default estimation error used by Monte Carlo runs of a scenario that states no uncertainty.
DEFAULT_NOISE = {"position_share": 0.05, "salience": 0.05, "capability_sigma": 0.2}


def has_uncertainty(scenario: Scenario) -> bool:
    """Whether any capability, position or salience is an uncertain value."""
    if any(isinstance(a.capability, Uncertain) for a in scenario.actors):
        return True
    return any(
        isinstance(st.position, Uncertain) or isinstance(st.salience, Uncertain)
        for row in scenario.positions.values()
        for st in row.values()
    )


def _inputs(scenario: Scenario) -> tuple[NDArray[np.float64], ...]:
    a = scenario.arrays
    return a.capability, a.positions, a.salience


def _model_options(model: str) -> dict[str, Any]:
    return {"normalize_salience": True} if model == "smp" else {}


@seeded(convert="entropy")
def run_forecast(
    scenario: Scenario, model: str = DEFAULT_MODEL, *, seed: int | None = None
) -> ForecastResult:
    """Run one forecast model on the scenario's point estimates."""
    if not scenario.issues:
        raise UsageError("the scenario has no issues: there is nothing to forecast")
    fn = get_model(model)
    cap, pos, sal = _inputs(scenario)
    return fn(
        cap,
        pos,
        sal,
        actors=scenario.arrays.actors,
        dimensions=scenario.arrays.issues,
        scale=scenario.arrays.scale,
        seed=seed,
        **_model_options(model),
        # SMP's and BDM's sentences (basis, each move's reason or why) in names; data fields keep the ids
        **({"labels": tuple(a.label for a in scenario.actors)} if model in ("smp", "bdm") else {}),
    )


@dataclass(frozen=True)
class ScenarioSampler:
    """Draws one set of model inputs from a scenario (picklable, for process pools)."""

    scenario: Scenario
    noise: bool

    @cached_property
    def draws(self) -> ArrayDraws:
        """The scenario's uncertain values, listed once for all the samples."""
        return ArrayDraws.of(self.scenario)

    def __call__(self, rng: np.random.Generator) -> tuple[Any, Any, Any]:
        """Capability, positions and salience of one Monte Carlo sample: the file's uncertain values drawn
        as ``compile_arrays(scenario, rng)`` draws them, then the default noise when the file has none."""
        arrays = self.draws.point
        cap, pos, sal = self.draws.inputs(rng)
        if self.noise:
            span = arrays.high - arrays.low
            pos = np.clip(
                pos + rng.normal(0.0, DEFAULT_NOISE["position_share"], pos.shape) * span,
                arrays.low,
                arrays.high,
            )
            sal = np.where(
                arrays.stated,
                np.clip(sal + rng.normal(0.0, DEFAULT_NOISE["salience"], sal.shape), 0, 1),
                0.0,
            )
            cap = cap * rng.lognormal(0.0, DEFAULT_NOISE["capability_sigma"], cap.shape)
        return cap, pos, sal


def run_monte_carlo(
    scenario: Scenario,
    model: str = DEFAULT_MODEL,
    samples: int = 1000,
    *,
    seed: int | None = None,
    executor: Any = "auto",
    progress: Callable[[int, int], None] | None = None,
) -> tuple[MonteCarloResult, bool]:
    """Monte Carlo distribution of the forecast; returns the result and whether default noise was used."""
    if samples < 1:
        raise UsageError("--samples must be at least 1")
    noise = not has_uncertainty(scenario)
    options = _model_options(model)
    if model == "bdm":
        options["record_offers"] = "accepted"
    result = monte_carlo(
        get_model(model),
        ScenarioSampler(scenario, noise),
        samples,
        seed=seed,
        executor=executor,
        progress=progress,
        actors=scenario.arrays.actors,
        dimensions=scenario.arrays.issues,
        scale=scenario.arrays.scale,
        **options,
    )
    return result, noise


def forecast_dict(
    result: ForecastResult, mc: MonteCarloResult | None = None, noise: bool = False
) -> dict[str, Any]:
    """The ``coalitionist forecast --json`` object."""
    out = result.to_dict()
    if mc is not None:
        out["monte_carlo"] = mc.to_dict()
        out["monte_carlo"]["default_noise"] = DEFAULT_NOISE if noise else None
    return out


@dataclass(frozen=True)
class ForecastBrief:
    """The typed result of the brief's forecast section: the bargaining forecast (SMP, or the weighted
    median when SMP does not apply), the capability × salience weighted median beside it, why SMP was
    replaced, if it was, and the brief's one forecast (issue id → value) that every section measures
    against."""

    result: ForecastResult
    median: ForecastResult
    note: str = ""
    reference: dict[str, float] | None = None


def _nearest(scenario: Scenario, issue_id: str, value: float) -> float | None:
    return nearest_point(scenario.issue(issue_id), value)


def nearest_point(issue: Any, value: float) -> float | None:
    """The labelled point or option of ``issue`` nearest to ``value`` when it lies within 5 % of the issue's
    range (the one rule by which every section writes "≈ label"), else ``None``."""
    nearest = min(
        [*(issue.option_values or ()), *issue.labels], key=lambda v: abs(v - value), default=None
    )
    if nearest is not None and abs(nearest - value) <= 0.05 * (issue.scale[1] - issue.scale[0]):
        return nearest
    return None


def fmt_issue_value(scenario: Scenario, issue_id: str, value: float) -> str:
    """A value of an issue for people: whole numbers as integers, else 3 significant digits, with what it
    means in the issue's own option text (:func:`issue_value_gloss`): ``100 (all necessary means)`` on
    the label, ``95 (≈ all necessary means)`` near it, ``80 (between 'by 2038' at 0 and 'by 2030' at
    100)``; the number alone on an issue without labels.

    Examples
    --------
    >>> from coalitionist.scenario.model import Scenario
    >>> s = Scenario.model_validate({"schema_version": 1, "title": "t",
    ...     "actors": [{"id": "a"}, {"id": "b"}],
    ...     "issues": [{"id": "coal", "name": "Coal exit", "scale": [0, 100], "status_quo": 0,
    ...                 "labels": {0: "by 2038", 100: "by 2030"}}]})
    >>> fmt_issue_value(s, "coal", 80.0), fmt_issue_value(s, "coal", 100.0)
    ("80 (between 'by 2038' at 0 and 'by 2030' at 100)", '100 (by 2030)')
    >>> fmt_issue_value(s, "coal", 96.0)
    '96 (≈ by 2030)'
    """
    gloss = issue_value_gloss(scenario, issue_id, value)
    return fmt_number(value) + (f" ({gloss})" if gloss else "")


def issue_value_gloss(scenario: Scenario, issue_id: str, value: float) -> str:
    """What a value means in the issue's option text, ``""`` when the issue has none: the label of the
    point it sits on (``all necessary means``: the value prints as the labelled point's value, so nothing
    is approximate to the reader), the nearest option's label with ``≈`` when one is within 5 % of the
    range (``≈ all necessary means``), else where the value lies between the labelled points on either
    side (``between 'by 2038' at 0 and 'by 2030' at 100``, ``above 'X' at 50``), as the process section
    places the package it tables."""
    text = fmt_number(value)
    issue = scenario.issue(issue_id)
    nearest = _nearest(scenario, issue_id, value)
    if nearest is not None:
        label = issue.option_label(nearest)
        if label != text and label != f"{nearest:g}":  # a bare number says nothing more
            # "≈" only where the number printed is not the labelled point's: "100 (≈ X)" beside a label
            # at 100 would call an exact value approximate
            return label if text == fmt_number(nearest) else f"≈ {label}"
        return ""
    marks = {
        float(v): issue.option_label(float(v))
        for v in [*(issue.option_values or ()), *issue.labels]
        if issue.option_label(float(v)) != f"{float(v):g}"
    }
    below = max((v for v in marks if v < value), default=None)
    above = min((v for v in marks if v > value), default=None)
    if below is not None and above is not None:
        return (
            f"between '{marks[below]}' at {fmt_number(below)}"
            f" and '{marks[above]}' at {fmt_number(above)}"
        )
    if below is not None:
        return f"above '{marks[below]}' at {fmt_number(below)}"
    if above is not None:
        return f"below '{marks[above]}' at {fmt_number(above)}"
    return ""


def fmt_number(value: float) -> str:
    """A number for people: whole numbers as integers, else 3 significant digits."""
    return f"{round(value):d}" if abs(value - round(value)) < 1e-9 else f"{value:.3g}"


_label = fmt_issue_value


def build_section(
    scenario: Scenario, sections: Sequence[Section], *, scale: ScalePlan | None = None
) -> Section | None:
    """The brief's forecast section: where the decision lands if nothing changes — the brief's one
    forecast (from the outcome section) first, then what each model gives beside it.

    ``scale``: the methods of a large scenario (:mod:`coalitionist.analyses.scale`): the bargaining model
    when it is not SMP, and why, stated in the reading."""
    if not scenario.issues or len(scenario.actors) < 2 or not scenario.arrays.stated.any():
        return None
    reference = shared_forecast(sections)
    baseline = run_forecast(scenario, "median")
    note = ""
    model = DEFAULT_MODEL if scale is None else scale.forecast_model
    switched = scale.method("forecast") if scale is not None else None
    if reference is not None and reference.bargaining is not None:
        result = reference.bargaining  # run once, by the outcome section
    else:
        try:
            result = run_forecast(scenario, model)
        except Exception as exc:  # a model may not apply (e.g. SMP needs 2 actors with salience)
            result = baseline
            note = f"SMP could not run ({exc}); the weighted median is shown."
    names = {a.id: a.label for a in scenario.actors}
    issue_labels = {s.id: s.label for s in scenario.issues}

    def fmt(issue_id: str, value: float) -> str:
        return fmt_issue_value(scenario, issue_id, value)

    point = dict(reference.point) if reference is not None else None
    reading = []
    if reference is not None:
        reading.append(
            describe.brief_forecast_sentence(reference.point, reference.basis, issue_labels, fmt)
        )
    rows = []
    for k, issue in enumerate(scenario.issues):
        sq = issue.status_quo_value
        f = float(result.forecast[k])
        m = float(baseline.forecast[k])
        row = [issue.label, fmt(issue.id, sq), fmt(issue.id, m), fmt(issue.id, f)]
        if point is not None:
            row.append(fmt(issue.id, point[issue.id]))
        rows.append(tuple(row))
        reading.append(
            f"{issue.label}: the capability × salience weighted median is {fmt(issue.id, m)}; the"
            f" status quo is {fmt(issue.id, sq)}."
            if result.model == "median"
            else describe.landing_sentence(
                issue.label,
                result.model,
                result.turns,
                fmt(issue.id, f),
                fmt(issue.id, m),
                fmt(issue.id, sq),
            )
        )
    arrays = scenario.arrays
    target = (
        reference.vector(arrays.issues) if reference is not None else np.asarray(result.forecast)
    )
    stated = arrays.stated if result.actors == arrays.actors else None
    found = describe.moves(
        result, arrays.low, arrays.high, arrays.status_quo, target, stated=stated
    )
    rows_of = {a: i for i, a in enumerate(arrays.actors)}
    movers = [
        (
            names.get(m.actor, m.actor),
            *(
                f"{fmt_number(float(m.start[k]))} → {fmt_number(float(m.end[k]))}"
                if stated is None or stated[rows_of[m.actor], k]
                else "—"
                for k in range(len(scenario.issues))
            ),
        )
        for m in found
    ]
    columns = ["issue", "status quo", "weighted median", f"{result.model.upper()} bargaining"]
    if result.model == "median":  # the bargaining column would repeat the median's
        columns.pop(3)
        rows = [r[:3] + r[4:] for r in rows]
    if point is not None:
        columns.append("the brief's forecast")
    tables = [
        Table(
            tuple(columns),
            tuple(rows),
            caption="Where the decision lands",
            align="l" + "r" * (len(columns) - 1),
        )
    ]
    if movers:
        tables.append(
            Table(
                ("actor", *(s.label for s in scenario.issues)),
                tuple(movers),
                caption=(
                    f"Who moves most in the {result.model.upper()} run (bargaining position, first → last"
                    " turn; not a change of preference)"
                ),
                align="l" + "r" * len(scenario.issues),
            )
        )
        reading += describe.moves_reading(
            found, names, arrays.issues, issue_labels, fmt, result.model
        )
    if result.basis and reference is None:
        reading.append(
            f"The {result.model.upper()} forecast is the {describe.basis_text(result, names)}."
        )
    if note:
        reading.append(note)
    if switched is not None:
        reading.append(switched.sentence())
    return Section(
        key="forecast",
        title="Where the decision lands",
        question="If nothing changes, where does the decision end up?",
        reading=tuple(reading),
        tables=tuple(tables),
        data={
            "model": result.model,
            "forecast": forecast_dict(result),
            "median": baseline.to_dict()["forecast"],
            "brief_forecast": None if reference is None else reference.to_dict(),
            **({"scale": switched.to_dict()} if switched is not None else {}),
        },
        result=ForecastBrief(result, baseline, note, point),
    )


__all__ = [
    "DEFAULT_MODEL",
    "MODELS",
    "ForecastBrief",
    "ScenarioSampler",
    "build_section",
    "fmt_issue_value",
    "forecast_dict",
    "has_uncertainty",
    "issue_value_gloss",
    "run_forecast",
    "run_monte_carlo",
]
