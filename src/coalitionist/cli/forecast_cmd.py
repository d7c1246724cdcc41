"""``coalitionist forecast``."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from coalitionist.cli.app import FileArg, app
from coalitionist.cli.choices import DEFAULT_FORECAST_MODEL as DEFAULT_MODEL
from coalitionist.cli.choices import FORECAST_MODELS as MODELS
from coalitionist.cli.common import (
    JsonOption,
    out_console,
    print_json,
    progress_bar,
    styled,
)
from coalitionist.errors import UsageError


@app.command()
def forecast(
    file: FileArg,
    model: Annotated[
        str, typer.Option("--model", "-m", help=f"Model: {', '.join(MODELS)}.")
    ] = DEFAULT_MODEL,
    samples: Annotated[
        int,
        typer.Option("--samples", "-n", help="Monte Carlo samples (0: a single point run).", min=0),
    ] = 0,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same numbers).", min=0)] = 0,
    json_out: bool = JsonOption,
) -> None:
    """Forecast where the decision lands: weighted mean/median, BDM expected utility or KTAB's SMP.

    FILE may be a scenario or a KTAB SMP CSV. With `--samples N`, a Monte Carlo run over the uncertain
    inputs (or a default estimation error when none is stated) gives the median, the 10-90 % band and the
    inputs the forecast is most sensitive to.

    Examples: `coalitionist forecast examples/gulf-war-1990.yaml --model bdm`,
    `coalitionist forecast dummyData_3Dim.csv --model smp --json`,
    `coalitionist forecast examples/gulf-war-1990.yaml -m median --samples 2000 --seed 1`
    """
    from rich.table import Table

    from coalitionist.analyses.forecast import forecast_dict, run_forecast, run_monte_carlo
    from coalitionist.io import load_scenario

    if model not in MODELS:
        raise UsageError(f"--model: '{model}' is not one of {', '.join(MODELS)}")
    scenario = load_scenario(file)
    result = run_forecast(scenario, model, seed=seed)
    mc = None
    noise = False
    if samples:
        show = not json_out and sys.stderr.isatty()
        with progress_bar("Monte Carlo", samples, show=show) as progress:
            mc, noise = run_monte_carlo(
                scenario,
                model,
                samples,
                seed=seed,
                progress=progress,
            )
    if json_out:
        print_json(forecast_dict(result, mc, noise))
        return
    console = out_console()
    console.print(
        styled(
            (scenario.title, "bold"),
            f" — {result.model} forecast"
            + (f" after {result.turns} turns" if result.turns else ""),
        )
    )
    table = Table(show_edge=False)
    table.add_column("issue")
    table.add_column("status quo", justify="right")
    table.add_column("forecast", justify="right")
    if mc is not None:
        table.add_column("median [10 %, 90 %]", justify="right")
    for k, issue in enumerate(scenario.issues):
        cells = [issue.label, f"{issue.status_quo_value:g}", f"{result.forecast[k]:.4g}"]
        if mc is not None:
            cells.append(f"{mc.median[k]:.4g} [{mc.q10[k]:.4g}, {mc.q90[k]:.4g}]")
        table.add_row(*cells)
    console.print(table)
    if result.basis:
        console.print(f"Reported: the {result.basis}.", markup=False)
    if mc is not None:
        console.print(
            f"{mc.n_samples - mc.failed} Monte Carlo samples"
            + (
                " with the default estimation error (the file states no uncertainty)"
                if noise
                else ""
            )
            + "."
        )
        for issue in scenario.issues:
            top = mc.sensitivity(issue.id, top=3)
            if top:
                console.print(
                    f"  {issue.id} is most sensitive to "
                    + ", ".join(f"{s['input']} (ρ {s['spearman']:+.2f})" for s in top),
                    markup=False,
                )


__all__ = ["forecast"]
