"""Fixtures shared by the whole test suite (keep this file to fixtures every area can use)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from coalitionist.examples import example_names
from coalitionist.examples import example_path as _bundled_example


@pytest.fixture(params=example_names())
def example_path(request: pytest.FixtureRequest) -> Path:
    """Each bundled example scenario file in turn (the test id is the example's name)."""
    return _bundled_example(str(request.param))


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """``write_file(name, content)`` writes text (UTF-8) or bytes under ``tmp_path``; returns the path."""

    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


@pytest.fixture
def full_scenario_path() -> Path:
    """A made-up scenario that sets every field of the format (``tests/scenario/full-scenario.yaml``)."""
    return Path(__file__).parent / "scenario" / "full-scenario.yaml"
