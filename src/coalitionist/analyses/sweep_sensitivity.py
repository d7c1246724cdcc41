"""Which estimates move which conclusion: Morris screening, tornadoes and Sobol indices of a scenario.

The workflow of Saltelli et al. (2008, ch. 3–4), on the estimates a sweep varies
(:mod:`coalitionist.analyses.sweep_estimates`):

1. **Screen** every varied estimate with Morris elementary effects (``trajectories × (D + 1)`` runs):
   μ* ranks how much each moves each conclusion.
2. **Tornado** the ``top`` estimates of each conclusion: each at the two ends of its range (the band, or
   the 5 %/95 % quantiles of its distribution), the others at their point — "if Saudi Arabia's p is 0.675
   rather than 0.75, is Saudi Arabia still approached first?".
3. Optionally **Sobol** first-order and total indices of those estimates (``N × (k + 2)`` runs).

A conclusion is an output ``y`` of one variant: a number (a forecast, the plan's chance of success) or an
indicator that a label equals its nominal value (the first move is still the nominal one). Each carries a
verdict: ``robust`` when no tornado bar changes it (labels) or moves it by more than
:data:`NUMBER_TOLERANCE` of its range (numbers), else ``sensitive to`` the estimates that do, with the
numbers. Every run goes through the sample engine, so the backends give the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from coalitionist.analyses.forecast import DEFAULT_MODEL
from coalitionist.analyses.sweep import (
    FIRST_K,
    Record,
    SweepSetup,
    conclusions,
    nominal_seed,
    sweep_setup,
)
from coalitionist.analyses.sweep_estimates import Estimate, apply_estimates, estimate_quantiles
from coalitionist.engine import Chunk, run_chunks
from coalitionist.errors import CoalitionistError, UsageError
from coalitionist.robustness import (
    MorrisScreening,
    SobolIndices,
    Tornado,
    morris_design,
    morris_screening,
    sobol_design,
    sobol_indices,
    tornado,
)
from coalitionist.scenario.model import Scenario

__all__ = [
    "NUMBER_TOLERANCE",
    "Conclusion",
    "SensitivityReport",
    "run_sensitivity",
]

#: A number conclusion is robust when no single swing moves it by more than this share of its scale
#: (forecasts: the issue's scale; probabilities: 1).
NUMBER_TOLERANCE = 0.05
#: Label conclusions analysed (indicators that the label keeps its nominal value).
LABEL_OUTPUTS = (
    "outcome.passes",
    "coalitions.likely",
    "coalitions.adverse_can_block",
    "plan.first",
    "plan.first_k",
)


@dataclass(frozen=True)
class _Rows:
    setup: SweepSetup
    rows: NDArray[np.float64]


def _rows_chunk(payload: _Rows, chunk: Chunk) -> list[Record | None]:
    """Conclusions of design rows ``chunk.start … chunk.stop − 1`` (no randomness: rows are given)."""
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


def _concat(a: list[Record | None], b: list[Record | None]) -> list[Record | None]:
    return a + b


@dataclass(frozen=True)
class Conclusion:
    """One conclusion's sensitivity: the screening, the tornado, the Sobol indices and the verdict."""

    key: str
    text: str
    kind: str
    nominal: float | str
    robust: bool
    sensitive_to: tuple[str, ...]
    verdict: str
    morris: MorrisScreening | None
    tornado: Tornado | None
    sobol: SobolIndices | None

    def to_dict(self, labels: dict[str, str]) -> dict[str, Any]:
        """Plain data (estimates keyed by id; ``label`` of each for readers)."""
        return {
            "id": self.key,
            "text": self.text,
            "kind": self.kind,
            "nominal": self.nominal,
            "robust": self.robust,
            "sensitive_to": list(self.sensitive_to),
            "verdict": self.verdict,
            "morris": None if self.morris is None else self.morris.to_dict(top=10),
            "tornado": None
            if self.tornado is None
            else {
                **self.tornado.to_dict(),
                "labels": {b.name: labels.get(b.name, b.name) for b in self.tornado.bars},
            },
            "sobol": None if self.sobol is None else self.sobol.to_dict(),
        }


@dataclass(frozen=True)
class SensitivityReport:
    """Every conclusion's sensitivity, and the runs it took."""

    setup: SweepSetup
    conclusions: tuple[Conclusion, ...]
    varied: tuple[Estimate, ...]
    runs: int
    seed: int

    def to_dict(self) -> dict[str, Any]:
        """The ``sensitivity`` object of ``coalitionist sweep --sensitivity --json``."""
        labels = {e.key: e.label for e in self.varied}
        return {
            "seed": self.seed,
            "runs": self.runs,
            "estimates_varied": len(self.varied),
            "perturb": {"pct": self.setup.perturb, "default": self.setup.default_perturb},
            "conclusions": [c.to_dict(labels) for c in self.conclusions],
        }


def _outputs(setup: SweepSetup, nominal: Record) -> list[tuple[str, str, float]]:
    """``(key, kind, scale)`` of every conclusion analysed."""
    nums, labs = nominal
    out: list[tuple[str, str, float]] = []
    for issue in setup.scenario.issues:
        key = f"forecast.{issue.id}"
        if key in nums:
            out.append((key, "number", issue.scale[1] - issue.scale[0]))
    if "plan.p_goal" in nums:
        out.append(("plan.p_goal", "number", 1.0))
    out.extend((key, "label", 1.0) for key in LABEL_OUTPUTS if key in labs)
    return out


def _y(
    records: Sequence[Record | None], key: str, kind: str, nominal: Record
) -> NDArray[np.float64]:
    if kind == "number":
        return np.array(
            [np.nan if r is None else r[0].get(key, np.nan) for r in records], dtype=float
        )
    want = nominal[1][key]
    return np.array([0.0 if r is None else float(r[1].get(key) == want) for r in records])


def _text(setup: SweepSetup, key: str, nominal: Record) -> str:
    sc = setup.scenario
    names = {a.id: a.label for a in sc.actors}
    nums, labs = nominal
    if key.startswith("forecast."):
        issue = sc.issue(key.split(".", 1)[1])
        return f"{issue.label}: the decision lands at {nums[key]:.3g}"
    if key == "plan.p_goal":
        return f"The plan reaches the goal with probability {nums[key]:.0%}"
    v = labs[key]
    if key == "plan.first":
        return f"Approach {names.get(v, v)} first" if v != "nobody" else "Approach nobody now"
    if key == "plan.first_k":
        return "Approach " + ", then ".join(names.get(a, a) for a in v.split(">"))
    if key == "outcome.passes":
        return "The proposal passes" if v == "true" else "The proposal fails"
    if key == "coalitions.adverse_can_block":
        return (
            "The adverse coalition can block"
            if v == "true"
            else "The adverse coalition cannot block"
        )
    members = [names.get(a, a) for a in v.split("+")] if v != "none" else ["nobody"]
    return "The likeliest winning coalition is " + ", ".join(members)


def run_sensitivity(
    scenario: Scenario,
    *,
    what: Sequence[str] | None = None,
    perturb: float | None = None,
    model: str = DEFAULT_MODEL,
    first_k: int = FIRST_K,
    trajectories: int = 4,
    top: int = 5,
    sobol_samples: int = 0,
    seed: int = 0,
    backend: Any = "serial",
    address: str | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SensitivityReport:
    """Morris screening of every varied estimate, a tornado of the ``top`` per conclusion, optional Sobol.

    Parameters
    ----------
    scenario : Scenario
    what, perturb, model, first_k
        As for :func:`coalitionist.analyses.sweep.run_sweep` (the same estimates and ranges).
    trajectories : int
        Morris trajectories ``r`` (``r (D + 1)`` runs; ≥ 2).
    top : int
        Estimates per conclusion given a tornado bar (by μ*).
    sobol_samples : int
        Base samples ``N`` of a Sobol design on the union of the tornado estimates (0: none; a power of 2).
    seed : int
        Seeds the designs, and the analyses in every run (one seed for every design row: the indices need
        a deterministic function of the estimates).
    backend, address, workers, progress
        Where the runs go (:func:`coalitionist.engine.run_chunks`); ``progress(done, total)`` counts runs.

    Raises
    ------
    coalitionist.errors.UsageError
        When no estimate varies (give ``--perturb``), or for bad options.
    """
    if trajectories < 2:
        raise UsageError("--trajectories must be at least 2")
    if top < 1:
        raise UsageError("--top must be at least 1")
    setup = sweep_setup(
        scenario, what, perturb=perturb, model=model, first_k=first_k, seed=nominal_seed(int(seed))
    )
    estimates = setup.estimates
    varied_idx = [j for j, e in enumerate(estimates) if e.varies]
    if not varied_idx:
        raise UsageError("no estimate varies: state uncertain values or give --perturb PCT")
    varied = tuple(estimates[j] for j in varied_idx)
    point = np.array([e.point for e in estimates])
    nominal = conclusions(setup, apply_estimates(scenario, estimates, point), setup.seed)
    outputs = _outputs(setup, nominal)
    keys = tuple(e.key for e in varied)
    d = len(varied)
    done = [0]
    total = [trajectories * (d + 1)]

    def evaluate(rows: NDArray[np.float64]) -> list[Record | None]:
        offset = done[0]

        def step(k: int, _n: int) -> None:
            if progress is not None:
                progress(offset + k, total[0])

        res: list[Record | None] = run_chunks(
            _rows_chunk,
            _Rows(setup, rows),
            len(rows),
            seed=seed,
            backend=backend,
            address=address,
            workers=workers,
            progress=step,
            merge=_concat,
        )
        done[0] += len(rows)
        return res

    # 1. Morris screening of every varied estimate
    u = morris_design(d, trajectories, seed=seed)
    rows = np.tile(point, (len(u), 1))
    rows[:, varied_idx] = estimate_quantiles(varied, u)
    morris_records = evaluate(rows)
    screens: dict[str, MorrisScreening | None] = {}
    for key, kind, _ in outputs:
        y = _y(morris_records, key, kind, nominal)
        screens[key] = morris_screening(u, y, keys, seed=seed) if np.isfinite(y).all() else None
    # 2. tornado of the top estimates of each conclusion
    chosen: list[int] = []
    for key, _, _ in outputs:
        sc = screens[key]
        for name, _, _ in sc.ranked(top) if sc is not None else []:
            j = keys.index(name)
            if j not in chosen:
                chosen.append(j)
    sobol_n = sobol_samples if chosen else 0
    total[0] += 2 * len(chosen) + sobol_n * (len(chosen) + 2)
    swings = [varied[j].swing() for j in chosen]
    t_rows = np.tile(point, (2 * len(chosen), 1))
    for k, j in enumerate(chosen):
        t_rows[2 * k, varied_idx[j]] = swings[k][0]
        t_rows[2 * k + 1, varied_idx[j]] = swings[k][1]
    t_records = evaluate(t_rows) if chosen else []
    # 3. Sobol indices of the chosen estimates
    sobol_records: list[Record | None] = []
    s_u = np.zeros((0, len(chosen)))
    if sobol_n:
        s_u = sobol_design(len(chosen), sobol_n, seed=seed)
        s_rows = np.tile(point, (len(s_u), 1))
        for k, j in enumerate(chosen):
            s_rows[:, varied_idx[j]] = varied[j].ppf(s_u[:, k])
        sobol_records = evaluate(s_rows)
    out: list[Conclusion] = []
    for key, kind, scale in outputs:
        sc = screens[key]
        mine = [
            j for j in chosen if sc is not None and keys[j] in {n for n, _, _ in sc.ranked(top)}
        ]
        base = nominal[0][key] if kind == "number" else 1.0
        tor = None
        if mine:
            pos = [chosen.index(j) for j in mine]
            y_t = _y(t_records, key, kind, nominal)
            tor = tornado(
                key,
                base,
                [keys[j] for j in mine],
                [swings[p][0] for p in pos],
                [swings[p][1] for p in pos],
                [y_t[2 * p] for p in pos],
                [y_t[2 * p + 1] for p in pos],
            )
        sob = None
        if sobol_n:
            y_s = _y(sobol_records, key, kind, nominal)
            if np.isfinite(y_s).all():
                sob = sobol_indices(y_s, [keys[j] for j in chosen], seed=seed)
        tol = NUMBER_TOLERANCE * scale if kind == "number" else 0.5
        movers = [b for b in (tor.bars if tor is not None else ()) if b.swing > tol]
        robust = not movers
        labels = {e.key: e.label for e in varied}
        nominal_value: float | str = nominal[0][key] if kind == "number" else nominal[1][key]
        if robust:
            verdict = "robust: no single estimate, swung across its range, " + (
                "changes it" if kind == "label" else f"moves it by more than {tol:.3g}"
            )
        else:
            parts = []
            for b in movers[:3]:
                if kind == "label":
                    ends = [
                        f"at {b.low_input:.3g}" if b.low_output < 0.5 else "",
                        f"at {b.high_input:.3g}" if b.high_output < 0.5 else "",
                    ]
                    where = " and ".join(x for x in ends if x)
                    parts.append(f"{labels[b.name]} (it no longer holds {where})")
                else:
                    parts.append(
                        f"{labels[b.name]} ({b.low_input:.3g} → {b.low_output:.3g},"
                        f" {b.high_input:.3g} → {b.high_output:.3g})"
                    )
            verdict = "sensitive to " + "; ".join(parts)
        out.append(
            Conclusion(
                key,
                _text(setup, key, nominal),
                kind,
                nominal_value,
                robust,
                tuple(b.name for b in movers),
                verdict,
                sc,
                tor,
                sob,
            )
        )
    return SensitivityReport(setup, tuple(out), varied, done[0], seed)
