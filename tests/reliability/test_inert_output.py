"""Inert output (issue 18, point 5): names from a hostile file act in no output format.

The scenario ``data/hostile-names.yaml`` (written for this test) puts HTML, ``javascript:`` links, Markdown
syntax, a spreadsheet formula and terminal escapes into a title, actor names, an issue name and labels.
The Markdown brief is rendered by a real Markdown library (markdown-it-py, CommonMark with tables and raw
HTML allowed, as permissive renderers are); the spreadsheet exports are read back by openpyxl and ``csv``.
"""

from __future__ import annotations

import csv
import io
import shutil
import warnings
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from coalitionist.cli import app
from coalitionist.io import load_scenario
from coalitionist.io.safe_text import FORMULA_PREFIXES, spreadsheet_safe, spreadsheet_unquote
from coalitionist.scenario import Scenario

HOSTILE = Path(__file__).parent / "data" / "hostile-names.yaml"

#: Tags the Markdown brief may produce: its own structure and the embedded SVG figures.
ALLOWED_TAGS = {
    "h1", "h2", "p", "ul", "li", "em", "strong", "table", "thead", "tbody", "tr", "th", "td", "img", "code",
}  # fmt: skip


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _markdown_html(tmp_path: Path) -> _Collect:
    from markdown_it import MarkdownIt

    scen = tmp_path / "hostile.yaml"
    shutil.copyfile(HOSTILE, scen)
    out = tmp_path / "brief.md"
    result = CliRunner().invoke(app, ["analyze", str(scen), "-f", "markdown", "-o", str(out)])
    assert result.exit_code == 0, result.output
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    parsed = _Collect()
    parsed.feed(md.render(out.read_text(encoding="utf-8")))
    return parsed


def test_the_markdown_brief_renders_no_tag_or_link_from_a_name(tmp_path: Path) -> None:
    parsed = _markdown_html(tmp_path)
    tags = {tag for tag, _ in parsed.tags}
    assert tags <= ALLOWED_TAGS, tags - ALLOWED_TAGS
    assert "a" not in tags  # no link at all: the brief writes none, so any would come from a name
    for tag, attrs in parsed.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            if tag == "img" and name == "src":
                assert (value or "").startswith("data:image/svg+xml;base64,"), value
            assert "javascript:" not in (value or "").lower(), (tag, name, value)
    text = "".join(parsed.text)
    # ... and the names arrive as the text they are
    for literal in (
        "<script>alert('t')</script> [x](javascript:alert(1))",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(2))",
        "# <b>x</b> *em* `c` ![i](javascript:x) <javascript:y>",
    ):
        assert literal in text, literal


@pytest.mark.parametrize(
    "text",
    ["<b>x</b>", "[a](javascript:b)", "*a* _b_ `c`", "# h", "1. n", "12) n", "- l", "+ l", "> q", "a\\b",
     "&amp; &#60;", "x | y ~~z~~", "![i](u)", "<http://x>", "===", "   # indented"],
)  # fmt: skip
def test_md_text_renders_to_exactly_its_text(text: str) -> None:
    from markdown_it import MarkdownIt

    from coalitionist.report.markdown import md_text

    parsed = _Collect()
    parsed.feed(MarkdownIt("commonmark", {"html": True}).enable("table").render(md_text(text)))
    assert [t for t, _ in parsed.tags] == ["p"]
    assert "".join(parsed.text).strip() == text.strip()


def test_figures_draw_control_characters_without_glyph_warnings() -> None:
    from coalitionist.report import make_brief

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing-glyph UserWarning would leave a figure out
        # the file's ESC/BEL are refused by the loader (scenario.validate.CONTROL), so they are put
        # back here past validation: the figures must still draw them as visible escapes
        data = yaml.safe_load(HOSTILE.read_text(encoding="utf-8"))
        data["actors"][2]["name"] = "Bee\x1b[31m\x07 red"
        brief = make_brief(Scenario.model_validate(data))
    svgs = [f.svg for s in brief.sections for f in s.figures]
    assert len(svgs) >= 5
    assert all("\x1b" not in svg and "\x07" not in svg for svg in svgs)
    assert any("\\x1b[31m" in svg for svg in svgs)  # shown as a visible escape, as in the terminal


@pytest.mark.parametrize("fmt", ["register-csv", "ties-csv", "register-xlsx"])
def test_spreadsheet_exports_hold_no_formula(fmt: str) -> None:
    from coalitionist.web.exchange import export

    data = export(load_scenario(HOSTILE), fmt)
    if fmt == "register-xlsx":
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data))
        cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
        assert all(c.data_type != "f" for c in cells)
        values = [c.value for c in cells if isinstance(c.value, str)]
    else:
        values = [v for row in csv.reader(io.StringIO(data.decode())) for v in row]
    assert values
    risky = [v for v in values if v.startswith(FORMULA_PREFIXES) and spreadsheet_safe(v) != v]
    assert risky == []
    if fmt != "ties-csv":
        assert "'=cmd|' /C calc'!A0" in values


@pytest.mark.parametrize("fmt", ["register-csv", "register-xlsx"])
def test_the_register_round_trip_gives_back_every_name(tmp_path: Path, fmt: str) -> None:
    from coalitionist.io.register import import_register
    from coalitionist.web.exchange import export

    scenario = load_scenario(HOSTILE)
    path = tmp_path / ("r.csv" if fmt == "register-csv" else "r.xlsx")
    path.write_bytes(export(scenario, fmt))
    if fmt == "register-csv":
        ties = tmp_path / "t.csv"
        ties.write_bytes(export(scenario, "ties-csv"))
        again = import_register(path, ties=ties)
    else:
        again = import_register(path)
    names = [a.name or "" for a in scenario.actors]
    if fmt == "register-xlsx":  # XML holds no ESC/BEL: the workbook shows them as visible escapes
        names = [n.replace("\x1b", "\\x1b").replace("\x07", "\\x07") for n in names]
    assert [a.name for a in again.actors] == names
    assert len(again.relationships) == len(scenario.relationships)


@pytest.mark.parametrize(
    "value", ["=1+2", "+x", "-x", "@SUM(A1)", "\tx", "\rx", "'t Hooft", "-3.5", "Ana"]
)
def test_spreadsheet_guard_is_undone_exactly(value: str) -> None:
    guarded = spreadsheet_safe(value)
    assert not (guarded.startswith(FORMULA_PREFIXES) and guarded != value)
    assert spreadsheet_unquote(guarded) == value


@pytest.mark.parametrize("command", ["validate", "analyze", "outcome"])
def test_an_error_quoting_a_control_sequence_reaches_the_terminal_inert(
    tmp_path: Path, command: str
) -> None:
    """An unknown key holding an OSC title sequence and a CSI colour is quoted in the located message with
    ESC and BEL made visible, in every command that reads a scenario (validate printed them raw)."""
    bad = tmp_path / "evil.yaml"
    bad.write_text(
        'schema_version: 1\ntitle: t\nactors:\n  - {id: a, name: A, "\\e]0;pwned\\a\\e[31mred": 1}\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, [command, str(bad)])
    assert result.exit_code == 2
    out = result.output
    assert "\x1b" not in out
    assert "\x07" not in out
    assert f"{bad}:4:" in out
    assert "\\x1b]0;pwned\\x07" in out
