"""Fixtures shared by the whole test suite (keep this file to fixtures every area can use)."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

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


# Property tests explore new random examples on every run locally; CI replays a fixed sequence so that a
# green commit stays green (`CI=true` is set by the CI runner).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


# Skips: the only acceptable reason to skip on a clean machine is a missing optional system tool. The summary
# names each: "skipped: 5 (pango missing)"; any other skip is flagged, and `.ci/run` fails on the flag.
SYSTEM_TOOLS = {
    "chromium": ("chromium", "browser"),
    "pango": ("pango",),
    "postgresql": ("postgresql: no server",),
}
# Optional extras that `make` does not install (a test module for each skips where its package is absent):
# named in the summary as such, and not flagged.
OPTIONAL_EXTRAS = {
    "ray": ("the ray extra",),
}


def _skip_reason(report: pytest.TestReport | pytest.CollectReport) -> str:
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return reason.removeprefix("Skipped: ")


def skip_summary(reasons: list[str]) -> list[str]:
    """One line per kind of skip: ``skipped: N (TOOL missing)`` for a missing optional system tool, else
    ``skipped: N (NOT a missing system tool: REASON)``."""
    counts: Counter[str] = Counter()
    for reason in reasons:
        low = reason.lower()
        tool = next((t for t, words in SYSTEM_TOOLS.items() if any(w in low for w in words)), None)
        extra = next(
            (e for e, words in OPTIONAL_EXTRAS.items() if any(w in low for w in words)), None
        )
        counts[
            f"{tool} missing"
            if tool
            else f"the optional {extra} extra not installed"
            if extra
            else f"NOT a missing system tool: {reason}"
        ] += 1
    return [f"skipped: {n} ({kind})" for kind, n in sorted(counts.items())]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    skipped = [
        r
        for r in terminalreporter.stats.get("skipped", [])
        # a module skipped whole (``pytest.importorskip`` at import) is a CollectReport: counted too
        if isinstance(r, pytest.TestReport | pytest.CollectReport)
    ]
    lines = skip_summary([_skip_reason(r) for r in skipped]) or ["skipped: 0"]
    terminalreporter.section("skips", sep="-")
    for line in lines:
        terminalreporter.write_line(line)
