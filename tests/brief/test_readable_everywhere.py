"""Readable everywhere (issue 13, point 5), the power table: it names actors, never ids, in the
``power`` command's text output and in the brief's power table in every rendered format; the ids stay in
the JSON output, which is for programs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coalitionist.brief import make_brief
from coalitionist.cli import app
from coalitionist.io import load_scenario

COMMONS = str(Path(__file__).parents[1] / "data" / "commons-meaningful-vote-2019.yaml")
#: Ids of the Commons case that are not how the name is written (checked against the file below).
IDS = ("con_loyal", "erg", "dup", "libdem", "lab_leave", "snp", "govt")


def _id_rx() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'-])(?:{'|'.join(IDS)})(?![\w'-])")


def test_the_ids_checked_are_not_the_names() -> None:
    scenario = load_scenario(COMMONS)
    labels = {a.id: a.label for a in scenario.actors}
    for i in IDS:
        assert i in labels
        assert i not in labels[i]


def test_power_command_table_has_names_only() -> None:
    result = CliRunner().invoke(app, ["power", COMMONS], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    hits = [ln for ln in result.stdout.splitlines() if _id_rx().search(ln)]
    assert not hits, "\n".join(hits)
    header = next(ln for ln in result.stdout.splitlines() if "Shapley" in ln)
    assert header.split("┃")[0].strip() == "actor"
    assert "name" not in header
    # Labour is the largest member (248 of the aye side), so it heads the table
    first = next(ln for ln in result.stdout.splitlines() if "│" in ln)
    assert first.startswith("Labour")


def test_power_json_keeps_the_ids() -> None:
    result = CliRunner().invoke(app, ["power", COMMONS, "--json"])
    assert result.exit_code == 0, result.output
    players = json.loads(result.stdout)["players"]
    assert set(IDS) - {"govt"} <= set(players)


def test_brief_power_table_has_no_id_column() -> None:
    scenario = load_scenario(COMMONS)
    labels = {a.id: a.label for a in scenario.actors}
    brief = make_brief(scenario)
    (table,) = next(s for s in brief.sections if s.key == "power").tables
    assert table.columns[0] == "actor"
    assert "name" not in table.columns
    assert len(table.columns) == len(table.rows[0]) == len(table.align)
    assert {row[0] for row in table.rows} <= set(labels.values())


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_rendered_power_table_has_names_only(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"brief.{fmt}"
    result = CliRunner().invoke(
        app, ["analyze", COMMONS, "--format", fmt, "--output", str(out)], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    text = out.read_text() if out.exists() else result.stdout
    start = text.index("Voting power (")
    part = text[start : start + 6000]
    hits = [ln for ln in part.splitlines() if _id_rx().search(ln)]
    assert not hits, "\n".join(hits[:10])
