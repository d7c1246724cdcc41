"""``coalitionist analyze``, ``validate`` and ``demo`` through the command line (issue 2, point 5)."""

from __future__ import annotations

import html
import importlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coalitionist.brief import make_brief
from coalitionist.cli import app
from coalitionist.errors import AnalysisError
from coalitionist.examples import example_path
from coalitionist.io import load_scenario

WriteFile = Callable[[str, str | bytes], Path]
UNSC = str(example_path("un-security-council"))
BAD = "title: T\nactors:\n  - {id: a}\n  - {id: b, votes: -1}\npositions:\n  c: {}\n"


# -- analyze ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("flags", [["-f", "json"], ["--format", "json"], ["--json"]])
def test_analyze_json_prints_exactly_one_json_object(flags: list[str]) -> None:
    result = CliRunner().invoke(app, ["analyze", UNSC, *flags])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)  # fails on anything before or after the one object
    assert isinstance(data, dict)
    assert data["title"] == "UN Security Council (2025)"
    assert result.stdout.count("\n{") == 0  # one top-level object, not several
    expected = make_brief(load_scenario(UNSC)).to_dict()
    assert set(data) == set(expected)
    assert list(data["sections"]) == list(expected["sections"])


@pytest.mark.parametrize(
    ("fmt", "starts"),
    [("markdown", "# UN Security Council (2025)\n"), ("html", "<!DOCTYPE html>"), ("text", "")],
)
def test_analyze_in_each_text_format(fmt: str, starts: str) -> None:
    result = CliRunner().invoke(app, ["analyze", UNSC, "-f", fmt], terminal_width=100)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(starts)
    assert "UN Security Council (2025)" in result.stdout
    brief = make_brief(load_scenario(UNSC))
    for section in brief.sections:
        assert section.title in result.stdout, section.title
    assert "15 actors" in result.stdout  # from the summary of the scenario


def test_analyze_writes_the_output_file(tmp_path: Path) -> None:
    out = tmp_path / "brief.md"
    result = CliRunner().invoke(app, ["analyze", UNSC, "-f", "markdown", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"wrote {out}" in result.stderr
    assert out.read_text(encoding="utf-8").startswith("# UN Security Council (2025)\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.md"]


def test_analyze_into_a_missing_directory_fails_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "brief.html"
    result = CliRunner().invoke(app, ["analyze", UNSC, "-f", "html", "-o", str(out)])
    assert result.exit_code in (1, 2)
    assert result.stdout == ""
    assert "Traceback" not in result.output
    assert str(out) in result.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_an_existing_output_is_untouched_when_rendering_fails(
    write_file: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = write_file("brief.html", "the previous brief")

    def broken(*args: object, **kwargs: object) -> str:
        raise AnalysisError("the renderer broke")

    # `analyze` imports `render` from the report package when it runs (the CLI starts without it).
    monkeypatch.setattr(importlib.import_module("coalitionist.report"), "render", broken)
    result = CliRunner().invoke(app, ["analyze", UNSC, "-f", "html", "-o", str(out), "--force"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "the renderer broke" in result.stderr
    assert "Traceback" not in result.output
    assert out.read_text() == "the previous brief"
    assert sorted(p.name for p in out.parent.iterdir()) == ["brief.html"]


def test_an_existing_output_is_untouched_when_the_scenario_is_invalid(
    write_file: WriteFile,
) -> None:
    bad = write_file("bad.yaml", BAD)
    out = write_file("brief.html", "the previous brief")
    result = CliRunner().invoke(app, ["analyze", str(bad), "-f", "html", "-o", str(out), "--force"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{bad}:4:13: actors[1].votes:" in result.stderr
    assert out.read_text() == "the previous brief"


@pytest.mark.parametrize("flags", [[], ["--json"], ["-f", "markdown"]])
def test_analyze_of_an_invalid_file_prints_nothing_on_stdout(
    flags: list[str], write_file: WriteFile
) -> None:
    bad = write_file("bad.yaml", BAD)
    result = CliRunner().invoke(app, ["analyze", str(bad), *flags])
    assert result.exit_code == 2
    assert result.stdout == ""
    # the type error and the dangling reference are both reported, at once
    assert result.stderr.splitlines()[-1] == "2 problems found."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "docx"], "--format: 'docx' is not one of text, markdown, html, pdf, json"),
        (["-f", "pdf"], "--format pdf needs --output FILE.pdf"),
    ],
)
def test_analyze_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, ["analyze", UNSC, *args])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr


def test_analyze_of_a_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["analyze", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"{tmp_path / 'nope.yaml'}: no such file")


# -- validate --------------------------------------------------------------------------------------


def test_validate_accepts_every_example() -> None:
    from coalitionist.examples import example_names

    paths = [str(example_path(n)) for n in example_names()]
    result = CliRunner().invoke(app, ["validate", *paths], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert [ln.split(":")[0] for ln in result.stderr.splitlines()] == [f"ok {p}" for p in paths]


def test_validate_reports_every_file_and_fails_if_any_is_bad(write_file: WriteFile) -> None:
    bad = write_file("bad.yaml", BAD)
    result = CliRunner().invoke(app, ["validate", UNSC, str(bad)], terminal_width=200)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"ok {UNSC}: 15 actors")
    assert lines[1] == f"{bad}:4:13: actors[1].votes: Input should be greater than or equal to 0"


def test_validate_json_prints_one_object_with_every_problem(write_file: WriteFile) -> None:
    bad = write_file("bad.yaml", BAD.replace("votes: -1", "votes: 1"))
    result = CliRunner().invoke(app, ["validate", "--json", UNSC, str(bad)])
    assert result.exit_code == 2
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["valid"] is False
    good, wrong = data["files"]
    assert good == {
        "file": UNSC,
        "valid": True,
        "problems": [],
        "counts": {"actors": 15, "issues": 0, "positions": 0, "relationships": 0},
    }
    assert wrong["valid"] is False
    assert wrong["problems"] == [
        {
            "file": str(bad),
            "line": 6,
            "column": 3,
            "path": ["positions", "c"],
            "message": "'c' is not an actor id",
        }
    ]


def test_the_installed_command_reports_bad_input_without_a_traceback(write_file: WriteFile) -> None:
    # The real entry point, in a fresh process: exit status, stdout and stderr as a shell sees them.
    bad = write_file("bad.yaml", BAD)
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    proc = subprocess.run(
        [sys.executable, "-c", "from coalitionist.cli import main; main()", "validate", str(bad)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines() == [
        f"{bad}:4:13: actors[1].votes: Input should be greater than or equal to 0",
        f"{bad}:6:3: positions.c: 'c' is not an actor id",
        "2 problems found.",
    ]


# -- demo ------------------------------------------------------------------------------------------


def test_demo_writes_the_html_brief(tmp_path: Path) -> None:
    out = tmp_path / "tmp" / "brief.html"
    out.parent.mkdir()
    result = CliRunner().invoke(app, ["demo", "-o", str(out)], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"Open {out.resolve()} in a browser" in result.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert page.rstrip().endswith("</html>")
    brief = make_brief(load_scenario(example_path("gulf-war-1990")))
    assert f"<h1>{html.escape(brief.title)}</h1>" in page
    assert f"<title>{html.escape(brief.title)}" in page
    for title in ["Summary", *(s.title for s in brief.sections)]:
        assert f"<h2>{html.escape(title)}</h2>" in page, title
    assert "<script" not in page  # self-contained and static


def test_demo_with_another_example(tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    result = CliRunner().invoke(app, ["demo", "-o", str(out), "--example", "eu-council"])
    assert result.exit_code == 0, result.output
    assert "Council of the EU" in out.read_text(encoding="utf-8")


def test_demo_with_an_unknown_example(tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    result = CliRunner().invoke(app, ["demo", "-o", str(out), "--example", "atlantis"])
    assert result.exit_code == 2
    assert "no bundled example 'atlantis'" in result.stderr
    assert "gulf-war-1990" in result.stderr
    assert not out.exists()


# WeasyPrint may warn about optional system libraries.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_analyze_pdf_writes_a_pdf_or_says_what_is_missing(tmp_path: Path) -> None:
    out = tmp_path / "brief.pdf"
    result = CliRunner().invoke(app, ["analyze", UNSC, "-f", "pdf", "-o", str(out)])
    assert "Traceback" not in result.output
    assert result.stdout == ""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        assert result.exit_code == 2
        assert "PDF output needs WeasyPrint" in result.stderr
        assert not out.exists()
    else:
        assert result.exit_code == 0, result.output
        assert out.read_bytes().startswith(b"%PDF-")
