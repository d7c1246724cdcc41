"""Fixtures of the report tests: every bundled example's brief, built once per session."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import pytest

from coalitionist.brief import Brief
from coalitionist.examples import example_names, example_path
from coalitionist.io import load_scenario
from coalitionist.report import make_brief
from coalitionist.scenario import Scenario

# The helper module beside these tests (report_svg_geometry) is imported by name.
sys.path.insert(0, str(Path(__file__).parent))

EXAMPLES = tuple(example_names())


@pytest.fixture(scope="session")
def scenarios() -> dict[str, Scenario]:
    """Every bundled example, loaded."""
    return {name: load_scenario(example_path(name)) for name in EXAMPLES}


@pytest.fixture(scope="session")
def briefs(scenarios: dict[str, Scenario]) -> dict[str, Brief]:
    """Every bundled example's brief with figures; a figure left out (FigureWarning) fails the tests."""
    from coalitionist.report.figures import FigureWarning

    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("error", FigureWarning)
        for name, scenario in scenarios.items():
            out[name] = make_brief(scenario)
    return out
