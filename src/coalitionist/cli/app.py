"""Commands of the ``coalitionist`` command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from coalitionist import __version__
from coalitionist.cli.choices import FORMATS
from coalitionist.cli.common import (
    CoalitionistGroup,
    ForceOption,
    JsonOption,
    check_output,
    print_json,
    write_output,
)
from coalitionist.cli.limits import (
    DEFAULT_MAX_SECONDS,
    DEFAULT_MEMORY_OPTION,
    MaxMemoryOption,
    MaxSecondsOption,
)
from coalitionist.cli.quickhelp import DESCRIPTION
from coalitionist.errors import UsageError
from coalitionist.examples import example_names, example_path

# The analyses, the renderers and the scenario model are imported inside the commands that use them, and the
# commands of the other cli modules are imported only when they run (LazyCommands), so that `coalitionist
# validate` starts at once (issue 12, point 5); the top-level `--help` and `--version` do not reach Typer at
# all (cli/quickhelp.py).

#: The commands defined outside this module, in the order the help lists them, and the module of each.
LAZY_COMMANDS: dict[str, str] = {
    "serve": "coalitionist.cli.serve_cmd",
    "power": "coalitionist.cli.analysis_cmds",
    "trades": "coalitionist.cli.analysis_cmds",
    "plan": "coalitionist.cli.analysis_cmds",
    "influence": "coalitionist.cli.analysis_cmds",
    "coalitions": "coalitionist.cli.analysis_cmds",
    "forecast": "coalitionist.cli.forecast_cmd",
    "outcome": "coalitionist.cli.outcome_cmd",
    "process": "coalitionist.cli.process_cmd",
    "sweep": "coalitionist.cli.sweep_cmd",
}


class LazyCommands(CoalitionistGroup):
    """The root group: a command defined in another cli module is imported and built on first use.

    Typer builds a Click command for every registered command before it parses anything; importing a
    command's module only when it is asked for (or when the help lists them all) keeps ``validate`` from
    paying for the parameters of fifteen other commands.
    """

    def list_commands(self, ctx: Any) -> list[str]:
        """Every command's name: this module's, then :data:`LAZY_COMMANDS`'s."""
        own = [name for name in super().list_commands(ctx) if name not in LAZY_COMMANDS]
        return own + list(LAZY_COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The command ``cmd_name``, importing its module the first time; an unknown name loads them all
        (so that the "did you mean" suggestion sees every command)."""
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            return command
        names = [cmd_name] if cmd_name in LAZY_COMMANDS else list(LAZY_COMMANDS)
        for name in names:
            if name not in self.commands:
                self.add_command(_build(name), name)
        return self.commands.get(cmd_name)


def _build(name: str) -> Any:
    """Import the module of the command ``name`` and build its Click command as Typer would."""
    import importlib

    import typer.main

    importlib.import_module(LAZY_COMMANDS[name])
    for info in app.registered_commands:
        callback_name = getattr(info.callback, "__name__", "")
        if (info.name or typer.main.get_command_name(callback_name)) == name:
            return typer.main.get_command_from_info(
                info,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
            )
    raise LookupError(f"{LAZY_COMMANDS[name]} registers no command '{name}'")


def all_command_names() -> list[str]:
    """The name of every command, in the order the top-level help lists them."""
    import typer.main

    group = typer.main.get_command(app)
    assert isinstance(group, LazyCommands)
    return group.list_commands(None)


app = typer.Typer(
    cls=LazyCommands,
    name="coalitionist",
    help=DESCRIPTION,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"coalitionist {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Negotiation and coalition-building analysis."""


FileArg = Annotated[
    Path,
    typer.Argument(
        help="Scenario file (.yaml, .json) or KTAB SMP .csv.", dir_okay=False, show_default=False
    ),
]


@app.command()
def validate(
    files: Annotated[
        list[Path], typer.Argument(help="Scenario files to check.", show_default=False)
    ],
    json_out: bool = JsonOption,
) -> None:
    """Check scenario files: exit 0 when all are valid, else print every problem (file:line:col) and exit 2.

    Example: `coalitionist validate examples/*.yaml`
    """
    from coalitionist.cli.validate_cmd import check_files

    results = []
    bad = 0
    for result, ok, line in check_files(files):  # cli/main answers the plain forms without Typer
        results.append(result)
        bad += not ok
        if not json_out:
            # plain click styling, not rich: validate starts without importing rich (issue 12.5)
            typer.echo(typer.style("ok", fg="green") + line if ok else line, err=True)
    if json_out:
        print_json({"valid": bad == 0, "files": results})
    if bad:
        raise typer.Exit(2)


@app.command()
def analyze(
    file: FileArg,
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", help=f"Output format: {', '.join(FORMATS)}."),
    ] = "text",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
    ] = None,
    force: bool = ForceOption,
    json_out: bool = JsonOption,
    robustness: Annotated[
        int,
        typer.Option(
            "--robustness",
            metavar="N",
            min=0,
            help="Also check how robust the advice is: re-derive the conclusions over N draws of the"
            " estimates and name the estimates that would change them (0: off; 200 is a good start; each"
            " draw re-runs the forecast and the plan, from milliseconds to a second).",
        ),
    ] = 0,
    max_seconds: MaxSecondsOption = DEFAULT_MAX_SECONDS,
    max_memory: MaxMemoryOption = DEFAULT_MEMORY_OPTION,
) -> None:
    """The full coalition-building brief for a scenario: influence, agreements, coalitions, strategy.

    Examples: `coalitionist analyze examples/gulf-war-1990.yaml`,
    `coalitionist analyze examples/clinic-program.yaml -f html -o clinic.html`
    """
    from coalitionist.cli import limits as lim
    from coalitionist.io import load_scenario
    from coalitionist.report import render

    limits = lim.Limits.parse(max_seconds, max_memory)
    if json_out:
        fmt = "json"
    if fmt not in FORMATS:
        raise UsageError(f"--format: '{fmt}' is not one of {', '.join(FORMATS)}")
    if fmt == "pdf" and output is None:
        raise UsageError("--format pdf needs --output FILE.pdf")
    if output is not None:
        check_output(output, inputs=[file], force=force)
    scenario = load_scenario(file)
    lim.check(lim.brief_cost(scenario, robustness), limits)
    # the text brief shows no figures: drawing them would be most of its cost
    figures = fmt != "text"
    with lim.bounded(limits, "the brief"):
        brief = _make_brief(scenario, robustness, figures, json_out)
        # PDF is printed by Chromium, which cannot start under the address-space limit: outside
        content = render(brief, fmt) if fmt not in ("text", "pdf") else None
    if output is None and fmt == "text":
        from coalitionist.cli.common import out_console
        from coalitionist.report.text import print_brief

        print_brief(brief, out_console())
        return
    if content is None:
        content = render(brief, fmt)
    if output is not None:
        write_output(output, content, inputs=[file], force=force)
    else:
        typer.echo(content if isinstance(content, str) else content.decode("utf-8"), nl=False)


def _make_brief(scenario: Any, robustness: int, figures: bool, json_out: bool) -> Any:
    from coalitionist.report import make_brief

    if robustness:
        import os
        import sys

        from coalitionist.cli.common import progress_bar

        backend = "processes" if (os.cpu_count() or 1) > 1 and robustness >= 8 else "serial"
        with progress_bar(
            "Robustness", robustness, show=not json_out and sys.stderr.isatty()
        ) as progress:
            return make_brief(
                scenario,
                robustness=robustness,
                backend=backend,
                progress=progress,
                figures=figures,
            )
    return make_brief(scenario, figures=figures)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the scenario file (for editor autocompletion and validation).

    Example: `coalitionist schema > scenario.schema.json`
    """
    from coalitionist.scenario.model import scenario_json_schema

    typer.echo(json.dumps(scenario_json_schema(), indent=2, ensure_ascii=False))


@app.command("import")
def import_(
    register: Annotated[
        Path,
        typer.Argument(
            help="Stakeholder register: .csv or .xlsx (ties on a second sheet).", show_default=False
        ),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Scenario file to write (.yaml or .json).")
    ],
    ties: Annotated[
        Path | None,
        typer.Option("--ties", help="A separate CSV/XLSX of ties (From, To, Type, Weight)."),
    ] = None,
    title: Annotated[
        str | None, typer.Option(help="Scenario title (default: from the file name).")
    ] = None,
    focal: Annotated[str | None, typer.Option(help="Name or id of the focal actor.")] = None,
    force: bool = ForceOption,
    json_out: bool = JsonOption,
) -> None:
    """Import a stakeholder register (Name, Influence, Interest, Position, Tags, …) into a scenario file.

    Example: `coalitionist import stakeholders.xlsx -o scenario.yaml --focal "Ana Ruiz"`
    """
    from coalitionist.io import write_scenario
    from coalitionist.io.register import import_register_columns

    inputs = [register] if ties is None else [register, ties]
    check_output(output, inputs=inputs, force=force)
    scenario, found = import_register_columns(register, ties=ties, title=title, focal=focal)
    check_output(output, inputs=inputs, force=force)
    write_scenario(scenario, output)
    counts = scenario.summary_counts()
    if json_out:
        print_json(
            {
                "output": str(output),
                "counts": counts,
                "columns": [{"column": c, "to": to} for c, to in found.columns],
                "warnings": list(found.warnings),
            }
        )
    else:
        from coalitionist.cli.common import err_console

        for column, to in found.columns:
            err_console.print(f"  {column} → {to}")
        for warning in found.warnings:
            err_console.print(f"warning: {warning}")
        err_console.print(
            f"wrote {output}: {counts['actors']} actors, {counts['relationships']} ties."
            " Edit it to add issues, a decision rule and recruitment estimates."
        )


@app.command()
def demo(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the HTML brief.")
    ] = Path("brief.html"),
    example: Annotated[
        str, typer.Option(help="Which bundled example: " + ", ".join(example_names()))
    ] = "gulf-war-1990",
    force: bool = ForceOption,
) -> None:
    """Run the main job on a bundled example and write its brief as HTML.

    Example: `coalitionist demo -o brief.html`
    """
    from coalitionist.io import load_scenario
    from coalitionist.report import make_brief, render

    path = example_path(example)
    check_output(output, force=force)
    brief = make_brief(load_scenario(path))
    write_output(output, render(brief, "html"), force=force)
    from coalitionist.cli.common import err_console

    for line in brief.summary[:6]:
        err_console.print(f"  • {line}")
    err_console.print(f"Open {output.resolve()} in a browser to read the brief.")
