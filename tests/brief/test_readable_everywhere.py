"""Readable everywhere (issue 13, point 5): names, never ids, in every sentence and table of every output
format and command, numbers for people and no grammar left from templates.

The full scan (:func:`tests.brief.test_readable.offences` on each line): every bundled example
(``examples/*.yaml``, the same files as ``src/coalitionist/examples/*.yaml``, checked identical below) and
every real case in ``tests/data/*.yaml`` (with the board-veto case of the outcome tests) ×

- the brief, built once per case and rendered as text, Markdown, HTML (tags stripped) and JSON (its
  sentences: every string of three words or more under a key such as ``why``, ``reason``, ``basis``,
  ``reading``, ``sentence``, ``note``, ``explanation``); PDF (through ``pdftotext``) for the three seed
  cases only, to keep the test fast;
- every analysis command (``outcome``, ``power``, ``influence``, ``forecast``, ``trades``,
  ``coalitions``, ``plan``, ``process``, ``sweep --samples 8``, ``validate``; ``forecast --model bdm``) in
  text and in JSON;
- ``validate`` of each case with every capability -1, every stance off its scale, every tie weighted 2
  and every recruitment estimate at p = 2 (each message, after its located prefix, in names);
- ``import`` of the stakeholder register ``tests/data/register-hospital-pilot.csv``, and the brief of the
  scenario it writes.

The inputs section quotes the file's own words (notes, sources) and is left out of the rendered scan; the
user's own text may say anything.

Then the power table: it names actors, never ids, in the ``power`` command's text output and in the brief's
power table in every rendered format; the ids stay in the JSON output's data fields, which are for programs.
"""

from __future__ import annotations

import filecmp
import functools
import html
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.brief.test_readable import offences
from typer.testing import CliRunner

from coalitionist.brief import Brief, make_brief
from coalitionist.cli import app
from coalitionist.examples import example_path
from coalitionist.io import load_scenario
from coalitionist.report import render
from coalitionist.scenario.model import Scenario

ROOT = Path(__file__).parents[2]
TESTS = ROOT / "tests"
CASES = [
    *sorted((ROOT / "examples").glob("*.yaml")),
    *sorted((TESTS / "data").glob("*.yaml")),
    TESTS / "outcome" / "data" / "board-veto.yaml",
]
#: The cases whose PDF is scanned too (pdftotext on each is slow; the renderer is the same for all).
PDF_CASES = ("gulf-war-1990", "russia-china-gas-2014", "clinic-program")
REGISTER = TESTS / "data" / "register-hospital-pilot.csv"
#: JSON keys whose strings are data a program reads (ids, figures, the user's own words), not sentences.
DATA_KEYS = frozenset({"svg", "source", "description", "title", "file", "path", "output"})
COMMANDS: list[list[str]] = [
    ["outcome"],
    ["power"],
    ["influence"],
    ["forecast"],
    ["forecast", "--model", "bdm"],
    ["trades"],
    ["coalitions"],
    ["plan"],
    ["process"],
    ["sweep", "--samples", "8"],
    ["validate"],
]


def _id(path: Path) -> str:
    return path.stem


@functools.cache
def _case(path: Path) -> tuple[Scenario, Brief]:
    scenario = load_scenario(path)
    return scenario, make_brief(scenario)


def sentences_of(obj: Any, key: str = "") -> Iterator[str]:
    """Every string of three words or more in a JSON object (the sentences a reader sees), outside the
    keys in :data:`DATA_KEYS`."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k not in DATA_KEYS:
                yield from sentences_of(v, k)
    elif isinstance(obj, list):
        for v in obj:
            yield from sentences_of(v, key)
    elif isinstance(obj, str) and len(obj.split()) >= 3:
        yield obj


def strip_tags(page: str) -> str:
    """The text of an HTML page, a line per block (figures and scripts left out)."""
    page = re.sub(r"(?s)<(script|style|svg)\b.*?</\1>", "", page)
    page = re.sub(r"<img[^>]*>", "", page)
    page = re.sub(r"<br\s*/?>|</(p|li|tr|h\d|div|caption|table|ul|ol)>", "\n", page)
    page = re.sub(r"</t[dh]>", " | ", page)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def readable_part(text: str) -> str:
    """The output without the inputs section, which quotes the file's own words."""
    return text.split("Inputs and assumptions")[0]


def test_the_bundled_examples_are_the_files_in_examples() -> None:
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        assert filecmp.cmp(path, example_path(path.stem), shallow=False), path


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
@pytest.mark.parametrize("path", CASES, ids=_id)
def test_every_format_of_every_brief_is_readable(path: Path, fmt: str) -> None:
    scenario, brief = _case(path)
    out = render(brief, fmt)
    assert isinstance(out, str)
    if fmt == "json":
        lines = list(sentences_of(json.loads(out)))
        # the inputs section's rows are the user's own words
        data = json.loads(out)
        inputs = set(sentences_of(data["sections"].get("inputs", {})))
        bad = [o for line in lines if line not in inputs for o in offences(line, scenario)]
    else:
        text = readable_part(strip_tags(out) if fmt == "html" else out)
        bad = offences(text, scenario, spaces=False)
    assert not bad, "\n".join(bad[:20])


@pytest.mark.parametrize("name", PDF_CASES)
def test_the_pdf_brief_is_readable(name: str, tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = ROOT / "examples" / f"{name}.yaml"
    scenario, brief = _case(path)
    pdf = tmp_path / "brief.pdf"
    data = render(brief, "pdf")
    assert isinstance(data, bytes)
    pdf.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Does it pass?" in text  # the text layer is there
    # a figure's axis carries tick labels such as "0.0 0.2 0.4": a line of numbers alone is an axis
    lines = [ln for ln in readable_part(text).splitlines() if not re.fullmatch(r"[\d.\s%−-]*", ln)]
    bad = offences("\n".join(lines), scenario, spaces=False)
    assert not bad, "\n".join(bad[:20])


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:3:2]))
@pytest.mark.parametrize("path", CASES, ids=_id)
def test_every_command_on_every_case_is_readable(path: Path, command: list[str]) -> None:
    scenario, _ = _case(path)
    runner = CliRunner()
    text = runner.invoke(app, [*command, str(path)], env={"COLUMNS": "200"})
    as_json = runner.invoke(app, [*command, str(path), "--json"], env={"COLUMNS": "200"})
    # a command that does not apply (no issues, no focal actor) says so, exit 2, in a sentence
    assert text.exit_code in (0, 2), text.output
    assert as_json.exit_code == text.exit_code, as_json.output
    bad = offences(text.stdout + text.stderr, scenario, spaces=False)
    if as_json.exit_code == 0:
        bad += [o for s in sentences_of(json.loads(as_json.stdout)) for o in offences(s, scenario)]
    assert not bad, "\n".join(bad[:20])


#: ``file:line:column: field.path: message`` — the message after the located prefix.
LOCATED = re.compile(r"^.+?:\d+(?::\d+)?: \S+: (?P<message>.*)$")


@pytest.mark.parametrize("path", CASES, ids=_id)
def test_validate_messages_of_every_case_name_actors(path: Path, tmp_path: Path) -> None:
    # Every actor's capability -1, every stance of the case moved off its issue's scale, every tie
    # weighted 2 and every recruitment estimate p = 2: validate locates each with the ids in the field
    # path and says it in names
    scenario, _ = _case(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for actor in data["actors"]:
        actor["capability"] = -1
    bad = len(data["actors"])
    for row in (data.get("positions") or {}).values():
        for issue in row:
            row[issue] = {"position": scenario.issue(issue).scale[1] + 1}
            bad += 1
    for tie in data.get("relationships") or []:
        tie["weight"] = 2
        bad += 1
    for cand in ((data.get("recruitment") or {}).get("actors") or {}).values():
        cand["p"] = 2
        bad += 1
    file = tmp_path / path.name
    file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(file)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert lines[-1] == f"{bad} problems found.", lines[-3:]
    messages = [m["message"] for ln in lines[:-1] if (m := LOCATED.match(ln))]
    assert len(messages) == bad
    # each names whose value it is (an actor's name; the ids are left to the field path)
    names = re.compile("|".join(re.escape(a.label) for a in scenario.actors))
    assert not [m for m in messages if not names.search(m)]
    found = [o for m in messages for o in offences(m, scenario)]
    assert not found, "\n".join(found[:20])


def test_import_and_the_brief_of_an_imported_register_are_readable(tmp_path: Path) -> None:
    out = tmp_path / "pilot.yaml"
    result = CliRunner().invoke(app, ["import", str(REGISTER), "-o", str(out)])
    assert result.exit_code == 0, result.output
    scenario = load_scenario(out)
    # the register's names are the actors' names; their ids (chief_medical_officer, …) are not
    assert [a.label for a in scenario.actors][:2] == ["Chief Medical Officer", "Head of Nursing"]
    assert offences(result.stderr, scenario, spaces=False) == []
    brief = make_brief(scenario)
    for fmt in ("text", "markdown"):
        text = render(brief, fmt)
        assert isinstance(text, str)
        bad = offences(readable_part(text), scenario, spaces=False)
        assert not bad, "\n".join(bad[:20])


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
