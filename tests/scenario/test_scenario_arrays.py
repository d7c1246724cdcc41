"""``scenario.arrays``: the numbers later analyses use, compiled once (issue 2, point 2)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from coalitionist.io import load_scenario
from coalitionist.scenario import Scenario, compile_arrays

# tests/scenario/full-scenario.yaml worked out by hand from the file and the documented rules: words from
# scales (clout.big 80, small 20, care.big 90, some 40), built-in words (support = top of the scale,
# oppose = bottom, very high = 0.9 of salience_scale), point estimates (normal mean 40, beta
# 10 + 50 · 2/5 = 30, triangular mode 30), unstated positions at the status quo (credit's default: its
# low end, −10) with salience 0, saliences divided by salience_scale (100), and the shorthand `bo: {plan: 40}`
# at full salience (docs/scenario-format.md: a position's `salience` defaults to full salience), so 1.
EXPECTED = {
    "capability": [80.0, 40.0, 20.0, 30.0],
    "votes": [2.0, 1.0, 1.0, 1.0],
    "positions": [[100.0, 5.0], [40.0, -10.0], [30.0, -10.0], [0.0, -10.0]],
    "salience": [[0.9, 0.9], [1.0, 0.0], [0.5, 0.0], [0.0, 0.4]],
    "stated": [[True, True], [True, False], [True, False], [False, True]],
    "low": [0.0, -10.0],
    "high": [100.0, 10.0],
    "status_quo": [0.0, -10.0],
}


@pytest.fixture
def full(full_scenario_path: Path) -> Scenario:
    return load_scenario(full_scenario_path)


def test_arrays_hold_the_point_estimates(full: Scenario) -> None:
    a = full.arrays
    assert a.actors == ("ana", "bo", "cy", "di")
    assert a.issues == ("plan", "credit")
    for name, expected in EXPECTED.items():
        got = getattr(a, name)
        want = np.array(expected)
        assert got.shape == want.shape, name
        assert np.array_equal(got, want), name
    assert a.positions.dtype == np.float64
    assert a.stated.dtype == np.bool_
    assert a.scale.tolist() == [[0.0, 100.0], [-10.0, 10.0]]


def test_arrays_are_read_only_and_compiled_once(full: Scenario) -> None:
    a = full.arrays
    assert full.arrays is a
    for name in (
        "capability",
        "votes",
        "positions",
        "salience",
        "stated",
        "low",
        "high",
        "status_quo",
    ):
        array = getattr(a, name)
        assert not array.flags.writeable, name
        with pytest.raises(ValueError, match="read-only"):
            array[0] = array[0]
    with pytest.raises(AttributeError):
        a.positions = np.zeros((4, 2))  # type: ignore[misc]


def test_a_scenario_without_issues_has_empty_position_columns() -> None:
    s = Scenario.from_data({"title": "T", "actors": [{"id": "a"}, {"id": "b", "capability": 3}]})
    assert s.arrays.positions.shape == (2, 0)
    assert s.arrays.salience.shape == (2, 0)
    assert s.arrays.stated.shape == (2, 0)
    assert s.arrays.capability.tolist() == [1.0, 3.0]


def test_draws_are_reproducible_with_a_seed_and_within_range(full: Scenario) -> None:
    first = compile_arrays(full, np.random.default_rng(42))
    again = compile_arrays(full, np.random.default_rng(42))
    other = compile_arrays(full, np.random.default_rng(43))
    for name in ("capability", "positions", "salience"):
        assert np.array_equal(getattr(first, name), getattr(again, name)), name
    # bo's capability (normal, sd 5) and cy's position on plan (triangular on [20, 60]) are uncertain.
    assert first.capability[1] != other.capability[1]
    assert first.positions[2, 0] != other.positions[2, 0]
    for draw in (first, other):
        assert 0.0 <= draw.capability[1] <= 100.0
        assert 20.0 <= draw.positions[2, 0] <= 60.0
        assert 10.0 <= draw.capability[3] <= 60.0
        assert np.all((draw.positions >= draw.low) & (draw.positions <= draw.high))
        assert np.all((draw.salience >= 0.0) & (draw.salience <= 1.0))
        # Plain numbers and words do not vary.
        assert draw.capability[0] == 80.0
        assert draw.capability[2] == 20.0
        assert draw.positions[0].tolist() == [100.0, 5.0]
        assert np.array_equal(draw.stated, full.arrays.stated)
