"""``coalitionist process``: what to table, what to offer whom, the lockout risk, meetings and tactics."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from coalitionist.cli.app import FileArg, app
from coalitionist.cli.common import (
    JsonOption,
    out_console,
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

#: Monte Carlo samples of the lockout risk by default (``coalitionist.analyses.process.DEFAULT_SAMPLES``;
#: repeated here so that the command line starts without the numeric stack).
DEFAULT_SAMPLES = 2000


@app.command()
def process(
    file: FileArg,
    for_: Annotated[
        str | None,
        typer.Option("--for", help="Plan for this actor (id; default: the file's focal actor)."),
    ] = None,
    samples: Annotated[
        int | None,
        typer.Option(
            "--samples",
            "-n",
            help=f"Monte Carlo samples of the lockout risk (0: skip it). Default {DEFAULT_SAMPLES:,},"
            " or fewer on a large scenario (the notes say how many and why).",
            min=0,
            show_default=False,
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same numbers).", min=0)] = 0,
    json_out: bool = JsonOption,
    max_seconds: MaxSecondsOption = DEFAULT_MAX_SECONDS,
    max_memory: MaxMemoryOption = DEFAULT_MEMORY_OPTION,
) -> None:
    """Process planning: the package to table, the offers that carry it, the lockout risk, the
    meeting sequence and the tactics per actor.

    Examples: `coalitionist process examples/clinic-program.yaml`,
    `coalitionist process examples/gulf-war-1990.yaml --samples 5000 --seed 1 --json`
    """

    from coalitionist.analyses.process import process_dict, run_process
    from coalitionist.analyses.scale import choose_methods, lockout_method
    from coalitionist.cli import limits as lim
    from coalitionist.io import load_scenario

    limits = lim.Limits.parse(max_seconds, max_memory)
    scenario = load_scenario(file)
    # the brief's methods for this size (analyses.scale): its forecast model, its cap on the plan's
    # candidates, and fewer lockout samples unless --samples says otherwise; each switch is stated
    scale = choose_methods(scenario)
    draws, fewer = lockout_method(len(scenario.actors), DEFAULT_SAMPLES)
    if samples is not None:
        draws, fewer = samples, None
    forecasts = scenario.proposal is None
    methods = [
        m
        for m in (scale.method("forecast") if forecasts else None, scale.method("plan"), fewer)
        if m is not None
    ]
    cost = lim.process_cost(
        scenario,
        draws,
        limits,
        model=scale.forecast_model if forecasts else None,
        candidates=scale.plan_candidates,
    )
    lim.check(cost, limits)  # the forecast, the package search and plan, the samples
    show = not json_out and sys.stderr.isatty()
    with (
        lim.bounded(limits, "the process analysis"),
        progress_bar("Lockout risk", draws, show=show) as progress,
    ):
        result = run_process(
            scenario,
            focal=for_,
            samples=draws,
            seed=seed,
            progress=progress,
            scale=scale,
        )
    data = process_dict(scenario, result)
    if methods:
        data["notes"] = [*data["notes"], *(m.sentence() for m in methods)]
        data["scale"] = {m.section: m.to_dict() for m in methods}
    if json_out:
        print_json(data)
        return
    console = out_console()
    console.print(
        styled((scenario.title, "bold"), f" — process plan for {result.names[result.focal]}"),
        highlight=False,
    )
    for line in data["reading"]:
        console.print(f"• {line}", markup=False, highlight=False)
    for note in data["notes"]:
        console.print(f"Note: {note}", markup=False, highlight=False)


__all__ = ["process"]
