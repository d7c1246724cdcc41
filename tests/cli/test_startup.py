"""The command line starts at once (issue 12, point 5): ``--help`` and ``validate`` import no numeric stack.

Speed itself is measured in ``benchmarks/cli.py``, not asserted here; what is checked is the cause of a slow
start, which cannot drift silently: the heavy packages must not be imported by these two commands.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from coalitionist.cli import choices

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


def test_the_help_choices_are_the_librarys() -> None:
    from coalitionist.analyses.forecast import DEFAULT_MODEL
    from coalitionist.forecast.models import MODELS
    from coalitionist.power import INDEX_NAMES
    from coalitionist.report import FORMATS

    assert tuple(INDEX_NAMES) == choices.INDEX_NAMES
    assert tuple(MODELS) == choices.FORECAST_MODELS
    assert choices.DEFAULT_FORECAST_MODEL == DEFAULT_MODEL
    assert tuple(FORMATS) == choices.FORMATS
