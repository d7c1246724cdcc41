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
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coalitionist.analyses.section import Section, Table
from coalitionist.errors import UsageError
from coalitionist.forecast.models import MODELS, get_model
from coalitionist.forecast.montecarlo import MonteCarloResult, monte_carlo
from coalitionist.forecast.result import ForecastResult
from coalitionist.scenario.compile import compile_arrays
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
    )


@dataclass(frozen=True)
class ScenarioSampler:
    """Draws one set of model inputs from a scenario (picklable, for process pools)."""

    scenario: Scenario
    noise: bool

    def __call__(self, rng: np.random.Generator) -> tuple[Any, Any, Any]:
        """Capability, positions and salience of one Monte Carlo sample."""
        arrays = compile_arrays(self.scenario, rng)
        cap, pos, sal = arrays.capability, arrays.positions, arrays.salience
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
    median when SMP does not apply), the capability × salience weighted median beside it, and why SMP was
    replaced, if it was."""

    result: ForecastResult
    median: ForecastResult
    note: str = ""


def _label(scenario: Scenario, issue_id: str, value: float) -> str:
    issue = scenario.issue(issue_id)
    nearest = min(
        [*(issue.option_values or ()), *issue.labels], key=lambda v: abs(v - value), default=None
    )
    text = f"{value:.3g}"
    if nearest is not None and abs(nearest - value) <= 0.05 * (issue.scale[1] - issue.scale[0]):
        text += f" (≈ {issue.option_label(nearest)})"
    return text


def build_section(scenario: Scenario, sections: Sequence[Section]) -> Section | None:
    """The brief's forecast section: where the decision lands if nothing changes."""
    if not scenario.issues or len(scenario.actors) < 2 or not scenario.arrays.stated.any():
        return None
    baseline = run_forecast(scenario, "median")
    try:
        result = run_forecast(scenario, DEFAULT_MODEL)
    except Exception as exc:  # a model may not apply (e.g. SMP needs 2 actors with salience)
        result = baseline
        note = f"SMP could not run ({exc}); the weighted median is shown."
    else:
        note = ""
    rows = []
    reading = []
    for k, issue in enumerate(scenario.issues):
        sq = issue.status_quo_value
        f = float(result.forecast[k])
        m = float(baseline.forecast[k])
        rows.append(
            (
                issue.label,
                _label(scenario, issue.id, sq),
                _label(scenario, issue.id, m),
                _label(scenario, issue.id, f),
            )
        )
        reading.append(
            f"{issue.label}: bargaining ({result.model.upper()}, {result.turns} turns) lands at "
            f"{_label(scenario, issue.id, f)}; the capability × salience weighted median is "
            f"{_label(scenario, issue.id, m)}; the status quo is {_label(scenario, issue.id, sq)}."
        )
    movers = []
    if result.turns:
        first, last = result.history[0].positions, result.final.positions
        span = scenario.arrays.high - scenario.arrays.low
        moved = np.abs(last - first) / span
        for i in np.argsort(-moved.max(axis=1))[:5]:
            if moved[i].max() > 0.01:
                movers.append(
                    (
                        scenario.actors[i].label,
                        *(
                            f"{first[i, k]:.3g} → {last[i, k]:.3g}"
                            for k in range(len(scenario.issues))
                        ),
                    )
                )
    tables = [
        Table(
            ("issue", "status quo", "weighted median", f"forecast ({result.model})"),
            tuple(rows),
            caption="Where the decision lands",
            align="lrrr",
        )
    ]
    if movers:
        tables.append(
            Table(
                ("actor", *(s.id for s in scenario.issues)),
                tuple(movers),
                caption="Who moves most during bargaining (initial → final position)",
                align="l" + "r" * len(scenario.issues),
            )
        )
    if result.basis:
        reading.append(f"The forecast reported is the {result.basis}.")
    if note:
        reading.append(note)
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
        },
        result=ForecastBrief(result, baseline, note),
    )


__all__ = [
    "DEFAULT_MODEL",
    "MODELS",
    "ForecastBrief",
    "ScenarioSampler",
    "build_section",
    "forecast_dict",
    "has_uncertainty",
    "run_forecast",
    "run_monte_carlo",
]
