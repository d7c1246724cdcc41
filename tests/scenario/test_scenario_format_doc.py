"""``docs/scenario-format.md`` stays the reference: every field documented, its examples valid and true."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

import pytest
from pydantic import BaseModel
from typer.testing import CliRunner

from coalitionist.cli import app
from coalitionist.io.register import _HEADERS, _TIE_HEADERS, _TIE_TYPES, ATTITUDES, _key
from coalitionist.scenario import Scenario, Uncertain
from coalitionist.scenario import model as m
from coalitionist.scenario.values import BUILTIN_LEVELS, BUILTIN_STANCES, normalise_word

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "scenario-format.md"
DOC = DOC_PATH.read_text(encoding="utf-8")
#: Everything written `like this` in the document.
CODE = set(re.findall(r"`([^`\n]+)`", DOC))

FORMAT_CLASSES: tuple[type[BaseModel], ...] = (*m.FORMAT_CLASSES, Uncertain)


def _section(title: str) -> str:
    return DOC.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def _table_rows(text: str) -> list[list[str]]:
    lines = [line.strip() for line in text.splitlines()]
    return [
        [c.strip() for c in line.strip("|").split("|")]
        for line in lines
        if line.startswith("|") and not line.startswith("|---")
    ]


@pytest.mark.parametrize("cls", FORMAT_CLASSES, ids=lambda c: c.__name__)
def test_every_field_is_documented(cls: type) -> None:
    fields = set(cls.model_fields)  # type: ignore[attr-defined]
    missing = sorted(f for f in fields if f not in CODE)
    assert not missing, f"{cls.__name__} fields not in docs/scenario-format.md: {missing}"


def test_every_tie_type_rule_kind_and_distribution_is_documented() -> None:
    ties = set(get_args(m.TieType))
    kinds = {
        get_args(c.model_fields["kind"].annotation)[0]
        for c in FORMAT_CLASSES
        if "kind" in c.model_fields and c is not m.Issue
    }
    dists = set(get_args(Uncertain.model_fields["dist"].annotation))
    for name in ties | kinds | dists:
        assert name in CODE, name
    type_rows = {
        r[0].strip("`"): r
        for r in _table_rows(_section("Relationships"))
        if r[0].strip("`") in ties
    }
    assert set(type_rows) == ties
    for name, row in type_rows.items():
        sign, mutual = row[2], row[3]
        assert sign == ("−1" if m.DEFAULT_SIGN[name] < 0 else "+1"), name
        assert mutual == ("yes" if name in m.MUTUAL_BY_DEFAULT else "no"), name


def test_the_builtin_words_are_documented_with_their_numbers() -> None:
    values = _section("Values: numbers, words and uncertain numbers")
    documented: dict[str, float] = {}
    for row in _table_rows(values):
        words = re.findall(r"`([^`]+)`", row[0])
        number = re.match(r"[\d.]+", row[1])
        if words and number:
            for w in words:
                documented[w] = float(number.group())
    for word, share in BUILTIN_STANCES.items():
        assert documented.get(word) == share, word
    for word, level in BUILTIN_LEVELS.items():
        assert documented.get(word) == level, word


def test_the_register_mapping_is_documented() -> None:
    register = _section("Stakeholder registers (CSV and XLSX)")
    shown = {_key(c) for c in re.findall(r"`([^`\n]+)`", register)}
    for table in (_HEADERS, _TIE_HEADERS):
        for field, spellings in table.items():
            missing = [s for s in spellings if s not in shown]
            assert not missing, (field, missing)
    words = {normalise_word(w) for w in re.findall(r"`([^`\n]+)`", register)}
    assert set(ATTITUDES) <= words
    assert set(_TIE_TYPES) <= words
    attitudes: dict[str, float] = {}
    for row in _table_rows(register):
        if re.fullmatch(r"\d+", row[-1]):
            for w in re.findall(r"`([^`]+)`", row[0]):
                attitudes[w] = float(row[-1])
    assert attitudes == {w: float(v) for w, v in ATTITUDES.items()}


def _first_scenario() -> str:
    return _section("A first scenario").split("```yaml\n", 1)[1].split("```", 1)[0]


def test_the_first_scenario_is_valid() -> None:
    import yaml

    s = Scenario.from_data(yaml.safe_load(_first_scenario()))
    assert [a.id for a in s.actors] == ["finance", "unions", "employers"]
    assert s.arrays.positions[:, 0].tolist() == [90.0, 0.0, 60.0]


def test_the_error_example_is_what_validate_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (
        _first_scenario()
        .replace("  employers: {cuts: 60}", "  employer: {cuts: 60}")
        .replace("type: rivalry, weight: 0.5", "type: rivalry, weight: 1.5")
        .replace("via: [employers]", "via: [employer]")
    )
    (tmp_path / "budget.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["validate", "budget.yaml"])
    shown = (
        _section("Errors").split("$ coalitionist validate budget.yaml\n", 1)[1].split("```", 1)[0]
    )
    assert result.exit_code == 2
    assert result.stderr == shown
