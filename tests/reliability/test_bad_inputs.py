"""The table of bad inputs (issue 18, point 3): each gets a located message and exit 2, never a traceback.

Each row is an input that once crashed the command line ("internal error", exit 1) or was misreported; the
expected message fragment and position were worked out by hand from the input.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from coalitionist.cli import app

BASE = """schema_version: 1
title: {title}
actors:
  - {{id: a, name: {name}, votes: {votes}}}
  - {{id: b, name: Bee, votes: 2}}
decision: {{kind: weighted, quota: 3}}
"""


def _base(title: str = "T", name: str = "Ay", votes: str = "1") -> str:
    return BASE.format(title=title, name=name, votes=votes)


#: (file name, content, expected "line:column", fragment of the message)
BAD = [
    ("date.yaml", _base(title="2020-02-30"), "2:8", "cannot read '2020-02-30' as a date"),
    ("merge.yaml", "schema_version: 1\ntitle: T\nactors:\n  - {<<: 5, id: a}\n", "4:10", "merging"),
    ("tagint.yaml", _base(votes="!!int 0x"), "4:30", "cannot read '0x' as an integer"),
    ("digits.yaml", _base(votes="1" * 5000), "4:30", "as an integer (Exceeds the limit"),
    ("hundreds.yaml", _base(votes="1" + "0" * 400), "4:23", "votes"),
    (
        "u2028.json",
        '{"schema_version": 1, "title": "a\u2028b\u0085c", "actors": [{"id": "a", "name": "x",'
        ' "votes": 1}, {"id": "b", "name": "y", "votes": -1}], "decision": {"kind": "weighted",'
        ' "quota": 1}}',
        "1:",  # one line: U+2028 and U+0085 are not line breaks in JSON
        "votes",
    ),
]


@pytest.mark.parametrize(("name", "text", "where", "fragment"), BAD, ids=[b[0] for b in BAD])
@pytest.mark.parametrize("command", ["validate", "analyze"])
def test_bad_input_is_located_and_exit_2(
    tmp_path: Path, name: str, text: str, where: str, fragment: str, command: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, [command, str(path)])
    assert result.exit_code == 2, result.output
    assert f"{path}:{where}" in result.stderr
    assert fragment in result.stderr
    assert "internal error" not in result.output
    assert "Traceback" not in result.output


def test_a_large_file_of_plain_keys_is_not_called_an_alias_bomb(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(
        "schema_version: 1\ntitle: T\n" + "".join(f"k{i}: {i}\n" for i in range(550_000))
    )
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert "alias" not in result.stderr
    assert "keys and values" in result.stderr


@pytest.mark.parametrize("name", ['"[/b] x [bold]"', '"A\\\\g<0>b\\\\1"', '"Ana\\e]0;pwned\\a"'])
@pytest.mark.parametrize("command", [["analyze"], ["power"], ["validate"]])
def test_names_with_markup_backslashes_or_escapes_print_literally(
    tmp_path: Path, name: str, command: list[str]
) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(_base(name=name), encoding="utf-8")
    result = CliRunner().invoke(app, [*command, str(path)])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output
    assert "\x07" not in result.output
    if command != ["validate"] and "[/b]" in name:
        assert "[/b] x [bold]" in result.stdout


def test_named_inserts_names_literally() -> None:
    from coalitionist.analyses.strategy import named

    assert named("ask usa, then uk", {"usa": r"U\g<0>S\1", "uk": "usa kingdom"}) == (
        r"ask U\g<0>S\1, then usa kingdom"
    )
