"""Stakeholder registers (CSV and XLSX) imported into scenarios (issue 2, points 3-5).

Expected numbers come from the mapping documented in ``docs/scenario-format.md`` (written out by hand
below), not from the importer's output.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from coalitionist.cli import app
from coalitionist.io import load_scenario
from coalitionist.io import write as write_module
from coalitionist.io.register import import_register
from coalitionist.scenario import Scenario, ScenarioValidationError

WriteFile = Callable[[str, str | bytes], Path]

# The documented mapping: attitude words → position on 0..100, level words → salience on 0..1 and
# capability (level × 100).
ATTITUDE = {
    "oppose": 0,
    "resistant": 10,
    "negative": 20,
    "sceptical": 30,
    "neutral": 50,
    "unaware": 50,
    "positive": 75,
    "supportive": 80,
    "support": 100,
    "leading": 100,
    "champion": 100,
}
LEVEL = {"low": 0.25, "medium": 0.5, "high": 0.75, "very high": 0.9}


def csv_text(rows: Sequence[Sequence[Any]], sep: str = ",") -> str:
    def cell(c: Any) -> str:
        text = "" if c is None else str(c)
        return f'"{text}"' if sep in text else text

    return "\n".join(sep.join(cell(c) for c in row) for row in rows) + "\n"


def xlsx(path: Path, sheets: dict[str, Sequence[Sequence[Any]]]) -> Path:
    book = openpyxl.Workbook()
    first = True
    for title, rows in sheets.items():
        sheet = book.active if first else book.create_sheet()
        assert sheet is not None
        sheet.title = title
        for row in rows:
            sheet.append(list(row))
        first = False
    book.save(path)
    return path


def stances(s: Scenario) -> dict[str, tuple[float | None, float | None]]:
    """Actor id → (position, salience) on the imported issue, as numbers."""
    out: dict[str, tuple[float | None, float | None]] = {}
    for actor in s.actors:
        stance = s.positions.get(actor.id, {}).get("proposal")
        if stance is None:
            out[actor.id] = (None, None)
        else:
            assert isinstance(stance.position, float)
            assert stance.salience is None or isinstance(stance.salience, float)
            # No salience stated means full salience (1 on the default scale).
            out[actor.id] = (stance.position, 1.0 if stance.salience is None else stance.salience)
    return out


ROWS: list[list[Any]] = [
    ["Ana Ruiz", "high", "very high", "supportive", "Team, Ops"],
    ["Bo Chen", 40, "low", "resistant", "Finance"],
    ["Cy Dee", "medium", "medium", "neutral", None],
    ["Di Eng", 7.5, "high", "champion", "Ops; Board"],
]

HEADER_SPELLINGS = [
    ("Name", "Influence", "Interest", "Position", "Tags"),
    ("Stakeholder", "Power", "Interest", "Attitude", "Group"),
    ("Stakeholder Name", "Power/Influence", "Importance", "Stance", "Category"),
    ("ACTOR", "clout", "Salience", "current engagement", "groups"),
    ("party", "Capability", "priority", "Support level", "Segment"),
]


def _check_rows(s: Scenario) -> None:
    assert [a.id for a in s.actors] == ["ana_ruiz", "bo_chen", "cy_dee", "di_eng"]
    assert [a.name for a in s.actors] == ["Ana Ruiz", "Bo Chen", "Cy Dee", "Di Eng"]
    assert [a.capability for a in s.actors] == [75.0, 40.0, 50.0, 7.5]
    assert [a.tags for a in s.actors] == [("team", "ops"), ("finance",), (), ("ops", "board")]
    assert stances(s) == {
        "ana_ruiz": (ATTITUDE["supportive"], LEVEL["very high"]),
        "bo_chen": (ATTITUDE["resistant"], LEVEL["low"]),
        "cy_dee": (ATTITUDE["neutral"], LEVEL["medium"]),
        "di_eng": (ATTITUDE["champion"], LEVEL["high"]),
    }
    [issue] = s.issues
    assert (issue.id, issue.scale, issue.status_quo_value) == ("proposal", (0.0, 100.0), 0.0)


@pytest.mark.parametrize("headers", HEADER_SPELLINGS, ids=lambda h: h[0])
def test_csv_with_varied_header_spellings_and_words(
    headers: tuple[str, ...], write_file: WriteFile
) -> None:
    path = write_file("register.csv", csv_text([headers, *ROWS]))
    s = import_register(path)
    _check_rows(s)
    assert s.title == "Register"


@pytest.mark.parametrize("headers", HEADER_SPELLINGS[:2], ids=lambda h: h[0])
def test_xlsx_with_varied_header_spellings_and_words(
    headers: tuple[str, ...], tmp_path: Path
) -> None:
    path = xlsx(tmp_path / "stakeholders.xlsx", {"Register": [headers, *ROWS]})
    _check_rows(import_register(path))


def test_semicolon_separated_csv_with_a_byte_order_mark(write_file: WriteFile) -> None:
    text = csv_text([HEADER_SPELLINGS[0], *ROWS], sep=";")
    path = write_file("register.csv", b"\xef\xbb\xbf" + text.encode())
    _check_rows(import_register(path))


# Numeric scales, recognised from the column's values and mapped linearly onto 0..100 (position) and
# 0..1 (salience): a 1-5 Likert scale (1 → 0, 5 → top), -2..2, 0..10, 0..100 and percentages.
@pytest.mark.parametrize(
    ("positions", "expected"),
    [
        ([1, 2, 3, 4, 5], [0, 25, 50, 75, 100]),
        ([2, 3, 4, 4, 5], [25, 50, 75, 75, 100]),
        ([-2, -1, 0, 1, 2], [0, 25, 50, 75, 100]),
        ([0, 2.5, 5, 7.5, 10], [0, 25, 50, 75, 100]),
        ([0, 10, 55, 90, 100], [0, 10, 55, 90, 100]),
        pytest.param(
            [-1, -0.5, 0, 0.5, 1],
            [0, 25, 50, 75, 100],
        ),
    ],
    ids=["likert-1-5", "likert-2-5", "minus2-2", "0-10", "0-100", "minus1-1"],
)
def test_numeric_position_scales(
    positions: list[float], expected: list[float], write_file: WriteFile
) -> None:
    rows = [["Name", "Position"]] + [[f"P{i}", v] for i, v in enumerate(positions)]
    s = import_register(write_file("register.csv", csv_text(rows)))
    assert [p for p, _ in stances(s).values()] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([1, 3, 5], [0.0, 0.5, 1.0]),
        ([0, 5, 10], [0.0, 0.5, 1.0]),
        ([0, 30, 100], [0.0, 0.3, 1.0]),
        (["20%", "50%", "80%"], [0.2, 0.5, 0.8]),
        ([0.1, 0.5, 0.9], [0.1, 0.5, 0.9]),
    ],
    ids=["likert-1-5", "0-10", "0-100", "percent", "0-1"],
)
def test_numeric_interest_scales(
    values: list[Any], expected: list[float], write_file: WriteFile
) -> None:
    rows = [["Name", "Interest", "Attitude"]] + [
        [f"P{i}", v, "neutral"] for i, v in enumerate(values)
    ]
    s = import_register(write_file("register.csv", csv_text(rows)))
    assert [sal for _, sal in stances(s).values()] == pytest.approx(expected)


def test_xlsx_numbers_and_a_ties_sheet(tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "reg.xlsx",
        {
            "Stakeholders": [
                ["Stakeholder", "Influence", "Interest (1-5)", "Attitude", "Veto", "Votes"],
                ["Ana", 80, 5, 5, "yes", 2],
                ["Bo", 20, 1, 1, None, 1],
                ["Cy", 50, 3, 3, "no", None],
            ],
            "Notes": [["anything", "here"]],
            "Relationships": [
                ["From", "To", "Relationship", "Strength", "Sign"],
                ["Ana", "Bo", "ally", 0.8, None],
                ["bo", "CY", "reports to", 60, None],
                ["Cy", "Ana", "enemy", "high", None],
                ["Ana", "Cy", "advises", None, "negative"],
            ],
        },
    )
    s = import_register(path)
    assert [a.capability for a in s.actors] == [80.0, 20.0, 50.0]
    assert [a.veto for a in s.actors] == [True, False, False]
    assert [a.votes for a in s.actors] == [2.0, 1.0, 1.0]
    # Interest (1-5) is not a known header: only the Attitude column (1-5 Likert) gives the positions.
    assert [p for p, _ in stances(s).values()] == [100.0, 0.0, 50.0]
    ties = [(t.source, t.target, t.type, t.weight, t.effective_sign) for t in s.relationships]
    assert ties == [
        ("ana", "bo", "alliance", 0.8, 1),
        ("bo", "cy", "hierarchy", 0.6, 1),
        ("cy", "ana", "rivalry", LEVEL["high"], -1),
        ("ana", "cy", "influence", 1.0, -1),
    ]


def test_a_separate_ties_csv(write_file: WriteFile) -> None:
    register = write_file(
        "people.csv", csv_text([["Name", "Power"], ["Ministry of Finance", 90], ["Unions", 40]])
    )
    ties = write_file(
        "ties.csv",
        csv_text(
            [
                ["Source", "Target", "Type", "Weight"],
                ["Ministry of Finance", "unions", "funds", "50%"],
                ["ministry_of_finance", "Unions", "Depends on", "0.3"],
                ["Unions", "Ministry of Finance", "", "1"],
            ]
        ),
    )
    s = import_register(register, ties=ties, title="Budget", focal="Unions")
    assert (s.title, s.focal) == ("Budget", "unions")
    assert [(t.source, t.target, t.type, t.weight) for t in s.relationships] == [
        ("ministry_of_finance", "unions", "funds", 0.5),
        ("ministry_of_finance", "unions", "dependency", 0.3),
        ("unions", "ministry_of_finance", "influence", 1.0),
    ]


def test_blank_cells_in_a_ties_csv_mean_not_given(write_file: WriteFile) -> None:
    register = write_file("people.csv", csv_text([["Name"], ["Ana"], ["Bo"]]))
    ties = write_file(
        "ties.csv",
        csv_text(
            [
                ["From", "To", "Type", "Weight", "Sign"],
                ["Ana", "Bo", "rivalry", "", ""],
                ["Bo", "Ana", "", "", ""],
            ]
        ),
    )
    s = import_register(register, ties=ties)
    assert [(t.type, t.weight, t.effective_sign) for t in s.relationships] == [
        ("rivalry", 1.0, -1),
        ("influence", 1.0, 1),
    ]


@pytest.mark.parametrize("sign", ["-1", "-", -1])
def test_a_minus_sign_makes_a_tie_hostile(sign: Any, tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "reg.xlsx",
        {
            "People": [["Name"], ["Ana"], ["Bo"]],
            "Ties": [["From", "To", "Sign"], ["Ana", "Bo", sign]],
        },
    )
    assert [t.effective_sign for t in import_register(path).relationships] == [-1]


def test_duplicate_names_get_distinct_ids(write_file: WriteFile) -> None:
    s = import_register(write_file("r.csv", csv_text([["Name"], ["Board"], ["Board"], ["board"]])))
    assert [a.id for a in s.actors] == ["board", "board_2", "board_3"]


def test_blank_rows_and_columns_are_skipped(write_file: WriteFile) -> None:
    text = ",,\nName,,Power\n,,\nAna,,10\n\n,,\nBo,,20\n"
    s = import_register(write_file("r.csv", text))
    assert [(a.id, a.capability) for a in s.actors] == [("ana", 10.0), ("bo", 20.0)]


# -- bad registers -------------------------------------------------------------------------------


def test_bad_cells_are_reported_by_row_and_column_all_at_once(write_file: WriteFile) -> None:
    path = write_file(
        "reg.csv",
        csv_text(
            [
                ["Stakeholder", "Power", "Interest", "Attitude"],
                ["Ana", "huge", "high", "supportive"],
                ["Bo", 50, "lots", "meh"],
                ["", 10, "low", "neutral"],
            ]
        ),
    )
    with pytest.raises(ScenarioValidationError) as info:
        import_register(path)
    printed = [str(p) for p in info.value.problems]
    assert printed == [
        f"{path}:2: Power: 'huge' is not a positive number or a level word (low, medium, high, …)",
        f"{path}:3: Attitude: 'meh' is not a number or an attitude word (oppose, resistant, neutral, supportive, leading, …)",
        f"{path}:3: Interest: 'lots' is not a number or a level word (low, medium, high, …)",
        f"{path}:4: Stakeholder: empty name",
    ]


def test_bad_ties_are_reported_in_the_ties_file(write_file: WriteFile) -> None:
    register = write_file("people.csv", csv_text([["Name"], ["Ana"], ["Bo"]]))
    ties = write_file(
        "ties.csv",
        csv_text(
            [
                ["From", "To", "Type", "Weight"],
                ["Ana", "Bob", "ally", 0.5],
                ["Bo", "Ana", "frenemy", "lots"],
            ]
        ),
    )
    with pytest.raises(ScenarioValidationError) as info:
        import_register(register, ties=ties)
    assert [str(p) for p in info.value.problems] == [
        f"{ties}:2: To: 'Bob' is not a stakeholder in the register",
        f"{ties}:3: Type: 'frenemy' is not a tie type (alliance, rivalry, influence, dependency, history, hierarchy, funds, member_of)",
        f"{ties}:3: Weight: 'lots' is not a weight",
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", "", "the register is empty"),
        ("blank.csv", "\n,,\n", "the register is empty"),
        ("noname.csv", "Power,Interest\n10,high\n", "no Name column (found: Power, Interest)"),
        ("junk.xlsx", b"PK\x03\x04 not really a zip", "not a readable .xlsx workbook"),
        ("reg.ods", "Name\nAna\n", "a register is a .csv or .xlsx file, not '.ods'"),
        ("binary.csv", b"Name\nA\x00na\n", "binary data"),
    ],
)
def test_unreadable_registers(
    name: str, content: str | bytes, message: str, write_file: WriteFile
) -> None:
    path = write_file(name, content)
    with pytest.raises(ScenarioValidationError) as info:
        import_register(path)
    assert any(message in p.message and p.file == str(path) for p in info.value.problems), (
        info.value
    )


def test_rows_are_numbered_as_in_the_spreadsheet(write_file: WriteFile) -> None:
    path = write_file("r.csv", ",,\n,,\nName,Power\nAna,10\nBo,huge\n")
    with pytest.raises(ScenarioValidationError) as info:
        import_register(path)
    [problem] = info.value.problems
    assert problem.line == 5


def test_ties_without_from_and_to_columns(write_file: WriteFile) -> None:
    register = write_file("people.csv", csv_text([["Name"], ["Ana"], ["Bo"]]))
    ties = write_file("ties.csv", csv_text([["Who", "Whom"], ["Ana", "Bo"]]))
    with pytest.raises(ScenarioValidationError, match="the ties need From and To columns"):
        import_register(register, ties=ties)


def test_headers_with_a_scale_note_are_recognised(write_file: WriteFile) -> None:
    path = write_file(
        "r.csv",
        csv_text([["Name", "Influence (1-5)", "Interest (1-5)"], ["Ana", 5, 5], ["Bo", 1, 3]]),
    )
    s = import_register(path)
    assert [a.capability for a in s.actors] == [5.0, 1.0]
    assert [sal for _, sal in stances(s).values()] == [1.0, 0.5]


# -- through the command line --------------------------------------------------------------------


def test_import_writes_a_scenario_that_validates(write_file: WriteFile, tmp_path: Path) -> None:
    register = write_file("register.csv", csv_text([HEADER_SPELLINGS[1], *ROWS]))
    out = tmp_path / "scenario.yaml"
    result = CliRunner().invoke(
        app, ["import", str(register), "-o", str(out), "--focal", "Ana Ruiz"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"wrote {out}: 4 actors, 0 ties" in result.stderr
    s = load_scenario(out)
    _check_rows(s)
    assert s.focal == "ana_ruiz"
    check = CliRunner().invoke(app, ["validate", str(out)])
    assert check.exit_code == 0


def test_import_to_json_with_json_output(write_file: WriteFile, tmp_path: Path) -> None:
    import json

    register = write_file("register.csv", csv_text([HEADER_SPELLINGS[0], *ROWS]))
    out = tmp_path / "scenario.json"
    result = CliRunner().invoke(app, ["import", str(register), "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["output"] == str(out)
    assert data["counts"] == {"actors": 4, "issues": 1, "positions": 4, "relationships": 0}
    # every header is reported with where it went
    assert [c["column"] for c in data["columns"]] == [h for h in HEADER_SPELLINGS[0] if h]
    assert data["warnings"] == []
    assert isinstance(json.loads(out.read_text()), dict)
    _check_rows(load_scenario(out))


def test_import_refuses_to_overwrite_without_force(write_file: WriteFile, tmp_path: Path) -> None:
    register = write_file("register.csv", csv_text([HEADER_SPELLINGS[0], *ROWS]))
    out = write_file("scenario.yaml", "my precious work\n")
    result = CliRunner().invoke(app, ["import", str(register), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "exists" in result.stderr
    assert "--force" in result.stderr
    assert out.read_text() == "my precious work\n"
    forced = CliRunner().invoke(app, ["import", str(register), "-o", str(out), "--force"])
    assert forced.exit_code == 0, forced.output
    _check_rows(load_scenario(out))


def test_a_bad_register_exits_2_and_writes_nothing(write_file: WriteFile, tmp_path: Path) -> None:
    register = write_file("reg.csv", csv_text([["Name", "Power"], ["Ana", "huge"], ["Bo", -3]]))
    out = tmp_path / "out" / "scenario.yaml"
    out.parent.mkdir()
    result = CliRunner().invoke(app, ["import", str(register), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{register}:2: Power: 'huge'")
    assert lines[1].startswith(f"{register}:3: Power: '-3'")
    assert lines[-1] == "2 problems found."
    assert list(out.parent.iterdir()) == []


def test_a_failed_write_leaves_no_partial_output(
    write_file: WriteFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    register = write_file("register.csv", csv_text([HEADER_SPELLINGS[0], *ROWS]))
    out = tmp_path / "out" / "scenario.yaml"
    out.parent.mkdir()

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write_module.os, "replace", full_disk)
    result = CliRunner().invoke(app, ["import", str(register), "-o", str(out)])
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr
    assert "Traceback" not in result.output
    assert list(out.parent.iterdir()) == []


def test_import_of_an_xlsx_with_a_ties_sheet(tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "reg.xlsx",
        {
            "Register": [["Name", "Power", "Attitude"], ["Ana", 3, "support"], ["Bo", 1, "oppose"]],
            "Ties": [["From", "To", "Type"], ["Ana", "Bo", "rival"]],
        },
    )
    out = tmp_path / "s.yaml"
    result = CliRunner().invoke(app, ["import", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    s = load_scenario(out)
    assert [(t.source, t.target, t.type, t.effective_sign) for t in s.relationships] == [
        ("ana", "bo", "rivalry", -1)
    ]
