"""Writing scenarios back: YAML and JSON round trips lose nothing (issue 2, point 3)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from coalitionist.io import dump_scenario, load_scenario, write_scenario
from coalitionist.io.load import parse_file
from coalitionist.io.yamlpos import parse_json, parse_yaml
from coalitionist.scenario import Scenario
from coalitionist.scenario.validate import CONTROL


def reload(text: str, fmt: str) -> Scenario:
    """Parse dumped text with the project's own parsers and validate it again."""
    data, _, problems = (parse_yaml if fmt == "yaml" else parse_json)(text, f"dumped.{fmt}")
    assert not problems, problems
    return Scenario.from_data(data)


def _leaves(data: Any) -> tuple[list[str], list[str]]:
    """All string values (not keys) and all uncertain values (as canonical JSON) in raw data."""
    strings: list[str] = []
    dists: list[str] = []

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            if "dist" in x:
                dists.append(
                    json.dumps(
                        {k: float(v) if k != "dist" else v for k, v in x.items()}, sort_keys=True
                    )
                )
                return
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        elif isinstance(x, str):
            strings.append(x)

    walk(data)
    return strings, dists


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_every_example_round_trips(example_path: Path, fmt: str) -> None:
    original = load_scenario(example_path)
    text = dump_scenario(original, fmt)  # type: ignore[arg-type]
    again = reload(text, fmt)
    assert again.model_dump() == original.model_dump()
    assert again == original
    # And once more: dumping is stable.
    assert dump_scenario(again, fmt) == text  # type: ignore[arg-type]


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".json"])
def test_write_scenario_then_load_gives_an_equal_scenario(
    full_scenario_path: Path, suffix: str, tmp_path: Path
) -> None:
    original = load_scenario(full_scenario_path)
    target = write_scenario(original, tmp_path / f"out{suffix}")
    assert target == tmp_path / f"out{suffix}"
    text = target.read_text(encoding="utf-8")
    if suffix == ".json":
        assert isinstance(json.loads(text), dict)
    else:
        assert text.startswith("schema_version: 1\n")
    assert load_scenario(target).model_dump() == original.model_dump()


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_words_and_distributions_are_written_as_they_were_given(
    full_scenario_path: Path, fmt: str
) -> None:
    raw, _ = parse_file(full_scenario_path)
    text = dump_scenario(load_scenario(full_scenario_path), fmt)  # type: ignore[arg-type]
    dumped = yaml.safe_load(text) if fmt == "yaml" else json.loads(text)
    raw_strings, raw_dists = _leaves(raw)
    out_strings, out_dists = _leaves(dumped)
    # Every word (and every other string) and every distribution survives, none is turned into a number.
    assert sorted(raw_dists) == sorted(out_dists)
    missing = [s for s in raw_strings if s not in out_strings]
    # Only values the file spelled out although they are the defaults are left out.
    assert sorted(missing) == ["auto", "influence", "substance"]
    ana = dumped["actors"][0]
    assert ana["capability"] == "clout.big"
    assert ana["beliefs"] == {"deal": "high"}
    assert ana["risk_aversion"] == {"dist": "triangular", "low": 0, "mode": 0.5, "high": 1}
    assert dumped["positions"]["ana"]["plan"] == {
        "position": "support",
        "salience": "care.big",
        "note": "Keen.",
    }
    assert dumped["recruitment"]["actors"]["di"]["cost"] == "low"


def test_the_yaml_is_plain_and_readable(full_scenario_path: Path) -> None:
    text = dump_scenario(load_scenario(full_scenario_path))
    assert "!!" not in text  # no Python tags
    assert re.search(r"[&*]id\d+", text) is None  # no anchors or aliases
    assert "capability: clout.big" in text
    assert "votes: 2\n" in text  # whole numbers without a trailing .0


def test_defaults_are_left_out(tmp_path: Path) -> None:
    s = Scenario.from_data({"title": "T", "actors": [{"id": "a"}]})
    assert yaml.safe_load(dump_scenario(s)) == {
        "schema_version": 1,
        "title": "T",
        "actors": [{"id": "a"}],
    }


# Any text but NEL, U+0085 (see the xfail below) and the control characters a scenario refuses
# (coalitionist.scenario.validate.CONTROL: NUL, ESC, C1, …).
text = st.characters(exclude_categories=["Cs"], exclude_characters="\x85").filter(
    lambda c: CONTROL.match(c) is None
)
# Up to the largest magnitude a scenario accepts (scenario.checks.MAX_MAGNITUDE); votes up to 2**53 (the
# largest total weight counted exactly, MAX_TOTAL_WEIGHT).
finite = st.floats(min_value=0, max_value=1e15, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(
    title=st.text(text, min_size=1),
    note=st.text(text),
    name=st.one_of(
        st.none(),
        st.sampled_from(
            ["yes", "no", "null", "~", "true", "1.5", "0x10", "-", "#x", "a: b", " x "]
        ),
    ),
    capability=finite,
    votes=st.integers(0, 2**50).map(lambda n: n / 1000),  # weights in thousandths
    fmt=st.sampled_from(["yaml", "json"]),
)
def test_any_text_and_number_round_trips(
    title: str, note: str, name: str | None, capability: float, votes: float, fmt: str
) -> None:
    s = Scenario.from_data(
        {
            "title": title,
            "actors": [
                {"id": "a", "name": name, "note": note, "capability": capability, "votes": votes}
            ],
        }
    )
    again = reload(dump_scenario(s, fmt), fmt)  # type: ignore[arg-type]
    assert again.model_dump() == s.model_dump()


def test_a_next_line_character_round_trips() -> None:
    s = Scenario.from_data({"title": "T", "actors": [{"id": "a", "note": "\x85"}]})
    assert reload(dump_scenario(s), "yaml").actors[0].note == "\x85"
