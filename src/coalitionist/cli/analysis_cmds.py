"""``coalitionist power`` and ``coalitionist trades``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coalitionist.cli.app import app
from coalitionist.cli.choices import INDEX_NAMES
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

if TYPE_CHECKING:  # the analyses are imported where a command runs, so that --help starts at once
    from coalitionist.brief import Section
    from coalitionist.power import PowerResult


def _numbers(text: str, what: str) -> list[float]:
    items = parse_csv_list(text, what) or []
    try:
        values = [float(t) for t in items]
    except ValueError:
        raise UsageError(f"{what}: '{text}' is not a comma-separated list of numbers") from None
    if any(v < 0 for v in values):
        raise UsageError(f"{what}: weights must be ≥ 0")
    return values


#: From this many players a power game may take seconds (Monte Carlo, or exact tables over many
#: weights), and `coalitionist power` draws a progress bar on stderr.
LARGE_POWER_GAME = 25


def _bar_for(players: int, json_out: bool) -> bool:
    """Whether `power` shows its progress bar: a large game, stderr a terminal, no ``--json``."""
    return players >= LARGE_POWER_GAME and not json_out and sys.stderr.isatty()


@app.command()
def power(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="Scenario file (its decision rule); or use --weights/--quota.", show_default=False
        ),
    ] = None,
    weights: Annotated[
        str | None, typer.Option(help="Quick form: comma-separated weights, e.g. 9,9,7,3,1,1.")
    ] = None,
    quota: Annotated[
        float | None, typer.Option(help="Quick form: the quota (weight needed to win).")
    ] = None,
    names: Annotated[
        str | None, typer.Option(help="Quick form: comma-separated player names (default p1…pn).")
    ] = None,
    index: Annotated[
        str | None,
        typer.Option(
            "--index",
            help=f"Indices to show in the table (comma-separated): {', '.join(INDEX_NAMES)}.",
        ),
    ] = None,
    method: Annotated[
        str, typer.Option(help="auto (exact when affordable, else Monte Carlo), exact, or mc.")
    ] = "auto",
    exact: Annotated[
        bool, typer.Option("--exact", help="Exact fractions (added as exact_indices in JSON).")
    ] = False,
    epsilon: Annotated[float, typer.Option(help="Monte Carlo: absolute error bound.")] = 0.005,
    delta: Annotated[float, typer.Option(help="Monte Carlo: probability the bound fails.")] = 0.01,
    seed: Annotated[int, typer.Option(help="Monte Carlo seed.", min=0)] = 0,
    json_out: bool = JsonOption,
    max_seconds: MaxSecondsOption = DEFAULT_MAX_SECONDS,
    max_memory: MaxMemoryOption = DEFAULT_MEMORY_OPTION,
) -> None:
    """Voting power under the decision rule: Shapley–Shubik, Banzhaf, Deegan–Packel, Holler, Johnston,
    swing counts, veto players, dummies, minimal winning and blocking coalitions.

    Examples: `coalitionist power examples/eu-council.yaml`,
    `coalitionist power --weights 9,9,7,3,1,1 --quota 16`,
    `coalitionist power --weights 4,4,4,2,2,1 --quota 12 --names fr,de,it,be,nl,lu --exact --json`
    """
    from coalitionist.analyses.power import power_table, run_power
    from coalitionist.cli import limits as lim
    from coalitionist.io import load_scenario
    from coalitionist.power import Weighted, describe_power, power_indices
    from coalitionist.report.text import rich_table

    method = {"mc": "monte_carlo"}.get(method, method)
    if method not in ("auto", "exact", "monte_carlo"):
        raise UsageError(f"--method: '{method}' is not one of auto, exact, mc")
    shown = parse_csv_list(index, "--index") or list(INDEX_NAMES)
    unknown = [i for i in shown if i not in INDEX_NAMES]
    if unknown:
        raise UsageError(f"--index: unknown {', '.join(unknown)} (use {', '.join(INDEX_NAMES)})")
    limits = lim.Limits.parse(max_seconds, max_memory)
    labels: dict[str, str] = {}
    result: PowerResult
    if file is not None:
        if weights is not None or quota is not None or names is not None:
            raise UsageError("give either FILE or --weights/--quota/--names, not both")
        scenario = load_scenario(file)
        from coalitionist.analyses.rule import decision_makers, scenario_rule

        choice = lim.power_choice(
            scenario_rule(scenario, decision_makers(scenario)),
            method,
            exact=exact,
            epsilon=epsilon,
            delta=delta,
            limits=limits,
        )
        with (
            lim.bounded(limits, "the power computation"),
            progress_bar("Power", None, show=_bar_for(len(scenario.actors), json_out)) as step,
        ):
            result = run_power(
                scenario,
                method=choice.method,
                exact=exact,
                epsilon=epsilon,
                delta=delta,
                seed=seed,
                progress=step,
            )
        labels = {a.id: a.label for a in scenario.actors}
    else:
        if weights is None or quota is None:
            raise UsageError("give a scenario FILE, or --weights and --quota")
        w = _numbers(weights, "--weights")
        player_names = parse_csv_list(names, "--names") or [f"p{i + 1}" for i in range(len(w))]
        if len(player_names) != len(w):
            raise UsageError(f"--names: {len(player_names)} names for {len(w)} weights")
        if len(set(player_names)) != len(player_names):
            raise UsageError("--names: names must be distinct")
        if quota <= 0:
            raise UsageError("--quota must be > 0")
        rule = Weighted(w, quota=quota)
        choice = lim.power_choice(
            rule, method, exact=exact, epsilon=epsilon, delta=delta, limits=limits
        )
        with (
            lim.bounded(limits, "the power computation"),
            progress_bar("Power", None, show=_bar_for(len(w), json_out)) as step,
        ):
            result = power_indices(
                rule,
                player_names,
                method=choice.method,
                exact=exact,
                epsilon=epsilon,
                delta=delta,
                seed=seed,
                progress=step,
            )
    if choice.note:
        from dataclasses import replace

        result = replace(result, notes=(*result.notes, choice.note))
    if json_out:
        print_json(result.to_dict())
        return
    console = out_console()
    outside_ids: list[str] = []
    if labels:
        from coalitionist.analyses.rule import decision_makers

        in_body = set(decision_makers(scenario))
        outside_ids = [a.id for a in scenario.actors if a.id not in in_body]
    table = power_table(result, labels, outside_ids)
    keep = [0] + [1 + INDEX_NAMES.index(i) for i in shown] + [7, 8]
    console.print(
        rich_table(
            type(table)(
                tuple(table.columns[j] for j in keep),
                tuple(tuple(r[j] for j in keep) for r in table.rows),
                caption=table.caption,
                align="".join(table.align[j] for j in keep),
            )
        )
    )
    if labels:
        from coalitionist.analyses.power import power_sentence
        from coalitionist.analyses.rule import decision_makers

        voters = set(decision_makers(scenario))
        outside = [a.id for a in scenario.actors if a.id not in voters]
        console.print(power_sentence(result, labels, outside), markup=False)
    else:
        console.print(describe_power(result), markup=False)
    if result.minimal_winning_count is not None and result.minimal_blocking_count is not None:
        mw, mb = result.minimal_winning_count, result.minimal_blocking_count
        console.print(
            f"{mw:,} minimal winning coalition{'' if mw == 1 else 's'} and {mb:,} minimal blocking"
            f" coalition{'' if mb == 1 else 's'}.",
            markup=False,
        )
    for note in result.notes:
        console.print(note, markup=False)


@app.command()
def trades(
    file: Annotated[
        Path, typer.Argument(help="Scenario file.", dir_okay=False, show_default=False)
    ],
    seed: Annotated[
        int, typer.Option(help="Seed for the sampled frontier of very large spaces.", min=0)
    ] = 0,
    json_out: bool = JsonOption,
    max_seconds: MaxSecondsOption = DEFAULT_MAX_SECONDS,
    max_memory: MaxMemoryOption = DEFAULT_MEMORY_OPTION,
) -> None:
    """Joint gain: the Pareto frontier of packages, the Nash, Kalai–Smorodinsky, egalitarian, utilitarian
    and compromise packages, and trades on differences (priorities, timing, forecasts, risk, appearances).

    Example: `coalitionist trades examples/russia-china-gas-2014.yaml --json`
    """
    from coalitionist.analyses.trades import brief_no_deal, run_trades, trades_dict
    from coalitionist.analyses.trades import build_section as trades_section
    from coalitionist.cli import limits as lim
    from coalitionist.io import load_scenario
    from coalitionist.report.text import rich_table

    limits = lim.Limits.parse(max_seconds, max_memory)
    scenario = load_scenario(file)
    if not scenario.issues:
        raise UsageError(f"{file}: the scenario has no issues: there is nothing to trade")
    from coalitionist.trades.analysis import STEPS

    lim.check(lim.scenario_trades_cost(scenario), limits)
    lim.check(lim.reference_cost(scenario), limits)  # the brief's forecast: the no-deal point
    with (
        lim.bounded(limits, "the joint-gain analysis"),
        progress_bar("Joint gain", STEPS, show=not json_out and sys.stderr.isatty()) as progress,
    ):
        # measured against the brief's one forecast, as in the brief
        point = brief_no_deal(scenario)
        result = run_trades(scenario, seed=seed, progress=progress, no_deal=point)
    if json_out:
        print_json({**trades_dict(scenario, result), "no_deal_point": point})
        return
    section = trades_section(scenario, [], seed=seed, result=result, no_deal=point)
    console = out_console()
    console.print(styled((scenario.title, "bold"), " — where joint gain lies"))
    if section is None:
        console.print("No actor states a position: nothing to trade.")
        return
    for line in section.reading:
        console.print(line, markup=False)
    for t in section.tables:
        console.print()
        console.print(rich_table(t))


@app.command("plan")
def plan_cmd(
    file: Annotated[
        Path, typer.Argument(help="Scenario file.", dir_okay=False, show_default=False)
    ],
    for_actor: Annotated[
        str | None,
        typer.Option("--for", help="Plan for this actor (default: the file's focal actor)."),
    ] = None,
    goal: Annotated[
        str | None, typer.Option(help="win, block or value (default: the file's recruitment goal).")
    ] = None,
    method: Annotated[
        str,
        typer.Option(
            help="auto (exact up to 14 candidates, else rollout), exact, rollout or greedy."
        ),
    ] = "auto",
    samples: Annotated[
        int,
        typer.Option(
            "--samples", "-n", help="Monte Carlo evaluation under uncertain estimates.", min=0
        ),
    ] = 0,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same plan).", min=0)] = 0,
    json_out: bool = JsonOption,
    max_seconds: MaxSecondsOption = DEFAULT_MAX_SECONDS,
    max_memory: MaxMemoryOption = DEFAULT_MEMORY_OPTION,
) -> None:
    """Whom to approach first, second, … : the adaptive plan that maximises the expected payoff, with why
    for each step and what to do if an approach fails.

    Examples: `coalitionist plan examples/clinic-program.yaml`,
    `coalitionist plan examples/gulf-war-1990.yaml --samples 2000 --seed 1 --json`,
    `coalitionist plan examples/eu-council.yaml --for de --goal block`
    """
    from coalitionist.analyses.strategy import (
        abstention_won,
        evaluate,
        plan_dict,
        run_plan,
        step_sentence,
    )
    from coalitionist.cli import limits as lim
    from coalitionist.io import load_scenario

    limits = lim.Limits.parse(max_seconds, max_memory)
    scenario = load_scenario(file)
    evaluation = None
    if samples:  # each evaluation replays the plan on drawn estimates: ~30 µs per actor
        per = lim.PLAN_SAMPLE_PER_ACTOR * max(1, len(scenario.actors))
        lim.check(lim.monte_carlo_cost("the plan", samples, per, 64.0, limits), limits)
    with lim.bounded(limits, "the plan"):
        with progress_bar("Planning", None, show=not json_out and sys.stderr.isatty()) as planning:
            setup, result = run_plan(
                scenario, focal=for_actor, goal=goal, method=method, seed=seed, progress=planning
            )
        if samples:
            with progress_bar(
                "Evaluating the plan", samples, show=not json_out and sys.stderr.isatty()
            ) as progress:
                evaluation = evaluate(setup, result, samples, seed, progress=progress)
    from coalitionist.analyses.strategy import already_there_reading, securing_alone
    from coalitionist.strategy.describe import already_there, nobody_sentence

    there = already_there(result) and bool(setup.committed)
    # the coalition already carries the goal: is it safe? (the brief's outcome draws, as in `analyze`)
    secure = securing_alone(scenario, setup, seed=seed) if there else None
    if json_out:
        data = plan_dict(setup, result, evaluation)
        if secure is not None:
            data["secure"] = secure.to_dict()
        print_json(data)
        return
    console = out_console()
    labels = {a.id: a.label for a in scenario.actors}
    console.print(
        styled(
            (scenario.title, "bold"),
            f" — plan for {labels[setup.focal]} (goal: {setup.goal}, {result.method})",
        ),
        highlight=False,
    )
    console.print(
        f"Expected payoff {result.expected_payoff:.2f}; chance of reaching the goal {result.p_goal:.0%}.",
        markup=False,
    )
    for step in result.steps:
        line = step_sentence(step, labels, setup.goal, abstention_won(setup))
        console.print(f"{step.position}. {line}", markup=False)
    if there:
        for line in already_there_reading(setup, secure, labels):
            console.print(line, markup=False)
    elif not result.steps:
        console.print(nobody_sentence(result, labels), markup=False)
    for note in setup.notes:
        console.print(note, markup=False)
    from coalitionist.strategy import target_coalitions

    for k, t in enumerate(target_coalitions(setup.problem, top=3)):
        if k == 0:
            console.print(
                f"Cheapest coalitions that reach the goal ({setup.goal}), in the order to assemble them:"
            )
        console.print(
            f"  {', '.join(labels.get(m, m) for m in t.members)}: all join with probability"
            f" {100 * t.p_all_join:.0f}%,"
            f" expected cost {t.expected_cost:.2f}",
            markup=False,
        )
    if evaluation is not None:
        d = evaluation.to_dict()
        q = d.get("quantiles", {})
        console.print(
            f"Monte Carlo over uncertain estimates ({d.get('samples', samples)} runs): mean payoff "
            f"{d['mean_payoff']:.2f} ± {d['standard_error']:.2f}; 5–95 %: {q.get('p05', float('nan')):.1f} … "
            f"{q.get('p95', float('nan')):.1f}; goal reached in {d['p_goal']:.0%} of runs.",
            markup=False,
        )


def _print_section(scenario_title: str, section: Section | None) -> None:
    from coalitionist.report.text import rich_table

    console = out_console()
    if section is None:
        console.print("Nothing to report: the scenario has fewer than two actors.")
        return
    console.print(styled((scenario_title, "bold"), f" — {section.title.lower()}"), highlight=False)
    for line in section.reading:
        console.print(line, markup=False)
    for t in section.tables:
        console.print()
        console.print(rich_table(t))


@app.command()
def influence(
    file: Annotated[
        Path, typer.Argument(help="Scenario file.", dir_okay=False, show_default=False)
    ],
    json_out: bool = JsonOption,
    max_seconds: MaxSecondsOption = DEFAULT_MAX_SECONDS,
    max_memory: MaxMemoryOption = DEFAULT_MEMORY_OPTION,
) -> None:
    """Who holds influence (resources, formal power, network position), how it flows (strongest chains,
    Friedkin–Johnsen projection), who needs it, and what weak actors can still swing.

    Example: `coalitionist influence examples/russia-china-gas-2014.yaml`
    """
    from coalitionist.analyses.influence import build_section, standalone_influence
    from coalitionist.analyses.outcome import reference_sections
    from coalitionist.cli import limits as lim
    from coalitionist.io import load_scenario

    limits = lim.Limits.parse(max_seconds, max_memory)
    scenario = load_scenario(file)
    lim.check(lim.reference_cost(scenario), limits)
    # the same forecast as the brief's (the outcome under the rule), not a second one
    with lim.bounded(limits, "the influence analysis"):
        if json_out:
            data = standalone_influence(scenario).to_dict()
        else:
            section = build_section(scenario, reference_sections(scenario))
    if json_out:
        print_json(data)
        return
    _print_section(scenario.title, section)


@app.command()
def coalitions(
    file: Annotated[
        Path, typer.Argument(help="Scenario file.", dir_okay=False, show_default=False)
    ],
    top: Annotated[
        int, typer.Option("--top", "-k", help="How many likely coalitions to report.", min=1)
    ] = 5,
    json_out: bool = JsonOption,
    max_seconds: MaxSecondsOption = DEFAULT_MAX_SECONDS,
    max_memory: MaxMemoryOption = DEFAULT_MEMORY_OPTION,
) -> None:
    """Winning, minimal winning and minimal blocking coalitions; essential members; the likely coalitions on
    the six bases of affinity; the adverse coalition and its holes.

    Example: `coalitionist coalitions examples/clinic-program.yaml --top 3`
    """
    from coalitionist.analyses.coalitions import build_section, standalone_coalitions
    from coalitionist.analyses.outcome import reference_sections
    from coalitionist.cli import limits as lim
    from coalitionist.io import load_scenario

    limits = lim.Limits.parse(max_seconds, max_memory)
    scenario = load_scenario(file)
    lim.check(lim.reference_cost(scenario), limits)
    # the same forecast as the brief's (the outcome under the rule), not a second one
    with lim.bounded(limits, "the coalition analysis"):
        if json_out:
            data = standalone_coalitions(scenario, top).to_dict()
        else:
            section = build_section(scenario, reference_sections(scenario), top)
    if json_out:
        print_json(data)
        return
    _print_section(scenario.title, section)
