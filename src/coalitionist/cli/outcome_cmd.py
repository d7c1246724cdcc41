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
        int,
        typer.Option(
            "--samples", "-n", help="Monte Carlo draws for the pass probability (0: none).", min=0
        ),
    ] = DEFAULT_SAMPLES,
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
    from coalitionist.cli import limits as lim
    from coalitionist.io import load_scenario
    from coalitionist.wording import percent

    limits = lim.Limits.parse(max_seconds, max_memory)
    scenario = load_scenario(file)
    lim.check(lim.outcome_cost(scenario, samples, limits), limits)  # forecast under the rule, draws
    given = parse_proposal(scenario, proposal) if proposal else None
    show = not json_out and sys.stderr.isatty() and samples > 0
    with (
        lim.bounded(limits, "the outcome analysis"),
        progress_bar("Monte Carlo", samples, show=show) as progress,
    ):
        result = run_outcome(
            scenario,
            given,
            samples=samples,
            seed=seed,
            progress=progress,
        )
    if json_out:
        print_json(result.to_dict())
        return
    console = out_console()
    console.print(styled((scenario.title, "bold"), " — does it pass?"))
    for line in reading(result, scenario):
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
