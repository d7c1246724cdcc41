"""``--help`` everywhere, with an example (issue 2, point 5; design section 4)."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from coalitionist import __version__
from coalitionist.cli import app
from coalitionist.cli.app import all_command_names

#: The commands issue 2 requires; later issues add more, and every command is checked below.
REQUIRED = ("validate", "analyze", "schema", "import", "demo")
COMMANDS = sorted(all_command_names())


def test_the_required_commands_exist() -> None:
    assert set(REQUIRED) <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_on_every_command_shows_an_example(command: str, flag: str) -> None:
    result = CliRunner().invoke(app, [command, flag], terminal_width=100)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    text = result.stdout
    assert f"Usage: coalitionist {command}" in re.sub(r"\s+", " ", text)
    assert re.search(r"Examples?:", text), text
    assert f"coalitionist {command}" in re.sub(r"\s+", " ", text.split("Example", 1)[1])


def test_top_level_help_lists_every_command() -> None:
    result = CliRunner().invoke(app, ["--help"], terminal_width=100)
    assert result.exit_code == 0
    for command in COMMANDS:
        assert re.search(rf"\b{command}\b", result.stdout), command
    assert "coalitionist demo" in result.stdout


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"coalitionist {__version__}\n"


def test_an_unknown_command_or_option_is_a_usage_error() -> None:
    for args in (["frobnicate"], ["validate", "--frobnicate"]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2
        assert result.stdout == ""
        assert "Traceback" not in result.output
