"""``coalitionist outcome``."""

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

#: Monte Carlo draws unless told otherwise (``coalitionist.analyses.outcome.DEFAULT_SAMPLES``; written
#: here so that the command line starts without importing the numeric stack).
DEFAULT_SAMPLES = 1000

_VOTE = {1: "yes", 0: "abstain", -1: "no"}


@app.command()
def outcome(
    file: FileArg,
    proposal: Annotated[
        list[str] | None,
        typer.Option(
            "--proposal",
            "-p",
            help="ISSUE=VALUE (issue id or name; a number or an option label); repeat for several issues."
            " Default: the scenario's proposal, else the forecast package.",
        ),
    ] = None,
    samples: Annotated[
        int | None,
        typer.Option(
            "--samples",
            "-n",
            help=f"Monte Carlo draws for the pass probability (0: none). Default {DEFAULT_SAMPLES:,},"
            " or fewer on a large scenario, as the brief takes (the reading says how many and why).",
            min=0,
            show_default=False,
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same numbers).", min=0)] = 0,
    json_out: bool = JsonOption,
    max_seconds: MaxSecondsOption = DEFAULT_MAX_SECONDS,
    max_memory: MaxMemoryOption = DEFAULT_MEMORY_OPTION,
) -> None:
    """Does it pass? Each decision maker's vote (yes, no, abstain), the tally under the rule, the pass
    probability over the uncertain estimates, the pivotal voters and the coalition that carries it.

    Examples: `coalitionist outcome examples/gulf-war-1990.yaml`,
    `coalitionist outcome examples/gulf-war-1990.yaml --proposal force=100 --proposal timing=50 --json`
    """
    from rich.table import Table

    from coalitionist.analyses.outcome import parse_proposal, reading, run_outcome
    from coalitionist.analyses.scale import choose_methods
    from coalitionist.cli import limits as lim
    from coalitionist.io import load_scenario
    from coalitionist.wording import percent

    limits = lim.Limits.parse(max_seconds, max_memory)
    scenario = load_scenario(file)
    given = parse_proposal(scenario, proposal) if proposal else None
    # the brief's methods for this size (analyses.scale): its forecast model when a forecast is the
    # proposal, and its count of draws unless --samples says otherwise; each switch is stated
    scale = choose_methods(scenario, default_draws=DEFAULT_SAMPLES)
    forecasts = given is None and scenario.proposal is None
    draws = scale.outcome_draws if samples is None else samples
    methods = [
        m
        for m in (scale.method("forecast") if forecasts else None, scale.method("outcome"))
        if m is not None and (m.section != "outcome" or samples is None)
    ]
    model = scale.forecast_model if forecasts else None
    lim.check(lim.outcome_cost(scenario, draws, limits, model=model), limits)  # forecast, draws
    show = not json_out and sys.stderr.isatty() and draws > 0
    with (
        lim.bounded(limits, "the outcome analysis"),
        progress_bar("Monte Carlo", draws, show=show) as progress,
    ):
        result = run_outcome(
            scenario,
            given,
            samples=draws,
            seed=seed,
            progress=progress,
            **({"model": model} if model is not None else {}),
        )
    if json_out:
        data = result.to_dict()
        if methods:
            data["scale"] = {m.section: m.to_dict() for m in methods}
        print_json(data)
        return
    console = out_console()
    console.print(styled((scenario.title, "bold"), " — does it pass?"))
    for line in [*reading(result, scenario), *(m.sentence() for m in methods)]:
        console.print(line, markup=False)
    d = result.decision
    shares = result.probability
    table = Table(
        show_edge=False, caption="Votes (gain: utility of the proposal minus the status quo's)"
    )
    table.add_column("voter")
    table.add_column("vote")
    table.add_column("gain", justify="right")
    table.add_column("band", justify="right")
    if shares is not None:
        table.add_column("P(yes)", justify="right")
        table.add_column("P(pivotal)", justify="right")
    for i, actor_id in enumerate(d.actors):
        cells = [
            result.names.get(actor_id, actor_id),
            _VOTE[int(d.codes[i])],
            f"{d.gain[i]:+.2f}",
            f"{d.band[i]:.2f}",
        ]
        if shares is not None:
            cells += [
                percent(float(shares.vote_shares[i, 0])),
                percent(float(shares.p_pivotal[i])),
            ]
        table.add_row(*cells)
    console.print(table)


__all__ = ["outcome"]
