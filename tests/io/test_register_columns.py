"""A register import keeps every column (issue 18, point 2), and register → scenario → register → scenario
loses nothing. The expected mappings are read off the hand-written registers below."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from coalitionist.cli import app
from coalitionist.io import load_scenario
from coalitionist.io.register import import_register, import_register_columns, register_rows
from coalitionist.io.write import dump_scenario

PMBOK = """Name,Title/Role,Influence,Interest,Attitude,Current Engagement,Desired Engagement,Expectations
Ana Ruiz,Director,High,High,Supportive,Neutral,Leading,Wants a pilot by June
Ben Ode,CFO,Medium,Low,Resistant,Resistant,Neutral,Cost under 1M
Cy Tan,Engineer,Low,Medium,Supportive,,Supportive,
"""

KUMU = """Label,Type,Description,Tags,Influence,Budget (M€),Website
Ministry,Government,Sets the rules,public|rules,80,12.5,https://example.org
Union,Civil society,Represents workers,labour,40,0.3,
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_pmbok_register_keeps_title_desired_engagement_and_expectations(tmp_path: Path) -> None:
    scenario, found = import_register_columns(_write(tmp_path, "pmbok.csv", PMBOK))
    ana, ben, _cy = scenario.actors
    assert ana.description == "Director"
    assert ben.description == "CFO"
    assert "Desired Engagement: Leading" in ana.note.splitlines()
    assert "Expectations: Wants a pilot by June" in ana.note.splitlines()
    assert "Expectations: Cost under 1M" in ben.note.splitlines()
    # Current Engagement is the position where it has a value (Neutral = 50), Attitude otherwise
    # (Supportive = 80); the Attitude it overrode stays in the note, and the conflict is warned about
    assert scenario.positions["ana_ruiz"]["proposal"].position == 50
    assert scenario.positions["ben_ode"]["proposal"].position == 10  # Resistant both ways
    assert scenario.positions["cy_tan"]["proposal"].position == 80
    assert "Attitude: Supportive" in ana.note.splitlines()
    assert len(found.warnings) == 1
    assert "pmbok.csv:2: Ana Ruiz: Current Engagement 'Neutral'" in found.warnings[0]
    where = dict(found.columns)
    assert where["Title/Role"] == "description"
    assert where["Current Engagement"].startswith("position on the proposal")
    assert where["Expectations"].startswith("note")


def test_kumu_sheet_keeps_influence_tags_and_every_other_column(tmp_path: Path) -> None:
    scenario, found = import_register_columns(_write(tmp_path, "kumu.csv", KUMU))
    ministry, union = scenario.actors
    assert ministry.capability == 80
    assert union.capability == 40
    assert ministry.tags == ("public", "rules")
    assert ministry.description == "Sets the rules"
    assert ministry.attributes == {"budget": 12.5}  # an all-number column: a numeric attribute
    assert union.attributes == {"budget": 0.3}
    assert "Website: https://example.org" in ministry.note.splitlines()
    assert dict(found.columns)["Budget (M€)"] == "attribute budget"
    assert dict(found.columns)["Tags"] == "tags"
    assert "Type: Government" in ministry.note.splitlines()  # Kumu's element type, kept


def _round_trip(tmp_path: Path, register: Path) -> tuple[object, object]:
    first = import_register(register)
    out = tmp_path / "again.csv"
    with out.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(register_rows(first))
    second = import_register(out, title=first.title)
    return first, second


def _actors(s: object) -> list[dict[str, object]]:
    data = json.loads(dump_scenario(s, "json"))  # type: ignore[arg-type]
    return data["actors"]


def test_register_scenario_register_loses_nothing(tmp_path: Path) -> None:
    for name, text in (("pmbok.csv", PMBOK), ("kumu.csv", KUMU)):
        first, second = _round_trip(tmp_path, _write(tmp_path, name, text))
        assert _actors(first) == _actors(second), name
        one = json.loads(dump_scenario(first, "json")).get("positions")  # type: ignore[arg-type]
        two = json.loads(dump_scenario(second, "json")).get("positions")  # type: ignore[arg-type]
        assert one == two, name


def test_option_labels_are_written_as_numbers(tmp_path: Path) -> None:
    out = tmp_path / "s.yaml"
    result = CliRunner().invoke(
        app, ["import", str(_write(tmp_path, "pmbok.csv", PMBOK)), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "'0.0'" not in text
    assert "0: no change" in text
    assert "100: full adoption" in text
    assert load_scenario(out).issues[0].labels == {0.0: "no change", 100.0: "full adoption"}


def test_import_prints_where_each_column_went(tmp_path: Path) -> None:
    out = tmp_path / "s.yaml"
    result = CliRunner().invoke(
        app, ["import", str(_write(tmp_path, "pmbok.csv", PMBOK)), "-o", str(out), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [c["column"] for c in data["columns"]] == PMBOK.splitlines()[0].split(",")
    assert len(data["warnings"]) == 1
