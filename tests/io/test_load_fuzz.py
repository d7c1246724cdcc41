"""Fuzzing the loader and ``coalitionist validate`` with mutated example files (issue 2, point 4).

Each example (as written, and as dumped to JSON) is mutated at random: lines deleted, duplicated or
swapped, a value replaced by random text, a character changed, the file truncated, random bytes inserted,
anchors and ``*alias`` references inserted. Whatever comes out, loading it must give either a valid
scenario or a :class:`ScenarioValidationError` whose problems all name the file and say something:
never another exception, never a traceback from the command line.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from coalitionist.cli import app
from coalitionist.examples import example_names, example_path
from coalitionist.io import dump_scenario, load_scenario
from coalitionist.scenario import Scenario, ScenarioValidationError


def _sources() -> list[tuple[str, bytes]]:
    out = []
    for name in example_names():
        path = example_path(name)
        out.append((f"{name}.yaml", path.read_bytes()))
        out.append((f"{name}.json", dump_scenario(load_scenario(path), "json").encode()))
    return out


SOURCES = _sources()

Mutation = Callable[[bytes], bytes]
index = st.integers(min_value=0, max_value=10**6)


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def delete_line(i: int) -> Mutation:
    def apply(data: bytes) -> bytes:
        lines = _lines(data)
        del lines[i % len(lines)]
        return b"\n".join(lines)

    return apply


def duplicate_line(i: int) -> Mutation:
    def apply(data: bytes) -> bytes:
        lines = _lines(data)
        k = i % len(lines)
        lines.insert(k, lines[k])
        return b"\n".join(lines)

    return apply


def swap_lines(i: int, j: int) -> Mutation:
    def apply(data: bytes) -> bytes:
        lines = _lines(data)
        a, b = i % len(lines), j % len(lines)
        lines[a], lines[b] = lines[b], lines[a]
        return b"\n".join(lines)

    return apply


def replace_value(i: int, text: str) -> Mutation:
    def apply(data: bytes) -> bytes:
        lines = _lines(data)
        k = i % len(lines)
        key, sep, _ = lines[k].partition(b": ")
        lines[k] = key + sep + text.encode("utf-8", "surrogatepass")
        return b"\n".join(lines)

    return apply


def change_char(i: int, char: str) -> Mutation:
    def apply(data: bytes) -> bytes:
        k = i % max(len(data), 1)
        return data[:k] + char.encode("utf-8", "surrogatepass") + data[k + 1 :]

    return apply


def truncate(i: int) -> Mutation:
    def apply(data: bytes) -> bytes:
        return data[: i % (len(data) + 1)]

    return apply


def insert_bytes(i: int, junk: bytes) -> Mutation:
    def apply(data: bytes) -> bytes:
        k = i % (len(data) + 1)
        return data[:k] + junk + data[k:]

    return apply


def insert_alias(i: int, j: int, name: str, repeat: int) -> Mutation:
    """Put an anchor ``&name`` on one value and ``*name`` references (maybe many) on another."""

    def apply(data: bytes) -> bytes:
        lines = _lines(data)
        a, b = i % len(lines), j % len(lines)
        anchor = name.encode()
        if b": " in lines[a]:
            key, _, value = lines[a].partition(b": ")
            lines[a] = key + b": &" + anchor + b" " + value
        refs = b", ".join([b"*" + anchor] * repeat)
        key, sep, _ = lines[b].partition(b": ")
        lines[b] = key + (sep or b": ") + (b"[" + refs + b"]" if repeat > 1 else refs)
        return b"\n".join(lines)

    return apply


mutations = st.one_of(
    st.builds(delete_line, index),
    st.builds(duplicate_line, index),
    st.builds(swap_lines, index, index),
    st.builds(replace_value, index, st.text(max_size=30)),
    st.builds(
        replace_value,
        index,
        st.sampled_from(
            [
                "",
                "~",
                "[]",
                "{}",
                "-1",
                "1e999",
                ".nan",
                "x: y",
                "[",
                "'",
                "&a",
                "!!str 3",
                "{dist: normal}",
            ]
        ),
    ),
    st.builds(change_char, index, st.characters()),
    st.builds(change_char, index, st.sampled_from(list(":-[]{},&*!|>'\"#%@` \t\n"))),
    st.builds(truncate, index),
    st.builds(insert_bytes, index, st.binary(min_size=1, max_size=12)),
    st.builds(insert_alias, index, index, st.sampled_from(["a", "x1"]), st.integers(1, 12)),
)


def _mutated(source: tuple[str, bytes], steps: list[Mutation]) -> tuple[str, bytes]:
    name, data = source
    for step in steps:
        data = step(data)
    return name, data


cases = st.builds(_mutated, st.sampled_from(SOURCES), st.lists(mutations, min_size=1, max_size=4))


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _write(directory: Path, name: str, data: bytes) -> Path:
    path = directory / name
    path.write_bytes(data)
    return path


def _check_problems(exc: ScenarioValidationError, path: Path, data: bytes) -> None:
    assert exc.problems, "an error without problems"
    # YAML also breaks lines at \r, U+0085, U+2028 and U+2029: count every kind of line break.
    n_lines = len(data.decode("utf-8", "replace").splitlines()) + 1
    for p in exc.problems:
        assert p.file == str(path)
        assert p.message.strip()
        assert p.line is None or 1 <= p.line <= n_lines, str(p)
        assert p.column is None or p.column >= 1, str(p)
        assert str(p).startswith(str(path))
    assert exc.exit_code == 2


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=cases)
def test_the_loader_gives_a_scenario_or_located_problems(
    case: tuple[str, bytes], fuzz_dir: Path
) -> None:
    name, data = case
    path = _write(fuzz_dir, name, data)
    try:
        scenario = load_scenario(path)
    except ScenarioValidationError as exc:
        _check_problems(exc, path, data)
        event(
            "invalid"
        )  # `pytest --hypothesis-show-statistics` shows how often each outcome occurs
    else:
        event("valid")
        assert isinstance(scenario, Scenario)
        # A valid scenario compiles: every word resolves, every reference exists.
        arrays = scenario.arrays
        assert arrays.positions.shape == (len(scenario.actors), len(scenario.issues))
    finally:
        os.unlink(path)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=cases)
def test_validate_exits_0_or_2_without_a_traceback(case: tuple[str, bytes], fuzz_dir: Path) -> None:
    name, data = case
    path = _write(fuzz_dir, name, data)
    try:
        result = CliRunner().invoke(app, ["validate", str(path)])
    finally:
        os.unlink(path)
    assert result.exit_code in (0, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    assert result.stdout == ""
    if result.exit_code == 2:
        assert result.stderr.startswith(str(path))
