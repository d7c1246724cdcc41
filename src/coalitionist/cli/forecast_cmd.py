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
from coalitionist.cli.limits import (
    DEFAULT_MAX_SECONDS,
    DEFAULT_MEMORY_OPTION,
    MaxMemoryOption,
    MaxSecondsOption,
)
from coalitionist.errors import CoalitionistError, UsageError


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
    max_seconds: MaxSecondsOption = DEFAULT_MAX_SECONDS,
    max_memory: MaxMemoryOption = DEFAULT_MEMORY_OPTION,
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

    from coalitionist.analyses.forecast import (
        fmt_number,
        forecast_dict,
        run_forecast,
        run_monte_carlo,
    )
    from coalitionist.cli import limits as lim
    from coalitionist.forecast.describe import basis_text
    from coalitionist.io import load_scenario

    if model not in MODELS:
        raise UsageError(f"--model: '{model}' is not one of {', '.join(MODELS)}")
    limits = lim.Limits.parse(max_seconds, max_memory)
    scenario = load_scenario(file)
    n, d = len(scenario.actors), len(scenario.issues)
    point = lim.forecast_cost(model, n, d)
    lim.check(point, limits)
    if samples:  # refuse a hopeless Monte Carlo before the point run, on the predicted cost
        lim.check(lim.forecast_mc_cost(model, n, d, samples, point.seconds, limits), limits)
    mc = None
    noise = False
    with lim.bounded(limits, f"the {model} forecast"):
        result, spent = lim.timed(lambda: run_forecast(scenario, model, seed=seed))
        if samples:  # and again on the point run's measured cost
            lim.check(lim.forecast_mc_cost(model, n, d, samples, spent, limits), limits)
            show = not json_out and sys.stderr.isatty()
            with progress_bar("Monte Carlo", samples, show=show) as progress:
                mc, noise = run_monte_carlo(
                    scenario,
                    model,
                    samples,
                    seed=seed,
                    progress=progress,
                )
        under_rule = None
        try:  # the forecast as the decision rule can produce it (issue 13.2–13.3)
            from coalitionist.analyses.outcome import forecast_under_rule

            under_rule = forecast_under_rule(scenario, model, seed=seed or 0, result=result)
        except CoalitionistError:
            under_rule = None
    if json_out:
        out = forecast_dict(result, mc, noise)
        if under_rule is not None:
            out["under_rule"] = under_rule.to_dict()
        print_json(out)
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
    if under_rule is not None:
        table.add_column("under the rule", justify="right")
    for k, issue in enumerate(scenario.issues):
        cells = [issue.label, fmt_number(issue.status_quo_value), fmt_number(result.forecast[k])]
        if mc is not None:
            cells.append(
                f"{fmt_number(mc.median[k])} [{fmt_number(mc.q10[k])}, {fmt_number(mc.q90[k])}]"
            )
        if under_rule is not None:
            cells.append(fmt_number(under_rule.reported[issue.id]))
        table.add_row(*cells)
    console.print(table)
    names = {a.id: a.label for a in scenario.actors}
    if result.basis:
        console.print(f"Reported: the {basis_text(result, names)}.", markup=False)
    if under_rule is not None:
        from coalitionist.analyses.outcome import rule_forecast_reading

        console.print(f"Under the decision rule: {under_rule.basis}.", markup=False)
        for line in rule_forecast_reading(under_rule, scenario):
            console.print(line, markup=False)
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
                    f"  {issue.label} is most sensitive to "
                    + ", ".join(f"{s['input']} (ρ {s['spearman']:+.2f})" for s in top),
                    markup=False,
                )


__all__ = ["forecast"]
