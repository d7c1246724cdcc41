"""The table of bad inputs (issue 18, point 3): each gets a located message and exit 2, never a traceback.

Each row is an input that once crashed the command line ("internal error", exit 1) or was misreported; the
expected message fragment and position were worked out by hand from the input.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
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


@pytest.mark.parametrize("name", ['"[/b] x [bold]"', '"A\\\\g<0>b\\\\1"'])
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


# -- the second table: every command, every input kind ------------------------------------------------
#
# Each row: files to create (name → bytes, or a builder called with the directory), the command line
# (``{d}`` is the directory), the expected start of the message (``file:line`` or just the file where the
# input has no lines) and a fragment of it. Every row also checks: exit 2, no traceback, no "internal
# error", and that no output file appeared. The expected positions and numbers were worked out by hand
# from the inputs (e.g. 1e19 + 1 in whole numbers; the line where an unclosed quote opens).

TWO = """schema_version: 1
title: T
actors:
  - {{id: a, name: Ay, votes: {va}}}
  - {{id: b, name: Bee, votes: {vb}}}
  - {{id: c, name: Cee, votes: 1.5}}
issues:
  - {{id: x, name: X, scale: {scale}}}
positions:
  a: {{x: {{position: {pa}, salience: 0.5}}}}
  b: {{x: {{position: {pb}, salience: 0.5}}}}
  c: {{x: {{position: 0, salience: 0.5}}}}
"""


def _two(
    va: str = "1", vb: str = "2", scale: str = "[-10, 10]", pa: str = "1", pb: str = "2"
) -> bytes:
    return TWO.format(va=va, vb=vb, scale=scale, pa=pa, pb=pb).encode()


GOOD = _two()

VIA_CYCLE = (
    GOOD
    + b"""focal: a
recruitment:
  actors:
    b: {p: 0.5, via: [c]}
    c: {p: 0.5, via: [b]}
"""
)

MIXED_CYCLE = (
    GOOD
    + b"""focal: a
recruitment:
  actors:
    b: {p: 0.5, via: [c]}
    c: {p: 0.5, prerequisites: [b]}
"""
)

REGISTER = "Name,Influence,Position\nAna,3,support\nBo,2,oppose\nCy,1,neutral\n"


def _xlsx(d: Path, name: str, sheet_xml: Callable[[bytes], bytes] | None = None) -> None:
    """A real workbook (openpyxl), its first sheet's XML rewritten by ``sheet_xml``."""
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    for row in csv.reader(io.StringIO(REGISTER)):
        ws.append([int(c) if c.isdigit() else c for c in row])
    plain = d / "plain.xlsx"
    book.save(plain)
    member = "xl/worksheets/sheet1.xml"
    with (
        zipfile.ZipFile(plain) as zin,
        zipfile.ZipFile(d / name, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == member and sheet_xml is not None:
                data = sheet_xml(data)
            zout.writestr(info, data)
    plain.unlink()


XXE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
)


def _inflating(d: Path) -> None:
    """A workbook whose one extra part inflates from ~130 KB to 130 MiB (zeros compress ~1000:1)."""
    _xlsx(d, "bomb.xlsx")
    with (
        zipfile.ZipFile(d / "bomb.xlsx", "a", zipfile.ZIP_DEFLATED) as z,
        z.open("xl/media/padding.bin", "w") as fh,
    ):
        for _ in range(130):
            fh.write(bytes(2**20))


def _zip_version(d: Path) -> None:
    """A workbook whose zip directory says a part needs zip version 25.5 (found by the atheris fuzzer,
    ``fuzz/targets.py`` register_xlsx: ``zipfile`` raised NotImplementedError, an internal error)."""
    _xlsx(d, "r.xlsx")
    data = bytearray((d / "r.xlsx").read_bytes())
    at = data.find(b"PK\x01\x02")  # the first central-directory entry
    data[at + 6 : at + 8] = (255).to_bytes(2, "little")  # "version needed to extract": 25.5
    (d / "r.xlsx").write_bytes(bytes(data))


Builder = Callable[[Path], None]
ROWS: list[tuple[str, dict[str, bytes | Builder], list[str], str, str]] = [
    # -- numbers the analyses cannot take: refused at validation, located --
    (
        "votes-1e19",
        {"s.yaml": _two(va="1e19")},
        ["power", "{d}/s.yaml"],
        "{d}/s.yaml:4:23",
        "weights total 20,000,000,000,000,000,007 as whole numbers (×2 to make the decimals whole)",
    ),
    (
        "votes-1e19-analyze",
        {"s.yaml": _two(va="1e19")},
        ["analyze", "{d}/s.yaml"],
        "{d}/s.yaml:4:23",
        "2^53",
    ),
    (
        "votes-1e19-validate",
        {"s.yaml": _two(va="1e19")},
        ["validate", "{d}/s.yaml"],
        "{d}/s.yaml:4:23",
        "2^53",
    ),
    (
        "scale-1e308",
        {"s.yaml": _two(scale="[-1e308, 1e308]", pa="1e308", pb="-1e308")},
        ["forecast", "{d}/s.yaml"],
        "{d}/s.yaml:8:22",
        "scale [-1e+308, 1e+308]: its ends must lie within ±1e+15",
    ),
    (
        "position-1e308",
        {"s.yaml": _two(scale="[-1e308, 1e308]", pa="1e308", pb="-1e308")},
        ["analyze", "{d}/s.yaml", "--json"],
        "{d}/s.yaml:8:22",  # the scale first, then each position
        "s.yaml:10:11: positions.a.x.position: position 1e+308 is beyond ±1e+15",
    ),
    # -- seeds --
    (
        "seed-negative",
        {"s.yaml": GOOD},
        ["forecast", "{d}/s.yaml", "--samples", "5", "--seed", "-1"],
        "",
        "--seed",
    ),
    (
        "seed-negative-plan",
        {"s.yaml": GOOD},
        ["outcome", "{d}/s.yaml", "--seed", "-1"],
        "",
        "--seed",
    ),
    ("seed-fraction", {"s.yaml": GOOD}, ["process", "{d}/s.yaml", "--seed", "1.5"], "", "--seed"),
    # -- recruitment graph --
    (
        "via-cycle",
        {"s.yaml": VIA_CYCLE},
        ["validate", "{d}/s.yaml"],
        "{d}/s.yaml:16:",
        "recruitment.actors.b.via: via forms a cycle (Cee → Bee → Cee;",  # names, not ids (issue 13.5)
    ),
    (
        "via-prerequisites-cycle",
        {"s.yaml": MIXED_CYCLE},
        ["plan", "{d}/s.yaml"],
        "{d}/s.yaml:",
        "via and prerequisites form a cycle",
    ),
    # -- CSV registers --
    (
        "csv-cell-over-128k",
        {
            "r.csv": (
                'Name,Influence,Position\nAna,3,support\nBo,2,"' + "x" * 140_000 + '"\n'
            ).encode()
        },
        ["import", "{d}/r.csv", "-o", "{d}/out.yaml"],
        "{d}/r.csv:3: ",
        "a cell longer than 131,072 characters",
    ),
    (
        "csv-unterminated-quote",
        {
            "r.csv": b'Name,Influence,Position\nAna,3,support\nBo,2,"oppose\nCy,1,neutral\nDee,1,neutral\n'
        },
        ["import", "{d}/r.csv", "-o", "{d}/out.yaml"],
        "{d}/r.csv:3: ",
        "never closed",
    ),
    (
        "csv-utf16-bad-cell",  # decoded via its BOM (not "binary"): the bad cell on line 3 is found
        {"r.csv": "Name,Influence,Position\r\nAna,3,support\r\nBo,-2,oppose\r\n".encode("utf-16")},
        ["import", "{d}/r.csv", "-o", "{d}/out.yaml"],
        "{d}/r.csv:3: Influence: ",
        "'-2' is not a positive number",
    ),
    (
        "csv-utf16-truncated",
        {"r.csv": "Name,Influence\nAna,3\n".encode("utf-16")[:-1]},
        ["import", "{d}/r.csv", "-o", "{d}/out.yaml"],
        "{d}/r.csv:2: ",
        "not valid UTF-16-LE text",
    ),
    (
        "csv-bare-cr-bad-cell",  # bare CR line ends are lines: the bad cell is on line 3
        {"r.csv": b"Name,Influence,Position\rAna,3,support\rBo,2,maybe\r"},
        ["import", "{d}/r.csv", "-o", "{d}/out.yaml"],
        "{d}/r.csv:3: Position: ",
        "'maybe' is not a number or an attitude word",
    ),
    # -- XLSX registers --
    (
        "xlsx-corrupt-sheet-xml",
        {"r.xlsx": lambda d: _xlsx(d, "r.xlsx", lambda x: x[: len(x) // 2])},
        ["import", "{d}/r.xlsx", "-o", "{d}/out.yaml"],
        "{d}/r.xlsx: ",
        "its XML is damaged",
    ),
    (
        "xlsx-xxe",
        {
            "r.xlsx": lambda d: _xlsx(
                d, "r.xlsx", lambda x: XXE + x.replace(b"<v>3</v>", b"<v>&e;</v>")
            )
        },
        ["import", "{d}/r.xlsx", "-o", "{d}/out.yaml"],
        "{d}/r.xlsx: ",
        "declares entities (an external-entity or entity-expansion attack",
    ),
    (
        "xlsx-entity-expansion",
        {
            "r.xlsx": lambda d: _xlsx(
                d, "r.xlsx", lambda x: LAUGHS + x.replace(b"<v>3</v>", b"<v>&c;</v>")
            )
        },
        ["import", "{d}/r.xlsx", "-o", "{d}/out.yaml"],
        "{d}/r.xlsx: ",
        "declares entities",
    ),
    (
        "xlsx-inflates-past-128mib",
        {"bomb.xlsx": _inflating},
        ["import", "{d}/bomb.xlsx", "-o", "{d}/out.yaml"],
        "{d}/bomb.xlsx: ",
        "over the limit of 134,217,728 (128 MiB)",
    ),
    (
        "xlsx-not-a-zip",
        {"r.xlsx": b"Name,Influence\nAna,3\n"},
        ["import", "{d}/r.xlsx", "-o", "{d}/out.yaml"],
        "{d}/r.xlsx: ",
        "not a zip archive",
    ),
    (
        "xlsx-zip-version-25.5",  # fuzzer
        {"r.xlsx": _zip_version},
        ["import", "{d}/r.xlsx", "-o", "{d}/out.yaml"],
        "{d}/r.xlsx: ",
        "zip file version 25.5",
    ),
    # -- KTAB --
    (
        "ktab-cell-over-128k",
        {
            "k.csv": b'Scen,desc,1,1\nActor,Description,Power,Pos,Sal\n"'
            + b"x" * 140_000
            + b'",d,10,50,50\n'
        },
        ["forecast", "{d}/k.csv"],
        "{d}/k.csv:3: ",
        "not readable as CSV",
    ),
    (
        "ktab-utf16-bad-number",
        {
            "k.csv": "Scen,desc,1,1\nActor,Description,Power,Pos,Sal\nA,d,ten,50,50\n".encode(
                "utf-16"
            )
        },
        ["forecast", "{d}/k.csv"],
        "{d}/k.csv:3: ",
        "'ten' is not a number",
    ),
]


@pytest.mark.parametrize(
    ("files", "args", "where", "fragment"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS]
)
def test_every_command_locates_bad_input_and_writes_nothing(
    tmp_path: Path,
    files: dict[str, bytes | Builder],
    args: list[str],
    where: str,
    fragment: str,
) -> None:
    for name, content in files.items():
        if callable(content):
            content(tmp_path)
        else:
            (tmp_path / name).write_bytes(content)
    before = sorted(p.name for p in tmp_path.iterdir())
    result = CliRunner().invoke(app, [a.format(d=tmp_path) for a in args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    assert result.stderr.startswith(where.format(d=tmp_path)), result.stderr
    assert fragment in result.stderr, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no output, no temporary file


def test_a_utf16_register_with_a_bare_cr_imports_every_row(tmp_path: Path) -> None:
    """The counterpart of the rows above: valid UTF-16 and bare-CR registers import all their actors."""
    for name, raw in (
        ("u16.csv", REGISTER.replace("\n", "\r\n").encode("utf-16")),
        ("cr.csv", REGISTER.replace("\n", "\r").encode()),
    ):
        path = tmp_path / name
        path.write_bytes(raw)
        out = tmp_path / f"{name}.yaml"
        result = CliRunner().invoke(app, ["import", str(path), "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert [a["name"] for a in yaml.safe_load(out.read_text())["actors"]] == ["Ana", "Bo", "Cy"]


def test_bdm_monte_carlo_runs_on_the_russia_china_example() -> None:
    """Its price issue is on [250, 450]: the sampled BDM once checked positions against [0, 100]."""
    from coalitionist.examples import example_path

    path = example_path("russia-china-gas-2014")
    result = CliRunner().invoke(
        app, ["forecast", str(path), "--model", "bdm", "--samples", "20", "--json"]
    )
    assert result.exit_code == 0, result.output
    mc = json.loads(result.stdout)["monte_carlo"]
    assert (mc["n_samples"], mc["failed"]) == (20, 0)
    price = mc["forecast"]["price"]
    assert 250 <= price["q10"] <= price["median"] <= price["q90"] <= 450, price
    assert 0 <= mc["forecast"]["volume"]["median"] <= 60


def test_an_xlsx_with_more_cells_than_the_limit_is_refused_while_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cell budget (1,000,000; lowered here to 8 so a small file exceeds it): refused, exit 2."""
    from coalitionist.io import register

    _xlsx(tmp_path, "r.xlsx")  # 4 rows × 3 columns = 12 cells
    monkeypatch.setattr(register, "MAX_XLSX_CELLS", 8)
    out = tmp_path / "out.yaml"
    result = CliRunner().invoke(app, ["import", str(tmp_path / "r.xlsx"), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"{tmp_path / 'r.xlsx'}: sheet 'Sheet' declares 12 cells")
    assert not out.exists()
    monkeypatch.setattr(register, "MAX_XLSX_CELLS", 12)
    result = CliRunner().invoke(app, ["import", str(tmp_path / "r.xlsx"), "-o", str(out)])
    assert result.exit_code == 0, result.output


# -- hostile files and strings (session 7): each refused, located, exit 2, nothing written ------------


def _fifo(d: Path, name: str) -> None:
    import os

    os.mkfifo(d / name)


HOSTILE: list[tuple[str, Callable[[Path], None] | None, list[str], str, str]] = [
    # a FIFO once hung validate (open() waits for a writer): refused by os.stat before opening
    ("fifo-yaml", lambda d: _fifo(d, "s.yaml"), ["validate", "{d}/s.yaml"], "{d}/s.yaml: ", "FIFO"),
    ("fifo-ktab", lambda d: _fifo(d, "k.csv"), ["forecast", "{d}/k.csv"], "{d}/k.csv: ", "FIFO"),
    (
        "fifo-csv-register",
        lambda d: _fifo(d, "r.csv"),
        ["import", "{d}/r.csv", "-o", "{d}/out.yaml"],
        "{d}/r.csv: ",
        "FIFO",
    ),
    (
        "fifo-xlsx-register",
        lambda d: _fifo(d, "r.xlsx"),
        ["import", "{d}/r.xlsx", "-o", "{d}/out.yaml"],
        "{d}/r.xlsx: ",
        "FIFO",
    ),
    ("device-zero", None, ["validate", "/dev/zero"], "/dev/zero: ", "is a device"),
    ("device-null", None, ["analyze", "/dev/null"], "/dev/null: ", "is a device"),
    ("directory", None, ["validate", "{d}"], "{d}: ", "is a directory"),
]


@pytest.mark.parametrize(
    ("make", "args", "where", "fragment"), [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE]
)
def test_non_regular_files_are_refused_before_opening(
    tmp_path: Path,
    make: Callable[[Path], None] | None,
    args: list[str],
    where: str,
    fragment: str,
) -> None:
    import subprocess
    import sys

    if make is not None:
        make(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    # a subprocess with a timeout: a regression (a blocking open) fails the test instead of hanging it
    result = subprocess.run(
        [sys.executable, "-m", "coalitionist", *[a.format(d=tmp_path) for a in args]],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(where.format(d=tmp_path)), result.stderr
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before


JSON_NUL = (
    '{"schema_version": 1, "title": "T",\n'
    ' "actors": [{"id": "a", "name": "A\\u0000x", "votes": 1}, {"id": "b", "name": "B", "votes": 2}],\n'
    ' "decision": {"kind": "weighted", "quota": 2}}\n'
)


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("nul.json", JSON_NUL, ":2:25: actors[0].name: control character U+0000"),
        (
            "esc.json",
            JSON_NUL.replace("\\u0000", "\\u001b]0;pwned\\u0007"),
            ":2:25: actors[0].name: control character U+001B",
        ),
        (
            "csi.json",
            JSON_NUL.replace("\\u0000", "\\u009b"),
            ":2:25: actors[0].name: control character U+009B",
        ),
        (
            "esc.yaml",
            _base(name='"Ana\\e]0;pwned\\a"'),
            ":4:13: actors[0].name: control character U+001B",
        ),
    ],
)
@pytest.mark.parametrize("command", ["validate", "analyze"])
def test_control_characters_in_strings_are_refused_where_they_are(
    tmp_path: Path, name: str, text: str, where: str, command: str
) -> None:
    """Escaped control characters (JSON ``\\u0000``, YAML ``\\e``) once reached the Markdown brief as
    raw NUL and ESC bytes; each is refused at its field, exit 2, nothing written."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "brief.md"
    args = [command, str(path)] + (
        ["-f", "markdown", "-o", str(out)] if command == "analyze" else []
    )
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"{path}{where}"), result.stderr
    assert "\x00" not in result.output
    assert "\x1b" not in result.output
    assert not out.exists()


def test_tabs_newlines_and_carriage_returns_are_kept() -> None:
    from coalitionist.scenario.validate import control_problems

    assert control_problems({"title": "a\tb\r\nc\u0085d", "actors": [{"name": "x"}]}) == []
    assert [str(p) for p in control_problems({"k": ["ok", {"n": "a\x7fb"}]})] == [
        "<data>: k[1].n: control character U+007F (invisible, or acting on a terminal); remove it"
    ]


def test_a_register_cell_with_a_control_character_is_located_by_line_and_column(
    tmp_path: Path,
) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(b"Name,Influence,Position\nAna,3,support\nB\x01o,2,oppose\n")
    out = tmp_path / "out.yaml"
    result = CliRunner().invoke(app, ["import", str(path), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"{path}:3: Name: control character U+0001")
    assert not out.exists()


def test_a_register_with_a_million_rows_is_refused_while_reading(tmp_path: Path) -> None:
    """10^6 one-letter rows (4 MB, under the 10 MiB file limit) took 112 s of CPU and 2.9 GB before the
    row cap; now the reader stops at the first row past MAX_REGISTER_ROWS and names its line."""
    import resource
    import time

    from coalitionist.io.register import MAX_REGISTER_ROWS

    path = tmp_path / "big.csv"
    path.write_text("Name,Influence\n" + "x,1\n" * 1_000_000)
    out = tmp_path / "out.yaml"
    start = time.process_time()
    result = CliRunner().invoke(app, ["import", str(path), "-o", str(out)])
    cpu = time.process_time() - start
    assert result.exit_code == 2, result.output
    # the header is line 1, data rows start on line 2: the first row over the cap is on line cap + 2
    assert result.stderr.startswith(f"{path}:{MAX_REGISTER_ROWS + 2}: more than 50,000 rows")
    assert not out.exists()
    assert cpu < 20, cpu
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 2 * 2**20  # KB: under 2 GB


def test_a_register_at_the_row_cap_imports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from coalitionist.io import register

    monkeypatch.setattr(register, "MAX_REGISTER_ROWS", 3)
    path = tmp_path / "r.csv"
    path.write_text(REGISTER)  # 3 data rows: at the cap
    out = tmp_path / "out.yaml"
    assert CliRunner().invoke(app, ["import", str(path), "-o", str(out)]).exit_code == 0
    path.write_text(REGISTER + "Dee,1,neutral\n")
    result = CliRunner().invoke(app, ["import", str(path), "-o", str(tmp_path / "o2.yaml")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:5: more than 3 rows")
