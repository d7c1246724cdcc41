"""``coalitionist sweep``: how robust is the advice when every estimate varies?"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coalitionist.cli.app import FileArg, app
from coalitionist.cli.choices import DEFAULT_FORECAST_MODEL as DEFAULT_MODEL
from coalitionist.cli.choices import FORECAST_MODELS as MODELS
from coalitionist.cli.common import (
    JsonOption,
    out_console,
    parse_csv_list,
    print_json,
    progress_bar,
    styled,
)
from coalitionist.cli.limits import (
    DEFAULT_MAX_SECONDS,
    DEFAULT_MEMORY_OPTION,
    MaxMemoryOption,
    MaxSecondsOption,
)
from coalitionist.errors import UsageError
from coalitionist.wording import percent

if TYPE_CHECKING:
    from coalitionist.analyses.sweep import SweepResult
    from coalitionist.analyses.sweep_sensitivity import SensitivityReport

__all__ = ["BACKENDS", "FIRST_K", "WHAT", "sweep"]

# Named here so that `--help` imports no analysis (tests/sweep check them against the library's).
#: ``coalitionist.analyses.sweep.WHAT``.
WHAT: tuple[str, ...] = ("outcome", "forecast", "power", "coalitions", "plan")
#: ``coalitionist.analyses.sweep.FIRST_K``.
FIRST_K = 3
#: ``coalitionist.engine.BACKENDS``.
BACKENDS: tuple[str, ...] = ("serial", "processes", "dask", "ray")


def _pct(p: float | None) -> str:
    return "–" if p is None else percent(p)


@app.command()
def sweep(
    file: FileArg,
    samples: Annotated[
        int, typer.Option("--samples", "-n", help="Number of scenario variants to draw.", min=1)
    ],
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same numbers).", min=0)] = 0,
    what: Annotated[
        str | None,
        typer.Option(help=f"Analyses to sweep, comma-separated: {','.join(WHAT)} (default: all)."),
    ] = None,
    backend: Annotated[
        str,
        typer.Option(
            help="Where samples run: auto (processes when worth it), " + ", ".join(BACKENDS) + "."
        ),
    ] = "auto",
    address: Annotated[
        str | None,
        typer.Option(
            help="A running Dask scheduler, e.g. tcp://127.0.0.1:8786 (with --backend dask)."
        ),
    ] = None,
    workers: Annotated[
        int | None, typer.Option(help="Local workers (default: one per CPU).", min=1)
    ] = None,
    perturb: Annotated[
        float | None,
        typer.Option(
            help="Vary point estimates within ± PCT % of their range (default: 0 when the file states"
            " uncertain values, 10 when it states none).",
            min=0,
            max=100,
        ),
    ] = None,
    model: Annotated[
        str, typer.Option("--model", "-m", help=f"Forecast model: {', '.join(MODELS)}.")
    ] = DEFAULT_MODEL,
    first_k: Annotated[
        int, typer.Option("--first-k", help="How many of the plan's first moves to compare.", min=1)
    ] = FIRST_K,
    chunk_size: Annotated[
        int | None,
        typer.Option(
            help="Samples per task (default: sized for the work; no effect on results).", min=1
        ),
    ] = None,
    sensitivity: Annotated[
        bool,
        typer.Option(
            "--sensitivity",
            help="Also screen which estimates move each conclusion (Morris), with a tornado of the top"
            " ones and a verdict: robust, or sensitive to X.",
        ),
    ] = False,
    trajectories: Annotated[
        int, typer.Option(help="Morris trajectories r (r × (estimates + 1) runs).", min=2)
    ] = 4,
    top: Annotated[int, typer.Option(help="Estimates per conclusion in its tornado.", min=1)] = 5,
    sobol: Annotated[
        int,
        typer.Option(
            help="Also Sobol indices of the tornado estimates with N base samples (0: none; a power of 2).",
            min=0,
        ),
    ] = 0,
    json_out: bool = JsonOption,
    max_seconds: MaxSecondsOption = DEFAULT_MAX_SECONDS,
    max_memory: MaxMemoryOption = DEFAULT_MEMORY_OPTION,
) -> None:
    """Draw every uncertain estimate (and, with --perturb, vary point estimates), rerun the analyses on each
    variant, and say how often each conclusion holds: quantiles of every number, the chance the proposal
    passes, that each actor is pivotal, that each coalition is the likely one, that the plan's first moves
    stay the same.

    The numbers do not depend on --backend, --workers or --chunk-size.

    Examples: `coalitionist sweep examples/gulf-war-1990.yaml -n 200`,
    `coalitionist sweep examples/clinic-program.yaml -n 1000 --what plan --perturb 20 --json`,
    `coalitionist sweep case.yaml -n 100000 --backend dask --address tcp://127.0.0.1:8786`
    """
    from coalitionist.cli import limits as lim
    from coalitionist.io import load_scenario

    limits = lim.Limits.parse(max_seconds, max_memory)

    if model not in MODELS:
        raise UsageError(f"--model: '{model}' is not one of {', '.join(MODELS)}")
    chosen = parse_csv_list(what, "--what")
    scenario = load_scenario(file)
    point = lim.forecast_cost(model, len(scenario.actors), len(scenario.issues))
    lim.check(
        lim.monte_carlo_cost(
            f"the analyses (each re-runs {point.what})", samples, point.seconds, 0.0, limits
        ),
        limits,
    )
    with lim.bounded(limits, "the sweep"):
        result, report = _run(
            scenario,
            samples,
            seed,
            chosen,
            perturb,
            model,
            first_k,
            backend,
            address,
            workers,
            chunk_size,
            sensitivity,
            trajectories,
            top,
            sobol,
            json_out,
        )
    data = result.to_dict()
    data["file"] = str(Path(file))
    if report is not None:
        data["sensitivity"] = report.to_dict()
    if json_out:
        print_json(data)
        return
    _print(result, data)
    if report is not None:
        _print_sensitivity(report)


def _run(
    scenario: Any,
    samples: int,
    seed: int,
    chosen: list[str] | None,
    perturb: float | None,
    model: str,
    first_k: int,
    backend: str,
    address: str | None,
    workers: int | None,
    chunk_size: int | None,
    sensitivity: bool,
    trajectories: int,
    top: int,
    sobol: int,
    json_out: bool,
) -> tuple[SweepResult, SensitivityReport | None]:
    from coalitionist.analyses.sweep import run_sweep
    from coalitionist.analyses.sweep_sensitivity import run_sensitivity

    if backend == "auto":
        backend = "processes" if (workers or os.cpu_count() or 1) > 1 and samples >= 8 else "serial"
        if address:
            backend = "dask"
    show = not json_out and sys.stderr.isatty()
    with progress_bar("Sweep", samples, show=show) as progress:
        result = run_sweep(
            scenario,
            samples,
            seed=seed,
            what=chosen,
            perturb=perturb,
            model=model,
            first_k=first_k,
            backend=backend,
            address=address,
            workers=workers,
            chunk_size=chunk_size,
            progress=progress,
        )
    report = None
    if sensitivity:
        with progress_bar("Sensitivity", None, show=show) as progress:
            report = run_sensitivity(
                scenario,
                what=chosen,
                perturb=perturb,
                model=model,
                first_k=first_k,
                trajectories=trajectories,
                top=top,
                sobol_samples=sobol,
                seed=seed,
                backend=backend,
                address=address,
                workers=workers,
                progress=progress,
            )
    return result, report


def _print_sensitivity(report: SensitivityReport) -> None:
    from rich.table import Table

    console = out_console()
    table = Table(
        show_edge=False,
        title=f"Which estimates matter ({report.runs} runs)",
        title_justify="left",
    )
    table.add_column("conclusion")
    table.add_column("verdict")
    for c in report.conclusions:
        table.add_row(c.text, c.verdict)
    console.print(table)


_PLAN_NUMBERS = {
    "plan.p_goal": "plan: chance of reaching the goal",
    "plan.expected_payoff": "plan: expected payoff",
    "plan.payoff": "plan: payoff of one simulated run",
}


def number_label(key: str, actors: dict[str, str], issues: dict[str, str]) -> str:
    """The row label of a swept number for people: ``forecast.force`` → ``forecast: Authorise the use
    of force against Iraq``, ``power.banzhaf.usa`` → ``Banzhaf power: United States`` (the JSON keeps the
    ids)."""
    from coalitionist.power.result import INDEX_LABELS

    head, _, rest = key.partition(".")
    if key in _PLAN_NUMBERS:
        return _PLAN_NUMBERS[key]
    if head == "forecast" and rest in issues:
        return f"forecast: {issues[rest]}"
    if head == "power":
        index, _, actor = rest.partition(".")
        if actor in actors:
            return f"{INDEX_LABELS.get(index, index.replace('_', ' '))} power: {actors[actor]}"
    return key


def _print(result: SweepResult, data: dict[str, Any]) -> None:
    from rich.table import Table

    console = out_console()
    scenario = result.setup.scenario
    labels = {a.id: a.label for a in scenario.actors}
    issues = {i.id: i.label for i in scenario.issues}
    per = data["perturb"]
    est = data["estimates"]
    console.print(
        styled(
            (scenario.title, "bold"),
            f" — {data['samples']} variants (seed {data['seed']}),"
            f" {est['varied']} estimates varied"
            + (f": ± {per['pct']:g} % band" if per["pct"] else "")
            + (" (default: the file states no uncertainty)" if per["default"] else "")
            + (f"; {data['failed']} failed" if data["failed"] else ""),
        )
    )
    if data.get("plan_method") == "greedy":
        console.print(
            "The plan is re-decided in each variant with the adaptive index policy (more than 12"
            " candidates: the exact planner does not apply, and the brief's rollout plan costs about a"
            " second per variant), so its moves here can differ from the brief's plan; `coalitionist"
            " analyze FILE --robustness N` re-decides the first move as the brief does."
        )
    table = Table(show_edge=False, title="How often each conclusion holds", title_justify="left")
    table.add_column("conclusion (point estimates)")
    table.add_column("holds", justify="right")
    for r in data["recommendations"]:
        table.add_row(r["text"], _pct(r["holds"]))
    console.print(table)
    probs = data["probabilities"]
    if probs.get("first_move"):
        console.print(
            "First move: "
            + ", ".join(
                f"{labels.get(a, a)} {_pct(p)}" for a, p in list(probs["first_move"].items())[:5]
            )
        )
    if probs.get("plan_reaches_goal") is not None:
        console.print(
            f"The plan reaches the goal in {_pct(probs['plan_reaches_goal'])} of simulated runs."
        )
    if "passes" in probs:
        console.print(f"The proposal passes in {_pct(probs['passes'])} of variants.")
        piv = sorted(((p, a) for a, p in probs["pivotal"].items() if p), reverse=True)[:5]
        if piv:
            console.print("Pivotal: " + ", ".join(f"{labels.get(a, a)} {_pct(p)}" for p, a in piv))
    nums = Table(show_edge=False, title="Numbers", title_justify="left")
    for col in ("number", "point", "median", "5 %", "95 %"):
        nums.add_column(col, justify="left" if col == "number" else "right")
    for key, d in data["numbers"].items():
        if key.startswith("power.") and d["min"] == d["max"]:
            continue
        point = d.get("point")
        nums.add_row(
            number_label(key, labels, issues),
            "" if point is None else f"{point:.4g}",
            f"{d['p50']:.4g}",
            f"{d['p05']:.4g}",
            f"{d['p95']:.4g}",
        )
    console.print(nums)
    if "power" in result.setup.what:
        console.print("Power indices do not vary: the decision rule holds no estimates.")
