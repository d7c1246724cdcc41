"""The command line starts at once (issue 12, point 5): ``--help`` and ``validate`` import no numeric stack.

Speed itself is measured in ``benchmarks/cli.py``, not asserted here; what is checked is the cause of a slow
start, which cannot drift silently: the heavy packages must not be imported by these two commands, the
top-level help and version must not import Typer at all, and the page they print instead
(``cli/quickhelp.py``) must be Typer's own, byte for byte.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coalitionist import __version__
from coalitionist.cli import choices, quickhelp

GULF = Path(__file__).resolve().parents[2] / "examples" / "gulf-war-1990.yaml"
HEAVY = ("numpy", "scipy", "networkx", "matplotlib", "weasyprint", "pandas", "coalitionist.brief")

_PROBE = """
import json, sys
from coalitionist.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _modules_after(*args: str) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, check=False
    )
    return set(json.loads(proc.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    "args", [("--help",), ("validate", str(GULF)), ("analyze", "--help")], ids=" ".join
)
def test_no_numeric_stack_is_imported(args: tuple[str, ...]) -> None:
    loaded = _modules_after(*args)
    assert "coalitionist.cli" in loaded  # the probe ran
    assert [m for m in HEAVY if m in loaded] == []


#: What help does not need either: the file format (YAML, the scenario models) and the seeding helper.
HELP_NEEDS_NONE_OF = ("yaml", "coalitionist.scenario", "coalitionist.io", "coalitionist.seeding")


@pytest.mark.parametrize(
    "args", [("--help",), ("analyze", "--help"), ("trades", "--help")], ids=" ".join
)
def test_help_reads_no_scenario_machinery(args: tuple[str, ...]) -> None:
    loaded = _modules_after(*args)
    assert "coalitionist.cli" in loaded
    assert [m for m in HELP_NEEDS_NONE_OF if m in loaded] == []
    if args == (
        "--help",
    ):  # a command's help builds typer's parameter adapters, which import pydantic
        assert "pydantic" not in loaded


#: What the top-level page and the version do without: the whole Typer / rich stack (cli/quickhelp.py).
TOP_LEVEL_NEEDS_NONE_OF = ("typer", "rich", "click", "pydantic", "yaml", "coalitionist.cli.app")


@pytest.mark.parametrize("args", [("--help",), ("-h",), ("--version",), ()], ids=repr)
def test_the_top_level_page_and_version_import_no_typer(args: tuple[str, ...]) -> None:
    loaded = _modules_after(*args)
    assert "coalitionist.cli.quickhelp" in loaded
    assert [m for m in TOP_LEVEL_NEEDS_NONE_OF if m in loaded] == []


#: What ``validate`` does without: the other commands' modules, the help formatter, the analyses.
VALIDATE_NEEDS_NONE_OF = (
    *HEAVY,
    "coalitionist.cli.analysis_cmds",
    "coalitionist.cli.forecast_cmd",
    "coalitionist.cli.outcome_cmd",
    "coalitionist.cli.process_cmd",
    "coalitionist.cli.serve_cmd",
    "coalitionist.cli.sweep_cmd",
    "coalitionist.analyses",
    "coalitionist.report",
    "coalitionist.seeding",
    "rich",
    "typer.rich_utils",
    "rich.markdown",
    "markdown_it",
)


@pytest.mark.parametrize(
    "args", [("validate", str(GULF)), ("validate", "--json", str(GULF))], ids=" ".join
)
def test_validate_imports_only_the_file_format(args: tuple[str, ...]) -> None:
    loaded = _modules_after(*args)
    assert {"coalitionist.cli.validate_cmd", "coalitionist.scenario.model", "yaml"} <= loaded
    assert [m for m in VALIDATE_NEEDS_NONE_OF if m in loaded] == []
    # the plain forms are answered without Typer (cli/validate_cmd.py)
    assert [m for m in ("typer", "click", "coalitionist.cli.app") if m in loaded] == []


_BAD_SCENARIO = """\
actors:
  - id: a
    name: A
    influence: lots
issues: []
"""

_VIA_TYPER = """
import sys
from coalitionist.cli.app import app
app(args=sys.argv[1:], prog_name="coalitionist")
"""


@pytest.mark.parametrize(
    "case",
    ["valid", "valid --json", "invalid", "invalid --json", "mixed", "missing", "option"],
)
def test_validate_without_typer_prints_what_typer_prints(case: str, tmp_path: Path) -> None:
    """``main`` answers ``validate FILE … [--json]`` itself: the same stdout, stderr and exit status as the
    Typer command, for valid and invalid files; a missing file or an option goes to Typer."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(_BAD_SCENARIO, encoding="utf-8")
    words = {
        "valid": [str(GULF)],
        "valid --json": [str(GULF), "--json"],
        "invalid": [str(bad)],
        "invalid --json": ["--json", str(bad), str(GULF)],
        "mixed": [str(GULF), str(bad), str(GULF)],
        "missing": [str(GULF), str(tmp_path / "none.yaml")],
        "option": ["--no-such-option", str(GULF)],
    }[case]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}

    def run(*argv: str) -> tuple[int, str, str]:
        proc = subprocess.run(
            [sys.executable, *argv], capture_output=True, text=True, check=False, env=env
        )
        return proc.returncode, proc.stdout, proc.stderr

    quick = run("-m", "coalitionist", "validate", *words)
    typer_ = run("-c", _VIA_TYPER, "validate", *words)
    assert quick == typer_
    expected = {"valid": 0, "valid --json": 0, "invalid": 2, "invalid --json": 2, "mixed": 2}
    assert quick[0] == expected.get(case, 2)
    if case == "mixed":
        assert quick[2].count("ok ") == 2
        assert "bad.yaml" in quick[2]


def test_every_lazy_command_is_defined_where_the_table_says() -> None:
    """``cli/app.LAZY_COMMANDS`` names each command's module: importing them all registers exactly those."""
    import importlib

    import typer.main

    from coalitionist.cli.app import LAZY_COMMANDS, app

    for module in set(LAZY_COMMANDS.values()):
        importlib.import_module(module)
    defined = {
        (info.name or typer.main.get_command_name(info.callback.__name__)): info.callback.__module__
        for info in app.registered_commands
        if info.callback is not None
    }
    assert {n: m for n, m in defined.items() if m != "coalitionist.cli.app"} == LAZY_COMMANDS


def test_the_quick_page_lists_every_command_in_typers_order() -> None:
    from coalitionist.cli.app import all_command_names

    assert [name for name, _ in quickhelp.COMMANDS] == all_command_names()


def test_the_quick_page_is_typers_page_at_every_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """Typer's rich formatter and :func:`quickhelp.help_text` print the same bytes, 40 to 200 columns."""
    from typer import rich_utils
    from typer.testing import CliRunner

    from coalitionist.cli import app

    monkeypatch.setattr(rich_utils, "FORCE_TERMINAL", False)  # CI's FORCE_COLOR / GITHUB_ACTIONS
    monkeypatch.setattr(rich_utils, "MAX_WIDTH", None)
    monkeypatch.delenv("TERMINAL_WIDTH", raising=False)
    differ = []
    for size in range(quickhelp.MIN_WIDTH, 201):
        monkeypatch.setenv("COLUMNS", str(size))
        typer_page = CliRunner().invoke(app, ["--help"]).stdout
        if typer_page != quickhelp.help_text(size):
            differ.append(size)
    assert differ == [], f"cli/quickhelp.py differs from Typer's page at widths {differ}"


def test_the_quick_answers_are_what_main_prints() -> None:
    env = {**os.environ, "COLUMNS": "100"}
    env.pop("TERMINAL_WIDTH", None)
    for args, status, text in (
        (["--help"], 0, quickhelp.help_text(100)),
        (["-h"], 0, quickhelp.help_text(100)),
        ([], 2, quickhelp.help_text(100)[:-1]),
        (["--version"], 0, f"coalitionist {__version__}\n"),
    ):
        proc = subprocess.run(
            [sys.executable, "-c", "from coalitionist.cli import main; main()", *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert (proc.returncode, proc.stdout, proc.stderr) == (status, text, ""), args


def test_the_help_choices_are_the_librarys() -> None:
    from coalitionist.analyses.forecast import DEFAULT_MODEL
    from coalitionist.forecast.models import MODELS
    from coalitionist.power import INDEX_NAMES
    from coalitionist.report import FORMATS

    assert tuple(INDEX_NAMES) == choices.INDEX_NAMES
    assert tuple(MODELS) == choices.FORECAST_MODELS
    assert choices.DEFAULT_FORECAST_MODEL == DEFAULT_MODEL
    assert tuple(FORMATS) == choices.FORMATS


#: What the text brief does without: drawing and printing (no figures in the terminal), and the SciPy
#: parts only the float power method (scipy.fft, scipy.special) and many-candidate marginals use.
TEXT_BRIEF_NEEDS_NONE_OF = ("matplotlib", "weasyprint", "jinja2", "scipy.fft", "scipy.special")


def test_the_text_brief_imports_no_drawing_and_no_unused_scipy() -> None:
    loaded = _modules_after("analyze", str(GULF))
    assert {"coalitionist.brief", "coalitionist.report.text"} <= loaded  # it briefed
    assert [m for m in TEXT_BRIEF_NEEDS_NONE_OF if m in loaded] == []


def test_a_command_runs_with_the_larger_gc_thresholds_and_restores_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc
    import importlib

    import coalitionist.cli as cli

    seen: list[tuple[int, int, int]] = []
    module = importlib.import_module("coalitionist.cli.app")
    monkeypatch.setattr(module, "app", lambda **_: seen.append(gc.get_threshold()))
    before = gc.get_threshold()
    cli.main(["schema"])
    assert seen == [cli.GC_THRESHOLDS]
    assert gc.get_threshold() == before
